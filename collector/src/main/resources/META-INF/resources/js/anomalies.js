// Anomalies panel: functions (and the group's CPU) that left their baseline, with useful / dismiss feedback.
import { api, query } from './api.js';
import { el, clear, fmtPercent, fmtTime } from './dom.js';

/** The subject of the group's CPU anomaly, which is no function of the flame graph. */
export const GROUP_CPU = '[group cpu]';

/** The anomalies of a range, fetched once per page: the verdict and this panel share the answer. */
export function loadAnomalies(base, range) {
  return api.get(base + '/anomalies' + query(range));
}

/** An anomaly's expected or observed value: cores for the group's CPU, a share for a function. */
export function anomalyValue(a, v) {
  return a.function === GROUP_CPU ? v.toFixed(2) + ' cores' : fmtPercent(v);
}

export async function anomaliesPanel(body, { base, anomalies }) {
  const data = await anomalies;
  const message = el('p', { id: 'anomaly-message' });
  const header = el('p', { class: 'muted' }, `${data.windows} windows of ${data.windowSeconds / 60} min compared against their baseline.`);
  if (!data.anomalies.length) {
    clear(body).append(header, el('p', { id: 'no-anomalies' }, 'No anomaly in this range.'));
    return;
  }
  const feedback = async (a, useful, row) => {
    try {
      await api.post(base + '/anomalies/' + encodeURIComponent(a.id) + '/feedback', { useful });
      row.classList.add(useful ? 'useful' : 'dismissed');
      for (const b of row.querySelectorAll('button')) b.disabled = true;
      row.cells[row.cells.length - 1].append(el('span', { class: 'muted' }, useful ? ' marked useful' : ' dismissed'));
      message.className = 'ok';
      message.textContent = useful ? 'Thanks: marked as useful.' : 'Dismissed: this cause is no longer reported.';
    } catch (e) {
      message.className = 'error';
      message.textContent = e.message;
    }
  };
  const table = el('table', { class: 'grid', id: 'anomalies' },
    el('thead', {}, el('tr', {}, ['Function', 'Change', 'Expected', 'Observed', 'Since', 'Severity', 'Version', ''].map((h) => el('th', {}, h)))),
    el('tbody', {}, data.anomalies.map((a) => {
      const row = el('tr', { 'data-function': a.function },
        el('td', {}, a.function, a.endpoint ? el('div', { class: 'muted endpoint' }, 'mostly in ' + a.endpoint.value) : null),
        el('td', {}, a.direction === 'UP' ? '▲ up' : '▼ down'),
        el('td', { class: 'num' }, anomalyValue(a, a.expected)),
        el('td', { class: 'num' }, anomalyValue(a, a.observed)),
        el('td', {}, fmtTime(a.since)),
        el('td', {}, a.severity),
        el('td', {}, a.version || '–'),
        el('td', {}));
      row.cells[7].append(
        el('button', { class: 'useful-btn', onclick: () => feedback(a, true, row) }, 'Useful'), ' ',
        el('button', { class: 'dismiss-btn', onclick: () => feedback(a, false, row) }, 'Dismiss'));
      return row;
    })));
  clear(body).append(header, message, table);
}

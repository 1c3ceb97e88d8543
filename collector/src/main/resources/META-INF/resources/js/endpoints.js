// "CPU by endpoint": the range's samples broken down by the endpoint label (GET /api/v1/groups/{g}/breakdown), each
// endpoint's share and, for cpu, what its CPU costs per month. Clicking an endpoint filters the whole page by it
// (label=endpoint:<value> in the URL); the active filter is shown with a way to clear it.
import { api, query } from './api.js';
import { el, clear, fmtPercent, fmtValue } from './dom.js';

export const ENDPOINT = 'endpoint';
const SHOWN = 5;

/** The label parameter values of the page without those of {@code key}. */
export function withoutKey(labels, key) {
  return labels.filter((l) => !l.startsWith(key + ':'));
}

/** The values of {@code key} the page is filtered by. */
export function valuesOf(labels, key) {
  return labels.filter((l) => l.startsWith(key + ':')).map((l) => l.substring(key.length + 1));
}

/** The active label filter with a button that clears it, or null when the page is not filtered by labels. */
export function labelFilterNote(labels, clearLabels, id) {
  if (!labels.length) return null;
  return el('span', { id, class: 'label-filter' },
    'filtered by ', labels.map((l) => el('code', {}, l.replace(':', ' = '))), ' ',
    el('button', { id: id + '-clear', onclick: clearLabels }, '✕ clear'));
}

/**
 * The panel, filled when the breakdown arrives. {@code state.label} is the page's label filter; the breakdown is
 * asked without its endpoint conditions, so every endpoint stays listed and the chosen one is marked.
 */
export function endpointsCard(base, range, state, update) {
  const labels = state.label;
  const chosen = valuesOf(labels, ENDPOINT);
  const body = el('div', { id: 'endpoints-body' }, el('span', { class: 'muted' }, 'loading…'));
  const title = state.type === 'cpu' ? 'CPU by endpoint' : `${state.type} by endpoint`;
  const card = el('section', { class: 'card endpoints', id: 'endpoints' },
    el('div', { class: 'endpoints-head' }, el('h2', {}, title),
      labelFilterNote(valuesOf(labels, ENDPOINT).map((v) => ENDPOINT + ':' + v), () => update({ label: withoutKey(labels, ENDPOINT) }), 'endpoint-filter')), body);
  api.get(base + '/breakdown' + query({ ...range, label: withoutKey(labels, ENDPOINT), key: ENDPOINT, limit: 20 }))
    .then((data) => fill(body, data, state, chosen, (value) => update({ label: [...withoutKey(labels, ENDPOINT), ENDPOINT + ':' + value] })))
    .catch((e) => { clear(body).append(el('span', { class: 'error' }, 'breakdown: ' + e.message)); });
  return card;
}

function fill(body, data, state, chosen, choose) {
  if (!data.entries.length) {
    clear(body).append(el('span', { class: 'muted', id: 'no-endpoints' },
      'No endpoint labels in this range: the agent labels samples by endpoint where it instruments the server (docs/agent.md).'));
    return;
  }
  const priced = data.type === 'cpu' && data.cores > 0;
  const row = (e, name, cls, onclick) => el('tr', { class: cls || '', 'data-endpoint': e.value || '' },
    el('td', {}, onclick ? el('a', { href: '#', onclick: (ev) => { ev.preventDefault(); onclick(); } }, name) : name),
    el('td', { class: 'num' }, fmtPercent(e.share)),
    el('td', { class: 'num' }, fmtValue(e.total, data.type)),
    priced ? el('td', { class: 'num cost' }, `$${e.costPerMonth.toFixed(2)}/month`) : null);
  const rows = [];
  const shown = data.entries.slice(0, SHOWN);
  for (const e of shown) rows.push(row(e, e.value, chosen.includes(e.value) ? 'on' : '', () => choose(e.value)));
  const hidden = data.entries.slice(SHOWN);
  const restTotal = hidden.reduce((s, e) => s + e.total, 0) + (data.rest ? data.rest.total : 0);
  if (restTotal > 0) {
    const restCount = hidden.length + (data.rest ? data.rest.values : 0);
    const share = data.total ? restTotal / data.total : 0;
    const cost = hidden.reduce((s, e) => s + e.costPerMonth, 0) + (data.rest ? data.rest.costPerMonth : 0);
    rows.push(row({ share, total: restTotal, costPerMonth: cost }, `${restCount} more endpoints`, 'muted'));
  }
  if (data.without.total > 0) rows.push(row(data.without, 'no endpoint label', 'muted'));
  for (const f of data.folded) rows.push(row(f, `label_set=${f.value} (folded by the agent)`, 'muted'));
  clear(body).append(el('table', { class: 'grid compact', id: 'endpoints-table' }, el('tbody', {}, rows)));
}

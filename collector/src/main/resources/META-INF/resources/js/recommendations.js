// Recommendations panel: the rule catalogue's findings for the range; clicking one highlights its evidence stacks.
import { api, query } from './api.js';
import { el, clear, fmtPercent, fmtValue } from './dom.js';

/** The findings of a range, fetched once per page: the verdict and this panel share the answer. */
export function loadRecommendations(base, range) {
  // The recommendations API takes no version filter (the panel says so).
  const { version, ...unversioned } = range;
  return api.get(base + '/recommendations' + query(unversioned));
}

/**
 * Highlights a finding's evidence stacks in the flame graph and scrolls its box to them; returns what was found.
 * Evidence on JVM threads (GC pressure) is hidden by the application-threads filter: then all threads are shown.
 */
export function highlightFinding(flame, finding, type) {
  const highlight = () => flame.highlightStacks(finding.evidence.map((e) => e.framesRootFirst),
    finding.evidence[0] && finding.evidence[0].targetFrame);
  let r = highlight();
  if (r.stacks === 0 && flame.threads !== 'all') {
    flame.setThreads('all');
    r = highlight();
  }
  const y = flame.firstMatchedY();
  if (y >= 0) flame.canvas.parentElement.scrollTop = Math.max(0, y - 36);
  return `${finding.title}: ${r.stacks} of ${finding.evidence.length} evidence stacks highlighted, `
    + `${fmtValue(r.weight, type)} = ${fmtPercent(r.share)} of the flame graph`;
}

export async function recommendationsPanel(body, { range, flame, type, recommendations }) {
  const data = await recommendations;
  const info = el('p', { id: 'rec-info', class: 'muted' }, 'Click a finding to highlight its evidence stacks in the flame graph.');
  const summary = el('p', { class: 'muted' }, data.cores > 0
    ? `Priced at ${data.cores.toFixed(2)} observed cores (${data.coresFrom}) and $${data.pricePerVcpuHour}/vCPU-hour.`
    : 'No CPU use known for this range: savings are not priced.',
    range.version ? ' Findings cover every version, not only ' + range.version + '.' : '');
  if (!data.findings.length) {
    clear(body).append(summary, el('p', { id: 'no-findings' }, 'No recommendation: no catalogued pattern reaches its threshold in this range.'));
    return;
  }
  const list = el('div', { id: 'findings' });
  for (const f of data.findings) {
    const item = el('article', { class: 'finding', 'data-rule': f.ruleId, tabindex: 0 },
      el('h3', {}, f.title, ' ', el('small', { class: 'muted' }, f.ruleId)),
      el('div', { class: 'finding-numbers' },
        el('span', {}, fmtPercent(f.share) + ' of samples'),
        el('span', {}, f.coreHoursPerMonth.toFixed(1) + ' core-hours/month'),
        el('span', {}, '$' + f.costPerMonth.toFixed(2) + '/month')),
      f.userFrame ? el('p', {}, 'Where to change: ', el('code', {}, f.userFrame)) : null,
      f.endpoint ? el('p', { class: 'endpoint' }, 'Endpoint: ', el('code', {}, f.endpoint.value),
        ` holds ${fmtPercent(f.endpoint.share)} of its evidence samples`) : null,
      el('p', { class: 'muted' }, f.whyItCosts),
      el('ol', {}, f.resolution.map((step) => el('li', {}, step))),
      el('p', { class: 'muted' }, `${f.evidence.length} evidence stacks`));
    const select = () => {
      for (const other of list.children) other.classList.toggle('on', other === item);
      info.className = '';
      info.textContent = highlightFinding(flame, f, type);
    };
    item.addEventListener('click', select);
    item.addEventListener('keydown', (e) => { if (e.key === 'Enter') select(); });
    list.append(item);
  }
  clear(body).append(summary, info, list);
}

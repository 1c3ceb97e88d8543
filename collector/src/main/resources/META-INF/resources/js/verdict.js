// The verdict at the top of a group's page, one screen that answers "what should I change?": what the CPU costs per
// month, the top findings with their savings (a click shows their stacks in the flame graph) and the open anomalies.
import { el, clear, fmtPercent, fmtTime } from './dom.js';
import { anomalyValue, GROUP_CPU } from './anomalies.js';

const TOP_FINDINGS = 3;
const TOP_ANOMALIES = 3;

/**
 * The verdict card, filled as the shared answers arrive. {@code showFinding(finding)} highlights a finding in the
 * flame graph and returns the sentence to show, {@code showAnomaly(anomaly)} does the same for an anomalous function;
 * {@code openTab(name)} opens a panel below the flame graph. {@code flameLoaded} resolves to the flame graph once it
 * holds the range's tree: then the anomalies say which of them run in JVM threads only (JIT compiler, GC), which
 * the default thread filter hides, and list the application threads' first.
 */
export function verdictCard({ recommendations, anomalies, flameLoaded, showFinding, showAnomaly, openTab }) {
  const cpu = el('div', { id: 'verdict-cpu', class: 'verdict-cpu' }, 'CPU use: loading…');
  const open = el('div', { id: 'verdict-anomalies' }, 'Anomalies: loading…');
  const findings = el('ol', { id: 'verdict-findings', class: 'verdict-list' });
  const howTo = el('p', { id: 'verdict-how-to', class: 'muted' });
  const info = el('p', { id: 'verdict-info', class: 'muted' });
  recommendations.then((data) => {
    clear(cpu).append(...cost(data));
    fillFindings(findings, howTo, data, info, showFinding, openTab);
  }).catch((e) => {
    cpu.className = 'error';
    cpu.textContent = 'recommendations: ' + e.message;
  });
  const anomaliesShown = anomalies.then((data) => {
    fillAnomalies(open, data, null, info, showAnomaly, openTab);
    return data;
  });
  anomaliesShown.catch((e) => {
    open.className = 'error';
    open.textContent = 'anomalies: ' + e.message;
  });
  // Without a tree (compare mode, a failed load) the list stays as first drawn.
  Promise.all([anomaliesShown, flameLoaded])
    .then(([data, graph]) => fillAnomalies(open, data, graph, info, showAnomaly, openTab))
    .catch(() => {});
  return el('section', { class: 'card verdict', id: 'verdict' },
    el('div', { class: 'verdict-top' }, cpu, open), findings, howTo, info);
}

function cost(data) {
  if (!(data.cores > 0)) return ['No CPU use known for this range: costs are not priced.'];
  return [el('b', {}, `${data.cores.toFixed(2)} cores`), ' of CPU used (', data.coresFrom, ') = ',
    el('b', {}, `$${data.cpuCostPerMonth.toFixed(2)}/month`), ` at $${data.pricePerVcpuHour}/vCPU-hour`];
}

function fillFindings(list, howTo, data, info, showFinding, openTab) {
  if (!data.findings.length) {
    list.append(el('li', { class: 'muted' }, 'No known waste: no catalogued pattern reaches its threshold in this range.'));
    return;
  }
  for (const f of data.findings.slice(0, TOP_FINDINGS)) {
    const item = el('li', { class: 'verdict-finding', 'data-rule': f.ruleId, tabindex: 0 },
      el('b', { class: 'saving' }, `save $${f.costPerMonth.toFixed(2)}/month`), ' ',
      el('span', {}, f.title), ' ',
      el('span', { class: 'muted' }, `${fmtPercent(f.share)} of samples`),
      f.userFrame ? el('span', {}, ' · change ', el('code', {}, f.userFrame)) : null,
      f.endpoint ? el('span', { class: 'endpoint' }, ' · mostly in ', el('code', {}, f.endpoint.value)) : null);
    const select = () => {
      for (const other of list.children) other.classList.toggle('on', other === item);
      info.className = '';
      info.textContent = showFinding(f);
    };
    item.addEventListener('click', select);
    item.addEventListener('keydown', (e) => { if (e.key === 'Enter') select(); });
    list.append(item);
  }
  const more = data.findings.length - TOP_FINDINGS;
  // Below the numbered findings, not one of them.
  howTo.append(more > 0 ? `${more} more, and how to fix each: ` : 'How to fix each: ',
    el('a', { href: '#', onclick: (e) => { e.preventDefault(); openTab('recommendations'); } }, 'Recommendations'));
}

function fillAnomalies(target, data, graph, info, showAnomaly, openTab) {
  const list = data.anomalies;
  if (!list.length) {
    clear(target).append(el('span', { class: 'muted' }, 'No open anomaly in this range.'));
    return;
  }
  const threadsOf = (a) => (graph && a.function !== GROUP_CPU ? graph.threadsOf(a.function) : null);
  // Application threads' anomalies first (what a user can change), the JVM's own after them; stable otherwise.
  const ordered = list.map((a, i) => ({ a, i, threads: threadsOf(a) }))
    .sort((x, y) => (x.threads === 'jvm') - (y.threads === 'jvm') || x.i - y.i);
  const jvmOnly = ordered.filter((o) => o.threads === 'jvm').length;
  const item = ({ a, threads }) => {
    const li = el('li', { 'data-function': a.function, 'data-threads': threads || '', class: threads === 'jvm' ? 'jvm' : '' },
      `${a.direction === 'UP' ? '▲' : '▼'} ${a.function} ${anomalyValue(a, a.expected)} → ${anomalyValue(a, a.observed)}`
        + ` since ${fmtTime(a.since)} (${a.severity})` + (a.endpoint ? `, mostly in ${a.endpoint.value}` : ''),
      threads === 'jvm' ? el('span', { class: 'muted' }, ' · JVM threads') : null);
    if (threads) {
      li.tabIndex = 0;
      const select = () => {
        info.className = '';
        info.textContent = showAnomaly(a, threads);
      };
      li.addEventListener('click', select);
      li.addEventListener('keydown', (e) => { if (e.key === 'Enter') select(); });
    }
    return li;
  };
  clear(target).append(
    el('a', { href: '#', onclick: (e) => { e.preventDefault(); openTab('anomalies'); } },
      `${list.length} open ${list.length === 1 ? 'anomaly' : 'anomalies'}`),
    jvmOnly ? el('span', { id: 'verdict-anomalies-jvm', class: 'muted' }, ` (${jvmOnly} in JVM threads: JIT compiler, GC, VM)`) : null,
    ':',
    el('ul', { class: 'verdict-anomalies' }, ordered.slice(0, TOP_ANOMALIES).map(item)));
}

// Hotpath web UI: a hash router over two pages (groups, group view); all view state lives in the URL.
// Panels of the group view live in their own modules (verdict, recommendations, anomalies, heap); the flame graph
// renderer (flame.js) is the analyzer's, served from its jar.
import { api, query, token, signIn, signOut, ApiError } from './api.js';
import { el, clear, fmtNumber, fmtPercent, fmtValue, fmtTime } from './dom.js';
import { FlameGraph, KIND_LABELS, THREADS, defaultThreads, threadFilter } from './flame.js';
import { Timeline } from './timeline.js';
import { verdictCard } from './verdict.js';
import { loadRecommendations, highlightFinding, recommendationsPanel } from './recommendations.js';
import { loadAnomalies, anomaliesPanel } from './anomalies.js';
import { heapPanel } from './heap.js';
import { endpointsCard, labelFilterNote } from './endpoints.js';

const main = document.getElementById('main');
const crumbs = document.getElementById('crumbs');
const tooltip = document.getElementById('tooltip');
const PRESETS = ['-15m', '-1h', '-6h', '-24h', '-7d'];
const TYPES = ['cpu', 'wall', 'alloc', 'lock'];
const VIEWS = { cpu: 'CPU (runnable, blocked, native)', latency: 'Latency (all but idle)', all: 'All states' };
const PRICE_KEY = 'hotpath.pricePerVcpuHour';

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, qs] = hash.split('?');
  const params = new URLSearchParams(qs || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  document.getElementById('signout').hidden = !token();
  if (!token()) return signInPage();
  if (parts[0] === 'groups' && parts[1]) return groupPage(parts[1], params);
  return groupsPage();
}

function go(path, params) {
  const qs = params ? params.toString() : '';
  location.hash = '#' + path + (qs ? '?' + qs : '');
}

function failure(error) {
  if (error instanceof ApiError && error.status === 401) {
    signOut();
    return signInPage('That token was not accepted.');
  }
  clear(main).append(el('p', { class: 'error' }, String(error.message || error)));
}

function signInPage(message) {
  clear(crumbs);
  const input = el('input', { type: 'password', id: 'token', placeholder: 'admin or read token', size: 40, autocomplete: 'off' });
  clear(main).append(el('section', { class: 'card narrow' },
    el('h1', {}, 'Sign in'),
    el('p', { class: 'muted' }, 'Paste the collector\'s admin token (printed at its first start, or HOTPATH_ADMIN_TOKEN) or a read-only token, which can look at everything but change nothing. It is kept in this browser\'s local storage until you sign out.'),
    message ? el('p', { class: 'error' }, message) : null,
    el('form', { onsubmit: (e) => { e.preventDefault(); signIn(input.value); route(); } },
      input, ' ', el('button', { type: 'submit', id: 'signin' }, 'Sign in'))));
  input.focus();
}

// ---------------------------------------------------------------- groups page

async function groupsPage() {
  clear(crumbs).append(el('span', {}, 'Profiling groups'));
  const created = el('div', { id: 'created' });
  const name = el('input', { id: 'new-group', placeholder: 'new group name', pattern: '[A-Za-z0-9][A-Za-z0-9._-]{0,99}', required: true });
  const form = el('form', { class: 'inline', onsubmit: (e) => {
    e.preventDefault();
    createGroup(name.value, created).catch((err) => {
      if (err instanceof ApiError && err.status === 401) return failure(err);
      clear(created).append(el('p', { class: 'error', id: 'create-error' }, err.message));
    });
  } },
    name, ' ', el('button', { type: 'submit' }, 'Create group'));
  const table = el('table', { id: 'groups', class: 'grid' },
    el('thead', {}, el('tr', {}, ['Group', 'Instances', 'Last report', 'CPU use (last hour)', 'Agent overhead', 'Engine', 'Profiling']
      .map(h => el('th', {}, h)))),
    el('tbody'));
  clear(main).append(el('section', { class: 'card' }, el('h1', {}, 'Profiling groups'), form, created, table));
  try {
    const groups = await api.get('/groups');
    const body = table.tBodies[0];
    if (!groups.length) body.append(el('tr', {}, el('td', { colspan: 7, class: 'muted' }, 'No groups yet: create one and start an agent with its token.')));
    for (const g of groups) {
      const row = el('tr', { 'data-group': g.name },
        el('td', {}, el('a', { href: '#/groups/' + encodeURIComponent(g.name) }, g.name)),
        el('td', {}, '…'), el('td', {}, '…'), el('td', { class: 'num' }, '…'), el('td', { class: 'num' }, '…'), el('td', {}, '…'),
        el('td', {}, g.settings && g.settings.profilingEnabled === false ? 'off' : 'on'));
      body.append(row);
      const group = '/groups/' + encodeURIComponent(g.name);
      api.get(group + '/instances' + query({ from: '-24h' })).then((instances) => {
        const cells = row.cells;
        cells[1].textContent = instances.length;
        const last = instances.reduce((m, i) => (i.lastSeen > m ? i.lastSeen : m), '');
        cells[2].textContent = last ? fmtTime(last) : 'never';
        const agentCpu = instances.reduce((s, i) => s + (i.agentCpuTimeNanos || 0), 0);
        const processCpu = instances.reduce((s, i) => s + (i.processCpuTimeNanos || 0), 0);
        cells[4].textContent = !instances.length ? '–'
          : fmtValue(agentCpu, 'cpu') + ' CPU' + (processCpu > 0 ? ` = ${fmtPercent(agentCpu / processCpu)} of the process` : '');
        cells[5].textContent = [...new Set(instances.map(i => i.engine))].join(', ') || '–';
      }).catch(() => { row.cells[1].textContent = '?'; });
      api.get(group + '/timeline' + query({ from: '-1h' })).then((t) => {
        // Each instance's most recent step, summed: what the group uses now rather than an hour's average.
        const cores = t.timeline.instances.reduce((s, i) => s + (i.points.length ? i.points[i.points.length - 1].cores : 0), 0);
        row.cells[3].textContent = t.timeline.instances.length ? cores.toFixed(2) + ' cores' : '–';
      }).catch(() => { row.cells[3].textContent = '?'; });
    }
  } catch (e) {
    failure(e);
  }
}

async function createGroup(name, target) {
  const group = await api.post('/groups', { name });
  const host = location.hostname + ':' + (location.port || (location.protocol === 'https:' ? 443 : 80));
  // The token goes in the environment, not on the -javaagent line, where every user of `ps` would see it.
  const line = `HOTPATH_TOKEN=${group.agentToken}\n-javaagent:hotpath-agent.jar=collector=${host},group=${group.name}`;
  clear(target).append(el('div', { class: 'notice' },
    el('p', {}, 'Group ', el('b', {}, group.name), ' created. Its agent token is shown only now: set it as ',
      el('code', {}, 'HOTPATH_TOKEN'), ' in the JVM\'s environment (or token= in a config file readable only by its user) and add the agent line:'),
    el('pre', { id: 'agent-line' }, line),
    el('button', { onclick: () => navigator.clipboard && navigator.clipboard.writeText(line) }, 'Copy')));
  groupsPage().then(() => document.getElementById('created').replaceWith(target));
}

// ---------------------------------------------------------------- group page

async function groupPage(group, params) {
  const state = {
    from: params.get('from') || '-1h', to: params.get('to') || '',
    type: params.get('type') || 'cpu', view: params.get('view') || 'cpu',
    instance: params.get('instance') || '', version: params.get('version') || '', mode: params.get('mode') || 'flame',
    baseVersion: params.get('baseVersion') || '',
    baseFrom: params.get('baseFrom') || '', baseTo: params.get('baseTo') || '',
    search: params.get('search') || '', flame: params.get('flame') === '1', tab: params.get('tab') || 'hotspots',
    fn: params.get('fn') || '',
    // Empty until the user picks one: then the default (defaultThreads) applies.
    threads: params.get('threads') || '',
    // Repeatable label=key:value filters (endpoint:GET /search): every query of the page takes them.
    label: params.getAll('label'),
  };
  const paramsOf = (changes) => {
    const next = { ...state, ...changes };
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) {
      if (Array.isArray(v)) v.forEach((item) => p.append(k, item));
      else if (v === true) p.set(k, '1');
      else if (v && !(k === 'from' && v === '-1h') && !(k === 'mode' && v === 'flame') && !(k === 'tab' && v === 'hotspots')
        && !(k === 'type' && v === 'cpu') && !(k === 'view' && v === 'cpu')) p.set(k, v);
    }
    return p;
  };
  const update = (changes) => go('/groups/' + encodeURIComponent(group), paramsOf(changes));
  clear(crumbs).append(el('a', { href: '#/' }, 'Groups'), ' / ', el('span', {}, group));

  const range = { from: state.from, to: state.to, type: state.type, view: state.view, instance: state.instance, version: state.version, label: state.label };
  const base = '/groups/' + encodeURIComponent(group);
  const controls = toolbar(state, update, base);
  const timelineCanvas = el('canvas', { id: 'timeline', class: 'timeline' });
  const searchInput = el('input', { id: 'search', type: 'search', placeholder: 'search frames (text, or /regex/)', value: state.search });
  const searchInfo = el('span', { id: 'search-info', class: 'muted' });
  const flameCanvas = el('canvas', { id: 'flame', class: 'flame' });
  // The flame graph scrolls inside its own box of at most one screen: deep stacks never push the panels away.
  const flameBox = el('div', { id: 'flame-box', class: 'flame-box' }, flameCanvas);
  const legend = el('span', { class: 'legend' }, KIND_LABELS.slice(0, 4).map((k, i) => el('span', { class: 'kind k' + i }, k)));
  const status = el('span', { id: 'flame-status', class: 'muted' }, 'loading…');
  const threadsSlot = el('span', { id: 'threads' });
  const side = el('section', { class: 'card', id: 'side' });
  const recommendations = loadRecommendations(base, range);
  const anomalies = loadAnomalies(base, range);
  const flameCard = el('section', { class: 'card', id: 'flame-card' },
    el('div', { class: 'flame-bar' },
      el('button', { id: 'reset', onclick: () => flame.reset() }, 'Reset zoom'),
      el('label', {}, el('input', { type: 'checkbox', id: 'orientation', checked: state.flame, onchange: (e) => update({ flame: e.target.checked }) }), ' flame (root at the bottom)'),
      threadsSlot, searchInput, searchInfo, labelFilterNote(state.label, () => update({ label: [] }), 'label-filter'),
      el('span', { class: 'spacer' }), legend, status),
    flameBox);
  let treeLoaded, treeFailed;
  const flameLoaded = new Promise((resolve, reject) => { treeLoaded = resolve; treeFailed = reject; });
  flameLoaded.catch(() => {});
  const verdict = verdictCard({
    recommendations, anomalies, flameLoaded,
    showFinding: (f) => {
      const text = highlightFinding(flame, f, state.type);
      flameCard.scrollIntoView({ block: 'start' });
      return text;
    },
    showAnomaly: (a, threads) => {
      // Show the threads the function runs in, then its frames: a JIT compiler function is invisible otherwise.
      if (threads === 'jvm' && flame.threads === 'app') flame.setThreads('jvm');
      if (threads === 'app' && flame.threads === 'jvm') flame.setThreads('app');
      const matched = flame.search((n) => n === a.function);
      flameCard.scrollIntoView({ block: 'start' });
      return `${a.function}: ${fmtPercent(matched.share)} of the samples of ${THREADS[flame.threads]} run in it (highlighted).`;
    },
    openTab: (tab) => update({ tab }),
  });
  // Below the verdict, never above it: the verdict and its findings stay within the first screen.
  const endpoints = endpointsCard(base, range, state, update);
  clear(main).append(
    controls,
    verdict,
    endpoints,
    el('section', { class: 'card' }, el('h2', {}, 'Timeline ', el('small', { class: 'muted' }, 'drag to select a range')),
      // Reports carry each process's CPU, not each label's: under a label filter only the bars are filtered.
      state.label.length ? el('p', { id: 'timeline-note', class: 'muted' },
        'Bars: samples with this label. Lines: each instance\'s whole-process CPU (not filtered by label).') : null,
      timelineCanvas),
    flameCard,
    side);

  const flame = new FlameGraph(flameCanvas, {
    onHover: (i, event) => showTooltip(flame, i, event, state),
    onZoom: () => {},
  });
  // Icicle (root on top) by default: deep stacks then start where the page starts.
  flame.setInverted(!state.flame);
  flame.setThreads(state.threads || 'app');
  const searcher = frameSearch(flame, searchInfo);
  const runSearch = () => searcher.run(searchInput.value.trim());
  // A thread switch draws another tree: search it again and keep the choice in the URL without reloading.
  flameCanvas.addEventListener('threads', () => {
    state.threads = flame.threads;
    history.replaceState(null, '', '#/groups/' + encodeURIComponent(group) + '?' + paramsOf({}));
    if (searchInput.value.trim()) runSearch();
  });
  searchInput.addEventListener('keydown', (e) => { if (e.key === 'Enter') update({ search: searchInput.value.trim() }); });
  searchInput.addEventListener('input', runSearch);

  const timeline = new Timeline(timelineCanvas, (from, to) => update({ from, to }));
  api.get(base + '/timeline' + query(range)).then((t) => timeline.set(t.timeline.points, state.type, t.timeline.instances)).catch((e) => {
    timelineCanvas.replaceWith(el('p', { class: 'error' }, 'timeline: ' + e.message));
  });

  try {
    const started = performance.now();
    if (state.mode === 'compare') {
      threadsSlot.append(el('span', { class: 'muted' }, 'compare covers all threads'));
      if (!state.baseVersion && (!state.baseFrom || !state.baseTo)) {
        status.textContent = 'choose the base range or version to compare against';
      } else {
        const diff = await api.get(base + '/diff' + query({ ...range, baseFrom: state.baseFrom, baseTo: state.baseTo, baseVersion: state.baseVersion }));
        flame.setTree(diff.root, true, diff.frameKinds);
        const sides = state.baseVersion ? `version ${state.baseVersion} → ${state.version || 'all'}` : 'base range → this range';
        status.textContent = `compare: red = more, blue = less, outlined = new · ${sides}: ${fmtValue(diff.baseTotal, state.type)} → ${fmtValue(diff.currentTotal, state.type)}`;
      }
    } else {
      const tree = await api.get(base + '/flamegraph' + query(range));
      const fetched = performance.now();
      flame.setTree(tree.root, false, tree.frameKinds);
      if (!state.threads && defaultThreads(flame.totals) !== flame.threads) flame.setThreads(defaultThreads(flame.totals));
      treeLoaded(flame);
      const drawn = performance.now();
      threadsSlot.append(threadFilter(flame));
      flameCanvas.dataset.loadMs = Math.round(fetched - started);
      flameCanvas.dataset.drawMs = Math.round(drawn - fetched);
      status.textContent = `${fmtNumber(flame.count)} nodes · ${fmtValue(flame.total, state.type)} · loaded in ${Math.round(fetched - started)} ms, drawn in ${Math.round(drawn - fetched)} ms`;
    }
    flameCanvas.dataset.nodes = flame.count;
    // Root at the bottom: start where the root is, as the icicle starts at its top.
    if (state.flame) flameBox.scrollTop = flameBox.scrollHeight;
    if (state.search) runSearch();
  } catch (e) {
    status.textContent = '';
    flameCanvas.replaceWith(el('p', { class: 'error' }, 'flame graph: ' + e.message));
  }
  treeFailed(new Error('no tree of this range'));
  sidePanel(side, state, update, base, { range, flame, recommendations, anomalies }).catch((e) => {
    // A panel that fails says so in its own place; only a rejected token leaves the page.
    if (e instanceof ApiError && e.status === 401) return failure(e);
    clear(document.getElementById('tab-body')).append(el('p', { class: 'error', id: 'panel-error' }, state.tab + ': ' + e.message));
  });
}

// A /regex/ may take this long over all frame names before its worker is stopped.
const REGEX_BUDGET_MS = 1000;

/**
 * The search box's matcher. Plain text is a case-insensitive substring: linear, whatever a link puts in it. Text
 * written /like this/ is a regex, run in a worker the page terminates after REGEX_BUDGET_MS, because one pattern
 * with nested quantifiers such as (a+)+$ backtracks for minutes on one long frame name, and no check of the pattern
 * catches every such case ((a|a)*$, (a|aa)+$ ...), while a worker's time is a bound that holds for all of them.
 */
function frameSearch(flame, info) {
  let worker = null;
  let timer = null;
  const stop = () => {
    if (worker) worker.terminate();
    clearTimeout(timer);
    worker = null;
  };
  const show = (text, result, state) => {
    info.dataset.state = state;
    info.textContent = text ? `${fmtNumber(result.nodes)} frames, ${fmtPercent(result.share)} of samples` : '';
  };
  return {
    run(text) {
      stop();
      const regex = /^\/(.+)\/$/.exec(text);
      if (!regex) {
        const needle = text.toLowerCase();
        show(text, flame.search(text ? (n) => n.toLowerCase().includes(needle) : null), 'done');
        return;
      }
      try {
        new RegExp(regex[1], 'i'); // Compiling is cheap and safe; only matching can run away.
      } catch (e) {
        flame.search(null);
        info.dataset.state = 'invalid';
        info.textContent = 'not a regex: ' + e.message;
        return;
      }
      info.dataset.state = 'running';
      info.textContent = 'searching…';
      const current = new Worker('/js/search-worker.js');
      worker = current;
      timer = setTimeout(() => {
        stop();
        flame.search(null);
        info.dataset.state = 'timeout';
        info.textContent = `regex stopped after ${REGEX_BUDGET_MS / 1000} s: it backtracks too much on these frame names (nested quantifiers like (a+)+?)`;
      }, REGEX_BUDGET_MS);
      current.onmessage = (e) => {
        if (worker !== current) return;
        stop();
        const matched = e.data;
        // Array.map hands search's test the name's index too: the worker answered per name, in the same order.
        show(text, flame.search((_, i) => matched[i] === 1), 'done');
      };
      current.postMessage({ source: regex[1], names: flame.names });
    },
  };
}

function toolbar(state, update, base) {
  const select = (id, value, options, key) => el('select', { id, onchange: (e) => update({ [key]: e.target.value }) },
    Object.entries(options).map(([v, label]) => el('option', { value: v, selected: v === value }, label)));
  const instance = el('select', { id: 'instance', onchange: (e) => update({ instance: e.target.value }) },
    el('option', { value: '' }, 'all instances'));
  const version = el('select', { id: 'version', onchange: (e) => update({ version: e.target.value }) },
    el('option', { value: '' }, 'all versions'));
  const versionCompare = el('span', { class: 'group' });
  api.get(base + '/instances' + query({ from: state.from, to: state.to })).then((list) => {
    for (const i of list) {
      instance.append(el('option', { value: String(i.id), selected: String(i.id) === state.instance },
        `${i.host}:${i.pid}${i.appVersion ? ' v' + i.appVersion : ''}`));
    }
    const versions = [...new Set(list.map((i) => i.appVersion).filter(Boolean))].sort();
    // A version typed into the URL (or a comma list) stays selectable even when no instance of the range runs it.
    if (state.version && !versions.includes(state.version)) versions.push(state.version);
    for (const v of versions) version.append(el('option', { value: v, selected: v === state.version }, 'version ' + v));
    if (versions.length >= 2 && !state.baseVersion) {
      versionCompare.append(el('button', {
        id: 'compare-versions',
        onclick: () => update({ mode: 'compare', baseVersion: versions[0], version: versions[versions.length - 1], baseFrom: '', baseTo: '' }),
      }, `Compare ${versions[0]} → ${versions[versions.length - 1]}`));
    }
  }).catch(() => {});
  const compare = state.mode === 'compare';
  return el('section', { class: 'card toolbar' },
    el('span', { class: 'group' }, PRESETS.map((p) => el('button', {
      class: state.from === p && !state.to ? 'on' : '', onclick: () => update({ from: p, to: '' }),
    }, 'last ' + p.substring(1)))),
    el('span', { class: 'muted', id: 'range' }, state.to ? `${state.from} → ${state.to}` : ''),
    select('type', state.type, Object.fromEntries(TYPES.map((t) => [t, t])), 'type'),
    select('view', state.view, VIEWS, 'view'),
    instance,
    version,
    el('button', { id: 'compare', class: compare ? 'on' : '', onclick: () => compare ? update({ mode: 'flame', baseVersion: '', baseFrom: '', baseTo: '' }) : startCompare(state, update) },
      compare ? 'Leave compare' : 'Compare…'),
    versionCompare,
    compare ? el('span', { class: 'muted' }, state.baseVersion ? `base version ${state.baseVersion}` : `base ${state.baseFrom} → ${state.baseTo || 'now'}`) : null);
}

/** Compare the current range with the same length just before it (editable in the URL). */
function startCompare(state, update) {
  const now = Date.now();
  const toMs = state.to ? resolve(state.to, now) : now;
  const fromMs = resolve(state.from, now);
  const length = toMs - fromMs;
  update({
    mode: 'compare', from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(),
    baseFrom: new Date(fromMs - length).toISOString(), baseTo: new Date(fromMs).toISOString(),
  });
}

function resolve(value, now) {
  const m = /^-(\d+)([smhd])$/.exec(value);
  if (!m) return Date.parse(value);
  return now - Number(m[1]) * { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[m[2]];
}

function showTooltip(flame, i, event, state) {
  if (i < 0) {
    tooltip.hidden = true;
    return;
  }
  const n = flame.node(i);
  const root = flame.total || 1;
  const lines = [
    el('div', { class: 'tt-name' }, n.name),
    el('div', {}, `${KIND_LABELS[n.kind]} · total ${fmtValue(n.total, state.type)} (${fmtPercent(n.total / root)})`),
    el('div', {}, `self ${fmtValue(n.self, state.type)} (${fmtPercent(n.self / root)})`),
  ];
  if (state.type === 'cpu' || state.type === 'wall') {
    const price = Number(localStorage.getItem(PRICE_KEY) || '0.05');
    const hours = n.total / 3.6e12;
    if (state.type === 'cpu') lines.push(el('div', {}, `≈ ${hours.toFixed(3)} vCPU-hours, $${(hours * price).toFixed(2)} at $${price}/vCPU-hour over this range`));
  }
  if (flame.diff) {
    lines.push(el('div', {}, n.isNew ? 'new frame: absent from the base range' : `share change ${(n.delta * 100).toFixed(2)} pp (base ${fmtValue(n.base, state.type)})`));
  }
  clear(tooltip).append(...lines);
  tooltip.hidden = false;
  tooltip.style.left = Math.min(event.pageX + 12, window.innerWidth - tooltip.offsetWidth - 8) + 'px';
  tooltip.style.top = event.pageY + 14 + 'px';
}

// ---------------------------------------------------------------- side panel: hotspots, inspect, settings

async function sidePanel(side, state, update, base, { range, flame, recommendations, anomalies }) {
  const tabs = { hotspots: 'Hotspots', recommendations: 'Recommendations', anomalies: 'Anomalies', heap: 'Heap', inspect: 'Inspect', settings: 'Agent settings' };
  const body = el('div', { id: 'tab-body' });
  clear(side).append(el('div', { class: 'tabs' }, Object.entries(tabs).map(([k, label]) =>
    el('button', { id: 'tab-' + k, class: state.tab === k ? 'on' : '', onclick: () => update({ tab: k }) }, label))), body);
  if (state.tab === 'settings') return settingsTab(body, base);
  const context = { base, range, flame, type: state.type, recommendations, anomalies };
  if (state.tab === 'recommendations') return recommendationsPanel(body, context);
  if (state.tab === 'anomalies') return anomaliesPanel(body, context);
  if (state.tab === 'heap') return heapPanel(body, context);
  if (state.tab === 'inspect') return inspectTab(body, state, update, flame);
  return hotspotsTab(body, state, update, base, range);
}

async function hotspotsTab(body, state, update, base, range) {
  const data = await api.get(base + '/hotspots' + query({ ...range, limit: 100 }));
  let rows = data.bySelf;
  let key = 'self';
  const table = el('table', { class: 'grid', id: 'hotspots' });
  const render = () => {
    rows.sort((a, b) => b[key] - a[key]);
    clear(table).append(
      el('thead', {}, el('tr', {},
        el('th', {}, 'Function'),
        el('th', { class: 'sortable' + (key === 'self' ? ' on' : ''), onclick: () => { key = 'self'; render(); } }, 'Self'),
        el('th', { class: 'sortable' + (key === 'total' ? ' on' : ''), onclick: () => { key = 'total'; rows = data.byTotal; render(); } }, 'Total'))),
      el('tbody', {}, rows.map((h) => el('tr', {},
        el('td', {}, el('a', { href: '#', onclick: (e) => { e.preventDefault(); update({ tab: 'inspect', fn: h.function }); } }, h.function)),
        el('td', { class: 'num' }, fmtPercent(h.selfShare)),
        el('td', { class: 'num' }, fmtPercent(h.totalShare))))));
  };
  render();
  // The collector ranks functions over the whole tree; the thread filter is the flame graph's (docs/web-ui.md).
  clear(body).append(el('p', { class: 'muted', id: 'hotspots-scope' }, 'Shares of all threads\' samples, JIT and GC threads included.'), table);
}

function inspectTab(body, state, update, flame) {
  if (!state.fn) {
    clear(body).append(el('p', { class: 'muted' }, 'Pick a function in the hotspots table to see its callers and callees.'));
    return;
  }
  const r = flame.inspect(state.fn);
  const list = (title, items) => el('div', {}, el('h3', {}, title), el('table', { class: 'grid' }, el('tbody', {},
    items.slice(0, 50).map((c) => el('tr', {}, el('td', {}, c.name), el('td', { class: 'num' }, fmtPercent(c.total / (flame.total || 1))))))));
  clear(body).append(el('h3', { id: 'inspected' }, r.name), el('p', { class: 'muted' }, `${fmtPercent(r.total / (flame.total || 1))} of samples run in or below it`),
    el('div', { class: 'two' }, list('Callers', r.callers), list('Callees', r.callees)));
  flame.search((n) => n === state.fn);
}

const SETTINGS = [
  ['profilingEnabled', 'Profiling on', 'bool'],
  ['samplingIntervalInMilliseconds', 'samplingIntervalInMilliseconds', 'int'],
  ['reportingIntervalInMilliseconds', 'reportingIntervalInMilliseconds', 'int'],
  ['minimumTimeForReportingInMilliseconds', 'minimumTimeForReportingInMilliseconds', 'int'],
  ['maxStackDepth', 'maxStackDepth', 'int'],
  ['memoryUsageLimitPercent', 'memoryUsageLimitPercent', 'int'],
  ['heapSummary', 'Heap summary', 'bool'],
];

async function settingsTab(body, base) {
  const current = await api.get(base + '/settings');
  const inputs = {};
  const rows = SETTINGS.map(([key, label, kind]) => {
    const value = current[key];
    const input = kind === 'bool'
      ? el('select', { id: 'set-' + key }, ['', 'true', 'false'].map((v) => el('option', { value: v, selected: String(value ?? '') === v }, v || 'agent default')))
      : el('input', { id: 'set-' + key, type: 'number', min: 1, value: value ?? '', placeholder: 'agent default' });
    inputs[key] = [input, kind];
    return el('tr', {}, el('td', {}, label), el('td', {}, input));
  });
  const types = el('input', { id: 'set-profileTypes', value: (current.profileTypes || []).join(','), placeholder: 'agent default (e.g. cpu,alloc)' });
  const message = el('p', { id: 'settings-message' });
  const save = async (e) => {
    e.preventDefault();
    const next = {};
    for (const [key, [input, kind]] of Object.entries(inputs)) {
      const v = input.value.trim();
      next[key] = v === '' ? null : kind === 'bool' ? v === 'true' : Number(v);
    }
    next.profileTypes = types.value.split(',').map((s) => s.trim()).filter(Boolean);
    try {
      await api.put(base + '/settings', next);
      message.className = 'ok';
      message.textContent = 'Saved: agents pick the change up at their next configuration poll.';
    } catch (err) {
      message.className = 'error';
      message.textContent = err.message;
    }
  };
  clear(body).append(el('form', { onsubmit: save },
    el('table', { class: 'grid' }, el('tbody', {}, rows, el('tr', {}, el('td', {}, 'Profile types'), el('td', {}, types)))),
    el('button', { type: 'submit', id: 'save-settings' }, 'Save'), message));
}

document.getElementById('signout').addEventListener('click', () => { signOut(); route(); });
window.addEventListener('hashchange', route);
route();

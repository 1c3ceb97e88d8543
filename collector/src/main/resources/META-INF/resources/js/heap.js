// Heap panel: per instance, an SVG chart of the biggest types' bytes over time and the leak suspects.
// Series colours are repeated in style.css (.swatch.cN) because the CSP forbids inline style attributes.
import { api, query } from './api.js';
import { el, clear, fmtValue, fmtTime } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640, HEIGHT = 200, PAD = 40;
const COLOURS = ['#2f6fdf', '#d84315', '#2e7d32', '#8e24aa', '#f9a825', '#00838f', '#6d4c41', '#c2185b'];
const SHOWN = COLOURS.length;

export async function heapPanel(body, { base, range }) {
  const data = await api.get(base + '/heap' + query({ from: range.from, to: range.to, instance: range.instance }));
  if (!data.instances.length) {
    clear(body).append(el('p', { id: 'no-heap' }, 'No heap summaries in this range: turn "Heap summary" on in the agent settings.'));
    return;
  }
  clear(body).append(...data.instances.map(instanceHeap));
}

function instanceHeap(h) {
  const types = h.topTypes.slice(0, SHOWN);
  return el('div', { class: 'heap', 'data-instance': h.instanceId },
    el('h3', {}, `${h.host}:${h.pid} · ${h.snapshots} snapshots`),
    chart(types),
    el('div', { class: 'legend' }, types.map((t, i) => el('span', { class: 'series' },
      el('span', { class: 'swatch c' + i }), ' ', t.type, ' ', el('small', { class: 'muted' }, fmtValue(t.sizes.length ? t.sizes[t.sizes.length - 1].bytes : 0, 'alloc'))))),
    suspects(h.leakSuspects));
}

function chart(types) {
  const svg = svgEl('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'heap-chart', role: 'img' });
  const points = types.flatMap((t) => t.sizes);
  if (!points.length) return svg;
  const times = points.map((p) => Date.parse(p.at));
  const t0 = Math.min(...times), t1 = Math.max(...times);
  const max = Math.max(...points.map((p) => p.bytes), 1);
  const x = (t) => PAD + (t1 > t0 ? (t - t0) / (t1 - t0) : 0.5) * (WIDTH - PAD - 8);
  const y = (b) => HEIGHT - 20 - (b / max) * (HEIGHT - 30);
  svg.append(svgEl('line', { x1: PAD, y1: HEIGHT - 20, x2: WIDTH - 8, y2: HEIGHT - 20, class: 'axis' }));
  svg.append(text(4, 14, fmtValue(max, 'alloc')), text(PAD, HEIGHT - 4, fmtTime(new Date(t0).toISOString())));
  types.forEach((t, i) => {
    const line = t.sizes.map((s) => `${x(Date.parse(s.at)).toFixed(1)},${y(s.bytes).toFixed(1)}`).join(' ');
    const series = svgEl('polyline', { points: line, fill: 'none', stroke: COLOURS[i], 'stroke-width': 2 });
    series.append(svgEl('title', {}, t.type));
    svg.append(series);
  });
  return svg;
}

function suspects(list) {
  if (!list.length) return el('p', { class: 'muted' }, 'No leak suspect: no type grew steadily.');
  return el('table', { class: 'grid leak-suspects' },
    el('thead', {}, el('tr', {}, ['Leak suspect', 'Growth per hour', 'From → to', 'Since', 'Steadiness (τ)'].map((h) => el('th', {}, h)))),
    el('tbody', {}, list.map((s) => el('tr', {},
      el('td', {}, s.type),
      el('td', { class: 'num' }, fmtValue(s.bytesPerHour, 'alloc') + '/h'),
      el('td', { class: 'num' }, `${fmtValue(s.firstBytes, 'alloc')} → ${fmtValue(s.lastBytes, 'alloc')}`),
      el('td', {}, fmtTime(s.since)),
      el('td', { class: 'num' }, s.tau.toFixed(2))))));
}

function text(xPos, yPos, value) {
  return svgEl('text', { x: xPos, y: yPos, class: 'axis-label' }, value);
}

function svgEl(tag, attrs, content) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (content !== undefined) node.textContent = content;
  return node;
}

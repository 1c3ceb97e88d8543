// Tiny DOM builder: every piece of profile data goes in as text, never as HTML.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.substring(2), v);
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function fmtNumber(n) {
  return Number(n).toLocaleString('en-US');
}

export function fmtPercent(share) {
  return (share * 100).toFixed(share < 0.001 ? 3 : share < 0.1 ? 2 : 1) + '%';
}

/** A value in the unit of a sample type, made readable. */
export function fmtValue(value, type) {
  if (type === 'alloc') {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = value, u = 0;
    while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
    return v.toFixed(u ? 1 : 0) + ' ' + units[u];
  }
  const ms = value / 1e6;
  if (ms < 1000) return ms.toFixed(ms < 10 ? 2 : 0) + ' ms';
  const s = ms / 1000;
  if (s < 120) return s.toFixed(1) + ' s';
  const min = s / 60;
  return min < 120 ? min.toFixed(1) + ' min' : (min / 60).toFixed(1) + ' h';
}

export function fmtTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return d.toISOString().replace('T', ' ').substring(0, 19) + 'Z';
}

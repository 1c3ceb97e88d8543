// Run by WebUiIT through executeAsyncScript: builds a 100,000-node tree (seeded, so every run draws the same
// tree), then times FlameGraph.setTree (flatten + first draw), zooms into nodes at several depths, a reset and a
// search. The last argument is WebDriver's callback.
const done = arguments[arguments.length - 1];
import('/js/flame.js').then(({ FlameGraph }) => {
  const NODES = 100000;
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const names = Array.from({ length: 6000 }, (_, i) => `com.example.p${i % 37}.Class${i % 501}.method${i}`);
  const nodes = [{ name: 'root', self: 0, children: [], depth: 0 }];
  for (let i = 1; i < NODES; i++) {
    // A parent among the recent nodes gives deep, bushy stacks like real profiles.
    const back = Math.floor(random() ** 3 * Math.min(i, 400));
    let parent = nodes[i - 1 - back];
    if (parent.depth > 120) parent = nodes[Math.floor(random() * i)];
    const node = { name: names[Math.floor(random() * names.length)], self: Math.floor(random() * 1e6), children: [], depth: parent.depth + 1 };
    parent.children.push(node);
    nodes.push(node);
  }
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    n.total = n.self + n.children.reduce((s, c) => s + c.total, 0);
  }
  const canvas = document.createElement('canvas');
  canvas.className = 'flame';
  canvas.id = 'perf-flame';
  document.getElementById('main').prepend(canvas);
  const graph = new FlameGraph(canvas, {});
  graph.setInverted(true);
  const time = (f) => { const t = performance.now(); f(); return Math.round(performance.now() - t); };
  const drawMs = time(() => graph.setTree(nodes[0], false));
  const zoomMs = [];
  for (const depth of [1, 3, 8, 20, 40]) {
    // The first node of that depth in the flattened (pre-order) arrays.
    let flat = -1;
    for (let i = 0; i < graph.count; i++) if (graph.a.level[i] === depth && graph.a.w[i] > 0) { flat = i; break; }
    if (flat >= 0) zoomMs.push(time(() => graph.zoomTo(flat)));
  }
  const resetMs = time(() => graph.reset());
  const searchMs = time(() => graph.search((n) => n.includes('Class7.')));
  graph.search(null);
  const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let pixels = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) pixels++;
  done({ nodes: graph.count, drawMs, zoomMs: zoomMs.join(', '), resetMs, searchMs, pixels });
}).catch((e) => done({ nodes: 0, error: String(e), pixels: 0 }));

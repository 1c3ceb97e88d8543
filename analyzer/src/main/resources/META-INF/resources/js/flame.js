// Canvas flame graph, the one renderer of Hotpath: the collector's web UI loads this file as /js/flame.js and the
// analyzer's --html page embeds it (FlameGraphHtml); both live in the analyzer jar. The tree is flattened once into
// typed arrays so that drawing and hit testing stay fast at 100k+ nodes; only nodes wider than a fraction of a pixel
// are drawn. Frame kinds come with the tree, from the analyzer's FrameClassifier: no second classifier here.

const ROW = 18;
const MIN_PX = 0.3;

/** FrameKind labels, in the order of their colours; the legend and tooltips use them. */
export const KIND_LABELS = ['application', 'library', 'jdk', 'native', 'synthetic'];
const KIND_HUES = [[105, 55, 52], [190, 50, 55], [32, 80, 58], [0, 65, 62], [0, 0, 70]];
const JAVA_KINDS = new Set(['application', 'library', 'jdk']);

/**
 * Which threads the graph shows. JVM threads (JIT compilers, GC workers, the VM thread) run no Java method at all,
 * while every application thread starts in one (Thread.run, main): a stack without a Java frame is the JVM's own.
 */
export const THREADS = { app: 'application threads', jvm: 'JVM threads (JIT, GC, VM)', all: 'all threads' };

/**
 * Application threads unless the profile has none: what a user can change is their own threads' work, while the
 * JIT compiler (half a young service's CPU) and GC threads are the JVM's; the filter's label shows what is hidden.
 */
export function defaultThreads(totals) {
  return totals && totals.app > 0 ? 'app' : 'all';
}

/**
 * The thread filter as three buttons (ids threads-app, threads-jvm, threads-all), each with the share of the
 * samples it shows, so what a filter hides is never silent; one click shows those threads.
 */
export function threadFilter(graph) {
  const bar = document.createElement('span');
  bar.className = 'threads';
  const buttons = Object.entries(THREADS).map(([value, label]) => {
    const button = document.createElement('button');
    button.id = 'threads-' + value;
    button.type = 'button';
    const all = graph.totals ? graph.totals.all : 0;
    const share = all > 0 ? ` ${(100 * graph.totals[value] / all).toFixed(1)}%` : '';
    button.textContent = label + share;
    button.addEventListener('click', () => graph.setThreads(value));
    return button;
  });
  const mark = () => buttons.forEach((b) => b.classList.toggle('on', b.id === 'threads-' + graph.threads));
  graph.canvas.addEventListener('threads', mark);
  mark();
  bar.append(...buttons);
  return bar;
}

export class FlameGraph {
  constructor(canvas, { onHover, onZoom } = {}) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.onHover = onHover || (() => {});
    this.onZoom = onZoom || (() => {});
    this.inverted = false;
    this.count = 0;
    this.zoom = 0;
    this.matched = null;
    this.threads = 'all';
    canvas.addEventListener('mousemove', (e) => this.hover(e));
    canvas.addEventListener('mouseleave', () => this.onHover(-1, null));
    canvas.addEventListener('click', (e) => {
      const i = this.nodeAt(e);
      if (i >= 0) this.zoomTo(i);
    });
    window.addEventListener('resize', () => this.draw());
  }

  /**
   * Takes a tree of {name, total, self, children} (or a diff tree) with the kind label of each frame name
   * ({@code frameKinds}: name -> 'application', 'library', ...; a name not in it counts as application code), keeps
   * the stacks of the chosen threads (setThreads; a diff tree keeps all) and flattens them.
   */
  setTree(root, diff = false, frameKinds = {}) {
    this.source = root;
    this.diff = diff;
    this.frameKinds = frameKinds;
    // hasOwn: a frame may be named like an Object property (constructor, __proto__).
    this.kindOf = (name) => (Object.hasOwn(frameKinds, name) ? frameKinds[name] : 'application');
    const isJava = (name) => JAVA_KINDS.has(this.kindOf(name));
    this.isJava = isJava;
    this.namesByThreads = null;
    const jvm = diff ? 0 : jvmWeight(root, isJava);
    this.totals = diff ? null : { all: root.total, app: root.total - jvm, jvm };
    this.flatten(diff || this.threads === 'all' ? root : keepThreads(root, isJava, this.threads === 'app'));
  }

  /**
   * Shows the stacks of 'app', 'jvm' or 'all' threads (THREADS; a diff always shows all) and tells the page with a
   * 'threads' event on the canvas.
   */
  setThreads(threads) {
    this.threads = threads;
    this.canvas.dataset.threads = threads;
    if (this.source) this.setTree(this.source, this.diff, this.frameKinds);
    this.canvas.dispatchEvent(new Event('threads'));
  }

  /**
   * Where a function runs in the loaded (non-diff) tree: 'app' (application threads only), 'jvm' (JVM threads
   * only), 'both', or null when it is not in the tree; what the thread filter must show for it to be visible.
   */
  threadsOf(name) {
    if (!this.source || this.diff) return null;
    if (!this.namesByThreads) {
      this.namesByThreads = {
        app: namesIn(keepThreads(this.source, this.isJava, true)),
        jvm: namesIn(keepThreads(this.source, this.isJava, false)),
      };
    }
    const app = this.namesByThreads.app.has(name), jvm = this.namesByThreads.jvm.has(name);
    return app && jvm ? 'both' : app ? 'app' : jvm ? 'jvm' : null;
  }

  /** The y (CSS px) of the highest highlighted row, or -1: where a scrolling box should go to show a finding. */
  firstMatchedY() {
    let top = -1;
    for (let i = 0; this.matched && i < this.count; i++) {
      if (!this.matched[i]) continue;
      const level = this.a.level[i];
      const y = this.inverted ? level * ROW : (this.maxLevel - level) * ROW;
      if (top < 0 || y < top) top = y;
    }
    return top;
  }

  flatten(root) {
    const diff = this.diff;
    const names = [];
    const nameIds = new Map();
    let capacity = 1024;
    let a = alloc(capacity);
    let n = 0;
    let maxLevel = 0;
    const value = diff ? (node) => node.currentTotal : (node) => node.total;
    // Explicit stacks instead of recursion: real stacks run thousands of frames deep.
    const nodes = [root], parents = [-1], levels = [0], xs = [0];
    while (nodes.length) {
      const node = nodes.pop(), parent = parents.pop(), level = levels.pop(), x = xs.pop();
      if (n === capacity) {
        capacity *= 2;
        a = grow(a, capacity);
      }
      let id = nameIds.get(node.name);
      if (id === undefined) {
        id = names.length;
        names.push(node.name);
        nameIds.set(node.name, id);
      }
      a.name[n] = id;
      a.parent[n] = parent;
      a.level[n] = level;
      a.x[n] = x;
      a.w[n] = value(node);
      a.self[n] = diff ? node.currentSelf : node.self;
      if (diff) {
        a.delta[n] = node.shareDelta || 0;
        a.isNew[n] = node.isNew ? 1 : 0;
        a.base[n] = node.baseTotal || 0;
      }
      if (level > maxLevel) maxLevel = level;
      const self = n++;
      // Children pushed right to left so the arrays stay in pre-order, x increasing within a level.
      const children = node.children || [];
      let cx = x + value(node) - (diff ? node.currentSelf : node.self);
      for (let c = children.length - 1; c >= 0; c--) {
        const w = value(children[c]);
        cx -= w;
        if (w > 0 || !diff) {
          nodes.push(children[c]); parents.push(self); levels.push(level + 1); xs.push(cx);
        }
      }
    }
    this.a = a;
    this.count = n;
    this.names = names;
    this.nameIds = nameIds;
    this.children = null;
    this.end = subtreeEnds(a, n);
    this.kinds = Uint8Array.from(names, (name) => Math.max(KIND_LABELS.indexOf(this.kindOf(name)), 0));
    this.colours = [names.map((_, id) => this.kindColour(id, 0)), names.map((_, id) => this.kindColour(id, 12))];
    this.maxLevel = maxLevel;
    this.byLevel = indexByLevel(a, n, maxLevel);
    this.zoom = 0;
    this.matched = null;
    this.highlighted = null;
    this.draw();
  }

  setInverted(inverted) {
    this.inverted = inverted;
    this.draw();
  }

  zoomTo(i) {
    this.zoom = i;
    this.canvas.dataset.zoom = String(i);
    this.draw();
    this.onZoom(i);
  }

  reset() {
    this.zoomTo(0);
  }

  /**
   * Highlights frames whose name matches; returns how many nodes matched and their share of
   * the root, counting a frame nested in another match once.
   */
  search(test) {
    if (!test) {
      this.matched = null;
      this.draw();
      return { nodes: 0, share: 0 };
    }
    const a = this.a;
    const matchedName = this.names.map(test);
    const matched = new Uint8Array(this.count);
    const covered = new Uint8Array(this.count);
    let nodes = 0;
    let weight = 0;
    for (let i = 0; i < this.count; i++) {
      const p = a.parent[i];
      covered[i] = p >= 0 && (covered[p] || matched[p]) ? 1 : 0;
      if (matchedName[a.name[i]]) {
        matched[i] = 1;
        nodes++;
        if (!covered[i]) weight += a.w[i];
      }
    }
    this.matched = matched;
    this.draw();
    return { nodes, share: a.w[0] > 0 ? weight / a.w[0] : 0 };
  }

  /**
   * Highlights stacks given as frame names, outermost first, from {@code fromFrame} (when a stack holds it) down
   * to the stack's last frame; returns how many stacks were found and the share of the root their ends hold.
   */
  highlightStacks(stacks, fromFrame) {
    const a = this.a;
    const children = this.childIndex();
    const matched = new Uint8Array(this.count);
    const ends = new Set();
    for (const frames of stacks) {
      let i = 0;
      let marking = !fromFrame || !frames.includes(fromFrame);
      // Evidence may or may not name the synthetic root the flame tree starts with.
      const start = frames.length && frames[0] === this.names[a.name[0]] ? 1 : 0;
      for (let f = start; f < frames.length && i >= 0; f++) {
        const id = this.nameIds.get(frames[f]);
        i = id === undefined ? -1 : children.get(i * this.names.length + id) ?? -1;
        if (i >= 0 && (marking || frames[f] === fromFrame)) {
          marking = true;
          matched[i] = 1;
        }
      }
      if (i > 0) ends.add(i);
    }
    let weight = 0;
    for (const i of ends) weight += a.self[i] > 0 ? a.self[i] : a.w[i];
    this.matched = matched;
    this.draw();
    return { stacks: ends.size, weight, share: a.w[0] > 0 ? weight / a.w[0] : 0 };
  }

  /** Child lookup by (parent, name), built on first use only: plain drawing never needs it. */
  childIndex() {
    if (!this.children) {
      const a = this.a;
      const names = this.names.length;
      this.children = new Map();
      for (let i = 1; i < this.count; i++) this.children.set(a.parent[i] * names + a.name[i], i);
    }
    return this.children;
  }

  /** The weight of the stacks shown (after the thread filter). */
  get total() {
    return this.count ? this.a.w[0] : 0;
  }

  node(i) {
    const a = this.a;
    const node = { index: i, name: this.names[a.name[i]], total: a.w[i], self: a.self[i], kind: this.kinds[a.name[i]] };
    if (this.diff) {
      node.delta = a.delta[i];
      node.isNew = a.isNew[i] === 1;
      node.base = a.base[i];
    }
    return node;
  }

  /** Callers and callees of one function, merged over the whole tree (outermost occurrence only). */
  inspect(name) {
    const a = this.a;
    const id = this.names.indexOf(name);
    const callers = new Map();
    const callees = new Map();
    let total = 0;
    const inside = new Uint8Array(this.count);
    for (let i = 0; i < this.count; i++) {
      const p = a.parent[i];
      const parentInside = p >= 0 && (inside[p] || a.name[p] === id);
      inside[i] = parentInside ? 1 : 0;
      if (a.name[i] !== id) {
        if (p >= 0 && a.name[p] === id && !inside[p]) add(callees, this.names[a.name[i]], a.w[i]);
        continue;
      }
      if (parentInside) continue;
      total += a.w[i];
      add(callers, p >= 0 ? this.names[a.name[p]] : '(root)', a.w[i]);
    }
    return { name, total, callers: sorted(callers), callees: sorted(callees) };
  }

  nodeAt(event) {
    if (!this.count) return -1;
    const rect = this.canvas.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const row = Math.floor((event.clientY - rect.top) / ROW);
    const level = this.inverted ? row : this.maxLevel - row;
    if (level < 0 || level > this.maxLevel) return -1;
    const { zx, scale, zl } = this.view();
    const ids = this.byLevel[level];
    if (level < zl) {
      // Ancestors of the zoomed node span the full width.
      for (const i of ids) if (this.isAncestorOfZoom(i)) return i;
      return -1;
    }
    const x = zx + px / scale;
    let lo = 0, hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const i = ids[mid];
      if (this.a.x[i] > x) hi = mid - 1;
      else if (this.a.x[i] + this.a.w[i] <= x) lo = mid + 1;
      else return i;
    }
    return -1;
  }

  hover(event) {
    const i = this.nodeAt(event);
    this.canvas.style.cursor = i >= 0 ? 'pointer' : 'default';
    this.onHover(i, event);
  }

  isAncestorOfZoom(i) {
    let z = this.zoom;
    while (z >= 0) {
      if (z === i) return true;
      z = this.a.parent[z];
    }
    return false;
  }

  view() {
    const width = this.canvas.clientWidth || 800;
    const a = this.a;
    const z = this.zoom;
    const zw = a.w[z] || 1;
    return { width, zx: a.x[z], zw, scale: width / zw, zl: a.level[z] };
  }

  draw() {
    if (!this.count) return;
    const dpr = window.devicePixelRatio || 1;
    const width = this.canvas.clientWidth || 800;
    const height = (this.maxLevel + 1) * ROW;
    this.canvas.style.height = height + 'px';
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(height * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
    }
    const ctx = this.ctx;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    const a = this.a;
    const { zx, zw, scale, zl } = this.view();
    const end = zx + zw;
    const ancestors = new Set();
    for (let z = this.zoom; z >= 0; z = a.parent[z]) ancestors.add(z);
    const subtreeEnd = this.end;
    // Pre-order arrays: a node that is off screen or too thin has no visible descendant, so its subtree is skipped.
    for (let i = 0; i < this.count; i++) {
      const level = a.level[i];
      let x, w;
      if (level < zl) {
        if (!ancestors.has(i)) {
          i = subtreeEnd[i] - 1;
          continue;
        }
        x = 0;
        w = width;
      } else {
        const nx = a.x[i];
        const nw = a.w[i];
        w = nw * scale;
        if (nx + nw <= zx || nx >= end || w < MIN_PX) {
          i = subtreeEnd[i] - 1;
          continue;
        }
        x = (nx - zx) * scale;
      }
      const y = this.inverted ? level * ROW : (this.maxLevel - level) * ROW;
      ctx.fillStyle = this.colour(i);
      ctx.fillRect(x, y, Math.max(w - 0.5, 0.3), ROW - 1);
      if (this.diff && a.isNew[i]) {
        ctx.strokeStyle = '#6a1b9a';
        ctx.lineWidth = 1.5;
        ctx.strokeRect(x + 0.75, y + 0.75, Math.max(w - 2, 0.3), ROW - 2.5);
      }
      if (w > 28) {
        const name = this.names[a.name[i]];
        const chars = Math.floor((w - 6) / 6.6);
        ctx.fillStyle = '#111';
        ctx.fillText(chars >= name.length ? name : name.substring(0, Math.max(chars - 1, 1)) + '…', x + 3, y + ROW / 2);
      }
    }
  }

  colour(i) {
    const a = this.a;
    if (this.matched && this.matched[i]) return '#e040fb';
    if (this.diff) {
      if (a.isNew[i]) return 'hsl(0, 85%, 55%)';
      const d = Math.max(-1, Math.min(1, a.delta[i] * 10));
      if (Math.abs(d) < 0.01) return 'hsl(0, 0%, 86%)';
      return d > 0 ? `hsl(0, 80%, ${90 - 35 * d}%)` : `hsl(220, 80%, ${90 + 35 * d}%)`;
    }
    return this.colours[this.matched ? 1 : 0][a.name[i]];
  }

  /** A frame name's colour by kind, jittered per name so neighbours differ; computed once per name. */
  kindColour(name, dim) {
    const [h, s, l] = KIND_HUES[this.kinds[name]];
    const jitter = (name * 2654435761 % 17) - 8;
    return `hsl(${h + jitter}, ${s - dim}%, ${l + dim}%)`;
  }
}

function alloc(capacity) {
  return {
    name: new Int32Array(capacity), parent: new Int32Array(capacity), level: new Uint16Array(capacity),
    x: new Float64Array(capacity), w: new Float64Array(capacity), self: new Float64Array(capacity),
    delta: new Float32Array(capacity), isNew: new Uint8Array(capacity), base: new Float64Array(capacity),
  };
}

function grow(a, capacity) {
  const b = alloc(capacity);
  for (const key of Object.keys(a)) b[key].set(a[key]);
  return b;
}

/** For each node, the index just past its subtree in the pre-order arrays. */
function subtreeEnds(a, n) {
  const size = new Int32Array(n).fill(1);
  for (let i = n - 1; i > 0; i--) size[a.parent[i]] += size[i];
  for (let i = 0; i < n; i++) size[i] += i;
  return size;
}

function indexByLevel(a, n, maxLevel) {
  const counts = new Int32Array(maxLevel + 1);
  for (let i = 0; i < n; i++) counts[a.level[i]]++;
  const byLevel = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(maxLevel + 1);
  for (let i = 0; i < n; i++) byLevel[a.level[i]][fill[a.level[i]]++] = i;
  return byLevel;
}

function add(map, key, value) {
  map.set(key, (map.get(key) || 0) + value);
}

function sorted(map) {
  return [...map.entries()].map(([name, total]) => ({ name, total })).sort((x, y) => y.total - x.total);
}

/** The weight of the stacks without a Java frame (see THREADS). */
function jvmWeight(root, isJava) {
  let weight = 0;
  const todo = [root];
  while (todo.length) {
    const node = todo.pop();
    if (isJava(node.name)) continue;
    weight += node.self;
    for (const child of node.children || []) todo.push(child);
  }
  return weight;
}

/** The frame names of a tree (every node of a keepThreads copy has samples). */
function namesIn(root) {
  const names = new Set();
  const todo = [root];
  while (todo.length) {
    const node = todo.pop();
    names.add(node.name);
    for (const child of node.children) todo.push(child);
  }
  return names;
}

/**
 * A copy of the tree holding only the stacks that do ({@code java}) or do not contain a Java frame, with totals
 * summed again and emptied branches dropped. Explicit stacks instead of recursion: real stacks run thousands deep.
 */
function keepThreads(root, isJava, java) {
  const copyOf = (node) => ({ name: node.name, self: 0, total: 0, children: [] });
  const top = copyOf(root);
  const order = [];
  const todo = [[root, top, false]];
  while (todo.length) {
    const [node, copy, javaAbove] = todo.pop();
    order.push(copy);
    const onPath = javaAbove || isJava(node.name);
    copy.self = onPath === java ? node.self : 0;
    for (const child of node.children || []) {
      const childCopy = copyOf(child);
      copy.children.push(childCopy);
      todo.push([child, childCopy, onPath]);
    }
  }
  // A copy is listed after its parent, so walking the list backwards sums children before their parents.
  for (let i = order.length - 1; i >= 0; i--) {
    const copy = order[i];
    copy.children = copy.children.filter((c) => c.total > 0);
    copy.total = copy.children.reduce((sum, c) => sum + c.total, copy.self);
  }
  return top;
}

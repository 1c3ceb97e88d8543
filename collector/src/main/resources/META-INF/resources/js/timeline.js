// Timeline bar chart of samples per step with each instance's CPU use (cores) as a line over it; dragging
// across it selects a time range.
import { fmtValue, fmtTime } from './dom.js';

const HEIGHT = 90;
const LINE_COLOURS = ['#d84315', '#2e7d32', '#8e24aa', '#f9a825', '#00838f', '#c2185b'];

export class Timeline {
  constructor(canvas, onSelect) {
    this.canvas = canvas;
    this.onSelect = onSelect;
    this.points = [];
    this.instances = [];
    this.drag = null;
    canvas.addEventListener('mousedown', (e) => { this.drag = { x0: this.x(e), x1: this.x(e) }; this.draw(); });
    canvas.addEventListener('mousemove', (e) => {
      if (this.drag) { this.drag.x1 = this.x(e); this.draw(); }
    });
    window.addEventListener('mouseup', () => this.finish());
  }

  x(event) {
    return event.clientX - this.canvas.getBoundingClientRect().left;
  }

  set(points, type, instances = []) {
    this.points = points;
    this.instances = instances;
    this.type = type;
    this.draw();
  }

  finish() {
    if (!this.drag) return;
    const { x0, x1 } = this.drag;
    this.drag = null;
    this.draw();
    if (Math.abs(x1 - x0) < 4 || this.points.length < 2) return;
    const t = (x) => this.timeAt(Math.max(0, Math.min(x, this.canvas.clientWidth)));
    this.onSelect(new Date(t(Math.min(x0, x1))).toISOString(), new Date(t(Math.max(x0, x1))).toISOString());
  }

  /** One line per instance on its own scale (cores), so CPU use reads against the samples' bars. */
  drawCores(ctx, width) {
    const series = this.instances.filter((i) => i.points.length);
    if (!series.length) return;
    const maxCores = Math.max(...series.flatMap((i) => i.points.map((p) => p.cores)), 0.01);
    const first = Date.parse(this.points[0].start);
    const span = this.timeAt(width) - first;
    const stepPx = width / this.points.length;
    series.forEach((instance, n) => {
      ctx.strokeStyle = LINE_COLOURS[n % LINE_COLOURS.length];
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      instance.points.forEach((p, k) => {
        const x = ((Date.parse(p.start) - first) / span) * width + stepPx / 2;
        const y = HEIGHT - (p.cores / maxCores) * (HEIGHT - 16);
        if (k === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      });
      ctx.stroke();
    });
    ctx.fillStyle = '#555';
    const label = `lines: CPU per instance (${series.length}), top ${maxCores.toFixed(2)} cores`;
    ctx.fillText(label, width - ctx.measureText(label).width - 4, 11);
  }

  timeAt(x) {
    const first = Date.parse(this.points[0].start);
    const last = Date.parse(this.points[this.points.length - 1].start);
    const step = this.points.length > 1 ? (last - first) / (this.points.length - 1) : 60000;
    return first + (x / this.canvas.clientWidth) * (last + step - first);
  }

  draw() {
    const dpr = window.devicePixelRatio || 1;
    const width = this.canvas.clientWidth || 800;
    this.canvas.style.height = HEIGHT + 'px';
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(HEIGHT * dpr);
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);
    const n = this.points.length;
    ctx.font = '11px system-ui, sans-serif';
    if (!n) {
      ctx.fillStyle = '#888';
      ctx.fillText('no samples in this range', 8, HEIGHT / 2);
      return;
    }
    const max = Math.max(...this.points.map((p) => p.value), 1);
    const bar = width / n;
    ctx.fillStyle = '#3f7fbf';
    this.points.forEach((p, i) => {
      const h = (p.value / max) * (HEIGHT - 16);
      ctx.fillRect(i * bar, HEIGHT - h, Math.max(bar - 1, 1), h);
    });
    this.drawCores(ctx, width);
    ctx.fillStyle = '#555';
    ctx.fillText(fmtValue(max, this.type) + ' per step', 4, 11);
    ctx.fillText(fmtTime(this.points[0].start), 4, HEIGHT - 4);
    if (this.drag) {
      ctx.fillStyle = 'rgba(255, 193, 7, 0.35)';
      ctx.fillRect(Math.min(this.drag.x0, this.drag.x1), 0, Math.abs(this.drag.x1 - this.drag.x0), HEIGHT);
    }
  }
}

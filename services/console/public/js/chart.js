// A stacked bar chart in inline SVG, with spike markers above the bars; no libraries.
import { h, svg } from './dom.js';

export const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#ad494a', '#637939', '#8c6d31'];

/**
 * points: [{bucketStart, key, count}]; labelOf(key) -> display name; markers: [{at, title}].
 * Returns a <div class="chart"> with the SVG and a legend.
 */
export function stackedBars({ points, labelOf, formatTick, markers = [], width = 1100, height = 320 }) {
  const buckets = [...new Set(points.map((p) => p.bucketStart))].sort();
  const totals = new Map();
  for (const p of points) totals.set(p.key, (totals.get(p.key) ?? 0) + p.count);
  const keys = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a));
  const color = new Map(keys.map((k, i) => [k, palette[i % palette.length]]));
  const byBucket = new Map(buckets.map((b) => [b, new Map()]));
  for (const p of points) byBucket.get(p.bucketStart).set(p.key, p.count);
  const max = Math.max(1, ...buckets.map((b) => [...byBucket.get(b).values()].reduce((x, y) => x + y, 0)));
  const pad = { l: 44, r: 10, t: 22, b: 36 };
  const plotW = width - pad.l - pad.r; const plotH = height - pad.t - pad.b;
  const bw = buckets.length ? plotW / buckets.length : plotW;
  const y = (v) => pad.t + plotH - (v / max) * plotH;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Динамика сообщений', id: 'volume-chart' });
  const step = niceStep(max);
  for (let v = 0; v <= max; v += step) {
    root.append(svg('line', { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), stroke: '#e3e8ee' }));
    root.append(svg('text', { x: pad.l - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#667' }, String(v)));
  }
  buckets.forEach((b, i) => {
    let acc = 0;
    const x = pad.l + i * bw + Math.max(0.5, bw * 0.1);
    const w = Math.max(1, bw * 0.8);
    for (const k of keys) {
      const n = byBucket.get(b).get(k) ?? 0;
      if (!n) continue;
      const rect = svg('rect', { x, y: y(acc + n), width: w, height: Math.max(0.5, y(acc) - y(acc + n)), fill: color.get(k) });
      rect.append(svg('title', {}, `${formatTick(b)} · ${labelOf(k)}: ${n}`));
      root.append(rect);
      acc += n;
    }
  });
  const every = Math.max(1, Math.ceil(buckets.length / 10));
  buckets.forEach((b, i) => {
    if (i % every) return;
    root.append(svg('text', { x: pad.l + i * bw + bw / 2, y: height - pad.b + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#445' }, formatTick(b)));
  });
  root.append(svg('line', { x1: pad.l, x2: width - pad.r, y1: pad.t + plotH, y2: pad.t + plotH, stroke: '#889' }));
  if (buckets.length) {
    const t0 = new Date(buckets[0]).getTime();
    const span = buckets.length > 1 ? (new Date(buckets[buckets.length - 1]).getTime() - t0) / (buckets.length - 1) : 3_600_000;
    for (const m of markers) {
      const i = (new Date(m.at).getTime() - t0) / span;
      if (i < -0.5 || i > buckets.length - 0.5) continue;
      const cx = pad.l + (i + 0.5) * bw;
      const marker = svg('path', { d: `M ${cx - 6} ${pad.t - 16} L ${cx + 6} ${pad.t - 16} L ${cx} ${pad.t - 4} Z`, fill: '#b3261e', class: 'spike-marker' });
      marker.append(svg('title', {}, m.title));
      root.append(marker, svg('line', { x1: cx, x2: cx, y1: pad.t - 4, y2: pad.t + plotH, stroke: '#b3261e', 'stroke-dasharray': '3 3', 'stroke-width': 1 }));
    }
  }
  const legend = h('div', { class: 'legend' }, keys.map((k) => h('span', { style: `--c:${color.get(k)}` }, `${labelOf(k)} (${totals.get(k)})`)));
  return h('div', { class: 'chart' }, root, legend);
}

function niceStep(max) {
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? p * 10;
}

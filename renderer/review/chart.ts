// uPlot charts for review: a min/max band per channel with phase shading, annotation ticks and a replay cursor.
import { OKABE_ITO } from '../../api/palette.ts';
import uPlot from 'uplot';
import { axisText } from '../biofeedback/chart.ts';
import 'uplot/dist/uPlot.min.css';
import type { Interval } from './phases.ts';

/** Window event asking every review chart to redraw its overlay (replay cursor moved). */
export const REDRAW_EVENT = 'loslaten-review-redraw';

/** Okabe–Ito colours, alternating for phases; markers purple. */
const PHASE_FILL = ['rgba(230,159,0,0.14)', 'rgba(86,180,233,0.16)'];
const LINE = OKABE_ITO.blue;

/** What the shading hook draws; mutated by the owner, then `chart.redraw()`. */
export interface Overlay {
  phases: readonly Interval[];
  pacer: readonly Interval[];
  marks: readonly number[];
  /** Replay cursor, s; NaN = none. */
  cursorS: number;
  /** Highlighted range (the detail window, on the overview); null = none. */
  range: { startS: number; endS: number } | null;
  /** Target lines in the chart's unit (the envelope's µV RMS): relax limit and contraction band; null = none. */
  targets: { relaxUpper: number; contractLo: number; contractHi: number } | null;
}

export function emptyOverlay(): Overlay {
  return { phases: [], pacer: [], marks: [], cursorS: NaN, range: null, targets: null };
}

function drawOverlay(u: uPlot, o: Overlay): void {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  const x = (s: number) => u.valToPos(s, 'x', true);
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  o.phases.forEach((p, i) => {
    ctx.fillStyle = PHASE_FILL[i % 2]!;
    ctx.fillRect(x(p.startS), top, x(p.endS) - x(p.startS), height);
  });
  for (const p of o.pacer) {
    if (p.name !== 'exhale') continue;
    ctx.fillStyle = 'rgba(0,158,115,0.12)';
    ctx.fillRect(x(p.startS), top + height - 8 * devicePixelRatio, x(p.endS) - x(p.startS), 8 * devicePixelRatio);
  }
  if (o.targets) {
    const y = (v: number) => u.valToPos(v, 'y', true);
    ctx.fillStyle = 'rgba(230,159,0,0.14)';
    ctx.fillRect(left, y(o.targets.contractHi), width, y(o.targets.contractLo) - y(o.targets.contractHi));
    ctx.strokeStyle = '#009E73';
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.setLineDash([8, 4]);
    ctx.beginPath(); ctx.moveTo(left, y(o.targets.relaxUpper)); ctx.lineTo(left + width, y(o.targets.relaxUpper)); ctx.stroke();
    ctx.setLineDash([]);
    ctx.lineWidth = 1;
  }
  ctx.strokeStyle = '#CC79A7';
  ctx.setLineDash([4, 3]);
  for (const m of o.marks) { ctx.beginPath(); ctx.moveTo(x(m), top); ctx.lineTo(x(m), top + height); ctx.stroke(); }
  ctx.setLineDash([]);
  if (o.range) {
    ctx.strokeStyle = '#D55E00';
    ctx.lineWidth = 2;
    ctx.strokeRect(x(o.range.startS), top + 1, Math.max(2, x(o.range.endS) - x(o.range.startS)), height - 2);
  }
  if (Number.isFinite(o.cursorS)) {
    ctx.strokeStyle = '#D55E00';
    ctx.lineWidth = 2;
    ctx.beginPath(); ctx.moveTo(x(o.cursorS), top); ctx.lineTo(x(o.cursorS), top + height); ctx.stroke();
  }
  ctx.restore();
}

/** Tick labels in s (or m:ss from a minute on), with as many decimals as the tick spacing needs. */
export function timeTicks(ticks: readonly number[]): string[] {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : 1;
  const d = step > 0 && step < 1 ? Math.min(3, Math.ceil(-Math.log10(step) - 1e-9)) : 0;
  return ticks.map((s) => {
    const m = Math.floor(s / 60);
    const r = (s - m * 60).toFixed(d);
    return m > 0 ? `${m}:${r.padStart(d > 0 ? d + 3 : 2, '0')}` : r;
  });
}

export interface BandChartOptions {
  readonly width: number;
  readonly height: number;
  readonly label: string;
  readonly unitText: string;
  readonly timeLabel: string;
  readonly overlay: Overlay;
  /** Drag-selected x range (s). */
  readonly onSelect?: (startS: number, endS: number) => void;
  /** Click at time (s). */
  readonly onClick?: (tS: number) => void;
}

/** A chart of [t, min, max] with the band between min and max filled. */
export function createBandChart(el: HTMLElement, data: uPlot.AlignedData, o: BandChartOptions): uPlot {
  const opts: uPlot.Options = {
    width: o.width,
    height: o.height,
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
    // The y range always shows the relax line (with targets), so "under the line" can be seen.
    scales: { x: { time: false }, y: { range: (_u, lo, hi) => {
      const t = o.overlay.targets;
      const top = Math.max(hi, t ? t.relaxUpper * 1.25 : hi);
      const bottom = t ? Math.min(0, lo) : lo;
      return top > bottom ? [bottom, top] : [bottom - 1, bottom + 1];
    } } },
    axes: [
      { label: o.timeLabel, values: (_u, ticks) => timeTicks(ticks), ...axisText().x },
      { label: `${o.label} (${o.unitText})`, ...axisText().y },
    ],
    series: [
      {},
      { label: `${o.label} min`, stroke: LINE, width: 1 },
      { label: `${o.label} max`, stroke: LINE, width: 1 },
    ],
    bands: [{ series: [2, 1], fill: 'rgba(0,114,178,0.25)' }],
    hooks: {
      draw: [(u) => drawOverlay(u, o.overlay)],
      setSelect: [(u) => {
        if (!o.onSelect || u.select.width < 4) return;
        const a = u.posToVal(u.select.left, 'x'), b = u.posToVal(u.select.left + u.select.width, 'x');
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        o.onSelect(a, b);
      }],
    },
  };
  const u = new uPlot(opts, data, el);
  if (o.onClick) {
    u.over.addEventListener('click', (e) => {
      if (u.select.width >= 4) return;
      const rect = u.over.getBoundingClientRect();
      o.onClick!(u.posToVal(e.clientX - rect.left, 'x'));
    });
  }
  return u;
}

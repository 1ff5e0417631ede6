// One biofeedback chart (uPlot): the processed stream against target bands and pacer shading, drawn per animation frame.
import { OKABE_ITO } from '../../api/palette.ts';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PacerPhase } from '../../training/pacer.ts';
import { ColumnCache, zeroBasedRange } from '../live/decimate.ts';
import type { SampleRing } from '../live/sample-ring.ts';
import { forEachPacerSegment, type PacerRun } from './pacer-shading.ts';
import type { ResolvedTargets, TargetKind } from './targets.ts';

/** Okabe–Ito colours (colour-blind safe); every band also has a pattern and a text label. */
export const COLORS = OKABE_ITO;

/** The time and value axes every live trace uses (labels in the user's language, value label with its unit). */
export function traceAxes(timeLabel: string, valueLabel: string): uPlot.Axis[] {
  const grid = { stroke: 'rgba(128,128,128,0.18)' };
  const a = axisText();
  return [
    { label: timeLabel, stroke: 'currentColor', grid, ...a.x },
    { label: valueLabel, stroke: 'currentColor', grid, ...a.y },
  ];
}

/** The page's text size as a factor of the default 16 px (Settings › Text size up to 200 %). */
export function textScale(): number {
  const px = parseFloat(globalThis.getComputedStyle?.(globalThis.document.documentElement).fontSize ?? '16');
  return Number.isFinite(px) && px > 0 ? px / 16 : 1;
}

/** Axis fonts and sizes that follow the text size, so chart labels grow with the rest of the page. */
export function axisText(): { x: Partial<uPlot.Axis>; y: Partial<uPlot.Axis>; scale: number } {
  const k = textScale();
  const font = `${Math.round(12 * k)}px system-ui, sans-serif`;
  const labelFont = `bold ${Math.round(12 * k)}px system-ui, sans-serif`;
  return { scale: k, x: { font, labelFont, size: Math.round(36 * k), labelSize: Math.round(20 * k) }, y: { font, labelFont, size: Math.round(60 * k), labelSize: Math.round(20 * k) } };
}

export interface ChartLabels {
  readonly axis: string;
  readonly time: string;
  /** e.g. `Relax ≤ {v}` — `{v}` is replaced by the number with its unit. */
  readonly relax: string;
  readonly contract: string;
  readonly letGo: string;
}

export interface ChartOptions {
  readonly height: number;
  readonly unitText: string;
  readonly labels: ChartLabels;
  readonly showTargets: boolean;
  readonly lineColor: string;
}

/** What one draw needs (the engine's frame carries all of it). */
export interface ChartFrame {
  readonly endIndex: number;
  readonly targets: ResolvedTargets | null;
  readonly activeTarget: TargetKind | null;
  readonly pacerRuns: readonly PacerRun[];
}

function makePattern(kind: 'diagonal' | 'dots', color: string): CanvasPattern | null {
  if (typeof document === 'undefined') return null;
  const c = document.createElement('canvas');
  c.width = 12; c.height = 12;
  const g = c.getContext('2d');
  if (!g) return null;
  g.strokeStyle = color; g.fillStyle = color; g.lineWidth = 1.5;
  if (kind === 'diagonal') { g.beginPath(); g.moveTo(0, 12); g.lineTo(12, 0); g.moveTo(-3, 3); g.lineTo(3, -3); g.moveTo(9, 15); g.lineTo(15, 9); g.stroke(); }
  else { g.beginPath(); g.arc(6, 6, 1.6, 0, Math.PI * 2); g.fill(); }
  return g.createPattern(c, 'repeat');
}

const STRIP_COLOR: Record<PacerPhase, string> = { inhale: COLORS.yellow, 'hold-in': COLORS.grey, exhale: COLORS.green, 'hold-out': COLORS.grey };

/** Fixed part of the y-range so targets stay in view: top ≥ 1.15 × contraction top (or 1.5 × relax line). */
export function targetTop(t: ResolvedTargets | null, activeTarget: TargetKind | null): number {
  if (!t) return 1;
  return activeTarget === 'relax' ? Math.max(t.relaxUpper * 2, 1) : Math.max(t.contractHi * 1.15, t.relaxUpper * 1.5);
}

/**
 * A chart bound to one processed ring. `draw` decimates the window (≤ 2 points per pixel column) and redraws
 * synchronously (uPlot batch), shading pacer phases and target bands in the drawAxes hook (under the line).
 */
export class BiofeedbackChart {
  readonly plot: uPlot;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private xMax = 0;
  private endS = 0;
  private dataMax = 0;
  private readonly columns = new ColumnCache();
  private dataMin = 0;
  private windowS = 30;
  private yRange: [number, number] | null = null;
  private cur: ChartFrame | null = null;
  private drawnVersion = -1;
  private readonly drawnKey: { targets: ResolvedTargets | null; activeTarget: TargetKind | null; runs: number; windowS: number } = { targets: null, activeTarget: null, runs: -1, windowS: -1 };
  private relaxPattern: CanvasPattern | null = null;
  private contractPattern: CanvasPattern | null = null;
  /** Pixel columns used for decimation (≥ 50, ≤ 4096). */
  private cols = 600;

  constructor(private readonly el: HTMLElement, private readonly opts: ChartOptions) {
    const maxCols = 4096;
    this.xs = new Float64Array(maxCols * 2 + 8);
    this.ys = new Float64Array(maxCols * 2 + 8);
    const shade = (u: uPlot) => this.shade(u);
    const o: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: opts.height,
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: () => [this.xMax - this.windowS, this.xMax] },
        y: {
          // Our own data maximum (computed while decimating) so the range never depends on uPlot's scan.
          range: () => {
            const top = Math.max(opts.showTargets ? targetTop(this.cur?.targets ?? null, this.cur?.activeTarget ?? null) : 1, this.dataMax);
            const r = (this.yRange = zeroBasedRange(this.yRange, top));
            // Tared pressure may dip below zero: extend downwards (envelopes never do).
            return this.dataMin < 0 ? [-Math.ceil(-this.dataMin * 1.2), r[1]] : r;
          },
        },
      },
      axes: traceAxes(opts.labels.time, opts.labels.axis),
      series: [{}, { stroke: opts.lineColor, width: 2.5, spanGaps: false, points: { show: false } }],
      hooks: { drawAxes: [shade] },
    };
    this.plot = new uPlot(o, [[], []], el);
    this.relaxPattern = makePattern('diagonal', 'rgba(0,114,178,0.35)');
    this.contractPattern = makePattern('dots', 'rgba(213,94,0,0.45)');
  }

  resize(): void {
    this.plot.setSize({ width: Math.max(200, this.el.clientWidth), height: this.opts.height });
  }

  /** Draws the window ending at the frame's sample clock. Returns false when nothing changed. */
  draw(ring: SampleRing, f: ChartFrame, windowS: number, force = false): boolean {
    // Redraw only when data or anything drawn changed (compared field by field: no per-frame allocation).
    const k = this.drawnKey;
    const same = ring.version === this.drawnVersion && f.targets === k.targets && f.activeTarget === k.activeTarget
      && f.pacerRuns.length === k.runs && windowS === k.windowS;
    if (!force && same) return false;
    this.drawnVersion = ring.version;
    k.targets = f.targets; k.activeTarget = f.activeTarget; k.runs = f.pacerRuns.length; k.windowS = windowS;
    this.cur = f;
    this.windowS = windowS;
    const dpr = typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;
    this.cols = Math.min(4096, Math.max(50, Math.floor(this.plot.bbox.width / dpr)));
    const n = this.columns.decimate(ring, f.endIndex, Math.round(windowS * ring.rateHz), this.cols, this.xs, this.ys);
    let mx = 0, mn = 0;
    const ys = this.ys;
    for (let k = 0; k < n; k++) { const y = ys[k]!; if (y > mx) mx = y; if (y < mn) mn = y; }
    this.dataMax = mx;
    this.dataMin = mn;
    this.endS = f.endIndex / ring.rateHz;
    this.xMax = Math.max(windowS, this.endS);
    this.plot.batch(() => {
      this.plot.setData([this.xs.subarray(0, n) as unknown as number[], this.ys.subarray(0, n) as unknown as number[]]);
    });
    return true;
  }

  private shade(u: uPlot): void {
    const f = this.cur;
    if (!f) return;
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    const x0 = this.xMax - this.windowS, x1 = this.xMax;
    // The pacer is shaded up to the newest sample only (the window may reach ahead of the data at the start).
    const xNow = Math.min(x1, this.endS);
    const px = (t: number) => u.valToPos(t, 'x', true);
    const py = (v: number) => u.valToPos(v, 'y', true);
    const dpr = typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    // Pacer: let-go phases tinted full height, and a phase strip along the bottom.
    const strip = 10 * dpr;
    for (const run of f.pacerRuns) {
      forEachPacerSegment(run, x0, xNow, (phase, letGo, t0, t1) => {
        const a = px(t0), b = px(t1);
        if (letGo) {
          ctx.fillStyle = 'rgba(0,158,115,0.12)';
          ctx.fillRect(a, top, b - a, height);
          if (this.opts.showTargets && b - a > 60 * dpr) {
            ctx.fillStyle = 'rgba(0,110,80,0.9)';
            ctx.font = `${12 * dpr * textScale()}px system-ui, sans-serif`;
            ctx.fillText(this.opts.labels.letGo, a + 4 * dpr, top + 14 * dpr);
          }
        }
      });
    }
    // Targets: relax zone (0 … upper, blue diagonal hatch) and contraction band (orange dots). Only the active one is
    // drawn (calmer); with no active target both are drawn faintly.
    const t = f.targets;
    if (this.opts.showTargets && t) {
      const both = f.activeTarget === null;
      ctx.font = `600 ${13 * dpr * textScale()}px system-ui, sans-serif`;
      ctx.textAlign = 'right';
      ctx.globalAlpha = both ? 0.45 : 1;
      if (both || f.activeTarget === 'relax') {
        const yRelax = py(t.relaxUpper), yZero = py(0);
        ctx.fillStyle = 'rgba(86,180,233,0.22)';
        ctx.fillRect(left, yRelax, width, yZero - yRelax);
        if (this.relaxPattern) { ctx.fillStyle = this.relaxPattern; ctx.fillRect(left, yRelax, width, yZero - yRelax); }
        ctx.strokeStyle = COLORS.blue; ctx.lineWidth = 2 * dpr; ctx.setLineDash([8 * dpr, 5 * dpr]);
        ctx.beginPath(); ctx.moveTo(left, yRelax); ctx.lineTo(left + width, yRelax); ctx.stroke();
        ctx.fillStyle = COLORS.blue;
        ctx.fillText(this.opts.labels.relax.replace('{v}', `${fmt(t.relaxUpper)} ${this.opts.unitText}`), left + width - 6 * dpr, Math.max(top + 14 * dpr, yRelax - 6 * dpr));
      }
      if (both || f.activeTarget === 'contract') {
        const yHi = py(t.contractHi), yLo = py(t.contractLo);
        ctx.fillStyle = 'rgba(230,159,0,0.22)';
        ctx.fillRect(left, yHi, width, yLo - yHi);
        if (this.contractPattern) { ctx.fillStyle = this.contractPattern; ctx.fillRect(left, yHi, width, yLo - yHi); }
        ctx.strokeStyle = COLORS.vermillion; ctx.lineWidth = 2 * dpr; ctx.setLineDash([3 * dpr, 4 * dpr]);
        ctx.beginPath(); ctx.moveTo(left, yHi); ctx.lineTo(left + width, yHi); ctx.moveTo(left, yLo); ctx.lineTo(left + width, yLo); ctx.stroke();
        ctx.fillStyle = COLORS.vermillion;
        ctx.fillText(this.opts.labels.contract.replace('{v}', `${fmt(t.contractLo)}–${fmt(t.contractHi)} ${this.opts.unitText}`), left + width - 6 * dpr, Math.max(top + 14 * dpr, yHi - 6 * dpr));
      }
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
    }
    // The breathing-phase strip goes on top of the bands.
    for (const run of f.pacerRuns) {
      forEachPacerSegment(run, x0, xNow, (phase, _letGo, t0, t1) => {
        const a = px(t0), b = px(t1);
        ctx.fillStyle = STRIP_COLOR[phase];
        ctx.fillRect(a, top + height - strip, b - a, strip);
      });
    }
    ctx.restore();
  }

  destroy(): void {
    this.plot.destroy();
  }
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

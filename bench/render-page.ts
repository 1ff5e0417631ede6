// Browser side of the render benchmark: our decimated chart draw vs handing uPlot every raw point, same page, same data.
import { OKABE_ITO } from '../api/palette.ts';
import uPlot from 'uplot';
import { BiofeedbackChart, type ChartFrame } from '../renderer/biofeedback/chart.ts';
import { pacerRun } from '../renderer/biofeedback/pacer-shading.ts';
import { allocRing, pushValues, SampleRing } from '../renderer/live/sample-ring.ts';
import { DEFAULT_PACER } from '../training/pacer.ts';

const RATE = 2000;
const WINDOW_S = 30;
const N = RATE * WINDOW_S;
const PER_FRAME = Math.round(RATE / 60);

function envelope(i: number, ch: number): number {
  const t = i / RATE;
  return (ch === 0 ? 6 : 3) + 2 * Math.sin(2 * Math.PI * t / 10) + Math.sin(i * 12.9898 + ch) * 0.8 + (t % 12 > 10 ? 40 : 0);
}

function host(): HTMLDivElement {
  const el = document.createElement('div');
  el.style.width = '1100px';
  document.body.appendChild(el);
  return el;
}

function frames(n: number, step: (k: number) => number): Promise<number[]> {
  return new Promise((resolve) => {
    const out: number[] = [];
    let k = 0;
    const f = () => {
      out.push(step(k++));
      if (k < n) requestAnimationFrame(f); else resolve(out);
    };
    requestAnimationFrame(f);
  });
}

/** Runs both variants for `n` animation frames each; returns per-frame draw times, ms. */
export async function run(n: number): Promise<{ ours: number[]; naive: number[]; points: number }> {
  const rings = [0, 1].map(() => new SampleRing(allocRing(RATE, 1, false)));
  const buf = new Float32Array(PER_FRAME);
  let end = 0;
  const feed = (count: number) => {
    for (let ch = 0; ch < 2; ch++) {
      for (let k = 0; k < count; k++) buf[k] = envelope(end + k, ch);
      for (let off = 0; off < count; off += PER_FRAME) pushValues(rings[ch]!, buf, Math.min(PER_FRAME, count - off), end + off);
    }
    end += count;
  };
  for (let i = 0; i < N; i += PER_FRAME) feed(PER_FRAME);
  const labels = { axis: 'PF (µV)', time: 'Time (s)', relax: 'Relax ≤ {v}', contract: 'Squeeze {v}', letGo: 'let go' };
  const charts = [
    new BiofeedbackChart(host(), { height: 260, unitText: 'µV', labels, showTargets: true, lineColor: OKABE_ITO.blue }),
    new BiofeedbackChart(host(), { height: 150, unitText: 'µV', labels, showTargets: false, lineColor: '#CC79A7' }),
  ];
  const runs = [pacerRun(0, DEFAULT_PACER)];
  const frame: { endIndex: number; targets: ChartFrame['targets']; activeTarget: ChartFrame['activeTarget']; pacerRuns: ChartFrame['pacerRuns'] } =
    { endIndex: end, targets: { relaxUpper: 8, contractLo: 20, contractHi: 40, relative: false }, activeTarget: 'relax', pacerRuns: runs };
  const ours = await frames(n, () => {
    feed(PER_FRAME);
    frame.endIndex = end;
    const t0 = performance.now();
    charts[0]!.draw(rings[0]!, frame, WINDOW_S);
    charts[1]!.draw(rings[1]!, frame, WINDOW_S);
    return performance.now() - t0;
  });
  for (const c of charts) c.destroy();
  document.body.innerHTML = '';

  // Naive: one uPlot, x + 2 series of every sample in the window (3 × 60,000 values), same shading work not included.
  const xs = new Float64Array(N), y0 = new Float64Array(N), y1 = new Float64Array(N);
  const el = host();
  const plot = new uPlot({
    width: 1100, height: 410, legend: { show: false }, cursor: { show: false },
    scales: { x: { time: false } },
    series: [{}, { stroke: OKABE_ITO.blue, width: 1, points: { show: false } }, { stroke: OKABE_ITO.purple, width: 1, points: { show: false } }],
  }, [[], [], []], el);
  const naive = await frames(n, () => {
    feed(PER_FRAME);
    const start = end - N;
    const t0 = performance.now();
    for (let k = 0; k < N; k++) { xs[k] = (start + k) / RATE; y0[k] = rings[0]!.at(start + k); y1[k] = rings[1]!.at(start + k); }
    plot.batch(() => plot.setData([xs as unknown as number[], y0 as unknown as number[], y1 as unknown as number[]]));
    return performance.now() - t0;
  });
  plot.destroy();
  return { ours, naive, points: N };
}

(globalThis as { RenderBench?: unknown }).RenderBench = { run };

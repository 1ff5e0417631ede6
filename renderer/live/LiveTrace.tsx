// One live uPlot trace per channel: min/max-decimated window drawn by the feedback engine's frame loop, never via React state.
import { formatNumber } from '../../api/i18n.ts';
import { useUi } from '../state/ui-store.ts';
import { traceAxes } from '../biofeedback/chart.ts';
import { OKABE_ITO } from '../../api/palette.ts';
import { useRef } from 'react';
import { useFrameView } from '../biofeedback/use-frame-view.ts';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChannelSpec } from '../../firmware-protocol/codec.ts';
import { live } from './live-data.ts';
import { tailStats, type SampleRing } from './sample-ring.ts';
import { decimateWindow, stableRange } from './decimate.ts';

/** Readout refresh interval, ms (readable, not flickering). */
const READOUT_MS = 250;

export interface LiveTraceProps {
  readonly channel: ChannelSpec;
  readonly index: number;
  readonly windowS: number;
  readonly unitText: string;
  /** Display factor from the device unit to `unitText` (pressure in the profile's unit; 1 for EMG). */
  readonly scale?: number;
  readonly readoutLabel: string;
  readonly timeLabel: string;
}

export function LiveTrace(props: LiveTraceProps) {
  const host = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLSpanElement>(null);
  const propsRef = useRef(props);
  propsRef.current = props;

  // A view of the engine's frame loop (one requestAnimationFrame for the live screen); rebuilt only when the channel
  // itself changes, window and labels are read through propsRef.
  useFrameView(() => {
    const el = host.current!;
    const maxCols = 4096;
    const xs = new Float64Array(maxCols * 2);
    const ys = new Float64Array(maxCols * 2);
    const stats = new Float64Array(3);
    let xMax = props.windowS;
    let yRange: [number, number] | null = null;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 180,
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: () => [xMax - propsRef.current.windowS, xMax] },
        y: { range: (_u, min, max) => (yRange = stableRange(yRange, min, max)) },
      },
      axes: traceAxes(props.timeLabel, `${props.channel.label} (${props.unitText})`),
      series: [{}, { stroke: props.channel.kind === 'pressure' ? OKABE_ITO.green : OKABE_ITO.blue, width: 1, spanGaps: false, points: { show: false } }],
    };
    const plot = new uPlot(opts, [[], []], el);
    let drawnVersion = -1;
    let ring: SampleRing | undefined;
    let layout = -1;
    let lastReadout = 0;
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: 180 }));
    resize.observe(el);

    const frame = (now: number) => {
      if (layout !== live.layoutVersion) { layout = live.layoutVersion; ring = live.rings[propsRef.current.index]; drawnVersion = -1; }
      if (!ring || ring.version === drawnVersion) return;
      drawnVersion = ring.version;
      const p = propsRef.current;
      const windowSamples = Math.round(p.windowS * ring.rateHz);
      const cols = Math.min(maxCols, Math.max(50, Math.floor(plot.bbox.width / devicePixelRatio)));
      const end = ring.end;
      const n = decimateWindow(ring, end, windowSamples, cols, xs, ys);
      const k = p.scale ?? 1;
      if (k !== 1) for (let i = 0; i < n; i++) ys[i] = ys[i]! * k;
      xMax = Math.max(p.windowS, end / ring.rateHz);
      plot.setData([xs.subarray(0, n) as unknown as number[], ys.subarray(0, n) as unknown as number[]]);
      if (now - lastReadout >= READOUT_MS && readout.current) {
        lastReadout = now;
        // Raw EMG: RMS of 200 ms; a device envelope (already rectified and smoothed) and pressure: mean of 100 ms.
        const isEmg = p.channel.kind === 'emg';
        tailStats(ring, Math.round(ring.rateHz * (isEmg ? 0.2 : 0.1)), stats);
        const value = (isEmg ? stats[1]! : stats[0]!) * (p.scale ?? 1);
        readout.current.dataset.value = String(value);
        readout.current.textContent = Number.isFinite(value) ? `${formatNumber(useUi.getState().lang, value, p.channel.kind === 'pressure' ? 2 : 1)} ${p.unitText}` : '—';
      }
    };
    return { frame: (f) => frame(f.nowMs), dispose: () => { resize.disconnect(); plot.destroy(); } };
  }, [props.channel.label, props.channel.kind, props.unitText, props.timeLabel, props.index, props.scale]);

  return (
    <section className="trace" data-testid={`trace-${props.channel.label}`} aria-label={props.channel.label}>
      <div className="trace-head">
        <span className="trace-label">{props.readoutLabel}</span>
        <span className="readout" ref={readout} data-testid={`readout-${props.channel.label}`} data-unit={props.channel.unit} aria-live="off">—</span>
      </div>
      <div className="trace-plot" ref={host} />
    </section>
  );
}

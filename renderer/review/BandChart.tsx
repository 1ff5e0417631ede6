// React wrapper of one review chart (uPlot): data in, overlay redraws, drag-select and click out.
import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import { createBandChart, REDRAW_EVENT, type Overlay } from './chart.ts';

export interface BandChartProps {
  readonly testId: string;
  readonly label: string;
  readonly unitText: string;
  readonly timeLabel: string;
  readonly height: number;
  readonly t: readonly number[];
  readonly min: readonly (number | null)[];
  readonly max: readonly (number | null)[];
  /** x range to show, s. */
  readonly xRange: readonly [number, number];
  readonly overlay: Overlay;
  /** Changes whenever the overlay object was mutated (forces a redraw). */
  readonly overlayVersion: number;
  readonly onSelect?: (startS: number, endS: number) => void;
  readonly onClick?: (tS: number) => void;
}

const nums = (a: readonly (number | null)[]): (number | null)[] => a.map((v) => (v === null || !Number.isFinite(v) ? null : v));

export function BandChart(p: BandChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const cb = useRef({ onSelect: p.onSelect, onClick: p.onClick });
  cb.current = { onSelect: p.onSelect, onClick: p.onClick };

  useEffect(() => {
    const el = host.current!;
    const u = createBandChart(el, [[...p.t], nums(p.min), nums(p.max)] as uPlot.AlignedData, {
      width: Math.max(300, el.clientWidth), height: p.height, label: p.label, unitText: p.unitText, timeLabel: p.timeLabel, overlay: p.overlay,
      onSelect: (a, b) => cb.current.onSelect?.(a, b),
      onClick: (t) => cb.current.onClick?.(t),
    });
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(300, el.clientWidth), height: p.height }));
    ro.observe(el);
    const redraw = () => u.redraw(false, false);
    window.addEventListener(REDRAW_EVENT, redraw);
    return () => { window.removeEventListener(REDRAW_EVENT, redraw); ro.disconnect(); u.destroy(); plot.current = null; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.label, p.unitText, p.height]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    u.batch(() => {
      u.setData([[...p.t], nums(p.min), nums(p.max)] as uPlot.AlignedData, false);
      u.setScale('x', { min: p.xRange[0], max: p.xRange[1] });
    });
    host.current!.dataset.drawn = String(p.t.length);
    // uPlot draws on its next commit; the mark after the next frame is when the chart is really on screen.
    if (p.t.length > 0) requestAnimationFrame(() => performance.mark(`review-drawn-${p.testId}`));
  }, [p.t, p.min, p.max, p.xRange[0], p.xRange[1]]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => { plot.current?.redraw(false, false); }, [p.overlayVersion]);

  return <div className="review-chart" data-testid={p.testId} data-label={p.label} data-from={p.xRange[0].toFixed(2)} data-to={p.xRange[1].toFixed(2)} ref={host} />;
}

// The biofeedback traces: pelvic floor (with targets, zone and time in target) and the abdominal channel beneath it.
import { formatNumber } from '../../api/i18n.ts';
import { useRef } from 'react';
import type { ChannelSpec } from '../../firmware-protocol/codec.ts';
import { translate, unitLabel } from '../i18n/translate.ts';
import { useT } from '../i18n/use-t.ts';
import { live } from '../live/live-data.ts';
import { useFeedback } from '../state/feedback-store.ts';
import { useUi } from '../state/ui-store.ts';
import { BiofeedbackChart, COLORS } from './chart.ts';
import { engine, type Frame } from './engine.ts';
import type { Zone } from './targets.ts';
import { zoneKey } from './zone-text.ts';
import { useFrameView } from './use-frame-view.ts';

const ZONE_ICON: Record<Zone, string> = { in: '✓', above: '▲', below: '▼', none: '○' };

function formatValue(v: number, kind: ChannelSpec['kind']): string {
  return Number.isFinite(v) ? formatNumber(useUi.getState().lang, v, kind === 'pressure' ? 2 : 1) : '—';
}

interface TraceProps {
  readonly channel: ChannelSpec;
  readonly index: number;
  readonly primary: boolean;
}

function FeedbackTrace({ channel, index, primary }: TraceProps) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const windowS = useUi((s) => s.windowS);
  const rmsMs = useFeedback((s) => s.processing.emg.rmsWindowMs);
  const pUnit = useFeedback((s) => s.processing.pressure.outputUnit);
  const unit = channel.kind === 'pressure' ? pUnit : 'uV';
  const unitText = unitLabel(lang, unit);
  const host = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLSpanElement>(null);
  const zone = useRef<HTMLDivElement>(null);
  const zoneIcon = useRef<HTMLSpanElement>(null);
  const zoneText = useRef<HTMLSpanElement>(null);
  const tit = useRef<HTMLSpanElement>(null);
  const flag = useRef<HTMLDivElement>(null);
  const windowRef = useRef(windowS);
  windowRef.current = windowS;
  const langRef = useRef(lang);
  langRef.current = lang;

  useFrameView(() => {
    const chart = new BiofeedbackChart(host.current!, {
      height: primary ? 260 : 150,
      unitText,
      showTargets: primary,
      lineColor: primary ? COLORS.blue : COLORS.purple,
      labels: {
        axis: translate(lang, 'bf.axis', { label: channel.label, unit: unitText }),
        time: translate(lang, 'trace.time'),
        relax: translate(lang, 'bf.band.relax'),
        contract: translate(lang, 'bf.band.contract'),
        letGo: translate(lang, 'bf.letGo'),
      },
    });
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(host.current!);
    let shownZone = '';
    let layout = -1;
    return {
      frame(f: Frame) {
        const ring = live.processed[index];
        if (!ring) return;
        const force = layout !== f.layoutVersion;
        layout = f.layoutVersion;
        chart.draw(ring, f, windowRef.current, force);
        if (primary && zone.current) {
          const key = `${f.zone}|${f.activeTarget}|${Number.isFinite(f.value)}`;
          if (key !== shownZone) {
            shownZone = key;
            zone.current.dataset.zone = f.zone;
            zone.current.dataset.target = f.activeTarget ?? 'none';
            zoneIcon.current!.textContent = ZONE_ICON[f.zone];
            zoneText.current!.textContent = translate(langRef.current, zoneKey(f.zone, f.activeTarget, Number.isFinite(f.value)));
          }
        }
      },
      slow(f: Frame) {
        const ring = live.processed[index];
        if (ring && readout.current) {
          const v = ring.end > 0 ? ring.at(ring.end - 1) : NaN;
          readout.current.dataset.value = String(v);
          readout.current.textContent = `${formatValue(v, channel.kind)} ${unitText}`;
        }
        if (primary && tit.current) {
          const m = engine.metrics().summary;
          const p = m ? m.timeInTargetPercent : NaN;
          tit.current.dataset.value = String(p);
          tit.current.textContent = Number.isFinite(p) ? `${Math.round(p)} %` : '—';
        }
        if (!primary && flag.current) {
          flag.current.dataset.flag = f.accessoryFlag ? 'on' : 'off';
          flag.current.textContent = translate(langRef.current, f.accessoryFlag ? 'bf.accessory' : 'bf.accessoryOk');
        }
      },
      dispose() { ro.disconnect(); chart.destroy(); },
    };
  }, [channel.label, channel.kind, index, primary, unitText, lang]);

  const label = channel.kind === 'pressure' ? t('bf.readout.pressure', { label: channel.label })
    : !primary ? t('bf.accessoryLabel', { label: channel.label })
    : channel.kind === 'envelope' ? t('bf.readout.envelope', { label: channel.label })
    : t('bf.readout.emg', { label: channel.label, ms: rmsMs });
  return (
    <section className={`fb-trace ${primary ? 'fb-primary' : 'fb-secondary'}`} data-testid={`fb-trace-${channel.label}`} aria-label={channel.label}>
      <div className="fb-head">
        <span className="fb-label">{label}</span>
        <span className={primary ? 'fb-readout big' : 'fb-readout'} ref={readout} data-testid={`fb-readout-${channel.label}`} data-unit={unit} aria-live="off">—</span>
      </div>
      {primary && (
        <div className="fb-status">
          <div className="zone" ref={zone} data-testid="zone" data-zone="none" role="status" aria-live="polite">
            <span className="zone-icon" ref={zoneIcon} aria-hidden="true">○</span>
            <span className="zone-text" ref={zoneText}>{t('zone.wait')}</span>
          </div>
          <div className="tit">{t('bf.timeInTarget')}: <span ref={tit} data-testid="time-in-target">—</span></div>
        </div>
      )}
      {!primary && channel.kind !== 'pressure' && <div className="accessory" ref={flag} data-testid="accessory-flag" data-flag="off" role="status" aria-live="polite">{t('bf.accessoryOk')}</div>}
      <div className="fb-plot" ref={host} data-testid={`fb-plot-${channel.label}`} />
    </section>
  );
}

/** Feedback traces for the stream's channels: the first is the primary (pelvic floor); a second EMG channel is the abdominal one. */
export function FeedbackTraces({ channels }: { channels: readonly ChannelSpec[] }) {
  const t = useT();
  const manual = useFeedback((s) => s.manualTarget);
  const setManual = useFeedback((s) => s.setManualTarget);
  const running = useFeedback((s) => s.protocol.status === 'running' || s.protocol.status === 'paused');
  return (
    <div className="fb-traces">
      {!running && (
        <div className="target-choice" role="radiogroup" aria-label={t('bf.feedbackOn')}>
          <span>{t('bf.feedbackOn')}:</span>
          {(['relax', 'contract'] as const).map((k) => (
            <label key={k}><input type="radio" name="manual-target" data-testid={`target-${k}`} checked={manual === k} onChange={() => setManual(k)} /> {t(`bf.target.${k}`)}</label>
          ))}
        </div>
      )}
      {channels.slice(0, 2).map((c, i) => <FeedbackTrace key={`${c.label}-${i}`} channel={c} index={i} primary={i === 0} />)}
    </div>
  );
}

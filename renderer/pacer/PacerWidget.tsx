// The breathing guide: a large, calm circle scaled from the sample clock in the engine's frame (reduced motion: no scaling).
import { useRef } from 'react';
import { translate } from '../i18n/translate.ts';
import { useT } from '../i18n/use-t.ts';
import { useFeedback } from '../state/feedback-store.ts';
import { useUi } from '../state/ui-store.ts';
import type { Frame } from '../biofeedback/engine.ts';
import { useFrameView } from '../biofeedback/use-frame-view.ts';
import { pacerScale } from './pacer-scale.ts';

/** The system setting, or the app's own "less motion" preference (data-motion on the root element). */
function reducedMotion(): boolean {
  if (typeof document !== 'undefined' && document.documentElement.dataset.motion === 'reduced') return true;
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export function PacerWidget() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const manual = useFeedback((s) => s.pacerManual);
  const setManual = useFeedback((s) => s.setPacerManual);
  const running = useFeedback((s) => s.protocol.status === 'running' || s.protocol.status === 'paused');
  const box = useRef<HTMLDivElement>(null);
  const circle = useRef<HTMLDivElement>(null);
  const phaseText = useRef<HTMLSpanElement>(null);
  const letGoText = useRef<HTMLSpanElement>(null);
  const langRef = useRef(lang);
  langRef.current = lang;

  useFrameView(() => {
    const media = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
    let still = reducedMotion();
    const recheck = () => { still = reducedMotion(); };
    media?.addEventListener('change', recheck);
    const observer = typeof MutationObserver === 'function' ? new MutationObserver(recheck) : null;
    observer?.observe(document.documentElement, { attributes: true, attributeFilter: ['data-motion'] });
    let shown = '';
    let lastScale = -1;
    return {
      frame(f: Frame) {
        const el = circle.current, b = box.current;
        if (!el || !b) return;
        const key = `${f.pacerPhase}|${f.pacerLetGo}|${langRef.current}`;
        if (key !== shown) {
          shown = key;
          b.dataset.phase = f.pacerPhase ?? 'off';
          b.dataset.letGo = f.pacerLetGo ? 'yes' : 'no';
          phaseText.current!.textContent = f.pacerPhase ? translate(langRef.current, `pacer.${f.pacerPhase}`) : translate(langRef.current, 'pacer.off');
          letGoText.current!.textContent = f.pacerLetGo ? translate(langRef.current, 'pacer.letGo') : '';
        }
        if (still || !f.pacerPhase) { if (lastScale !== 1) { el.style.transform = ''; lastScale = 1; } return; }
        const s = Math.round(pacerScale(f.pacerPhase, f.pacerProgress01) * 1000) / 1000;
        if (s !== lastScale) { lastScale = s; el.style.transform = `scale(${s})`; }
      },
      dispose() { media?.removeEventListener('change', recheck); observer?.disconnect(); },
    };
  }, []);

  return (
    <section className="pacer" aria-label={t('pacer.title')}>
      <div className="pacer-box" ref={box} data-testid="pacer" data-phase="off">
        <div className="pacer-circle" ref={circle} aria-hidden="true" />
      </div>
      <div className="pacer-text" role="status" aria-live="polite">
        <span className="pacer-phase" ref={phaseText} data-testid="pacer-phase">{t('pacer.off')}</span>
        <span className="pacer-letgo" ref={letGoText} />
      </div>
      {!running && (
        <label className="pacer-toggle">
          <input type="checkbox" data-testid="pacer-toggle" checked={manual} onChange={(e) => setManual(e.target.checked)} /> {t('pacer.on')}
        </label>
      )}
    </section>
  );
}

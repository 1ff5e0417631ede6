// The first-run guide (home mode): what the app does, connecting the sensor, placement in plain words, a first relaxation.
import { useEffect, useRef, useState } from 'react';
import { SAFETY_TEXT_VERSION } from '../../api/settings.ts';
import { getApi } from '../api/index.ts';
import { useT } from '../i18n/use-t.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { useSettings } from '../state/settings-store.ts';
import { useUi } from '../state/ui-store.ts';
import { useRelax } from '../state/relax-store.ts';

const STEPS: readonly { title: MessageKey; text: MessageKey }[] = [
  { title: 'onb.what.title', text: 'onb.what.text' },
  { title: 'onb.connect.title', text: 'onb.connect.text' },
  { title: 'onb.place.title', text: 'onb.place.text' },
  { title: 'onb.relax.title', text: 'onb.relax.text' },
];

export function FirstRunGuide() {
  const t = useT();
  const show = useSettings((s) => s.loaded && s.app.mode === 'home' && !s.app.firstRunDone && s.app.safetyAcknowledged >= SAFETY_TEXT_VERSION);
  const saveApp = useSettings((s) => s.saveApp);
  const streaming = useUi((s) => s.status?.state === 'streaming');
  const [step, setStep] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => { if (first.current) { first.current = false; return; } heading.current?.focus(); }, [step]);
  if (!show) return null;
  const s = STEPS[step]!;
  const last = step === STEPS.length - 1;
  async function useDemo() {
    useUi.getState().select('demo:emg');
    const r = await getApi().connect({ deviceId: 'demo:emg' });
    if (!r.ok) useUi.getState().setError(r.error);
  }
  async function finish(relax: boolean) {
    await saveApp({ firstRunDone: true });
    if (relax) await useRelax.getState().start();
  }
  return (
    <section className="guide card" data-testid="first-run" data-step={step} aria-labelledby="guide-title">
      <p className="guide-step" data-testid="first-run-step">{t('onb.step', { n: step + 1, total: STEPS.length })}</p>
      <h2 id="guide-title" ref={heading} tabIndex={-1}>{t(s.title)}</h2>
      <p className="lead">{t(s.text)}</p>
      {step === 1 && (streaming
        ? <p className="ok" role="status" data-testid="first-run-connected"><span aria-hidden="true">✓ </span>{t('onb.connect.ok')}</p>
        : <button type="button" data-testid="first-run-demo" onClick={() => void useDemo()}>{t('onb.connect.demo')}</button>)}
      <div className="card-actions">
        {step > 0 && <button type="button" data-testid="first-run-back" onClick={() => setStep(step - 1)}>{t('onb.back')}</button>}
        {!last && <button type="button" className="primary big" data-testid="first-run-next" onClick={() => setStep(step + 1)}>{t('onb.next')}</button>}
        {last && <button type="button" className="primary big" data-testid="first-run-done" onClick={() => void finish(true)}>{t('onb.done')}</button>}
        <button type="button" className="link" data-testid="first-run-skip" onClick={() => void finish(false)}>{t('onb.skip')}</button>
      </div>
    </section>
  );
}

// Drag and drop of recordings onto the window: a calm overlay while files are over it, import (desktop), results.
import { useEffect, useRef, useState } from 'react';
import type { ImportedFile } from '../../api/contract.ts';
import { getApi } from '../api/index.ts';
import { errorMessage, translate } from '../i18n/translate.ts';
import { useT } from '../i18n/use-t.ts';
import { useUi } from '../state/ui-store.ts';
import { importLines, sortDropped, type ResultLine } from './import-results.ts';
import { openInReview } from '../state/view-store.ts';
import './desktop.css';

/** True when a drag carries files from outside (not text or an element dragged inside the page). */
function carriesFiles(e: DragEvent): boolean {
  return !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
}

/**
 * Listens on the whole window. A drop is always taken from the browser (never navigates to the file). In the desktop
 * app the recordings are imported through the preload (paths only), the last one opens in review and failures are
 * listed; in the browser host a one-line message says where dropping works.
 */
export function FileDrop() {
  const t = useT();
  const [over, setOver] = useState(false);
  const [result, setResult] = useState<readonly ResultLine[] | null>(null);
  const depth = useRef(0);

  useEffect(() => {
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setOver(true);
    };
    const overWin = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault(); // allows the drop here instead of the browser opening the file
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    };
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setOver(false);
      void handleDrop(Array.from(e.dataTransfer?.files ?? []));
    };
    const handleDrop = async (files: File[]) => {
      const lang = useUi.getState().lang;
      const api = getApi();
      if (!api.importDroppedFiles) { setResult([{ text: translate(lang, 'drop.browser'), failed: false }]); return; }
      const { take, lines } = sortDropped(lang, files);
      if (take.length === 0) { setResult(lines); return; }
      setResult([{ text: translate(lang, 'desk.importing'), failed: false }]);
      const r = await api.importDroppedFiles(take);
      if (!r.ok) { setResult([...lines, { text: errorMessage(lang, r.error), failed: true }]); return; }
      const done = [...r.value].reverse().find((f) => f.ok);
      const all = [...importLines(lang, r.value), ...lines];
      // Only failures need reading; a clean import just opens the recording.
      setResult(all.some((l) => l.failed) ? all : null);
      if (done?.ok) openInReview({ profileId: done.profileId, sessionId: done.sessionId });
    };
    // Files opened from the OS (double-click, File → Open recording…) that could not be imported: same list.
    const offFailed = getApi().onShellEvent?.('import-failed', (e) => {
      const files = e.files.filter((f) => !f.ok) as ImportedFile[];
      if (files.length > 0) setResult(importLines(useUi.getState().lang, files));
    });
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', overWin);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      offFailed?.();
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', overWin);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const failed = result?.some((l) => l.failed) ?? false;
  return (
    <>
      {over && <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true"><p>{t('drop.overlay')}</p></div>}
      {result && (
        <div className="drop-result" role={failed ? 'alert' : 'status'} data-testid="drop-result">
          {result.length === 1
            ? <p className={result[0]!.failed ? 'failed' : ''}>{result[0]!.text}</p>
            : <ul>{result.map((l, i) => <li key={i} className={l.failed ? 'failed' : ''}>{l.text}</li>)}</ul>}
          <button onClick={() => setResult(null)} data-testid="drop-result-close">{t('drop.close')}</button>
        </div>
      )}
    </>
  );
}

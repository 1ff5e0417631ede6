// Printable session report in the browser host: the core's HTML report shown in the page, then window.print().
import { useEffect, useRef, useState } from 'react';
import { getApi } from '../api/index.ts';
import { errorMessage } from '../i18n/translate.ts';
import { useT } from '../i18n/use-t.ts';
import { useUi } from '../state/ui-store.ts';
import './report.css';

/**
 * Puts the report's <main> into the page (the page's CSP forbids the report's own inline <style>, so the print
 * styles live in report.css; scripts never run from parsed HTML). The rest of the app is hidden when printing.
 */
export function ReportPreview({ html, path, session, onClose }: {
  html: string; path: string; onClose: () => void;
  /** The session shown (the desktop app's Save as PDF renders it again in the main process). */
  session?: { readonly profileId: string; readonly sessionId: string };
}) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const host = useRef<HTMLDivElement>(null);
  const [pdf, setPdf] = useState<{ text: string; error: boolean } | 'busy' | null>(null);
  const savePdf = getApi().saveReportPdf;
  const onSavePdf = async () => {
    if (!savePdf || !session) return;
    setPdf('busy');
    const r = await savePdf({ profileId: session.profileId, sessionId: session.sessionId });
    if (r.ok) setPdf({ text: t('desk.pdfSaved', { path: r.value.path }), error: false });
    else setPdf(r.error.kind === 'cancelled' ? null : { text: errorMessage(lang, r.error), error: true });
  };
  useEffect(() => {
    // The report's own <style> is left out before parsing: even an inert parsed document reports it to the page's CSP.
    const doc = new DOMParser().parseFromString(html.replace(/<style[^>]*>[\s\S]*?<\/style>/gi, ''), 'text/html');
    doc.querySelectorAll('script, style, link, iframe, object').forEach((n) => n.remove());
    const main = doc.querySelector('main.report');
    const el = host.current!;
    el.replaceChildren(...(main ? [document.importNode(main, true)] : []));
    document.body.classList.add('report-open');
    return () => { document.body.classList.remove('report-open'); };
  }, [html]);
  return (
    <div className="report-preview" role="dialog" aria-label={t('rev.reportTitle')} data-testid="report-preview">
      <div className="report-bar no-print">
        <strong>{t('rev.reportTitle')}</strong>
        <span className="hint">{t('rev.reportSaved', { path })}</span>
        {savePdf && session && (
          <button className="primary" onClick={() => void onSavePdf()} disabled={pdf === 'busy'} data-testid="report-save-pdf">{pdf === 'busy' ? t('desk.savingPdf') : t('desk.savePdf')}</button>
        )}
        <button className={savePdf && session ? '' : 'primary'} onClick={() => window.print()} data-testid="report-print">{t('rev.print')}</button>
        <button onClick={onClose} data-testid="report-close">{t('rev.close')}</button>
      </div>
      {pdf && pdf !== 'busy' && (
        <p className={`no-print report-bar ${pdf.error ? 'error' : 'ok-msg'}`} role={pdf.error ? 'alert' : 'status'} data-testid="report-pdf-message">{pdf.text}</p>
      )}
      <div className="report-page" ref={host} data-testid="report-page" />
    </div>
  );
}

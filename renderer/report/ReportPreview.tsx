// Printable session report in the browser host: the core's HTML report shown in the page, then window.print().
import { useEffect, useRef } from 'react';
import { useT } from '../i18n/use-t.ts';
import './report.css';

/**
 * Puts the report's <main> into the page (the page's CSP forbids the report's own inline <style>, so the print
 * styles live in report.css; scripts never run from parsed HTML). The rest of the app is hidden when printing.
 */
export function ReportPreview({ html, path, onClose }: { html: string; path: string; onClose: () => void }) {
  const t = useT();
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
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
        <button className="primary" onClick={() => window.print()} data-testid="report-print">{t('rev.print')}</button>
        <button onClick={onClose} data-testid="report-close">{t('rev.close')}</button>
      </div>
      <div className="report-page" ref={host} data-testid="report-page" />
    </div>
  );
}

// Save as PDF in the desktop app: the real main wiring against a fake 'electron' (window settings, HTML, printToPDF
// options, dialog, written bytes, errors, sender checks), then the very same HTML printed by headless Chromium.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, IPC } from '../../electron/ipc-channels.ts';
import { REPORT_PDF_OPTIONS, REPORT_PDF_PARTITION, renderReportPdf, saveReportPdf, defaultPdfName, writeFileAtomic, printFittedToPage, pdfPageCount } from '../../electron/main/report-pdf.ts';
import { glazerAssessmentProtocol } from '../../training/protocols.ts';
import { errorMessage } from '../../renderer/i18n/translate.ts';
import { importEdf } from '../../sessions/library.ts';
import { CHROMIUM, outputPath } from '../helpers/browser.ts';
import { tempDir } from '../helpers/pty.ts';
import { writeSyntheticSession } from '../review/synthetic.ts';
import { FAKE_PDF, FakeBrowserWindow, FakeFrame, FakeWebContents, store, type FakeState } from './fake-electron.ts';
import { startFakeMain, stopFakeMain, trustedEvent, type StartedMain } from './main-harness.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).electronModule());

let fake: FakeState;
let started: StartedMain | null = null;
let sessionId = '';
let edfSource = '';

async function startMain(): Promise<StartedMain> {
  ({ fake, started } = await startFakeMain());
  return started;
}

const appWindow = () => store().windows[0]!;
const trusted = trustedEvent;
async function savePdf(event: unknown, req: unknown) {
  const h = fake.ipcMain.handlers.get(IPC.invoke);
  if (!h) throw new Error('invoke route not registered');
  return h(event, 'saveReportPdf', req);
}
/** The hidden PDF windows made after the app window. */
const pdfWindows = (): FakeBrowserWindow[] => store().windows.slice(1);
const decodeDataUrl = (url: string) => Buffer.from(url.replace(/^data:text\/html;charset=utf-8;base64,/, ''), 'base64').toString('utf8');

beforeEach(async () => {
  const s = await startMain();
  edfSource = await writeSyntheticSession(join(tempDir('loslaten-pdf-src-'), 'home.edf'));
  const imp = await importEdf(s.core.sessionsDir, 'anna', edfSource, 'Week 2 <thuis>');
  if (!imp.ok) throw new Error(JSON.stringify(imp.error));
  sessionId = imp.value.id;
});
afterEach(async () => {
  await stopFakeMain(started ? { fake, started } : null);
  started = null;
});

describe('Save as PDF (main process)', () => {
  it('renders the session report in a hidden, script-less, sandboxed window and saves the PDF where the user chose', async () => {
    const target = join(fake.app.documents, 'chosen.pdf');
    fake.dialog.saveAnswer = { canceled: false, filePath: target };
    let destroyedBeforeDialog: boolean | null = null;
    const showSave = fake.dialog.showSaveDialog.bind(fake.dialog);
    fake.dialog.showSaveDialog = async (...a: unknown[]) => { destroyedBeforeDialog = pdfWindows()[0]!.isDestroyed(); return showSave(...a); };

    const r = await savePdf(trusted(), { profileId: 'anna', sessionId });
    expect(r).toEqual({ ok: true, value: { path: target, bytes: FAKE_PDF.length } });

    // The window: hidden, no script, no Node, no preload, sandboxed and isolated, its own in-memory session.
    expect(pdfWindows()).toHaveLength(1);
    const w = pdfWindows()[0]!;
    expect(w.options.show).toBe(false);
    const wp = w.options.webPreferences;
    expect(wp).toMatchObject({
      javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false,
      devTools: false, navigateOnDragDrop: false, partition: REPORT_PDF_PARTITION,
    });
    expect(wp.preload).toBeUndefined();
    expect(wp.partition.startsWith('persist:')).toBe(false);
    // No navigation, no popups from it; its session cancels every request but the report page itself and denies permissions.
    expect(w.webContents.fire('will-navigate', { url: 'https://evil.example/' }).defaultPrevented).toBe(true);
    expect(w.webContents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const ses = fake.partitions.get(REPORT_PDF_PARTITION)!;
    for (const [url, cancel] of [['https://evil.example/x.png', true], ['file:///etc/passwd', true], ['app://loslaten/index.html', true], ['data:text/html,x', false]] as const) {
      const cb = vi.fn();
      ses.webRequest.beforeRequest!.listener({ url }, cb);
      expect(cb, url).toHaveBeenCalledWith({ cancel });
    }
    const perm = vi.fn();
    ses.permissionRequestHandler!(w.webContents, 'media', perm, {});
    expect(perm).toHaveBeenCalledWith(false);

    // What it loaded: this session's report (patient, title escaped, metrics), with a no-fetch CSP, as a data: URL.
    expect(w.loadedUrl!.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    const html = decodeDataUrl(w.loadedUrl!);
    expect(html).toContain('<dt>Patient</dt><dd>anna</dd>');
    expect(html).toContain('<h1>Week 2 &lt;thuis&gt;</h1>');
    expect(html).toContain('Metrics (µV RMS)');
    expect(html).toMatch(/Key figures: resting tone \d+\.\d µV/);
    expect(html).toContain('Glazer assessment');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).not.toMatch(/<script/i);

    // Printed once with the A4 options, destroyed before the dialog opened, the bytes written owner-only.
    expect(w.webContents.printed).toEqual([REPORT_PDF_OPTIONS]);
    expect(REPORT_PDF_OPTIONS).toMatchObject({ pageSize: 'A4', printBackground: true, landscape: false });
    expect(destroyedBeforeDialog).toBe(true);
    expect(w.destroyCalls).toBe(1);
    const dlg = fake.dialog.saveDialogs[0]!;
    expect(dlg[0]).toBe(appWindow());
    const opts = dlg[1] as { defaultPath: string; filters: { extensions: string[] }[] };
    const date = /<dt>Date<\/dt><dd>(\d{4}-\d\d-\d\d) /.exec(html)![1];
    expect(opts.defaultPath).toBe(join(fake.app.documents, `Loslaten report anna ${date}.pdf`));
    expect(opts.filters).toEqual([{ name: 'PDF document', extensions: ['pdf'] }]);
    expect(readFileSync(target)).toEqual(FAKE_PDF);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(fake.app.documents)).toEqual(['chosen.pdf']);
  });

  it('cancelled dialog: nothing written, `cancelled`, the window is gone', async () => {
    fake.dialog.saveAnswer = { canceled: true, filePath: '' };
    expect(await savePdf(trusted(), { profileId: 'anna', sessionId })).toEqual({ ok: false, error: { kind: 'cancelled' } });
    expect(pdfWindows()[0]!.isDestroyed()).toBe(true);
    expect(readdirSync(fake.app.documents)).toEqual([]);
  });

  it('a write that fails gives a clear, translated error naming the file, and leaves no partial file', async () => {
    const target = join(fake.app.documents, 'no-such-folder', 'report.pdf');
    fake.dialog.saveAnswer = { canceled: false, filePath: target };
    const r = await savePdf(trusted(), { profileId: 'anna', sessionId });
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ kind: 'report-pdf-failed', reason: 'write-failed', path: target });
    expect(r.error.detail).toContain('ENOENT');
    expect(errorMessage('en', r.error)).toBe(`The PDF could not be written to ${target} (${r.error.detail}).`);
    expect(errorMessage('nl', r.error)).toContain(`De pdf kon niet worden geschreven naar ${target}`);
    expect(pdfWindows()[0]!.isDestroyed()).toBe(true);
    expect(readdirSync(fake.app.documents)).toEqual([]);
  });

  it('a render failure destroys the window, opens no dialog and says so', async () => {
    fake.printToPdf = async () => { throw new Error('Printing failed'); };
    const r = await savePdf(trusted(), { profileId: 'anna', sessionId });
    expect(r).toEqual({ ok: false, error: { kind: 'report-pdf-failed', reason: 'render-failed', path: '', detail: 'Printing failed' } });
    expect(pdfWindows()[0]!.destroyCalls).toBe(1);
    expect(fake.dialog.saveDialogs).toHaveLength(0);
    expect(errorMessage('en', r.error)).toContain('could not be turned into a PDF (Printing failed). You can still print it.');
    expect(errorMessage('nl', r.error)).toContain('Afdrukken kan nog wel');
  });

  it('refuses a foreign sender and bad arguments before anything is rendered', async () => {
    const wc = appWindow().webContents;
    const foreign = [
      { sender: wc, senderFrame: new FakeFrame(APP_ENTRY_URL, wc.mainFrame) },
      { sender: new FakeWebContents(APP_ENTRY_URL), senderFrame: new FakeWebContents(APP_ENTRY_URL).mainFrame },
    ];
    for (const ev of foreign) expect(await savePdf(ev, { profileId: 'anna', sessionId })).toEqual({ ok: false, error: { kind: 'forbidden', reason: 'untrusted-sender' } });
    wc.mainFrame.url = 'https://evil.example/';
    expect((await savePdf(trusted(), { profileId: 'anna', sessionId })).error.kind).toBe('forbidden');
    wc.mainFrame.url = APP_ENTRY_URL;
    for (const bad of [{ profileId: '../anna', sessionId }, { profileId: 'anna', sessionId, path: '/tmp/x.pdf' }, 'anna', null]) {
      expect((await savePdf(trusted(), bad)).error.kind, JSON.stringify(bad)).toBe('invalid-request');
    }
    expect((await savePdf(trusted(), { profileId: 'anna', sessionId: 'nope' })).error).toEqual({ kind: 'session-not-found', id: 'nope' });
    expect(pdfWindows()).toHaveLength(0);
    expect(fake.dialog.saveDialogs).toHaveLength(0);
  });
});

describe('Save as PDF: the pieces', () => {
  const report = async () => ({ ok: true as const, value: { html: '<!doctype html><html><head><title>x</title></head><body><p>x</p></body></html>', patient: 'An/na: "V"', startedAt: '2026-03-04T10:00:00' } });
  const deps = () => ({ BrowserWindow: FakeBrowserWindow as never, session: fake.session as never, dialog: fake.dialog as never, parent: () => null, documentsDir: fake.app.documents, buildReport: report });

  it('disk full becomes its own error in both languages', async () => {
    fake.dialog.saveAnswer = { canceled: false, filePath: join(fake.app.documents, 'r.pdf') };
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const r = await saveReportPdf({ ...deps(), writeFile: async () => { throw full; } }, { profileId: 'a', sessionId: 'b' });
    expect(r.ok || r.error).toMatchObject({ kind: 'report-pdf-failed', reason: 'disk-full' });
    if (r.ok) return;
    expect(errorMessage('en', r.error)).toBe('The PDF was not saved: the disk is full. Free some space or choose another place.');
    expect(errorMessage('nl', r.error)).toBe('De pdf is niet bewaard: de schijf is vol. Maak ruimte vrij of kies een andere plek.');
  });

  it('a load that never finishes times out and the window is still destroyed', async () => {
    fake.loadUrl = () => new Promise(() => {});
    const r = await renderReportPdf({ BrowserWindow: FakeBrowserWindow as never, session: fake.session as never, timeoutMs: 50 }, '<p>x</p>');
    expect(r.ok || r.error).toMatchObject({ kind: 'report-pdf-failed', reason: 'render-failed', detail: 'timed out after 50 ms' });
    expect(store().windows.at(-1)!.destroyCalls).toBe(1);
  });

  it('prints once more at 0.85 (never smaller) only when a report still runs over one page', async () => {
    const pages = (n: number) => Buffer.from(`%PDF-1.4\n${'<< /Type /Page >>\n'.repeat(n)}<< /Type /Pages >>\n%%EOF`, 'latin1');
    const byScale: Record<number, number> = { 1: 2, 0.85: 1 };
    fake.printToPdf = async (_wc, o) => pages(byScale[(o as { scale: number }).scale]!);
    const r = await renderReportPdf({ BrowserWindow: FakeBrowserWindow as never, session: fake.session as never }, '<p>x</p>');
    expect(r.ok && pdfPageCount(r.value)).toBe(1);
    expect(store().windows.at(-1)!.webContents.printed.map((o) => (o as { scale: number }).scale)).toEqual([1, 0.85]);
    // Never fits: the print with the fewest pages is kept.
    fake.printToPdf = async (_wc, o) => pages((o as { scale: number }).scale === 0.85 ? 2 : 3);
    const r2 = await renderReportPdf({ BrowserWindow: FakeBrowserWindow as never, session: fake.session as never }, '<p>x</p>');
    expect(r2.ok && pdfPageCount(r2.value)).toBe(2);
  });

  it('refuses bytes that are not a PDF', async () => {
    fake.printToPdf = async () => Buffer.from('<html>');
    const r = await renderReportPdf({ BrowserWindow: FakeBrowserWindow as never, session: fake.session as never }, '<p>x</p>');
    expect(r.ok || r.error).toMatchObject({ reason: 'render-failed', detail: 'the printer returned no PDF' });
  });

  it('names the file from patient and date, safely; adds .pdf; writes atomically, owner-only', async () => {
    expect(defaultPdfName('An/na: "V"', '2026-03-04T10:00:00')).toBe('Loslaten report An-na- -V- 2026-03-04.pdf');
    expect(defaultPdfName('X', 'garbage')).toBe('Loslaten report.pdf');
    expect(defaultPdfName('..\u0000evil', '2026-03-04')).toBe('Loslaten report -evil 2026-03-04.pdf');
    fake.dialog.saveAnswer = { canceled: false, filePath: join(fake.app.documents, 'typed-without-extension') };
    const r = await saveReportPdf(deps(), { profileId: 'a', sessionId: 'b' });
    expect(r.ok && r.value.path).toBe(join(fake.app.documents, 'typed-without-extension.pdf'));
    await writeFileAtomic(join(fake.app.documents, 'again.pdf'), new Uint8Array([1, 2, 3]));
    expect([...readFileSync(join(fake.app.documents, 'again.pdf'))]).toEqual([1, 2, 3]);
    expect(readdirSync(fake.app.documents).sort()).toEqual(['again.pdf', 'typed-without-extension.pdf']);
  });
});

describe('the report HTML really prints', () => {
  it('headless Chromium with JavaScript off prints the very HTML main loads (a full Glazer assessment) to one A4 page at scale 1', async () => {
    // All 24 phases of the Glazer assessment (shortened in time): the longest metrics table the report gets.
    const phases = glazerAssessmentProtocol().phases.map((p) => ({ name: p.id, seconds: 4, amplitudeUv: p.id.includes('rest') ? 10 : 60 }));
    const full = await writeSyntheticSession(join(tempDir('loslaten-pdf-glazer-'), 'glazer.edf'), phases);
    const imp = await importEdf(started!.core.sessionsDir, 'anna', full, 'Week 2 <thuis>');
    if (!imp.ok) throw new Error(JSON.stringify(imp.error));
    fake.dialog.saveAnswer = { canceled: true, filePath: '' };
    await savePdf(trusted(), { profileId: 'anna', sessionId: imp.value.id });
    const url = pdfWindows()[0]!.loadedUrl!;
    if (!existsSync(CHROMIUM)) throw new Error('Chromium is not installed: run `apt-get install -y chromium` (.ci/run does this)');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const ctx = await browser.newContext({ javaScriptEnabled: false });
      const page = await ctx.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url().slice(0, 40)));
      await page.goto(url);
      expect(await page.locator('main.report h1').textContent()).toBe('Week 2 <thuis>');
      expect(await page.locator('svg.plot').count()).toBe(2);
      expect(await page.locator('main.report table tbody tr').count()).toBeGreaterThan(phases.length);
      // The same options and the same fit-to-one-page steps as main, with page.pdf (Chromium's printToPDF) as printer.
      const scales: number[] = [];
      const pdf = Buffer.from(await printFittedToPage(async (o) => {
        const m = o.margins!;
        scales.push(o.scale!);
        return page.pdf({
          format: o.pageSize as 'A4', printBackground: o.printBackground, landscape: o.landscape, preferCSSPageSize: o.preferCSSPageSize,
          scale: o.scale, displayHeaderFooter: o.displayHeaderFooter,
          margin: { top: `${m.top}in`, bottom: `${m.bottom}in`, left: `${m.left}in`, right: `${m.right}in` },
        });
      }));
      console.log(`report PDF: scales tried ${scales.join(', ')}; ${pdf.length} bytes`);
      // The report's own layout fits: printed once, at full size.
      expect(scales).toEqual([1]);
      writeFileSync(outputPath('report-electron.pdf'), pdf);
      const text = pdf.toString('latin1');
      expect(text.startsWith('%PDF-')).toBe(true);
      expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
      expect(pdfPageCount(pdf)).toBe(1);
      // A4 portrait in points (595 × 842).
      expect(text).toMatch(/\/MediaBox\s*\[\s*0\s+0\s+59[45](\.\d+)?\s+84[12](\.\d+)?\s*\]/);
      expect(requests.filter((u) => !u.startsWith('data:'))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

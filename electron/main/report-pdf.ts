// Save as PDF: the core's report HTML rendered in a locked-down hidden window, printToPDF, a save dialog, an atomic write.
import type { BaseWindow, BrowserWindow, BrowserWindowConstructorOptions, Dialog, PrintToPDFOptions, SaveDialogOptions, Session, WebContents } from 'electron';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { AppError, Result, SavedReportPdf } from '../../api/contract.ts';
import { hardenWebContents } from './security.ts';
import { shellText, type Language } from './shell-i18n.ts';

/** In-memory session of the PDF window (no `persist:` prefix): nothing of the report is cached on disk. */
export const REPORT_PDF_PARTITION = 'loslaten-report-pdf';
/** Longest wait for loading and printing the report, ms. */
export const REPORT_PDF_TIMEOUT_MS = 20_000;
/** Chromium refuses URLs longer than 2 MiB; the report (tens of kB) stays far below. */
export const MAX_REPORT_URL_CHARS = 2 * 1024 * 1024 - 1024;

/**
 * The page's own policy on top of the disabled JavaScript: nothing may be fetched or framed; only the report's inline
 * style and its inline SVG/data images render.
 */
export const REPORT_PDF_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** printToPDF options: one A4 portrait page with the report's colours; margins 10 mm (in inches) as its @page rule. */
export const REPORT_PDF_OPTIONS = {
  pageSize: 'A4',
  landscape: false,
  printBackground: true,
  preferCSSPageSize: true,
  displayHeaderFooter: false,
  scale: 1,
  margins: { top: 0.3937, bottom: 0.3937, left: 0.3937, right: 0.3937 },
} as const satisfies PrintToPDFOptions;

/**
 * Print scales tried in turn until the report fits one A4 page. The report lays itself out for one A4/Letter page at
 * scale 1 (core/report-layout.ts: a full Glazer assessment with notes, downtraining and pressure sessions all print
 * once, as does a full assessment with up to 14 EMG channels); only a recording with more channels (the wire protocol
 * allows 16) can still run over, and is printed once more at 0.85 (smallest text then about 6.8 pt).
 */
export const REPORT_PDF_SCALES = [1, 0.85] as const;

/** Pages in a PDF Chromium made (its page objects are plain dictionaries); 0 when none can be counted. */
export function pdfPageCount(bytes: Uint8Array): number {
  return (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []).length;
}

/**
 * Prints with {@link REPORT_PDF_OPTIONS} at each of {@link REPORT_PDF_SCALES} until the result is one page; returns
 * the first one-page print, else the one with the fewest pages. `print` is webContents.printToPDF (or page.pdf).
 */
export async function printFittedToPage(print: (options: PrintToPDFOptions) => Promise<Uint8Array>): Promise<Uint8Array> {
  let best: { bytes: Uint8Array; pages: number } | null = null;
  for (const scale of REPORT_PDF_SCALES) {
    const bytes = await print({ ...REPORT_PDF_OPTIONS, scale });
    const pages = pdfPageCount(bytes);
    if (pages <= 1) return bytes;
    if (!best || pages < best.pages) best = { bytes, pages };
  }
  return best!.bytes;
}

/**
 * The hidden window the report is printed in. It shows data the app made itself, but the texts in it (titles, notes,
 * patient names) were typed by people, so it is treated as untrusted content all the same.
 */
export const PDF_WINDOW_OPTIONS = {
  // Never on screen: it exists only to be printed. It must still lay out and paint while hidden for printToPDF.
  show: false,
  paintWhenInitiallyHidden: true,
  // A4 at 96 dpi, so the screen layout before printing matches the page.
  width: 794,
  height: 1123,
  webPreferences: {
    // The report is static HTML + SVG: no script is needed, so none can run (not even one smuggled into a note).
    javascript: false,
    // Chromium's OS sandbox around the renderer process, as for the app window.
    sandbox: true,
    // No preload is set; isolation still keeps any future preload's world apart from the page.
    contextIsolation: true,
    // Node stays out of the page, its workers and frames.
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    // Same-origin policy and mixed-content blocking stay on.
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    // No <webview>, no dev tools, no spell-check dictionary download, no navigation by a file dropped on it.
    webviewTag: false,
    devTools: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    disableBlinkFeatures: 'Auxclick',
    // Its own in-memory session: no cache or storage on disk, and a request filter that lets only the page through.
    partition: REPORT_PDF_PARTITION,
  },
} as const satisfies BrowserWindowConstructorOptions;

/** What the PDF flow needs from Electron and the core (injected so tests can drive it with fakes). */
export interface ReportPdfDeps {
  readonly BrowserWindow: new (options: BrowserWindowConstructorOptions) => Pick<BrowserWindow, 'loadURL' | 'destroy' | 'isDestroyed'> & { readonly webContents: WebContents };
  readonly session: { fromPartition(partition: string): Session };
  readonly dialog: Pick<Dialog, 'showSaveDialog'>;
  /** The app window the save dialog belongs to (null: a free dialog). */
  readonly parent: () => BaseWindow | null;
  /** Folder the save dialog starts in (the user's Documents). */
  readonly documentsDir: string;
  /** The session's report from the core: its HTML, the patient's name and the recording's start (ISO). */
  readonly buildReport: (profileId: string, sessionId: string) => Promise<Result<{ html: string; patient: string; startedAt: string }>>;
  /** Writes the file; default {@link writeFileAtomic}. */
  readonly writeFile?: (path: string, bytes: Uint8Array) => Promise<void>;
  /** Default {@link REPORT_PDF_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
  /** Language of the save dialog (title, filter) and of the default file name's words; default English. */
  readonly language?: Language;
}

const renderFailed = (detail: string): Result<never> => ({ ok: false, error: { kind: 'report-pdf-failed', reason: 'render-failed', path: '', detail: detail.slice(0, 200) } });

/** The report as a data: URL, with {@link REPORT_PDF_CSP} put first into its head (no temp file with patient data). */
export function reportDataUrl(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${REPORT_PDF_CSP}">`;
  const withCsp = /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (h) => `${h}${meta}`) : `${meta}${html}`;
  return `data:text/html;charset=utf-8;base64,${Buffer.from(withCsp, 'utf8').toString('base64')}`;
}

const lockedSessions = new WeakSet<object>();

/** Denies every permission of the PDF session and cancels every request except the one data: page. */
export function lockDownPdfSession(ses: Session): void {
  if (lockedSessions.has(ses)) return;
  lockedSessions.add(ses);
  ses.setPermissionRequestHandler((_wc, _permission, callback) => { callback(false); });
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setSpellCheckerEnabled(false);
  ses.on('will-download', (event) => { event.preventDefault(); });
  // No network, no file://, no app:// from the report: only the data: URL main itself loads.
  ses.webRequest.onBeforeRequest((details, callback) => { callback({ cancel: !details.url.startsWith('data:') }); });
}

/** Loads the report with JavaScript off and prints it; the window is destroyed whatever happens. */
export async function renderReportPdf(deps: Pick<ReportPdfDeps, 'BrowserWindow' | 'session' | 'timeoutMs'>, html: string): Promise<Result<Uint8Array>> {
  const url = reportDataUrl(html);
  if (url.length > MAX_REPORT_URL_CHARS) return renderFailed('the report is too large');
  let win: InstanceType<ReportPdfDeps['BrowserWindow']> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  try {
    lockDownPdfSession(deps.session.fromPartition(REPORT_PDF_PARTITION));
    const w = new deps.BrowserWindow(PDF_WINDOW_OPTIONS);
    win = w;
    // Also registered for every web contents by main.ts; repeated here so this window is never left without it.
    hardenWebContents(w.webContents);
    const work = (async () => { await w.loadURL(url); return printFittedToPage((options) => w.webContents.printToPDF(options)); })();
    work.catch(() => undefined); // after a timeout the window is gone and this rejects: nobody waits for it any more
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${deps.timeoutMs ?? REPORT_PDF_TIMEOUT_MS} ms`)), deps.timeoutMs ?? REPORT_PDF_TIMEOUT_MS); });
    const bytes = await Promise.race([work, timeout]);
    if (bytes.length < 8 || Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-') return renderFailed('the printer returned no PDF');
    return { ok: true, value: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  } catch (e) {
    return renderFailed(e instanceof Error ? e.message : String(e));
  } finally {
    if (timer) clearTimeout(timer);
    if (win && !win.isDestroyed()) win.destroy();
  }
}

/**
 * A file name from the patient and the recording date, safe on every OS: `Loslaten report Anna 2026-11-25.pdf`;
 * `words` (the catalogue's `shell.pdf.fileName`, default English) come first.
 */
export function defaultPdfName(patient: string, startedAt: string, words: string = shellText('en', 'shell.pdf.fileName')): string {
  const clean = (s: string) => s.replace(/[\\/:*?"<>|\p{Cc}]/gu, '-').replace(/\s+/g, ' ').trim().replace(/^\.+|\.+$/g, '').slice(0, 80).trim();
  const who = clean(patient) === 'X' ? '' : clean(patient);
  const date = /^\d{4}-\d\d-\d\d/.exec(startedAt)?.[0] ?? '';
  return [clean(words), who, date].filter(Boolean).join(' ') + '.pdf';
}

/** Adds `.pdf` to a name typed without any extension (Linux dialogs do not add it), unless that name exists. */
export function withPdfExtension(path: string): string {
  if (extname(path) !== '') return path;
  return existsSync(`${path}.pdf`) ? path : `${path}.pdf`;
}

/** Writes owner-only (0600: it holds health data) to a temp name beside the target, then renames; no half file stays. */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, bytes, { mode: 0o600, flag: 'wx' });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/** Maps a failed write to the error the user sees (disk full and permissions get their own words). */
export function writeError(path: string, e: unknown): AppError {
  const code = (e as NodeJS.ErrnoException | null)?.code ?? '';
  const reason = code === 'ENOSPC' || code === 'EDQUOT' ? 'disk-full' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'no-permission' : 'write-failed';
  const message = e instanceof Error ? e.message : String(e);
  return { kind: 'report-pdf-failed', reason, path, detail: (code && !message.includes(code) ? `${code} ${message}` : message).slice(0, 200) };
}

/**
 * The whole Save as PDF flow for one session: build the report (core), print it (hidden window, destroyed before the
 * dialog opens), ask where to save (default name from patient and date, .pdf filter), write it. Errors are values.
 */
export async function saveReportPdf(deps: ReportPdfDeps, req: { readonly profileId: string; readonly sessionId: string }): Promise<Result<SavedReportPdf>> {
  const report = await deps.buildReport(req.profileId, req.sessionId);
  if (!report.ok) return report;
  const pdf = await renderReportPdf(deps, report.value.html);
  if (!pdf.ok) return pdf;
  const lang = deps.language ?? 'en';
  const opts: SaveDialogOptions = {
    title: shellText(lang, 'shell.pdf.title'),
    defaultPath: join(deps.documentsDir, defaultPdfName(report.value.patient, report.value.startedAt, shellText(lang, 'shell.pdf.fileName'))),
    filters: [{ name: shellText(lang, 'shell.pdf.filter'), extensions: ['pdf'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const parent = deps.parent();
  const choice = await (parent ? deps.dialog.showSaveDialog(parent, opts) : deps.dialog.showSaveDialog(opts));
  if (choice.canceled || !choice.filePath) return { ok: false, error: { kind: 'cancelled' } };
  const target = withPdfExtension(choice.filePath);
  try {
    await (deps.writeFile ?? writeFileAtomic)(target, pdf.value);
  } catch (e) {
    return { ok: false, error: writeError(target, e) };
  }
  return { ok: true, value: { path: target, bytes: pdf.value.byteLength } };
}

// Electron hardening for every session and web contents: CSP, denied permissions, no navigation, popups, webviews or network.
import type { Event, Session, WebContents } from 'electron';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from '../../api/isolation-headers.ts';

/**
 * Content-Security-Policy of every response the renderer gets: only the app's own scripts, styles and images, no
 * inline code, no remote origin of any kind (no CDN, no telemetry), no frames, forms or plugins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers added to every app:// response (and, via onHeadersReceived, to any other response). */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // Cross-origin isolation, the same as the browser host's (core/web-host.ts): app:// is a registered secure
    // scheme, so with COOP + COEP the page is crossOriginIsolated in Electron too.
    ...CROSS_ORIGIN_ISOLATION_HEADERS,
    'Cache-Control': 'no-store',
  };
}

/**
 * URL patterns of every network scheme; requests to them from the renderer are cancelled. The app makes no network
 * connection: the device is reached by the main process over serial, the UI comes from app://. (file:// needs no
 * pattern: an app:// page cannot load file:// resources while webSecurity is on.)
 */
export const BLOCKED_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] as const;

/** Replaces any CSP header (whatever its letter case) with ours and adds the other security headers. */
export function withSecurityHeaders(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const ours = securityHeaders();
  const ourKeys = new Set(Object.keys(ours).map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(headers ?? {})) if (!ourKeys.has(k.toLowerCase())) out[k] = v;
  for (const [k, v] of Object.entries(ours)) out[k] = [v];
  return out;
}

/**
 * Locks down a session: every permission request and check is denied (serial access lives in the main process, the
 * renderer needs no camera, notification, HID, USB or serial permission), device access and device pickers are
 * denied, downloads are cancelled, network requests are cancelled, and every response carries the CSP.
 */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => { callback(false); });
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // No hunspell dictionary download from Chromium's CDN (the app makes no network connection).
  ses.setSpellCheckerEnabled(false);
  ses.on('will-download', (event: Event) => { event.preventDefault(); });
  // Web Serial / WebHID / WebUSB pickers: the renderer never chooses a device (the main process owns the serial port).
  ses.on('select-serial-port', (event, _ports, _wc, callback) => { event.preventDefault(); callback(''); });
  ses.on('select-hid-device', (event, _details, callback) => { event.preventDefault(); callback(null); });
  ses.on('select-usb-device', (event, _details, callback) => { event.preventDefault(); callback(); });
  ses.webRequest.onBeforeRequest({ urls: [...BLOCKED_URL_PATTERNS] }, (_details, callback) => { callback({ cancel: true }); });
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) });
  });
}

/**
 * Locks down one web contents: no navigation away from the loaded page (the UI is a single page; links never
 * navigate), no redirects, no new windows (`window.open`, target=_blank, middle click), no `<webview>`, no Bluetooth
 * device picker.
 * `shell.openExternal` is never called by this app, so a denied window is simply dropped.
 */
export function hardenWebContents(wc: WebContents): void {
  wc.on('will-navigate', (event) => { event.preventDefault(); });
  wc.on('will-frame-navigate', (event) => { event.preventDefault(); });
  wc.on('will-redirect', (event) => { event.preventDefault(); });
  wc.on('will-attach-webview', (event) => { event.preventDefault(); });
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('select-bluetooth-device', (event, _devices, callback) => { event.preventDefault(); callback(''); });
}

// The cross-origin isolation both hosts give the page (Electron's app:// and the browser host on 127.0.0.1): with these
// the page is `crossOriginIsolated`, may share memory (SharedArrayBuffer) with its workers, and can embed nothing from
// another origin. One definition, so the two hosts cannot drift apart.

/** Response headers for cross-origin isolation (COOP + COEP), and CORP so our own files stay same-origin only. */
export const CROSS_ORIGIN_ISOLATION_HEADERS: Readonly<Record<'Cross-Origin-Opener-Policy' | 'Cross-Origin-Embedder-Policy' | 'Cross-Origin-Resource-Policy', string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

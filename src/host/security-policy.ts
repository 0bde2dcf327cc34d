/**
 * The content security policy of the UI, one string for both shells (`seam serve` sends it as a
 * header, Electron main as a header on its own protocol and through `onHeadersReceived`; the
 * renderer's index.html repeats it in a meta tag). No inline script, no eval, nothing loaded
 * from anywhere but the app itself; inline styles stay allowed because the graph library sets
 * element styles. `frame-ancestors` and `base-uri` close clickjacking and base-tag injection.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Headers every UI response carries, whichever shell serves it. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

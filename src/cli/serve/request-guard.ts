/**
 * Who may talk to `seam serve`. The server listens on 127.0.0.1 only, but any page the user
 * visits, and any other local user, can still reach a loopback port; so every request must pass:
 *
 * 1. Host: exactly `127.0.0.1:<port>` or `localhost:<port>`. A DNS-rebinding page (evil.example
 *    re-pointed at 127.0.0.1) sends its own name here and is refused.
 * 2. Origin: absent (a top-level navigation, curl) or exactly this server's own origin. A page of
 *    another origin can make the browser send requests, never with our origin.
 * 3. Token: 32 random bytes made at start and printed only in the URL on the terminal. Accepted
 *    from the `token` query parameter (the first page load), the `X-Seam-Token` header (scripts),
 *    or an HttpOnly, SameSite=Strict cookie the first page load sets. The page then redirects to
 *    itself without `?token=` so the secret leaves the address bar and the history; from there
 *    on the browser sends the cookie on same-origin requests only, script cannot read it, and
 *    the UI needs no code to carry it. The cookie name carries the port: cookies are not
 *    port-isolated, so two servers on one machine must not overwrite each other's.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface GuardVerdict {
  ok: boolean;
  /** why it was refused (sent back as the 403 body, so the user can tell which rule fired) */
  reason?: string;
  /** the request carried a valid token in its query string (set the cookie, strip the token) */
  viaQuery?: boolean;
}

export function cookieName(port: number): string {
  return `seam-token-${port}`;
}

function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function checkRequest(req: IncomingMessage, url: URL, port: number, token: string): GuardVerdict {
  const host = req.headers.host;
  if (host === undefined || !allowedHosts(port).includes(host.toLowerCase())) {
    return { ok: false, reason: `refused: Host '${String(host ?? '')}' is not this server (use http://127.0.0.1:${port}/)` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host.toLowerCase()}`) {
    return { ok: false, reason: `refused: requests from origin '${origin}' are not allowed` };
  }
  const query = url.searchParams.get('token');
  if (query !== null && sameSecret(query, token)) return { ok: true, viaQuery: true };
  const header = req.headers['x-seam-token'];
  if (typeof header === 'string' && sameSecret(header, token)) return { ok: true };
  const cookie = cookieValue(req.headers.cookie, cookieName(port));
  if (cookie !== undefined && sameSecret(cookie, token)) return { ok: true };
  return { ok: false, reason: 'refused: missing or wrong token; open the URL seam serve printed (it carries ?token=...)' };
}

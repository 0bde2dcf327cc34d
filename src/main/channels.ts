/**
 * The IPC channels between Electron main and the preload: one to call an operation of the UI
 * contract, one for host events. The preload (a sandboxed CommonJS script, which may require
 * nothing but 'electron') spells them out itself; test/electron checks both sides agree.
 */
export const CALL_CHANNEL = 'seam:call';
export const EVENT_CHANNEL = 'seam:event';

/** The renderer's origin: a privileged custom scheme, not file:// (which would share its origin with every local file). */
export const APP_SCHEME = 'seam';
export const APP_HOST = 'app';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True for a URL of the app's own pages (`seam://app/...`). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * The IPC transport of the UI contract: one `ipcMain.handle` for every operation, and host events
 * forwarded to the window. A call is answered only when it comes from our window's own
 * webContents, from its main frame, showing a page of the app's origin (`seam://app/`): a
 * navigated-away page, an iframe or any other webContents gets `forbidden` and reaches nothing.
 * The request itself is validated by the host, like every other transport's.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { ApiResult } from '../shared/contract.js';
import type { Host } from '../host/operations.js';
import { CALL_CHANNEL, EVENT_CHANNEL, isAppUrl } from './channels.js';

function trusted(event: IpcMainInvokeEvent, win: BrowserWindow | null): boolean {
  if (!win || win.isDestroyed() || event.sender !== win.webContents) return false;
  const frame = event.senderFrame;
  return frame !== null && frame === win.webContents.mainFrame && isAppUrl(frame.url);
}

/**
 * Route calls from `window()` to the host (`afterCall` sees each answer, e.g. to remember an
 * opened workspace); returns the function that removes the handler and the event forwarding.
 */
export function connectIpc(window: () => BrowserWindow | null, host: Host, afterCall?: (op: unknown, result: ApiResult<unknown>) => void): () => void {
  ipcMain.handle(CALL_CHANNEL, async (event, op: unknown, req: unknown): Promise<ApiResult<unknown>> => {
    if (!trusted(event, window())) return { ok: false, code: 'forbidden', message: 'seam: operations are answered only for the Seam window' };
    const result = await host.call(op, req);
    afterCall?.(op, result);
    return result;
  });
  const off = host.onEvent((hostEvent) => {
    const win = window();
    if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, hostEvent);
  });
  return () => {
    off();
    ipcMain.removeHandler(CALL_CHANNEL);
  };
}

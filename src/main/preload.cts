/**
 * The preload: the only bridge between the sandboxed renderer and Electron main. It exposes
 * exactly `window.seam = { call(op, req), onEvent(listener) }` (the `SeamClient` of
 * src/shared/contract.ts) and never `ipcRenderer` itself, so page script can reach nothing but
 * the named operations, over two fixed channels.
 *
 * Why `.cts`: with `sandbox: true` a preload runs as a CommonJS script that may require only
 * 'electron' (no ESM, no relative modules), so this file compiles to CommonJS and repeats the
 * operation names and channels instead of importing them; test/electron/hardening.test.ts
 * checks they match src/shared/contract.ts and src/main/channels.ts.
 */
// a sandboxed preload is CommonJS and may require only 'electron'
import electron = require('electron');
import type { ApiResult, HostEvent, OperationName, SeamClient } from '../shared/contract.js';

const CALL_CHANNEL = 'seam:call';
const EVENT_CHANNEL = 'seam:event';

const OPERATION_NAMES: readonly string[] = [
  'session.info',
  'session.open',
  'analysis.run',
  'state.get',
  'graph.get',
  'matrix.get',
  'service.details',
  'edit.apply',
  'edit.undo',
  'edit.redo',
  'edit.log',
  'scenario.save',
  'scenario.switch',
  'scenario.compare',
  'export.run',
  'export.previewReport',
] satisfies readonly OperationName[];

function failure(code: string, message: string): ApiResult<never> {
  return { ok: false, code, message };
}

const seam: SeamClient = {
  call(op, req) {
    if (typeof op !== 'string' || !OPERATION_NAMES.includes(op)) return Promise.resolve(failure('unknown-operation', `unknown operation '${String(op)}'`));
    return electron.ipcRenderer.invoke(CALL_CHANNEL, op, req).catch((err: unknown) => failure('transport', `${op}: the Seam main process did not answer (${(err as Error).message})`));
  },
  onEvent(listener) {
    if (typeof listener !== 'function') throw new TypeError('seam.onEvent needs a function');
    const forward = (_event: electron.IpcRendererEvent, hostEvent: HostEvent): void => listener(hostEvent);
    electron.ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      electron.ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
};

electron.contextBridge.exposeInMainWorld('seam', seam);

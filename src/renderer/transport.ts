/**
 * The two ways the renderer reaches its host, behind the one `SeamClient` interface of
 * src/shared/contract.ts: Electron's preload exposes `window.seam`; `seam serve` answers
 * `POST /api/<operation>` and streams `GET /api/events` (server-sent events). The serve token
 * comes in the page URL (`?token=`), stays in memory, and goes back as the `X-Seam-Token` header
 * on every call and as `?token=` on the event stream (EventSource cannot send headers).
 * Nothing here throws across the boundary: failures come back as `{ ok: false }`.
 */
import type { ApiResult, HostEvent, OperationName, RequestOf, ResponseOf, SeamClient } from '../shared/contract.js';

declare global {
  interface Window {
    /** set by the Electron preload */
    seam?: SeamClient;
  }
}

const EVENT_TYPES = ['message', 'progress', 'state-changed'] as const;

function failure(code: string, message: string): { ok: false; code: string; message: string } {
  return { ok: false, code, message };
}

function isApiResult(value: unknown): value is ApiResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return (value as { ok: unknown }).ok === true ? 'value' in value : typeof (value as { message?: unknown }).message === 'string';
}

function isHostEvent(value: unknown): value is HostEvent {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'progress' || type === 'state-changed';
}

/** The client for a page served by `seam serve`. */
export function browserClient(options: { base?: string; token: string | null }): SeamClient {
  const base = options.base ?? '';
  const token = options.token;
  const listeners = new Set<(event: HostEvent) => void>();
  let source: EventSource | null = null;

  const dispatch = (message: MessageEvent): void => {
    let data: unknown;
    try {
      data = JSON.parse(String(message.data));
    } catch {
      return;
    }
    if (!isHostEvent(data)) return;
    for (const listener of listeners) listener(data);
  };

  const connect = (): void => {
    if (source || typeof EventSource === 'undefined') return;
    const url = `${base}/api/events${token ? `?token=${encodeURIComponent(token)}` : ''}`;
    source = new EventSource(url);
    for (const type of EVENT_TYPES) source.addEventListener(type, dispatch);
  };

  const disconnect = (): void => {
    if (!source) return;
    source.close();
    source = null;
  };

  return {
    async call<K extends OperationName>(op: K, req: RequestOf<K>): Promise<ApiResult<ResponseOf<K>>> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers['x-seam-token'] = token;
      let response: Response;
      try {
        response = await fetch(`${base}/api/${op}`, { method: 'POST', headers, body: JSON.stringify(req), credentials: 'same-origin' });
      } catch (error) {
        return failure('transport', `${op}: the Seam server did not answer (${(error as Error).message}); is \`seam serve\` still running?`);
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return failure('transport', `${op}: the Seam server answered ${response.status} without a JSON body`);
      }
      if (!isApiResult(body)) return failure('transport', `${op}: the Seam server answered ${response.status} with an unexpected body`);
      return body as ApiResult<ResponseOf<K>>;
    },
    onEvent(listener: (event: HostEvent) => void): () => void {
      listeners.add(listener);
      connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) disconnect();
      };
    },
  };
}

/** Electron's preload client when present, otherwise the `seam serve` one for this page. */
export function pickClient(win: Window = window): SeamClient {
  if (win.seam) return win.seam;
  const token = new URLSearchParams(win.location.search).get('token');
  return browserClient({ token });
}

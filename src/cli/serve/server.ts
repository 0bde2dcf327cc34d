/**
 * The HTTP transport of the UI contract: `POST /api/<operation>` with a JSON body answers the
 * host's `ApiResult` as JSON, `GET /api/events` streams host events (server-sent events), every
 * other GET is a file of the built renderer. Bound to 127.0.0.1 only; every request passes the
 * guard (request-guard.ts) first; every response carries the UI's security headers.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isOperationName, type ApiResult } from '../../shared/contract.js';
import type { Host } from '../../host/operations.js';
import { SECURITY_HEADERS } from '../../host/security-policy.js';
import { checkRequest, cookieName } from './request-guard.js';
import { readStatic } from './static-files.js';

/** Largest request body: the biggest request (an edit moving every module of a large repo) is far below. */
export const MAX_BODY_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

export interface ServeOptions {
  host: Host;
  /** 0: any free port */
  port: number;
  /** folder of the built renderer */
  staticDir: string;
  /** the secret; default 32 random bytes */
  token?: string;
}

export interface RunningServer {
  port: number;
  token: string;
  /** the URL to open: carries the token */
  url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), 'Cache-Control': 'no-store', ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendResult(res: ServerResponse, status: number, result: ApiResult<unknown>): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(result));
}

const failure = (code: string, message: string): ApiResult<never> => ({ ok: false, code, message });

class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_BODY_BYTES) {
      reject(new BodyError(413, 'too-large', `request body over ${MAX_BODY_BYTES} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyError(413, 'too-large', `request body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handleApi(host: Host, req: IncomingMessage, res: ServerResponse, op: string): Promise<void> {
  if (req.method !== 'POST') {
    sendResult(res, 405, failure('method-not-allowed', `use POST /api/${op} with a JSON body`));
    return;
  }
  if (!isOperationName(op)) {
    sendResult(res, 404, failure('unknown-operation', `unknown operation '${op.slice(0, 80)}'`));
    return;
  }
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    sendResult(res, 415, failure('unsupported-media-type', 'send the request as Content-Type: application/json'));
    return;
  }
  let body: unknown;
  try {
    const text = await readBody(req);
    body = text.trim() === '' ? {} : (JSON.parse(text) as unknown);
  } catch (err) {
    if (err instanceof BodyError) sendResult(res, err.status, failure(err.code, `${op}: ${err.message}`));
    else sendResult(res, 400, failure('bad-json', `${op}: the body is not JSON (${(err as Error).message})`));
    return;
  }
  sendResult(res, 200, await host.call(op, body));
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const streams = new Set<ServerResponse>();
  let port = 0;

  const events = (req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write('retry: 2000\n\n');
    streams.add(res);
    const off = options.host.onEvent((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    const beat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const stop = (): void => {
      off();
      clearInterval(beat);
      streams.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      send(res, 400, 'text/plain; charset=utf-8', 'bad request\n');
      return;
    }
    const verdict = checkRequest(req, url, port, token);
    if (!verdict.ok) {
      send(res, 403, 'text/plain; charset=utf-8', `${verdict.reason}\n`);
      return;
    }
    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') {
        sendResult(res, 405, failure('method-not-allowed', 'use GET /api/events'));
        return;
      }
      events(req, res);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      await handleApi(options.host, req, res, url.pathname.slice('/api/'.length));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    if (verdict.viaQuery) {
      // take the secret out of the address bar and the history: the cookie carries it from now on
      url.searchParams.delete('token');
      const cookie = `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
      send(res, 303, 'text/plain; charset=utf-8', 'see other\n', { 'Set-Cookie': cookie, Location: `${url.pathname}${url.search}` });
      return;
    }
    const file = readStatic(options.staticDir, url.pathname);
    send(res, file.status, file.type, file.body, file.status === 200 ? { 'Cache-Control': 'no-cache' } : {});
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendResult(res, 500, failure('internal', `server error: ${(err as Error).message}`));
      else res.destroy();
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 0; // the event stream stays open

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: '127.0.0.1', exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

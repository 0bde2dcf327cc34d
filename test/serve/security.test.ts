/**
 * `seam serve` as users run it: the compiled bin in its own process, real HTTP on a real port.
 * Who gets in (the token, the Host and Origin rules), what the pages carry (CSP, nosniff), what
 * the static files never give away (anything outside the renderer's folder), where it listens
 * (127.0.0.1 only), and that Ctrl+C stops it cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/host/security-policy.js';
import { SEAM_BIN } from '../support/run-seam.js';
import { tempDir } from '../workspace/helpers.js';

const SHOP = resolve(import.meta.dirname, '..', '..', 'fixtures', 'monoliths', 'shop');
const SECRET = 'this file is outside the renderer folder';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Served {
  child: ChildProcess;
  port: number;
  token: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

const tmp = tempDir('serve');
const repo = join(tmp.dir, 'shop');
const ui = join(tmp.dir, 'ui');

function serve(env: Record<string, string>): Promise<Served> {
  const child = spawn(process.execPath, [SEAM_BIN, 'serve', repo, '--no-open', '--port', '0', '--no-history'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`seam serve printed no URL in time:\n${out}\n${err}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        done({ child, port: Number(m[1]), token: m[2]!, stdout: () => out, stderr: () => err, exit });
      }
    });
    void exit.then((code) => fail(new Error(`seam serve exited with ${code}:\n${out}\n${err}`)));
  });
}

/** A raw HTTP request: the path is sent as written (no normalisation), any header can be forged. */
function send(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string; address?: string }): Promise<Reply> {
  return new Promise((done, fail) => {
    const req = request({ host: options.address ?? '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers ?? {}, setHost: options.headers?.Host === undefined }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end(options.body);
  });
}

let server: Served;
const api = (op: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
  send(server.port, { method: 'POST', path: `/api/${op}`, headers: { 'Content-Type': 'application/json', 'X-Seam-Token': server.token, ...headers }, body: JSON.stringify(body) });

beforeAll(async () => {
  cpSync(SHOP, repo, { recursive: true });
  mkdirSync(join(ui, 'assets'), { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Seam</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(ui, 'assets', 'app.js'), 'export const app = 1;\n');
  writeFileSync(join(tmp.dir, 'secret.txt'), SECRET);
  server = await serve({ SEAM_RENDERER_DIR: ui });
});

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGKILL');
    await server.exit;
  }
  tmp.cleanup();
});

describe('seam serve: who gets in', () => {
  it('prints the URL with the actual port and a 32-byte token', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32);
    expect(server.stdout()).toContain(`repository: ${realpathSync(repo)}`);
  });

  it('refuses a request without the token', async () => {
    const r = await send(server.port, { path: '/' });
    expect(r.status).toBe(403);
    expect(r.body).toContain('missing or wrong token');
    expect((await send(server.port, { method: 'POST', path: '/api/session.info', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(403);
  });

  it('refuses a wrong token, in the header, the query and the cookie', async () => {
    const wrong = `${server.token.slice(0, -1)}${server.token.endsWith('A') ? 'B' : 'A'}`;
    expect((await api('session.info', {}, { 'X-Seam-Token': wrong })).status).toBe(403);
    expect((await send(server.port, { path: `/?token=${wrong}` })).status).toBe(403);
    expect((await send(server.port, { path: '/', headers: { Cookie: `seam-token-${server.port}=${wrong}` } })).status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding), even with the right token', async () => {
    const r = await api('session.info', {}, { Host: `attacker.example:${server.port}` });
    expect(r.status).toBe(403);
    expect(r.body).toContain(`Host 'attacker.example:${server.port}' is not this server`);
    expect((await api('session.info', {}, { Host: `127.0.0.1:${server.port + 1}` })).status).toBe(403);
    expect((await api('session.info', {}, { Host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin, even with the right token, and accepts its own', async () => {
    const r = await api('session.info', {}, { Origin: 'http://attacker.example' });
    expect(r.status).toBe(403);
    expect(r.body).toContain("requests from origin 'http://attacker.example' are not allowed");
    expect((await api('session.info', {}, { Origin: 'null' })).status).toBe(403);
    expect((await api('session.info', {}, { Origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
  });

  it('answers an operation with the right token', async () => {
    const info = JSON.parse((await api('session.info', {})).body);
    expect(info).toMatchObject({ ok: true, value: { root: realpathSync(repo), host: 'serve' } });
    const state = JSON.parse((await api('state.get', {})).body);
    expect(state.ok).toBe(true);
    expect(state.value.services).toHaveLength(10);
  });

  it('trades the token in the page URL for an HttpOnly SameSite cookie and drops it from the address', async () => {
    const first = await send(server.port, { path: `/?token=${server.token}` });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(first.headers['set-cookie']).toEqual([`seam-token-${server.port}=${server.token}; HttpOnly; SameSite=Strict; Path=/`]);
    const page = await send(server.port, { path: '/', headers: { Cookie: `other=1; seam-token-${server.port}=${server.token}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Seam</title>');
  });
});

describe('seam serve: what it sends', () => {
  it('sends the strict CSP and nosniff on pages and API answers', async () => {
    const page = await send(server.port, { path: '/', headers: { 'X-Seam-Token': server.token } });
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toBe("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const answer = await api('session.info', {});
    expect(answer.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('serves the renderer files with their types, and index.html for the UI routes', async () => {
    const js = await send(server.port, { path: '/assets/app.js', headers: { 'X-Seam-Token': server.token } });
    expect([js.status, js.headers['content-type'], js.body]).toEqual([200, 'text/javascript; charset=utf-8', 'export const app = 1;\n']);
    expect((await send(server.port, { path: '/services/orders', headers: { 'X-Seam-Token': server.token } })).body).toContain('<title>Seam</title>');
    expect((await send(server.port, { path: '/assets/missing.js', headers: { 'X-Seam-Token': server.token } })).status).toBe(404);
  });

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/%2e%2e%5c%2e%2e%5csecret.txt'])(
    'never serves a file outside the renderer folder: %s',
    async (path) => {
      const r = await send(server.port, { path, headers: { 'X-Seam-Token': server.token } });
      expect(r.body).not.toContain(SECRET);
      expect([400, 404]).toContain(r.status);
    },
  );

  it('refuses bodies that are too large, not JSON, or not sent as JSON', async () => {
    const big = await api('state.get', { scenario: 'x'.repeat(1024 * 1024 + 10) });
    expect([big.status, JSON.parse(big.body).code]).toEqual([413, 'too-large']);
    const bad = await send(server.port, { method: 'POST', path: '/api/state.get', headers: { 'Content-Type': 'application/json', 'X-Seam-Token': server.token }, body: '{not json' });
    expect([bad.status, JSON.parse(bad.body).code]).toEqual([400, 'bad-json']);
    const form = await send(server.port, { method: 'POST', path: '/api/state.get', headers: { 'Content-Type': 'text/plain', 'X-Seam-Token': server.token }, body: '{}' });
    expect([form.status, JSON.parse(form.body).code]).toEqual([415, 'unsupported-media-type']);
    const unknown = await api('fs.read', {});
    expect([unknown.status, JSON.parse(unknown.body).code]).toEqual([404, 'unknown-operation']);
    const invalid = JSON.parse((await api('graph.get', { level: 'files' })).body);
    expect(invalid).toEqual({ ok: false, code: 'invalid-request', message: "graph.get: field 'level' must be 'modules' or 'services' (got \"files\")" });
  });

  it('streams host events: an edit arrives as state-changed', async () => {
    const received = new Promise<string>((done, fail) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { 'X-Seam-Token': server.token } }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
          if (text.includes('state-changed')) {
            req.destroy();
            done(text);
          }
        });
      });
      req.on('error', fail);
      req.end();
      setTimeout(() => void api('edit.apply', { edit: { kind: 'rename', service: 'reports', name: 'reporting' } }), 200);
    });
    expect(await received).toMatch(/data: \{"type":"state-changed","scenario":"proposal","seq":\d+\}\n\n/);
  });
});

describe('seam serve: where it listens', () => {
  // every other address of this machine (link-local ones need a scope id: left out); on Linux all of 127/8 is loopback too
  const others = [
    ...Object.values(networkInterfaces())
      .flat()
      .map((a) => a?.address)
      .filter((a): a is string => a !== undefined && a !== '127.0.0.1' && !a.startsWith('fe80')),
    ...(process.platform === 'linux' ? ['127.0.0.2'] : []),
  ];

  const attempt = (address: string): Promise<string> =>
    new Promise<string>((done) => {
      const socket = connect({ host: address, port: server.port });
      socket.setTimeout(3000, () => {
        socket.destroy();
        done('timeout');
      });
      socket.on('connect', () => {
        socket.destroy();
        done('connected');
      });
      socket.on('error', (err: NodeJS.ErrnoException) => done(err.code ?? 'error'));
    });

  it('accepts connections on 127.0.0.1', async () => {
    expect(await attempt('127.0.0.1')).toBe('connected');
  });

  it.each(others)('refuses connections on %s, another address of this machine', async (address) => {
    expect(await attempt(address)).toBe('ECONNREFUSED');
  });
});

describe('seam serve: without a built UI, and stopping', () => {
  it('says how to build the UI when dist-renderer is missing, and keeps the API working', async () => {
    const other = await serve({ SEAM_RENDERER_DIR: join(tmp.dir, 'not-built') });
    try {
      const page = await send(other.port, { path: '/', headers: { 'X-Seam-Token': other.token } });
      expect(page.status).toBe(200);
      expect(page.body).toContain('npm run build:renderer');
      expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(other.stdout()).toContain("the UI is not built: run 'npm run build:renderer'");
      // a token is good for one start only
      expect((await send(other.port, { path: '/', headers: { 'X-Seam-Token': server.token } })).status).toBe(403);
    } finally {
      other.child.kill('SIGINT');
      expect(await other.exit).toBe(0);
    }
  });

  it('stops cleanly on Ctrl+C (SIGINT) with exit code 0', async () => {
    server.child.kill('SIGINT');
    expect(await server.exit).toBe(0);
    expect(server.stderr()).toContain('seam serve: stopping');
  });
});

/**
 * `seam serve` seen from a real browser (Debian's Chromium through playwright-core): the page
 * opened from the printed URL loses the token from its address, then talks to the API and the
 * event stream on the cookie alone, its own Origin passes, and the CSP forbids eval. The page is
 * a tiny stand-in for the renderer, so this checks the transport, not the UI.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { SEAM_BIN } from '../support/run-seam.js';
import { tempDir } from '../workspace/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOP = resolve(import.meta.dirname, '..', '..', 'fixtures', 'monoliths', 'shop');
const tmp = tempDir('serve-browser');
afterAll(() => tmp.cleanup());

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>probe</title><script type="module" src="/assets/probe.js"></script></head><body><pre id="out"></pre></body></html>`;
const PROBE = `
const lines = [];
const show = (s) => { lines.push(s); document.getElementById('out').textContent = lines.join('\\n'); };
show('address ' + location.pathname + location.search);
const events = new EventSource('/api/events');
events.onmessage = (m) => show('event ' + JSON.parse(m.data).type);
// subscribe before editing: an event sent before the stream is open is not replayed
await new Promise((open) => { events.onopen = open; });
const info = await fetch('/api/session.info', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
show('info ' + info.status + ' ' + (await info.json()).ok);
const edit = await fetch('/api/edit.apply', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ edit: { kind: 'rename', service: 'auth', name: 'identity' } }) });
show('edit ' + edit.status + ' ' + (await edit.json()).ok);
try { eval('1'); show('eval allowed'); } catch { show('eval blocked'); }
`;

describe.skipIf(!existsSync(CHROMIUM))('seam serve in a browser', () => {
  it('authenticates the page by cookie after the first load, streams events, and enforces the CSP', async () => {
    const repo = join(tmp.dir, 'shop');
    const ui = join(tmp.dir, 'ui');
    cpSync(SHOP, repo, { recursive: true });
    mkdirSync(join(ui, 'assets'), { recursive: true });
    writeFileSync(join(ui, 'index.html'), PAGE);
    writeFileSync(join(ui, 'assets', 'probe.js'), PROBE);
    const child = spawn(process.execPath, [SEAM_BIN, 'serve', repo, '--no-open', '--no-history'], { env: { ...process.env, SEAM_RENDERER_DIR: ui }, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    try {
      const url = await new Promise<string>((done) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out);
          if (m) done(m[0]);
        });
      });
      const context = await chromium.launchPersistentContext(join(tmp.dir, 'profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      try {
        const page = await context.newPage();
        await page.goto(url);
        await page.waitForFunction(() => (document.getElementById('out')?.textContent ?? '').includes('eval'), null, { timeout: 30_000 });
        await page.waitForFunction(() => (document.getElementById('out')?.textContent ?? '').includes('event state-changed'), null, { timeout: 10_000 });
        const lines = (await page.textContent('#out'))!.split('\n');
        expect(lines).toEqual(expect.arrayContaining(['address /', 'info 200 true', 'edit 200 true', 'eval blocked', 'event state-changed']));
        expect(lines[0]).toBe('address /');
      } finally {
        await context.close();
      }
    } finally {
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });
});

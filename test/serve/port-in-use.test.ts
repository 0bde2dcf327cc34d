/**
 * `seam serve --port <a port in use>`: exit 2 with what to do, and nothing left behind that this
 * start created (no .seam/ folder, no workspace file), while what existed before stays.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plantedCopy } from '../check/helpers.js';
import { runSeamAsync } from '../support/run-seam.js';

let busy: Server;
let port: number;

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done));
  port = (busy.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((done) => busy.close(() => done())));

const serve = (dir: string, ...args: string[]) => runSeamAsync(['serve', dir, '--port', String(port), '--no-open', '--no-history', ...args], { timeout: 60_000 });
const inUse = (): string => `seam serve: port ${port} is in use; pass another --port, or --port 0 for any free one\n`;

describe('seam serve on a port in use', () => {
  it('exits 2 and leaves no .seam/ folder or workspace in a fresh repository', async () => {
    const dir = plantedCopy();
    const before = readdirSync(dir).sort();
    const r = await serve(dir);
    expect(r).toEqual({ code: 2, stdout: '', stderr: inUse() });
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(existsSync(join(dir, '.seam'))).toBe(false);
  });

  it('removes only the workspace it created: a --workspace file, or one in a .seam/ folder that was already there', async () => {
    const dir = plantedCopy();
    const named = join(dir, 'named.db');
    expect(await serve(dir, '--workspace', named)).toEqual({ code: 2, stdout: '', stderr: inUse() });
    expect(readdirSync(dir).filter((f) => f.startsWith('named.db'))).toEqual([]);

    mkdirSync(join(dir, '.seam'));
    writeFileSync(join(dir, '.seam', 'notes.txt'), 'mine\n');
    expect(await serve(dir)).toEqual({ code: 2, stdout: '', stderr: inUse() });
    expect(readdirSync(join(dir, '.seam'))).toEqual(['notes.txt']);
  });
});

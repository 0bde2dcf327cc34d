/** `seam analyze --workspace`, `seam scenario` and `seam edit`, run as a user would (the built bin). */
import { cpSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeam } from '../support/run-seam.js';
import { sha256, tempDir } from './helpers.js';

const SHOP = resolve(import.meta.dirname, '..', '..', 'fixtures', 'monoliths', 'shop');
const tmp = tempDir('ws-cli');
const repo = join(tmp.dir, 'shop');
const ws = join(tmp.dir, 'shop.db');
const json = (stdout: string): unknown => JSON.parse(stdout);

beforeAll(() => {
  cpSync(SHOP, repo, { recursive: true });
});
afterAll(() => tmp.cleanup());

describe('seam analyze --workspace', () => {
  it('prints the facts as before and records the run, proposing a first scenario', () => {
    const r = runSeam(['analyze', repo, '--workspace', ws, '--no-history', '--format', 'json']);
    expect(r.code).toBe(0);
    expect((json(r.stdout) as { modules: unknown[] }).modules.length).toBeGreaterThan(100);
    expect(r.stderr).toContain(`seam analyze: recorded run 1 in ${ws}: `);
    expect(r.stderr).toContain(`seam analyze: proposed scenario proposal; see 'seam scenario show --workspace ${ws}'`);
  });

  it('parses nothing again when nothing changed', () => {
    const r = runSeam(['analyze', repo, '--workspace', ws, '--no-history', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`recorded run 2 in ${ws.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: (\\d+) modules, parsed 0, reused \\1`));
  });
});

describe('seam scenario and seam edit', () => {
  it('lists the scenarios with the active one marked', () => {
    const r = runSeam(['scenario', 'list', '--workspace', ws, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject([{ name: 'proposal', active: true, runId: 2, cursor: 1, canUndo: false, canRedo: false }]);
  });

  it('moves a module, reports the metrics and their deltas, and undoes and redoes it', () => {
    const moved = runSeam(['edit', ws, 'move', './src/controllers/cart-controller.ts', '--to', 'orders', '--format', 'json']);
    expect(moved.code).toBe(0);
    const out = json(moved.stdout) as { done: string; seq: number; deltas: unknown[]; canUndo: boolean };
    expect(out).toMatchObject({ done: 'move src/controllers/cart-controller.ts to orders', seq: 2, canUndo: true });
    expect((out.deltas as { metric: string }[]).slice(0, 7).map((d) => d.metric)).toEqual(['services', 'modules', 'sharedModules', 'sm', 'icp', 'ifn', 'ned']);
    for (const d of out.deltas as { before: number | null; after: number | null; delta: number | null }[]) {
      if (d.before !== null && d.after !== null) expect(d.delta).toBeCloseTo(d.after - d.before, 6);
    }

    const undone = runSeam(['edit', ws, 'undo', '--format', 'json']);
    expect(undone.code).toBe(0);
    expect(json(undone.stdout)).toMatchObject({ done: 'undo', seq: 1, canUndo: false, canRedo: true });
    const redone = runSeam(['edit', ws, 'redo', '--format', 'json']);
    expect(json(redone.stdout)).toMatchObject({ done: 'redo', seq: 2, canUndo: true, canRedo: false });

    const show = runSeam(['scenario', 'show', '--workspace', ws, '--format', 'json']);
    const d = (json(show.stdout) as { decomposition: { services: { name: string; modules: string[]; pinned: string[] }[] } }).decomposition;
    const orders = d.services.find((s) => s.name === 'orders')!;
    expect(orders.modules).toContain('src/controllers/cart-controller.ts');
    expect(orders.pinned).toEqual(['src/controllers/cart-controller.ts']);
  });

  it('saves a scenario, edits it, and diffs it against the first', () => {
    expect(runSeam(['scenario', 'save', 'single-auth', '--workspace', ws]).code).toBe(0);
    expect(runSeam(['edit', ws, 'merge', 'auth', 'customers', '--name', 'identity']).code).toBe(0);
    const r = runSeam(['scenario', 'diff', 'proposal', 'single-auth', '--workspace', ws, '--format', 'text']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('proposal vs single-auth\n');
    expect(r.stdout).toContain('  service svc-auth: auth in proposal, identity in single-auth\n');
    expect(r.stdout).toContain('  only in proposal: customers\n');
    expect(r.stdout).toContain('  src/services/customer-service.ts: customers -> identity\n');
    const list = json(runSeam(['scenario', 'list', '--workspace', ws, '--format', 'json']).stdout) as { name: string; active: boolean }[];
    expect(list.map((s) => [s.name, s.active])).toEqual([['proposal', false], ['single-auth', true]]);
  });

  it('exits 2 with a clear message on an unknown module, an empty undo, or a bad operation', () => {
    const unknown = runSeam(['edit', ws, 'pin', 'src/nope.ts']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("seam edit: edit: 'src/nope.ts' is not a module of this decomposition");
    const bad = runSeam(['edit', ws, 'frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown operation 'frobnicate'");
    runSeam(['edit', ws, 'undo']);
    const empty = runSeam(['edit', ws, 'undo']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("nothing to undo: scenario 'single-auth' has no edits to undo");
  });

  it('refuses a file that is not a workspace, naming it and leaving it as it was', () => {
    const notes = join(tmp.dir, 'notes.txt');
    writeFileSync(notes, 'not a database\n');
    const before = sha256(notes);
    const r = runSeam(['edit', notes, 'undo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${notes} is not a Seam workspace`);
    expect(sha256(notes)).toBe(before);
    const missing = runSeam(['scenario', 'list', '--workspace', join(tmp.dir, 'missing.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(tmp.dir, 'missing.db')} does not exist`);
  });
});

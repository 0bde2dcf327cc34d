import Database from 'better-sqlite3';
import { existsSync, readFileSync, truncateSync, writeFileSync, openSync, writeSync, closeSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/shared/errors.js';
import { appendEntry, currentState, readLog, redo, undo } from '../../src/workspace/edit-log.js';
import { packJson } from '../../src/workspace/codec.js';
import { insertRun } from '../../src/workspace/runs.js';
import { insertScenario } from '../../src/workspace/scenarios.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, SEAM_APPLICATION_ID } from '../../src/workspace/schema.js';
import { fileState, openStore, type Store } from '../../src/workspace/store.js';
import { decomposition, facts, sha256, tempDir } from './helpers.js';

const tmp = tempDir('store');
afterAll(() => tmp.cleanup());
let n = 0;
const fresh = (): string => join(tmp.dir, `ws-${++n}`, 'workspace.db');

/** A workspace with one run and one scenario `main` of services a, b. */
function seeded(file: string, modules = 4): Store {
  const store = openStore(file, { create: true });
  const paths = Array.from({ length: modules }, (_, i) => `src/m${i}.ts`);
  store.write(() => {
    const f = facts(paths);
    const runId = insertRun(store, { seamVersion: '0.1.0', root: '/repo', head: null, options: {}, facts: f, packedFacts: packJson(f), parsedCount: modules, files: f.modules.map((m) => ({ path: m.path, hash: m.hash })), fingerprints: new Map(), createdAt: 't0' });
    const half = Math.ceil(modules / 2);
    insertScenario(store, 'main', { kind: 'create', summary: 'proposed', runId, decomposition: decomposition({ a: paths.slice(0, half), b: paths.slice(half) }), notices: [], createdAt: 't0' }, true);
  });
  return store;
}

/** Rename service a to `name`, as an edit entry. */
function renameA(store: Store, name: string): number {
  return appendEntry(store, 'main', (cur) => {
    const d = structuredClone(cur.decomposition);
    d.services[0]!.name = name;
    return { kind: 'edit', edit: { kind: 'rename', service: 'svc-a', name }, summary: `rename to ${name}`, runId: cur.runId, decomposition: d, notices: [], createdAt: 't1' };
  }).seq;
}

function refusal(file: string): InputError {
  try {
    openStore(file).close();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error(`${file} was opened`);
}

/** Opening must fail, name the file, leave its bytes alone and leave no WAL files behind. */
function expectRefusedUntouched(file: string, message: RegExp): void {
  const before = sha256(file);
  const err = refusal(file);
  expect(err.message).toContain(file);
  expect(err.message).toMatch(message);
  expect(err.message).toContain('left it untouched');
  expect(err.exitCode).toBe(2);
  expect(sha256(file)).toBe(before);
  expect(existsSync(`${file}-wal`)).toBe(false);
  expect(existsSync(`${file}-shm`)).toBe(false);
}

describe('workspace store', () => {
  it('creates a WAL SQLite file marked as a Seam workspace at the latest schema version', () => {
    const file = fresh();
    openStore(file, { create: true }).close();
    const header = readFileSync(file).subarray(0, 100);
    expect(header.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(header.readUInt32BE(68)).toBe(SEAM_APPLICATION_ID);
    expect(header[18]).toBe(2); // WAL
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('refuses to create anything when the file does not exist and creation was not asked for', () => {
    const file = fresh();
    expect(() => openStore(file)).toThrow(/does not exist; run 'seam analyze <repo> --workspace/);
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a file of random bytes', () => {
    const file = join(tmp.dir, 'random.db');
    let x = 12345;
    const bytes = Buffer.alloc(8192);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    writeFileSync(file, bytes);
    expectRefusedUntouched(file, /is not a Seam workspace \(it is not an SQLite database\)/);
  });

  it('refuses a plain text file', () => {
    const file = join(tmp.dir, 'notes.txt');
    writeFileSync(file, 'These are my notes about the orders service.\n'.repeat(20));
    expectRefusedUntouched(file, /is not a Seam workspace \(it is not an SQLite database\)/);
  });

  it('refuses an empty file', () => {
    const file = join(tmp.dir, 'empty.db');
    writeFileSync(file, '');
    expectRefusedUntouched(file, /is not a Seam workspace \(it is empty\)/);
  });

  it("refuses another application's SQLite database", () => {
    const file = join(tmp.dir, 'other-app.db');
    const db = new Database(file);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES (\'hello\')');
    db.close();
    expectRefusedUntouched(file, /SQLite database of another application, application id 0x00000000/);
  });

  it('refuses a truncated workspace', () => {
    const file = fresh();
    seeded(file, 3000).close();
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(64 * 1024);
    truncateSync(file, Math.floor(size / 2 / 4096) * 4096);
    expectRefusedUntouched(file, /is damaged \(truncated: \d+ bytes where the header records \d+\)/);
  });

  it('refuses a workspace whose pages were overwritten', () => {
    const file = fresh();
    seeded(file, 3000).close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, 4096 * 2);
    closeSync(fd);
    expectRefusedUntouched(file, /is damaged \(/);
  });

  it('refuses a workspace written by a newer Seam and says to upgrade', () => {
    const file = fresh();
    seeded(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    expectRefusedUntouched(file, new RegExp(`written by a newer Seam \\(schema version ${LATEST_SCHEMA_VERSION + 1}; this Seam reads up to ${LATEST_SCHEMA_VERSION}\\).*Upgrade Seam`));
  });

  it('backs up a workspace of an older schema before migrating it', () => {
    const file = fresh();
    seeded(file).close();
    const v2 = [...MIGRATIONS, { version: LATEST_SCHEMA_VERSION + 1, sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT;' }];
    const before = sha256(file);
    const store = openStore(file, { migrations: v2 });
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    expect(currentState(store, 'main').decomposition.services.map((s) => s.name)).toEqual(['a', 'b']);
    store.close();
    const backup = `${file}.schema-v${LATEST_SCHEMA_VERSION}.bak`;
    const old = new Database(backup, { readonly: true });
    expect(old.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(old.prepare('SELECT name FROM scenarios').pluck().all()).toEqual(['main']);
    old.close();
    expect(sha256(file)).not.toBe(before);
  });
});

describe('the page check skipped for a file untouched since this process closed it', () => {
  it('runs again after any write, even of the same bytes with the old modification time', () => {
    const file = fresh();
    seeded(file).close();
    const closedAs = fileState(file);
    expect(fileState(file)).toBe(closedAs);
    const bytes = readFileSync(file);
    const { atime, mtime } = statSync(file);
    writeFileSync(file, bytes);
    utimesSync(file, atime, mtime); // `cp -p` would do the same
    expect(fileState(file)).not.toBe(closedAs);
  });

  it('still refuses a damaged page when the state differs, and only skips the page check when it is equal', () => {
    const file = fresh();
    seeded(file).close();
    const bytes = readFileSync(file);
    const size = bytes.readUInt16BE(16);
    for (let p = 1; p < bytes.length / size; p++) bytes.fill(0x5a, p * size + 8, p * size + 200);
    writeFileSync(file, bytes);
    let message = '';
    try {
      openStore(file, { unchangedSince: 'a state of another time' });
    } catch (err) {
      message = (err as Error).message;
    }
    // three problems named, the rest counted: a message a person can read
    expect(message).toMatch(/is damaged \(([^;]+; ){3}and \d+ more\); Seam left it untouched/);
    expect(message.length).toBeLessThan(800);
    // the same file, claimed untouched: the header and schema pass, the pages are not read
    openStore(file, { unchangedSince: fileState(file), readonly: true }).close();
  });
});

describe('edit log', () => {
  it('undoes and redoes across closing and reopening the workspace', () => {
    const file = fresh();
    const s1 = seeded(file);
    renameA(s1, 'orders');
    renameA(s1, 'sales');
    s1.close();

    const s2 = openStore(file);
    expect(undo(s2, 'main').decomposition.services[0]!.name).toBe('orders');
    s2.close();

    const s3 = openStore(file);
    const state = currentState(s3, 'main');
    expect(state.decomposition.services[0]!.name).toBe('orders');
    expect(state.canUndo).toBe(true);
    expect(state.canRedo).toBe(true);
    expect(redo(s3, 'main').decomposition.services[0]!.name).toBe('sales');
    expect(undo(s3, 'main').decomposition.services[0]!.name).toBe('orders');
    expect(undo(s3, 'main').decomposition.services[0]!.name).toBe('a');
    expect(() => undo(s3, 'main')).toThrow("edit: nothing to undo: scenario 'main' has no edits to undo");
    s3.close();
  });

  it('keeps an undone edit in the log, off the redo path, once a new edit is made', () => {
    const file = fresh();
    const store = seeded(file);
    renameA(store, 'orders');
    renameA(store, 'sales');
    undo(store, 'main');
    renameA(store, 'billing');
    expect(() => redo(store, 'main')).toThrow("edit: nothing to redo in scenario 'main'");
    expect(readLog(store, 'main').map((e) => [e.seq, e.summary, e.current, e.superseded])).toEqual([
      [1, 'proposed', false, false],
      [2, 'rename to orders', false, false],
      [3, 'rename to sales', false, true],
      [4, 'rename to billing', true, false],
    ]);
    expect(undo(store, 'main').decomposition.services[0]!.name).toBe('orders');
    expect(redo(store, 'main').decomposition.services[0]!.name).toBe('billing');
    store.close();
  });

  it('stops undo at a re-analysis and says why', () => {
    const file = fresh();
    const store = seeded(file);
    renameA(store, 'orders');
    appendEntry(store, 'main', (cur) => ({ kind: 'reanalysis', summary: 're-analysis: run 1', runId: cur.runId, decomposition: cur.decomposition, notices: [], createdAt: 't2' }));
    expect(() => undo(store, 'main')).toThrow(/nothing to undo: the analysis was re-run after the last edit of scenario 'main', and undo stops there/);
    store.close();
  });
});

/**
 * Analysis runs in the workspace: the facts of each run, the content hash of every file it saw,
 * the per-file extraction results the next run can reuse, and line fingerprints for recognising
 * a moved file. The per-file results are opaque here (the workspace layer does not know the
 * extractor's types); the host checks them when it hands them back to `extractRun`.
 */
import type { Facts } from '../shared/facts.js';
import { splitStoredResult } from '../shared/stored-result.js';
import { asFacts, parseJsonText, RowError, unpackJson } from './codec.js';
import type { Store } from './store.js';

export interface RunInfo {
  id: number;
  seamVersion: string;
  /** absolute path of the analyzed folder when the run was made */
  root: string;
  /** git HEAD at the time, null outside git */
  head: string | null;
  /** the extraction options that shape the facts (include/exclude, tests, tsconfig, history) */
  options: Record<string, unknown>;
  moduleCount: number;
  parsedCount: number;
  createdAt: string;
}

export interface NewRun {
  seamVersion: string;
  root: string;
  head: string | null;
  options: Record<string, unknown>;
  facts: Facts;
  /** the facts, packed (packJsonAsync): compressing several MB is done off the main thread, while the caller works on */
  packedFacts: Buffer;
  parsedCount: number;
  /** every module of the run with its content hash; `result` only where it is not stored yet (text as written, or a value written as JSON) */
  files: { path: string; hash: string; result?: unknown }[];
  /** fingerprints of content hashes not stored yet */
  fingerprints: ReadonlyMap<string, Uint32Array>;
  createdAt: string;
}

interface RunRow {
  id: number;
  seam_version: string;
  root: string;
  head: string | null;
  options: string;
  module_count: number;
  parsed_count: number;
  created_at: string;
}

function toRunInfo(store: Store, row: RunRow): RunInfo {
  const options = parseJsonText(row.options, store.file, `run ${row.id} options`);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new RowError(store.file, `run ${row.id} options`, 'not an object');
  if (typeof row.id !== 'number' || typeof row.root !== 'string' || typeof row.seam_version !== 'string' || (row.head !== null && typeof row.head !== 'string')) {
    throw new RowError(store.file, `run ${String(row.id)}`, 'unexpected column types');
  }
  return {
    id: row.id,
    seamVersion: row.seam_version,
    root: row.root,
    head: row.head,
    options: options as Record<string, unknown>,
    moduleCount: row.module_count,
    parsedCount: row.parsed_count,
    createdAt: row.created_at,
  };
}

const RUN_COLUMNS = 'id, seam_version, root, head, options, module_count, parsed_count, created_at';

export function latestRun(store: Store): RunInfo | undefined {
  const row = store.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT 1`).get() as RunRow | undefined;
  return row ? toRunInfo(store, row) : undefined;
}

export function getRun(store: Store, id: number): RunInfo {
  const row = store.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
  if (!row) throw new RowError(store.file, `run ${id}`, 'it is referenced but missing');
  return toRunInfo(store, row);
}

export function runFacts(store: Store, id: number): Facts {
  const row = store.db.prepare('SELECT facts FROM runs WHERE id = ?').get(id) as { facts: unknown } | undefined;
  if (!row) throw new RowError(store.file, `run ${id}`, 'it is referenced but missing');
  return asFacts(unpackJson(row.facts, store.file, `facts of run ${id}`), store.file, `facts of run ${id}`);
}

/** path -> content hash of every module the run saw */
export function runHashes(store: Store, id: number): Map<string, string> {
  const rows = store.db.prepare('SELECT path, hash FROM run_files WHERE run_id = ?').raw().all(id) as [string, string][];
  return new Map(rows);
}

/** A stored result: the parsed part, and the locals' text when the row keeps them apart (see storedResultText). */
export interface StoredResult {
  hash: string;
  result: unknown;
  /** the locals, read when needed; `unreadable` throws an error naming the workspace and the row (extraction then parses the file again) */
  lazy?: { locals: string; unreadable: (why: string) => never };
}

/** path -> stored extraction result, for the files of run `id`, written by `seamVersion` */
export function reusableResults(store: Store, id: number, seamVersion: string): Map<string, StoredResult> {
  // Only the latest run's results are kept (insertRun drops the rest), so reading the table and
  // keeping the rows whose hash the run saw costs a third of a join on (path, hash) at 5,000 files.
  const hashes = runHashes(store, id);
  const rows = store.db.prepare('SELECT path, hash, result FROM file_results WHERE seam_version = ?').raw().all(seamVersion) as [string, string, unknown][];
  const out = new Map<string, StoredResult>();
  for (const [path, hash, text] of rows) {
    if (hashes.get(path) !== hash) continue;
    const what = `stored result of ${path}`;
    const parts = typeof text === 'string' ? splitStoredResult(text) : undefined;
    if (parts?.locals === undefined) {
      out.set(path, { hash, result: parseJsonText(text, store.file, what) });
      continue;
    }
    const unreadable = (why: string): never => {
      throw new RowError(store.file, what, why);
    };
    out.set(path, { hash, result: parseJsonText(parts.head, store.file, what), lazy: { locals: parts.locals, unreadable } });
  }
  return out;
}

export function storedFingerprints(store: Store, hashes: Iterable<string>): Map<string, Uint32Array> {
  const get = store.db.prepare('SELECT lines FROM fingerprints WHERE hash = ?').pluck();
  const out = new Map<string, Uint32Array>();
  for (const h of hashes) {
    const blob = get.get(h);
    if (blob instanceof Uint8Array && blob.length % 4 === 0) out.set(h, decodeFingerprint(blob));
  }
  return out;
}

/** Content hashes that have a stored fingerprint. */
export function fingerprintedHashes(store: Store): Set<string> {
  return new Set(store.db.prepare('SELECT hash FROM fingerprints').pluck().all() as string[]);
}

function encodeFingerprint(lines: Uint32Array): Buffer {
  const b = Buffer.alloc(lines.length * 4);
  for (let i = 0; i < lines.length; i++) b.writeUInt32LE(lines[i]!, i * 4);
  return b;
}

function decodeFingerprint(blob: Uint8Array): Uint32Array {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const out = new Uint32Array(b.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = b.readUInt32LE(i * 4);
  return out;
}

/**
 * Insert a run with its files, results and fingerprints; call inside `store.write`. Results and
 * fingerprints the new run does not use are dropped: only the latest run is ever reused.
 */
export function insertRun(store: Store, run: NewRun): number {
  const { db } = store;
  const info = db
    .prepare(
      `INSERT INTO runs (seam_version, root, head, options, module_count, parsed_count, facts, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(run.seamVersion, run.root, run.head, JSON.stringify(run.options), run.facts.modules.length, run.parsedCount, run.packedFacts, run.createdAt);
  const id = Number(info.lastInsertRowid);
  const insertFile = db.prepare('INSERT INTO run_files (run_id, path, hash) VALUES (?, ?, ?)');
  const insertResult = db.prepare('INSERT OR REPLACE INTO file_results (path, hash, seam_version, result) VALUES (?, ?, ?, ?)');
  for (const f of run.files) {
    insertFile.run(id, f.path, f.hash);
    if (f.result !== undefined) insertResult.run(f.path, f.hash, run.seamVersion, typeof f.result === 'string' ? f.result : JSON.stringify(f.result));
  }
  const insertFingerprint = db.prepare('INSERT OR IGNORE INTO fingerprints (hash, lines) VALUES (?, ?)');
  for (const [hash, lines] of run.fingerprints) insertFingerprint.run(hash, encodeFingerprint(lines));
  db.prepare(
    `DELETE FROM file_results WHERE seam_version <> ? OR NOT EXISTS
       (SELECT 1 FROM run_files r WHERE r.run_id = ? AND r.path = file_results.path AND r.hash = file_results.hash)`,
  ).run(run.seamVersion, id);
  db.prepare('DELETE FROM fingerprints WHERE hash NOT IN (SELECT hash FROM run_files WHERE run_id = ?)').run(id);
  return id;
}

/**
 * A cache the engine keeps from one run for the next (such as module resolutions), as JSON text
 * in `meta`; the caller validates what it reads back and ignores it when it does not fit.
 */
export function readCache(store: Store, name: string): unknown {
  const v = store.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(`cache:${name}`);
  if (typeof v !== 'string') return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

/** Replace a cache (call inside `store.write`). */
export function writeCache(store: Store, name: string, value: unknown): void {
  store.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(`cache:${name}`, JSON.stringify(value));
}

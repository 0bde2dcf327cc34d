/**
 * When do parse workers pay? Measures, on one repository, what the model of analyzers/core/
 * parse-pool.ts needs, then predicts the parse time for 1..7 workers beside the main thread:
 *
 *   p  CPU per file parsed and collected (in-process run, every file)
 *   s  per file, cloning a result to send it (the worker's side of postMessage: v8.serialize)
 *   d  per file, receiving it (the main thread's side: v8.deserialize)
 *   S  a worker's start-up: from `new Worker` to its first batch parsed (loading TypeScript and the plugins)
 *
 * With w workers and dynamic batches every thread ends at about the same time T: the main thread
 * parses n0 files and receives the other N - n0 (n0·p + (N - n0)·d = T), each worker starts, then
 * parses and sends its share ((T - S)/(p + s) files). Solved for T:
 *
 *   T(w) = (N + w·S/(p + s) + N·d/(p - d)) / (w/(p + s) + 1/(p - d))        (w + 1 ≤ cores)
 *
 * T(0) = N·p. On fewer cores than threads the threads share them; only measured runs say what
 * happens then (`measured` rows). The threshold in parse-pool.ts is where T(1) < T(0).
 */
import { performance } from 'node:perf_hooks';
import { deserialize, serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { enabledPlugins, repoDependencies } from '../analyzers/core/plugins.js';
import { parseFiles } from '../analyzers/core/parse-pool.js';
import { DEFAULT_MAX_FILE_BYTES, processFile, type FileResult, type FileTask } from '../analyzers/core/process-file.js';
import { walkRepo } from '../analyzers/core/walk.js';
import { allAnalyzers } from '../analyzers/registry.js';
import type { Diagnostic } from '../src/shared/facts.js';

export interface ParsePoolModel {
  files: number;
  /** ms per file */
  parse: number;
  serialize: number;
  deserialize: number;
  /** ms */
  startup: number;
  /** measured wall ms of parseFiles with 0 and 1 worker on this machine */
  measured: { workers: number; millis: number }[];
}

const WORKER_URL = new URL('../analyzers/core/parse-worker.js', import.meta.url);

/** Predicted wall ms of parsing `files` files with `w` workers beside the main thread (w + 1 cores). */
export function predictParse(m: Pick<ParsePoolModel, 'parse' | 'serialize' | 'deserialize' | 'startup'>, files: number, w: number): number {
  const { parse: p, serialize: s, deserialize: d, startup: S } = m;
  if (w === 0) return files * p;
  const T = (files + (w * S) / (p + s) + (files * d) / (p - d)) / (w / (p + s) + 1 / (p - d));
  // a worker's first batch is posted at its creation: the pool ends no sooner than one start-up
  return Math.max(T, S);
}

function tasksOf(dir: string): { tasks: FileTask[]; analyzers: typeof allAnalyzers } {
  const diagnostics: Diagnostic[] = [];
  const walked = walkRepo(dir, {});
  const deps = repoDependencies(dir, walked.aux, diagnostics);
  const analyzers = enabledPlugins(allAnalyzers, deps, diagnostics);
  return { tasks: walked.sources.map((path) => ({ path, decoratorMetadata: true })), analyzers };
}

async function workerStartup(dir: string, analyzers: readonly { name: string }[], task: FileTask): Promise<number> {
  const t = performance.now();
  const w = new Worker(WORKER_URL, { workerData: { rootDir: dir, maxFileBytes: DEFAULT_MAX_FILE_BYTES, plugins: analyzers.map((a) => a.name) } });
  await new Promise<void>((resolve, reject) => {
    w.once('message', () => resolve());
    w.once('error', reject);
    w.postMessage({ id: 0, tasks: [task] });
  });
  const ms = performance.now() - t;
  await w.terminate();
  return ms;
}

export async function measureParsePool(dir: string): Promise<ParsePoolModel> {
  const { tasks, analyzers } = tasksOf(dir);
  // warm the file cache and the JIT on a first pass
  await parseFiles(dir, tasks.slice(0, 200), analyzers, { workers: 0, maxFileBytes: DEFAULT_MAX_FILE_BYTES });
  let t = performance.now();
  const results: FileResult[] = tasks.map((task) => processFile(dir, task, analyzers, DEFAULT_MAX_FILE_BYTES));
  const parse = (performance.now() - t) / tasks.length;
  t = performance.now();
  const blobs = results.map((r) => serialize(r));
  const ser = (performance.now() - t) / tasks.length;
  t = performance.now();
  for (const b of blobs) deserialize(b);
  const deser = (performance.now() - t) / tasks.length;
  const startups: number[] = [];
  for (let i = 0; i < 3; i++) startups.push(await workerStartup(dir, analyzers, tasks[0]!));
  startups.sort((a, b) => a - b);
  const measured: ParsePoolModel['measured'] = [];
  for (const workers of [0, 1, 0, 1]) {
    t = performance.now();
    await parseFiles(dir, tasks, analyzers, { workers, maxFileBytes: DEFAULT_MAX_FILE_BYTES });
    measured.push({ workers, millis: performance.now() - t });
  }
  return { files: tasks.length, parse, serialize: ser, deserialize: deser, startup: startups[1]!, measured };
}

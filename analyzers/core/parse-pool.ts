/**
 * Parse files on worker threads when there are enough of them to pay for the workers' start-up
 * (each worker loads TypeScript once, ~150 ms), in-process otherwise. Results come back in
 * input order whatever the scheduling, so output stays deterministic.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Analyzer } from '../types.js';
import { processFile, type FileResult, type FileTask } from './process-file.js';

const WORKER_URL = new URL('./parse-worker.js', import.meta.url);
/** A worker costs ~0.5 s to start (loading TypeScript) and ~100 MB: only worth it on many files. */
const FILES_PER_WORKER_MIN = 1500;
const BATCH = 32;

/**
 * Worker threads besides the main thread, which parses too. Measured on 2 cores (5k files):
 * in-process 4.4 s, main + 1 worker 5.9 s — loading TypeScript in the worker and cloning its
 * results back cost more than the second core gives, so workers start at 4 cores.
 */
export function defaultWorkerCount(fileCount: number): number {
  if (!existsSync(fileURLToPath(WORKER_URL))) return 0; // running from TypeScript sources (tests)
  const cores = availableParallelism();
  if (cores < 4) return 0;
  return Math.max(0, Math.min(cores - 1, Math.floor(fileCount / FILES_PER_WORKER_MIN), 7));
}

export async function parseFiles(
  rootDir: string,
  tasks: readonly FileTask[],
  analyzers: readonly Analyzer[],
  opts: { workers: number; maxFileBytes: number; onProgress?: ((done: number, total: number) => void) | undefined },
): Promise<FileResult[]> {
  const total = tasks.length;
  if (opts.workers <= 0) {
    const out: FileResult[] = [];
    for (let i = 0; i < total; i++) {
      out.push(processFile(rootDir, tasks[i]!, analyzers, opts.maxFileBytes));
      if (opts.onProgress && (i % 100 === 99 || i === total - 1)) opts.onProgress(i + 1, total);
    }
    return out;
  }
  const results = new Array<FileResult[]>(Math.ceil(total / BATCH));
  let next = 0;
  let done = 0;
  const workers = Array.from({ length: opts.workers }, () => new Worker(WORKER_URL, { workerData: { rootDir, maxFileBytes: opts.maxFileBytes, plugins: analyzers.map((a) => a.name) } }));
  const mainThread = async (): Promise<void> => {
    while (next * BATCH < total) {
      const id = next++;
      results[id] = tasks.slice(id * BATCH, (id + 1) * BATCH).map((t) => processFile(rootDir, t, analyzers, opts.maxFileBytes));
      done += results[id].length;
      opts.onProgress?.(done, total);
      await new Promise<void>((r) => setImmediate(r));
    }
  };
  try {
    await Promise.all([
      mainThread(),
      ...workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const feed = (): void => {
              if (next * BATCH >= total) {
                resolve();
                return;
              }
              const id = next++;
              w.postMessage({ id, tasks: tasks.slice(id * BATCH, (id + 1) * BATCH) });
            };
            w.on('message', (msg: { id: number; results: FileResult[] }) => {
              results[msg.id] = msg.results;
              done += msg.results.length;
              opts.onProgress?.(done, total);
              feed();
            });
            w.on('error', reject);
            w.on('exit', (code) => {
              if (code !== 0) reject(new Error(`parse worker exited with code ${code}`));
            });
            feed();
          }),
      ),
    ]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.flat();
}

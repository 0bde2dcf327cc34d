/**
 * Parse files on worker threads when there are enough of them to pay for the workers' start-up
 * (each loads TypeScript and the plugins once), in-process otherwise. Results come back in
 * input order whatever the scheduling, so output stays deterministic.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Analyzer } from '../types.js';
import { processFile, type FileResult, type FileTask } from './process-file.js';

const WORKER_URL = new URL('./parse-worker.js', import.meta.url);
const BATCH = 32;

/**
 * The file count from which the k-th worker (k = 1, 2, ...) pays for itself: where it cuts the
 * predicted parse time by 15 % or more over k - 1 workers (`npm run bench -- parse-pool`, model
 * in bench/parse-pool.ts, from costs measured on a 5,000-file monolith: 8.5 ms to parse and
 * collect a file, 1.1 ms for the main thread to receive a worker's result for it, 0.2 ms for
 * the worker to send it, 400 files' worth of parsing to start a worker). Receiving results is
 * the main thread's job, so beyond five workers it is the bottleneck and more do not pay.
 */
const FILES_FOR_WORKER = [600, 1100, 2200, 5300, 22300];

/**
 * Worker threads besides the main thread, which parses too. The model above assumes a free core
 * per thread; on 2 cores the second core is rarely free (the OS, git, the garbage collector), and
 * measured runs there were slower with a worker (5k files: in-process 4.4 s, main + 1 worker
 * 5.9 s; again in December 2026 under load: 26-31 s against 38-43 s), so workers start at 4 cores.
 */
export function defaultWorkerCount(fileCount: number): number {
  if (!existsSync(fileURLToPath(WORKER_URL))) return 0; // running from TypeScript sources (tests)
  const cores = availableParallelism();
  if (cores < 4) return 0;
  return Math.min(cores - 1, FILES_FOR_WORKER.filter((n) => fileCount >= n).length);
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

/**
 * Parse files on worker threads when there are enough of them to pay for the workers' start-up
 * (each loads TypeScript and the plugins once), in-process otherwise. Results come back in
 * input order whatever the scheduling, so output stays deterministic.
 *
 * A file that overflows the stack (TypeScript's parser recurses once per nesting level) is
 * parsed again on one thread with a much larger stack. Where the default stack ends depends on
 * the thread (the main thread has ~1 MB, workers 4 MB) and even on how warm the JIT is (a cold
 * parser overflows at half the depth of a warm one), so without the retry the same file could
 * parse in one run and crash in the next. With it, only nesting beyond what the large stack
 * holds (hundreds of thousands of levels) is an `analyzer-crash`.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { allAnalyzers } from '../registry.js';
import type { Analyzer } from '../types.js';
import { isStackOverflow, processFileStages, type FileResult, type FileTask } from './process-file.js';

const WORKER_URL = new URL('./parse-worker.js', import.meta.url);
const BATCH = 32;
/** Stack of the retry thread: 100,000 nested brackets parse in 256 MB (reserved, touched only as deep as a file goes). */
const DEEP_STACK_MB = 256;

/** What a parse worker posts back for one batch. */
export interface BatchResult {
  id: number;
  results: FileResult[];
  /** indices (in the batch) of the files whose parse or walk overflowed the stack */
  overflowed: number[];
}

function workerAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL)); // not when running from TypeScript sources (tests)
}

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
  if (!workerAvailable()) return 0;
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
  const { results, overflowed } = opts.workers <= 0 ? parseInProcess(rootDir, tasks, analyzers, opts) : await parseOnWorkers(rootDir, tasks, analyzers, opts);
  // The retry thread runs the registered analyzers: a caller's own analyzers cannot be sent to it.
  const registered = analyzers.every((a) => allAnalyzers.includes(a));
  if (overflowed.length > 0 && registered && workerAvailable()) {
    const retried = await parseOnDeepStack(rootDir, overflowed.map((i) => tasks[i]!), analyzers, opts.maxFileBytes);
    if (retried) overflowed.forEach((i, k) => (results[i] = retried[k]!));
  }
  return results;
}

function parseInProcess(
  rootDir: string,
  tasks: readonly FileTask[],
  analyzers: readonly Analyzer[],
  opts: { maxFileBytes: number; onProgress?: ((done: number, total: number) => void) | undefined },
): { results: FileResult[]; overflowed: number[] } {
  const total = tasks.length;
  const results: FileResult[] = [];
  const overflowed: number[] = [];
  for (let i = 0; i < total; i++) {
    const { result, crashes } = processFileStages(rootDir, tasks[i]!, analyzers, opts.maxFileBytes);
    results.push(result);
    if (crashes.some((c) => isStackOverflow(c.error))) overflowed.push(i);
    if (opts.onProgress && (i % 100 === 99 || i === total - 1)) opts.onProgress(i + 1, total);
  }
  return { results, overflowed };
}

async function parseOnWorkers(
  rootDir: string,
  tasks: readonly FileTask[],
  analyzers: readonly Analyzer[],
  opts: { workers: number; maxFileBytes: number; onProgress?: ((done: number, total: number) => void) | undefined },
): Promise<{ results: FileResult[]; overflowed: number[] }> {
  const total = tasks.length;
  const batches = new Array<BatchResult>(Math.ceil(total / BATCH));
  let next = 0;
  let done = 0;
  const workers = Array.from({ length: opts.workers }, () => new Worker(WORKER_URL, { workerData: { rootDir, maxFileBytes: opts.maxFileBytes, plugins: analyzers.map((a) => a.name) } }));
  const mainThread = async (): Promise<void> => {
    while (next * BATCH < total) {
      const id = next++;
      const { results, overflowed } = parseInProcess(rootDir, tasks.slice(id * BATCH, (id + 1) * BATCH), analyzers, opts);
      batches[id] = { id, results, overflowed };
      done += results.length;
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
            w.on('message', (msg: BatchResult) => {
              batches[msg.id] = msg;
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
  return {
    results: batches.flatMap((b) => b.results),
    overflowed: batches.flatMap((b) => b.overflowed.map((i) => b.id * BATCH + i)),
  };
}

/** The overflowed files again, on one thread with a large stack; undefined (keep the first results) if that thread fails. */
async function parseOnDeepStack(rootDir: string, tasks: readonly FileTask[], analyzers: readonly Analyzer[], maxFileBytes: number): Promise<FileResult[] | undefined> {
  const worker = new Worker(WORKER_URL, {
    workerData: { rootDir, maxFileBytes, plugins: analyzers.map((a) => a.name) },
    resourceLimits: { stackSizeMb: DEEP_STACK_MB },
  });
  try {
    return await new Promise<FileResult[] | undefined>((resolve) => {
      worker.on('message', (msg: BatchResult) => resolve(msg.results));
      worker.on('error', () => resolve(undefined));
      worker.on('exit', () => resolve(undefined));
      worker.postMessage({ id: 0, tasks });
    });
  } finally {
    await worker.terminate();
  }
}

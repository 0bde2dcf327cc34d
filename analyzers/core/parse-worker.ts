/** Worker thread entry: parse a batch of files and post back plain results. */
import { parentPort, workerData } from 'node:worker_threads';
import { allAnalyzers } from '../registry.js';
import type { BatchResult } from './parse-pool.js';
import { fileDiagnostic, isStackOverflow, processFileStages, type FileResult, type FileTask, type StageCrash } from './process-file.js';

const { rootDir, maxFileBytes, plugins } = workerData as { rootDir: string; maxFileBytes: number; plugins: string[] };
// the plugins the main thread chose for this repository (registry order kept)
const analyzers = allAnalyzers.filter((a) => plugins.includes(a.name));

/**
 * An analyzer whose `collect` returned something structured clone cannot copy (a function, a
 * class instance holding one) would make `postMessage` throw and kill the worker, and with it
 * the run. Only then, find the offending results and count each as a crash of that analyzer's
 * `collect` on that file, as if it had thrown.
 */
function cloneable({ result, crashes }: { result: FileResult; crashes: StageCrash[] }): FileResult {
  try {
    structuredClone(result);
    return result;
  } catch {
    const locals: Record<string, unknown> = {};
    const all = [...crashes];
    for (const [name, local] of Object.entries(result.locals)) {
      try {
        structuredClone(local);
        locals[name] = local;
      } catch (error) {
        all.push({ stage: `collect:${name}`, error });
      }
    }
    const diagnostics = result.diagnostics.filter((d) => d.code !== 'analyzer-crash' && d.code !== 'parse-error');
    const problem = fileDiagnostic(result.path, all, result.core?.parseErrors ?? []);
    if (problem) diagnostics.push(problem);
    const module = result.module && { ...result.module, partial: true };
    return { ...result, ...(module ? { module } : {}), locals, diagnostics };
  }
}

parentPort?.on('message', (batch: { id: number; tasks: FileTask[] }) => {
  const processed = batch.tasks.map((t) => processFileStages(rootDir, t, analyzers, maxFileBytes));
  const overflowed = processed.flatMap((p, i) => (p.crashes.some((c) => isStackOverflow(c.error)) ? [i] : []));
  const post = (results: FileResult[]): void => parentPort?.postMessage({ id: batch.id, results, overflowed } satisfies BatchResult);
  try {
    post(processed.map((p) => p.result));
  } catch {
    post(processed.map(cloneable));
  }
});

/** Worker thread entry: parse a batch of files and post back plain results. */
import { parentPort, workerData } from 'node:worker_threads';
import { allAnalyzers } from '../registry.js';
import { processFile, type FileTask } from './process-file.js';

const { rootDir, maxFileBytes, plugins } = workerData as { rootDir: string; maxFileBytes: number; plugins: string[] };
// the plugins the main thread chose for this repository (registry order kept)
const analyzers = allAnalyzers.filter((a) => plugins.includes(a.name));

parentPort?.on('message', (batch: { id: number; tasks: FileTask[] }) => {
  const results = batch.tasks.map((t) => processFile(rootDir, t, analyzers, maxFileBytes));
  parentPort?.postMessage({ id: batch.id, results });
});

/**
 * `npm run bench`: Seam's figures beside the reference tool's, measured in the same run.
 * Extraction: `seam analyze` vs `depcruise` with tsPreCompilationDeps on generated 1k- and
 * 5k-file monoliths (wall time, peak RSS, ratio Seam / dependency-cruiser; goal ≤ 1.0).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { writeMonolith } from '../fixtures/generate/generate.js';
import { measureMedian, type Measurement } from './measure.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'bench-out');
const SEAM = join(ROOT, 'bin', 'seam.js');
const require = createRequire(import.meta.url);
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const RUNS = Number(process.env.SEAM_BENCH_RUNS ?? 3);

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => String(c).padStart(i === 0 ? 0 : 12).padEnd(i === 0 ? 34 : 0)).join('');
}

function ratio(a: number, b: number): string {
  return (a / b).toFixed(2);
}

async function extractionBench(files: number): Promise<{ seam: Measurement; ref: Measurement }> {
  const dir = join(OUT, `gen-${files}`);
  rmSync(dir, { recursive: true, force: true });
  await writeMonolith(dir, { files, seed: 1, layout: 'feature' });
  const dcConfig = join(OUT, 'depcruise-bench.cjs');
  writeFileSync(dcConfig, `module.exports = { options: { tsPreCompilationDeps: true, tsConfig: { fileName: 'tsconfig.json' }, doNotFollow: { path: 'node_modules' } } };\n`);
  const seamArgs = ['analyze', '.', '--format', 'json', '--out', join(OUT, `seam-${files}.json`)];
  const refArgs = ['--config', dcConfig, '--output-type', 'json', '--output-to', join(OUT, `depcruise-${files}.json`), 'src'];
  // warm the file cache for both, then take the median of RUNS runs each
  measureMedian(1, SEAM, seamArgs, dir);
  measureMedian(1, DEPCRUISE, refArgs, dir);
  const seam = measureMedian(RUNS, SEAM, seamArgs, dir);
  const ref = measureMedian(RUNS, DEPCRUISE, refArgs, dir);
  return { seam, ref };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  console.log(`Seam benchmark (median of ${RUNS} runs after one warm-up; ${process.versions.node}, ${require('node:os').availableParallelism()} cores)\n`);
  console.log('Extraction: seam analyze vs depcruise (tsPreCompilationDeps, same tsconfig, same tree)');
  console.log(row(['', 'seam s', 'depcruise s', 'time ratio', 'seam MiB', 'dc MiB', 'mem ratio']));
  for (const n of [1000, 5000]) {
    const { seam, ref } = await extractionBench(n);
    console.log(row([`generated ${n} files`, seam.seconds.toFixed(2), ref.seconds.toFixed(2), ratio(seam.seconds, ref.seconds), seam.rssMiB.toFixed(0), ref.rssMiB.toFixed(0), ratio(seam.rssMiB, ref.rssMiB)]));
  }
}

await main();

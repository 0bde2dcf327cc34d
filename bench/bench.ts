/**
 * `npm run bench`: Seam's figures beside the reference tool's, measured in the same run.
 * - Extraction: `seam analyze` vs `depcruise` with tsPreCompilationDeps on generated 1k- and
 *   5k-file monoliths (wall time, peak RSS, ratio Seam / dependency-cruiser; goal ≤ 1.0).
 * - Re-analysis after a one-file edit on the 5k monolith, beside the cold time (goal ≤ 1 s).
 * - Re-clustering with constraints on a 3k-module monolith (goal ≤ 200 ms).
 * - Page load to a drawn graph in the workbench UI for a 3k-module monolith (goal ≤ 2 s).
 * Sections can be picked: `npm run bench -- extract reanalysis recluster page`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { writeMonolith } from '../fixtures/generate/generate.js';
import { recluster } from '../src/decompose/index.js';
import { cutFacts, runPipeline } from '../src/engine/pipeline.js';
import { DEFAULT_CONFIG } from '../src/shared/config.js';
import type { Decomposition } from '../src/shared/decomposition.js';
import { measureMedian, median, type Measurement } from './measure.js';
import { benchReanalysis } from './reanalysis.js';
import { measurePageLoad } from './page-load.js';

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
  const seamArgs = ['analyze', '.', '--no-propose', '--format', 'json', '--out', join(OUT, `seam-${files}.json`)];
  const refArgs = ['--config', dcConfig, '--output-type', 'json', '--output-to', join(OUT, `depcruise-${files}.json`), 'src'];
  // warm the file cache for both, then take the median of RUNS runs each
  measureMedian(1, SEAM, seamArgs, dir);
  measureMedian(1, DEPCRUISE, refArgs, dir);
  const seam = measureMedian(RUNS, SEAM, seamArgs, dir);
  const ref = measureMedian(RUNS, DEPCRUISE, refArgs, dir);
  return { seam, ref };
}

async function generated(files: number, layout: 'feature' | 'layered' = 'feature'): Promise<string> {
  const dir = join(OUT, `gen-${files}-${layout}`);
  rmSync(dir, { recursive: true, force: true });
  await writeMonolith(dir, { files, seed: 1, layout });
  return dir;
}

async function reclusterBench(): Promise<void> {
  const dir = await generated(3000, 'layered');
  const run = await runPipeline({ root: dir, config: { ...DEFAULT_CONFIG, history: false }, until: 'cut' });
  const facts = cutFacts(run.facts, DEFAULT_CONFIG).facts;
  const graph = run.graph!;
  const first = run.decomposition!;
  // constraints a user would add: pin a few modules to other services and keep two apart
  const [a, b] = first.services;
  const constrained: Decomposition = structuredClone(first);
  if (a && b) {
    constrained.constraints.pins.push({ module: b.modules[0]!, service: a.name }, { module: b.modules[1]!, service: a.name }, { module: a.modules[0]!, service: a.name });
    constrained.constraints.apart.push({ a: a.modules[0]!, b: a.modules[1]! });
  }
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    recluster(constrained, graph, facts);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  console.log(`\nRe-clustering with constraints (3 pins, 1 keep-apart) on ${facts.modules.length} modules: median ${median(times).toFixed(0)} ms of 5 (first ${times[0]!.toFixed(0)} ms); goal ≤ 200 ms`);
}

async function reanalysisBench(): Promise<void> {
  const dir = await generated(5000);
  const r = await benchReanalysis(dir, RUNS);
  console.log(`\nRe-analysis after a one-file edit on ${r.modules} modules (workspace): cold ${r.coldSeconds.toFixed(2)} s, warm ${r.warmSeconds.toFixed(2)} s in the app session (${r.warmParsed} file parsed), ${r.warmReopenSeconds.toFixed(2)} s reopening the workspace, ${r.warmCliSeconds.toFixed(2)} s as a new 'seam analyze --workspace' process; goal ≤ 1 s`);
}

async function pageLoadBench(): Promise<void> {
  const dir = await generated(3000, 'layered');
  const r = await measurePageLoad(dir, { runs: RUNS });
  console.log(`\nWorkbench UI: page load to a drawn graph for ${r.modules} modules: ${r.millis.toFixed(0)} ms (median of ${RUNS}); goal ≤ 2000 ms`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const picked = new Set(process.argv.slice(2));
  const want = (s: string): boolean => picked.size === 0 || picked.has(s);
  console.log(`Seam benchmark (median of ${RUNS} runs after one warm-up; node ${process.versions.node}, ${require('node:os').availableParallelism()} cores)\n`);
  if (want('extract')) {
    console.log('Extraction: seam analyze vs depcruise (tsPreCompilationDeps, same tsconfig, same tree)');
    console.log(row(['', 'seam s', 'depcruise s', 'time ratio', 'seam MiB', 'dc MiB', 'mem ratio']));
    for (const n of [1000, 5000]) {
      const { seam, ref } = await extractionBench(n);
      console.log(row([`generated ${n} files`, seam.seconds.toFixed(2), ref.seconds.toFixed(2), ratio(seam.seconds, ref.seconds), seam.rssMiB.toFixed(0), ref.rssMiB.toFixed(0), ratio(seam.rssMiB, ref.rssMiB)]));
    }
  }
  if (want('reanalysis')) await reanalysisBench();
  if (want('recluster')) await reclusterBench();
  if (want('page')) await pageLoadBench();
}

await main();

/**
 * `npm run bench`: Seam's figures beside dependency-cruiser's, measured in the same run, A B A B
 * (see measurePairs: on a shared machine only ratios measured side by side mean something).
 * - analyze: full `seam analyze` (facts, proposal, metrics; history where there is git) vs
 *   `depcruise --ts-pre-compilation-deps` on gauzy's packages/core when the corpus has it, and on
 *   generated 5k- and 20k-file monoliths: wall time and peak RSS ratios (targets ≤ 0.8, ≤ 0.7),
 *   and the 20k run's peak RSS (target ≤ 2 GiB).
 * - check: `seam check` vs dependency-cruiser validating Seam's exported rules (`seam plan rules`)
 *   on the same tree (target ≤ 0.8).
 * - reanalysis: after a one-file edit, `seam analyze --workspace` as a new process at 5k files
 *   (target ≤ 1.5 s), run in that process (--no-daemon) and handed to the workspace's resident
 *   Seam, beside the in-session figures.
 * - parse-pool: per-file costs of parsing and of handing results between threads, and the
 *   predicted parse time with 0..7 workers (bench/parse-pool.ts).
 * - recluster: re-clustering with constraints on a 3k-module monolith (goal ≤ 200 ms).
 * - page: page load to a drawn graph in the workbench UI for a 3k-module monolith (goal ≤ 2 s).
 * Sections can be picked: `npm run bench -- analyze check reanalysis parse-pool recluster page`
 * (`extract` is the old name of `analyze`).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { writeMonolith } from '../fixtures/generate/generate.js';
import { depcruiseArgs, depcruiseTsconfig, type DepcruiseScope } from '../scripts/corpus/depcruise-options.js';
import { loadManifest } from '../scripts/corpus/manifest.js';
import { recluster } from '../src/decompose/index.js';
import { cutFacts, runPipeline } from '../src/engine/pipeline.js';
import { DEFAULT_CONFIG } from '../src/shared/config.js';
import type { Decomposition } from '../src/shared/decomposition.js';
import { measureNode, measurePairs, median, type PairedMeasurement } from './measure.js';
import { measureParsePool, predictParse } from './parse-pool.js';
import { benchReanalysis } from './reanalysis.js';
import { measurePageLoad } from './page-load.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'bench-out');
const SEAM = join(ROOT, 'bin', 'seam.js');
const require = createRequire(import.meta.url);
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const RUNS = Number(process.env.SEAM_BENCH_RUNS ?? 3);
const GIB = 1024;
const TARGET = { analyzeTime: 0.8, analyzeRss: 0.7, check: 0.8, warmSeconds: 1.5, rss20kMiB: 2 * GIB };

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => String(c).padStart(i === 0 ? 0 : 12).padEnd(i === 0 ? 34 : 0)).join('');
}

function verdict(value: number, target: number): string {
  return value <= target ? `met (≤ ${target})` : `missed (target ≤ ${target})`;
}

/** A tree both tools analyze: how Seam and dependency-cruiser are pointed at the same files. */
interface Subject {
  name: string;
  dir: string;
  /** Seam's scope flags */
  scope: string[];
  /** dependency-cruiser's arguments (config written under `out`), without the output flags */
  depcruise: (out: string) => string[];
  /** dependency-cruiser's tsconfig for the rules run, when the plan's own would not do */
  rulesTsconfig?: (out: string) => string | undefined;
}

async function generatedSubject(files: number): Promise<Subject> {
  const dir = join(OUT, `gen-${files}`);
  if (!existsSync(join(dir, 'package.json'))) {
    rmSync(dir, { recursive: true, force: true });
    await writeMonolith(dir, { files, seed: 1, layout: 'feature' });
  }
  return {
    name: `generated ${files} files`,
    dir,
    scope: [],
    depcruise: (out) => {
      const config = join(out, 'depcruise-generated.cjs');
      writeFileSync(config, `module.exports = { options: { tsPreCompilationDeps: true, tsConfig: { fileName: 'tsconfig.json' }, doNotFollow: { path: 'node_modules' } } };\n`);
      return ['--config', config, 'src'];
    },
  };
}

/** gauzy's packages/core (3,100 NestJS files), when the corpus has it checked out. */
function gauzySubject(): Subject | string {
  const repo = loadManifest().find((r) => r.name === 'gauzy');
  const dir = join(ROOT, 'corpus', 'repos', 'gauzy');
  if (!repo || !existsSync(join(dir, 'packages', 'core'))) return 'gauzy is not checked out (corpus/repos/gauzy): skipped; see corpus/README.md to get it';
  const scope: DepcruiseScope = { scope: { paths: ['packages/core'], exclude: repo.scope.exclude ?? [], ...(repo.scope.tsconfig ? { tsconfig: repo.scope.tsconfig } : {}) } };
  return {
    name: 'gauzy packages/core',
    dir,
    scope: ['--include', 'packages/core/**', ...(repo.scope.exclude ?? []).flatMap((g) => ['--exclude', g]), ...(repo.scope.tsconfig ? ['--tsconfig', repo.scope.tsconfig] : [])],
    depcruise: (out) => {
      const args = depcruiseArgs(scope, dir, out);
      return args.filter((a, i) => !(a === '--output-type' || a === '--output-to' || args[i - 1] === '--output-type' || args[i - 1] === '--output-to'));
    },
    rulesTsconfig: (out) => depcruiseTsconfig(scope, dir, out),
  };
}

function analyzePair(s: Subject): PairedMeasurement {
  const out = join(OUT, s.name.replace(/\W+/g, '-'));
  mkdirSync(out, { recursive: true });
  const seamArgs = ['analyze', '.', ...s.scope, '--format', 'json', '--out', join(out, 'seam.json')];
  const refArgs = [...s.depcruise(out), '--output-type', 'json', '--output-to', join(out, 'depcruise.json')];
  return measurePairs(RUNS, () => measureNode(SEAM, seamArgs, s.dir), () => measureNode(DEPCRUISE, refArgs, s.dir));
}

/** What a check run found: import-rule violations, and the modules read where the report says (to hold both tools to the same verdict). */
interface CheckVerdict {
  modules?: number;
  violations: number;
}

const IMPORT_RULES = new Set(['runtime-import-bypasses-api', 'undeclared-dependency', 'type-import-bypasses-api', 'kernel-imports-service']);

/** seam check's JSON report: its import-rule findings (the only ones dependency-cruiser can report). */
function seamVerdict(file: string): CheckVerdict {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { findings: { rule: string }[] };
  return { violations: doc.findings.filter((f) => IMPORT_RULES.has(f.rule)).length };
}

/** dependency-cruiser's `err` report: its last line counts the violations and the modules cruised. */
function depcruiseVerdict(file: string): CheckVerdict {
  const text = readFileSync(file, 'utf8');
  const summary = /(\d+) dependency violations .*?(\d+) modules, \d+ dependencies cruised/.exec(text) ?? /no dependency violations found \((\d+) modules/.exec(text);
  if (!summary) throw new Error(`dependency-cruiser validated nothing (no summary line): ${text.slice(-2000)}`);
  return summary.length === 3 ? { violations: Number(summary[1]), modules: Number(summary[2]) } : { violations: 0, modules: Number(summary[1]) };
}

function checkPair(s: Subject): PairedMeasurement & { seam: CheckVerdict; depcruise: CheckVerdict } {
  const out = join(OUT, `${s.name.replace(/\W+/g, '-')}-check`);
  mkdirSync(out, { recursive: true });
  const plan = join(out, 'seam.plan.json');
  // a .cjs name makes seam plan rules write a module dependency-cruiser can load and this bench can require
  const rules = join(out, 'rules.cjs');
  measureNode(SEAM, ['plan', 'accept', '.', ...s.scope, '--no-history', '--out', plan, '--force'], s.dir);
  rmSync(rules, { force: true });
  measureNode(SEAM, ['plan', 'rules', '.', '--plan', plan, '--out', rules], s.dir);
  let config = rules;
  const tsconfig = s.rulesTsconfig?.(out);
  if (tsconfig) {
    // the plan names the repository's tsconfig; dependency-cruiser needs the merged one eval:corpus gives it
    config = join(out, 'rules-with-tsconfig.cjs');
    writeFileSync(config, `const r = require(${JSON.stringify(rules)});\nmodule.exports = { ...r, options: { ...r.options, tsConfig: { fileName: ${JSON.stringify(tsconfig)} } } };\n`);
  }
  const paths = JSON.parse(readFileSync(plan, 'utf8')) as { analysis: { include: string[] } };
  const roots = paths.analysis.include.length ? [...new Set(paths.analysis.include.map((g) => g.split('/*')[0]!))] : ['.'];
  const seamReport = join(out, 'check.json');
  const dcReport = join(out, 'depcruise-check.txt');
  // exit 1 is a finding, not a failure; dependency-cruiser exits with its error count. Both
  // reports are read afterwards: the same modules and the same violations, or the ratio means nothing.
  const m = measurePairs(
    RUNS,
    () => measureNode(SEAM, ['check', '.', '--plan', plan, '--format', 'json', '--out', seamReport], s.dir, [0, 1]),
    () => measureNode(DEPCRUISE, ['--config', config, '--output-type', 'err', '--output-to', dcReport, ...roots], s.dir, Array.from({ length: 256 }, (_, i) => i)),
  );
  return { ...m, seam: seamVerdict(seamReport), depcruise: depcruiseVerdict(dcReport) };
}

async function analyzeBench(): Promise<void> {
  console.log('seam analyze (full) vs depcruise --ts-pre-compilation-deps, same tree, A B A B; ratios = medians of per-pair Seam / depcruise');
  console.log(row(['', 'seam s', 'depcruise s', 'time ratio', 'seam MiB', 'dc MiB', 'RSS ratio']));
  const gauzy = gauzySubject();
  const subjects: Subject[] = [];
  if (typeof gauzy === 'string') console.log(gauzy);
  else subjects.push(gauzy);
  subjects.push(await generatedSubject(5000), await generatedSubject(20000));
  for (const s of subjects) {
    const m = analyzePair(s);
    console.log(row([s.name, m.a.seconds.toFixed(2), m.b.seconds.toFixed(2), m.timeRatio.toFixed(2), m.a.rssMiB.toFixed(0), m.b.rssMiB.toFixed(0), m.rssRatio.toFixed(2)]));
    console.log(`  time ${verdict(m.timeRatio, TARGET.analyzeTime)}, RSS ${verdict(m.rssRatio, TARGET.analyzeRss)}`);
    if (s.name.includes('20000')) console.log(`  peak RSS of the 20k analyze: ${m.a.rssMiB.toFixed(0)} MiB, ${m.a.rssMiB <= TARGET.rss20kMiB ? 'within' : 'over'} 2 GiB`);
  }
}

async function checkBench(): Promise<void> {
  console.log('\nseam check vs depcruise validating the rules Seam exports (seam plan rules), same tree, A B A B');
  console.log(row(['', 'seam s', 'depcruise s', 'time ratio', 'seam MiB', 'dc MiB', 'RSS ratio']));
  const gauzy = gauzySubject();
  const subjects: Subject[] = [];
  if (typeof gauzy === 'string') console.log(gauzy);
  else subjects.push(gauzy);
  subjects.push(await generatedSubject(5000));
  for (const s of subjects) {
    const m = checkPair(s);
    console.log(row([s.name, m.a.seconds.toFixed(2), m.b.seconds.toFixed(2), m.timeRatio.toFixed(2), m.a.rssMiB.toFixed(0), m.b.rssMiB.toFixed(0), m.rssRatio.toFixed(2)]));
    console.log(`  time ${verdict(m.timeRatio, TARGET.check)}; seam check: ${m.seam.violations} import violations; depcruise: ${m.depcruise.violations} violations in ${m.depcruise.modules ?? '?'} modules`);
  }
}

async function parsePoolBench(): Promise<void> {
  const s = await generatedSubject(5000);
  const m = await measureParsePool(s.dir);
  console.log(`\nParse workers on ${m.files} files: parse ${m.parse.toFixed(2)} ms/file, result clone ${m.serialize.toFixed(3)} ms/file out of a worker + ${m.deserialize.toFixed(3)} ms/file into the main thread, worker start-up ${m.startup.toFixed(0)} ms`);
  console.log(`  measured here (${require('node:os').availableParallelism()} cores): ${m.measured.map((x) => `${x.workers} worker${x.workers === 1 ? '' : 's'} ${(x.millis / 1000).toFixed(2)} s`).join(', ')}`);
  console.log(`  predicted parse seconds with w workers beside the main thread (w + 1 free cores):`);
  console.log(row(['files', ...[0, 1, 2, 3, 5, 7].map((w) => `w=${w}`)]));
  for (const n of [500, 1000, 1500, 2000, 3000, 5000, 10000, 20000]) console.log(row([n, ...[0, 1, 2, 3, 5, 7].map((w) => (predictParse(m, n, w) / 1000).toFixed(2))]));
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
  console.log(`\nRe-analysis after a one-file edit on ${r.modules} modules (workspace): cold ${r.coldSeconds.toFixed(2)} s, warm ${r.warmSeconds.toFixed(2)} s in the app session (${r.warmParsed} file parsed), ${r.warmReopenSeconds.toFixed(2)} s reopening the workspace, ${r.warmCliSeconds.toFixed(2)} s as a new 'seam analyze --workspace' process: ${verdict(r.warmCliSeconds, TARGET.warmSeconds)} s`);
  if (r.warmCliShiftSeconds !== undefined) {
    console.log(`  with a comment line inserted at the top of ${r.shiftTarget ?? '?'} instead (every finding of that file moves a line; new process): ${r.warmCliShiftSeconds.toFixed(2)} s`);
  }
  if (r.warmResidentSeconds !== undefined) {
    const shift = r.warmResidentShiftSeconds !== undefined ? `; comment line at the top: ${verdict(r.warmResidentShiftSeconds, TARGET.warmSeconds)}, ${r.warmResidentShiftSeconds.toFixed(2)} s` : '';
    console.log(
      `  handed to the workspace's resident Seam (the new process's start-up and the document written included; what 'seam analyze --workspace' does from the second run on, outside CI): appended line ${r.warmResidentSeconds.toFixed(2)} s: ${verdict(r.warmResidentSeconds, TARGET.warmSeconds)}${shift}; same document as a run in its own process: ${r.residentSameOutput ? 'yes' : 'NO'}`,
    );
  }
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
  if (want('analyze') || picked.has('extract')) await analyzeBench();
  if (want('check')) await checkBench();
  if (want('reanalysis')) await reanalysisBench();
  if (want('parse-pool')) await parsePoolBench();
  if (want('recluster')) await reclusterBench();
  if (want('page')) await pageLoadBench();
}

await main();

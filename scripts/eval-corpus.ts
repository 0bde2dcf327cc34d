/**
 * `npm run eval:corpus [name…] [--runs n] [--no-reference]`: Seam on every corpus repo that is
 * checked out here, run as a user would (`seam analyze` on the manifest's scope, as a child
 * process), beside `depcruise --ts-pre-compilation-deps` on the same scope in the same run, and
 * scored against the repo's hand-checked expectations (corpus/expected/<name>.json).
 *
 * Prints one set of tables and writes them to corpus/RESULTS.md (a run over some repos only writes
 * corpus/out/RESULTS.md instead, so the committed table is always a full one). Per-repo details
 * (every missed and extra route, table and access) go to corpus/out/<name>/score.json.
 * A repo that fails is a row with its error; the run goes on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { measureNode, median, type Measurement } from '../bench/measure.js';
import { louvainOnImports } from '../src/decompose/index.js';
import { runPipeline } from '../src/engine/pipeline.js';
import { DEFAULT_CONFIG } from '../src/shared/config.js';
import type { Decomposition } from '../src/shared/decomposition.js';
import type { Facts } from '../src/shared/facts.js';
import { SEAM_VERSION } from '../src/shared/version.js';
import { depcruiseArgs } from './corpus/depcruise-options.js';
import { corpusDir, loadExpected, loadManifest, scopeIncludes, type CorpusRepo, type Expected } from './corpus/manifest.js';
import {
  diagnosticsByCode,
  referenceUnits,
  scoreBaselines,
  scoreCut,
  scoreDataAccess,
  scoreEdges,
  scoreRoutes,
  scoreTables,
  type AccessScore,
  type EdgeScore,
  type PartitionScores,
  type SetScore,
} from './corpus/score.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SEAM = join(ROOT, 'bin', 'seam.js');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
/** Seam's default test-file rule, applied to dependency-cruiser's edges so both compare the same modules. */
const TEST_FILE = /(?:\.(?:spec|test|e2e-spec)\.[cm]?[jt]sx?$)|(?:(?:^|\/)(?:__tests__|__mocks__|__fixtures__)\/)|(?:(?:^|\/)(?:test|tests|e2e)\/)/;

interface Row {
  repo: CorpusRepo;
  error?: string;
  tsFiles?: number;
  modules?: number;
  seam?: Measurement;
  reference?: Measurement;
  edges?: EdgeScore;
  routes?: SetScore;
  tables?: SetScore;
  access?: AccessScore;
  cut?: PartitionScores;
  kernelShare?: number;
  services?: number;
  diagnostics?: Record<string, number>;
  /** dependency-cruiser failed on this repo: its figures are missing, Seam's are scored */
  referenceError?: string;
}

interface Args {
  names: string[];
  runs: number;
  reference: boolean;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { names: [], runs: 1, reference: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--runs') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1 || n > 9) throw new Error('eval:corpus: --runs takes a whole number from 1 to 9');
      out.runs = n;
    } else if (a === '--no-reference') out.reference = false;
    else if (a.startsWith('-')) throw new Error(`eval:corpus: unknown option ${a} (known: --runs n, --no-reference)`);
    else out.names.push(a);
  }
  return out;
}

function git(dir: string, args: string[]): string {
  const r = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

/** Files under the scope, read once so that neither tool pays for a cold cache. */
function warmScope(dir: string, paths: readonly string[]): number {
  let ts = 0;
  const visit = (abs: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      const child = join(abs, entry.name);
      if (entry.isDirectory()) visit(child);
      else if (entry.isFile() && /\.[cm]?tsx?$/.test(entry.name)) {
        readFileSync(child);
        ts++;
      }
    }
  };
  for (const p of paths) if (existsSync(join(dir, p)) && statSync(join(dir, p)).isDirectory()) visit(join(dir, p));
  return ts;
}

function seamArgs(repo: CorpusRepo, out: string): string[] {
  const args = ['analyze', '.', '--format', 'json', '--out', out];
  for (const g of scopeIncludes(repo)) args.push('--include', g);
  for (const g of repo.scope.exclude ?? []) args.push('--exclude', g);
  return args;
}

function depcruiseEdges(file: string): Array<{ from: string; to: string }> {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as {
    modules: Array<{ source: string; coreModule?: boolean; couldNotResolve?: boolean; dependencies: Array<{ resolved: string; coreModule: boolean; couldNotResolve: boolean; dependencyTypes: string[] }> }>;
  };
  const source = /\.(?:[cm]?tsx?|[cm]?jsx?)$/;
  const edges: Array<{ from: string; to: string }> = [];
  for (const m of doc.modules) {
    if (m.coreModule || m.couldNotResolve || m.source.includes('node_modules/') || !source.test(m.source)) continue;
    for (const d of m.dependencies) {
      if (d.coreModule || d.couldNotResolve || d.resolved.includes('node_modules/') || !source.test(d.resolved) || d.resolved === m.source) continue;
      if (d.dependencyTypes.some((t) => t.startsWith('npm') || t === 'core')) continue;
      edges.push({ from: m.source, to: d.resolved });
    }
  }
  return edges;
}

function medianOf(ms: Measurement[]): Measurement {
  return { seconds: median(ms.map((m) => m.seconds)), rssMiB: median(ms.map((m) => m.rssMiB)) };
}

async function evaluateRepo(repo: CorpusRepo, expected: Expected | undefined, args: Args, outRoot: string): Promise<Row> {
  const dir = join(corpusDir(), 'repos', repo.name);
  const outDir = join(outRoot, repo.name);
  mkdirSync(outDir, { recursive: true });
  const row: Row = { repo };
  try {
    const tsFiles = warmScope(dir, repo.scope.paths);
    const seamOut = join(outDir, 'seam.json');
    const seamRuns: Measurement[] = [];
    const refRuns: Measurement[] = [];
    let referenceError: string | undefined;
    for (let i = 0; i < args.runs; i++) {
      seamRuns.push(measureNode(SEAM, seamArgs(repo, seamOut), dir));
      if (args.reference && !referenceError) {
        try {
          refRuns.push(measureNode(DEPCRUISE, depcruiseArgs(repo, dir, outDir), dir));
        } catch (err) {
          referenceError = (err as Error).message.split('\n').find((l) => /ERROR|Error/.test(l))?.trim() ?? 'failed';
        }
      }
    }
    row.seam = medianOf(seamRuns);
    if (refRuns.length > 0 && !referenceError) row.reference = medianOf(refRuns);
    if (referenceError) row.referenceError = referenceError.slice(0, 200);
    const doc = JSON.parse(readFileSync(seamOut, 'utf8')) as Facts & { decomposition: Decomposition };
    row.tsFiles = tsFiles;
    row.modules = doc.modules.length;
    row.diagnostics = diagnosticsByCode(doc);
    if (row.reference) row.edges = scoreEdges(doc, depcruiseEdges(join(outDir, 'depcruise.json')), (p) => TEST_FILE.test(p));
    const placed = doc.decomposition.services.reduce((n, s) => n + s.modules.length, 0) + doc.decomposition.shared.length;
    row.kernelShare = placed ? doc.decomposition.shared.length / placed : 0;
    row.services = doc.decomposition.services.length;
    if (expected) {
      row.routes = scoreRoutes(doc, expected);
      row.tables = scoreTables(doc, expected);
      row.access = scoreDataAccess(doc, expected);
      if (expected.partition) {
        const units = expected.partition.units;
        const matched = (await runPipeline({ root: dir, config: { ...DEFAULT_CONFIG, services: Math.max(1, referenceUnits(units)) }, facts: doc, until: 'cut' })).decomposition!;
        row.cut = {
          seam: scoreCut(doc.decomposition, units),
          matchedK: scoreCut(matched, units),
          ...scoreBaselines(louvainOnImports(doc), units, new Set(doc.modules.map((m) => m.path))),
        };
      }
    }
    writeFileSync(join(outDir, 'score.json'), JSON.stringify({ ...row, repo: repo.name }, null, 2) + '\n');
  } catch (err) {
    row.error = ((err as Error).message ?? String(err)).split('\n').slice(0, 3).join(' ').slice(0, 300);
  }
  return row;
}

const pct = (x: number | undefined) => (x === undefined ? '–' : `${(x * 100).toFixed(1)}`);
const num = (x: number | undefined, d = 1) => (x === undefined ? '–' : x.toFixed(d));
const frac = (s: SetScore | undefined, key: 'recall' | 'precision') => (s === undefined ? '–' : `${pct(s[key])} (${key === 'recall' ? `${s.found}/${s.expected}` : `${s.correct}/${s.reported}`})`);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function render(rows: Row[], skipped: string[], commit: string): string {
  const ok = rows.filter((r) => !r.error);
  const speed = table(
    ['repo', 'TS files', 'modules', 'Seam s', 'depcruise s', 'time ratio', 'Seam MiB', 'depcruise MiB', 'memory ratio', 'edge agreement'],
    ok.map((r) => [
      r.repo.name,
      String(r.tsFiles),
      String(r.modules),
      num(r.seam?.seconds),
      num(r.reference?.seconds),
      r.seam && r.reference ? (r.seam.seconds / r.reference.seconds).toFixed(2) : '–',
      num(r.seam?.rssMiB, 0),
      num(r.reference?.rssMiB, 0),
      r.seam && r.reference ? (r.seam.rssMiB / r.reference.rssMiB).toFixed(2) : '–',
      r.edges ? `${pct(r.edges.recall)} (${r.edges.found}/${r.edges.reference})` : '–',
    ]),
  );
  const facts = table(
    ['repo', 'route recall', 'route precision', 'table recall', 'table precision', 'access recall', 'writer recall', 'access precision'],
    ok.map((r) => [r.repo.name, frac(r.routes, 'recall'), frac(r.routes, 'precision'), frac(r.tables, 'recall'), frac(r.tables, 'precision'), frac(r.access?.all, 'recall'), frac(r.access?.writes, 'recall'), frac(r.access?.all, 'precision')]),
  );
  const cut = table(
    ['repo', 'services', 'kernel share', 'ref modules', 'ref units', 'MoJoFM', 'ARI', 'MoJoFM matched K', 'ARI matched K', 'Louvain MoJoFM', 'Louvain ARI', 'folder MoJoFM (depth)'],
    ok.map((r) => [
      r.repo.name,
      String(r.services),
      pct(r.kernelShare),
      r.cut ? String(r.cut.seam.modules) : '–',
      r.cut ? String(r.cut.seam.units) : '–',
      r.cut ? r.cut.seam.mojoFm.toFixed(1) : '–',
      r.cut ? r.cut.seam.ari.toFixed(3) : '–',
      r.cut ? `${r.cut.matchedK.mojoFm.toFixed(1)} (K=${r.cut.matchedK.services})` : '–',
      r.cut ? r.cut.matchedK.ari.toFixed(3) : '–',
      r.cut ? r.cut.louvain.mojoFm.toFixed(1) : '–',
      r.cut ? r.cut.louvain.ari.toFixed(3) : '–',
      r.cut ? `${r.cut.folder.mojoFm.toFixed(1)} (${r.cut.folder.depth})` : '–',
    ]),
  );
  const diagnostics = table(
    ['repo', 'diagnostics by code'],
    ok.map((r) => [r.repo.name, Object.entries(r.diagnostics ?? {}).map(([c, n]) => `${c} ${n}`).join(', ') || 'none']),
  );
  const failed = rows.filter((r) => r.error);
  const out = [
    `# Seam on the corpus`,
    '',
    `${new Date().toISOString().slice(0, 10)} · Seam ${SEAM_VERSION} at ${commit} · \`npm run eval:corpus\` · ${ok.length} repos scored${failed.length ? `, ${failed.length} failed` : ''}${skipped.length ? `, ${skipped.length} not scored (see the end)` : ''}`,
    '',
    'Percentages with their counts. Time and memory: wall time and peak RSS of `seam analyze` (facts, proposal and metrics, history included) and of `depcruise --ts-pre-compilation-deps` on the same scope, measured in the same run; ratio = Seam / depcruise (lower is better). Edge agreement: depcruise\'s local edges between non-test modules that Seam also finds. Kernel share: modules in the shared kernel / modules placed. Matched K: Seam asked for as many services as the reference has units.',
    '',
    '## Speed and import edges',
    '',
    speed,
    '',
    '## Facts against the expectations',
    '',
    facts,
    '',
    '## The cut against the reference partition',
    '',
    cut,
    '',
    '## Diagnostics',
    '',
    diagnostics,
  ];
  if (failed.length) out.push('', '## Failed', '', table(['repo', 'error'], failed.map((r) => [r.repo.name, r.error!.replace(/\|/g, '\\|')])));
  const refFailed = ok.filter((r) => r.referenceError);
  if (refFailed.length) out.push('', '## dependency-cruiser failed (Seam scored, no ratio)', '', table(['repo', 'depcruise error'], refFailed.map((r) => [r.repo.name, r.referenceError!.replace(/\|/g, '\\|')])));
  if (skipped.length) out.push('', '## Not scored', '', ...skipped.map((s) => `- ${s}`));
  return out.join('\n') + '\n';
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const dir = corpusDir();
  const manifest = loadManifest(dir);
  const unknown = args.names.filter((n) => !manifest.some((r) => r.name === n));
  if (unknown.length) throw new Error(`eval:corpus: not in corpus/corpus.json: ${unknown.join(', ')} (known: ${manifest.map((r) => r.name).join(', ')})`);
  const chosen = args.names.length ? manifest.filter((r) => args.names.includes(r.name)) : manifest;
  const outRoot = join(dir, 'out');
  mkdirSync(outRoot, { recursive: true });
  const rows: Row[] = [];
  const skipped: string[] = [];
  for (const repo of chosen) {
    const checkout = join(dir, 'repos', repo.name);
    const head = existsSync(checkout) ? git(checkout, ['rev-parse', 'HEAD']) : '';
    if (!head) {
      const line = `${repo.name}: not checked out; fetch github:${repo.github} with the tool library's fetch verb, then npm run corpus:checkout -- ${repo.name} <the git directory it gives>`;
      console.log(line);
      skipped.push(line);
      continue;
    }
    if (head !== repo.commit) {
      rows.push({ repo, error: `corpus/repos/${repo.name} is at ${head.slice(0, 12)}, not the pinned ${repo.commit.slice(0, 12)}: run git -C corpus/repos/${repo.name} checkout ${repo.commit}` });
      continue;
    }
    process.stderr.write(`eval:corpus: ${repo.name}…\n`);
    let expected: Expected | undefined;
    try {
      expected = loadExpected(repo.name, dir);
    } catch (err) {
      rows.push({ repo, error: (err as Error).message });
      continue;
    }
    const row = await evaluateRepo(repo, expected, args, outRoot);
    if (!expected && !row.error) skipped.push(`${repo.name}: no corpus/expected/${repo.name}.json yet: speed and edges measured, facts and cut not scored`);
    rows.push(row);
    process.stderr.write(row.error ? `  failed: ${row.error}\n` : `  ${row.modules} modules in ${row.seam?.seconds.toFixed(1)} s\n`);
  }
  const commit = git(ROOT, ['rev-parse', '--short', 'HEAD']) || 'unknown';
  const text = render(rows, skipped, commit);
  console.log(text);
  const file = args.names.length ? join(outRoot, 'RESULTS.md') : join(dir, 'RESULTS.md');
  writeFileSync(file, text);
  console.log(`eval:corpus: wrote ${file}`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 2;
}

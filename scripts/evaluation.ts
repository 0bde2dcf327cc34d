/**
 * Scoring Seam against known answers: every fixture with a `seam.truth.json` and two generated
 * monoliths with planted services, each run through the real extraction, then `buildGraph` and
 * `cluster` with the defaults. Seam's MoJoFM and ARI sit beside two baselines computed in the
 * same run: seeded Louvain on the raw import graph, and the best single folder depth.
 *
 * Comparison rules: only modules both the truth and the decomposition label count (a truth may
 * name files the extraction skips, such as tests). Kernel modules are one extra cluster labelled
 * `shared` on Seam's side, matching the truths, which label the kernel and the app wiring
 * `shared`; the baselines have no kernel and are scored as they are.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeMonolith, type GenerateOptions } from '../fixtures/generate/generate.js';
import { adjustedRandIndex, bestFolderDepth, louvainOnImports, mojoFm, partitionOf, type Partition } from '../src/decompose/index.js';
import { runPipeline } from '../src/engine/pipeline.js';
import { DEFAULT_CONFIG } from '../src/shared/config.js';
import type { Facts } from '../src/shared/facts.js';

export interface Score {
  mojoFm: number;
  ari: number;
}

export interface EvaluationRow {
  fixture: string;
  /** modules compared */
  modules: number;
  /** distinct labels in the truth, `shared` included */
  truthClusters: number;
  services: number;
  kernel: number;
  seam: Score;
  louvainOnImports: Score;
  bestFolder: Score & { depth: number };
  /** wall time of buildGraph + cluster, ms */
  clusterMs: number;
}

/** The generated monoliths every evaluation includes: one per layout, the project's default seed. */
export const GENERATED_FIXTURES: ReadonlyArray<{ name: string; options: GenerateOptions }> = [
  { name: 'generated-feature-1000', options: { files: 1000, layout: 'feature', seed: 42 } },
  { name: 'generated-layered-1000', options: { files: 1000, layout: 'layered', seed: 42 } },
];

/** The repository's `fixtures/monoliths`: above this file (from source or from dist/), else under the working folder. */
export function monolithsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'fixtures', 'monoliths');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  const fromCwd = join(process.cwd(), 'fixtures', 'monoliths');
  if (existsSync(fromCwd)) return fromCwd;
  throw new Error('eval: cannot find fixtures/monoliths; run it from the root of the Seam repository');
}

/** Fixture folders holding a `seam.truth.json`, sorted by name. */
export function truthFixtures(): Array<{ name: string; dir: string; truth: Partition }> {
  const root = monolithsDir();
  return readdirSync(root)
    .sort()
    .filter((name) => existsSync(join(root, name, 'seam.truth.json')))
    .map((name) => {
      const doc = JSON.parse(readFileSync(join(root, name, 'seam.truth.json'), 'utf8')) as { modules: Partition };
      return { name, dir: join(root, name), truth: doc.modules };
    });
}

function score(ours: Partition, truth: Partition): Score {
  return { mojoFm: round2(mojoFm(ours, truth)), ari: round4(adjustedRandIndex(ours, truth)) };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** Score one extracted repository against its truth (the cut as every command makes it: runPipeline with the defaults). */
export async function evaluateFacts(fixture: string, facts: Facts, truth: Partition): Promise<EvaluationRow> {
  const started = performance.now();
  const decomposition = (await runPipeline({ root: '.', config: DEFAULT_CONFIG, facts, until: 'cut' })).decomposition!;
  const clusterMs = Math.round(performance.now() - started);
  const ours = partitionOf(decomposition);
  const compared: Partition = {};
  for (const [m, label] of Object.entries(truth)) if (m in ours) compared[m] = label;
  const restrict = (p: Partition): Partition => Object.fromEntries(Object.keys(compared).map((m) => [m, p[m]!]));
  const folder = bestFolderDepth(Object.keys(compared), compared);
  return {
    fixture,
    modules: Object.keys(compared).length,
    truthClusters: new Set(Object.values(compared)).size,
    services: decomposition.services.length,
    kernel: decomposition.shared.length,
    seam: score(restrict(ours), compared),
    louvainOnImports: score(restrict(louvainOnImports(facts)), compared),
    bestFolder: { ...score(folder.partition, compared), depth: folder.depth },
    clusterMs,
  };
}

export async function evaluateFixture(name: string, dir: string, truth: Partition): Promise<EvaluationRow> {
  const { facts } = await runPipeline({ root: dir, config: { ...DEFAULT_CONFIG, history: false }, until: 'extract' });
  return evaluateFacts(name, facts, truth);
}

export async function evaluateGenerated(name: string, options: GenerateOptions): Promise<EvaluationRow> {
  const dir = mkdtempSync(join(tmpdir(), 'seam-eval-'));
  try {
    const monolith = await writeMonolith(dir, options);
    return await evaluateFixture(name, dir, monolith.truth);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function evaluateAll(): Promise<EvaluationRow[]> {
  const rows: EvaluationRow[] = [];
  for (const f of truthFixtures()) rows.push(await evaluateFixture(f.name, f.dir, f.truth));
  for (const g of GENERATED_FIXTURES) rows.push(await evaluateGenerated(g.name, g.options));
  return rows;
}

export function formatTable(rows: readonly EvaluationRow[]): string {
  const header = ['fixture', 'modules', 'truth', 'services', 'kernel', 'Seam MoJoFM', 'Seam ARI', 'Louvain MoJoFM', 'Louvain ARI', 'folder MoJoFM', 'folder ARI', 'depth', 'ms'];
  const body = rows.map((r) => [
    r.fixture,
    String(r.modules),
    String(r.truthClusters),
    String(r.services),
    String(r.kernel),
    r.seam.mojoFm.toFixed(2),
    r.seam.ari.toFixed(4),
    r.louvainOnImports.mojoFm.toFixed(2),
    r.louvainOnImports.ari.toFixed(4),
    r.bestFolder.mojoFm.toFixed(2),
    r.bestFolder.ari.toFixed(4),
    String(r.bestFolder.depth),
    String(r.clusterMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

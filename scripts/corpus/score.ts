/**
 * Scoring Seam's facts and cut against a corpus repo's hand-checked expectations. Pure: facts,
 * decomposition and expectations in, numbers and the lists behind them out.
 *
 * Comparison rules (corpus/README.md): methods upper-case; paths without a trailing slash, `//`
 * collapsed, every parameter (`:id`, `{id}`, `[id]`) written `:` (an `{unknown:NAME}` part is not
 * a parameter and matches nothing); table names compared
 * case-insensitively; a data access is the triple (module, table, read|write).
 */
import { adjustedRandIndex, bestFolderDepth, mojoFm, partitionOf, type Partition } from '../../src/decompose/index.js';
import type { Decomposition } from '../../src/shared/decomposition.js';
import type { Facts } from '../../src/shared/facts.js';
import type { Expected } from './manifest.js';

export interface SetScore {
  expected: number;
  found: number;
  /** what Seam reported */
  reported: number;
  /** reported items that are expected */
  correct: number;
  recall: number;
  precision: number;
  missed: string[];
  extra: string[];
}

export function normalisePath(path: string): string {
  let p = path.trim().replace(/\/{2,}/g, '/');
  if (!p.startsWith('/')) p = `/${p}`;
  // `{unknown:NAME}` marks a part Seam could not read: it matches no parameter (never a made-up `:param`)
  const segments = p.split('/').map((s) => (/^:|^\{(?!unknown:).+\}$|^\[.+\]$/.test(s) ? ':' : s));
  p = segments.join('/');
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

export const routeKey = (method: string, path: string): string => `${method.toUpperCase()} ${normalisePath(path)}`;

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);

function compareSets(expected: ReadonlySet<string>, reported: ReadonlySet<string>): SetScore {
  const missed = [...expected].filter((k) => !reported.has(k)).sort();
  const extra = [...reported].filter((k) => !expected.has(k)).sort();
  const found = expected.size - missed.length;
  const correct = reported.size - extra.length;
  return { expected: expected.size, found, reported: reported.size, correct, recall: ratio(found, expected.size), precision: ratio(correct, reported.size), missed, extra };
}

export function scoreRoutes(facts: Facts, expected: Expected): SetScore {
  return compareSets(new Set(expected.routes.map((r) => routeKey(r.method, r.path))), new Set(facts.routes.map((r) => routeKey(r.method, r.path))));
}

/** Tables Seam knows: every entity's table and every table a data access names. */
export function scoreTables(facts: Facts, expected: Expected): SetScore {
  const reported = new Set([...facts.entities.map((e) => e.table), ...facts.dataAccess.map((d) => d.table)].map((t) => t.toLowerCase()));
  return compareSets(new Set(expected.tables.map((t) => t.name.toLowerCase())), reported);
}

export interface AccessScore {
  all: SetScore;
  /** (module, table) pairs that write */
  writes: SetScore;
  reads: SetScore;
}

export function scoreDataAccess(facts: Facts, expected: Expected): AccessScore {
  const key = (module: string, table: string, access: string) => `${module} ${access} ${table.toLowerCase()}`;
  const exp = { read: new Set<string>(), write: new Set<string>() };
  for (const t of expected.tables) {
    for (const m of t.readers) exp.read.add(key(m, t.name, 'read'));
    for (const m of t.writers) exp.write.add(key(m, t.name, 'write'));
  }
  const ours = { read: new Set<string>(), write: new Set<string>() };
  for (const d of facts.dataAccess) ours[d.access].add(key(d.module, d.table, d.access));
  return {
    all: compareSets(new Set([...exp.read, ...exp.write]), new Set([...ours.read, ...ours.write])),
    writes: compareSets(exp.write, ours.write),
    reads: compareSets(exp.read, ours.read),
  };
}

export interface EdgeScore {
  /** local edges dependency-cruiser found between non-test modules */
  reference: number;
  found: number;
  recall: number;
  /** Seam's edges dependency-cruiser does not have (unresolved there, e.g. workspace packages without node_modules) */
  seamOnly: number;
  missed: string[];
}

export function scoreEdges(facts: Facts, reference: ReadonlyArray<{ from: string; to: string }>, isTest: (path: string) => boolean): EdgeScore {
  const ours = new Set(facts.imports.map((e) => `${e.from} -> ${e.to}`));
  const skipped = new Set(facts.diagnostics.filter((d) => d.code === 'skipped-binary').map((d) => d.file));
  const ref = new Set(reference.filter((e) => !isTest(e.from) && !isTest(e.to) && !skipped.has(e.to)).map((e) => `${e.from} -> ${e.to}`));
  const missed = [...ref].filter((k) => !ours.has(k)).sort();
  const seamOnly = [...ours].filter((k) => !ref.has(k)).length;
  return { reference: ref.size, found: ref.size - missed.length, recall: ratio(ref.size - missed.length, ref.size), seamOnly, missed };
}

export interface CutScore {
  /** modules of the reference partition that Seam also has */
  modules: number;
  units: number;
  services: number;
  kernel: number;
  /** kernel modules / all modules Seam placed */
  kernelShare: number;
  mojoFm: number;
  ari: number;
}

export interface PartitionScores {
  seam: CutScore;
  /** Seam asked for as many services as the reference has units (`shared` not counted) */
  matchedK: CutScore;
  louvain: { mojoFm: number; ari: number };
  folder: { mojoFm: number; ari: number; depth: number };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** Restrict a partition to the reference's modules that it labels. */
function comparable(ours: Partition, reference: Record<string, string>): Partition {
  const out: Partition = {};
  for (const m of Object.keys(reference)) if (m in ours) out[m] = reference[m]!;
  return out;
}

export function scoreCut(decomposition: Decomposition, reference: Record<string, string>): CutScore {
  const ours = partitionOf(decomposition);
  const truth = comparable(ours, reference);
  const restricted: Partition = Object.fromEntries(Object.keys(truth).map((m) => [m, ours[m]!]));
  const placed = Object.keys(ours).length;
  return {
    modules: Object.keys(truth).length,
    units: new Set(Object.values(truth)).size,
    services: decomposition.services.length,
    kernel: decomposition.shared.length,
    kernelShare: round4(ratio(decomposition.shared.length, placed)),
    mojoFm: Object.keys(truth).length ? round2(mojoFm(restricted, truth)) : 0,
    ari: Object.keys(truth).length ? round4(adjustedRandIndex(restricted, truth)) : 0,
  };
}

export function scoreBaselines(louvain: Partition, reference: Record<string, string>, modules: ReadonlySet<string>): Pick<PartitionScores, 'louvain' | 'folder'> {
  const truth: Partition = {};
  for (const [m, label] of Object.entries(reference)) if (modules.has(m)) truth[m] = label;
  const names = Object.keys(truth);
  if (names.length === 0) return { louvain: { mojoFm: 0, ari: 0 }, folder: { mojoFm: 0, ari: 0, depth: 0 } };
  const restricted: Partition = Object.fromEntries(names.map((m) => [m, louvain[m] ?? `solo:${m}`]));
  const folder = bestFolderDepth(names, truth);
  return {
    louvain: { mojoFm: round2(mojoFm(restricted, truth)), ari: round4(adjustedRandIndex(restricted, truth)) },
    folder: { mojoFm: round2(folder.mojoFm), ari: round4(adjustedRandIndex(folder.partition, truth)), depth: folder.depth },
  };
}

/** Number of units a reference partition has, its kernel label `shared` not counted. */
export function referenceUnits(reference: Record<string, string>): number {
  return new Set(Object.values(reference).filter((u) => u !== 'shared')).size;
}

export function diagnosticsByCode(facts: Facts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of facts.diagnostics) out[d.code] = (out[d.code] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Carrying a decomposition across a re-analysis. The code moved on; the architect's decisions
 * must not be lost:
 * - a module that was renamed or moved keeps its service, pin, shared-kernel place and
 *   constraints. A rename is recognised, in order, from git (`git diff -M` between the old run's
 *   HEAD and the work tree, found by the host), from an identical content hash, and from content
 *   similarity: Jaccard index of the sets of normalised lines >= 0.5 (git's own default rename
 *   threshold, `-M50%`), best pairs first;
 * - a module that is gone leaves, with a notice naming its service;
 * - a new module is put in the service it is most coupled to (placement.ts) and flagged "new"
 *   for review.
 * Pure: the host reads git and the files and passes plain data in.
 */
import type { CouplingGraph } from '../decompose/index.js';
import type { Decomposition } from '../shared/decomposition.js';
import type { EditNotice } from '../shared/edits.js';
import { compareStrings } from '../shared/sort.js';
import { dropEmptyServices, normalise } from './normalise.js';
import { propose, recordPlacement, serviceOfModule } from './placement.js';

export const SIMILARITY_THRESHOLD = 0.5;
/** Files with fewer distinct significant lines are matched by identical content only. */
const MIN_LINES_FOR_SIMILARITY = 3;
/** A line found in more files than this (a license header, `return null;`) says nothing about identity. */
const COMMON_LINE_FILES = 50;

export type RenameEvidence = 'git' | 'content' | 'similarity';

export interface ModuleRename {
  from: string;
  to: string;
  by: RenameEvidence;
  /** Jaccard index for `similarity` (1 for identical content) */
  similarity?: number;
}

export interface ReconcileInput {
  decomposition: Decomposition;
  /** path -> content hash, previous run */
  before: ReadonlyMap<string, string>;
  /** path -> content hash, new run */
  after: ReadonlyMap<string, string>;
  /** renames git reported (old path -> new path), repo-relative to the analyzed folder */
  gitRenames: readonly { from: string; to: string }[];
  /** line fingerprints by content hash, for the files that disappeared and appeared */
  fingerprints: ReadonlyMap<string, Uint32Array>;
  /** the coupling graph of the new run (to propose a service for new modules) */
  graph: CouplingGraph | undefined;
}

export interface ReconcileResult {
  decomposition: Decomposition;
  renames: ModuleRename[];
  deleted: string[];
  added: string[];
  notices: EditNotice[];
}

/** FNV-1a, 32 bit: a stable, fast hash of one normalised line. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The set of a file's significant lines, hashed: whitespace collapsed, blank and punctuation-only
 * lines dropped, and import / re-export lines dropped (their relative paths change when the
 * file moves, which is exactly the case this must see through).
 */
export function fingerprint(text: string): Uint32Array {
  const set = new Set<number>();
  for (const raw of text.split('\n')) {
    const line = raw.trim().replace(/\s+/g, ' ');
    if (line === '' || /^[{}()[\];,]*$/.test(line)) continue;
    if (/^import\b/.test(line) || /^export\b.*\bfrom\s*['"]/.test(line) || /^}?\s*from\s*['"]/.test(line)) continue;
    set.add(fnv1a(line));
  }
  return Uint32Array.from([...set].sort((a, b) => a - b));
}

/** Jaccard index of two sorted sets. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Match disappeared paths to appeared ones: git first, identical content next, then similarity. */
export function matchRenames(input: Pick<ReconcileInput, 'before' | 'after' | 'gitRenames' | 'fingerprints'>): ModuleRename[] {
  const gone = [...input.before.keys()].filter((p) => !input.after.has(p)).sort(compareStrings);
  const added = [...input.after.keys()].filter((p) => !input.before.has(p)).sort(compareStrings);
  const goneLeft = new Set(gone);
  const addedLeft = new Set(added);
  const renames: ModuleRename[] = [];
  const take = (r: ModuleRename) => {
    goneLeft.delete(r.from);
    addedLeft.delete(r.to);
    renames.push(r);
  };

  for (const r of [...input.gitRenames].sort((x, y) => compareStrings(x.from, y.from))) {
    if (goneLeft.has(r.from) && addedLeft.has(r.to)) take({ from: r.from, to: r.to, by: 'git' });
  }

  const addedByHash = new Map<string, string[]>();
  for (const p of addedLeft) {
    const h = input.after.get(p)!;
    addedByHash.set(h, [...(addedByHash.get(h) ?? []), p]);
  }
  for (const from of [...goneLeft]) {
    const candidates = (addedByHash.get(input.before.get(from)!) ?? []).filter((p) => addedLeft.has(p));
    if (candidates.length === 0) continue;
    const to = candidates.find((p) => baseName(p) === baseName(from)) ?? candidates[0]!;
    take({ from, to, by: 'content', similarity: 1 });
  }

  // similarity: candidate pairs share at least one uncommon line (inverted index), then exact Jaccard
  const printOf = (hash: string | undefined) => (hash === undefined ? undefined : input.fingerprints.get(hash));
  const goneList = [...goneLeft].filter((p) => (printOf(input.before.get(p))?.length ?? 0) >= MIN_LINES_FOR_SIMILARITY);
  const addedList = [...addedLeft].filter((p) => (printOf(input.after.get(p))?.length ?? 0) >= MIN_LINES_FOR_SIMILARITY);
  if (goneList.length === 0 || addedList.length === 0) return renames;
  const index = new Map<number, number[]>();
  for (const [gi, p] of goneList.entries()) {
    for (const line of printOf(input.before.get(p))!) {
      const list = index.get(line);
      if (list) list.push(gi);
      else index.set(line, [gi]);
    }
  }
  const pairs: { from: string; to: string; score: number }[] = [];
  for (const to of addedList) {
    const b = printOf(input.after.get(to))!;
    const seen = new Set<number>();
    for (const line of b) {
      const list = index.get(line);
      if (!list || list.length > COMMON_LINE_FILES) continue;
      for (const gi of list) seen.add(gi);
    }
    for (const gi of seen) {
      const from = goneList[gi]!;
      const score = jaccard(printOf(input.before.get(from))!, b);
      if (score >= SIMILARITY_THRESHOLD) pairs.push({ from, to, score });
    }
  }
  pairs.sort(
    (x, y) =>
      y.score - x.score ||
      Number(baseName(y.from) === baseName(y.to)) - Number(baseName(x.from) === baseName(x.to)) ||
      compareStrings(x.from, y.from) ||
      compareStrings(x.to, y.to),
  );
  for (const p of pairs) {
    if (goneLeft.has(p.from) && addedLeft.has(p.to)) take({ from: p.from, to: p.to, by: 'similarity', similarity: Math.round(p.score * 100) / 100 });
  }
  return renames.sort((x, y) => compareStrings(x.from, y.from));
}

export function reconcile(input: ReconcileInput): ReconcileResult {
  const d = structuredClone(input.decomposition);
  const notices: EditNotice[] = [];
  const renames = matchRenames(input);
  const renamed = new Map(renames.map((r) => [r.from, r.to]));
  const owner = serviceOfModule(d);
  const shared = new Set(d.shared.map((k) => k.module));
  const where = (m: string): string => {
    const s = owner.get(m);
    return s ? `service ${s.name}` : shared.has(m) ? 'the shared kernel' : 'no service';
  };

  for (const r of renames) {
    const how = r.by === 'git' ? 'git reports the rename' : r.by === 'content' ? 'identical content' : `${Math.round((r.similarity ?? 0) * 100)} % of its lines are the same`;
    notices.push({ code: 'module-renamed', module: r.to, service: owner.get(r.from)?.id, message: `${r.from} is now ${r.to} (${how}); it stays in ${where(r.from)}${owner.get(r.from)?.pinned.includes(r.from) ? ', pinned' : ''}` });
  }
  const rename = (m: string): string => renamed.get(m) ?? m;
  const deleted = [...input.before.keys()].filter((p) => !input.after.has(p) && !renamed.has(p)).sort(compareStrings);
  const gone = new Set(deleted);
  for (const m of deleted) {
    if (owner.has(m) || shared.has(m)) notices.push({ code: 'module-deleted', module: m, service: owner.get(m)?.id, message: `${m} no longer exists; it left ${where(m)}` });
  }
  const keep = (m: string): boolean => !gone.has(m);

  for (const s of d.services) {
    s.modules = s.modules.filter(keep).map(rename);
    s.pinned = s.pinned.filter(keep).map(rename);
    if (s.flagged) s.flagged = s.flagged.filter(keep).map(rename);
    if (s.placement) s.placement = s.placement.filter((p) => keep(p.module)).map((p) => ({ ...p, module: rename(p.module) }));
  }
  d.shared = d.shared.filter((k) => keep(k.module)).map((k) => ({ ...k, module: rename(k.module) }));
  const c = d.constraints;
  c.pins = c.pins.filter((p) => keep(p.module)).map((p) => ({ ...p, module: rename(p.module) }));
  c.shared = c.shared.filter((o) => keep(o.module)).map((o) => ({ ...o, module: rename(o.module) }));
  const apartBefore = c.apart.length;
  c.apart = c.apart.filter((p) => keep(p.a) && keep(p.b)).map((p) => {
    const [a, b] = [rename(p.a), rename(p.b)].sort(compareStrings) as [string, string];
    return { a, b };
  });
  if (c.apart.length < apartBefore) {
    notices.push({ code: 'constraint-dropped', message: `${apartBefore - c.apart.length} keep-apart constraint(s) named a deleted module and were dropped` });
  }

  const renamedTo = new Set(renamed.values());
  const added = [...input.after.keys()].filter((p) => !input.before.has(p) && !renamedTo.has(p)).sort(compareStrings);
  const placed = serviceOfModule(d);
  for (const m of added) {
    if (placed.has(m) || d.shared.some((k) => k.module === m)) continue;
    const proposal = propose(d, m, input.graph, placed);
    if (!proposal) {
      notices.push({ code: 'module-new', module: m, message: `${m} is new and there is no service to propose; re-cluster to place it` });
      continue;
    }
    const s = proposal.service;
    s.modules.push(m);
    s.flagged = [...(s.flagged ?? []), m];
    recordPlacement(s, m, 'new', `new since the last analysis: ${proposal.why}`);
    placed.set(m, s);
    notices.push({ code: 'module-new', module: m, service: s.id, message: `${m} is new: proposed for ${s.name}, flagged for review` });
  }
  dropEmptyServices(d, notices);
  return { decomposition: normalise(d), renames, deleted, added, notices };
}

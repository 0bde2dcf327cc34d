/**
 * buildGraph(facts, weights) -> CouplingGraph: one undirected weighted graph over the modules.
 * Each edge sums the layers of coupling between two modules, weighted by `CouplingWeights`
 * (defaults and reasons in coupling-weights.ts), and keeps the per-layer breakdown and the raw
 * import counts so the UI can show what a cut would cost at run time versus in types only.
 *
 * Layers, per unordered pair {a, b}:
 * - imports, per direction (dependencies.ts: barrels followed, constant-only imports count as
 *   type-only): runtimeImport if any runtime import or re-export, else dynamicImport, else
 *   typeOnlyImport (an `import type` beside a runtime import adds nothing);
 * - symbol references, per direction: symbolRef * log2(1 + uses);
 * - tables: the modules touching one table (readers, writers, and the module declaring its
 *   entity, which counts as a writer); a pair with one writer is weighted sharedTableRead, a
 *   pair of writers sharedTableWrite; two readers share nothing;
 * - route groups: the modules serving routes of one route group (`/api/orders/...` -> `orders`;
 *   operational endpoints such as /health left out);
 * - feature folders: the modules whose nearest non-layer folder is the same (vocabulary.ts);
 * - name words: the modules whose file names start with the same capability word
 *   (`order-item.repository.ts` and `order.service.ts`: order);
 * - co-change: coChange * degree / 100 (Code Maat degree);
 * - shared mutable state: sharedState between the module that holds the state and each user.
 *   Users are not tied to each other through it: when the holder is infrastructure (a cache, a
 *   bus, a request context) the kernel absorbs it, and when it is domain state the star already
 *   pulls every user toward its holder. Exported singletons are left out: an instance handed
 *   out through an export is an ordinary dependency, which the imports already count.
 * Group layers (tables, route groups, folders, names) give each member about the layer's
 * weight in total, however large the group (group-edges.ts).
 */
import { UndirectedGraph } from 'graphology';
import type { CouplingWeights } from '../shared/decomposition.js';
import type { Facts } from '../shared/facts.js';
import { compareStrings } from '../shared/sort.js';
import { resolveWeights } from './coupling-weights.js';
import { moduleDependencies, type ModuleDependency } from './dependencies.js';
import { addGroupEdges } from './group-edges.js';
import { sameCutInput, sameIgnoringPositions } from './same-facts.js';
import { routeGrouping } from './route-group.js';
import { capabilityStem, featureFolder } from './vocabulary.js';

export type CouplingLayer = keyof CouplingWeights;

export interface ImportCounts {
  runtime: number;
  typeOnly: number;
  dynamic: number;
  reExport: number;
}

export interface CouplingEdge {
  /** total weight: the sum of `layers` */
  weight: number;
  /** weight each layer contributes (already multiplied by its weight option) */
  layers: Record<CouplingLayer, number>;
  /** import statements between the two modules, both directions, barrels followed */
  imports: ImportCounts;
  /** symbol uses between the two modules, both directions */
  symbolUses: number;
}

export interface ModuleNode {
  lines: number;
}

export interface CouplingGraphAttributes {
  weights: Required<CouplingWeights>;
}

export type CouplingGraph = UndirectedGraph<ModuleNode, CouplingEdge, CouplingGraphAttributes>;

export const COUPLING_LAYERS: readonly CouplingLayer[] = [
  'runtimeImport',
  'typeOnlyImport',
  'dynamicImport',
  'symbolRef',
  'sharedTableRead',
  'sharedTableWrite',
  'sharedRouteGroup',
  'featureFolder',
  'nameWords',
  'coChange',
  'sharedState',
];

export function edgeKey(a: string, b: string): string {
  return a < b ? `${a}\0${b}` : `${b}\0${a}`;
}

function emptyEdge(): CouplingEdge {
  const layers = {} as Record<CouplingLayer, number>;
  for (const l of COUPLING_LAYERS) layers[l] = 0;
  return { weight: 0, layers, imports: { runtime: 0, typeOnly: 0, dynamic: 0, reExport: 0 }, symbolUses: 0 };
}

type AddLayer = (a: string, b: string, layer: CouplingLayer, amount: number) => CouplingEdge | undefined;

/**
 * What the metrics read of a coupling graph: every edge once, in a fixed order. Both the
 * graphology graph (buildGraph) and the plain edge list (couplingEdges) have it.
 */
export interface CouplingEdges {
  forEachEdge(callback: (key: string, attributes: CouplingEdge, source: string, target: string) => void): void;
}

/** The coupling graph's edges, without the graph: in the order buildGraph adds them, for a caller that only measures. */
export class CouplingEdgeList implements CouplingEdges {
  constructor(
    /** the resolved weights the edges were made with */
    readonly weights: Required<CouplingWeights>,
    /** each edge's two modules (a < b) and its attributes, in key order */
    readonly edges: readonly (readonly [a: string, b: string, edge: CouplingEdge])[],
  ) {}

  forEachEdge(callback: (key: string, attributes: CouplingEdge, source: string, target: string) => void): void {
    for (const [a, b, e] of this.edges) callback(`${a}\0${b}`, e, a, b);
  }
}

/**
 * The edges of the coupling graph (see the top of this file), without building the graph: a
 * graphology graph costs about half of buildGraph (a node map and two neighbour entries per edge),
 * which a caller that only measures a given cut does not need.
 */
export function couplingEdges(facts: Facts, weights?: Partial<CouplingWeights>): CouplingEdgeList {
  const w = resolveWeights(weights);
  if (lastEdges && sameCutInput(lastEdges.facts, facts) && sameIgnoringPositions(lastEdges.list.weights, w)) {
    lastEdges = { facts, list: lastEdges.list };
    return lastEdges.list;
  }
  const list = buildEdgeList(facts, w);
  lastEdges = { facts, list };
  return list;
}

/**
 * The last edges built, with their facts: a re-analysis whose facts differ only in positions (an
 * edit that moved lines, a file's hash) gets the same edges back without building them (5,000
 * modules: ~0.3 s against ~0.02 s to compare). The edges are only read by their callers.
 */
let lastEdges: { facts: Facts; list: CouplingEdgeList } | undefined;

function buildEdgeList(facts: Facts, w: Required<CouplingWeights>): CouplingEdgeList {
  const modules = facts.modules.map((m) => m.path);
  // Edges are collected under a number, lo * n + hi for the modules' ranks in path order: no
  // string key per added layer, and numbers sort exactly as the edge keys (edgeKey) do, since a
  // path holds no NUL.
  const ranked = [...new Set(modules)].sort(compareStrings);
  const rank = new Map(ranked.map((m, i) => [m, i]));
  const n = ranked.length;
  const edges = new Map<number, CouplingEdge>();
  const add: AddLayer = (a, b, layer, amount) => {
    if (a === b) return undefined;
    const ra = rank.get(a);
    const rb = rank.get(b);
    if (ra === undefined || rb === undefined) return undefined;
    const key = ra < rb ? ra * n + rb : rb * n + ra;
    let e = edges.get(key);
    if (!e) edges.set(key, (e = emptyEdge()));
    e.layers[layer] += amount;
    return e;
  };

  for (const d of moduleDependencies(facts)) addDependency(d, w, add);
  addTables(facts, w, add);
  addRouteGroups(facts, w, add);
  addFeatureFolders(modules, w, add);
  addNameWords(modules, w, add);
  for (const c of facts.coChange) add(c.a, c.b, 'coChange', (w.coChange * c.degree) / 100);
  for (const s of facts.sharedState) {
    if (s.kind === 'singleton') continue;
    for (const user of [...new Set(s.users)].sort(compareStrings)) add(s.module, user, 'sharedState', w.sharedState);
  }

  const list: [string, string, CouplingEdge][] = [];
  for (const key of Float64Array.from(edges.keys()).sort()) {
    const e = edges.get(key)!;
    let total = 0;
    for (const l of COUPLING_LAYERS) total += e.layers[l];
    if (total <= 0 && e.imports.runtime + e.imports.typeOnly + e.imports.dynamic + e.imports.reExport === 0) continue;
    e.weight = total;
    const lo = Math.floor(key / n);
    list.push([ranked[lo]!, ranked[key - lo * n]!, e]);
  }
  return new CouplingEdgeList(w, list);
}

export function buildGraph(facts: Facts, weights?: Partial<CouplingWeights>): CouplingGraph {
  const { weights: w, edges } = couplingEdges(facts, weights);
  const graph: CouplingGraph = new UndirectedGraph<ModuleNode, CouplingEdge, CouplingGraphAttributes>({ allowSelfLoops: false });
  graph.replaceAttributes({ weights: w });
  for (const m of facts.modules) graph.addNode(m.path, { lines: m.lines });
  for (const [a, b, e] of edges) graph.addUndirectedEdgeWithKey(`${a}\0${b}`, a, b, e);
  return graph;
}

function addDependency(d: ModuleDependency, w: Required<CouplingWeights>, add: AddLayer): void {
  const layer: CouplingLayer | undefined =
    d.runtime + d.reExport > 0 ? 'runtimeImport' : d.dynamic > 0 ? 'dynamicImport' : d.typeOnly > 0 ? 'typeOnlyImport' : undefined;
  const e = layer ? add(d.from, d.to, layer, w[layer]) : undefined;
  const s = d.symbolUses > 0 ? add(d.from, d.to, 'symbolRef', w.symbolRef * Math.log2(1 + d.symbolUses)) : e;
  const edge = e ?? s;
  if (!edge) return;
  edge.imports.runtime += d.runtime;
  edge.imports.typeOnly += d.typeOnly;
  edge.imports.dynamic += d.dynamic;
  edge.imports.reExport += d.reExport;
  edge.symbolUses += d.symbolUses;
}

/** Members of each group, groups and members sorted. */
function grouped(entries: Iterable<[string, string]>): Array<[string, string[]]> {
  const groups = new Map<string, Set<string>>();
  for (const [group, module] of entries) {
    let set = groups.get(group);
    if (!set) groups.set(group, (set = new Set()));
    set.add(module);
  }
  return [...groups.keys()].sort(compareStrings).map((g) => [g, [...groups.get(g)!].sort(compareStrings)]);
}

function addTables(facts: Facts, w: Required<CouplingWeights>, add: AddLayer): void {
  const roles = new Map<string, 'read' | 'write'>();
  const touch = (table: string, module: string, role: 'read' | 'write') => {
    const key = `${table}\0${module}`;
    if (roles.get(key) !== 'write') roles.set(key, role);
  };
  for (const a of facts.dataAccess) touch(a.table, a.module, a.access);
  for (const e of facts.entities) touch(e.table, e.module, 'write');
  const entries: Array<[string, string]> = [...roles.keys()].map((k) => k.split('\0') as [string, string]);
  for (const [table, members] of grouped(entries)) {
    const writes = (m: string) => roles.get(`${table}\0${m}`) === 'write';
    // the write-write weight is the larger one: scale the read pairs down from it
    const top = Math.max(w.sharedTableWrite, w.sharedTableRead);
    addGroupEdges(members, top, (a, b, amount) => add(a, b, writes(a) && writes(b) ? 'sharedTableWrite' : 'sharedTableRead', amount), (a, b) => {
      const writers = (writes(a) ? 1 : 0) + (writes(b) ? 1 : 0);
      if (top === 0) return 0;
      return writers === 2 ? w.sharedTableWrite / top : writers === 1 ? w.sharedTableRead / top : 0;
    });
  }
}

function addRouteGroups(facts: Facts, w: Required<CouplingWeights>, add: AddLayer): void {
  const entries: Array<[string, string]> = [];
  const groupOf = routeGrouping(facts.routes);
  for (const r of facts.routes) {
    const g = groupOf(r.path);
    if (g !== undefined) entries.push([g, r.module]);
  }
  for (const [, members] of grouped(entries)) addGroupEdges(members, w.sharedRouteGroup, (a, b, x) => add(a, b, 'sharedRouteGroup', x));
}

function addFeatureFolders(modules: readonly string[], w: Required<CouplingWeights>, add: AddLayer): void {
  const entries: Array<[string, string]> = [];
  for (const m of modules) {
    const folder = featureFolder(m);
    if (folder !== undefined) entries.push([folder, m]);
  }
  for (const [, members] of grouped(entries)) addGroupEdges(members, w.featureFolder, (a, b, x) => add(a, b, 'featureFolder', x));
}

function addNameWords(modules: readonly string[], w: Required<CouplingWeights>, add: AddLayer): void {
  const entries: Array<[string, string]> = [];
  for (const m of modules) {
    const word = capabilityStem(m);
    if (word !== undefined) entries.push([word, m]);
  }
  for (const [, members] of grouped(entries)) addGroupEdges(members, w.nameWords, (a, b, x) => add(a, b, 'nameWords', x));
}

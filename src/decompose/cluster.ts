/**
 * cluster(graph, facts, options) -> Decomposition: the proposed cut.
 * 1. set the shared kernel aside (shared-kernel.ts), honouring the user's overrides; a pinned
 *    module is never kernel;
 * 2. partition the rest with seeded Louvain and multi-level refinement, the user's constraints
 *    imposed (constrained-partition.ts): pins and seeds anchored, keep-apart pairs split, every
 *    service connected (unless a pin the user made joins what the graph does not);
 * 3. shape the communities by business context (business-contexts.ts): merge those serving the
 *    same route group, move or split off the part of one that serves another group when that
 *    raises modularity, fold route-less communities into the service they lean on; then repair
 *    constraints and connectivity again;
 * 4. fit the requested number of services, if any (service-count.ts);
 * 5. name each service (service-names.ts) and give it the id `svc-<name>`;
 * 6. record for each module the evidence that placed it (placement-evidence.ts).
 * Pure: same graph, facts and options give byte-identical output.
 */
import type { ClusterParams, Constraints, CouplingWeights, Decomposition, Service, SharedKernelEntry, SharedOverride } from '../shared/decomposition.js';
import type { Facts } from '../shared/facts.js';
import { compareStrings } from '../shared/sort.js';
import { buildAdjacency, type Adjacency } from './adjacency.js';
import { shapeByBusinessContext } from './business-contexts.js';
import { anchorsFrom, normalizeConstraints, serviceKey, type AnchoredConstraints } from './constraint-anchors.js';
import { constrainedPartition, repairPartition, type Communities } from './constrained-partition.js';
import { buildGraph, type CouplingGraph } from './coupling-graph.js';
import { fitServiceCount } from './service-count.js';
import { assignNames, namingIndex, type NamedGroup } from './service-names.js';
import { detectSharedKernel } from './shared-kernel.js';
import { explicitUnits, type ExplicitUnit, type ExplicitUnits } from './explicit-units.js';
import { attachPlacement, couplingEvidence, type Evidence } from './placement-evidence.js';

export const DEFAULT_SEED = 42;
export const DEFAULT_RESOLUTION = 1;

export interface ClusterOptions {
  seed?: number;
  resolution?: number;
  targetServices?: number;
  constraints?: Partial<Constraints>;
  /** re-weight the layers: the graph is rebuilt from the facts with these weights */
  weights?: Partial<CouplingWeights>;
}

export function cluster(graph: CouplingGraph, facts: Facts, options: ClusterOptions = {}): Decomposition {
  const constraints = normalizeConstraints(options.constraints);
  const g = options.weights ? buildGraph(facts, { ...graph.getAttribute('weights'), ...options.weights }) : graph;
  const params: ClusterParams = {
    seed: options.seed ?? DEFAULT_SEED,
    resolution: options.resolution ?? DEFAULT_RESOLUTION,
    ...(options.targetServices !== undefined ? { targetServices: options.targetServices } : {}),
    weights: { ...g.getAttribute('weights') },
  };
  const units = explicitUnits(facts, new Set(g.nodes()));
  const detected = detectSharedKernel(facts, g, [...unitOverrides(units, constraints), ...kernelOverrides(constraints)]);
  // a module the units set aside carries the unit's reason, not the user's
  const userForced = new Set(constraints.shared.filter((o) => o.shared).map((o) => o.module));
  const shared = detected.map((k) => {
    const unit = units.unitOf.get(k.module);
    return unit?.kernel && !userForced.has(k.module) ? { module: k.module, reason: `part of infrastructure unit ${unit.reason}` } : k;
  });
  return partitionAround(g, facts, shared, params, constraints, [], units);
}

/**
 * What the explicit units say about the kernel: an infrastructure unit's modules are kernel, a
 * capability unit's never are (its entities, DTOs and repositories follow it). The user's own
 * overrides and pins come after, and win.
 */
function unitOverrides(units: ExplicitUnits, constraints: Constraints): SharedOverride[] {
  const user = new Set([...constraints.shared.map((o) => o.module), ...constraints.pins.map((p) => p.module)]);
  const out: SharedOverride[] = [];
  for (const u of units.units) for (const m of u.modules) if (!user.has(m)) out.push({ module: m, shared: u.kernel });
  return out;
}

/** The kernel overrides implied by the constraints: explicit ones, and "pinned means not kernel". */
export function kernelOverrides(constraints: Constraints): SharedOverride[] {
  const pinned = new Set(constraints.pins.map((p) => p.module));
  return [...constraints.shared.filter((o) => !pinned.has(o.module)), ...[...pinned].map((module) => ({ module, shared: false }))];
}

/**
 * Partition every module outside `shared` into services. With `previous` (a re-cluster), a pin
 * naming one of them goes where most of that service goes and the service keeps its id and
 * name; any other previous service lends its id and name to the new service holding most of its
 * modules, so a re-cluster does not rename what survives.
 */
export function partitionAround(
  graph: CouplingGraph,
  facts: Facts,
  shared: readonly SharedKernelEntry[],
  params: ClusterParams,
  constraints: Constraints,
  previous: readonly Service[] = [],
  /** the code's explicit units: evidence for a fresh proposal; a re-cluster of an edited scenario keeps the user's shape instead */
  units?: ExplicitUnits,
): Decomposition {
  const kernel = new Set(shared.map((s) => s.module));
  const adj = buildAdjacency(graph);
  const subset = adj.nodes.map((_, i) => i).filter((i) => !kernel.has(adj.nodes[i]!));
  const partition = (withUnits: boolean) => {
    const anchors = anchorsFrom(constraints, facts, adj, kernel, previous);
    if (units && withUnits) anchorUnits(anchors, units, adj, kernel, params.targetServices);
    const found = constrainedPartition(adj, subset, anchors, params.seed, params.resolution);
    const shaped = shapeByBusinessContext(adj, found, anchors, facts, params.seed, params.resolution);
    const repaired = repairPartition(adj, shaped, anchors);
    const communities = params.targetServices === undefined ? repaired : fitServiceCount(adj, repaired, anchors, params.targetServices, params.seed, params.resolution);
    return { anchors, found, shaped, repaired, communities };
  };
  // Asked for more services than the code has units, the units stay whole and the code they do
  // not claim is split to make up the count; only if that cannot reach the count are the units
  // given up (the user's number wins).
  let run = partition(true);
  if (units && params.targetServices !== undefined && run.communities.length < Math.floor(params.targetServices) && units.units.some((u) => !u.kernel)) run = partition(false);
  const { anchors, found, shaped, repaired, communities } = run;
  const services = toServices(adj, communities, anchors.anchors, facts, constraints, previous);
  const stages = { louvain: found, shaped, repaired, final: communities, ...(params.targetServices !== undefined ? { target: params.targetServices } : {}) };
  const byCoupling = couplingEvidence(adj, stages, new Set(anchors.why.keys()), facts);
  // a re-cluster that leaves a module in its service leaves what placed it there
  const before = new Map<string, { service: string; evidence: Evidence }>();
  for (const s of previous) for (const { module, ...evidence } of s.placement ?? []) before.set(module, { service: s.id, evidence });
  attachPlacement(services, (m, s) => {
    const i = adj.index.get(m)!;
    const kept = before.get(m);
    return anchors.why.get(i) ?? (kept?.service === s.id ? kept.evidence : byCoupling.get(i));
  });
  return { services, shared: [...shared], params, constraints };
}

/**
 * Each capability unit seeds a service: its modules start together and stay together, as a pin
 * would hold them, unless the user pinned or seeded one elsewhere (those win). Asked for fewer
 * services than there are units, the most coupled units share a seed first. Each module it
 * anchors carries the unit's evidence.
 */
function anchorUnits(anchors: AnchoredConstraints, units: ExplicitUnits, adj: Adjacency, kernel: ReadonlySet<string>, target: number | undefined): void {
  const capability = units.units.filter((u) => !u.kernel);
  const taken = new Set<number>();
  for (const nodes of anchors.anchors.values()) for (const n of nodes) taken.add(n);
  // the user's keep-apart pairs outrank a unit: the second module of a pair is not held by it
  for (const [, b] of anchors.apart) taken.add(b);
  const keyOf = mergedKeys(capability, adj, target);
  const userKey = new Map<number, string>();
  for (const [key, nodes] of anchors.anchors) for (const n of nodes) userKey.set(n, key);
  for (const u of capability) {
    const nodes = u.modules.map((m) => adj.index.get(m)).filter((i): i is number => i !== undefined && !taken.has(i) && !kernel.has(adj.nodes[i]!));
    if (nodes.length === 0) continue;
    // a unit the user pinned or seeded part of follows the user: the rest of it joins that service
    const claimed = new Set(u.modules.map((m) => userKey.get(adj.index.get(m) ?? -1)).filter((k): k is string => k !== undefined));
    if (claimed.size > 1) continue;
    const key = claimed.size === 1 ? [...claimed][0]! : (keyOf.get(u.key) ?? u.key);
    anchors.anchors.set(key, [...(anchors.anchors.get(key) ?? []), ...nodes].sort((a, b) => a - b));
    const joined = claimed.size === 1 ? '; follows the part of it the user placed' : key !== u.key ? `; merged with ${key.slice(key.indexOf(':') + 1)} to fit --services ${target}` : '';
    for (const n of nodes) anchors.why.set(n, { evidence: u.kind, reason: `${u.evidence}${joined}` });
  }
}

/** Unit key -> the key of the group it joins when `target` asks for fewer services than units (agglomerative, by coupling per module pair). */
export function mergedKeys(units: readonly ExplicitUnit[], adj: Adjacency, target: number | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (target === undefined || units.length <= target) return out;
  const groupOf = new Map<number, number>();
  units.forEach((u, i) => {
    for (const m of u.modules) {
      const n = adj.index.get(m);
      if (n !== undefined) groupOf.set(n, i);
    }
  });
  const weight = new Map<string, number>();
  const pair = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  for (const [n, g] of groupOf) {
    for (const [m, w] of adj.neighbours[n]!) {
      const h = groupOf.get(m);
      if (h === undefined || h === g || m < n) continue;
      weight.set(pair(g, h), (weight.get(pair(g, h)) ?? 0) + w);
    }
  }
  const parent = units.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const size = units.map((u) => u.modules.length);
  let groups = units.length;
  while (groups > target) {
    let best: [number, number, number] | undefined;
    const merged = new Map<string, number>();
    for (const [k, w] of weight) {
      const [a, b] = k.split(',').map(Number) as [number, number];
      const ra = find(a);
      const rb = find(b);
      if (ra === rb) continue;
      const key = pair(ra, rb);
      merged.set(key, (merged.get(key) ?? 0) + w);
    }
    for (const [k, w] of merged) {
      const [a, b] = k.split(',').map(Number) as [number, number];
      const score = w / Math.sqrt(size[a]! * size[b]!);
      if (!best || score > best[2] || (score === best[2] && k < pair(best[0], best[1]))) best = [a, b, score];
    }
    if (!best) {
      // no coupling left between groups: join the two smallest
      const roots = [...new Set(units.map((_, i) => find(i)))].sort((a, b) => size[a]! - size[b]! || a - b);
      best = [roots[0]!, roots[1]!, 0];
    }
    const [a, b] = size[best[0]]! >= size[best[1]]! ? [best[0], best[1]] : [best[1], best[0]];
    parent[b] = a;
    size[a]! += size[b]!;
    groups--;
  }
  units.forEach((u, i) => out.set(u.key, units[find(i)]!.key));
  return out;
}

export function toServices(
  adj: Adjacency,
  communities: Communities,
  anchors: ReadonlyMap<string, number[]>,
  facts: Facts,
  constraints: Constraints,
  previous: readonly Service[] = [],
  /** services that keep existing beside these: their names and ids are not reused */
  taken: readonly Service[] = [],
): Service[] {
  const anchorOf = new Map<number, string>();
  for (const [key, nodes] of anchors) for (const n of nodes) anchorOf.set(n, key);
  const byId = new Map(previous.map((s) => [s.id, s]));
  const groups = communities.map((c) => ({
    modules: c.map((n) => adj.nodes[n]!).sort(compareStrings),
    key: c.map((n) => anchorOf.get(n)).find((a) => a !== undefined),
  }));

  // an anchor naming an edited service takes that service's id and name ...
  const lent = new Map<number, Service>();
  groups.forEach((g, i) => {
    const s = g.key?.startsWith('id:') ? byId.get(g.key.slice(3)) : undefined;
    if (s && ![...lent.values()].includes(s)) lent.set(i, s);
  });
  // ... and a previous service lends them to the new one holding most of its modules
  const pairs: Array<{ i: number; s: Service; overlap: number }> = [];
  groups.forEach((g, i) => {
    if (lent.has(i) || g.key !== undefined) return;
    const set = new Set(g.modules);
    for (const s of previous) {
      const overlap = s.modules.filter((m) => set.has(m)).length;
      if (2 * overlap > g.modules.length) pairs.push({ i, s, overlap });
    }
  });
  pairs.sort((a, b) => b.overlap - a.overlap || a.i - b.i || compareStrings(a.s.id, b.s.id));
  const usedPrevious = new Set([...lent.values()].map((s) => s.id));
  for (const p of pairs) {
    if (lent.has(p.i) || usedPrevious.has(p.s.id)) continue;
    lent.set(p.i, p.s);
    usedPrevious.add(p.s.id);
  }
  const named: NamedGroup[] = groups.map((g, i) => {
    const fixed = lent.get(i)?.name ?? (g.key === undefined ? undefined : serviceKey(g.key.slice(g.key.indexOf(':') + 1)));
    return fixed === undefined ? { modules: g.modules } : { modules: g.modules, fixed };
  });
  const names = assignNames(named, namingIndex(facts), taken.map((t) => t.name));

  const pinned = new Set(constraints.pins.map((p) => p.module));
  const ids = new Set<string>(taken.map((t) => t.id));
  const services: Service[] = groups.map((g, i) => {
    let id = lent.get(i)?.id ?? `svc-${names[i]}`;
    for (let k = 2; ids.has(id); k++) id = `svc-${names[i]}-${k}`;
    ids.add(id);
    return { id, name: names[i]!, modules: [...g.modules], pinned: g.modules.filter((m) => pinned.has(m)) };
  });
  return services.sort((a, b) => compareStrings(a.id, b.id));
}

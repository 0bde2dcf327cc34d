/**
 * Edits that re-run the clustering on an existing decomposition.
 * - recluster: the workspace's "re-cluster around pins": the kernel as it stands (with the
 *   user's overrides applied), the same seed and parameters, every constraint honoured;
 *   services that survive keep their id and name.
 * - splitService: cut one service into k parts with the same engine; the others are untouched.
 */
import type { CouplingWeights, Decomposition, Service, SharedKernelEntry } from '../shared/decomposition.js';
import { InputError } from '../shared/errors.js';
import type { Facts } from '../shared/facts.js';
import { compareStrings } from '../shared/sort.js';
import { buildAdjacency } from './adjacency.js';
import { anchorsFrom, normalizeConstraints } from './constraint-anchors.js';
import { constrainedPartition } from './constrained-partition.js';
import { buildGraph, type CouplingGraph } from './coupling-graph.js';
import { kernelOverrides, partitionAround, toServices } from './cluster.js';
import { fitServiceCount } from './service-count.js';
import { attachPlacement, couplingShare } from './placement-evidence.js';

export function recluster(decomposition: Decomposition, graph: CouplingGraph, facts: Facts): Decomposition {
  const constraints = normalizeConstraints(decomposition.constraints);
  const g = sameWeights(graph, decomposition) ? graph : buildGraph(facts, decomposition.params.weights);
  const known = new Set(facts.modules.map((m) => m.path));
  const overrides = kernelOverrides(constraints);
  const out = new Set(overrides.filter((o) => !o.shared).map((o) => o.module));
  const shared: SharedKernelEntry[] = decomposition.shared.filter((s) => known.has(s.module) && !out.has(s.module));
  const inKernel = new Set(shared.map((s) => s.module));
  for (const o of overrides) {
    if (o.shared && known.has(o.module) && !inKernel.has(o.module)) {
      shared.push({ module: o.module, reason: 'set aside by the user', byUser: true });
      inKernel.add(o.module);
    }
  }
  shared.sort((a, b) => compareStrings(a.module, b.module));
  return partitionAround(g, facts, shared, { ...decomposition.params }, constraints, decomposition.services);
}

export function splitService(decomposition: Decomposition, serviceId: string, k: number, graph: CouplingGraph, facts: Facts): Decomposition {
  const target = decomposition.services.find((s) => s.id === serviceId);
  if (!target) {
    const ids = decomposition.services.map((s) => s.id).join(', ');
    throw new InputError(`decompose: no service ${serviceId} to split; pick one of ${ids}`, 'unknown-service');
  }
  if (!Number.isInteger(k) || k < 2) throw new InputError(`decompose: cannot split ${serviceId} into ${k} parts; ask for 2 or more`, 'bad-split');
  const constraints = normalizeConstraints(decomposition.constraints);
  const g = sameWeights(graph, decomposition) ? graph : buildGraph(facts, decomposition.params.weights);
  const adj = buildAdjacency(g);
  const kernel = new Set(decomposition.shared.map((s) => s.module));
  // anchors by name here: the service being cut is no home to steer them toward
  const anchors = anchorsFrom(constraints, facts, adj, kernel);
  const nodes = target.modules.map((m) => adj.index.get(m)).filter((i): i is number => i !== undefined);
  const { seed, resolution } = decomposition.params;
  const parts = fitServiceCount(adj, constrainedPartition(adj, nodes, anchors, seed, resolution), anchors, k, seed, resolution);

  // the part holding the service's pins (else the largest) keeps its id and name
  const pinnedHere = new Set(target.pinned);
  const keeper = parts
    .map((p, i) => ({ i, pins: p.filter((n) => pinnedHere.has(adj.nodes[n]!)).length, size: p.length }))
    .sort((a, b) => b.pins - a.pins || b.size - a.size || a.i - b.i)[0]!.i;
  const others = parts.filter((_, i) => i !== keeper);
  const fresh = toServices(adj, others, anchors.anchors, facts, constraints, [], [...decomposition.services.filter((s) => s.id !== serviceId), { ...target, modules: [] }]);
  const kept: Service = {
    ...target,
    modules: parts[keeper]!.map((n) => adj.nodes[n]!).sort(compareStrings),
    pinned: target.pinned.filter((m) => parts[keeper]!.some((n) => adj.nodes[n] === m)),
  };
  if (kept.flagged) kept.flagged = kept.flagged.filter((m) => kept.modules.includes(m));
  if (kept.placement) kept.placement = kept.placement.filter((p) => kept.modules.includes(p.module));
  const services = [...decomposition.services.filter((s) => s.id !== serviceId), kept, ...fresh].sort((a, b) => compareStrings(a.id, b.id));
  // the parts split off were placed by the user's split and their coupling
  const labelOf = new Map<number, number>();
  services.forEach((s, i) => s.modules.forEach((m) => labelOf.set(adj.index.get(m) ?? -1, i)));
  attachPlacement(fresh, (m) => ({ evidence: 'coupling', reason: `coupling: split off ${target.name} by the user; ${couplingShare(adj, adj.index.get(m) ?? -1, labelOf)}` }));
  return { ...decomposition, services };
}

function sameWeights(graph: CouplingGraph, d: Decomposition): boolean {
  const w = graph.getAttribute('weights');
  return (Object.keys(d.params.weights) as (keyof CouplingWeights)[]).every((k) => w[k] === d.params.weights[k]);
}

/**
 * The cut's cost: what crosses service boundaries.
 * - runtime / typeOnly: dependencies (importing module, imported module) between two services,
 *   by kind. A runtime one becomes a network call or an event; a type-only one a shared contract;
 * - weight: the coupling-graph weight of the edges between services, and that weight by layer
 *   (imports, symbols, tables, route groups, folders, names, co-change, shared state).
 * Per service, the same dependencies split into inbound and outbound.
 */
import type { EdgeSplit, CutCost } from '../../shared/metrics.js';
import { COUPLING_LAYERS, type CouplingEdges } from '../coupling-graph.js';
import type { ServiceView } from './service-view.js';

export function cutCost(view: ServiceView, graph: CouplingEdges): { cost: CutCost; inbound: EdgeSplit[]; outbound: EdgeSplit[] } {
  const inbound = view.ids.map(() => ({ runtime: 0, typeOnly: 0 }));
  const outbound = view.ids.map(() => ({ runtime: 0, typeOnly: 0 }));
  let runtime = 0;
  let typeOnly = 0;
  for (const d of view.dependencies) {
    const a = view.serviceOf.get(d.from)!;
    const b = view.serviceOf.get(d.to)!;
    if (a === b) continue;
    const key = d.kind === 'runtime' ? 'runtime' : 'typeOnly';
    outbound[a]![key]++;
    inbound[b]![key]++;
    if (key === 'runtime') runtime++;
    else typeOnly++;
  }
  const layers: Record<string, number> = {};
  for (const l of COUPLING_LAYERS) layers[l] = 0;
  let weight = 0;
  graph.forEachEdge((_key, attrs, source, target) => {
    const a = view.serviceOf.get(source);
    const b = view.serviceOf.get(target);
    if (a === undefined || b === undefined || a === b) return;
    weight += attrs.weight;
    for (const l of COUPLING_LAYERS) layers[l]! += attrs.layers[l];
  });
  return { cost: { runtime, typeOnly, weight, layers }, inbound, outbound };
}

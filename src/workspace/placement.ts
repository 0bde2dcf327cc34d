/**
 * Where a module belongs when nobody decided: the service it is most coupled to in the coupling
 * graph (sum of edge weights to that service's modules), else the service holding most of its
 * folder's siblings (nearest folder first), else the largest service. Used for a module taken
 * out of the shared kernel and for a module that appeared since the last analysis.
 */
import type { CouplingGraph } from '../decompose/index.js';
import type { Decomposition, PlacementEvidence, Service } from '../shared/decomposition.js';
import { compareStrings } from '../shared/sort.js';

/** Records what placed a module in `s` (normalise keeps the latest entry per module). Mutates `s`. */
export function recordPlacement(s: Service, module: string, evidence: PlacementEvidence, reason: string): void {
  s.placement = [...(s.placement ?? []), { module, evidence, reason }];
}

export function serviceOfModule(d: Decomposition): Map<string, Service> {
  const out = new Map<string, Service>();
  for (const s of d.services) for (const m of s.modules) out.set(m, s);
  return out;
}

function best(scores: Map<Service, number>): Service | undefined {
  let top: Service | undefined;
  let topScore = 0;
  for (const [s, v] of scores) {
    if (v > topScore || (v === topScore && top && v > 0 && compareStrings(s.id, top.id) < 0)) {
      top = s;
      topScore = v;
    }
  }
  return topScore > 0 ? top : undefined;
}

/** The proposal and what it rests on: `most coupled with this service`, `most of its folder is here`, `the largest service`. */
export function propose(d: Decomposition, module: string, graph: CouplingGraph | undefined, owner = serviceOfModule(d)): { service: Service; why: string } | undefined {
  if (d.services.length === 0) return undefined;
  if (graph?.hasNode(module)) {
    const scores = new Map<Service, number>();
    graph.forEachEdge(module, (_key, attr, source, target) => {
      const other = source === module ? target : source;
      const s = owner.get(other);
      if (s) scores.set(s, (scores.get(s) ?? 0) + attr.weight);
    });
    const hit = best(scores);
    if (hit) return { service: hit, why: 'most coupled with this service' };
  }
  const parts = module.split('/').slice(0, -1);
  for (let depth = parts.length; depth > 0; depth--) {
    const prefix = parts.slice(0, depth).join('/') + '/';
    const scores = new Map<Service, number>();
    for (const [m, s] of owner) if (m !== module && m.startsWith(prefix)) scores.set(s, (scores.get(s) ?? 0) + 1);
    const hit = best(scores);
    if (hit) return { service: hit, why: `most of ${prefix} is here` };
  }
  return { service: [...d.services].sort((a, b) => b.modules.length - a.modules.length || compareStrings(a.id, b.id))[0]!, why: 'no coupling or folder to go by: the largest service' };
}

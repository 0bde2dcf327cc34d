/**
 * Why each module sits in its service: the evidence that put it there, one short sentence each.
 * - anchored modules carry their anchor's evidence: the user's pin or seed, or the explicit unit
 *   that claimed them (constraint-anchors.ts, explicit-units.ts);
 * - every other module was placed by coupling. The cut runs in stages (Louvain, business-context
 *   shaping, repair, fitting the service count); a module is credited to the stage that brought
 *   it into the lineage of its final service: the community of each stage that holds most of
 *   that service. A module already there after Louvain is placed by coupling; one brought by the
 *   shaping either joined with the modules serving the same route group or, its community serving
 *   no route, was folded into the service it is most tied to (business-contexts.ts).
 * Every coupling reason states how much of the module's coupling stays in the service: links to
 * modules of services, the shared kernel's left out (every service uses it).
 */
import type { ModulePlacement, Service } from '../shared/decomposition.js';
import type { Facts } from '../shared/facts.js';
import type { Adjacency } from './adjacency.js';
import type { Communities } from './constrained-partition.js';
import { routeGrouping } from './route-group.js';

export type Evidence = Omit<ModulePlacement, 'module'>;

/** The partition after each stage of the cut, over the same modules. */
export interface CutStages {
  louvain: Communities;
  shaped: Communities;
  repaired: Communities;
  /** after fitting the service count the user asked for (`target`), else the repaired one */
  final: Communities;
  target?: number;
}

function labels(communities: Communities): Map<number, number> {
  const out = new Map<number, number>();
  communities.forEach((c, i) => c.forEach((n) => out.set(n, i)));
  return out;
}

/** `5 of 6 links (87 % of their weight) stay in this service`, counting links to modules of services only. */
export function couplingShare(adj: Adjacency, node: number, labelOf: ReadonlyMap<number, number>): string {
  const own = labelOf.get(node);
  let links = 0;
  let inside = 0;
  let weight = 0;
  let insideWeight = 0;
  for (const [x, w] of adj.neighbours[node] ?? []) {
    const l = labelOf.get(x);
    if (l === undefined) continue;
    links++;
    weight += w;
    if (l === own) {
      inside++;
      insideWeight += w;
    }
  }
  if (links === 0) return 'no links to modules of services (only to the shared kernel, or none)';
  const pct = Math.round((100 * insideWeight) / weight);
  return links === 1 ? `${inside} of 1 link (${pct} % of its weight) stays in this service` : `${inside} of ${links} links (${pct} % of their weight) stay in this service`;
}

/**
 * For each community of `later`, the community of `earlier` holding most of it; ties go to the
 * one with the smallest member, so every stage breaks them alike whatever order it lists them in.
 */
function predecessors(earlier: Communities, later: Communities): number[] {
  const labelOf = labels(earlier);
  const first = earlier.map((c) => c.reduce((a, b) => Math.min(a, b), Infinity));
  return later.map((c) => {
    const counts = new Map<number, number>();
    for (const n of c) {
      const l = labelOf.get(n);
      if (l !== undefined) counts.set(l, (counts.get(l) ?? 0) + 1);
    }
    let best = -1;
    let most = 0;
    for (const [l, k] of counts) if (k > most || (k === most && first[l]! < first[best]!)) [best, most] = [l, k];
    return best;
  });
}

/** The evidence for every module the anchors did not place. */
export function couplingEvidence(adj: Adjacency, stages: CutStages, anchored: ReadonlySet<number>, facts: Facts): Map<number, Evidence> {
  const finalOf = labels(stages.final);
  const louvainOf = labels(stages.louvain);
  const shapedOf = labels(stages.shaped);
  const louvainPred = predecessors(stages.louvain, stages.final);
  const shapedPred = predecessors(stages.shaped, stages.final);
  const repairedOf = labels(stages.repaired);
  const repairedPred = predecessors(stages.repaired, stages.final);
  const groupOf = routeGrouping(facts.routes);
  const groupsOf = new Map<number, string[]>();
  for (const r of facts.routes) {
    const i = adj.index.get(r.module);
    const g = groupOf(r.path);
    if (i !== undefined && g !== undefined) groupsOf.set(i, [...(groupsOf.get(i) ?? []), g]);
  }
  const dominant = (c: readonly number[]): string | undefined => {
    const counts = new Map<string, number>();
    for (const n of c) for (const g of groupsOf.get(n) ?? []) counts.set(g, (counts.get(g) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  };
  const finalGroup = stages.final.map((c) => dominant(c));
  const louvainRouted = stages.louvain.map((c) => dominant(c) !== undefined);

  const out = new Map<number, Evidence>();
  for (const [n, f] of finalOf) {
    if (anchored.has(n)) continue;
    const share = couplingShare(adj, n, finalOf);
    const fromLouvain = louvainOf.get(n) === louvainPred[f];
    const fromShaping = shapedOf.get(n) === shapedPred[f];
    if (fromLouvain && fromShaping) {
      out.set(n, { evidence: 'coupling', reason: `coupling: ${share}` });
    } else if (repairedOf.get(n) !== repairedPred[f]) {
      out.set(n, { evidence: 'coupling', reason: `coupling: merged to fit --services ${stages.target}; ${share}` });
    } else if (!fromShaping) {
      out.set(n, { evidence: 'coupling', reason: `coupling: joined the service it is most tied to when the partition was repaired; ${share}` });
    } else if (!louvainRouted[louvainOf.get(n)!]) {
      out.set(n, { evidence: 'satellite', reason: `serves no route: folded into the service it is most tied to; ${share}` });
    } else {
      const g = finalGroup[f];
      out.set(n, { evidence: 'route-group', reason: `route group ${g ?? '(none)'}: gathered with the modules serving it; ${share}` });
    }
  }
  return out;
}

/** Attaches each service's placement, one entry per module in module order. Mutates the services. */
export function attachPlacement(services: Service[], evidence: (module: string, service: Service) => Evidence | undefined): void {
  for (const s of services) {
    const placement: ModulePlacement[] = [];
    for (const module of s.modules) {
      const e = evidence(module, s);
      if (e) placement.push({ module, ...e });
    }
    s.placement = placement;
  }
}

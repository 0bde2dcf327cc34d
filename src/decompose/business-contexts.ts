/**
 * Business contexts: the route groups a community serves (route-group.ts:
 * `/api/shipping/batches` -> `shipping`) shape the communities Louvain found, three ways.
 *
 * - split: a community serving several route groups is re-partitioned with the modules serving
 *   each group anchored apart (the same constrained Louvain, merged back to one part per group).
 *   A part whose group another community is dominated by moves there, a part whose group no
 *   other community serves becomes its own; either only when modularity rises. Louvain's moves
 *   are local; moving half a community is not;
 * - merge: communities dominated by the same route group serve one API resource and become one
 *   service (when they touch and the constraints allow): keeping them apart would make the
 *   gateway route by full path instead of by prefix;
 * - satellites: in a codebase that serves routes, a community that serves none is the inside
 *   of a service, not a service: it joins the routed community it is most strongly tied to.
 * A community holding pinned or seeded modules is never split, two anchored to different
 * services never merge, and a keep-apart pair never ends up together.
 */
import type { Facts } from '../shared/facts.js';
import type { Adjacency } from './adjacency.js';
import { constrainedPartition, type Communities, type PartitionConstraints } from './constrained-partition.js';
import { mergeDownTo } from './service-count.js';
import { routeGrouping } from './route-group.js';
import { pushTo } from './multimap.js';

export function shapeByBusinessContext(
  adj: Adjacency,
  communities: Communities,
  constraints: PartitionConstraints,
  facts: Facts,
  seed: number,
  resolution: number,
): Communities {
  const groupsOf = new Map<number, string[]>();
  const groupOf = routeGrouping(facts.routes);
  for (const r of facts.routes) {
    const i = adj.index.get(r.module);
    const g = groupOf(r.path);
    if (i === undefined || g === undefined) continue;
    pushTo(groupsOf, i, g);
  }
  if (groupsOf.size === 0) return communities;
  const ctx = new Shaper(adj, constraints, groupsOf, seed, resolution);
  let shaped = ctx.mergeSameGroup(communities);
  shaped = ctx.split(shaped);
  shaped = ctx.mergeSameGroup(shaped);
  shaped = ctx.absorbSatellites(shaped);
  return shaped.map((c) => [...c].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);
}

class Shaper {
  readonly anchorOf = new Map<number, string>();

  constructor(
    readonly adj: Adjacency,
    readonly constraints: PartitionConstraints,
    readonly groupsOf: Map<number, string[]>,
    readonly seed: number,
    readonly resolution: number,
  ) {
    for (const [name, nodes] of constraints.anchors) for (const n of nodes) this.anchorOf.set(n, name);
  }

  /** The route group most of a community's routes fall in. */
  dominant(c: readonly number[]): string | undefined {
    const counts = new Map<string, number>();
    for (const n of c) for (const g of this.groupsOf.get(n) ?? []) counts.set(g, (counts.get(g) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  }

  private anchored(c: readonly number[]): string | undefined {
    for (const n of c) {
      const a = this.anchorOf.get(n);
      if (a !== undefined) return a;
    }
    return undefined;
  }

  /** Modularity contribution of one community: w_in/m - γ(d/2m)². */
  private quality(c: readonly number[]): number {
    const m = this.adj.total;
    if (m <= 0) return 0;
    const set = new Set(c);
    let inside = 0;
    let degree = 0;
    for (const n of c) {
      degree += this.adj.degree[n]!;
      for (const [x, w] of this.adj.neighbours[n]!) if (x > n && set.has(x)) inside += w;
    }
    return inside / m - this.resolution * (degree / (2 * m)) ** 2;
  }

  split(communities: Communities): Communities {
    const out: number[][] = communities.map((c) => [...c]);
    const dominantOf = out.map((c) => this.dominant(c));
    const count = out.length;
    for (let i = 0; i < count; i++) {
      const c = out[i]!;
      if (this.anchored(c) !== undefined) continue;
      // each route module seeds the part of its own dominant group
      const seedsByGroup = new Map<string, number[]>();
      for (const n of c) {
        const own = this.dominant([n]);
        if (own !== undefined) pushTo(seedsByGroup, own, n);
      }
      if (seedsByGroup.size < 2) continue;
      const anchors = new Map([...seedsByGroup].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
      const local: PartitionConstraints = { anchors, apart: this.constraints.apart };
      const parts = mergeDownTo(this.adj, constrainedPartition(this.adj, c, local, this.seed, this.resolution), local, anchors.size, this.resolution);
      let rest = c;
      for (const part of parts) {
        const g = this.dominant(part);
        if (g === undefined || g === dominantOf[i] || part.length === rest.length) continue;
        const inPart = new Set(part);
        const remaining = rest.filter((n) => !inPart.has(n));
        // a part whose group another community serves moves there if that raises modularity
        const targets = dominantOf.map((d, k) => k).filter((k) => k !== i && dominantOf[k] === g && out[k]!.length > 0);
        if (targets.length > 0) {
          let best = -1;
          let bestGain = 1e-12;
          for (const k of targets) {
            if (this.keptApart(part, out[k]!)) continue;
            const anchor = this.anchored(out[k]!);
            if (anchor !== undefined) continue;
            const gain = this.quality(remaining) + this.quality([...out[k]!, ...part]) - this.quality(rest) - this.quality(out[k]!);
            if (gain > bestGain) {
              best = k;
              bestGain = gain;
            }
          }
          if (best >= 0) {
            out[best] = [...out[best]!, ...part];
            rest = remaining;
          }
          continue;
        }
        // otherwise it becomes its own community if that raises modularity
        if (this.quality(remaining) + this.quality(part) - this.quality(rest) > 1e-12) {
          out.push(part);
          dominantOf.push(g);
          rest = remaining;
        }
      }
      out[i] = rest;
    }
    return out.filter((c) => c.length > 0);
  }

  private keptApart(a: readonly number[], b: readonly number[]): boolean {
    const sa = new Set(a);
    const sb = new Set(b);
    return this.constraints.apart.some(([x, y]) => (sa.has(x) && sb.has(y)) || (sa.has(y) && sb.has(x)));
  }

  /** Union adjacent communities dominated by the same route group, respecting the constraints. */
  mergeSameGroup(communities: Communities): Communities {
    const keys = communities.map((c) => this.dominant(c));
    const parent = communities.map((_, i) => i);
    const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
    const members = communities.map((c) => new Set(c));
    const anchors = communities.map((c) => this.anchored(c));
    const label = new Map<number, number>();
    communities.forEach((c, i) => c.forEach((n) => label.set(n, i)));
    for (let i = 0; i < communities.length; i++) {
      for (const n of communities[i]!) {
        for (const [x] of this.adj.neighbours[n]!) {
          const j = label.get(x);
          if (j === undefined || keys[i] === undefined || keys[i] !== keys[j]) continue;
          this.union(find(i), find(j), parent, members, anchors);
        }
      }
    }
    return this.collect(communities, find);
  }

  absorbSatellites(communities: Communities): Communities {
    const routed = communities.map((c) => this.dominant(c) !== undefined);
    const parent = communities.map((_, i) => i);
    const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
    const members = communities.map((c) => new Set(c));
    const anchors = communities.map((c) => this.anchored(c));
    const label = new Map<number, number>();
    communities.forEach((c, i) => c.forEach((n) => label.set(n, i)));
    const order = communities.map((c, i) => ({ c, i })).sort((a, b) => a.c.length - b.c.length || a.c[0]! - b.c[0]!);
    for (const { c, i } of order) {
      if (routed[i] || anchors[i] !== undefined) continue;
      const ties = new Map<number, number>();
      for (const n of c) {
        for (const [x, w] of this.adj.neighbours[n]!) {
          const j = label.get(x);
          if (j === undefined || j === i || !routed[j]) continue;
          ties.set(j, (ties.get(j) ?? 0) + w);
        }
      }
      const ranked = [...ties].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      for (const [j] of ranked) {
        if (this.union(find(j), find(i), parent, members, anchors)) break;
      }
    }
    return this.collect(communities, find);
  }

  private union(ri: number, rj: number, parent: number[], members: Set<number>[], anchors: (string | undefined)[]): boolean {
    if (ri === rj) return true;
    const ai = anchors[ri];
    const aj = anchors[rj];
    if (ai !== undefined && aj !== undefined && ai !== aj) return false;
    for (const [a, b] of this.constraints.apart) {
      if ((members[ri]!.has(a) && members[rj]!.has(b)) || (members[ri]!.has(b) && members[rj]!.has(a))) return false;
    }
    const [keep, drop] = ri < rj ? [ri, rj] : [rj, ri];
    parent[drop] = keep;
    for (const x of members[drop]!) members[keep]!.add(x);
    anchors[keep] = anchors[keep] ?? anchors[drop];
    return true;
  }

  private collect(communities: Communities, find: (x: number) => number): Communities {
    const merged = new Map<number, number[]>();
    communities.forEach((c, i) => {
      const r = find(i);
      pushTo(merged, r, ...c);
    });
    return [...merged.values()];
  }
}

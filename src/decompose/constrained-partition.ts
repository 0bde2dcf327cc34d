/**
 * The partition engine: seeded Louvain (seeded-louvain.ts) on the coupling graph, the user's
 * constraints imposed, refined level by level (refine.ts), then two repairs Louvain does not
 * guarantee on its own.
 *
 * - Anchors (modules pinned or seeded to a service) join the community most of their group is
 *   in, or for a service being edited the community most of that service is in, and stay there
 *   while the refinement lets the modules most tied to them follow: a pin is never undone.
 * - Two anchors of different services, or a keep-apart pair, that Louvain still puts in one
 *   community split that community by weighted growth from each anchor (every other module
 *   joins the part it is most strongly tied to, in order of that tie's strength).
 * - Louvain can return disconnected communities (Traag et al. 2019). Each community keeps its
 *   largest connected component (and its anchored modules: a pin the user made across the graph
 *   outranks connectivity); every other component joins the neighbouring community it is most
 *   strongly tied to (when the constraints allow), or becomes a community of its own.
 * Same adjacency, constraints, seed and resolution: same communities, in the same order.
 */
import type { Adjacency } from './adjacency.js';
import { pushTo } from './multimap.js';
import { refinePartition } from './refine.js';
import { seededLouvain } from './seeded-louvain.js';

export interface PartitionConstraints {
  /** anchored node indices per anchor key (constraint-anchors.ts) */
  anchors: Map<string, number[]>;
  /** node index pairs that must not share a community */
  apart: Array<[number, number]>;
  /** per anchor key, the nodes whose community the anchor should join (an edited service's modules) */
  homes?: Map<string, number[]>;
}

export function noConstraints(): PartitionConstraints {
  return { anchors: new Map(), apart: [] };
}

/** Communities as sorted node-index lists, ordered by their smallest member. */
export type Communities = number[][];

export function constrainedPartition(
  adj: Adjacency,
  subset: readonly number[],
  constraints: PartitionConstraints,
  seed: number,
  resolution: number,
): Communities {
  const members = [...subset].sort((a, b) => a - b);
  if (members.length === 0) return [];
  const ctx = new Context(adj, members, constraints);
  const labels = ctx.louvain(seed, resolution);
  ctx.separateConflicts(labels);
  ctx.repairConnectivity(labels);
  return ctx.communities(labels);
}

/** Split every community that holds two anchors or a keep-apart pair, then fix connectivity. */
export function repairPartition(adj: Adjacency, communities: Communities, constraints: PartitionConstraints): Communities {
  const members = communities.flat().sort((a, b) => a - b);
  const ctx = new Context(adj, members, constraints);
  const labels = new Map<number, number>();
  communities.forEach((c, i) => c.forEach((n) => labels.set(n, i)));
  ctx.separateConflicts(labels);
  ctx.repairConnectivity(labels);
  return ctx.communities(labels);
}

class Context {
  readonly inSubset: Set<number>;
  readonly anchorOf = new Map<number, string>();
  readonly apartOf = new Map<number, number[]>();

  constructor(
    readonly adj: Adjacency,
    readonly members: number[],
    readonly constraints: PartitionConstraints,
  ) {
    this.inSubset = new Set(members);
    for (const [name, nodes] of constraints.anchors) for (const n of nodes) if (this.inSubset.has(n)) this.anchorOf.set(n, name);
    for (const [a, b] of constraints.apart) {
      if (!this.inSubset.has(a) || !this.inSubset.has(b) || a === b) continue;
      pushTo(this.apartOf, a, b);
      pushTo(this.apartOf, b, a);
    }
  }

  /**
   * Seeded Louvain on the subset, the anchors imposed (each anchor group joins the community
   * most of its members, or of the edited service it names, are in, and stays there), then
   * refined level by level: the other modules move toward the anchors they are tied to, never
   * into a community holding a keep-apart partner.
   */
  louvain(seed: number, resolution: number): Map<number, number> {
    const found = seededLouvain(this.adj, this.members, seed, resolution);
    const labels = found.labels.slice();
    const local = new Map(found.members.map((n, i) => [n, i]));
    // anchor groups, by name: local indices, and the community most of them start in
    const groups: number[][] = [];
    const groupOf = new Int32Array(found.members.length).fill(-1);
    for (const [key, nodes] of [...this.constraints.anchors].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const inside = nodes.map((n) => local.get(n)).filter((i): i is number => i !== undefined);
      if (inside.length === 0) continue;
      const hinted = (this.constraints.homes?.get(key) ?? []).map((n) => local.get(n)).filter((i): i is number => i !== undefined && groupOf[i] === -1);
      const votes = new Map<number, number>();
      for (const i of hinted.length > 0 ? hinted : inside) votes.set(labels[i]!, (votes.get(labels[i]!) ?? 0) + 1);
      const home = [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
      for (const i of inside) {
        labels[i] = home;
        groupOf[i] = groups.length;
      }
      groups.push(inside);
    }
    // every level's units, with each anchor group carved out as a unit of its own
    const offset = found.members.length;
    const levels = found.levels.map((level) => Int32Array.from(level, (u, i) => (groupOf[i]! >= 0 ? offset + groupOf[i]! : u)));
    const apartLocal = new Map<number, number[]>();
    for (const [a, others] of this.apartOf) {
      const la = local.get(a);
      if (la !== undefined) apartLocal.set(la, others.map((b) => local.get(b)!).filter((b) => b !== undefined));
    }
    const forbidden = (unit: readonly number[], community: number, current: Int32Array): boolean => {
      if (groupOf[unit[0]!]! >= 0) return true;
      for (const i of unit) for (const j of apartLocal.get(i) ?? []) if (current[j] === community) return true;
      return false;
    };
    refinePartition(found.graph, labels, levels, resolution, forbidden);
    const out = new Map<number, number>();
    found.members.forEach((n, i) => out.set(n, labels[i]!));
    return out;
  }

  separateConflicts(labels: Map<number, number>): void {
    let next = Math.max(-1, ...labels.values()) + 1;
    for (let guard = 0; guard < this.members.length + 1; guard++) {
      const byLabel = groupBy(this.members, labels);
      let changed = false;
      for (const [, nodes] of [...byLabel].sort((x, y) => x[0] - y[0])) {
        const seeds = this.conflictSeeds(nodes);
        if (seeds.length < 2) continue;
        const parts = grow(this.adj, nodes, seeds);
        // part 0 keeps the label; the others and the unreached get fresh labels
        for (let p = 1; p < seeds.length; p++) {
          const label = next++;
          for (const n of nodes) if (parts.get(n) === p) labels.set(n, label);
        }
        const unreached = nodes.filter((n) => !parts.has(n));
        if (unreached.length > 0) {
          const label = next++;
          for (const n of unreached) labels.set(n, label);
        }
        changed = true;
      }
      if (!changed) return;
    }
  }

  /** Seeds to split a community on: one per anchor name, one per unanchored side of an apart pair. */
  private conflictSeeds(nodes: number[]): number[][] {
    const set = new Set(nodes);
    const byAnchor = new Map<string, number[]>();
    for (const n of nodes) {
      const a = this.anchorOf.get(n);
      if (a !== undefined) pushTo(byAnchor, a, n);
    }
    const seeds: number[][] = [...byAnchor.keys()].sort().map((k) => byAnchor.get(k)!);
    const seedOf = new Map<number, number>();
    seeds.forEach((s, i) => s.forEach((n) => seedOf.set(n, i)));
    for (const a of nodes) {
      for (const b of this.apartOf.get(a) ?? []) {
        if (b < a || !set.has(b)) continue;
        const sa = seedOf.get(a);
        const sb = seedOf.get(b);
        // already on different seeds, or pinned together (a pin outranks a keep-apart)
        if (sa !== undefined && sb !== undefined) continue;
        if (sa === undefined) {
          seedOf.set(a, seeds.length);
          seeds.push([a]);
        }
        if (sb === undefined) {
          seedOf.set(b, seeds.length);
          seeds.push([b]);
        }
      }
    }
    return seeds.length >= 2 ? seeds : [];
  }

  repairConnectivity(labels: Map<number, number>): void {
    const byLabel = groupBy(this.members, labels);
    let next = Math.max(-1, ...labels.values()) + 1;
    const loose: number[][] = [];
    for (const [, nodes] of [...byLabel].sort((x, y) => x[0] - y[0])) {
      const comps = this.components(nodes, labels);
      if (comps.length < 2) continue;
      // the largest part stays, and so do anchored modules: a pin outranks connectivity
      for (const c of comps.slice(1)) if (!c.some((n) => this.anchorOf.has(n))) loose.push(c);
    }
    loose.sort((a, b) => b.length - a.length || a[0]! - b[0]!);
    const anchorOfLabel = new Map<number, string>();
    for (const n of this.members) {
      const a = this.anchorOf.get(n);
      if (a !== undefined) anchorOfLabel.set(labels.get(n)!, a);
    }
    for (const comp of loose) {
      const own = labels.get(comp[0]!)!;
      const anchor = comp.map((n) => this.anchorOf.get(n)).find((a) => a !== undefined);
      const tie = new Map<number, number>();
      for (const n of comp) {
        for (const [m, w] of this.adj.neighbours[n]!) {
          const l = labels.get(m);
          if (l === undefined || l === own) continue;
          tie.set(l, (tie.get(l) ?? 0) + w);
        }
      }
      let best: number | undefined;
      let bestW = 0;
      for (const [l, w] of [...tie].sort((x, y) => x[0] - y[0])) {
        if (w <= bestW) continue;
        const other = anchorOfLabel.get(l);
        if (anchor !== undefined && other !== undefined && other !== anchor) continue;
        if (comp.some((n) => (this.apartOf.get(n) ?? []).some((b) => labels.get(b) === l))) continue;
        best = l;
        bestW = w;
      }
      const label = best ?? next++;
      for (const n of comp) labels.set(n, label);
      if (anchor !== undefined) anchorOfLabel.set(label, anchor);
    }
  }

  /** Connected components of a community; members of one anchor group count as connected. */
  private components(nodes: number[], labels: Map<number, number>): number[][] {
    const label = labels.get(nodes[0]!)!;
    const parent = new Map<number, number>(nodes.map((n) => [n, n]));
    const find = (x: number): number => {
      let r = x;
      while (parent.get(r) !== r) r = parent.get(r)!;
      while (parent.get(x) !== r) {
        const p = parent.get(x)!;
        parent.set(x, r);
        x = p;
      }
      return r;
    };
    const union = (a: number, b: number) => {
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
    };
    const firstOfAnchor = new Map<string, number>();
    for (const n of nodes) {
      for (const [m] of this.adj.neighbours[n]!) if (m > n && labels.get(m) === label) union(n, m);
      const a = this.anchorOf.get(n);
      if (a !== undefined) {
        const f = firstOfAnchor.get(a);
        if (f === undefined) firstOfAnchor.set(a, n);
        else union(f, n);
      }
    }
    const comps = new Map<number, number[]>();
    for (const n of nodes) {
      const r = find(n);
      pushTo(comps, r, n);
    }
    return [...comps.values()].sort((a, b) => b.length - a.length || a[0]! - b[0]!);
  }

  communities(labels: Map<number, number>): Communities {
    return [...groupBy(this.members, labels).values()].sort((a, b) => a[0]! - b[0]!);
  }
}

function groupBy(members: number[], labels: Map<number, number>): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const n of members) {
    const l = labels.get(n)!;
    const list = out.get(l);
    if (list) list.push(n);
    else out.set(l, [n]);
  }
  return out;
}

/**
 * Weighted growth: each seed starts a part; repeatedly the unassigned node with the strongest
 * tie to one part joins it (ties: lower node index, then lower part). Nodes the seeds cannot
 * reach inside `nodes` stay unassigned. Returns node -> part index.
 */
function grow(adj: Adjacency, nodes: readonly number[], seeds: readonly (readonly number[])[]): Map<number, number> {
  const inside = new Set(nodes);
  const part = new Map<number, number>();
  const heap = new MaxHeap();
  const tie = new Map<number, Map<number, number>>();
  const push = (from: number, p: number) => {
    for (const [m, w] of adj.neighbours[from]!) {
      if (!inside.has(m) || part.has(m)) continue;
      let t = tie.get(m);
      if (!t) tie.set(m, (t = new Map()));
      const v = (t.get(p) ?? 0) + w;
      t.set(p, v);
      heap.push(v, m, p);
    }
  };
  seeds.forEach((s, p) => s.forEach((n) => part.set(n, p)));
  seeds.forEach((s, p) => s.forEach((n) => push(n, p)));
  for (let top = heap.pop(); top; top = heap.pop()) {
    const [, n, p] = top;
    if (part.has(n)) continue;
    part.set(n, p);
    push(n, p);
  }
  return part;
}

/** Binary max-heap on (weight desc, node asc, part asc). */
class MaxHeap {
  private items: Array<[number, number, number]> = [];

  push(w: number, n: number, p: number): void {
    const items = this.items;
    items.push([w, n, p]);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): [number, number, number] | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l]!, items[m]!)) m = l;
        if (r < items.length && before(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: [number, number, number], b: [number, number, number]): boolean {
  if (a[0] !== b[0]) return a[0] > b[0];
  if (a[1] !== b[1]) return a[1] < b[1];
  return a[2] < b[2];
}

/**
 * fitServiceCount: bring a partition to the number of services the user asked for.
 * Too many: merge the two adjacent communities whose union raises modularity most (Newman's
 * agglomerative step, ΔQ = w_ij/m - γ·d_i·d_j/(2m²)), never across two anchors of different
 * services or a keep-apart pair. Too few: split the largest community that can be split, with
 * the same seeded Louvain at a rising resolution, merged back to exactly two parts.
 * Both moves keep every community connected.
 */
import type { Adjacency } from './adjacency.js';
import { constrainedPartition, type Communities, type PartitionConstraints } from './constrained-partition.js';

export function fitServiceCount(
  adj: Adjacency,
  communities: Communities,
  constraints: PartitionConstraints,
  target: number,
  seed: number,
  resolution: number,
): Communities {
  let current = communities.map((c) => [...c]);
  const want = Math.max(1, Math.floor(target));
  const unsplittable = new Set<string>();
  while (current.length < want) {
    const candidates = current
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c.length >= 2 && !unsplittable.has(c.join(',')))
      .sort((x, y) => y.c.length - x.c.length || x.c[0]! - y.c[0]!);
    const pick = candidates[0];
    if (!pick) break;
    const parts = splitInTwo(adj, pick.c, constraints, seed, resolution);
    if (!parts) {
      unsplittable.add(pick.c.join(','));
      continue;
    }
    current = [...current.slice(0, pick.i), ...parts, ...current.slice(pick.i + 1)];
  }
  if (current.length > want) current = mergeDownTo(adj, current, constraints, want, resolution);
  return current.map((c) => [...c].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);
}

function splitInTwo(adj: Adjacency, nodes: number[], constraints: PartitionConstraints, seed: number, resolution: number): Communities | undefined {
  let r = Math.max(resolution, 0.5);
  for (let attempt = 0; attempt < 8; attempt++, r *= 2) {
    const parts = constrainedPartition(adj, nodes, constraints, seed, r);
    if (parts.length >= 2) return mergeDownTo(adj, parts, constraints, 2, r);
  }
  return undefined;
}

/** Agglomerate adjacent communities by best modularity gain until `want` remain (or no merge is allowed). */
export function mergeDownTo(adj: Adjacency, communities: Communities, constraints: PartitionConstraints, want: number, resolution: number): Communities {
  const anchorOf = new Map<number, string>();
  for (const [name, nodes] of constraints.anchors) for (const n of nodes) anchorOf.set(n, name);
  let parts = communities.map((c) => [...c]);
  const m = adj.total > 0 ? adj.total : 1;
  while (parts.length > want) {
    const label = new Map<number, number>();
    parts.forEach((c, i) => c.forEach((n) => label.set(n, i)));
    const degree = parts.map((c) => c.reduce((s, n) => s + adj.degree[n]!, 0));
    const between = new Map<number, number>();
    for (const [i, c] of parts.entries()) {
      for (const n of c) {
        for (const [x, w] of adj.neighbours[n]!) {
          const j = label.get(x);
          if (j === undefined || j <= i) continue;
          const key = i * parts.length + j;
          between.set(key, (between.get(key) ?? 0) + w);
        }
      }
    }
    let best: [number, number] | undefined;
    let bestGain = -Infinity;
    for (const key of [...between.keys()].sort((a, b) => a - b)) {
      const i = Math.floor(key / parts.length);
      const j = key % parts.length;
      if (!mayMerge(parts[i]!, parts[j]!, anchorOf, constraints, label, i, j)) continue;
      const gain = between.get(key)! / m - (resolution * degree[i]! * degree[j]!) / (2 * m * m);
      if (gain > bestGain + 1e-12) {
        bestGain = gain;
        best = [i, j];
      }
    }
    if (!best) break;
    const [i, j] = best;
    parts[i] = [...parts[i]!, ...parts[j]!].sort((a, b) => a - b);
    parts = parts.filter((_, k) => k !== j);
  }
  return parts;
}

function mayMerge(
  a: number[],
  b: number[],
  anchorOf: Map<number, string>,
  constraints: PartitionConstraints,
  label: Map<number, number>,
  i: number,
  j: number,
): boolean {
  const anchorA = a.map((n) => anchorOf.get(n)).find((x) => x !== undefined);
  const anchorB = b.map((n) => anchorOf.get(n)).find((x) => x !== undefined);
  if (anchorA !== undefined && anchorB !== undefined && anchorA !== anchorB) return false;
  for (const [x, y] of constraints.apart) {
    const lx = label.get(x);
    const ly = label.get(y);
    if ((lx === i && ly === j) || (lx === j && ly === i)) return false;
  }
  return true;
}

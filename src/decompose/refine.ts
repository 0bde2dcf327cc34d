/**
 * Multi-level refinement of a Louvain partition (Rotta & Noack, "Multilevel local search
 * algorithms for modularity clustering", ACM JEA 2011). Louvain only moves whole aggregates
 * once it has coarsened the graph, so a small group joined early to the wrong community stays
 * there. Walking the dendrogram back from the coarsest level to single nodes, each unit of that
 * level (a community as Louvain saw it then) moves to the neighbouring community that raises
 * modularity most, until no move helps:
 *   ΔQ(u: A -> B) = (k_uB - k_uA)/m - γ·d_u·(D_B - D_A + d_u)/(2m²)
 * with k_uX the weight between u and X (u itself excluded), d_u the weighted degree of u, D_X
 * that of community X (u included in D_A) and m the total edge weight. Moves the caller forbids
 * (anchored units, keep-apart pairs) are skipped. Units are visited in index order and
 * candidate communities in first-seen order: deterministic.
 */
export interface WeightedGraph {
  /** neighbours of node i with weights, each edge listed from both ends */
  neighbours: Array<Array<[number, number]>>;
  degree: Float64Array;
  /** total edge weight, each edge once */
  total: number;
}

const MAX_PASSES = 8;

export function refinePartition(
  g: WeightedGraph,
  labels: Int32Array,
  levels: ReadonlyArray<ArrayLike<number>>,
  resolution: number,
  forbidden: (unit: readonly number[], community: number, labels: Int32Array) => boolean,
): void {
  const n = labels.length;
  const m = g.total;
  if (m <= 0 || n === 0) return;
  const communityDegree = new Map<number, number>();
  for (let i = 0; i < n; i++) communityDegree.set(labels[i]!, (communityDegree.get(labels[i]!) ?? 0) + g.degree[i]!);

  const mark = new Int32Array(n).fill(-1);
  let stamp = 0;
  for (let level = levels.length - 2; level >= 0; level--) {
    const mapping = levels[level]!;
    const unitsById = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const u = mapping[i]!;
      const list = unitsById.get(u);
      if (list) list.push(i);
      else unitsById.set(u, [i]);
    }
    const units = [...unitsById.values()].sort((a, b) => a[0]! - b[0]!);
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      let moved = false;
      for (const unit of units) {
        const from = labels[unit[0]!]!;
        if (unit.some((i) => labels[i] !== from)) continue;
        stamp++;
        for (const i of unit) mark[i] = stamp;
        let du = 0;
        const ties = new Map<number, number>();
        for (const i of unit) {
          du += g.degree[i]!;
          for (const [j, w] of g.neighbours[i]!) {
            if (mark[j] === stamp) continue;
            const l = labels[j]!;
            ties.set(l, (ties.get(l) ?? 0) + w);
          }
        }
        const kFrom = ties.get(from) ?? 0;
        const dFrom = communityDegree.get(from)! - du;
        let best = from;
        let bestGain = 1e-12;
        for (const [to, kTo] of ties) {
          if (to === from) continue;
          const gain = (kTo - kFrom) / m - (resolution * du * (communityDegree.get(to)! - dFrom)) / (2 * m * m);
          if (gain > bestGain && !forbidden(unit, to, labels)) {
            best = to;
            bestGain = gain;
          }
        }
        if (best === from) continue;
        for (const i of unit) labels[i] = best;
        communityDegree.set(from, communityDegree.get(from)! - du);
        communityDegree.set(best, communityDegree.get(best)! + du);
        moved = true;
      }
      if (!moved) break;
    }
  }
}


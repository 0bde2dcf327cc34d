/**
 * MoJo distance and MoJoFM.
 *
 *   mno(A, B)  = minimum number of Move and Join operations turning partition A into B
 *   MoJoFM(A, B) = (1 - mno(A, B) / max over all A' of mno(A', B)) * 100 %
 *
 * Sources: Tzerpos & Holt, "MoJo: a distance metric for software clusterings", WCRE 1999;
 * Wen & Tzerpos, "An optimal algorithm for MoJo distance", IWPC 2003 (the exact algorithm used
 * here); Wen & Tzerpos, "An effectiveness measure for software clustering algorithms", IWPC
 * 2004 (MoJoFM). B is the reference (the truth), A the computed clustering.
 *
 * Exact computation (Wen & Tzerpos 2003): tag every object of A with its cluster in B. Each
 * cluster A_i joins the group G_j of one of its most frequent tags (max_i = the count of that
 * tag); objects of A_i without that tag are moved out: Σ_i (|A_i| - max_i) moves. Clusters in
 * one group are joined: (l - g) joins for l clusters in g non-empty groups. g is maximised by a
 * maximum bipartite matching between the clusters of A and the groups, using only the edges
 * (A_i, G_j) where j is a most-frequent tag of A_i. Choosing a less frequent tag never helps:
 * it costs at least one more move and saves at most one join.
 *   mno(A, B) = Σ_i (|A_i| - max_i) + l - g
 * The maximum (Wen & Tzerpos 2004): max mno(∀A', B) = n - g_B, where g_B is the number of
 * groups obtainable by scanning B's cluster sizes in ascending order and counting a size
 * whenever it exceeds the count so far.
 */
import { clustersOf, commonObjects, type Partition } from './partition.js';

/** mno(A, B) over the objects both partitions label. */
export function mojoDistance(a: Partition, b: Partition): number {
  const objects = commonObjects(a, b);
  const clustersA = [...clustersOf(a, objects).values()];
  const labelsB = [...clustersOf(b, objects).keys()];
  const indexB = new Map(labelsB.map((l, i) => [l, i]));
  let moves = 0;
  const edges: number[][] = clustersA.map((members) => {
    const tags = new Map<number, number>();
    for (const o of members) {
      const j = indexB.get(b[o]!)!;
      tags.set(j, (tags.get(j) ?? 0) + 1);
    }
    const max = Math.max(...tags.values());
    moves += members.length - max;
    return [...tags].filter(([, n]) => n === max).map(([j]) => j).sort((x, y) => x - y);
  });
  const joins = clustersA.length - maximumMatching(edges, labelsB.length);
  return moves + joins;
}

/** MoJoFM(A, B) in percent, B the reference; 100 when A equals B. */
export function mojoFm(a: Partition, b: Partition): number {
  const objects = commonObjects(a, b);
  if (objects.length === 0) return 100;
  const sizes = [...clustersOf(b, objects).values()].map((c) => c.length).sort((x, y) => x - y);
  let groups = 0;
  for (const s of sizes) if (groups < s) groups++;
  const max = objects.length - groups;
  if (max === 0) return 100;
  return (1 - mojoDistance(a, b) / max) * 100;
}

/** Size of a maximum matching in a bipartite graph (left i -> right edges[i]), by augmenting paths (Kuhn). */
function maximumMatching(edges: number[][], right: number): number {
  const matchOfRight = new Array<number>(right).fill(-1);
  let size = 0;
  for (let i = 0; i < edges.length; i++) {
    const seen = new Array<boolean>(right).fill(false);
    if (augment(i, edges, matchOfRight, seen)) size++;
  }
  return size;
}

function augment(i: number, edges: number[][], matchOfRight: number[], seen: boolean[]): boolean {
  for (const j of edges[i]!) {
    if (seen[j]) continue;
    seen[j] = true;
    if (matchOfRight[j] === -1 || augment(matchOfRight[j]!, edges, matchOfRight, seen)) {
      matchOfRight[j] = i;
      return true;
    }
  }
  return false;
}

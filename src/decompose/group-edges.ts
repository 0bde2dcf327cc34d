/**
 * How a group of k modules that share something (a table, a route group, a feature folder, a
 * word in their names) becomes edges: each member gets about the same total weight from the
 * group, whatever k, so one huge group cannot glue the graph, and the edge count stays linear.
 * Up to 16 members: every pair, weight/(k-1) each. Beyond: a circulant graph over the sorted
 * members, each linked to the members 1, 2, 4 and 8 positions away on both sides (degree 8),
 * weight/8 each: at most 4k edges per group, and cutting the ring anywhere costs far more than
 * the few edges a module has elsewhere. Either way every edge stays inside the group, which is
 * all community detection needs to see.
 */
export type AddPair = (a: string, b: string, amount: number) => void;

const CLIQUE_LIMIT = 16;
const CIRCULANT_OFFSETS = [1, 2, 4, 8] as const;

/**
 * @param members sorted, distinct module paths
 * @param total   weight each member receives from the group, before `factor`
 * @param factor  multiplier for one pair (roles, shares); 1 when omitted
 */
export function addGroupEdges(members: readonly string[], total: number, add: AddPair, factor?: (a: string, b: string) => number): void {
  const k = members.length;
  if (k < 2 || total <= 0) return;
  const f = factor ?? (() => 1);
  if (k <= CLIQUE_LIMIT) {
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const amount = (total / (k - 1)) * f(members[i]!, members[j]!);
        if (amount > 0) add(members[i]!, members[j]!, amount);
      }
    }
    return;
  }
  const offsets = CIRCULANT_OFFSETS.filter((o) => 2 * o < k);
  const per = total / (2 * offsets.length);
  for (let i = 0; i < k; i++) {
    for (const o of offsets) {
      const a = members[i]!;
      const b = members[(i + o) % k]!;
      const amount = per * f(a, b);
      if (amount > 0) add(a, b, amount);
    }
  }
}

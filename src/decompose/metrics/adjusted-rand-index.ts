/**
 * Adjusted Rand Index (Hubert & Arabie, "Comparing partitions", Journal of Classification 1985):
 * the Rand index corrected for chance, 1 for identical partitions, about 0 for independent ones.
 *
 *   ARI = (Σ_ij C(n_ij, 2) - E) / (½ (Σ_i C(a_i, 2) + Σ_j C(b_j, 2)) - E)
 *   E   = Σ_i C(a_i, 2) · Σ_j C(b_j, 2) / C(n, 2)
 *
 * n_ij: objects in cluster i of A and cluster j of B; a_i, b_j: cluster sizes; n: objects both
 * partitions label. When the denominator is 0 (both partitions all singletons, or both one
 * cluster), the partitions are identical and ARI is 1.
 */
import { clustersOf, commonObjects, type Partition } from './partition.js';

const pairs = (k: number): number => (k * (k - 1)) / 2;

export function adjustedRandIndex(a: Partition, b: Partition): number {
  const objects = commonObjects(a, b);
  const n = objects.length;
  if (n < 2) return 1;
  const joint = new Map<string, number>();
  for (const o of objects) {
    const key = `${a[o]}\0${b[o]}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
  }
  let index = 0;
  for (const k of joint.values()) index += pairs(k);
  let sumA = 0;
  for (const c of clustersOf(a, objects).values()) sumA += pairs(c.length);
  let sumB = 0;
  for (const c of clustersOf(b, objects).values()) sumB += pairs(c.length);
  const expected = (sumA * sumB) / pairs(n);
  const max = (sumA + sumB) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}

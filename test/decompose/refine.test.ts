import { describe, expect, it } from 'vitest';
import type { Adjacency } from '../../src/decompose/adjacency.js';
import { refinePartition, type WeightedGraph } from '../../src/decompose/refine.js';
import { mulberry32 } from '../../src/decompose/rng.js';
import { clique, modularity, plantedAdjacency } from './graph-helpers.js';

/**
 * Two 4-cliques {0..3} and {4..7} (weight 1) joined by the weak edge 3-4 (0.5): m = 12.5,
 * degrees 3 except d_3 = d_4 = 3.5. The best partition is the two cliques, Q = 0.46.
 */
const A = [0, 1, 2, 3];
const B = [4, 5, 6, 7];
const adj = plantedAdjacency(8, [...clique(A), ...clique(B), [3, 4, 0.5]]);
const graphOf = (a: Adjacency): WeightedGraph => ({ neighbours: a.neighbours, degree: a.degree, total: a.total });
const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
const never = () => false;

/** Communities of a label array, by label. */
function communitiesOf(labels: Int32Array): number[][] {
  const by = new Map<number, number[]>();
  labels.forEach((l, i) => by.set(l, [...(by.get(l) ?? []), i]));
  return [...by.values()];
}

describe('refinePartition (Rotta & Noack 2011)', () => {
  it('moves a module Louvain left on the wrong side of the weak edge back to its clique (ΔQ = 0.2392)', () => {
    // start: {0,1,2} | {3,4,5,6,7}. Module 3 (d = 3.5) has k = 3 to {0,1,2} (D = 9) and 0.5 to the
    // rest of its own community (D = 16 − 3.5 = 12.5):
    //   ΔQ = (3 − 0.5)/12.5 − 3.5·(9 − 12.5)/(2·12.5²) = 0.2 + 0.0392 = 0.2392
    // Q rises from 0.2208 (0.1104 per side) to 0.46; no other single move then gains.
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1, 1, 1]);
    const before = modularity(adj, communitiesOf(labels));
    refinePartition(graphOf(adj), labels, [identity(8), labels.slice()], 1, never);
    expect([...labels]).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(before).toBeCloseTo(0.2208, 12);
    expect(modularity(adj, communitiesOf(labels)) - before).toBeCloseTo(0.2392, 12);
  });

  it('moves a unit of a coarser level as a whole: a pair joined early to the wrong community goes home together', () => {
    // start: {2,3} | {0,1,4,5,6,7}, with {0,1} one unit of the middle level. The pair (d = 6) has
    // k = 4 to {2,3} (D = 6.5) and 0 to the rest of its community (D = 18.5 − 6 = 12.5):
    //   ΔQ = (4 − 0)/12.5 − 6·(6.5 − 12.5)/(2·12.5²) = 0.32 + 0.1152 = 0.4352
    // Q rises from 0.0248 to 0.46.
    const labels = Int32Array.from([1, 1, 0, 0, 1, 1, 1, 1]);
    const middle = Int32Array.from([0, 0, 1, 1, 2, 3, 4, 5]);
    const units: number[][] = [];
    refinePartition(graphOf(adj), labels, [identity(8), middle, labels.slice()], 1, (unit) => {
      units.push([...unit]);
      return false;
    });
    expect([...labels]).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(units[0]).toEqual([0, 1]);
    expect(modularity(adj, communitiesOf(labels))).toBeCloseTo(0.46, 12);
  });

  it('never makes a move the caller forbids, and leaves the rest as they are', () => {
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1, 1, 1]);
    refinePartition(graphOf(adj), labels, [identity(8), labels.slice()], 1, (unit) => unit.includes(3));
    expect([...labels]).toEqual([0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('raises modularity with every move it makes, from any start', () => {
    // three 4-cliques in a ring (bridges of weight 1), from random labels: the modularity seen at
    // each consultation (after every move so far) never falls, and the end is no worse than the start
    const ring = plantedAdjacency(12, [...clique([0, 1, 2, 3]), ...clique([4, 5, 6, 7]), ...clique([8, 9, 10, 11]), [3, 4, 1], [7, 8, 1], [11, 0, 1]]);
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const rng = mulberry32(seed);
      const labels = Int32Array.from({ length: 12 }, () => Math.floor(rng() * 4));
      const start = modularity(ring, communitiesOf(labels));
      const seen = [start];
      refinePartition(graphOf(ring), labels, [identity(12), labels.slice()], 1, (_unit, _to, current) => {
        seen.push(modularity(ring, communitiesOf(current)));
        return false;
      });
      seen.push(modularity(ring, communitiesOf(labels)));
      for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]! - 1e-12);
      expect(seen.at(-1)!).toBeGreaterThan(start);
    }
  });

  it('does nothing on a graph without edges', () => {
    const labels = Int32Array.from([0, 1, 0]);
    refinePartition(graphOf(plantedAdjacency(3, [])), labels, [identity(3), labels.slice()], 1, never);
    expect([...labels]).toEqual([0, 1, 0]);
  });

  it('is deterministic: the same start gives the same labels', () => {
    const run = () => {
      const labels = Int32Array.from([1, 0, 1, 0, 1, 0, 1, 0]);
      refinePartition(graphOf(adj), labels, [identity(8), labels.slice()], 1, never);
      return [...labels];
    };
    expect(run()).toEqual(run());
  });
});

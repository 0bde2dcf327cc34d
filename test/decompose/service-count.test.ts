import { describe, expect, it } from 'vitest';
import { noConstraints, type PartitionConstraints } from '../../src/decompose/constrained-partition.js';
import { fitServiceCount, mergeDownTo } from '../../src/decompose/service-count.js';
import { clique, plantedAdjacency } from './graph-helpers.js';

/**
 * Three 4-cliques (edges of weight 1) in a row: A = {0..3}, B = {4..7}, C = {8..11}, bridges
 * 3-4 (weight 2) and 7-8 (weight 1). m = 18 + 3 = 21; D_A = 12 + 2 = 14, D_B = 12 + 2 + 1 = 15,
 * D_C = 12 + 1 = 13. Newman's merge gain ΔQ = w_ij/m − d_i·d_j/(2m²):
 *   A + B: 2/21 − 14·15/882 = 0.09524 − 0.23810 = −0.14286
 *   B + C: 1/21 − 15·13/882 = 0.04762 − 0.22109 = −0.17347
 *   A + C: not adjacent, never merged
 */
const A = [0, 1, 2, 3];
const B = [4, 5, 6, 7];
const C = [8, 9, 10, 11];
const row = plantedAdjacency(12, [...clique(A), ...clique(B), ...clique(C), [3, 4, 2], [7, 8, 1]]);

const anchored = (anchors: Record<string, number[]>, apart: Array<[number, number]> = []): PartitionConstraints => ({ anchors: new Map(Object.entries(anchors)), apart });
const fit = (communities: number[][], target: number, constraints: PartitionConstraints = noConstraints()) => fitServiceCount(row, communities, constraints, target, 42, 1);

describe('fitServiceCount', () => {
  it('leaves a partition that already has the number asked for', () => {
    expect(fit([A, B, C], 3)).toEqual([A, B, C]);
  });

  describe('merging down to K', () => {
    it('merges the two adjacent communities whose union raises modularity most (A + B: −0.143 beats B + C: −0.173)', () => {
      expect(fit([A, B, C], 2)).toEqual([[...A, ...B], C]);
    });

    it('merges down to one service when asked', () => {
      expect(fit([A, B, C], 1)).toEqual([[...A, ...B, ...C]]);
      expect(fit([A, B, C], 0)).toEqual([[...A, ...B, ...C]]);
    });

    it('never merges two communities anchored to different services: B + C instead', () => {
      expect(fit([A, B, C], 2, anchored({ 'name:a': [0], 'name:b': [4] }))).toEqual([A, [...B, ...C]]);
    });

    it('never merges across a keep-apart pair: B + C instead', () => {
      expect(fit([A, B, C], 2, anchored({}, [[1, 5]]))).toEqual([A, [...B, ...C]]);
    });

    it('stops above K when no merge is allowed, rather than break a constraint', () => {
      expect(fit([A, B, C], 1, anchored({ 'name:a': [0], 'name:b': [4], 'name:c': [8] }))).toEqual([A, B, C]);
    });

    it('never merges communities that do not touch: every service stays connected', () => {
      const islands = plantedAdjacency(8, [...clique(A), ...clique(B)]);
      expect(fitServiceCount(islands, [A, B], noConstraints(), 1, 42, 1)).toEqual([A, B]);
    });
  });

  describe('splitting up to K', () => {
    it('splits the largest community, where Louvain cuts it, and leaves the others', () => {
      // A ∪ B (8 modules) is split before C (4); alone, its best cut is the bridge 3-4
      expect(fit([[...A, ...B], C], 3)).toEqual([A, B, C]);
    });

    it('merges Louvain\'s parts back to exactly two', () => {
      // Louvain cuts A ∪ B ∪ C into A, B, C; A + B is the best merge (see above)
      expect(fit([[...A, ...B, ...C]], 2)).toEqual([[...A, ...B], C]);
      expect(fit([[...A, ...B, ...C]], 3)).toEqual([A, B, C]);
    });

    it('splits a community Louvain keeps whole by raising the resolution, merged back to exactly two parts', () => {
      // a 4-clique: at γ = 1 one community is best (Q = 0). At γ = 2 (m = 6, every degree 3)
      // singletons win (Q = −4·2·(3/12)² = −0.5, against −0.667 for two pairs and −1 for one);
      // every merge of two singletons gains 1/6 − 2·3·3/(2·36) = −1/12, so {0,1} goes first (index
      // order), then {2,3} (−1/12 beats {0,1} + {2}: 2/6 − 2·6·3/72 = −1/6)
      const k4 = plantedAdjacency(4, clique(A));
      expect(fitServiceCount(k4, [A], noConstraints(), 2, 42, 1)).toEqual([[0, 1], [2, 3]]);
    });

    it('never splits one service\'s anchored modules: it stops below K instead', () => {
      expect(fit([[...A, ...B]], 2, anchored({ 'name:a': [...A, ...B] }))).toEqual([[...A, ...B]]);
    });

    it('respects the anchors while it merges the parts back: two services\' anchors end in different parts', () => {
      expect(fit([[...A, ...B, ...C]], 2, anchored({ 'name:a': [0], 'name:c': [11] }))).toEqual([[...A, ...B], C]);
      expect(fit([[...A, ...B, ...C]], 2, anchored({ 'name:a': [0], 'name:b': [4] }))).toEqual([A, [...B, ...C]]);
    });
  });

  it('gives the same communities twice for the same input', () => {
    expect(fit([[...A, ...B, ...C]], 2)).toEqual(fit([[...A, ...B, ...C]], 2));
  });
});

describe('mergeDownTo', () => {
  it('agglomerates by best modularity gain until the count is reached', () => {
    expect(mergeDownTo(row, [A, B, C], noConstraints(), 2, 1)).toEqual([[...A, ...B], C]);
  });

  it('weighs the degree penalty by the resolution: a big community is costly to merge at γ = 1, not at γ = 0', () => {
    // K5 {0..4}, K4 {5..8}, K3 {9,10,11}; bridges 4-5 (1.5) and 8-9 (1). m = 10 + 6 + 3 + 2.5 = 21.5;
    // D = 21.5, 14.5, 7. At γ = 1: K5 + K4 gains 1.5/21.5 − 21.5·14.5/(2·21.5²) = −0.2674, K4 + K3
    // gains 1/21.5 − 14.5·7/(2·21.5²) = −0.0633: the small pair merges. At γ = 0 the gain is
    // w/m alone, and the heavier bridge wins
    const big = [0, 1, 2, 3, 4];
    const mid = [5, 6, 7, 8];
    const small = [9, 10, 11];
    const graded = plantedAdjacency(12, [...clique(big), ...clique(mid), ...clique(small), [4, 5, 1.5], [8, 9, 1]]);
    expect(mergeDownTo(graded, [big, mid, small], noConstraints(), 2, 1)).toEqual([big, [...mid, ...small]]);
    expect(mergeDownTo(graded, [big, mid, small], noConstraints(), 2, 0)).toEqual([[...big, ...mid], small]);
  });
});

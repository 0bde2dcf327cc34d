import { describe, expect, it } from 'vitest';
import { constrainedPartition, noConstraints, repairPartition, type PartitionConstraints } from '../../src/decompose/constrained-partition.js';
import { clique, plantedAdjacency } from './graph-helpers.js';

/**
 * The planted graph: two 4-cliques A = {0..3} and B = {4..7} (edges of weight 1) joined by the
 * weak edge 3-4 (0.5). m = 12.5; the two cliques have Q = 2·(6/12.5 − (12.5/25)²) = 0.46, one
 * community Q = 1 − 1 = 0: at γ = 1 Louvain returns A and B. At γ = 0.05 one community wins
 * (1 − 0.05 = 0.95 against 2·(0.48 − 0.05·0.25) = 0.935): Louvain returns A ∪ B, which lets a
 * test see the constraints split what Louvain joined.
 */
const A = [0, 1, 2, 3];
const B = [4, 5, 6, 7];
const ALL = [...A, ...B];
const EDGES: Array<[number, number, number]> = [...clique(A), ...clique(B), [3, 4, 0.5]];
const adj = plantedAdjacency(8, EDGES);
const LOW = 0.05;

const anchored = (anchors: Record<string, number[]>, apart: Array<[number, number]> = []): PartitionConstraints => ({ anchors: new Map(Object.entries(anchors)), apart });
const apartOnly = (...apart: Array<[number, number]>): PartitionConstraints => ({ anchors: new Map(), apart });

describe('constrainedPartition', () => {
  it('returns the two cliques when nothing is imposed, ordered by their smallest module', () => {
    expect(constrainedPartition(adj, ALL, noConstraints(), 42, 1)).toEqual([A, B]);
  });

  it('joins what Louvain joins at a low resolution (the baseline the constraint tests split)', () => {
    expect(constrainedPartition(adj, ALL, noConstraints(), 42, LOW)).toEqual([ALL]);
  });

  it('partitions only the subset it is given', () => {
    expect(constrainedPartition(adj, [6, 0, 1, 2, 5], noConstraints(), 42, 1)).toEqual([[0, 1, 2], [5, 6]]);
    expect(constrainedPartition(adj, [], noConstraints(), 42, 1)).toEqual([]);
  });

  describe('anchors (pins and seeds)', () => {
    it('puts an anchored module where most of its group is, and the refinement never undoes it', () => {
      // 3 is pinned with 5 and 6: two of three votes are for B. 3 keeps its three ties to A, which
      // alone would pull it back (ΔQ = +0.2392), but an anchored unit never moves
      expect(constrainedPartition(adj, ALL, anchored({ 'name:b': [3, 5, 6] }), 42, 1)).toEqual([[0, 1, 2], [3, 4, 5, 6, 7]]);
    });

    it('keeps a pin the user made across the graph even though it leaves the module unconnected to its service', () => {
      // 0 has no edge into B: a pin outranks connectivity
      expect(constrainedPartition(adj, ALL, anchored({ 'name:b': [0, 5, 6] }), 42, 1)).toEqual([[0, 4, 5, 6, 7], [1, 2, 3]]);
    });

    it('sends a pin naming an edited service to where most of that service is (its home), not where the pinned module was', () => {
      const c: PartitionConstraints = { anchors: new Map([['id:svc-b', [0]]]), apart: [], homes: new Map([['id:svc-b', [5, 6, 7]]]) };
      expect(constrainedPartition(adj, ALL, c, 42, 1)).toEqual([[0, 4, 5, 6, 7], [1, 2, 3]]);
    });

    it('splits a community holding two anchors of different services by weighted growth from each: the cut falls on the weak edge', () => {
      // at γ = 0.05 Louvain joins A and B. Growth from 0 (part 0, anchor `name:a` sorts first) and
      // 7 (part 1): 1, 2, 3 join 0 with ties 1, 2, 3; 4 has tie 1 to 7 against 0.5 to 3, so it
      // joins 7, then 5 and 6 (tie 2 each)
      expect(constrainedPartition(adj, ALL, anchored({ 'name:a': [0], 'name:b': [7] }), 42, LOW)).toEqual([A, B]);
    });

    describe('with a module 8 hanging off 3 (edge 3-8 of weight 1)', () => {
      // unconstrained, 8 stays with A: {0,1,2,3,8} | B. m = 13.5, d_3 = 4.5, d_8 = 1
      const pendant = plantedAdjacency(9, [...EDGES, [3, 8, 1]]);
      const all = [...ALL, 8];

      it('lets the module most tied to a pin follow it', () => {
        expect(constrainedPartition(pendant, all, noConstraints(), 42, 1)).toEqual([[0, 1, 2, 3, 8], B]);
        // 3 pinned to B; 8's only tie is 3: ΔQ = 1/13.5 − 1·(17 − 9)/(2·13.5²) = 0.0741 − 0.0219 > 0
        expect(constrainedPartition(pendant, all, anchored({ 'name:b': [3, 5, 6] }), 42, 1)).toEqual([[0, 1, 2], [3, 4, 5, 6, 7, 8]]);
      });

      it('makes a module the pin cut off a community of its own when a keep-apart pair bars it from the only community it touches', () => {
        // 8 cannot follow 3 (kept apart from 5), and {0, 1, 2, 8} is no longer connected: the
        // repair cuts 8 out (Traag et al. 2019) and, the pin's community barred, leaves it alone
        expect(constrainedPartition(pendant, all, anchored({ 'name:b': [3, 5, 6] }, [[8, 5]]), 42, 1)).toEqual([[0, 1, 2], [3, 4, 5, 6, 7], [8]]);
      });
    });

    it('never splits one service\'s anchors, however far apart they sit', () => {
      expect(constrainedPartition(adj, ALL, anchored({ 'name:a': [0, 7] }), 42, LOW)).toEqual([ALL]);
    });
  });

  describe('keep-apart pairs', () => {
    it('splits a keep-apart pair Louvain put together, each side growing its part', () => {
      expect(constrainedPartition(adj, ALL, apartOnly([0, 7]), 42, LOW)).toEqual([A, B]);
    });

    it('splits a pair inside one clique, ties going to the lower module, then the first side', () => {
      // seeds 1 (part 0) and 2 (part 1); 0 and 3 tie 1 to both: 0 (the lower) joins part 0, and
      // then 3 has tie 2 to part 0 against 1 to part 1
      expect(constrainedPartition(adj, ALL, apartOnly([1, 2]), 42, 1)).toEqual([[0, 1, 3], [2], B]);
    });

    it('lets a pin outrank a keep-apart pair: two modules pinned to one service stay together', () => {
      expect(constrainedPartition(adj, ALL, anchored({ 'name:a': [0, 1] }, [[0, 1]]), 42, 1)).toEqual([A, B]);
    });
  });

  it('gives the same communities twice for the same adjacency, constraints, seed and resolution', () => {
    const c = anchored({ 'name:a': [0], 'name:b': [7] }, [[1, 2]]);
    const first = constrainedPartition(adj, ALL, c, 42, 1);
    expect(constrainedPartition(plantedAdjacency(8, EDGES), ALL, c, 42, 1)).toEqual(first);
  });
});

describe('repairPartition', () => {
  it('returns a module cut off from its community to the neighbouring community it is tied to (Traag et al. 2019)', () => {
    // 5 sits in A's community with no edge into it: its component joins B, where all its ties go
    expect(repairPartition(adj, [[0, 1, 2, 3, 5], [4, 6, 7]], noConstraints())).toEqual([A, B]);
  });

  it('keeps the largest connected part of a community where it is and moves the smaller', () => {
    // the first community holds {0, 1, 2} and {6, 7}, unconnected: the triangle stays, and the
    // pair joins {3, 4, 5}, its only neighbour (ties 6-4, 6-5, 7-4, 7-5: 4)
    expect(repairPartition(adj, [[0, 1, 2, 6, 7], [3, 4, 5]], noConstraints())).toEqual([[0, 1, 2], [3, 4, 5, 6, 7]]);
  });

  it('makes a cut-off part a community of its own when it touches no other community', () => {
    // {8, 9} is a separate pair filed with A
    const withPair = plantedAdjacency(10, [...EDGES, [8, 9, 1]]);
    expect(repairPartition(withPair, [[0, 1, 2, 3, 8, 9], B], noConstraints())).toEqual([A, B, [8, 9]]);
  });

  it('does not send a cut-off part into the community holding its keep-apart partner', () => {
    expect(repairPartition(adj, [[0, 1, 2, 3, 5], [4, 6, 7]], apartOnly([5, 6]))).toEqual([A, [4, 6, 7], [5]]);
  });

  it('leaves modules anchored to one service together even when the graph does not join them', () => {
    expect(repairPartition(adj, [[0, 1, 2, 3, 5], [4, 6, 7]], anchored({ 'name:a': [0, 5] }))).toEqual([[0, 1, 2, 3, 5], [4, 6, 7]]);
  });

  it('splits a community holding two anchors of different services, as the partition does', () => {
    expect(repairPartition(adj, [ALL], anchored({ 'name:a': [0], 'name:b': [7] }))).toEqual([A, B]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Adjacency } from '../../src/decompose/adjacency.js';
import { shapeByBusinessContext } from '../../src/decompose/business-contexts.js';
import { noConstraints, type Communities, type PartitionConstraints } from '../../src/decompose/constrained-partition.js';
import type { Facts } from '../../src/shared/facts.js';
import { makeFacts, route } from './facts-builder.js';
import { clique, modularity, nodeName, plantedAdjacency } from './graph-helpers.js';

/**
 * Planted graphs of 4-cliques (edges of weight 1): A = {0..3}, B = {4..7}, C = {8..11}, joined
 * by the bridges each test names. Routes are served by single modules; the route group of
 * `/api/orders/:id/items` is `orders` (route-group.ts).
 */
const A = [0, 1, 2, 3];
const B = [4, 5, 6, 7];
const C = [8, 9, 10, 11];
type Edge = [number, number, number];
const cliques = (...groups: number[][]): Edge[] => groups.flatMap((g) => clique(g));

/** Facts whose modules are the planted nodes, node n serving each path given for it. */
const serving = (adj: Adjacency, routes: Array<[number, string]>): Facts =>
  makeFacts(adj.nodes, { routes: routes.map(([n, path]) => route('GET', path, nodeName(n))) });

const shape = (adj: Adjacency, communities: Communities, routes: Array<[number, string]>, constraints: PartitionConstraints = noConstraints()) =>
  shapeByBusinessContext(adj, communities, constraints, serving(adj, routes), 42, 1);

const anchored = (anchors: Record<string, number[]>): PartitionConstraints => ({ anchors: new Map(Object.entries(anchors)), apart: [] });
const apart = (...pairs: Array<[number, number]>): PartitionConstraints => ({ anchors: new Map(), apart: pairs });

describe('shapeByBusinessContext', () => {
  const two = plantedAdjacency(8, [...cliques(A, B), [3, 4, 0.5]]);

  it('leaves the communities alone in a codebase that serves no route', () => {
    const communities = [A, B];
    expect(shapeByBusinessContext(two, communities, noConstraints(), makeFacts(two.nodes), 42, 1)).toBe(communities);
  });

  describe('merge: communities serving the same route group are one API resource', () => {
    const ORDERS: Array<[number, string]> = [[0, '/api/orders'], [4, '/api/orders/:id/items']];

    it('merges two touching communities dominated by the same route group', () => {
      expect(shape(two, [A, B], ORDERS)).toEqual([[...A, ...B]]);
    });

    it('does not merge communities that do not touch', () => {
      const apartCliques = plantedAdjacency(8, cliques(A, B));
      expect(shape(apartCliques, [A, B], ORDERS)).toEqual([A, B]);
    });

    it('never merges two communities anchored to different services', () => {
      expect(shape(two, [A, B], ORDERS, anchored({ 'name:a': [0], 'name:b': [4] }))).toEqual([A, B]);
    });

    it('never merges across a keep-apart pair', () => {
      expect(shape(two, [A, B], ORDERS, apart([1, 5]))).toEqual([A, B]);
    });
  });

  describe('split: a community serving two route groups', () => {
    const BOTH: Array<[number, string]> = [[0, '/api/orders'], [7, '/api/payments']];

    it('splits off the part serving a group no other community serves when that raises modularity', () => {
      // one community A ∪ B has Q = 12.5/12.5 − 1 = 0; A | B has Q = 0.46
      expect(shape(two, [[...A, ...B]], BOTH)).toEqual([A, B]);
    });

    it('never splits a community holding a pinned or seeded module', () => {
      expect(shape(two, [[...A, ...B]], BOTH, anchored({ 'name:a': [1] }))).toEqual([[...A, ...B]]);
    });

    it('moves the part serving another community\'s group there when that raises modularity', () => {
      // bridges 3-4 (0.5) and 7-8 (1): m = 19.5, D_A = 12.5, D_B = 13.5, D_C = 13.
      // A ∪ B | C: Q = (12.5/19.5 − (26/39)²) + (6/19.5 − (13/39)²) = 0.19658 + 0.19658 = 0.39316
      // A | B ∪ C: Q = (6/19.5 − (12.5/39)²) + (13/19.5 − (26.5/39)²) = 0.20496 + 0.20496 = 0.40993
      const three = plantedAdjacency(12, [...cliques(A, B, C), [3, 4, 0.5], [7, 8, 1]]);
      const routes: Array<[number, string]> = [...BOTH, [8, '/api/payments']];
      expect(modularity(three, [[...A, ...B], C])).toBeCloseTo(0.39316, 5);
      expect(modularity(three, [A, [...B, ...C]])).toBeCloseTo(0.40993, 5);
      expect(shape(three, [[...A, ...B], C], routes)).toEqual([A, [...B, ...C]]);
    });

    it('leaves the part where it is when moving it does not raise modularity', () => {
      // bridges 3-4 and 7-8 both 0.5: B is tied alike to A and C, the move gains exactly 0
      const even = plantedAdjacency(12, [...cliques(A, B, C), [3, 4, 0.5], [7, 8, 0.5]]);
      expect(shape(even, [[...A, ...B], C], [...BOTH, [8, '/api/payments']])).toEqual([[...A, ...B], C]);
    });
  });

  describe('satellites: a community that serves no route is the inside of a service', () => {
    // C serves nothing; its ties: 8-0 and 9-1 to A (2), 10-5 to B (1)
    const satellite = plantedAdjacency(12, [...cliques(A, B, C), [3, 4, 0.5], [8, 0, 1], [9, 1, 1], [10, 5, 1]]);
    const ROUTED: Array<[number, string]> = [[0, '/api/orders'], [4, '/api/payments']];

    it('folds a route-less community into the routed community it is most strongly tied to', () => {
      expect(shape(satellite, [A, B, C], ROUTED)).toEqual([[...A, ...C], B]);
    });

    it('counts an operational route (a health check) as no route', () => {
      expect(shape(satellite, [A, B, C], [...ROUTED, [8, '/health']])).toEqual([[...A, ...C], B]);
    });

    it('folds it into the next most tied community when a keep-apart pair bars the first', () => {
      expect(shape(satellite, [A, B, C], ROUTED, apart([8, 2]))).toEqual([A, [...B, ...C]]);
    });

    it('leaves a route-less community holding a pinned module where it is', () => {
      expect(shape(satellite, [A, B, C], ROUTED, anchored({ 'name:c': [9] }))).toEqual([A, B, C]);
    });

    it('leaves a route-less community tied to no routed community where it is', () => {
      const loose = plantedAdjacency(12, [...cliques(A, B, C), [3, 4, 0.5]]);
      expect(shape(loose, [A, B, C], ROUTED)).toEqual([A, B, C]);
    });
  });

  it('gives the same communities twice for the same input', () => {
    const routes: Array<[number, string]> = [[0, '/api/orders'], [7, '/api/payments']];
    expect(shape(two, [[...A, ...B]], routes)).toEqual(shape(plantedAdjacency(8, [...cliques(A, B), [3, 4, 0.5]]), [[...A, ...B]], routes));
  });
});

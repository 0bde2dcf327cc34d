import { UndirectedGraph } from 'graphology';
import louvainImport from 'graphology-communities-louvain';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/decompose/rng.js';
import { seededLouvain } from '../../src/decompose/seeded-louvain.js';
import { clique, modularity, plantedAdjacency } from './graph-helpers.js';

const louvain = ((louvainImport as { default?: unknown }).default ?? louvainImport) as typeof louvainImport.default;

/**
 * The planted graph: two 4-cliques (edges of weight 1) joined by one weak edge 3-4 (0.5).
 * m = 6 + 6 + 0.5 = 12.5. Splitting at the weak edge gives each clique w_in = 6 and D = 12.5:
 * Q = 2·(6/12.5 − (12.5/25)²) = 2·(0.48 − 0.25) = 0.46, against Q = 1 − 1 = 0 for one community
 * and below 0 for any cut through a clique: Louvain must return the two cliques.
 */
const A = [0, 1, 2, 3];
const B = [4, 5, 6, 7];
const EDGES: Array<[number, number, number]> = [...clique(A), ...clique(B), [3, 4, 0.5]];
const twoCliques = () => plantedAdjacency(8, EDGES);
const ALL = [...A, ...B];

describe('seededLouvain', () => {
  it('returns the two cliques of two 4-cliques joined by one weak edge (Q = 0.46)', () => {
    const adj = twoCliques();
    const r = seededLouvain(adj, ALL, 42, 1);
    expect([...r.labels]).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(modularity(adj, [A, B])).toBeCloseTo(0.46, 12);
  });

  it('hands back the subset as a weighted graph over local indices, with its dendrogram from single nodes to the partition', () => {
    const r = seededLouvain(twoCliques(), ALL, 42, 1);
    expect(r.members).toEqual(ALL);
    expect(r.graph.total).toBe(12.5);
    expect([...r.graph.degree]).toEqual([3, 3, 3, 3.5, 3.5, 3, 3, 3]);
    expect(r.graph.neighbours[3]).toEqual([[0, 1], [1, 1], [2, 1], [4, 0.5]]);
    expect(r.levels.map((l) => [...l])).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7],
      [0, 0, 0, 0, 1, 1, 1, 1],
    ]);
  });

  it('works on the subset only: edges to modules outside it do not count', () => {
    // {0, 1, 2} keeps its triangle (3), {4, 5} its one edge (1); 3 is left out, and the weak edge with it
    const r = seededLouvain(twoCliques(), [5, 4, 2, 1, 0], 42, 1);
    expect(r.members).toEqual([0, 1, 2, 4, 5]);
    expect(r.graph.total).toBe(4);
    expect([...r.labels]).toEqual([0, 0, 0, 1, 1]);
  });

  it('puts a connected graph in one community at resolution 0 (every merge gains w/m > 0)', () => {
    expect([...seededLouvain(twoCliques(), ALL, 42, 0).labels]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('gives the same result for the same graph, subset, seed and resolution, and memoises it per adjacency', () => {
    const adj = twoCliques();
    const first = seededLouvain(adj, ALL, 7, 1);
    expect(seededLouvain(adj, [...ALL].reverse(), 7, 1)).toBe(first);
    const fresh = seededLouvain(twoCliques(), ALL, 7, 1);
    expect(fresh).not.toBe(first);
    expect(fresh).toEqual(first);
  });

  it('finds what graphology\'s Louvain finds on a real graphology graph of the same subset (communities, levels, every seed)', () => {
    // 300 nodes in 6 planted groups, dense inside, sparse across, weights from a seeded stream
    const rng = mulberry32(3);
    const edges: Array<[number, number, number]> = [];
    for (let a = 0; a < 300; a++) {
      for (let b = a + 1; b < 300; b++) {
        const p = Math.floor(a / 50) === Math.floor(b / 50) ? 0.12 : 0.004;
        if (rng() < p) edges.push([a, b, Math.round(rng() * 40) / 8 + 0.25]);
      }
    }
    const adj = plantedAdjacency(300, edges);
    const subset = adj.nodes.map((_, i) => i).filter((i) => i % 11 !== 0);
    for (const seed of [1, 42, 99]) {
      const ours = seededLouvain(adj, subset, seed, 1);
      const local = new Map(subset.map((n, i) => [n, i]));
      const g = new UndirectedGraph<Record<string, never>, { weight: number }>({ allowSelfLoops: false });
      subset.forEach((_, i) => g.addNode(String(i)));
      subset.forEach((n, i) => {
        for (const [x, w] of adj.neighbours[n]!) {
          const j = local.get(x);
          if (j !== undefined && j > i) g.addUndirectedEdge(String(i), String(j), { weight: w });
        }
      });
      const theirs = louvain.detailed(g, { rng: mulberry32(seed), resolution: 1, getEdgeWeight: 'weight' });
      expect([...ours.labels]).toEqual(subset.map((_, i) => theirs.communities[String(i)]));
      expect(ours.levels.map((l) => [...l])).toEqual((theirs.dendrogram ?? []).map((l) => [...l]));
    }
  });
});

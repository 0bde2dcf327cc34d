/**
 * Seeded Louvain (Blondel et al. 2008; graphology's implementation, `rng` seeded with
 * mulberry32) on the part of an adjacency a clustering works on, with its dendrogram. Memoised
 * per adjacency, subset, seed and resolution: a re-cluster around new pins or keep-apart pairs
 * starts from the same unconstrained optimum instead of rebuilding a graphology graph and
 * running Louvain again (the constraints are imposed afterwards, constrained-partition.ts).
 */
import type { UndirectedGraph } from 'graphology';
import louvainImport from 'graphology-communities-louvain';
import type { Adjacency } from './adjacency.js';
import type { WeightedGraph } from './refine.js';
import { mulberry32 } from './rng.js';

// A CommonJS package typed as if it had an ES default export: at run time the default import is
// the function itself (Node), or a namespace holding it (other loaders).
const louvain = ((louvainImport as { default?: unknown }).default ?? louvainImport) as typeof louvainImport.default;

export interface LouvainResult {
  /** the subset's node indices, sorted: local index i is members[i] */
  members: number[];
  /** the subset as a weighted graph over local indices */
  graph: WeightedGraph;
  /** community per local index */
  labels: Int32Array;
  /** Louvain's levels per local index, finest (each node alone) first, the partition last */
  levels: Int32Array[];
}

const memo = new WeakMap<Adjacency, Map<string, LouvainResult>>();
const MEMO_ENTRIES = 8;

export function seededLouvain(adj: Adjacency, subset: readonly number[], seed: number, resolution: number): LouvainResult {
  const members = [...subset].sort((a, b) => a - b);
  const key = `${seed}\0${resolution}\0${members.join(',')}`;
  let cache = memo.get(adj);
  if (!cache) memo.set(adj, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;

  const local = new Map(members.map((n, i) => [n, i]));
  const neighbours: Array<Array<[number, number]>> = members.map(() => []);
  const degree = new Float64Array(members.length);
  let total = 0;
  const edges: LouvainEdges = { source: [], target: [], weight: [] };
  members.forEach((n, i) => {
    for (const [x, w] of adj.neighbours[n]!) {
      const j = local.get(x);
      if (j === undefined) continue;
      neighbours[i]!.push([j, w]);
      degree[i]! += w;
      if (j > i) {
        total += w;
        edges.source.push(i);
        edges.target.push(j);
        edges.weight.push(w);
      }
    }
  });
  const g = louvainInput(neighbours.map((list) => list.length), edges) as unknown as UndirectedGraph;
  const detailed = louvain.detailed(g, { rng: mulberry32(seed), resolution, getEdgeWeight: 'weight' });
  const labels = Int32Array.from(members, (_, i) => detailed.communities[String(i)]!);
  const levels = (detailed.dendrogram ?? []).map((level) => Int32Array.from(level));
  if (levels.length === 0) levels.push(Int32Array.from(members, (_, i) => i), labels.slice());
  const result: LouvainResult = { members, graph: { neighbours, degree, total }, labels, levels };
  if (cache.size >= MEMO_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, result);
  return result;
}

interface LouvainEdges {
  source: number[];
  target: number[];
  weight: number[];
}

/**
 * The graph handed to graphology's Louvain: only what it reads of a graph (the type checks, the
 * order and size, the nodes with their degrees, the edges with their weights, pinned versions
 * graphology-communities-louvain 2.0.2 and graphology-indices 0.17), over nodes "0".."n-1" and
 * the edges in the order they would have been added to a graphology graph, which is the order
 * graphology iterates them in. Building a real graphology graph of 20,000 nodes and 150,000
 * edges took three times as long as Louvain itself, and the kernel detection builds several;
 * the test holds the communities equal to those found on a real graph.
 */
function louvainInput(degrees: readonly number[], edges: LouvainEdges): object {
  const refuse = (): never => {
    throw new Error('seeded-louvain: the Louvain input graph is read-only');
  };
  return {
    type: 'undirected',
    multi: false,
    order: degrees.length,
    size: edges.source.length,
    selfLoopCount: 0,
    directedSize: 0,
    undirectedSize: edges.source.length,
    addUndirectedEdgeWithKey: refuse,
    dropNode: refuse,
    setNodeAttribute: refuse,
    undirectedDegreeWithoutSelfLoops: (node: string): number => degrees[Number(node)]!,
    forEachNode(callback: (node: string, attributes: object) => void): void {
      for (let i = 0; i < degrees.length; i++) callback(String(i), {});
    },
    forEachEdge(callback: (edge: string, attributes: { weight: number }, source: string, target: string, sa: object, ta: object, undirected: boolean) => void): void {
      for (let e = 0; e < edges.source.length; e++) callback(String(e), { weight: edges.weight[e]! }, String(edges.source[e]!), String(edges.target[e]!), {}, {}, true);
    },
  };
}

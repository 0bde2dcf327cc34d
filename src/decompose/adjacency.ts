/**
 * A compact weighted adjacency over a subset of the coupling graph's modules, indexed in
 * sorted path order. The partition steps (repairs, merges, growth) run on it rather than on
 * graphology: they need neighbour weights by index, thousands of times per re-cluster.
 */
import type { CouplingGraph } from './coupling-graph.js';

export interface Adjacency {
  /** module paths, sorted */
  nodes: string[];
  index: Map<string, number>;
  /** neighbours of node i with the edge weight, neighbours in ascending index order */
  neighbours: Array<Array<[number, number]>>;
  /** weighted degree of each node */
  degree: Float64Array;
  /** total edge weight (each edge once) */
  total: number;
}

/**
 * Adjacencies of whole graphs, memoised: a re-cluster reuses the one its graph already has. The
 * coupling graph is never mutated once built; the order and size guard against a caller who did.
 */
const memo = new WeakMap<CouplingGraph, { order: number; size: number; adjacency: Adjacency }>();

export function buildAdjacency(graph: CouplingGraph, exclude: ReadonlySet<string> = new Set()): Adjacency {
  if (exclude.size > 0) return compute(graph, exclude);
  const hit = memo.get(graph);
  if (hit && hit.order === graph.order && hit.size === graph.size) return hit.adjacency;
  const adjacency = compute(graph, exclude);
  memo.set(graph, { order: graph.order, size: graph.size, adjacency });
  return adjacency;
}

function compute(graph: CouplingGraph, exclude: ReadonlySet<string>): Adjacency {
  const nodes = graph.nodes().filter((n) => !exclude.has(n)).sort();
  const index = new Map(nodes.map((n, i) => [n, i]));
  const neighbours: Array<Array<[number, number]>> = nodes.map(() => []);
  const degree = new Float64Array(nodes.length);
  let total = 0;
  graph.forEachEdge((_key, attrs, source, target) => {
    const a = index.get(source);
    const b = index.get(target);
    if (a === undefined || b === undefined || attrs.weight <= 0) return;
    neighbours[a]!.push([b, attrs.weight]);
    neighbours[b]!.push([a, attrs.weight]);
    degree[a]! += attrs.weight;
    degree[b]! += attrs.weight;
    total += attrs.weight;
  });
  for (const list of neighbours) list.sort((x, y) => x[0] - y[0]);
  return { nodes, index, neighbours, degree, total };
}

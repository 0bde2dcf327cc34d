/** Checks on decompositions, and planted graphs, shared by the decompose tests. */
import type { Adjacency } from '../../src/decompose/adjacency.js';
import type { CouplingGraph } from '../../src/decompose/index.js';
import type { Decomposition } from '../../src/shared/decomposition.js';

/** Whether the modules form one connected piece of the coupling graph. */
export function isConnected(graph: CouplingGraph, modules: readonly string[]): boolean {
  const inside = new Set(modules);
  const seen = new Set<string>([modules[0]!]);
  const stack = [modules[0]!];
  while (stack.length > 0) {
    graph.forEachNeighbor(stack.pop()!, (n) => {
      if (inside.has(n) && !seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    });
  }
  return seen.size === inside.size;
}

/** The service id holding a module, or `shared`. */
export function placeOf(d: Decomposition, module: string): string | undefined {
  if (d.shared.some((k) => k.module === module)) return 'shared';
  return d.services.find((s) => s.modules.includes(module))?.id;
}

/** Every module, in services and kernel, in the order they appear. */
export function placedModules(d: Decomposition): string[] {
  return [...d.services.flatMap((s) => s.modules), ...d.shared.map((k) => k.module)];
}

/**
 * A planted weighted graph as the partition steps see it: nodes `n00`, `n01`, ... (so sorted
 * path order is index order), each edge `[a, b, weight]` listed once.
 */
export function plantedAdjacency(size: number, edges: ReadonlyArray<readonly [number, number, number]>): Adjacency {
  const nodes = Array.from({ length: size }, (_, i) => nodeName(i));
  const neighbours: Array<Array<[number, number]>> = nodes.map(() => []);
  const degree = new Float64Array(size);
  let total = 0;
  for (const [a, b, w] of edges) {
    neighbours[a]!.push([b, w]);
    neighbours[b]!.push([a, w]);
    degree[a]! += w;
    degree[b]! += w;
    total += w;
  }
  for (const list of neighbours) list.sort((x, y) => x[0] - y[0]);
  return { nodes, index: new Map(nodes.map((n, i) => [n, i])), neighbours, degree, total };
}

/** The module name of planted node i: `n07`. */
export function nodeName(i: number): string {
  return `n${String(i).padStart(2, '0')}`;
}

/** Every pair of `members` joined with `weight`: a planted clique. */
export function clique(members: readonly number[], weight = 1): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) out.push([members[i]!, members[j]!, weight]);
  return out;
}

/**
 * Newman-Girvan modularity with resolution γ (Newman & Girvan 2004; Reichardt & Bornholdt 2006):
 *   Q = Σ_c [ w_in(c)/m - γ·(D_c / 2m)² ]
 * with w_in(c) the weight inside community c, D_c the weighted degree of its members and m the
 * total edge weight. The yardstick the partition steps are judged by.
 */
export function modularity(adj: Adjacency, communities: ReadonlyArray<readonly number[]>, resolution = 1): number {
  const m = adj.total;
  let q = 0;
  for (const c of communities) {
    const set = new Set(c);
    let inside = 0;
    let degree = 0;
    for (const n of c) {
      degree += adj.degree[n]!;
      for (const [x, w] of adj.neighbours[n]!) if (x > n && set.has(x)) inside += w;
    }
    q += inside / m - resolution * (degree / (2 * m)) ** 2;
  }
  return q;
}

/**
 * matrix.get: the service x service dependency matrix (a DSM), with chosen services expanded
 * into their modules. Rows and columns share one order in which every service's keys are
 * contiguous, so each service is a block on the diagonal, and services follow a greedy chain:
 * start from the largest, then always the one most coupled to the service placed last. Heavy
 * off-diagonal cells then sit next to the diagonal, where the eye reads them as "these two
 * belong together" (the ordering idea of DSM clustering, Eppinger & Browning 2012, kept cheap).
 * The kernel and the unplaced modules come last: everyone depends on the kernel, it would
 * otherwise pull the chain. Inside an expanded service, modules are in path order, which keeps
 * folders together.
 *
 * cells[i][j]: dependencies from keys[i] to keys[j] (runtime / type-only, one per importing
 * module and imported module, as the metrics count them) and the coupling weight between them
 * (undirected, all layers; on the diagonal: the weight inside the key).
 */
import type { CouplingGraph, ModuleDependency } from '../decompose/index.js';
import type { MatrixCell, MatrixView } from '../shared/contract.js';
import { compareStrings } from '../shared/sort.js';
import { findGroup, moduleLabel, type ViewGroup, type ViewGroups } from './view-groups.js';

const round4 = (n: number): number => Math.round(n * 10000) / 10000;

function chainOrder(graph: CouplingGraph, groups: ViewGroups): ViewGroup[] {
  const services = groups.list.filter((g) => g.kind === 'service');
  const tail = groups.list.filter((g) => g.kind !== 'service');
  const weight = new Map<string, number>();
  graph.forEachEdge((_key, attrs, source, target) => {
    const a = groups.groupOf.get(source);
    const b = groups.groupOf.get(target);
    if (a === undefined || b === undefined || a === b) return;
    const key = a < b ? `${a}\0${b}` : `${b}\0${a}`;
    weight.set(key, (weight.get(key) ?? 0) + attrs.weight);
  });
  const between = (a: string, b: string): number => weight.get(a < b ? `${a}\0${b}` : `${b}\0${a}`) ?? 0;
  const bigger = (a: ViewGroup, b: ViewGroup): number => b.modules.length - a.modules.length || b.lines - a.lines || compareStrings(a.id, b.id);
  const left = [...services].sort(bigger);
  const order: ViewGroup[] = [];
  while (left.length > 0) {
    const last = order[order.length - 1];
    let pick = 0;
    if (last) {
      for (let i = 1; i < left.length; i++) {
        const d = between(last.id, left[i]!.id) - between(last.id, left[pick]!.id);
        if (d > 1e-9) pick = i;
      }
    }
    order.push(left.splice(pick, 1)[0]!);
  }
  return [...order, ...tail];
}

export function matrixView(graph: CouplingGraph, groups: ViewGroups, deps: readonly ModuleDependency[], expand: readonly string[]): MatrixView {
  const expanded = new Set(expand.map((ref) => findGroup(groups, ref, 'matrix.get').id));
  const keys: string[] = [];
  const labels: string[] = [];
  const keyGroups: string[] = [];
  const index = new Map<string, number>();
  for (const g of chainOrder(graph, groups)) {
    if (expanded.has(g.id)) {
      for (const m of g.modules) {
        index.set(m, keys.length);
        keys.push(m);
        labels.push(moduleLabel(m));
        keyGroups.push(g.id);
      }
    } else {
      for (const m of g.modules) index.set(m, keys.length);
      keys.push(g.id);
      labels.push(g.name);
      keyGroups.push(g.id);
    }
  }
  const cells: MatrixCell[][] = keys.map(() => keys.map(() => ({ runtime: 0, typeOnly: 0, weight: 0 })));
  for (const d of deps) {
    const i = index.get(d.from);
    const j = index.get(d.to);
    if (i === undefined || j === undefined || (i === j && d.from === d.to)) continue;
    const cell = cells[i]![j]!;
    if (d.kind === 'runtime') cell.runtime++;
    else cell.typeOnly++;
  }
  graph.forEachEdge((_key, attrs, source, target) => {
    const i = index.get(source);
    const j = index.get(target);
    if (i === undefined || j === undefined) return;
    cells[i]![j]!.weight += attrs.weight;
    if (i !== j) cells[j]![i]!.weight += attrs.weight;
  });
  for (const row of cells) for (const cell of row) cell.weight = round4(cell.weight);
  return { keys, labels, groups: keyGroups, cells };
}

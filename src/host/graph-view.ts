/**
 * graph.get: the coupling graph as the UI draws it, at module level (one node per module,
 * grouped by service; kernel modules in group `shared`) or service level (one node per service,
 * plus the kernel). Edges carry the coupling weight (all layers) and the dependencies split
 * into runtime and type-only, counted as the metrics count them (one per importing module and
 * imported module), so the numbers on an edge add up to the cut cost in the metrics bar.
 *
 * Initial positions are deterministic and already readable, so the first paint needs no force
 * layout: the kernel sits at the centre, services on a ring around it (largest first, clockwise
 * from the top, each taking arc in proportion to its size), and each service's modules fill a
 * disc around its centre on a sunflower spiral (Vogel 1979: even spacing at any count), largest
 * modules innermost, with a small jitter seeded by the module's path so that labels of
 * neighbours do not line up.
 */
import type { CouplingGraph } from '../decompose/index.js';
import { mulberry32 } from '../decompose/index.js';
import type { GraphEdge, GraphNode, GraphView } from '../shared/contract.js';
import { compareStrings } from '../shared/sort.js';
import { moduleLabel, type ViewGroup, type ViewGroups } from './view-groups.js';

/** Distance between neighbouring modules in a service's disc, in layout units. */
const SPACING = 10;
/** Gap between two services' discs. */
const GAP = 3 * SPACING;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

const round = (n: number, places: number): number => {
  const f = 10 ** places;
  return Math.round(n * f) / f;
};

/** FNV-1a: a stable 32-bit seed from a module path. */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function discRadius(modules: number): number {
  return SPACING * Math.sqrt(Math.max(1, modules));
}

/** Centre of every group: the kernel at the origin, the others on a ring in id order (stable across edits, so the picture does not jump). */
export function groupCentres(groups: readonly ViewGroup[]): Map<string, { x: number; y: number; r: number }> {
  const out = new Map<string, { x: number; y: number; r: number }>();
  const kernel = groups.find((g) => g.kind === 'kernel');
  const ring = groups
    .filter((g) => g.kind !== 'kernel')
    .sort((a, b) => compareStrings(a.id, b.id));
  const kernelR = kernel ? discRadius(kernel.modules.length) : 0;
  if (kernel) out.set(kernel.id, { x: 0, y: 0, r: kernelR });
  if (ring.length === 0) return out;
  const widths = ring.map((g) => 2 * discRadius(g.modules.length) + GAP);
  const total = widths.reduce((a, b) => a + b, 0);
  const largest = Math.max(...ring.map((g) => discRadius(g.modules.length)));
  const radius = ring.length === 1 && !kernel ? 0 : Math.max(total / (2 * Math.PI), kernelR + largest + GAP);
  let angle = -Math.PI / 2;
  ring.forEach((g, i) => {
    const share = (2 * Math.PI * widths[i]!) / total;
    const mid = angle + share / 2;
    angle += share;
    out.set(g.id, { x: radius * Math.cos(mid), y: radius * Math.sin(mid), r: discRadius(g.modules.length) });
  });
  return out;
}

function moduleNodes(groups: ViewGroups): GraphNode[] {
  const centres = groupCentres(groups.list);
  const nodes: GraphNode[] = [];
  for (const g of groups.list) {
    const c = centres.get(g.id)!;
    const pinned = new Set(g.service?.pinned ?? []);
    const flagged = new Set(g.service?.flagged ?? []);
    const bySize = [...g.modules].sort((a, b) => (groups.lines.get(b) ?? 0) - (groups.lines.get(a) ?? 0) || compareStrings(a, b));
    const n = bySize.length;
    const placed = new Map<string, { x: number; y: number }>();
    bySize.forEach((m, i) => {
      const rng = mulberry32(seedOf(m));
      const r = c.r * Math.sqrt((i + 0.5) / n);
      const theta = i * GOLDEN_ANGLE;
      const jitter = SPACING * 0.2;
      placed.set(m, { x: c.x + r * Math.cos(theta) + (rng() - 0.5) * jitter, y: c.y + r * Math.sin(theta) + (rng() - 0.5) * jitter });
    });
    for (const m of g.modules) {
      const p = placed.get(m)!;
      const node: GraphNode = { id: m, label: moduleLabel(m), group: g.id, kind: 'module', size: groups.lines.get(m) ?? 0, x: round(p.x, 2), y: round(p.y, 2) };
      if (pinned.has(m)) node.pinned = true;
      if (flagged.has(m)) node.flagged = true;
      nodes.push(node);
    }
  }
  return nodes;
}

function serviceNodes(groups: ViewGroups): GraphNode[] {
  const centres = groupCentres(groups.list);
  return groups.list.map((g) => {
    const c = centres.get(g.id)!;
    const node: GraphNode = { id: g.id, label: g.name, group: g.id, kind: g.kind === 'kernel' ? 'kernel' : 'service', size: g.lines, x: round(c.x, 2), y: round(c.y, 2) };
    if ((g.service?.pinned.length ?? 0) > 0) node.pinned = true;
    if ((g.service?.flagged?.length ?? 0) > 0) node.flagged = true;
    return node;
  });
}

export function graphView(graph: CouplingGraph, groups: ViewGroups, split: ReadonlyMap<string, { runtime: number; typeOnly: number }>, level: 'modules' | 'services'): GraphView {
  if (level === 'modules') {
    const edges: GraphEdge[] = [];
    graph.forEachEdge((_key, attrs, source, target) => {
      if (!groups.groupOf.has(source) || !groups.groupOf.has(target)) return;
      const [a, b] = source < target ? [source, target] : [target, source];
      const s = split.get(`${a}\0${b}`);
      edges.push({ source: a, target: b, weight: round(attrs.weight, 4), runtime: s?.runtime ?? 0, typeOnly: s?.typeOnly ?? 0 });
    });
    edges.sort((x, y) => compareStrings(x.source, y.source) || compareStrings(x.target, y.target));
    return { level, nodes: moduleNodes(groups), edges };
  }
  const between = new Map<string, GraphEdge>();
  graph.forEachEdge((_key, attrs, source, target) => {
    const ga = groups.groupOf.get(source);
    const gb = groups.groupOf.get(target);
    if (ga === undefined || gb === undefined || ga === gb) return;
    const [a, b] = ga < gb ? [ga, gb] : [gb, ga];
    const key = `${a}\0${b}`;
    let e = between.get(key);
    if (!e) between.set(key, (e = { source: a, target: b, weight: 0, runtime: 0, typeOnly: 0 }));
    const s = split.get(source < target ? `${source}\0${target}` : `${target}\0${source}`);
    e.weight += attrs.weight;
    e.runtime += s?.runtime ?? 0;
    e.typeOnly += s?.typeOnly ?? 0;
  });
  const edges = [...between.keys()].sort(compareStrings).map((k) => {
    const e = between.get(k)!;
    return { ...e, weight: round(e.weight, 4) };
  });
  return { level, nodes: serviceNodes(groups), edges };
}

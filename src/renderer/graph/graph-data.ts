/**
 * GraphView (from the host) to sigma node and edge attributes: colour by service, size by the
 * square root of lines (areas then compare like sizes), edge thickness by the square root of the
 * coupling weight; edges that only carry types are drawn lighter than runtime ones.
 */
import type { GraphEdge, GraphNode, GraphView } from '../../shared/contract.js';
import { colorOf, type ColorMap } from '../palette.js';

export interface NodeAttributes {
  label: string;
  x: number;
  y: number;
  size: number;
  color: string;
  group: string;
  kind: GraphNode['kind'];
  lines: number;
  pinned: boolean;
  flagged: boolean;
  /** set while this node is being dragged or focused */
  highlighted?: boolean;
  zIndex?: number;
}

export interface EdgeAttributes {
  size: number;
  color: string;
  weight: number;
  runtime: number;
  typeOnly: number;
}

export interface GraphTheme {
  label: string;
  edge: string;
  edgeTypeOnly: string;
  faded: string;
  hoverBackground: string;
}

export const GRAPH_THEMES: Record<'light' | 'dark', GraphTheme> = {
  // opaque colours: translucent ones blend unevenly on a transparent WebGL canvas
  light: { label: '#1d2330', edge: '#c9ced7', edgeTypeOnly: '#e2e5ea', faded: '#e6e9ee', hoverBackground: '#ffffff' },
  dark: { label: '#e6e9ef', edge: '#434a5a', edgeTypeOnly: '#323845', faded: '#2a2f39', hoverBackground: '#262b35' },
};

/** Node radius range in pixels at the initial zoom: module discs shrink as the graph grows so neighbours do not overlap. */
function sizeRange(view: GraphView): [number, number] {
  if (view.level === 'services') return [8, 34];
  const max = Math.min(14, Math.max(4, 150 / Math.sqrt(Math.max(1, view.nodes.length))));
  return [Math.max(1.5, max / 4), max];
}

export function edgeKey(edge: Pick<GraphEdge, 'source' | 'target'>): string {
  return `${edge.source}->${edge.target}`;
}

export function nodeAttributes(view: GraphView, colors: ColorMap, groupOf: (node: GraphNode) => string): Map<string, NodeAttributes> {
  const [min, max] = sizeRange(view);
  const largest = Math.sqrt(Math.max(1, ...view.nodes.map((n) => n.size)));
  const out = new Map<string, NodeAttributes>();
  for (const node of view.nodes) {
    const group = groupOf(node);
    out.set(node.id, {
      label: node.label,
      x: node.x,
      y: node.y,
      size: min + ((max - min) * Math.sqrt(Math.max(0, node.size))) / largest,
      color: colorOf(colors, group),
      group,
      kind: node.kind,
      lines: node.size,
      pinned: node.pinned ?? false,
      flagged: node.flagged ?? false,
    });
  }
  return out;
}

export function edgeAttributes(view: GraphView, theme: GraphTheme): Map<string, { source: string; target: string; attributes: EdgeAttributes }> {
  const heaviest = Math.sqrt(Math.max(1e-9, ...view.edges.map((e) => e.weight)));
  const maxSize = view.level === 'services' ? 8 : view.edges.length > 3000 ? 1 : 3;
  const out = new Map<string, { source: string; target: string; attributes: EdgeAttributes }>();
  for (const edge of view.edges) {
    if (edge.source === edge.target) continue;
    out.set(edgeKey(edge), {
      source: edge.source,
      target: edge.target,
      attributes: {
        size: 0.4 + (maxSize * Math.sqrt(Math.max(0, edge.weight))) / heaviest,
        color: edge.runtime === 0 && edge.typeOnly > 0 ? theme.edgeTypeOnly : theme.edge,
        weight: edge.weight,
        runtime: edge.runtime,
        typeOnly: edge.typeOnly,
      },
    });
  }
  return out;
}

/**
 * ForceAtlas2 layout refinement off the main thread. A module worker bundled as its own file
 * (not the blob-URL worker of graphology-layout-forceatlas2/worker) so a strict
 * Content-Security-Policy without `blob:` allows it.
 */
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import type { LayoutRequest, LayoutResponse } from './layout-protocol.js';

self.onmessage = (message: MessageEvent<LayoutRequest>) => {
  const { nodes, edges, iterations } = message.data;
  const graph = new Graph({ type: 'directed', multi: false, allowSelfLoops: false });
  for (const n of nodes) graph.addNode(n.id, { x: n.x, y: n.y, size: n.size });
  for (const [source, target, weight] of edges) {
    if (source !== target && graph.hasNode(source) && graph.hasNode(target) && !graph.hasEdge(source, target)) graph.addEdge(source, target, { weight });
  }
  const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 500, adjustSizes: false, edgeWeightInfluence: 1 };
  const positions = forceAtlas2(graph, { iterations, settings, getEdgeWeight: 'weight' });
  const response: LayoutResponse = { positions: Object.entries(positions).map(([id, p]) => [id, p.x, p.y]) };
  self.postMessage(response);
};

/**
 * The two baselines Seam must beat, computed the same way on every fixture:
 * - seeded Louvain on the raw import graph: every import statement between two modules adds 1
 *   to their edge; no kernel, no symbols, no tables, no barrels followed;
 * - the best single folder depth: every module labelled by its first d directory segments, for
 *   the d that agrees best (MoJoFM) with the reference. This baseline sees the answer when it
 *   picks d: it is the folder tree at its most flattering.
 */
import { UndirectedGraph } from 'graphology';
import louvainImport from 'graphology-communities-louvain';
import type { Facts } from '../shared/facts.js';
import { compareStrings } from '../shared/sort.js';
import { mojoFm } from './metrics/mojo.js';
import type { Partition } from './metrics/partition.js';
import { mulberry32 } from './rng.js';

const louvain = ((louvainImport as { default?: unknown }).default ?? louvainImport) as typeof louvainImport.default;

export function louvainOnImports(facts: Facts, seed = 42): Partition {
  const g = new UndirectedGraph<Record<string, never>, { weight: number }>({ allowSelfLoops: false });
  for (const m of facts.modules) g.addNode(m.path);
  const sorted = [...facts.imports].sort((a, b) => compareStrings(a.from, b.from) || compareStrings(a.to, b.to));
  for (const e of sorted) {
    if (e.from === e.to || !g.hasNode(e.from) || !g.hasNode(e.to)) continue;
    const existing = g.edge(e.from, e.to);
    if (existing === undefined) g.addEdge(e.from, e.to, { weight: 1 });
    else g.updateEdgeAttribute(existing, 'weight', (w: number | undefined) => (w ?? 0) + 1);
  }
  const communities = louvain(g, { rng: mulberry32(seed), getEdgeWeight: 'weight' });
  const out: Partition = {};
  for (const m of facts.modules) out[m.path] = `c${communities[m.path]}`;
  return out;
}

/** Each module labelled by its first `depth` directory segments (its whole folder if shallower). */
export function folderPartition(modules: readonly string[], depth: number): Partition {
  const out: Partition = {};
  for (const m of modules) {
    const dirs = m.split('/').slice(0, -1);
    out[m] = dirs.slice(0, depth).join('/') || '.';
  }
  return out;
}

export function bestFolderDepth(modules: readonly string[], reference: Partition): { depth: number; partition: Partition; mojoFm: number } {
  const deepest = Math.max(1, ...modules.map((m) => m.split('/').length - 1));
  let best = { depth: 1, partition: folderPartition(modules, 1), mojoFm: -Infinity };
  for (let d = 1; d <= deepest; d++) {
    const partition = folderPartition(modules, d);
    const score = mojoFm(partition, reference);
    if (score > best.mojoFm) best = { depth: d, partition, mojoFm: score };
  }
  return best;
}

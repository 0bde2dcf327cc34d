/**
 * Co-change cut ratio: how much of the change history the cut would turn into coordinated
 * releases across services.
 *
 *   ratio = Σ_{pairs (a,b) in different services} shared(a,b) / Σ_{pairs, both in services} shared(a,b)
 *
 * shared(a,b) is the number of commits that touched both modules, over the co-change pairs the
 * history analysis kept (Code Maat filters: minimum revisions, shared commits and degree;
 * commits touching more than maxFilesPerCommit files ignored). Facts keep pairs, not commits, so
 * this is the share of co-change *pair-commits* that cross a boundary, a proxy for the share of
 * filtered commits touching more than one service. Kernel modules are left out. Between 0 and 1,
 * lower is better; null without co-change pairs.
 */
import type { Facts } from '../../shared/facts.js';
import type { ServiceView } from './service-view.js';

export function coChangeCutRatio(view: ServiceView, facts: Facts): number | null {
  let cross = 0;
  let total = 0;
  for (const c of facts.coChange) {
    const a = view.serviceOf.get(c.a);
    const b = view.serviceOf.get(c.b);
    if (a === undefined || b === undefined) continue;
    total += c.shared;
    if (a !== b) cross += c.shared;
  }
  return total > 0 ? cross / total : null;
}

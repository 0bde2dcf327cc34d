/**
 * Inter-partition call percentage (ICP), Kalia et al., "Mono2Micro: A Practical and Effective
 * Tool for Decomposing Monolithic Java Applications to Microservices", FSE 2021.
 *
 *   ICP = Σ_{i≠j} c_ij / Σ_{i,j} c_ij
 *
 * c_ij: calls from service i to service j. Statically, the calls of a dependency are the uses
 * of the imported module's symbols outside type positions (calls, `new`, reads, JSX,
 * decorators, `extends`); a run-time import with no resolved use counts as one call; a
 * type-only dependency makes none. Between 0 and 1, lower is better; 0 without calls.
 */
import type { ServiceView } from './service-view.js';

export function interPartitionCalls(view: ServiceView): number {
  let cross = 0;
  let total = 0;
  for (const d of view.dependencies) {
    if (d.kind !== 'runtime') continue;
    const calls = Math.max(d.valueUses, 1);
    total += calls;
    if (view.serviceOf.get(d.from) !== view.serviceOf.get(d.to)) cross += calls;
  }
  return total > 0 ? cross / total : 0;
}

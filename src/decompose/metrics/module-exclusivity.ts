/**
 * Module exclusivity: the share of a service's modules that no other service depends on.
 *
 *   exclusivity_i = |{ m in i : every module depending on m is in i }| / N_i
 *   exclusivity   = Σ_i |{...}| / N
 *
 * A module another service depends on must become an API or move to a shared library; the
 * exclusive ones can be extracted as they are. Kernel modules are out (they are the library).
 * Between 0 and 1, higher is better; 1 without modules.
 */
import type { ServiceView } from './service-view.js';

export function moduleExclusivity(view: ServiceView): { exclusivity: number; perService: number[] } {
  const used = new Set<string>();
  for (const d of view.dependencies) if (view.serviceOf.get(d.from) !== view.serviceOf.get(d.to)) used.add(d.to);
  const usedPer = view.ids.map(() => 0);
  for (const m of used) usedPer[view.serviceOf.get(m)!]!++;
  const perService = view.sizes.map((n, i) => (n > 0 ? (n - usedPer[i]!) / n : 1));
  const total = view.sizes.reduce((s, x) => s + x, 0);
  return { exclusivity: total > 0 ? (total - used.size) / total : 1, perService };
}

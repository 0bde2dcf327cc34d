/**
 * Business-context purity over route groups (Seam's form of Kalia et al.'s business context
 * purity, FSE 2021, which uses business use cases where Seam has routes):
 *
 *   purity_i = max_g r_ig / Σ_g r_ig          purity = Σ_i max_g r_ig / Σ_i Σ_g r_ig
 *
 * r_ig: routes of service i in route group g (route-group.ts);
 * operational routes (/health, /metrics) are left out. 1 when every service serves one business
 * context; null for a service, or a decomposition, without business routes. Kalia's BCP is an
 * entropy (lower is better); this is a share (higher is better), easier to read beside a route list.
 */
import type { Facts } from '../../shared/facts.js';
import { routeGrouping } from '../route-group.js';
import type { ServiceView } from './service-view.js';

export function businessContextPurity(view: ServiceView, facts: Facts): { purity: number | null; perService: (number | null)[] } {
  const counts = view.ids.map(() => new Map<string, number>());
  const groupOf = routeGrouping(facts.routes);
  for (const r of facts.routes) {
    const s = view.serviceOf.get(r.module);
    const g = groupOf(r.path);
    if (s === undefined || g === undefined) continue;
    counts[s]!.set(g, (counts[s]!.get(g) ?? 0) + 1);
  }
  let top = 0;
  let all = 0;
  const perService = counts.map((c) => {
    const total = [...c.values()].reduce((s, x) => s + x, 0);
    if (total === 0) return null;
    const max = Math.max(...c.values());
    top += max;
    all += total;
    return max / total;
  });
  return { purity: all > 0 ? top / all : null, perService };
}

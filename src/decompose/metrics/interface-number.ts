/**
 * Interface number (IFN), Kalia et al., FSE 2021 (after Jin et al., TSE 2019).
 *
 *   IFN = (1/K) Σ_i ifn_i,   ifn_i = |{ m in service i : some module of another service depends on m }|
 *
 * The interfaces of a service are the modules it must expose once the others call it over the
 * network (Kalia counts classes; Seam's unit is the module). Lower is better; 0 without services.
 */
import type { ServiceView } from './service-view.js';

export function interfaceNumber(view: ServiceView): { ifn: number; interfaces: number[] } {
  const exposed = view.ids.map(() => new Set<string>());
  for (const d of view.dependencies) {
    const to = view.serviceOf.get(d.to)!;
    if (view.serviceOf.get(d.from) !== to) exposed[to]!.add(d.to);
  }
  const interfaces = exposed.map((s) => s.size);
  const k = view.ids.length;
  return { ifn: k > 0 ? interfaces.reduce((s, x) => s + x, 0) / k : 0, interfaces };
}

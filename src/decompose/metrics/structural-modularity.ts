/**
 * Structural modularity (SM), Jin et al., "Service Candidate Identification from Monolithic
 * Systems Based on Execution Traces", TSE 2019; used by Kalia et al., "Mono2Micro", FSE 2021.
 *
 *   SM = (1/K) Σ_i μ_i / N_i²  -  (1 / (K(K-1)/2)) Σ_{i<j} σ_ij / (2 N_i N_j)
 *
 * K services; N_i modules in service i; μ_i dependencies inside i; σ_ij dependencies between i
 * and j, both directions. Dependencies are the distinct (importing module, imported module)
 * pairs of the Facts (imports and symbol references), not runtime traces. The second term is 0
 * for one service. Higher is better.
 */
import type { ServiceView } from './service-view.js';

export function structuralModularity(view: ServiceView): { sm: number; cohesion: number[] } {
  const k = view.ids.length;
  const inside = new Array<number>(k).fill(0);
  const between = new Map<number, number>();
  for (const d of view.dependencies) {
    const a = view.serviceOf.get(d.from)!;
    const b = view.serviceOf.get(d.to)!;
    if (a === b) inside[a]!++;
    else {
      const key = Math.min(a, b) * k + Math.max(a, b);
      between.set(key, (between.get(key) ?? 0) + 1);
    }
  }
  const cohesion = inside.map((mu, i) => (view.sizes[i]! > 0 ? mu / view.sizes[i]! ** 2 : 0));
  if (k === 0) return { sm: 0, cohesion };
  const scoh = cohesion.reduce((s, x) => s + x, 0) / k;
  let scop = 0;
  for (const [key, sigma] of between) {
    const i = Math.floor(key / k);
    const j = key % k;
    scop += sigma / (2 * view.sizes[i]! * view.sizes[j]!);
  }
  const pairs = (k * (k - 1)) / 2;
  return { sm: scoh - (pairs > 0 ? scop / pairs : 0), cohesion };
}

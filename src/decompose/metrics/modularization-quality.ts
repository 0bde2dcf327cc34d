/**
 * Modularization quality (MQ), TurboMQ form: Mancoridis et al., "Bunch: a clustering tool for
 * the recovery and maintenance of software system structures", ICSM 1999; Mitchell & Mancoridis,
 * "On the automatic modularization of software systems using the Bunch tool", TSE 2006.
 *
 *   MQ = Σ_i CF_i,   CF_i = 0 if μ_i = 0, else 2μ_i / (2μ_i + Σ_{j≠i} (ε_ij + ε_ji))
 *
 * μ_i: dependencies inside service i; ε_ij: dependencies from i to j. Dependencies are the
 * distinct (importing module, imported module) pairs, unweighted, as in Bunch's MDG. Higher is
 * better; at most K.
 */
import type { ServiceView } from './service-view.js';

export function modularizationQuality(view: ServiceView): number {
  const inside = new Array<number>(view.ids.length).fill(0);
  const crossing = new Array<number>(view.ids.length).fill(0);
  for (const d of view.dependencies) {
    const a = view.serviceOf.get(d.from)!;
    const b = view.serviceOf.get(d.to)!;
    if (a === b) inside[a]!++;
    else {
      crossing[a]!++;
      crossing[b]!++;
    }
  }
  let mq = 0;
  inside.forEach((mu, i) => {
    if (mu > 0) mq += (2 * mu) / (2 * mu + crossing[i]!);
  });
  return mq;
}

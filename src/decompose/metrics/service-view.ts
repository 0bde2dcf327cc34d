/**
 * The decomposition as the metrics see it: each module's service (kernel modules have none),
 * the services' sizes, and the directed module dependencies (dependencies.ts: barrels followed,
 * constant-only imports counted as type-only) whose two ends both lie in services.
 */
import type { Decomposition } from '../../shared/decomposition.js';
import type { Facts } from '../../shared/facts.js';
import { moduleDependencies, type ModuleDependency } from '../dependencies.js';

export interface ServiceView {
  /** service ids, in decomposition order */
  ids: string[];
  /** module -> index into ids; kernel and unknown modules absent */
  serviceOf: Map<string, number>;
  /** modules per service */
  sizes: number[];
  /** dependencies between two modules that are both in services */
  dependencies: ModuleDependency[];
}

export function serviceView(decomposition: Decomposition, facts: Facts): ServiceView {
  const ids = decomposition.services.map((s) => s.id);
  const serviceOf = new Map<string, number>();
  decomposition.services.forEach((s, i) => s.modules.forEach((m) => serviceOf.set(m, i)));
  const sizes = decomposition.services.map((s) => s.modules.length);
  const dependencies = moduleDependencies(facts).filter((d) => serviceOf.has(d.from) && serviceOf.has(d.to));
  return { ids, serviceOf, sizes, dependencies };
}

/** Round a figure to 4 decimals: byte-stable output, no float noise. */
export function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4 + 0;
}

/**
 * Where each module sits in the cut: a service id, the shared kernel, or the monolith (modules
 * the decomposition left out). Every other planning step asks this one map.
 */
import type { Decomposition } from '../shared/decomposition.js';
import type { Facts } from '../shared/facts.js';
import { MONOLITH, SHARED_KERNEL } from '../shared/plan.js';
import { compareStrings } from '../shared/sort.js';
import { uniqueSlugs } from './names.js';

export interface PlacedService {
  id: string;
  name: string;
  slug: string;
  modules: string[];
  lines: number;
}

export interface Placement {
  /** services sorted by id */
  services: PlacedService[];
  byId: ReadonlyMap<string, PlacedService>;
  /** service id, `shared` or `monolith` */
  of(module: string): string;
  isService(owner: string): boolean;
}

export function placeModules(facts: Facts, decomposition: Decomposition): Placement {
  const lines = new Map(facts.modules.map((m) => [m.path, m.lines]));
  const sorted = [...decomposition.services].sort((a, b) => compareStrings(a.id, b.id));
  const slugs = uniqueSlugs(sorted.map((s) => s.name), [MONOLITH, SHARED_KERNEL, 'gateway']);
  const services = sorted.map((s, i) => {
    const modules = [...new Set(s.modules)].sort(compareStrings);
    return { id: s.id, name: s.name, slug: slugs[i]!, modules, lines: modules.reduce((n, m) => n + (lines.get(m) ?? 0), 0) };
  });
  const where = new Map<string, string>();
  for (const k of decomposition.shared) where.set(k.module, SHARED_KERNEL);
  for (const s of services) for (const m of s.modules) where.set(m, s.id);
  const byId = new Map(services.map((s) => [s.id, s]));
  return {
    services,
    byId,
    of: (module) => where.get(module) ?? MONOLITH,
    isService: (owner) => byId.has(owner),
  };
}

/**
 * The groups every view draws: one per service, the shared kernel, and (only when some module is
 * in neither) the modules left in the monolith. Built once per decomposition; the graph, the
 * matrix and the service details all read modules' groups from here.
 */
import type { ModuleDependency } from '../decompose/index.js';
import type { Decomposition, Service } from '../shared/decomposition.js';
import { InputError } from '../shared/errors.js';
import type { Facts } from '../shared/facts.js';
import { MONOLITH, SHARED_KERNEL } from '../shared/plan.js';
import { compareStrings } from '../shared/sort.js';

export interface ViewGroup {
  /** service id, `shared` or `monolith` */
  id: string;
  name: string;
  kind: 'service' | 'kernel' | 'monolith';
  /** sorted module paths */
  modules: string[];
  lines: number;
  service?: Service;
}

export interface ViewGroups {
  /** services in decomposition order, then the kernel, then the monolith */
  list: ViewGroup[];
  byId: Map<string, ViewGroup>;
  /** module path -> group id */
  groupOf: Map<string, string>;
  lines: Map<string, number>;
}

export function viewGroups(facts: Facts, d: Decomposition): ViewGroups {
  const lines = new Map(facts.modules.map((m) => [m.path, m.lines]));
  const groupOf = new Map<string, string>();
  const sum = (modules: readonly string[]): number => modules.reduce((n, m) => n + (lines.get(m) ?? 0), 0);
  const list: ViewGroup[] = d.services.map((s) => {
    for (const m of s.modules) groupOf.set(m, s.id);
    return { id: s.id, name: s.name, kind: 'service', modules: s.modules, lines: sum(s.modules), service: s };
  });
  const kernel = d.shared.map((k) => k.module).sort(compareStrings);
  for (const m of kernel) groupOf.set(m, SHARED_KERNEL);
  if (kernel.length > 0) list.push({ id: SHARED_KERNEL, name: 'shared kernel', kind: 'kernel', modules: kernel, lines: sum(kernel) });
  const rest = facts.modules.map((m) => m.path).filter((m) => !groupOf.has(m));
  for (const m of rest) groupOf.set(m, MONOLITH);
  if (rest.length > 0) list.push({ id: MONOLITH, name: 'monolith (not placed)', kind: 'monolith', modules: rest.sort(compareStrings), lines: sum(rest) });
  return { list, byId: new Map(list.map((g) => [g.id, g])), groupOf, lines };
}

/** A service named by id (`svc-orders`) or name (`orders`), or the kernel / monolith group by its id. */
export function findGroup(groups: ViewGroups, ref: string, op: string): ViewGroup {
  const hit = groups.byId.get(ref) ?? groups.list.find((g) => g.kind === 'service' && g.name === ref);
  if (hit) return hit;
  const names = groups.list.filter((g) => g.kind === 'service').map((g) => g.name);
  throw new InputError(`${op}: no service '${ref}'; the services are ${names.join(', ') || '(none)'}`, 'unknown-service');
}

/** A short label for a module: its file name without extension (`index` keeps its folder). */
export function moduleLabel(path: string): string {
  const parts = path.split('/');
  const file = parts[parts.length - 1]!.replace(/\.(d\.ts|[cm]?[jt]sx?)$/, '');
  return file === 'index' && parts.length > 1 ? `${parts[parts.length - 2]}/index` : file;
}

/** Directed dependencies per unordered module pair, split runtime / type-only as the metrics count them. */
export function dependencySplit(deps: readonly ModuleDependency[]): Map<string, { runtime: number; typeOnly: number }> {
  const out = new Map<string, { runtime: number; typeOnly: number }>();
  for (const d of deps) {
    const key = d.from < d.to ? `${d.from}\0${d.to}` : `${d.to}\0${d.from}`;
    let split = out.get(key);
    if (!split) out.set(key, (split = { runtime: 0, typeOnly: 0 }));
    if (d.kind === 'runtime') split.runtime++;
    else split.typeOnly++;
  }
  return out;
}

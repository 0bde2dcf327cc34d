/**
 * Turns the user's constraints into what the partition engine understands: anchored groups
 * (pins, and seeds from a route prefix or a folder) and keep-apart pairs. An anchor is keyed by
 * its target: `id:<service id>` when it names a service of the decomposition being edited (by id
 * or by name), so the pinned modules join that service wherever most of it lands; `name:<name>`
 * for a service the user is asking for. A pin outranks a seed for the same module; kernel
 * modules are never seeded (pins take a module out of the kernel before this runs).
 */
import type { Constraints, Service } from '../shared/decomposition.js';
import type { Facts } from '../shared/facts.js';
import type { Adjacency } from './adjacency.js';
import type { PartitionConstraints } from './constrained-partition.js';
import type { Evidence } from './placement-evidence.js';
import { underRoutePrefix } from './route-group.js';
import { kebab } from './service-names.js';
import { pushTo } from './multimap.js';

/** The service name a pin or seed refers to: `svc-orders` and `Orders` both mean `orders`. */
export function serviceKey(serviceIdOrName: string): string {
  const s = serviceIdOrName.trim();
  return kebab(s.startsWith('svc-') ? s.slice(4) : s) || s;
}

export function normalizeConstraints(c?: Partial<Constraints>): Constraints {
  return {
    pins: [...(c?.pins ?? [])],
    apart: [...(c?.apart ?? [])],
    seeds: [...(c?.seeds ?? [])],
    shared: [...(c?.shared ?? [])],
  };
}

/** The anchor key of a pin's or seed's target service. */
function targetKey(service: string, previous: readonly Service[]): string {
  const exact = previous.find((s) => s.id === service);
  const key = serviceKey(service);
  const named = exact ?? previous.find((s) => serviceKey(s.name) === key || serviceKey(s.id) === key);
  return named ? `id:${named.id}` : `name:${key}`;
}

/** The partition's constraints, and for each anchored node the user's decision that anchored it. */
export interface AnchoredConstraints extends PartitionConstraints {
  why: Map<number, Evidence>;
}

export function anchorsFrom(
  constraints: Constraints,
  facts: Facts,
  adj: Adjacency,
  kernel: ReadonlySet<string>,
  previous: readonly Service[] = [],
): AnchoredConstraints {
  const owner = new Map<number, string>();
  const why = new Map<number, Evidence>();
  for (const pin of constraints.pins) {
    const i = adj.index.get(pin.module);
    if (i !== undefined && !kernel.has(pin.module)) {
      owner.set(i, targetKey(pin.service, previous));
      why.set(i, { evidence: 'pin', reason: 'pinned by the user' });
    }
  }
  const pinned = new Set(owner.keys());
  for (const seed of constraints.seeds) {
    const name = targetKey(seed.service, previous);
    const claim = (module: string, reason: string) => {
      const i = adj.index.get(module);
      if (i !== undefined && !pinned.has(i) && !kernel.has(module) && !owner.has(i)) {
        owner.set(i, name);
        why.set(i, { evidence: 'seed', reason });
      }
    };
    if (seed.routePrefix !== undefined) {
      for (const r of facts.routes) if (underRoutePrefix(r.path, seed.routePrefix)) claim(r.module, `seeded by the user: serves routes under ${seed.routePrefix}`);
    }
    if (seed.folder !== undefined) {
      const folder = seed.folder.replace(/^\.?\/+/, '').replace(/\/+$/, '');
      for (const m of adj.nodes) if (folder === '' || m.startsWith(`${folder}/`)) claim(m, `seeded by the user: under ${folder === '' ? 'the root' : `${folder}/`}`);
    }
  }
  const anchors = new Map<string, number[]>();
  for (const [i, name] of [...owner].sort((a, b) => a[0] - b[0])) pushTo(anchors, name, i);
  const apart: Array<[number, number]> = [];
  for (const { a, b } of constraints.apart) {
    const ia = adj.index.get(a);
    const ib = adj.index.get(b);
    if (ia !== undefined && ib !== undefined && ia !== ib && !kernel.has(a) && !kernel.has(b)) apart.push([ia, ib]);
  }
  // where an edited service's anchor belongs: wherever most of that service lands
  const homes = new Map<string, number[]>();
  for (const key of anchors.keys()) {
    const s = key.startsWith('id:') ? previous.find((p) => `id:${p.id}` === key) : undefined;
    const nodes = (s?.modules ?? []).map((m) => adj.index.get(m)).filter((i): i is number => i !== undefined && !kernel.has(adj.nodes[i]!));
    if (nodes.length > 0) homes.set(key, nodes);
  }
  return { anchors: new Map([...anchors].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))), apart, homes, why };
}

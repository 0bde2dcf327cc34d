/**
 * Conflicts a person must resolve before (or while) cutting, each with where in the code:
 * - shared-write: a table written by more than one service (or by a service and the kernel);
 * - cross-owner-join: one SQL statement reading tables of different owners;
 * - cross-owner-relation: an ORM relation between entities of different owners;
 * - cross-owner-transaction: one transaction touching tables of different owners;
 * - shared-state: a cache, singleton, in-process event bus, mutable export or async context used
 *   on both sides of the cut (each service gets its own copy after the split).
 */
import type { Facts, SharedStateKind } from '../shared/facts.js';
import type { CodeLocation, Conflict, Severity } from '../shared/plan.js';
import { SHARED_KERNEL } from '../shared/plan.js';
import { compareStrings, sortByKeys } from '../shared/sort.js';
import type { DataPlan } from './data-ownership.js';
import type { Placement } from './placement.js';
import type { SourceHints } from './source-hints.js';

function uniqueLocations(locs: CodeLocation[]): CodeLocation[] {
  const seen = new Set<string>();
  return sortByKeys(
    locs.filter((l) => {
      const k = `${l.file}:${l.line}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    }),
    (l) => l.file,
    (l) => l.line,
  );
}

const STATE_RESOLUTION: Record<SharedStateKind, { severity: Severity; what: string; resolution: string }> = {
  'event-bus': {
    severity: 'high',
    what: 'in-process event bus',
    resolution: 'events no longer cross process boundaries: publish them on a broker (one topic per event, named after it) and have each subscriber consume from it; make handlers idempotent',
  },
  cache: {
    severity: 'medium',
    what: 'cache',
    resolution: 'each service gets its own cache: keep per-service caches and invalidate them from the owner\'s change events, or move to a shared cache (Redis) keyed per owner',
  },
  'mutable-export': {
    severity: 'medium',
    what: 'mutable module-level state',
    resolution: 'a write in one process is not seen by another: move the value to configuration or a store every service reads (feature flags: a flag service), owned by one service',
  },
  'async-local-storage': {
    severity: 'low',
    what: 'request context (AsyncLocalStorage)',
    resolution: 'the context ends at the process boundary: propagate it in headers (traceparent, x-request-id, the user) on every call between services',
  },
  singleton: {
    severity: 'low',
    what: 'singleton',
    resolution: 'each service gets its own instance: fine for stateless helpers; calls into another service\'s singleton go through its API client, and any state it holds (counters, registries, connections) moves to its owner',
  },
};

export function findConflicts(facts: Facts, placement: Placement, data: DataPlan, hints: SourceHints | undefined): Conflict[] {
  const out: Conflict[] = [];
  const ownerOf = (table: string): string | null => data.byTable.get(table)?.owner ?? null;
  const name = (id: string): string => placement.byId.get(id)?.name ?? id;

  for (const t of data.tables) {
    if (t.writers.length < 2) continue;
    const foreign = t.sites.filter((s) => s.access === 'write' && s.service !== t.owner);
    out.push({
      id: `shared-write:${t.table}`,
      kind: 'shared-write',
      severity: 'high',
      summary: `${t.table} is written by ${t.writers.map(name).join(', ')}`,
      services: t.writers.filter((w) => placement.isService(w)),
      tables: [t.table],
      locations: uniqueLocations(t.sites.filter((s) => s.access === 'write')),
      resolution: t.owner
        ? `make ${name(t.owner)} the only writer: the others call its API (a command) instead of writing ${t.table} (first at ${foreign[0]?.file}:${foreign[0]?.line})`
        : `choose one owner for ${t.table}; the others call its API`,
    });
  }

  // joins: one raw query (module + line) reading tables of two or more owners
  const statements = new Map<string, { file: string; line: number; service: string; tables: Set<string> }>();
  for (const d of facts.dataAccess) {
    if (!d.statement) continue;
    const k = `${d.module}:${d.line}`;
    const st = statements.get(k) ?? { file: d.module, line: d.line, service: placement.of(d.module), tables: new Set() };
    st.tables.add(d.table);
    statements.set(k, st);
  }
  for (const st of statements.values()) {
    const tables = [...st.tables].sort(compareStrings);
    const owners = [...new Set(tables.map(ownerOf).filter((o): o is string => o !== null))].sort(compareStrings);
    if (tables.length < 2 || owners.length < 2) continue;
    const foreign = tables.filter((t) => ownerOf(t) !== st.service);
    out.push({
      id: `cross-owner-join:${st.file}:${st.line}`,
      kind: 'cross-owner-join',
      severity: 'medium',
      summary: `one query joins ${tables.join(', ')} (owned by ${owners.map(name).join(', ')})`,
      services: [...new Set([...owners, ...(placement.isService(st.service) ? [st.service] : [])])].sort(compareStrings),
      tables,
      locations: [{ file: st.file, line: st.line }],
      resolution: `split the query: read ${foreign.join(', ')} from a local read model fed by the owners' events (or their API) and join in the service, or move the query to the owner of the data it is about`,
    });
  }

  // ORM relations across owners
  const entityTable = new Map<string, string>();
  for (const e of sortByKeys([...facts.entities], (x) => x.name, (x) => x.module)) if (!entityTable.has(e.name)) entityTable.set(e.name, e.table);
  const relations = hints
    ? hints.relations
    : facts.imports.flatMap((i) => {
        const fromEntity = facts.entities.find((e) => e.module === i.from);
        return fromEntity ? facts.entities.filter((e) => e.module === i.to && i.names.includes(e.name)).map((e) => ({ module: i.from, line: i.line, from: fromEntity.name, to: e.name, kind: 'import' })) : [];
      });
  const seenRelations = new Set<string>();
  for (const r of relations) {
    const a = entityTable.get(r.from);
    const b = entityTable.get(r.to);
    if (!a || !b) continue;
    const oa = ownerOf(a);
    const ob = ownerOf(b);
    if (!oa || !ob || oa === ob) continue;
    const id = `cross-owner-relation:${r.module}:${r.line}`;
    if (seenRelations.has(id)) continue;
    seenRelations.add(id);
    out.push({
      id,
      kind: 'cross-owner-relation',
      severity: 'medium',
      summary: `${r.from} (${a}, ${name(oa)}) has a relation to ${r.to} (${b}, ${name(ob)})`,
      services: [oa, ob].sort(compareStrings),
      tables: [a, b].sort(compareStrings),
      locations: [{ file: r.module, line: r.line }],
      resolution: `replace the relation with a plain id column (${r.to.charAt(0).toLowerCase() + r.to.slice(1)}Id) and drop the foreign key across databases; load ${r.to} through the API of ${name(ob)} or a local read model`,
    });
  }

  // transactions across owners (needs source hints)
  for (const tx of hints?.transactions ?? []) {
    const inside = facts.dataAccess.filter((d) => d.module === tx.module && d.line >= tx.line && d.line <= tx.endLine);
    const tables = [...new Set(inside.map((d) => d.table))].sort(compareStrings);
    const owners = [...new Set(tables.map(ownerOf).filter((o): o is string => o !== null))].sort(compareStrings);
    if (owners.length < 2) continue;
    out.push({
      id: `cross-owner-transaction:${tx.module}:${tx.line}`,
      kind: 'cross-owner-transaction',
      severity: 'high',
      summary: `one transaction touches ${tables.join(', ')} (owned by ${owners.map(name).join(', ')})`,
      services: owners,
      tables,
      locations: uniqueLocations([{ file: tx.module, line: tx.line }, ...inside.map((d) => ({ file: d.module, line: d.line }))]),
      resolution: 'no transaction spans two databases: turn it into a saga (each owner commits its part and publishes an event; failures run compensating actions), or keep the data with one owner',
    });
  }

  // shared mutable state used across the cut
  for (const s of facts.sharedState) {
    const home = placement.of(s.module);
    const userServices = [...new Set(s.users.map((u) => placement.of(u)).filter((x) => placement.isService(x)))].sort(compareStrings);
    const crossing = placement.isService(home) ? userServices.filter((u) => u !== home) : userServices;
    if (placement.isService(home) ? crossing.length === 0 : crossing.length < 2) continue;
    const info = STATE_RESOLUTION[s.kind];
    const users = s.users.filter((u) => crossing.includes(placement.of(u)));
    const importLines = users.flatMap((u) => {
      const lines = facts.imports.filter((i) => i.from === u && i.to === s.module).map((i) => i.line);
      return lines.length > 0 ? [{ file: u, line: Math.min(...lines) }] : [];
    });
    out.push({
      id: `shared-state:${s.id}`,
      kind: 'shared-state',
      severity: s.kind === 'singleton' && home === SHARED_KERNEL && /log/i.test(s.name) ? 'low' : info.severity,
      summary: `${info.what} ${s.name} (${home === SHARED_KERNEL ? 'shared kernel' : name(home)}) is used by ${crossing.map(name).join(', ')}`,
      services: [...new Set([...(placement.isService(home) ? [home] : []), ...crossing])].sort(compareStrings),
      tables: [],
      locations: uniqueLocations([{ file: s.module, line: s.line }, ...importLines]),
      resolution: info.resolution,
    });
  }
  return sortByKeys(out, (c) => c.kind, (c) => c.id);
}

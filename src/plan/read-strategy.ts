/**
 * How a service reads a table another service owns, once they are apart. In order:
 * 1. replica: the read is part of a query that joins other tables: a remote call per row cannot
 *    replace a join, a local read model fed by the owner's events (CQRS) can;
 * 2. replica: the reader reads three or more tables of others (a reporting-style consumer);
 * 3. view: the reader leaves before the owner: the table stays in the monolith's database for a
 *    while, read it through a read-only view until the owner is extracted, then move to its API;
 * 4. api: otherwise call the owner's API.
 */
import type { Facts } from '../shared/facts.js';
import type { ForeignRead } from '../shared/plan.js';
import { compareStrings } from '../shared/sort.js';
import type { DataPlan } from './data-ownership.js';
import { singular, slug } from './names.js';
import type { Placement } from './placement.js';

const REPLICA_TABLE_COUNT = 3;

/** `orders.order.created`, `.updated`, `.deleted`: what the owner publishes so others can keep a replica. */
export function eventNames(ownerSlug: string, table: string, entity: string | undefined): string[] {
  const noun = slug(singular(entity ?? table), 'record');
  return ['created', 'updated', 'deleted'].map((verb) => `${ownerSlug}.${noun}.${verb}`);
}

export function chooseStrategies(facts: Facts, placement: Placement, data: DataPlan, waveOf: ReadonlyMap<string, number>): ForeignRead[] {
  const statementTables = new Map<string, Set<string>>();
  for (const d of facts.dataAccess) {
    if (d.access !== 'read') continue;
    const k = `${d.module}:${d.line}`;
    statementTables.set(k, (statementTables.get(k) ?? new Set()).add(d.table));
  }
  const foreignCount = new Map<string, number>();
  for (const r of data.foreignReads) foreignCount.set(r.reader, (foreignCount.get(r.reader) ?? 0) + 1);
  const name = (id: string): string => placement.byId.get(id)?.name ?? id;

  return data.foreignReads.map((r) => {
    const table = data.byTable.get(r.table)!;
    const events = eventNames(placement.byId.get(r.owner)!.slug, r.table, table.entity);
    const join = r.sites.map((s) => ({ s, with: [...(statementTables.get(`${s.file}:${s.line}`) ?? [])].filter((t) => t !== r.table).sort(compareStrings) })).find((x) => x.with.length > 0);
    const count = foreignCount.get(r.reader) ?? 0;
    const wr = waveOf.get(r.reader) ?? 0;
    const wo = waveOf.get(r.owner) ?? 0;
    const base = { table: r.table, owner: r.owner, reader: r.reader, sites: r.sites };
    if (join) {
      return { ...base, strategy: 'replica', events, reason: `joined with ${join.with.join(', ')} in one query at ${join.s.file}:${join.s.line}: keep a local read model of ${r.table} fed by the events of ${name(r.owner)} (a call per row cannot replace a join)` };
    }
    if (count >= REPLICA_TABLE_COUNT) {
      return { ...base, strategy: 'replica', events, reason: `${name(r.reader)} reads ${count} tables of other services: a read model fed by their events answers its queries without ${count} remote calls` };
    }
    if (wr < wo) {
      return { ...base, strategy: 'view', events: [], reason: `${name(r.reader)} leaves in wave ${wr}, before ${name(r.owner)} (wave ${wo}): read a read-only view of ${r.table} in the monolith's database until then, then call the API of ${name(r.owner)}` };
    }
    return { ...base, strategy: 'api', events: [], reason: `${r.sites.length === 1 ? '1 read site' : `${r.sites.length} read sites`}, no join: call the API of ${name(r.owner)} (extracted in wave ${wo}${wo < wr ? `, before ${name(r.reader)}` : ', with it'})` };
  });
}

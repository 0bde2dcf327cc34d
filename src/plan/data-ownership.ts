/**
 * Who owns each table, by write-exclusivity: the one service that writes it owns it; when several
 * do, the one with most write sites owns it (and the others are a conflict); a table only read
 * goes to its main reader; a table nobody touches goes to the service declaring its entity.
 * Every other service reading an owned table is a foreign read, whose strategy is chosen later
 * (strategies need the waves).
 */
import type { Facts } from '../shared/facts.js';
import type { AccessSite, CodeLocation } from '../shared/plan.js';
import { compareStrings, sortByKeys } from '../shared/sort.js';
import { pushTo } from './group.js';
import type { Placement } from './placement.js';

export interface TableData {
  table: string;
  entity?: string;
  owner: string | null;
  ownerReason: string;
  writers: string[];
  readers: string[];
  sites: AccessSite[];
}

export interface ForeignReadDraft {
  table: string;
  owner: string;
  reader: string;
  sites: CodeLocation[];
}

export interface DataPlan {
  tables: TableData[];
  byTable: ReadonlyMap<string, TableData>;
  foreignReads: ForeignReadDraft[];
  /** tables of others a service writes */
  foreignWrites: { table: string; owner: string; writer: string; sites: CodeLocation[] }[];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function topBy(counts: Map<string, number>, tiebreak: Map<string, number>): string | undefined {
  return [...counts.entries()].sort(([a, x], [b, y]) => y - x || (tiebreak.get(b) ?? 0) - (tiebreak.get(a) ?? 0) || compareStrings(a, b))[0]?.[0];
}

export function planData(facts: Facts, placement: Placement): DataPlan {
  const name = (id: string): string => placement.byId.get(id)?.name ?? id;
  const sitesByTable = new Map<string, AccessSite[]>();
  for (const d of facts.dataAccess) {
    const site: AccessSite = { file: d.module, line: d.line, service: placement.of(d.module), access: d.access, via: d.via };
    pushTo(sitesByTable, d.table, site);
  }
  const entityOf = new Map<string, { name: string; module: string }>();
  for (const e of sortByKeys([...facts.entities], (x) => x.table, (x) => x.name)) if (!entityOf.has(e.table)) entityOf.set(e.table, { name: e.name, module: e.module });
  const names = [...new Set([...sitesByTable.keys(), ...entityOf.keys()])].sort(compareStrings);

  const tables: TableData[] = names.map((table) => {
    const sites = sortByKeys(sitesByTable.get(table) ?? [], (s) => s.file, (s) => s.line, (s) => s.access);
    const writes = new Map<string, number>();
    const reads = new Map<string, number>();
    for (const s of sites) {
      const m = s.access === 'write' ? writes : reads;
      m.set(s.service, (m.get(s.service) ?? 0) + 1);
    }
    const serviceWrites = new Map([...writes].filter(([k]) => placement.isService(k)));
    const serviceReads = new Map([...reads].filter(([k]) => placement.isService(k)));
    const entity = entityOf.get(table);
    let owner: string | null = null;
    let ownerReason: string;
    const totalWrites = [...writes.values()].reduce((a, b) => a + b, 0);
    if (serviceWrites.size === 1 && writes.size === 1) {
      owner = [...serviceWrites.keys()][0]!;
      ownerReason = `only writer (${plural(totalWrites, 'write site')})`;
    } else if (serviceWrites.size > 0) {
      owner = topBy(serviceWrites, serviceReads)!;
      const others = [...writes.keys()].filter((k) => k !== owner).map(name).sort(compareStrings);
      ownerReason = `writes it most (${serviceWrites.get(owner)} of ${plural(totalWrites, 'write site')}); also written by ${others.join(', ')}`;
    } else if (serviceReads.size > 0) {
      owner = topBy(serviceReads, new Map())!;
      ownerReason = writes.size > 0
        ? `written only outside the services (by ${[...writes.keys()].sort(compareStrings).join(', ')}); read most by this service (${plural(serviceReads.get(owner)!, 'read site')})`
        : `no write visible; read most by this service (${plural(serviceReads.get(owner)!, 'read site')})`;
    } else if (entity && placement.isService(placement.of(entity.module))) {
      owner = placement.of(entity.module);
      ownerReason = `no access visible; declares the entity ${entity.name} (${entity.module})`;
    } else {
      ownerReason = sites.length > 0 ? 'only the shared kernel or unplaced modules touch it' : 'no access and no service declares it';
    }
    const t: TableData = {
      table,
      owner,
      ownerReason,
      writers: [...writes.keys()].sort(compareStrings),
      readers: [...reads.keys()].sort(compareStrings),
      sites,
    };
    if (entity) t.entity = entity.name;
    return t;
  });

  const foreignReads: ForeignReadDraft[] = [];
  const foreignWrites: DataPlan['foreignWrites'] = [];
  for (const t of tables) {
    if (!t.owner) continue;
    for (const reader of t.readers) {
      if (reader === t.owner || !placement.isService(reader)) continue;
      foreignReads.push({ table: t.table, owner: t.owner, reader, sites: t.sites.filter((s) => s.service === reader && s.access === 'read').map(({ file, line }) => ({ file, line })) });
    }
    for (const writer of t.writers) {
      if (writer === t.owner || !placement.isService(writer)) continue;
      foreignWrites.push({ table: t.table, owner: t.owner, writer, sites: t.sites.filter((s) => s.service === writer && s.access === 'write').map(({ file, line }) => ({ file, line })) });
    }
  }
  return {
    tables,
    byTable: new Map(tables.map((t) => [t.table, t])),
    foreignReads: sortByKeys(foreignReads, (r) => r.reader, (r) => r.table),
    foreignWrites: sortByKeys(foreignWrites, (w) => w.writer, (w) => w.table),
  };
}

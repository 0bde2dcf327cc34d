/**
 * Table write-exclusivity: who would own each table after the split.
 *
 * For each table, its writers are the services (the kernel counts as one, `shared`) with a
 * module that writes it; for a table nobody writes, its readers; for a table nobody touches, the
 * service declaring its entity. The table is exclusive with one such service, shared with two
 * or three, common with more than three (a common table is a database-per-service blocker).
 *
 *   writeExclusivity = exclusive tables / all tables
 *
 * A service owns the tables it alone writes.
 */
import type { Decomposition } from '../../shared/decomposition.js';
import type { Facts } from '../../shared/facts.js';
import type { TableMetrics, TableOwnership } from '../../shared/metrics.js';
import { compareStrings } from '../../shared/sort.js';

export const KERNEL_LABEL = 'shared';

export function tableWriteExclusivity(decomposition: Decomposition, facts: Facts): TableMetrics {
  const owner = new Map<string, string>();
  for (const s of decomposition.services) for (const m of s.modules) owner.set(m, s.id);
  for (const k of decomposition.shared) owner.set(k.module, KERNEL_LABEL);
  const writers = new Map<string, Set<string>>();
  const readers = new Map<string, Set<string>>();
  const declarers = new Map<string, Set<string>>();
  const note = (map: Map<string, Set<string>>, table: string, module: string) => {
    const s = owner.get(module);
    if (s === undefined) return;
    let set = map.get(table);
    if (!set) map.set(table, (set = new Set()));
    set.add(s);
  };
  for (const a of facts.dataAccess) note(a.access === 'write' ? writers : readers, a.table, a.module);
  for (const e of facts.entities) note(declarers, e.table, e.module);
  const names = [...new Set([...writers.keys(), ...readers.keys(), ...declarers.keys()])].sort(compareStrings);
  const tables: TableOwnership[] = names.map((table) => {
    const w = [...(writers.get(table) ?? [])].sort(compareStrings);
    const r = [...(readers.get(table) ?? [])].filter((s) => !w.includes(s)).sort(compareStrings);
    const parties = w.length > 0 ? w.length : r.length > 0 ? r.length : (declarers.get(table)?.size ?? 0);
    const cls = parties <= 1 ? 'exclusive' : parties <= 3 ? 'shared' : 'common';
    return { table, class: cls, writers: w, readers: r };
  });
  const count = (c: string) => tables.filter((t) => t.class === c).length;
  const exclusive = count('exclusive');
  return {
    exclusive,
    shared: count('shared'),
    common: count('common'),
    writeExclusivity: tables.length > 0 ? exclusive / tables.length : null,
    tables,
  };
}

/**
 * service.details: everything the side panel shows about one service. Modules, routes and the
 * symbols other services use come from the facts and the decomposition; table ownership, the
 * strategy for each foreign table and the conflicts come from the migration plan, so the panel
 * says what `seam export` would.
 */
import type { ServiceDetails, TableUse } from '../shared/contract.js';
import type { Facts } from '../shared/facts.js';
import type { Metrics } from '../shared/metrics.js';
import type { MigrationPlan } from '../shared/plan.js';
import { compareStrings, sortByKeys } from '../shared/sort.js';
import type { ViewGroup, ViewGroups } from './view-groups.js';

/** What a service does instead of writing a table another service owns (the plan's shared-write resolution). */
const FOREIGN_WRITE_STRATEGY = 'command';

/** Tables the modules read or write; an entity declared in them counts only for a table the service owns. */
function tableUses(facts: Facts, modules: ReadonlySet<string>, owns: (table: string) => boolean): Map<string, { write: boolean; modules: Set<string> }> {
  const out = new Map<string, { write: boolean; modules: Set<string> }>();
  const touch = (table: string, module: string, write: boolean): void => {
    if (!modules.has(module)) return;
    let use = out.get(table);
    if (!use) out.set(table, (use = { write: false, modules: new Set() }));
    use.write ||= write;
    use.modules.add(module);
  };
  for (const a of facts.dataAccess) touch(a.table, a.module, a.access === 'write');
  for (const e of facts.entities) if (owns(e.table)) touch(e.table, e.module, false);
  return out;
}

export function serviceDetails(facts: Facts, groups: ViewGroups, group: ViewGroup, plan: MigrationPlan, metrics: Metrics): ServiceDetails {
  const mine = new Set(group.modules);
  const service = group.service;
  const pinned = new Set(service?.pinned ?? []);
  const flagged = new Set(service?.flagged ?? []);

  const api = new Map<string, { module: string; symbol: string; usedBy: Set<string> }>();
  for (const s of facts.symbols) {
    if (!mine.has(s.to) || mine.has(s.from)) continue;
    const user = groups.groupOf.get(s.from);
    if (user === undefined) continue;
    const key = `${s.to}\0${s.symbol}`;
    let entry = api.get(key);
    if (!entry) api.set(key, (entry = { module: s.to, symbol: s.symbol, usedBy: new Set() }));
    entry.usedBy.add(user);
  }

  const owner = new Map(plan.tables.map((t) => [t.table, t.owner]));
  const reads = new Map((plan.services.find((s) => s.id === group.id)?.reads ?? []).map((r) => [r.table, r.strategy]));
  const ownedTables: TableUse[] = [];
  const foreignTables: TableUse[] = [];
  const uses = tableUses(facts, mine, (table) => owner.get(table) === group.id);
  for (const table of [...uses.keys()].sort(compareStrings)) {
    const use = uses.get(table)!;
    const entry: TableUse = { table, access: use.write ? 'write' : 'read', modules: [...use.modules].sort(compareStrings) };
    const tableOwner = owner.get(table) ?? null;
    if (tableOwner === group.id) {
      ownedTables.push(entry);
      continue;
    }
    if (tableOwner !== null) entry.owner = tableOwner;
    const strategy = use.write ? FOREIGN_WRITE_STRATEGY : reads.get(table);
    if (strategy !== undefined) entry.strategy = strategy;
    foreignTables.push(entry);
  }

  // state the service holds or uses that also lives on the other side of a cut (its holder and users in more than one group)
  const sharedState = facts.sharedState
    .filter((s) => mine.has(s.module) || s.users.some((u) => mine.has(u)))
    .map((s) => ({ id: s.id, kind: s.kind, users: [...new Set([s.module, ...s.users].map((m) => groups.groupOf.get(m)).filter((g): g is string => g !== undefined))].sort(compareStrings) }))
    .filter((s) => s.users.length > 1);

  const conflicts = plan.conflicts
    .filter((c) => c.services.includes(group.id))
    .map((c) => {
      const at = c.locations[0];
      return { kind: c.kind, message: `${c.summary}: ${c.resolution}`, ...(at ? { file: at.file, line: at.line } : {}) };
    });

  const own = metrics.perService.find((m) => m.serviceId === group.id);
  return {
    id: group.id,
    name: group.name,
    modules: group.modules.map((path) => ({ path, lines: groups.lines.get(path) ?? 0, pinned: pinned.has(path), flagged: flagged.has(path) })),
    routes: facts.routes.filter((r) => mine.has(r.module)),
    api: sortByKeys(
      [...api.values()].map((a) => ({ module: a.module, symbol: a.symbol, usedBy: [...a.usedBy].sort(compareStrings) })),
      (a) => a.module,
      (a) => a.symbol,
    ),
    ownedTables,
    foreignTables,
    sharedState,
    conflicts,
    metrics: own ? { ...own } : {},
  };
}

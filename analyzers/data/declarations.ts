/**
 * Cross-file lookups shared by the data analyzers: follow a name a module uses (through its
 * imports, barrels and local aliases) to the declaration an analyzer recorded in `collect`.
 */
import type { DataAccessFact, EntityFact } from '../../src/shared/facts.js';
import { sortByKeys } from '../../src/shared/sort.js';
import type { LinkContext, SymbolTarget } from '../types.js';
import { isMigrationPath, isSeedPath } from './data-files.js';
import type { RequiredName } from './file-index.js';
import { PLACEHOLDER } from './string-value.js';

/** A recorded declaration that is only another name for a local one: `export const db = instance`. */
export interface AliasOf {
  readonly aliasOf: string;
}

function isAlias(x: unknown): x is AliasOf {
  return typeof x === 'object' && x !== null && typeof (x as AliasOf).aliasOf === 'string';
}

const MAX_HOPS = 12;

/** `record[key]` for records keyed by names from the analyzed code (`constructor` must not find Object.prototype's). */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** How to look further when the import graph alone does not find a declaration. */
export interface ResolveOptions {
  /**
   * Declarations by declared name: used when an import cannot be resolved (an unresolved path
   * alias, a package) and exactly one module declares that name.
   */
  readonly byName?: ReadonlyMap<string, readonly SymbolTarget[]>;
  /** per module, the names it takes with a destructuring `require` (`const { Order } = require('./models')`) */
  readonly requiredNames?: (module: string) => Readonly<Record<string, RequiredName>> | undefined;
}

/**
 * The declaration `name` refers to in `module`, or undefined. `name` may be qualified once
 * (`models.Order` through `import * as models`). `lookup` returns what the analyzer recorded for a
 * (module, declared name), possibly an alias to follow.
 */
export function resolveDeclaration<D>(
  ctx: LinkContext,
  module: string,
  name: string,
  lookup: (module: string, name: string) => D | AliasOf | undefined,
  options: ResolveOptions = {},
): { module: string; name: string; decl: D } | undefined {
  let target = resolveName(ctx, module, name);
  if (!target) {
    const simple = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
    const candidates = options.byName?.get(simple);
    if (candidates?.length !== 1) return undefined;
    target = candidates[0]!;
  }
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const decl = lookup(target.module, target.name);
    if (decl === undefined) {
      // not declared here: the name may be imported into this module (a barrel, CommonJS re-exports)
      const required: RequiredName | undefined = own(options.requiredNames?.(target.module), target.name);
      const from: string | undefined = required && ctx.resolve(target.module, required.source);
      let next: SymbolTarget | undefined;
      if (required && from) next = required.imported === '*' ? { module: from, name: '*' } : (ctx.resolveExport(from, required.imported) ?? { module: from, name: required.imported });
      else if (target.name !== '*') next = ctx.resolveBinding(target.module, target.name);
      if (!next || (next.module === target.module && next.name === target.name)) return undefined;
      target = next;
      continue;
    }
    if (!isAlias(decl)) return { module: target.module, name: target.name, decl };
    const next = resolveName(ctx, target.module, decl.aliasOf);
    if (!next || (next.module === target.module && next.name === target.name)) return undefined;
    target = next;
  }
  return undefined;
}

/** resolveBinding, plus one level of namespace member (`ns.Name`). */
export function resolveName(ctx: LinkContext, module: string, name: string): SymbolTarget | undefined {
  const dot = name.indexOf('.');
  if (dot < 0) return ctx.resolveBinding(module, name);
  const head = ctx.resolveBinding(module, name.slice(0, dot));
  const member = name.slice(dot + 1);
  if (!head || member.includes('.')) return undefined;
  if (head.name !== '*') return undefined;
  return ctx.resolveExport(head.module, member) ?? { module: head.module, name: member };
}

/** Index of declarations by their declared name, for the unresolved-import fallback. */
export function indexByName(entries: Iterable<SymbolTarget>): Map<string, SymbolTarget[]> {
  const out = new Map<string, SymbolTarget[]>();
  for (const e of entries) {
    const list = out.get(e.name) ?? [];
    list.push(e);
    out.set(e.name, list);
  }
  return out;
}

/**
 * A table whose name is not known statically (a computed string: `${prefix}_orders` reads as
 * `?_orders`) is never a table: it becomes a diagnostic naming the file and line.
 */
export function hasUnknownName(table: string): boolean {
  return table.length === 0 || table.includes(PLACEHOLDER);
}

function reportUnknown(report: LinkContext['report'] | undefined, file: string, line: number, what: string, table: string): void {
  report?.({
    severity: 'info',
    code: 'table-name-unknown',
    file,
    line,
    message: `${what} names a table Seam cannot read statically (${JSON.stringify(table.replaceAll(PLACEHOLDER, '…'))}); it is left out of the tables and data access. Write the name as a literal or a constant to count it`,
  });
}

/**
 * One fact per (module, table, access, via, line), sorted by those keys. Unknown names are
 * reported through `report`; migrations and seeds are not data access (data-files.ts).
 */
export function finishAccesses(list: readonly DataAccessFact[], report?: LinkContext['report']): DataAccessFact[] {
  const seen = new Map<string, DataAccessFact>();
  for (const f of list) {
    if (isMigrationPath(f.module)) continue;
    if (isSeedPath(f.module)) {
      report?.({ severity: 'info', code: 'seed-access-excluded', file: f.module, message: 'a seed file: its reads and writes are development data, not the application\'s, and are left out of the data access' });
      continue;
    }
    if (hasUnknownName(f.table)) {
      reportUnknown(report, f.module, f.line, 'this access', f.table);
      continue;
    }
    const key = `${f.module}\0${f.table}\0${f.access}\0${f.via}\0${f.line}`;
    const prev = seen.get(key);
    // keep the entity name when one of the duplicates knows it (deterministically: the smallest)
    if (!prev || (f.entity !== undefined && (prev.entity === undefined || f.entity < prev.entity))) seen.set(key, f);
  }
  return sortByKeys([...seen.values()], (f) => f.module, (f) => f.table, (f) => f.access, (f) => f.via, (f) => f.line);
}

export function finishEntities(list: readonly EntityFact[], report?: LinkContext['report']): EntityFact[] {
  const seen = new Map<string, EntityFact>();
  for (const e of list) {
    if (hasUnknownName(e.table)) {
      reportUnknown(report, e.module, e.line, `${e.name}`, e.table);
      continue;
    }
    seen.set(`${e.module}\0${e.name}\0${e.table}\0${e.via}`, e);
  }
  return sortByKeys([...seen.values()], (e) => e.module, (e) => e.name, (e) => e.table, (e) => e.line);
}

export function accessFact(module: string, table: string, access: 'read' | 'write', via: DataAccessFact['via'], line: number, entity?: string): DataAccessFact {
  return entity === undefined ? { module, table, access, via, line } : { module, table, access, via, line, entity };
}

/** An access that is one table of a single statement (raw SQL, a query builder chain) at `line`. */
export function statementAccess(module: string, table: string, access: 'read' | 'write', via: DataAccessFact['via'], line: number): DataAccessFact {
  return { module, table, access, via, line, statement: true };
}

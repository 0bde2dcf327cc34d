/**
 * Drizzle ORM: tables declared in TypeScript, and the queries that read or write them.
 *
 * Tables (https://orm.drizzle.team/docs/sql-schema-declaration): a module-level variable bound to
 * `pgTable('users', ...)` (or `mysqlTable`, `sqliteTable`, `singlestoreTable`, `gelTable`, their
 * `.withRLS` forms), to `<schema>.table('users', ...)` with `<schema> = pgSchema('auth')`
 * (named `auth.users`: Drizzle qualifies every query on it with the schema, so that is the
 * table the database knows; https://orm.drizzle.team/docs/schemas), or to a table creator's
 * function (`pgTableCreator((name) => \`app_${name}\`)`, https://orm.drizzle.team/docs/goodies).
 * The entity is the variable; schemas and creators may be imported from other modules.
 *
 * Queries: Drizzle's query builder always names a table by passing the table object, so a call
 * counts when its table argument resolves (through imports, barrels, `import * as schema`,
 * `alias(users, 'u')`) to a declared table, whatever the receiver is (`db`, `tx` inside
 * `db.transaction`, `this.db`, a `db` imported from another module):
 * - writes: `insert(t)`, `update(t)`, `delete(t)`;
 * - reads: `from(t)`, the joins (`innerJoin(t, on)`, `leftJoin`, `rightJoin`, `fullJoin`,
 *   `crossJoin`), `$count(t)`;
 * - the relational API `db.query.<key>.findMany/findFirst(...)`, where `<key>` is the table's
 *   export name in the schema given to `drizzle()`, reads that table and, through the
 *   `relations(...)` declared for it, every table its `with: { ... }` includes
 *   (https://orm.drizzle.team/docs/rqb).
 * Each call builds one SQL statement, so every access is marked as a table of the statement
 * written at its line (a join reads all of its tables in one query).
 */
import ts from '../../src/shared/typescript.cjs';
import type { DataAccessFact, EntityFact } from '../../src/shared/facts.js';
import type { Analyzer, LinkContext } from '../types.js';
import { finishAccesses, finishEntities, indexByName, own, resolveDeclaration, statementAccess, type AliasOf } from './declarations.js';
import { fileIndex, type FileIndex } from './file-index.js';
import { PLACEHOLDER, stringValue } from './string-value.js';
import { textFilter } from './text-filter.js';
import { asMemberCall, findDeclaration, isModuleLevel, lineOf, objectProperty, skipOuter } from './syntax.js';

const TABLE_FUNCTIONS = /^(?:pg|mysql|sqlite|singlestore|gel)Table$/;
const SCHEMA_FUNCTIONS = /^(?:pg|mysql|singlestore|gel)Schema$/;
const CREATOR_FUNCTIONS = /^(?:pg|mysql|sqlite|singlestore|gel)TableCreator$/;
const WRITES = new Set(['insert', 'update', 'delete']);
const READS = new Set(['from', 'innerJoin', 'leftJoin', 'rightJoin', 'fullJoin', 'crossJoin', '$count']);
const RELATIONAL = new Set(['findMany', 'findFirst']);
/** Where a table creator puts the table's base name. */
const NAME = '\u0000';

const accepts = textFilter(['drizzle'], [...WRITES, ...READS, ...RELATIONAL]);

/** A table's SQL name: read in its module, or made by a schema or creator (`namer`) resolved at link. */
export type DrizzleTable = { readonly table: string; readonly line: number } | { readonly base: string; readonly namer: string; readonly line: number };

/** How a schema or a creator names its tables: `auth.${NAME}`, `app_${NAME}`. */
export interface DrizzleNamer {
  readonly template: string;
}

/** A table argument, as the module writes it (`users`, `schema.users`), with what the call does. */
export interface DrizzleUse {
  readonly ref: string;
  readonly access: 'read' | 'write';
  readonly line: number;
}

/** One relation included by `with: { posts: { with: { comments: true } } }`. */
export interface DrizzleWith {
  readonly relation: string;
  readonly with: readonly DrizzleWith[];
}

export interface DrizzleRelationalQuery {
  /** `users` in `db.query.users.findMany()` */
  readonly key: string;
  readonly with: readonly DrizzleWith[];
  readonly line: number;
}

/** `relations(users, ({ many }) => ({ posts: many(posts) }))` */
export interface DrizzleRelations {
  readonly source: string;
  readonly targets: readonly { readonly relation: string; readonly ref: string }[];
}

export interface DrizzleLocal {
  /** module-level names bound to a table, or aliases of one (`export const people = users`, `alias(users, 'u')`) */
  tables: Record<string, DrizzleTable | AliasOf>;
  namers: Record<string, DrizzleNamer | AliasOf>;
  uses: DrizzleUse[];
  queries: DrizzleRelationalQuery[];
  relations: DrizzleRelations[];
  /** tables whose name cannot be read statically */
  unknown: { readonly name: string; readonly line: number }[];
}

export const drizzleAnalyzer: Analyzer<DrizzleLocal> = {
  name: 'drizzle',
  enablers: ['drizzle-orm'],
  concern: 'data',
  accepts,
  collect: (file) => collectDrizzle(file.sourceFile),
  link: linkDrizzle,
};

// ---------------------------------------------------------------------------------------------
// collect

export function collectDrizzle(sf: ts.SourceFile): DrizzleLocal | undefined {
  const index = fileIndex(sf);
  const file = new DrizzleFile(index);
  const local: DrizzleLocal = { tables: {}, namers: {}, uses: [], queries: [], relations: [], unknown: [] };

  for (const decl of index.variables) {
    if (!ts.isIdentifier(decl.name) || !decl.initializer || !isModuleLevel(decl)) continue;
    const name = decl.name.text;
    const init = skipOuter(decl.initializer);
    const table = file.table(init, lineOf(decl));
    if (table === 'unknown') local.unknown.push({ name, line: lineOf(decl) });
    else if (table) local.tables[name] = table;
    const namer = file.namer(init);
    if (namer) local.namers[name] = namer;
    // `export const people = users`, `const parent = alias(users, 'parent')`
    const aliased = ts.isIdentifier(init) ? init.text : file.aliasedTable(init);
    if (aliased !== undefined && aliased !== name) {
      local.tables[name] = { aliasOf: aliased };
      local.namers[name] = { aliasOf: aliased };
    }
  }

  for (const call of index.calls) {
    if (ts.isIdentifier(call.expression)) {
      const relations = file.isDrizzle(call.expression.text, 'relations') ? file.relations(call) : undefined;
      if (relations) local.relations.push(relations);
      continue;
    }
    const member = asMemberCall(call);
    if (!member) continue;
    const { method } = member;
    const arg = call.arguments[0];
    if ((WRITES.has(method) || READS.has(method)) && arg) {
      const ref = file.tableRef(arg);
      if (ref !== undefined) local.uses.push({ ref, access: WRITES.has(method) ? 'write' : 'read', line: lineOf(call) });
    } else if (RELATIONAL.has(method)) {
      const query = relationalQuery(member.receiver, arg, call);
      if (query) local.queries.push(query);
    }
  }

  const empty = !Object.keys(local.tables).length && !Object.keys(local.namers).length && !local.uses.length && !local.queries.length && !local.relations.length && !local.unknown.length;
  return empty ? undefined : local;
}

class DrizzleFile {
  /** a schema file imports its column builders from Drizzle: only then may an imported function be a table creator */
  private readonly importsDrizzle: boolean;

  constructor(private readonly index: FileIndex) {
    this.importsDrizzle = [...index.imports.values()].some((i) => isDrizzleModule(i.source));
  }

  /** Is `local` imported from Drizzle under a name matching `exported`? */
  isDrizzle(local: string, exported: string | RegExp): boolean {
    const imported = this.index.imports.get(local);
    if (!imported || !isDrizzleModule(imported.source)) return false;
    return typeof exported === 'string' ? imported.imported === exported : exported.test(imported.imported);
  }

  /** The table a module-level initializer declares, `'unknown'` when its name cannot be read. */
  table(init: ts.Expression, line: number): DrizzleTable | 'unknown' | undefined {
    let e = init;
    // `pgTable(...).enableRLS()`
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'enableRLS') e = skipOuter(e.expression.expression);
    if (!this.importsDrizzle || !ts.isCallExpression(e) || e.arguments.length < 2) return undefined;
    const [nameArg, columns] = e.arguments;
    const columnsExpr = skipOuter(columns!);
    if (!ts.isObjectLiteralExpression(columnsExpr) && !ts.isArrowFunction(columnsExpr) && !ts.isFunctionExpression(columnsExpr) && !ts.isIdentifier(columnsExpr)) return undefined;
    const callee = skipOuter(e.expression);
    let namer: string | undefined;
    let schema: string | undefined;
    // a name that cannot be read is reported when the call is surely a table; an imported function
    // (a creator or schema of another module, or anything else) only counts when it can be read
    let surely = true;
    if (ts.isIdentifier(callee)) {
      if (!this.isDrizzle(callee.text, TABLE_FUNCTIONS)) {
        const decl = findDeclaration(callee.text, callee);
        if (decl?.kind === 'import') {
          const source = this.index.imports.get(callee.text)?.source;
          if (source !== undefined && isDrizzleModule(source)) return undefined;
          surely = false;
        } else if (!(decl?.kind === 'variable' && decl.moduleLevel && decl.node.initializer && this.namer(skipOuter(decl.node.initializer)))) {
          return undefined;
        }
        namer = callee.text;
      }
    } else if (ts.isPropertyAccessExpression(callee)) {
      const holder = skipOuter(callee.expression);
      if (callee.name.text === 'withRLS' && ts.isIdentifier(holder) && this.isDrizzle(holder.text, TABLE_FUNCTIONS)) {
        // pgTable.withRLS('users', ...)
      } else if (callee.name.text === 'table') {
        const inline = this.schemaName(holder);
        if (inline !== undefined) {
          schema = inline;
        } else if (ts.isIdentifier(holder) && isModuleName(holder)) {
          namer = holder.text;
          const decl = findDeclaration(holder.text, holder);
          surely = decl?.kind === 'variable' && !!decl.node.initializer && this.namer(skipOuter(decl.node.initializer)) !== undefined;
        } else {
          return undefined;
        }
      } else {
        return undefined;
      }
    } else {
      return undefined;
    }
    const name = knownString(nameArg!);
    if (name === undefined) return surely ? 'unknown' : undefined;
    if (namer !== undefined) return { base: name, namer, line };
    return { table: schema === undefined ? name : `${schema}.${name}`, line };
  }

  /** `pgSchema('auth')` -> auth */
  private schemaName(expr: ts.Expression): string | undefined {
    const e = skipOuter(expr);
    if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || !this.isDrizzle(e.expression.text, SCHEMA_FUNCTIONS)) return undefined;
    return e.arguments[0] && knownString(e.arguments[0]);
  }

  /** A schema or a table creator a module-level initializer makes. */
  namer(init: ts.Expression): DrizzleNamer | undefined {
    const schema = this.schemaName(init);
    if (schema !== undefined) return { template: `${schema}.${NAME}` };
    if (!ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || !this.isDrizzle(init.expression.text, CREATOR_FUNCTIONS)) return undefined;
    const fn = init.arguments[0] && skipOuter(init.arguments[0]);
    if (!fn || (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn))) return undefined;
    const param = fn.parameters[0];
    if (!param || !ts.isIdentifier(param.name)) return undefined;
    let body: ts.Expression | undefined;
    if (ts.isBlock(fn.body)) {
      const only = fn.body.statements.length === 1 ? fn.body.statements[0] : undefined;
      body = only && ts.isReturnStatement(only) ? only.expression : undefined;
    } else {
      body = fn.body;
    }
    const template = body && creatorTemplate(body, param.name.text);
    return template === undefined ? undefined : { template };
  }

  /** `alias(users, 'u')` -> users */
  aliasedTable(init: ts.Expression): string | undefined {
    if (!ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || !this.isDrizzle(init.expression.text, 'alias')) return undefined;
    const arg = init.arguments[0];
    return arg && this.tableRef(arg);
  }

  /** A table argument as written: a module-level or imported name, `ns.users`, or a local `alias(users, 'u')`. */
  tableRef(arg: ts.Expression): string | undefined {
    const e = skipOuter(arg);
    if (ts.isIdentifier(e)) {
      const decl = findDeclaration(e.text, e);
      if (!decl) return undefined;
      if (decl.kind === 'import' || (decl.kind === 'variable' && decl.moduleLevel && !decl.destructured)) return e.text;
      if (decl.kind === 'variable' && !decl.destructured && decl.node.initializer) return this.aliasedTable(skipOuter(decl.node.initializer));
      return undefined;
    }
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) {
      const decl = findDeclaration(e.expression.text, e.expression);
      return decl?.kind === 'import' ? `${e.expression.text}.${e.name.text}` : undefined;
    }
    return undefined;
  }

  /** `relations(users, ({ one, many }) => ({ posts: many(posts), profile: one(profiles, {...}) }))` */
  relations(call: ts.CallExpression): DrizzleRelations | undefined {
    const [sourceArg, fnArg] = call.arguments;
    const source = sourceArg && this.tableRef(sourceArg);
    const fn = fnArg && skipOuter(fnArg);
    if (source === undefined || !fn || (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn))) return undefined;
    let body: ts.Expression | undefined;
    if (ts.isBlock(fn.body)) body = fn.body.statements.find(ts.isReturnStatement)?.expression;
    else body = fn.body;
    const object = body && skipOuter(body);
    if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
    const targets: { relation: string; ref: string }[] = [];
    for (const p of object.properties) {
      if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
      const value = skipOuter(p.initializer);
      if (!ts.isCallExpression(value) || !value.arguments[0]) continue;
      const helper = ts.isIdentifier(value.expression) ? value.expression.text : ts.isPropertyAccessExpression(value.expression) ? value.expression.name.text : undefined;
      if (helper !== 'one' && helper !== 'many') continue;
      const ref = this.tableRef(value.arguments[0]);
      if (ref !== undefined) targets.push({ relation: p.name.text, ref });
    }
    return { source, targets };
  }
}

function isDrizzleModule(source: string): boolean {
  return source === 'drizzle-orm' || source.startsWith('drizzle-orm/');
}

/** A name declared at module level or imported (not a parameter or a local). */
function isModuleName(id: ts.Identifier): boolean {
  const decl = findDeclaration(id.text, id);
  return decl?.kind === 'import' || (decl?.kind === 'variable' && decl.moduleLevel);
}

/** A string known completely (no unknown part). */
function knownString(expr: ts.Expression): string | undefined {
  const value = stringValue(expr);
  return value === undefined || value.includes(PLACEHOLDER) ? undefined : value;
}

/** The name a creator's body makes of its parameter, with NAME where the parameter goes. */
function creatorTemplate(expr: ts.Expression, param: string): string | undefined {
  const e = skipOuter(expr);
  if (ts.isIdentifier(e) && e.text === param) return NAME;
  if (ts.isTemplateExpression(e)) {
    let out = e.head.text;
    for (const span of e.templateSpans) {
      const part = creatorTemplate(span.expression, param);
      if (part === undefined) return undefined;
      out += part + span.literal.text;
    }
    return out;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = creatorTemplate(e.left, param);
    const right = left === undefined ? undefined : creatorTemplate(e.right, param);
    return right === undefined ? undefined : left! + right;
  }
  return knownString(e);
}

/** `<x>.query.users.findMany({ with: { posts: true } })` */
function relationalQuery(receiver: ts.Expression, arg: ts.Expression | undefined, call: ts.CallExpression): DrizzleRelationalQuery | undefined {
  const r = skipOuter(receiver);
  if (!ts.isPropertyAccessExpression(r)) return undefined;
  const holder = skipOuter(r.expression);
  if (!ts.isPropertyAccessExpression(holder) || holder.name.text !== 'query') return undefined;
  return { key: r.name.text, with: withTree(arg), line: lineOf(call) };
}

function withTree(config: ts.Expression | undefined, depth = 0): DrizzleWith[] {
  const included = objectProperty(config, 'with');
  const object = included && skipOuter(included);
  if (!object || !ts.isObjectLiteralExpression(object) || depth > 8) return [];
  const out: DrizzleWith[] = [];
  for (const p of object.properties) {
    if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
    const value = skipOuter(p.initializer);
    if (value.kind === ts.SyntaxKind.FalseKeyword) continue;
    out.push({ relation: p.name.text, with: ts.isObjectLiteralExpression(value) ? withTree(value, depth + 1) : [] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// link

interface ResolvedTable {
  readonly module: string;
  readonly name: string;
  readonly table: string;
}

function linkDrizzle(ctx: LinkContext, locals: ReadonlyMap<string, DrizzleLocal>): { entities: EntityFact[]; dataAccess: DataAccessFact[] } {
  const tableLookup = (module: string, name: string): DrizzleTable | AliasOf | undefined => own(locals.get(module)?.tables, name);
  const namerLookup = (module: string, name: string): DrizzleNamer | AliasOf | undefined => own(locals.get(module)?.namers, name);
  const declared: { module: string; name: string }[] = [];
  for (const [module, local] of locals) for (const [name, t] of Object.entries(local.tables)) if (!('aliasOf' in t)) declared.push({ module, name });
  const byName = indexByName(declared);

  const named = new Map<string, string | undefined>();
  /** The SQL name of a declared table, following its schema or creator to the module that makes it. */
  const sqlName = (module: string, name: string, decl: DrizzleTable): string | undefined => {
    if ('table' in decl) return decl.table;
    const key = `${module}\0${name}`;
    if (!named.has(key)) {
      const namer = resolveDeclaration(ctx, module, decl.namer, namerLookup);
      named.set(key, namer ? namer.decl.template.split(NAME).join(decl.base) : undefined);
    }
    return named.get(key);
  };
  const resolveTable = (module: string, ref: string): ResolvedTable | undefined => {
    const target = resolveDeclaration(ctx, module, ref, tableLookup, { byName });
    const table = target && sqlName(target.module, target.name, target.decl);
    return target && table !== undefined ? { module: target.module, name: target.name, table } : undefined;
  };

  const entities: EntityFact[] = [];
  for (const [module, local] of locals) {
    for (const [name, t] of Object.entries(local.tables)) {
      if ('aliasOf' in t) continue;
      const table = sqlName(module, name, t);
      if (table !== undefined) entities.push({ name, table, via: 'drizzle', module, line: t.line });
      else if ('namer' in t) {
        // an imported function called like a table creator, which no module makes with Drizzle
        ctx.report({ severity: 'info', code: 'drizzle-table-unknown', file: module, line: t.line, message: `\`${name}\` is made like a table by \`${t.namer}\`, which is no Drizzle schema or table creator found in the repository; if it is a table, its accesses are not reported` });
      }
    }
    for (const u of local.unknown) {
      ctx.report({ severity: 'warning', code: 'drizzle-table-unknown', file: module, line: u.line, message: `could not read the name of table \`${u.name}\` statically; its accesses are not reported` });
    }
  }

  // relations by the table they start from: relation name -> target table
  const relations = new Map<string, Map<string, ResolvedTable>>();
  const tableKey = (t: { module: string; name: string }): string => `${t.module}\0${t.name}`;
  for (const [module, local] of locals) {
    for (const r of local.relations) {
      const source = resolveTable(module, r.source);
      if (!source) continue;
      const byRelation = relations.get(tableKey(source)) ?? new Map<string, ResolvedTable>();
      for (const t of r.targets) {
        const target = resolveTable(module, t.ref);
        if (target) byRelation.set(t.relation, target);
      }
      relations.set(tableKey(source), byRelation);
    }
  }

  // `db.query.<key>`: the table exported as <key> by a module that declares tables
  const schemaModules = [...locals.keys()].filter((m) => Object.keys(locals.get(m)!.tables).length > 0).sort();
  const byExport = new Map<string, ResolvedTable | undefined>();
  const exportedTable = (key: string): ResolvedTable | undefined => {
    if (!byExport.has(key)) {
      const found = new Map<string, ResolvedTable>();
      for (const m of schemaModules) {
        const target = ctx.resolveExport(m, key);
        const table = target && resolveTable(target.module, target.name);
        if (table) found.set(tableKey(table), table);
      }
      byExport.set(key, found.size === 1 ? [...found.values()][0] : undefined);
    }
    return byExport.get(key);
  };

  const facts: DataAccessFact[] = [];
  const access = (module: string, t: ResolvedTable, kind: 'read' | 'write', line: number): void => {
    facts.push({ ...statementAccess(module, t.table, kind, 'drizzle', line), entity: t.name });
  };
  const includes = (module: string, from: ResolvedTable, tree: readonly DrizzleWith[], line: number): void => {
    for (const w of tree) {
      const target = relations.get(tableKey(from))?.get(w.relation);
      if (!target) continue;
      access(module, target, 'read', line);
      includes(module, target, w.with, line);
    }
  };
  for (const [module, local] of locals) {
    for (const u of local.uses) {
      const t = resolveTable(module, u.ref);
      if (t) access(module, t, u.access, u.line);
    }
    for (const q of local.queries) {
      const t = exportedTable(q.key);
      if (!t) continue;
      access(module, t, 'read', q.line);
      includes(module, t, q.with, q.line);
    }
  }
  return { entities: finishEntities(entities), dataAccess: finishAccesses(facts) };
}

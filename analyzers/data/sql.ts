/**
 * Raw SQL: statements passed to query-like calls, read with sql-tables.ts.
 *
 * A statement counts when it is the first argument of a call named `query`, `execute`, `many`,
 * `manyOrNone`, `one`, `oneOrNone`, `none`, `any`, `result` or `sql` (pg, mysql2, pg-promise,
 * TypeORM's `dataSource.query`, Sequelize's `sequelize.query`, ...), or of `sql.raw` /
 * `sql.unsafe`, or a template tagged `sql` / `x.sql`. The argument may be a literal, a template
 * (`${}` parts become placeholders), a concatenation, `[...].join()`, a `{ text }` / `{ sql }`
 * query config, or a constant holding one, declared in the same file or imported from another.
 * Only text that starts like a statement (SELECT, INSERT, UPDATE, DELETE, WITH, MERGE, TRUNCATE)
 * is read.
 *
 * Left to the ORM analyzers so a statement is reported once: Prisma's `$queryRaw` family and
 * `Prisma.sql` (via `prisma`), and `.raw()` on anything but `sql` (knex's, via `knex`).
 */
import ts from '../../src/shared/typescript.cjs';
import type { DataAccessFact, EntityFact } from '../../src/shared/facts.js';
import type { Analyzer, LinkContext } from '../types.js';
import { accessFact, statementAccess, finishAccesses, resolveDeclaration, own } from './declarations.js';
import { fileIndex, type RequiredName } from './file-index.js';
import { collectFlow, ownerOf, type FlowLocal } from './repository-calls.js';
import { RepositoryFlow, type Effect } from './repository-effects.js';
import { isSqlStatement, sqlTables, type SqlTableAccess } from './sql-tables.js';
import { withRepositoryCalls } from './text-filter.js';
import { stringValue, templateText } from './string-value.js';
import { isImportedName, isModuleLevel, lineOf, objectProperty, skipOuter } from './syntax.js';

const QUERY_CALLS = new Set(['query', 'execute', 'many', 'manyOrNone', 'one', 'oneOrNone', 'none', 'any', 'result', 'sql']);
/** Called on an object named `sql` only (`sql.raw('...')`, `sql.unsafe('...')`). */
const SQL_OBJECT_CALLS = new Set(['raw', 'unsafe']);

export interface SqlStatement {
  readonly tables: SqlTableAccess[];
  readonly line: number;
  /** the method or function it is written in (repository-calls.ts `ownerOf`) */
  readonly owner?: string;
}

export interface SqlLocal {
  readonly statements: SqlStatement[];
  /** imported constants passed to a query call: resolved in link */
  readonly importedConstants: { readonly name: string; readonly line: number }[];
  /** module-level constants whose text is a SQL statement, for other files to import */
  readonly constants: Record<string, SqlTableAccess[]>;
  /** names taken with a destructuring `require` */
  requiredNames?: Record<string, RequiredName>;
  flow?: FlowLocal;
}

const ACCEPTS = /\b(?:select|insert|update|delete|with|merge|truncate|query|execute)\b|\brequire\s*\(\s*['"`]\./i;

export const sqlAnalyzer: Analyzer<SqlLocal> = {
  name: 'sql',
  concern: 'data',
  accepts: withRepositoryCalls((text) => ACCEPTS.test(text)),
  collect: (file) => collectSql(file.sourceFile, ACCEPTS.test(file.text)),
  link: linkSql,
};

export function collectSql(sf: ts.SourceFile, mentionsSql = true): SqlLocal | undefined {
  const flow = collectFlow(sf);
  if (!mentionsSql) return flow ? { statements: [], importedConstants: [], constants: {}, flow } : undefined;
  const local: SqlLocal = { statements: [], importedConstants: [], constants: {} };
  if (flow) local.flow = flow;
  const add = (text: string | undefined, line: number, at?: ts.Node): void => {
    if (text === undefined || !isSqlStatement(text)) return;
    const tables = sqlTables(text);
    const owner = at ? ownerOf(at) : '';
    if (tables.length) local.statements.push(owner ? { tables, line, owner } : { tables, line });
  };

  const index = fileIndex(sf);
  for (const node of index.variables) {
    if (!ts.isIdentifier(node.name) || !node.initializer || !isModuleLevel(node)) continue;
    const list = node.parent;
    if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) continue;
    const text = stringValue(node.initializer);
    if (text !== undefined && isSqlStatement(text)) local.constants[node.name.text] = sqlTables(text);
  }
  for (const e of index.commonJsExports) {
    const v = skipOuter(e.value);
    const text = ts.isIdentifier(v) ? undefined : stringValue(v);
    const tables = ts.isIdentifier(v) ? own(local.constants, v.text) : text !== undefined && isSqlStatement(text) ? sqlTables(text) : undefined;
    if (tables) local.constants[e.name] = tables;
  }
  if (Object.keys(index.requiredNames).length) local.requiredNames = { ...index.requiredNames };
  for (const node of index.taggedTemplates) {
    if (isSqlTag(node.tag) && !isQueryArgument(node)) add(templateText(node.template), lineOf(node), node);
  }
  for (const node of index.calls) {
    if (!isQueryCall(node)) continue;
    const arg = node.arguments[0];
    if (!arg) continue;
    const line = lineOf(node);
    const value = skipOuter(arg);
    if (ts.isObjectLiteralExpression(value)) {
      const text = objectProperty(value, 'text') ?? objectProperty(value, 'sql');
      add(text ? stringValue(text) : undefined, line, node);
      continue;
    }
    if (ts.isIdentifier(value) && isImportedName(value)) {
      local.importedConstants.push({ name: value.text, line });
      continue;
    }
    add(stringValue(value), line, node);
  }
  return local.flow || local.statements.length || local.importedConstants.length || Object.keys(local.constants).length || local.requiredNames ? local : undefined;
}

function isQueryCall(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (ts.isIdentifier(callee)) return QUERY_CALLS.has(callee.text);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  if (QUERY_CALLS.has(method)) return true;
  return SQL_OBJECT_CALLS.has(method) && ts.isIdentifier(callee.expression) && callee.expression.text === 'sql';
}

/** `sql\`...\``, `db.sql\`...\``, but not `Prisma.sql` (left to the prisma analyzer). */
function isSqlTag(tag: ts.Expression): boolean {
  if (ts.isIdentifier(tag)) return tag.text === 'sql';
  if (ts.isPropertyAccessExpression(tag)) return tag.name.text === 'sql' && !(ts.isIdentifier(tag.expression) && tag.expression.text === 'Prisma');
  return false;
}

/** A tagged template that is itself the first argument of a query call (the call reports it). */
function isQueryArgument(node: ts.Node): boolean {
  let p = node.parent;
  while (p && (ts.isParenthesizedExpression(p) || ts.isAsExpression(p))) p = p.parent;
  return !!p && ts.isCallExpression(p) && isQueryCall(p) && skipOuter(p.arguments[0]!) === node;
}

function linkSql(ctx: LinkContext, locals: ReadonlyMap<string, SqlLocal>): { entities: EntityFact[]; dataAccess: DataAccessFact[] } {
  const facts: DataAccessFact[] = [];
  const flowLocals = new Map<string, FlowLocal>();
  const byOwner = new Map<string, SqlStatement[]>();
  for (const [module, local] of locals) {
    if (local.flow) flowLocals.set(module, local.flow);
    for (const st of local.statements) {
      if (st.owner === undefined) continue;
      const k = `${module}\0${st.owner}`;
      byOwner.set(k, [...(byOwner.get(k) ?? []), st]);
    }
  }
  const effectsAt = (module: string, owner: string): Effect[] => (byOwner.get(`${module}\0${owner}`) ?? []).flatMap((st) => st.tables.map((t) => ({ table: t.table, access: t.access })));
  const flow = new RepositoryFlow(ctx, flowLocals, {
    direct: (_concrete, declaring, method) => effectsAt(declaring.module, `${declaring.name}#${method}`),
    hasDirect: (module, owner) => byOwner.has(`${module}\0${owner}`),
    inFunction: effectsAt,
  });
  for (const a of flow.callSiteAccesses()) facts.push(accessFact(a.module, a.effect.table, a.effect.access, 'sql', a.line));
  for (const [module, local] of locals) {
    for (const s of local.statements) for (const t of s.tables) facts.push(statementAccess(module, t.table, t.access, 'sql', s.line));
    for (const c of local.importedConstants) {
      const d = resolveDeclaration(ctx, module, c.name, (m, n) => own(locals.get(m)?.constants, n), { requiredNames: (m) => locals.get(m)?.requiredNames });
      for (const t of d?.decl ?? []) facts.push(statementAccess(module, t.table, t.access, 'sql', c.line));
    }
  }
  return { entities: [], dataAccess: finishAccesses(facts, ctx.report) };
}

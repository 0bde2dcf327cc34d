/**
 * Knex: query builder chains on a knex instance, and `knex.raw(sql)`.
 *
 * An instance is the result of calling the `knex` package's factory (`createKnex({...})`,
 * `require('knex')(config)`), followed across files by name; a parameter or member typed
 * `Knex` / `Knex.Transaction`; the callback parameter of `instance.transaction(trx => ...)`;
 * or, when nothing better is known, a name that says so: `knex`, `db`, `trx`.
 *
 * A chain `knex('orders').where(...).update(...)` is one access to its main table (the root
 * call's argument, or `.from` / `.table` / `.into`): a write when the chain contains insert,
 * update, del/delete, truncate, upsert, merge, increment or decrement, else a read. Tables
 * joined into the chain are reads. Aliases are dropped (`'orders as o'` -> `orders`).
 * `knex.schema` (migrations) is not data access and is skipped.
 */
import ts from '../../src/shared/typescript.cjs';
import { walkAst } from '../../src/shared/ast-walk.js';
import type { DataAccessFact, EntityFact } from '../../src/shared/facts.js';
import type { Analyzer, LinkContext } from '../types.js';
import { accessFact, statementAccess, finishAccesses, resolveDeclaration, own, type AliasOf } from './declarations.js';
import { fileIndex, type RequiredName } from './file-index.js';
import { collectFlow, ownerOf, type FlowLocal } from './repository-calls.js';
import { RepositoryFlow, type Effect } from './repository-effects.js';
import { isSqlStatement, isSystemTable, sqlTables } from './sql-tables.js';
import { stringValue } from './string-value.js';
import { textFilter, withRepositoryCalls } from './text-filter.js';
import {
  chainAfter,
  classMembers,
  enclosingClass,
  findDeclaration,
  isModuleLevel,
  lineOf,
  requiredModule,
  skipOuter,
  typeRefOf,
  type ImportedName,
  type MemberCall,
} from './syntax.js';

/** Names that stand for a knex instance when nothing else is known about them. */
const INSTANCE_NAMES = new Set(['knex', 'db', 'trx']);
const WRITES = new Set(['insert', 'update', 'del', 'delete', 'truncate', 'upsert', 'merge', 'increment', 'decrement']);
const MAIN_TABLE = new Set(['from', 'table', 'into']);
const CTE_METHODS = new Set(['with', 'withRecursive', 'withMaterialized', 'withNotMaterialized']);
const JOINS = new Set(['join', 'innerJoin', 'leftJoin', 'leftOuterJoin', 'rightJoin', 'rightOuterJoin', 'fullOuterJoin', 'crossJoin', 'outerJoin']);
/** Methods that may start a chain on the instance itself (`knex.from('t')`, `knex.select('a').from('t')`). */
const STARTERS = new Set([
  ...MAIN_TABLE, ...WRITES, 'select', 'first', 'pluck', 'count', 'where', 'whereIn', 'distinct', 'with', 'withSchema', 'queryBuilder', 'column', 'columns',
]);

const accepts = textFilter(['knex', 'Knex', 'trx', 'db'], ['from', 'into', 'table', 'where', 'whereIn', 'insert', 'update', 'del', 'delete', 'select', 'first', 'pluck', 'join', 'leftJoin', 'raw'], { commonJs: true });

/** How a query names its knex instance, before cross-file resolution. */
export type KnexRoot =
  | { readonly kind: 'known' }
  /** a module-level or imported name, resolved in link */
  | { readonly kind: 'name'; readonly name: string }
  /** nothing is known but the name (`db`, `trx`) */
  | { readonly kind: 'named-like'; readonly name: string };

export interface KnexQuery {
  readonly root: KnexRoot;
  readonly tables: { readonly table: string; readonly access: 'read' | 'write' }[];
  readonly line: number;
  /** the method or function it is written in (repository-calls.ts `ownerOf`) */
  readonly owner?: string;
}

export interface KnexLocal {
  /** module-level names bound to an instance (`export const db = knex({...})`), or aliases */
  readonly instances: Record<string, true | AliasOf>;
  readonly queries: KnexQuery[];
  /** names taken with a destructuring `require` */
  requiredNames?: Record<string, RequiredName>;
  flow?: FlowLocal;
}

export const knexAnalyzer: Analyzer<KnexLocal> = {
  name: 'knex',
  enablers: ['knex'],
  concern: 'data',
  accepts: withRepositoryCalls(accepts),
  collect: (file) => collectKnex(file.sourceFile, accepts(file.text)),
  link: linkKnex,
};

// ---------------------------------------------------------------------------------------------
// collect

export function collectKnex(sf: ts.SourceFile, mentionsKnex = true): KnexLocal | undefined {
  const flow = collectFlow(sf);
  if (!mentionsKnex) return flow ? { instances: {}, queries: [], flow } : undefined;
  const index = fileIndex(sf);
  const scope = new KnexScope(index.imports);
  const local: KnexLocal = { instances: {}, queries: [] };
  for (const node of index.variables) {
    if (!ts.isIdentifier(node.name) || !node.initializer || !isModuleLevel(node)) continue;
    const init = skipOuter(node.initializer);
    if (scope.isFactoryCall(init)) local.instances[node.name.text] = true;
    else if (ts.isIdentifier(init)) local.instances[node.name.text] = { aliasOf: init.text };
  }
  for (const node of index.exportAssignments) {
    if (scope.isFactoryCall(skipOuter(node.expression))) local.instances['default'] = true;
  }
  for (const e of index.commonJsExports) {
    const v = skipOuter(e.value);
    if (scope.isFactoryCall(v)) local.instances[e.name] = true;
    else if (ts.isIdentifier(v) && v.text !== e.name) local.instances[e.name] = { aliasOf: v.text };
  }
  if (Object.keys(index.requiredNames).length) local.requiredNames = { ...index.requiredNames };
  // `.with('recent', qb)`: a common table expression, not a table, wherever the file uses the name
  const ctes = new Set<string>();
  for (const node of index.calls) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee) || !CTE_METHODS.has(callee.name.text) || !node.arguments[0]) continue;
    const name = stringValue(node.arguments[0]);
    if (name !== undefined) ctes.add(name);
  }
  for (const node of index.calls) {
    const query = scope.query(node);
    if (!query) continue;
    const tables = query.tables.filter((t) => !ctes.has(t.table) && !isSystemTable(t.table));
    const owner = ownerOf(node);
    if (tables.length) local.queries.push({ ...query, tables, ...(owner ? { owner } : {}) });
  }
  if (flow) local.flow = flow;
  return local.flow || Object.keys(local.instances).length || local.queries.length || local.requiredNames ? local : undefined;
}

class KnexScope {
  constructor(private readonly imports: ReadonlyMap<string, ImportedName>) {}

  /** `createKnex({...})`, `knex(config)` with the import of the `knex` package, `require('knex')(config)` */
  isFactoryCall(e: ts.Expression): boolean {
    if (!ts.isCallExpression(e)) return false;
    const arg = e.arguments[0];
    if (!arg || ts.isStringLiteralLike(skipOuter(arg))) return false;
    const callee = skipOuter(e.expression);
    if (requiredModule(callee) === 'knex') return true;
    if (ts.isIdentifier(callee)) return this.isFactoryName(callee.text);
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.name.text === 'knex') {
      return this.imports.get(callee.expression.text)?.source === 'knex';
    }
    return false;
  }

  private isFactoryName(name: string): boolean {
    const imp = this.imports.get(name);
    return imp?.source === 'knex' && (imp.imported === 'default' || imp.imported === '*' || imp.imported === 'knex' || imp.imported === 'Knex');
  }

  /** The query a call starts, if it starts one: `I('t')...` or `I.from('t')...` with I an instance. */
  query(call: ts.CallExpression): KnexQuery | undefined {
    const callee = skipOuter(call.expression);
    let root: KnexRoot | undefined;
    let chain: MemberCall[];
    const tables: { table: string; access: 'read' | 'write' }[] = [];
    let main: string[] = [];
    if (ts.isIdentifier(callee) || isThisMember(callee)) {
      // knex('orders'), knex({ o: 'orders' })
      const arg = call.arguments[0];
      if (!arg || !mayNameTable(arg)) return undefined;
      root = this.rootOf(callee, 0);
      if (!root) return undefined;
      main = tableArgument(arg);
      if (!main.length) return undefined;
      chain = chainAfter(call);
    } else if (ts.isPropertyAccessExpression(callee) && (ts.isIdentifier(callee.expression) || isThisMember(callee.expression))) {
      const method = callee.name.text;
      if (method === 'raw') return this.rawQuery(call, callee.expression);
      if (!STARTERS.has(method)) return undefined;
      root = this.rootOf(callee.expression, 0);
      chain = [{ call, receiver: callee.expression, method }, ...chainAfter(call)];
    } else {
      return undefined;
    }
    if (!root) return undefined;
    // a builder kept in a variable and finished later: `const q = knex('users'); ...; await q.update(...)`
    let write = builderVariableWrites(chain.length ? chain[chain.length - 1]!.call : call);
    for (const c of chain) {
      if (WRITES.has(c.method)) write = true;
      const arg = c.call.arguments[0];
      if (!arg) continue;
      if (MAIN_TABLE.has(c.method)) main = [...main, ...tableArgument(arg)];
      else if (JOINS.has(c.method)) for (const t of tableArgument(arg)) tables.push({ table: t, access: 'read' });
    }
    for (const t of main) tables.unshift({ table: t, access: write ? 'write' : 'read' });
    if (!tables.length) return undefined;
    return { root, tables, line: lineOf(call) };
  }

  private rawQuery(call: ts.CallExpression, receiver: ts.Expression): KnexQuery | undefined {
    const arg = call.arguments[0];
    const text = arg ? stringValue(arg) : undefined;
    if (text === undefined || !isSqlStatement(text)) return undefined;
    const root = this.rootOf(receiver, 0);
    const tables = sqlTables(text);
    return root && tables.length ? { root, tables, line: lineOf(call) } : undefined;
  }

  /** What instance an expression is. */
  rootOf(expr: ts.Expression, depth: number): KnexRoot | undefined {
    if (depth > 8) return undefined;
    const e = skipOuter(expr);
    if (ts.isIdentifier(e)) {
      if (this.isFactoryName(e.text)) return undefined;
      const decl = findDeclaration(e.text, e);
      if (!decl || decl.moduleLevel) return { kind: 'name', name: e.text };
      if (decl.kind === 'parameter') {
        if (isKnexType(decl.node.type)) return { kind: 'known' };
        const viaTransaction = this.transactionParam(decl.node, depth);
        if (viaTransaction) return viaTransaction;
        return INSTANCE_NAMES.has(e.text) ? { kind: 'named-like', name: e.text } : undefined;
      }
      if (decl.kind === 'variable' && !decl.destructured) {
        if (isKnexType(decl.node.type)) return { kind: 'known' };
        const init = decl.node.initializer && skipOuter(decl.node.initializer);
        if (init && this.isFactoryCall(init)) return { kind: 'known' };
        // const trx = await knex.transaction()
        if (init && ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && init.expression.name.text === 'transaction') {
          return this.rootOf(init.expression.expression, depth + 1);
        }
        if (init && (ts.isIdentifier(init) || isThisMember(init))) return this.rootOf(init, depth + 1);
        return INSTANCE_NAMES.has(e.text) ? { kind: 'named-like', name: e.text } : undefined;
      }
      return undefined;
    }
    if (isThisMember(e)) {
      const cls = enclosingClass(e);
      const member = cls && classMembers(cls).get(e.name.text);
      if (member) {
        if (isKnexType(member.type)) return { kind: 'known' };
        if (member.decorators.some((d) => d.name === 'InjectKnex' || d.name === 'InjectConnection')) return { kind: 'known' };
        if (member.initializer) {
          const init = skipOuter(member.initializer);
          if (this.isFactoryCall(init)) return { kind: 'known' };
          if (ts.isIdentifier(init)) {
            const r = this.rootOf(init, depth + 1);
            if (r) return r;
          }
        }
      }
      return INSTANCE_NAMES.has(e.name.text) ? { kind: 'named-like', name: e.name.text } : undefined;
    }
    return undefined;
  }

  /** `instance.transaction(async (trx) => ...)`: trx is that instance. */
  private transactionParam(p: ts.ParameterDeclaration, depth: number): KnexRoot | undefined {
    const fn = p.parent;
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
    if (fn.parameters[0] !== p) return undefined;
    const call = fn.parent;
    if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'transaction') return undefined;
    return this.rootOf(call.expression.expression, depth + 1);
  }
}

/** True when `expr` initializes a local variable on which the same function later calls a writing method. */
function builderVariableWrites(expr: ts.Expression): boolean {
  const decl = expr.parent;
  if (!decl || !ts.isVariableDeclaration(decl) || decl.initializer !== expr || !ts.isIdentifier(decl.name)) return false;
  const name = decl.name.text;
  let scope: ts.Node | undefined = decl.parent;
  while (scope && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  if (!scope) return false;
  let found = false;
  // iterative: the scope may hold a 3,000-link chain (a recursive visit overflows on it)
  walkAst(scope, (n) => {
    if (found) return false;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && WRITES.has(n.expression.name.text)) {
      const recv = skipOuter(n.expression.expression);
      if (ts.isIdentifier(recv) && recv.text === name) found = true;
    }
    return undefined;
  });
  return found;
}

function isThisMember(e: ts.Expression): e is ts.PropertyAccessExpression {
  return ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword;
}

/** `Knex`, `Knex.Transaction`, `Knex<any, unknown[]>` */
function isKnexType(type: ts.TypeNode | undefined): boolean {
  const t = typeRefOf(type);
  return !!t && (t.name === 'Knex' || t.name.startsWith('Knex.'));
}

/** Cheap syntactic test before any evaluation: a string, a template, a concatenation, a name or an alias object. */
function mayNameTable(arg: ts.Expression): boolean {
  const e = skipOuter(arg);
  return ts.isStringLiteralLike(e) || ts.isTemplateExpression(e) || ts.isBinaryExpression(e) || ts.isIdentifier(e) || ts.isObjectLiteralExpression(e);
}

/** `'orders'`, `'orders as o'`, `'sales.orders'`, `{ o: 'orders' }` -> table names */
function tableArgument(arg: ts.Expression): string[] {
  const e = skipOuter(arg);
  if (ts.isObjectLiteralExpression(e)) {
    const out: string[] = [];
    for (const p of e.properties) {
      if (!ts.isPropertyAssignment(p)) continue;
      const v = stringValue(p.initializer);
      const t = v === undefined ? undefined : tableName(v);
      if (t) out.push(t);
    }
    return out;
  }
  if (!ts.isStringLiteralLike(e) && !ts.isTemplateExpression(e) && !ts.isBinaryExpression(e) && !ts.isIdentifier(e)) return [];
  const v = stringValue(e);
  const t = v === undefined ? undefined : tableName(v);
  return t ? [t] : [];
}

function tableName(text: string): string | undefined {
  const first = text.trim().split(/\s+/)[0];
  if (!first || !/^[A-Za-z_][\w.$]*$/.test(first)) return undefined;
  return first;
}

// ---------------------------------------------------------------------------------------------
// link

function linkKnex(ctx: LinkContext, locals: ReadonlyMap<string, KnexLocal>): { entities: EntityFact[]; dataAccess: DataAccessFact[] } {
  const lookup = (module: string, name: string): true | AliasOf | undefined => own(locals.get(module)?.instances, name);
  const isInstance = (module: string, root: KnexRoot): boolean => {
    if (root.kind === 'known') return true;
    if (root.kind === 'named-like') return true;
    if (resolveDeclaration(ctx, module, root.name, lookup, { requiredNames: (m) => locals.get(m)?.requiredNames })) return true;
    return INSTANCE_NAMES.has(root.name.slice(root.name.lastIndexOf('.') + 1));
  };
  const facts: DataAccessFact[] = [];
  const flowLocals = new Map<string, FlowLocal>();
  const byOwner = new Map<string, { module: string; query: KnexQuery }[]>();
  for (const [module, local] of locals) {
    if (local.flow) flowLocals.set(module, local.flow);
    for (const q of local.queries) {
      if (!isInstance(module, q.root)) continue;
      for (const t of q.tables) facts.push(statementAccess(module, t.table, t.access, 'knex', q.line));
      if (q.owner === undefined) continue;
      const k = `${module}\0${q.owner}`;
      byOwner.set(k, [...(byOwner.get(k) ?? []), { module, query: q }]);
    }
  }
  const effectsAt = (module: string, owner: string): Effect[] => (byOwner.get(`${module}\0${owner}`) ?? []).flatMap(({ query }) => query.tables.map((t) => ({ table: t.table, access: t.access })));
  const flow = new RepositoryFlow(ctx, flowLocals, {
    direct: (_concrete, declaring, method) => effectsAt(declaring.module, `${declaring.name}#${method}`),
    hasDirect: (module, owner) => byOwner.has(`${module}\0${owner}`),
    inFunction: effectsAt,
  });
  for (const a of flow.callSiteAccesses()) facts.push(accessFact(a.module, a.effect.table, a.effect.access, 'knex', a.line));
  return { entities: [], dataAccess: finishAccesses(facts, ctx.report) };
}

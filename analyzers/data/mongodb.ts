/**
 * The MongoDB driver and @paralect/node-mongo: collections named in the code and the reads and
 * writes made on them.
 *
 * A collection handle is `db.collection('users')` (MongoDB Node.js driver, `Db.collection(name)`),
 * `db.createService('users')` or `new Service('users', db)` (@paralect/node-mongo: a `Service` is
 * bound to the collection named by its first argument; README "createService"; a class extending
 * the imported `Service` counts too). The name may be a literal, a constant, or a member of a
 * constant object (`DATABASE_DOCUMENTS.USERS`), declared in any module. Every collection so named
 * is a table. A module-level handle is followed where it is exported and imported
 * (`export default Object.assign(service, { createToken })` included); a handle in a local variable
 * or a class property initializer is followed within its function or class.
 *
 * Accesses: the driver's and node-mongo's collection methods on a handle (READ and WRITE below;
 * every method of node-mongo's `service.atomic` writes, without validation or events). A function
 * merged into a handle (`Object.assign(service, { createToken })`) is the handle's own method:
 * calling it does what its body does, including the module-level functions it calls. So does a
 * function of a plain object exported by a module that holds a handle
 * (`export default { startMigrationLog }` beside `const service = db.createService('log')`): that
 * module is the collection's data module. Each access belongs to the module that makes the call,
 * at the call's line. Migrations and seeds are not data access (finishAccesses).
 */
import ts from '../../src/shared/typescript.cjs';
import { walkAst } from '../../src/shared/ast-walk.js';
import type { DataAccessFact, EntityFact } from '../../src/shared/facts.js';
import type { Analyzer, LinkContext } from '../types.js';
import { accessFact, finishAccesses, finishEntities, indexByName, own, resolveDeclaration, type AliasOf } from './declarations.js';
import { fileIndex, type RequiredName } from './file-index.js';
import { ownerOf } from './repository-calls.js';
import { PLACEHOLDER, stringValue } from './string-value.js';
import { classMembers, enclosingClass, extendsOf, findDeclaration, isModuleLevel, lineOf, literalText, skipOuter } from './syntax.js';
import { textFilter, withRepositoryCalls } from './text-filter.js';

const READ = ['find', 'findOne', 'countDocuments', 'estimatedDocumentCount', 'count', 'distinct', 'aggregate', 'exists', 'watch', 'findPage'];
const WRITE = [
  'insertOne', 'insertMany', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndUpdate', 'findOneAndDelete',
  'findOneAndReplace', 'bulkWrite', 'deleteSoft', 'deleteOneSoft', 'deleteManySoft', 'drop',
];
const NODE_MONGO = '@paralect/node-mongo';

/** How a collection's name is written: a literal, or a name (`USERS`, `DATABASE_DOCUMENTS.USERS`) to resolve. */
export type CollectionName = { readonly literal: string } | { readonly ref: string };

export interface MongoHandle {
  /** absent for a plain object of functions (`export default { startMigrationLog }`) */
  readonly name?: CollectionName;
  readonly line: number;
  /** functions merged into the handle: property -> module-level function name */
  readonly customs?: Record<string, string>;
}

/** Where a collection is named: `db.collection('events')`, `new Service(DOCS.TOKENS, db)`. */
export interface MongoSite {
  readonly name: CollectionName;
  readonly line: number;
}

export interface MongoUse {
  /** a module-level or imported handle by local name, or a handle created in place */
  readonly recv: { readonly local: string } | { readonly inline: CollectionName };
  readonly access: 'read' | 'write';
  readonly line: number;
  /** the function the call is written in (repository-calls.ts `ownerOf`) */
  readonly owner: string;
}

/** `x.method()` on a module-level or imported name that may be a handle with merged functions. */
export interface MongoCustomCall {
  readonly local: string;
  readonly method: string;
  readonly line: number;
  readonly owner: string;
}

export interface MongoLocal {
  /** module-level handles (and aliases of them) */
  readonly handles: Record<string, MongoHandle | AliasOf>;
  /** every handle created in the file, wherever it is: each names a table */
  readonly sites: MongoSite[];
  readonly uses: MongoUse[];
  readonly customCalls: MongoCustomCall[];
  /** owner -> module-level functions it calls by name (`validateToken` calls `getToken`) */
  readonly localCalls: Record<string, string[]>;
  /** module-level string constants and objects of strings */
  readonly constants: Record<string, string | Record<string, string>>;
  /** names taken with a destructuring `require` */
  requiredNames?: Record<string, RequiredName>;
}

const ACCEPTS = textFilter(['collection', 'createService', 'Service', 'node-mongo', 'mongodb'], [...READ, ...WRITE], { commonJs: true });
/** a module-level constant that may name a collection (`export const DOCS = { USERS: 'users' }`) */
const CONSTANT = /\bconst\s+[\w$]+\s*=\s*[{'"\x60]/;

export const mongodbAnalyzer: Analyzer<MongoLocal> = {
  name: 'mongodb',
  enablers: ['mongodb', NODE_MONGO],
  concern: 'data',
  // any member call may be a merged function of a handle imported from elsewhere
  accepts: withRepositoryCalls((text) => ACCEPTS(text) || CONSTANT.test(text)),
  collect: (file) => collectMongo(file.sourceFile),
  link: linkMongo,
};

// ---------------------------------------------------------------------------------------------
// collect

export function collectMongo(sf: ts.SourceFile): MongoLocal | undefined {
  const index = fileIndex(sf);
  const local: MongoLocal = { handles: {}, sites: [], uses: [], customCalls: [], localCalls: {}, constants: {} };
  const serviceClasses = nodeMongoServiceClasses(sf);
  const handleOf = (e: ts.Expression): MongoSite | undefined => handleAt(e, serviceClasses);
  const reads = new Set(READ);
  const writes = new Set(WRITE);
  const functionObjects: { name: string; value: ts.ObjectLiteralExpression }[] = [];

  const declare = (name: string, value: ts.Expression): void => {
    const init = skipOuter(value);
    const s = literalText(init);
    if (s !== undefined) local.constants[name] = s;
    if (ts.isObjectLiteralExpression(init)) {
      const obj = stringMembers(init);
      if (Object.keys(obj).length) local.constants[name] = obj;
    }
    const handle = handleOf(init);
    if (handle) {
      local.handles[name] = handle;
      return;
    }
    // `Object.assign(service, { createToken, validateToken })`
    if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && init.expression.name.text === 'assign' && init.arguments.length >= 2) {
      const target = skipOuter(init.arguments[0]!);
      const merged = skipOuter(init.arguments[1]!);
      const base = ts.isIdentifier(target) ? own(local.handles, target.text) : handleOf(target);
      if (base && !('aliasOf' in base) && ts.isObjectLiteralExpression(merged)) local.handles[name] = { ...base, customs: mergedFunctions(merged) };
      return;
    }
    if (ts.isIdentifier(init) && init.text !== name) local.handles[name] = { aliasOf: init.text };
    else if (ts.isObjectLiteralExpression(init)) functionObjects.push({ name, value: init });
  };
  for (const node of index.variables) {
    if (ts.isIdentifier(node.name) && node.initializer && isModuleLevel(node)) declare(node.name.text, node.initializer);
  }
  for (const node of index.exportAssignments) declare('default', node.expression);
  for (const e of index.commonJsExports) declare(e.name, e.value);
  if (Object.keys(index.requiredNames).length) local.requiredNames = { ...index.requiredNames };
  // `export default { startMigrationLog, failMigrationLog }` in a module that holds a handle
  if (Object.values(local.handles).some((h) => 'name' in h)) {
    for (const { name, value } of functionObjects) {
      const customs = mergedFunctions(value);
      if (Object.keys(customs).length === value.properties.length && !own(local.handles, name)) local.handles[name] = { line: lineOf(value), customs };
    }
  }

  for (const call of index.calls) {
    const site = handleOf(call);
    if (site) local.sites.push(site);
    const callee = call.expression;
    if (ts.isIdentifier(callee)) {
      // a call to a module-level function of this file, for merged functions that call helpers
      const decl = findDeclaration(callee.text, callee);
      if (decl && decl.moduleLevel && (decl.kind === 'function' || decl.kind === 'variable')) {
        const owner = ownerOf(call);
        const list = (local.localCalls[owner] ??= []);
        if (!list.includes(callee.text)) list.push(callee.text);
      }
      continue;
    }
    if (!ts.isPropertyAccessExpression(callee)) continue;
    const method = callee.name.text;
    let recvExpr = skipOuter(callee.expression);
    // node-mongo `service.atomic.updateOne(...)`: a write that skips validation and events
    const atomic = ts.isPropertyAccessExpression(recvExpr) && recvExpr.name.text === 'atomic';
    if (atomic) recvExpr = skipOuter((recvExpr as ts.PropertyAccessExpression).expression);
    const access = atomic || writes.has(method) ? 'write' : reads.has(method) ? 'read' : undefined;
    const line = lineOf(call);
    const owner = ownerOf(call);
    if (!access) {
      // (not on globals: `console.log()` is no merged function)
      if (ts.isIdentifier(recvExpr) && findDeclaration(recvExpr.text, recvExpr)?.moduleLevel) local.customCalls.push({ local: recvExpr.text, method, line, owner });
      continue;
    }
    const inline = handleOf(recvExpr) ?? localHandle(recvExpr, handleOf);
    if (inline) local.uses.push({ recv: { inline: inline.name }, access, line, owner });
    else if (ts.isIdentifier(recvExpr) && isModuleName(recvExpr)) local.uses.push({ recv: { local: recvExpr.text }, access, line, owner });
  }
  if (serviceClasses.size) {
    // `new Service(...)` sites (the file index keeps calls, not constructions)
    walkAst(sf, (n) => {
      if (ts.isNewExpression(n)) {
        const site = handleOf(n);
        if (site) local.sites.push(site);
      }
    });
  }
  const empty = !Object.keys(local.handles).length && !local.sites.length && !local.uses.length && !local.customCalls.length && !Object.keys(local.constants).length && !local.requiredNames;
  return empty ? undefined : local;
}

/** `{ USERS: 'users', 'TOKENS': 'tokens' }` -> its string-valued properties */
function stringMembers(obj: ts.ObjectLiteralExpression): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
    const v = literalText(p.initializer);
    if (v !== undefined) out[p.name.text] = v;
  }
  return out;
}

/** `{ createToken, validate: validateToken }` -> property -> function name */
function mergedFunctions(obj: ts.ObjectLiteralExpression): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of obj.properties) {
    if (ts.isShorthandPropertyAssignment(p)) out[p.name.text] = p.name.text;
    else if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && ts.isIdentifier(skipOuter(p.initializer))) out[p.name.text] = (skipOuter(p.initializer) as ts.Identifier).text;
  }
  return out;
}

/** Local names of node-mongo's `Service` class: its import, and classes of this file extending it. */
function nodeMongoServiceClasses(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  for (const [name, imp] of fileIndex(sf).imports) if (imp.source === NODE_MONGO && imp.imported === 'Service') out.add(name);
  if (!out.size) return out;
  for (const cls of fileIndex(sf).classes) {
    const base = extendsOf(cls);
    if (cls.name && base && out.has(base.name)) out.add(cls.name.text);
  }
  return out;
}

/** A name declared at module level or imported (not a local variable that only shares the name). */
function isModuleName(id: ts.Identifier): boolean {
  const decl = findDeclaration(id.text, id);
  return !decl || decl.moduleLevel;
}

/** `x.collection('users')`, `db.createService<User>(USERS)`, `new Service('users', db)` */
function handleAt(e: ts.Expression, serviceClasses: ReadonlySet<string>): MongoSite | undefined {
  let arg: ts.Expression | undefined;
  if (ts.isCallExpression(e)) {
    const callee = e.expression;
    const fn = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (fn !== 'collection' && fn !== 'createService') return undefined;
    arg = e.arguments[0];
  } else if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && serviceClasses.has(e.expression.text)) {
    arg = e.arguments?.[0];
  }
  return arg ? { name: collectionName(arg), line: lineOf(e) } : undefined;
}

/** A name to resolve across modules, or the text as far as it is known (PLACEHOLDER for the rest). */
function collectionName(arg: ts.Expression): CollectionName {
  const e = skipOuter(arg);
  if (ts.isIdentifier(e) && isModuleName(e)) return { ref: e.text };
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && isModuleName(e.expression)) return { ref: `${e.expression.text}.${e.name.text}` };
  return { literal: stringValue(e) ?? PLACEHOLDER };
}

/** A handle held in a local variable or a class property: `const events = db.collection('events')`, `this.users`. */
function localHandle(e: ts.Expression, handleOf: (e: ts.Expression) => MongoSite | undefined): MongoSite | undefined {
  if (ts.isIdentifier(e)) {
    const decl = findDeclaration(e.text, e);
    if (decl?.kind !== 'variable' || decl.moduleLevel || decl.destructured || !decl.node.initializer) return undefined;
    return handleOf(skipOuter(decl.node.initializer));
  }
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(e);
    const init = cls && classMembers(cls).get(e.name.text)?.initializer;
    return init ? handleOf(skipOuter(init)) : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// link

const MAX_DEPTH = 12;

function linkMongo(ctx: LinkContext, locals: ReadonlyMap<string, MongoLocal>): { entities: EntityFact[]; dataAccess: DataAccessFact[] } {
  // a workspace package the import graph cannot resolve: the one module declaring that name
  const byName = indexByName([...locals].flatMap(([module, local]) => [...Object.keys(local.constants), ...Object.keys(local.handles)].map((name) => ({ module, name }))));
  const requiredNames = (m: string): Record<string, RequiredName> | undefined => locals.get(m)?.requiredNames;
  const constantAt = (m: string, n: string): string | Record<string, string> | undefined => own(locals.get(m)?.constants, n);
  const constant = (module: string, ref: string): string | undefined => {
    // `names.USERS` through `import * as names`
    const whole = ref.includes('.') ? resolveDeclaration(ctx, module, ref, constantAt, { requiredNames }) : undefined;
    if (typeof whole?.decl === 'string') return whole.decl;
    const [head, member] = ref.split('.') as [string, string | undefined];
    const t = resolveDeclaration(ctx, module, head, constantAt, { byName, requiredNames });
    if (!t) return undefined;
    if (member === undefined) return typeof t.decl === 'string' ? t.decl : undefined;
    return typeof t.decl === 'object' ? own(t.decl, member) : undefined;
  };
  // an unresolved name is a collection Seam cannot name: a table-name-unknown diagnostic
  const nameOf = (module: string, n: CollectionName): string => ('literal' in n ? n.literal : (constant(module, n.ref) ?? PLACEHOLDER));
  const handle = (module: string, local: string): { module: string; handle: MongoHandle } | undefined => {
    const d = resolveDeclaration(ctx, module, local, (m, n) => own(locals.get(m)?.handles, n), { byName, requiredNames });
    return d ? { module: d.module, handle: d.decl } : undefined;
  };
  const collectionOf = (module: string, use: MongoUse): string | undefined => {
    if ('inline' in use.recv) return nameOf(module, use.recv.inline);
    const h = handle(module, use.recv.local);
    return h?.handle.name ? nameOf(h.module, h.handle.name) : undefined;
  };

  const byOwner = <T extends { owner: string }>(pick: (l: MongoLocal) => readonly T[]): Map<string, T[]> => {
    const out = new Map<string, T[]>();
    for (const [module, local] of locals) {
      for (const x of pick(local)) {
        const k = `${module}\0${x.owner}`;
        out.set(k, [...(out.get(k) ?? []), x]);
      }
    }
    return out;
  };
  const usesByOwner = byOwner((l) => l.uses);
  const customCallsByOwner = byOwner((l) => l.customCalls);

  /** What a merged function (or anything it calls) reads and writes. */
  const effectsOfCall = (module: string, call: MongoCustomCall, seen: Set<string>, depth: number): { table: string; access: 'read' | 'write' }[] => {
    const h = handle(module, call.local);
    const fn = h && own(h.handle.customs, call.method);
    return h && fn !== undefined ? effectsOfFunction(h.module, `#${fn}`, seen, depth + 1) : [];
  };
  const effectsOfFunction = (module: string, owner: string, seen: Set<string>, depth: number): { table: string; access: 'read' | 'write' }[] => {
    const key = `${module}\0${owner}`;
    if (depth > MAX_DEPTH || seen.has(key)) return [];
    seen.add(key);
    const out: { table: string; access: 'read' | 'write' }[] = [];
    for (const use of usesByOwner.get(key) ?? []) {
      const table = collectionOf(module, use);
      if (table !== undefined) out.push({ table, access: use.access });
    }
    for (const fn of own(locals.get(module)?.localCalls, owner) ?? []) out.push(...effectsOfFunction(module, `#${fn}`, seen, depth + 1));
    for (const call of customCallsByOwner.get(key) ?? []) out.push(...effectsOfCall(module, call, seen, depth + 1));
    return out;
  };

  const facts: DataAccessFact[] = [];
  const entities: EntityFact[] = [];
  for (const [module, local] of locals) {
    // one table per collection and module, where the module first names it
    const named = new Set<string>();
    for (const site of [...local.sites].sort((a, b) => a.line - b.line)) {
      const table = nameOf(module, site.name);
      if (named.has(table)) continue;
      named.add(table);
      entities.push({ name: table, table, via: 'mongodb', module, line: site.line });
    }
    for (const use of local.uses) {
      const table = collectionOf(module, use);
      if (table !== undefined) facts.push(accessFact(module, table, use.access, 'mongodb', use.line));
    }
    for (const call of local.customCalls) {
      for (const e of effectsOfCall(module, call, new Set(), 0)) facts.push(accessFact(module, e.table, e.access, 'mongodb', call.line));
    }
  }
  return { entities: finishEntities(entities, ctx.report), dataAccess: finishAccesses(facts, ctx.report) };
}

/**
 * Medusa (v2) modules: data models declared with the DML, module links, and the reads and writes
 * made through module services, Query and the link API. Medusa runs its DML on MikroORM.
 *
 * Tables: `model.define('company', {...})` (or `model.define({ name, tableName }, ...)`) names its
 * table (https://docs.medusajs.com/learn/fundamentals/data-models); `defineLink(A.linkable.x, B.linkable.y)`
 * creates the link table `composeTableName(serviceA, keyA, serviceB, keyB)`: the four parts joined
 * by `_` with `_id` dropped (packages/core/utils/src/link/compose-link-name.ts,
 * packages/modules/link-modules/src/utils/generate-entity.ts), where a module's service name is
 * the first argument of `Module(KEY, ...)` (Medusa's own modules: the `Modules` value, the
 * `@medusajs/medusa/<module>` package) and a linkable's key is its name in snake case plus `_id`
 * (joiner-config-builder.ts `buildLinkableKeysFromDmlObjects`); `database: { table }` overrides
 * the name and a read-only link (`readOnly: true`, `MedusaModule.setCustomLink`) has no table.
 *
 * Accesses: a service `class X extends MedusaService({ Company, Employee })` gets generated
 * methods per model (`createCompanies`, `listAndCountEmployees`, `retrieveCompany`, ...): a call
 * of one, on any receiver (services are resolved from the container by key), reads or writes that
 * model's table; a call of a service's own method does what its body does. Query reads its root
 * entity (`query.graph({ entity: 'companies' })`, `useQueryGraphStep`, `useRemoteQueryStep({ entry_point })`:
 * the table name or its plural). The link API (`link.create` / `dismiss`, `remoteLink.create`,
 * `createRemoteLinkStep`, `removeRemoteLinkStep`, `dismissRemoteLinkStep`) writes the link table
 * of the link objects the file builds (`{ [COMPANY_MODULE]: { company_id }, [Modules.CART]: { cart_id } }`).
 */
import ts from '../../src/shared/typescript.cjs';
import { walkAst } from '../../src/shared/ast-walk.js';
import type { DataAccessFact, EntityFact } from '../../src/shared/facts.js';
import type { Analyzer, LinkContext } from '../types.js';
import { accessFact, finishAccesses, finishEntities, own } from './declarations.js';
import { fileIndex } from './file-index.js';
import { collectFlow, ownerOf, type FlowLocal } from './repository-calls.js';
import { RepositoryFlow, type Effect } from './repository-effects.js';
import { stringValue } from './string-value.js';
import { isModuleLevel, lineOf, literalText, objectProperty, skipOuter } from './syntax.js';
import { inflectionPluralize } from './table-naming.js';

/** `Modules` of @medusajs/framework/utils (packages/core/utils/src/modules-sdk/definition.ts): member -> service name. */
const MODULES: Readonly<Record<string, string>> = {
  ANALYTICS: 'analytics', AUTH: 'auth', CACHE: 'cache', CART: 'cart', CUSTOMER: 'customer', EVENT_BUS: 'event_bus', INVENTORY: 'inventory',
  LINK: 'link_modules', PAYMENT: 'payment', PRICING: 'pricing', PRODUCT: 'product', PROMOTION: 'promotion', SALES_CHANNEL: 'sales_channel',
  TAX: 'tax', FULFILLMENT: 'fulfillment', STOCK_LOCATION: 'stock_location', USER: 'user', WORKFLOW_ENGINE: 'workflows', REGION: 'region',
  ORDER: 'order', API_KEY: 'api_key', STORE: 'store', CURRENCY: 'currency', FILE: 'file', NOTIFICATION: 'notification', INDEX: 'index',
  LOCKING: 'locking', SETTINGS: 'settings', CACHING: 'caching', TRANSLATION: 'translation', RBAC: 'rbac',
};
const READ_VERBS = ['listAndCount', 'list', 'retrieve'];
const WRITE_VERBS = ['softDelete', 'create', 'update', 'upsert', 'delete', 'restore'];
const LINK_STEPS = new Set(['createRemoteLinkStep', 'removeRemoteLinkStep', 'dismissRemoteLinkStep', 'updateRemoteLinksStep']);
const LINK_METHODS = new Set(['create', 'dismiss', 'delete', 'restore']);
const QUERY_STEPS = new Set(['useQueryGraphStep', 'useRemoteQueryStep']);

/** A side of a link: a module (`'company'` or a name to resolve) and a linkable key without `_id`. */
export interface LinkSide {
  /** the module's service name when written as a string or `Modules.X` */
  readonly service?: string;
  /** the local name of an imported module (`CompanyModule`) or of a key constant (`COMPANY_MODULE`) */
  readonly ref?: string;
  readonly key: string;
}

export interface MedusaLocal {
  /** `const Company = model.define('company', ...)`: local name -> table */
  readonly models: Record<string, { readonly table: string; readonly line: number }>;
  /** `Module(KEY, { service })` default export: the service name (or the constant naming it) */
  readonly moduleDefinition?: { readonly service?: string; readonly ref?: string; readonly serviceClass?: string };
  /** module-level string constants (`export const COMPANY_MODULE = 'company'`) */
  readonly constants: Record<string, string>;
  /** `class X extends MedusaService({ Company, Employee })`: class -> model key -> local name */
  readonly services: Record<string, Record<string, string>>;
  readonly links: { readonly a: LinkSide; readonly b: LinkSide; readonly table?: string; readonly line: number }[];
  /** calls that may be generated or custom service methods: method -> lines */
  readonly serviceCalls: { readonly method: string; readonly line: number; readonly owner: string }[];
  readonly queries: { readonly entity: string; readonly line: number }[];
  /** link objects of a file that calls the link API */
  readonly linkWrites: { readonly a: LinkSide; readonly b: LinkSide; readonly line: number }[];
  flow?: FlowLocal;
}

export const medusaAnalyzer: Analyzer<MedusaLocal> = {
  name: 'medusa-dml',
  enablers: ['@medusajs/framework', '@medusajs/utils', '@medusajs/medusa'],
  concern: 'data',
  accepts: (text) => /medusa|MedusaService|defineLink|\.graph\(|RemoteLink|\.resolve\s*[(<]|\b(?:list|listAndCount|retrieve|create|update|upsert|delete|softDelete|restore)[A-Z]\w*\s*\(/.test(text),
  collect: (file) => collectMedusa(file.sourceFile),
  link: linkMedusa,
};

// ---------------------------------------------------------------------------------------------
// collect

export function collectMedusa(sf: ts.SourceFile): MedusaLocal | undefined {
  const index = fileIndex(sf);
  const local: MedusaLocal = { models: {}, constants: {}, services: {}, links: [], serviceCalls: [], queries: [], linkWrites: [] };
  let moduleDefinition: MedusaLocal['moduleDefinition'];
  for (const node of index.variables) {
    if (!ts.isIdentifier(node.name) || !node.initializer || !isModuleLevel(node)) continue;
    const init = skipOuter(node.initializer);
    const s = literalText(init);
    if (s !== undefined) local.constants[node.name.text] = s;
    const table = ts.isCallExpression(init) ? dmlTable(init) : undefined;
    if (table !== undefined) local.models[node.name.text] = { table, line: lineOf(init) };
  }
  for (const node of index.classes) {
    const base = node.heritageClauses?.flatMap((h) => h.types).find((t) => ts.isCallExpression(t.expression));
    const call = base && (base.expression as ts.CallExpression);
    const name = node.name?.text;
    if (!call || name === undefined || !ts.isIdentifier(call.expression) || call.expression.text !== 'MedusaService') continue;
    const models: Record<string, string> = {};
    const arg = call.arguments[0] && skipOuter(call.arguments[0]);
    if (arg && ts.isObjectLiteralExpression(arg)) {
      for (const p of arg.properties) {
        if (ts.isShorthandPropertyAssignment(p)) models[p.name.text] = p.name.text;
        else if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && ts.isIdentifier(skipOuter(p.initializer))) models[p.name.text] = (skipOuter(p.initializer) as ts.Identifier).text;
      }
    }
    local.services[name] = models;
  }
  let callsLinkApi = false;
  const linkObjects: MedusaLocal['linkWrites'][number][] = [];
  for (const call of index.calls) {
    const callee = call.expression;
    const fn = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (fn === undefined) continue;
    if (fn === 'Module' && ts.isIdentifier(callee) && call.arguments[0]) {
      const key = skipOuter(call.arguments[0]);
      const service = literalText(key);
      const serviceClass = objectProperty(call.arguments[1], 'service');
      const cls = serviceClass && ts.isIdentifier(skipOuter(serviceClass)) ? (skipOuter(serviceClass) as ts.Identifier).text : undefined;
      const def = service !== undefined ? { service } : ts.isIdentifier(key) ? { ref: key.text } : undefined;
      if (def) moduleDefinition = { ...def, ...(cls !== undefined ? { serviceClass: cls } : {}) };
      continue;
    }
    if (fn === 'defineLink' && ts.isIdentifier(callee) && call.arguments.length >= 2) {
      const a = linkableSide(call.arguments[0]!);
      const b = linkableSide(call.arguments[1]!);
      const options = call.arguments[2];
      if (!a || !b || isReadOnly(call.arguments[0]!) || isReadOnly(call.arguments[1]!) || objectProperty(options, 'readOnly')) continue;
      const tableExpr = objectProperty(objectProperty(options, 'database'), 'table');
      const table = tableExpr ? stringValue(tableExpr) : undefined;
      local.links.push({ a, b, line: lineOf(call), ...(table !== undefined ? { table } : {}) });
      continue;
    }
    if (LINK_STEPS.has(fn) || (LINK_METHODS.has(fn) && ts.isPropertyAccessExpression(callee) && /link/i.test(callee.expression.getText(sf)))) {
      callsLinkApi = true;
      continue;
    }
    const first = call.arguments[0];
    if ((fn === 'graph' || QUERY_STEPS.has(fn)) && first) {
      const entity = objectProperty(first, 'entity') ?? objectProperty(first, 'entry_point');
      const name = entity ? literalText(entity) : undefined;
      if (name !== undefined) local.queries.push({ entity: name, line: lineOf(call) });
      continue;
    }
    if (ts.isPropertyAccessExpression(callee) && /^[a-z]\w*$/.test(fn)) local.serviceCalls.push({ method: fn, line: lineOf(call), owner: ownerOf(call) });
  }
  // link objects, wherever the file builds them (often in a transform() before the link step)
  if (callsLinkApi) {
    walkAst(sf, (n) => {
      if (ts.isObjectLiteralExpression(n)) {
        const link = linkObject(n);
        if (link) linkObjects.push(link);
      }
    });
  }
  if (moduleDefinition) (local as { moduleDefinition?: MedusaLocal['moduleDefinition'] }).moduleDefinition = moduleDefinition;
  local.linkWrites.push(...linkObjects);
  const flow = Object.keys(local.services).length || local.serviceCalls.length ? collectFlow(sf) : undefined;
  if (flow) local.flow = flow;
  const empty =
    !Object.keys(local.models).length && !moduleDefinition && !Object.keys(local.services).length && !local.links.length &&
    !local.serviceCalls.length && !local.queries.length && !local.linkWrites.length && !Object.keys(local.constants).length;
  return empty ? undefined : local;
}

/** `model.define('company', {...})`, `model.define({ name: 'Company', tableName: 'company' }, {...})` -> the table */
function dmlTable(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'define' || !ts.isIdentifier(callee.expression) || callee.expression.text !== 'model') return undefined;
  const first = call.arguments[0];
  if (!first || !call.arguments[1]) return undefined;
  const direct = literalText(first);
  if (direct !== undefined) return direct;
  const tableName = objectProperty(first, 'tableName') ?? objectProperty(first, 'name');
  return tableName ? literalText(tableName) : undefined;
}

/** `CompanyModule.linkable.employee` or `{ linkable: CompanyModule.linkable.employee, ... }` */
function linkableSide(arg: ts.Expression): LinkSide | undefined {
  let e = skipOuter(arg);
  if (ts.isObjectLiteralExpression(e)) {
    const l = objectProperty(e, 'linkable');
    if (!l) return undefined;
    e = skipOuter(l);
  }
  if (!ts.isPropertyAccessExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== 'linkable') return undefined;
  const mod = skipOuter(e.expression.expression);
  if (!ts.isIdentifier(mod)) return undefined;
  return { ref: mod.text, key: snake(e.name.text) };
}

function isReadOnly(arg: ts.Expression): boolean {
  const v = objectProperty(arg, 'readOnly');
  return !!v && skipOuter(v).kind === ts.SyntaxKind.TrueKeyword;
}

/** `{ [COMPANY_MODULE]: { company_id: x }, [Modules.CART]: { cart_id: y } }` */
function linkObject(o: ts.ObjectLiteralExpression): MedusaLocal['linkWrites'][number] | undefined {
  if (o.properties.length !== 2) return undefined;
  const sides: LinkSide[] = [];
  for (const p of o.properties) {
    if (!ts.isPropertyAssignment(p)) return undefined;
    const value = skipOuter(p.initializer);
    if (!ts.isObjectLiteralExpression(value) || value.properties.length !== 1) return undefined;
    const inner = value.properties[0]!;
    const field = (ts.isPropertyAssignment(inner) || ts.isShorthandPropertyAssignment(inner)) && ts.isIdentifier(inner.name) ? inner.name.text : undefined;
    if (field === undefined || !field.endsWith('_id')) return undefined;
    const key = field.slice(0, -3);
    let side: LinkSide | undefined;
    if (ts.isComputedPropertyName(p.name)) {
      const k = skipOuter(p.name.expression);
      const s = literalText(k);
      if (s !== undefined) side = { service: s, key };
      else if (ts.isPropertyAccessExpression(k) && ts.isIdentifier(k.expression) && k.expression.text === 'Modules') side = own(MODULES, k.name.text) !== undefined ? { service: MODULES[k.name.text]!, key } : undefined;
      else if (ts.isIdentifier(k)) side = { ref: k.text, key };
    } else if (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) {
      side = { service: p.name.text, key };
    }
    if (!side) return undefined;
    sides.push(side);
  }
  return { a: sides[0]!, b: sides[1]!, line: lineOf(o) };
}

function snake(camel: string): string {
  return camel.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// link

function linkMedusa(ctx: LinkContext, locals: ReadonlyMap<string, MedusaLocal>): { entities: EntityFact[]; dataAccess: DataAccessFact[] } {
  const entities: EntityFact[] = [];
  const facts: DataAccessFact[] = [];

  const constantValue = (module: string, name: string): string | undefined => {
    const t = ctx.resolveBinding(module, name);
    return t ? own(locals.get(t.module)?.constants, t.name) : undefined;
  };
  /** The service name of a module reached by a local name: an imported module definition, a key constant, or `@medusajs/medusa/<module>`. */
  const serviceOf = (module: string, side: LinkSide): string | undefined => {
    if (side.service !== undefined) return side.service;
    const ref = side.ref!;
    const direct = constantValue(module, ref);
    if (direct !== undefined) return direct;
    const t = ctx.resolveBinding(module, ref);
    const def = t && locals.get(t.module)?.moduleDefinition;
    if (def) return def.service ?? (def.ref !== undefined ? constantValue(t.module, def.ref) : undefined);
    const source = externalSource(ctx, module, ref);
    const m = source && /^@medusajs\/medusa\/([\w-]+)$/.exec(source);
    return m ? m[1]!.replace(/-/g, '_') : undefined;
  };

  // data models, service classes and their generated methods
  const methodTable = new Map<string, { table: string; access: 'read' | 'write'; entity: string }[]>();
  const tableByEntity = new Map<string, string>();
  const modelTable = (module: string, local: string): { table: string; module: string } | undefined => {
    const t = ctx.resolveBinding(module, local);
    const m = t && own(locals.get(t.module)?.models, t.name);
    return m && t ? { table: m.table, module: t.module } : undefined;
  };
  const serviceClasses = new Set<string>();
  for (const [module, local] of locals) {
    for (const [name, m] of Object.entries(local.models)) {
      entities.push({ name, table: m.table, via: 'medusa', module, line: m.line });
      tableByEntity.set(m.table.toLowerCase(), m.table);
      tableByEntity.set(inflectionPluralize(m.table).toLowerCase(), m.table);
    }
    for (const [cls, models] of Object.entries(local.services)) {
      serviceClasses.add(`${module}\0${cls}`);
      for (const [key, localName] of Object.entries(models)) {
        const m = modelTable(module, localName);
        if (!m) continue;
        for (const suffix of new Set([key, inflectionPluralize(key), `${key}s`])) {
          for (const verb of READ_VERBS) addMethod(`${verb}${suffix}`, { table: m.table, access: 'read', entity: key });
          for (const verb of WRITE_VERBS) addMethod(`${verb}${suffix}`, { table: m.table, access: 'write', entity: key });
        }
      }
    }
  }
  function addMethod(method: string, e: { table: string; access: 'read' | 'write'; entity: string }): void {
    const list = methodTable.get(method) ?? [];
    if (!list.some((x) => x.table === e.table && x.access === e.access)) list.push(e);
    methodTable.set(method, list);
  }

  // a service's own methods do what their bodies do (`hasPendingApprovals` lists approvals)
  const flowLocals = new Map<string, FlowLocal>();
  const callsByOwner = new Map<string, { method: string }[]>();
  for (const [module, local] of locals) {
    if (local.flow) flowLocals.set(module, local.flow);
    for (const c of local.serviceCalls) {
      const k = `${module}\0${c.owner}`;
      callsByOwner.set(k, [...(callsByOwner.get(k) ?? []), c]);
    }
  }
  const generated = (method: string): Effect[] => (methodTable.get(method) ?? []).map((e) => ({ table: e.table, access: e.access, entity: e.entity }));
  const flow = new RepositoryFlow(ctx, flowLocals, {
    direct: (_c, declaring, method) => (callsByOwner.get(`${declaring.module}\0${declaring.name}#${method}`) ?? []).flatMap((c) => generated(c.method)),
    hasDirect: (module, owner) => callsByOwner.has(`${module}\0${owner}`),
    isDataClass: (cls) => serviceClasses.has(`${cls.module}\0${cls.name}`),
  });
  const customMethods = new Map<string, Effect[]>();
  for (const key of serviceClasses) {
    const [module, name] = key.split('\0') as [string, string];
    const cls = flow.resolveClass(module, name);
    for (const method of cls?.decl.methods ?? []) customMethods.set(method, [...(customMethods.get(method) ?? []), ...flow.effects(cls!, method)]);
  }

  // link tables: defined pairs -> table
  const linkTables = new Map<string, string>();
  const pairKey = (a: { service: string; key: string }, b: { service: string; key: string }): string => [`${a.service}.${a.key}`, `${b.service}.${b.key}`].sort().join('|');
  for (const [module, local] of locals) {
    for (const l of local.links) {
      const sa = serviceOf(module, l.a);
      const sb = serviceOf(module, l.b);
      if (sa === undefined || sb === undefined) continue;
      const table = l.table ?? [sa, l.a.key, sb, l.b.key].join('_');
      entities.push({ name: table, table, via: 'medusa', module, line: l.line });
      linkTables.set(pairKey({ service: sa, key: l.a.key }, { service: sb, key: l.b.key }), table);
    }
  }

  for (const [module, local] of locals) {
    for (const c of local.serviceCalls) {
      const effects = generated(c.method).length ? generated(c.method) : (customMethods.get(c.method) ?? []);
      for (const e of effects) facts.push(accessFact(module, e.table, e.access, 'medusa', c.line, e.entity));
    }
    for (const q of local.queries) {
      const table = tableByEntity.get(q.entity.toLowerCase());
      if (table !== undefined) facts.push(accessFact(module, table, 'read', 'medusa', q.line));
    }
    for (const w of local.linkWrites) {
      const sa = serviceOf(module, w.a);
      const sb = serviceOf(module, w.b);
      if (sa === undefined || sb === undefined) continue;
      const table = linkTables.get(pairKey({ service: sa, key: w.a.key }, { service: sb, key: w.b.key }));
      if (table !== undefined) facts.push(accessFact(module, table, 'write', 'medusa', w.line));
    }
  }
  return { entities: finishEntities(entities, ctx.report), dataAccess: finishAccesses(facts, ctx.report) };
}

/** The package a local name is imported from, when it is not a project module. */
function externalSource(ctx: LinkContext, module: string, name: string): string | undefined {
  const text = ctx.readText(module);
  if (text === undefined) return undefined;
  const re = new RegExp(String.raw`import\s+(?:type\s+)?${name}\s*(?:,\s*\{[^}]*\})?\s+from\s+['"]([^'"]+)['"]`);
  return re.exec(text)?.[1];
}

/**
 * Sequelize: models and the tables they read and write.
 *
 * Models: `sequelize.define('Order', attrs, { tableName })`; `class Order extends Model {}` with
 * `Order.init(attrs, { sequelize, tableName })` in the same file; sequelize-typescript
 * `@Table({ tableName })` classes. Without `tableName` the table is the model name pluralised
 * and lower-cased (`Order` -> `orders`, `Category` -> `categories`; see table-naming.ts), or the
 * model name itself with `freezeTableName: true`.
 *
 * Accesses: static calls on a model (`Order.findAll()`, `this.orderModel.create()` with
 * `@InjectModel(Order) orderModel: typeof Order`, `db.Order.findByPk()` through a model registry)
 * and instance calls (`order.save()`, `order.destroy()`) when the receiver is visibly an instance:
 * created or loaded in the same function (`new Order()`, `Order.build()`, `await Order.findByPk()`)
 * or typed with the model class. Unclear receivers are skipped.
 */
import ts from '../../src/shared/typescript.cjs';
import type { DataAccessFact, EntityFact } from '../../src/shared/facts.js';
import type { Analyzer, LinkContext, SymbolTarget } from '../types.js';
import { accessFact, finishAccesses, finishEntities, indexByName, resolveDeclaration, own, type AliasOf } from './declarations.js';
import { commonJsExportName, fileIndex, type RequiredName } from './file-index.js';
import { stringValue } from './string-value.js';
import {
  asMemberCall,
  classMembers,
  decoratorsOf,
  enclosingClass,
  extendsOf,
  findDeclaration,
  isModuleLevel,
  lineOf,
  literalBoolean,
  literalText,
  objectProperty,
  skipOuter,
  typeRefOf,
  type DecoratorCall,
  type ImportedName,
} from './syntax.js';
import { sequelizeTableName } from './table-naming.js';
import { textFilter } from './text-filter.js';

const STATIC_READ = ['findAll', 'findOne', 'findByPk', 'findAndCountAll', 'count', 'max', 'min', 'sum', 'aggregate'];
const STATIC_WRITE = ['create', 'bulkCreate', 'update', 'destroy', 'upsert', 'increment', 'decrement', 'truncate', 'findOrCreate', 'findCreateFind', 'restore'];
const INSTANCE_READ = ['reload'];
const INSTANCE_WRITE = ['save', 'update', 'destroy', 'increment', 'decrement', 'restore'];
/** Static methods that return an instance of the model. */
const RETURNS_INSTANCE = new Set(['build', 'create', 'findOne', 'findByPk']);

export type SequelizeRef =
  /** a model constant or class visible in the module (possibly `ns.Order` through a namespace import) */
  | { readonly kind: 'name'; readonly name: string }
  /** `db.Order`, `sequelize.models.Order`: a model by its name */
  | { readonly kind: 'model-name'; readonly name: string };

export interface SequelizeModel {
  readonly model: string;
  readonly table: string;
  readonly line: number;
}

export interface SequelizeUse {
  readonly ref: SequelizeRef;
  readonly access: 'read' | 'write';
  readonly line: number;
}

export interface SequelizeLocal {
  /** module-level names bound to a model (a `define()` result or a model class), or aliases */
  readonly models: Record<string, SequelizeModel | AliasOf>;
  /** `define()` calls not bound at module level (e.g. in sequelize-cli model factories) */
  readonly unnamedModels: SequelizeModel[];
  readonly uses: SequelizeUse[];
  /** names taken with a destructuring `require` */
  requiredNames?: Record<string, RequiredName>;
}

export const sequelizeAnalyzer: Analyzer<SequelizeLocal> = {
  name: 'sequelize',
  enablers: ['sequelize', 'sequelize-typescript', '@nestjs/sequelize'],
  concern: 'data',
  accepts: textFilter(['sequelize', 'Sequelize'], [...STATIC_READ, ...STATIC_WRITE, ...INSTANCE_READ, ...INSTANCE_WRITE], { commonJs: true }),
  collect: (file) => collectSequelize(file.sourceFile),
  link: linkSequelize,
};

// ---------------------------------------------------------------------------------------------
// collect

export function collectSequelize(sf: ts.SourceFile): SequelizeLocal | undefined {
  const index = fileIndex(sf);
  const imports = index.imports;
  const importsSequelize = [...imports.values()].some((i) => isSequelizePackage(i.source));
  const local: SequelizeLocal = { models: {}, unnamedModels: [], uses: [] };
  const staticRead = new Set(STATIC_READ);
  const staticWrite = new Set(STATIC_WRITE);
  const instanceRead = new Set(INSTANCE_READ);
  const instanceWrite = new Set(INSTANCE_WRITE);

  // `Order.init(attrs, options)` anywhere in the file: class name -> options
  const inits = new Map<string, ts.Expression | undefined>();
  for (const node of index.calls) {
    const mc = asMemberCall(node);
    if (mc?.method === 'init' && ts.isIdentifier(mc.receiver) && mc.call.arguments.length >= 1) inits.set(mc.receiver.text, mc.call.arguments[1]);
  }

  for (const node of index.classes) {
    if (!ts.isClassDeclaration(node) || !node.name) continue;
    const model = modelClass(node, imports, inits);
    if (model && isModuleLevel(node)) local.models[node.name.text] = model;
    else if (model) local.unnamedModels.push(model);
  }
  for (const node of index.variables) {
    if (!ts.isIdentifier(node.name) || !node.initializer || !isModuleLevel(node)) continue;
    const init = skipOuter(node.initializer);
    if (ts.isIdentifier(init)) local.models[node.name.text] = { aliasOf: init.text };
  }
  for (const e of index.commonJsExports) {
    const v = skipOuter(e.value);
    if (ts.isIdentifier(v) && v.text !== e.name) local.models[e.name] = { aliasOf: v.text };
  }
  if (Object.keys(index.requiredNames).length) local.requiredNames = { ...index.requiredNames };
  for (const node of index.calls) {
    const mc = asMemberCall(node);
    if (!mc) continue;
    if (mc.method === 'define') {
      const model = defineCall(mc.call, importsSequelize);
      if (model) {
        const p = mc.call.parent;
        if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name) && isModuleLevel(p)) local.models[p.name.text] = model;
        else if (ts.isExportAssignment(p)) local.models['default'] = model;
        else if (commonJsExportName(mc.call) !== undefined) local.models[commonJsExportName(mc.call)!] = model;
        else local.unnamedModels.push(model);
      }
      continue;
    }
    const line = lineOf(node);
    if (staticRead.has(mc.method) || staticWrite.has(mc.method)) {
      const ref = modelRef(mc.receiver, 0);
      if (ref) {
        local.uses.push({ ref, access: staticWrite.has(mc.method) ? 'write' : 'read', line });
        continue;
      }
    }
    if (instanceRead.has(mc.method) || instanceWrite.has(mc.method)) {
      const ref = instanceModel(mc.receiver);
      if (ref) local.uses.push({ ref, access: instanceWrite.has(mc.method) ? 'write' : 'read', line });
    }
  }

  return Object.keys(local.models).length || local.unnamedModels.length || local.uses.length || local.requiredNames ? local : undefined;
}

function isSequelizePackage(source: string): boolean {
  return source === 'sequelize' || source === 'sequelize-typescript' || source.startsWith('@sequelize/');
}

/** `sequelize.define('Order', { ... }, { tableName })` */
function defineCall(call: ts.CallExpression, importsSequelize: boolean): SequelizeModel | undefined {
  const name = literalText(call.arguments[0]);
  const attrs = call.arguments[1] && skipOuter(call.arguments[1]);
  if (name === undefined || !attrs) return undefined;
  // `customElements.define('x-tag', Class)` and the like: Sequelize takes an attributes object
  if (!ts.isObjectLiteralExpression(attrs) && !importsSequelize) return undefined;
  return { model: name, table: tableFromOptions(name, call.arguments[2]), line: lineOf(call) };
}

/** `class Order extends Model` with `Order.init(...)` in the file, or a sequelize-typescript `@Table` class. */
function modelClass(node: ts.ClassDeclaration, imports: ReadonlyMap<string, ImportedName>, inits: ReadonlyMap<string, ts.Expression | undefined>): SequelizeModel | undefined {
  const name = node.name!.text;
  const base = extendsOf(node);
  const baseImport = base ? imports.get(base.name.split('.')[0]!) : undefined;
  const extendsModel = !!base && (base.name === 'Model' || base.name.endsWith('.Model')) && (!baseImport || isSequelizePackage(baseImport.source));
  const table = decoratorsOf(node).find((d: DecoratorCall) => d.name === 'Table');
  const line = lineOf(node.name!);
  if (inits.has(name) && extendsModel) {
    const options = inits.get(name);
    const modelName = optionString(options, 'modelName') ?? name;
    return { model: modelName, table: tableFromOptions(modelName, options), line };
  }
  if (table && extendsModel) {
    const options = table.args[0];
    const modelName = optionString(options, 'modelName') ?? name;
    return { model: modelName, table: tableFromOptions(modelName, options), line };
  }
  return undefined;
}

function optionString(options: ts.Expression | undefined, key: string): string | undefined {
  const v = objectProperty(options, key);
  return v ? stringValue(v) : undefined;
}

function tableFromOptions(modelName: string, options: ts.Expression | undefined): string {
  const explicit = optionString(options, 'tableName');
  if (explicit !== undefined) return explicit;
  if (literalBoolean(objectProperty(options, 'freezeTableName'))) return modelName;
  return sequelizeTableName(modelName, literalBoolean(objectProperty(options, 'underscored')) ?? false);
}

/** What model a receiver of a static call is. */
function modelRef(expr: ts.Expression, depth: number): SequelizeRef | undefined {
  if (depth > 8) return undefined;
  const e = skipOuter(expr);
  if (ts.isIdentifier(e)) {
    const decl = findDeclaration(e.text, e);
    if (!decl || decl.moduleLevel) return { kind: 'name', name: e.text };
    if (decl.kind === 'parameter' && !decl.destructured) return injectedModel(decoratorsOf(decl.node)) ?? staticType(decl.node.type);
    if (decl.kind === 'variable' && !decl.destructured) {
      return staticType(decl.node.type) ?? (decl.node.initializer ? modelRef(decl.node.initializer, depth + 1) : undefined);
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(e);
    const member = cls && classMembers(cls).get(e.name.text);
    if (!member) return undefined;
    return injectedModel(member.decorators) ?? staticType(member.type) ?? (member.initializer ? modelRef(member.initializer, depth + 1) : undefined);
  }
  if (ts.isPropertyAccessExpression(e) && /^[A-Z]/.test(e.name.text)) {
    // models.Order through `import * as models`, else a registry: db.Order, sequelize.models.Order
    const base = skipOuter(e.expression);
    // (a required registry stays a registry: sequelize-cli's models/index.js fills `db` at run time)
    if (ts.isIdentifier(base) && findDeclaration(base.text, base)?.kind === 'import') return { kind: 'name', name: `${base.text}.${e.name.text}` };
    return { kind: 'model-name', name: e.name.text };
  }
  return undefined;
}

/** `@InjectModel(Order)` */
function injectedModel(decorators: readonly DecoratorCall[]): SequelizeRef | undefined {
  for (const d of decorators) {
    if (d.name !== 'InjectModel') continue;
    const arg = d.args[0] && skipOuter(d.args[0]);
    if (arg && ts.isIdentifier(arg)) return { kind: 'name', name: arg.text };
  }
  return undefined;
}

/** `typeof Order`, `ModelStatic<Order>`, `ModelCtor<Order>`, `ModelDefined<...>` is not enough */
function staticType(type: ts.TypeNode | undefined): SequelizeRef | undefined {
  const t = typeRefOf(type);
  if (!t) return undefined;
  if (t.typeQuery) return { kind: 'name', name: t.name };
  if ((t.name === 'ModelStatic' || t.name === 'ModelCtor') && t.args[0]?.name) return { kind: 'name', name: t.args[0].name };
  return undefined;
}

/** The model of an instance receiver, when visible: `new Order()`, `Order.build()`, `await Order.findByPk()`, `order: Order`. */
function instanceModel(expr: ts.Expression): SequelizeRef | undefined {
  const e = skipOuter(expr);
  const fromExpression = (x: ts.Expression): SequelizeRef | undefined => {
    const v = skipOuter(x);
    if (ts.isNewExpression(v)) return modelRef(v.expression, 1);
    const mc = asMemberCall(v);
    if (mc && RETURNS_INSTANCE.has(mc.method)) return modelRef(mc.receiver, 1);
    return undefined;
  };
  if (!ts.isIdentifier(e)) return fromExpression(e);
  const decl = findDeclaration(e.text, e);
  if (!decl || decl.moduleLevel || (decl.kind !== 'parameter' && decl.kind !== 'variable') || decl.destructured) return undefined;
  const t = typeRefOf(decl.node.type);
  if (t && !t.typeQuery && !t.args.length && /^[A-Z]/.test(t.name)) return { kind: 'name', name: t.name };
  return decl.kind === 'variable' && decl.node.initializer ? fromExpression(decl.node.initializer) : undefined;
}

// ---------------------------------------------------------------------------------------------
// link

function linkSequelize(ctx: LinkContext, locals: ReadonlyMap<string, SequelizeLocal>): { entities: EntityFact[]; dataAccess: DataAccessFact[] } {
  const named: SymbolTarget[] = [];
  const byModelName = new Map<string, SequelizeModel[]>();
  for (const [module, local] of locals) {
    for (const [name, m] of Object.entries(local.models)) {
      named.push({ module, name });
      if (!('aliasOf' in m)) byModelName.set(m.model, [...(byModelName.get(m.model) ?? []), m]);
    }
    for (const m of local.unnamedModels) byModelName.set(m.model, [...(byModelName.get(m.model) ?? []), m]);
  }
  const byName = indexByName(named);
  const lookup = (module: string, name: string): SequelizeModel | AliasOf | undefined => own(locals.get(module)?.models, name);

  const resolve = (module: string, ref: SequelizeRef): SequelizeModel | undefined => {
    if (ref.kind === 'name') return resolveDeclaration(ctx, module, ref.name, lookup, { byName, requiredNames: (m) => locals.get(m)?.requiredNames })?.decl;
    const models = byModelName.get(ref.name);
    return models && models.every((m) => m.table === models[0]!.table) ? models[0] : undefined;
  };

  const facts: DataAccessFact[] = [];
  const entities: EntityFact[] = [];
  for (const [module, local] of locals) {
    for (const use of local.uses) {
      const m = resolve(module, use.ref);
      if (m) facts.push(accessFact(module, m.table, use.access, 'sequelize', use.line, m.model));
    }
    for (const m of [...Object.values(local.models), ...local.unnamedModels]) {
      if (!('aliasOf' in m)) entities.push({ name: m.model, table: m.table, via: 'sequelize', module, line: m.line });
    }
  }
  return { entities: finishEntities(entities), dataAccess: finishAccesses(facts) };
}

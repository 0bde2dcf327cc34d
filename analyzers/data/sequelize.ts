/**
 * Sequelize: models and the tables they read and write.
 *
 * Models: `sequelize.define('Order', attrs, { tableName })`; a class with `Order.init(attrs, { sequelize, tableName, modelName })`
 * in the same file; a sequelize-typescript `@Table({ tableName, modelName })` class, whatever
 * project base class it extends. Without `tableName` the table is the model name pluralised with
 * the `inflection` package, case kept (`Order` -> `Orders`), snake-cased with `underscored: true`,
 * or the model name itself with `freezeTableName: true` (sequelize lib/model.js `Model.init`:
 * `freezeTableName ? name : underscoredIf(pluralize(name), underscored)`; see table-naming.ts).
 * `belongsToMany(X, { through: 'name' })` and `@BelongsToMany(() => X, { through: 'name' })`
 * with a string create that join table.
 *
 * Accesses: static calls on a model (`Order.findAll()`, `Order.scope('x').findAll()`,
 * `this.orderModel.create()` with `@InjectModel(Order) orderModel: typeof Order`), a model reached
 * through a registry (`db.Order`, `this.models.User`, `sequelize.models.user`, by model name),
 * `this` inside a model's own methods, and instance calls (`order.save()`, `order.destroy()`) when
 * the receiver is visibly an instance: created or loaded in the same function (`new Order()`,
 * `Order.build()`, `await Order.findByPk()`) or typed with the model class. Association mixins
 * of sequelize-typescript read and write the associated model's table (`user.$get('groups')`,
 * `user.$create('group', {...})`). A model's own custom methods (static or instance, also those
 * inherited from a project base model) are followed: calling one does what its body does
 * (repository-effects.ts). Unclear receivers are skipped.
 */
import ts from '../../src/shared/typescript.cjs';
import type { DataAccessFact, EntityFact } from '../../src/shared/facts.js';
import type { Analyzer, LinkContext, SymbolTarget } from '../types.js';
import { accessFact, finishAccesses, finishEntities, indexByName, resolveDeclaration, own, type AliasOf } from './declarations.js';
import { commonJsExportName, fileIndex, type RequiredName } from './file-index.js';
import { collectFlow, ownerOf, type FlowLocal } from './repository-calls.js';
import { RepositoryFlow, type ClassRef, type Effect } from './repository-effects.js';
import { stringValue } from './string-value.js';
import {
  asMemberCall,
  boundProperty,
  classMembers,
  decoratorRoot,
  decoratorsOf,
  destructuredType,
  enclosingClass,
  extendsOf,
  findDeclaration,
  isModuleLevel,
  lineOf,
  literalBoolean,
  literalText,
  objectProperty,
  returnedType,
  skipOuter,
  typeRefOf,
  type DecoratorCall,
  type ImportedName,
} from './syntax.js';
import { inflectionPluralize, sequelizeTableName } from './table-naming.js';
import { textFilter, withRepositoryCalls } from './text-filter.js';

const STATIC_READ = ['findAll', 'findOne', 'findByPk', 'findAndCountAll', 'count', 'max', 'min', 'sum', 'aggregate'];
const STATIC_WRITE = ['create', 'bulkCreate', 'update', 'destroy', 'upsert', 'increment', 'decrement', 'truncate', 'findOrCreate', 'findCreateFind', 'restore'];
/** Reads and writes: `findOrCreate` looks the row up first. */
const STATIC_READ_WRITE = new Set(['findOrCreate', 'findCreateFind', 'upsert']);
const INSTANCE_READ = ['reload'];
const INSTANCE_WRITE = ['save', 'update', 'destroy', 'increment', 'decrement', 'restore'];
/** Static methods that return an instance of the model. */
const RETURNS_INSTANCE = new Set(['build', 'create', 'findOne', 'findByPk', 'findOrBuild']);
/** Static methods that return a list of instances of the model. */
const RETURNS_LIST = new Set(['findAll', 'bulkCreate']);
/** Array methods whose callback receives each element as its first parameter. */
const ELEMENT_CALLBACKS = new Set(['map', 'forEach', 'flatMap', 'filter', 'find', 'some', 'every', 'reduce']);
/** Array methods that return one of the elements. */
const ELEMENT_OF_LIST = new Set(['find', 'findLast', 'at', 'pop', 'shift']);
/** Static methods that return the model itself (a scoped copy). */
const RETURNS_MODEL = new Set(['scope', 'unscoped', 'schema']);
/** sequelize-typescript association mixins: `$get('children')` reads the children's table. */
const ASSOCIATION_READ = new Set(['$get', '$count', '$has']);
const ASSOCIATION_WRITE = new Set(['$create', '$add', '$set', '$remove']);
/** Mixins Sequelize names with a HasMany association's singular (`createTask` on `tasks`). */
const ASSOCIATION_SINGULAR = new Set(['$create', '$add', '$remove', '$has']);
/** Methods of every instance or model: never a project's custom method. */
const BUILT_IN = new Set([
  ...STATIC_READ, ...STATIC_WRITE, ...INSTANCE_READ, ...INSTANCE_WRITE, ...RETURNS_INSTANCE, ...RETURNS_MODEL, ...ASSOCIATION_READ, ...ASSOCIATION_WRITE,
  'get', 'set', 'toJSON', 'changed', 'previous', 'isNewRecord', 'validate', 'getDataValue', 'setDataValue', 'init', 'hasMany', 'belongsTo', 'hasOne', 'belongsToMany',
  'addHook', 'addScope', 'sync', 'drop', 'getTableName', 'describe', 'equals',
]);

export type SequelizeRef =
  /** a model constant or class visible in the module (possibly `ns.Order` through a namespace import) */
  | { readonly kind: 'name'; readonly name: string }
  /** `db.Order`, `sequelize.models.Order`: a model by its name */
  | { readonly kind: 'model-name'; readonly name: string }
  /** `this` inside a method of class `class` (a model, or a base model class) */
  | { readonly kind: 'this'; readonly class: string }
  /** `task.import` on an instance: the model of the association property, when it is one */
  | { readonly kind: 'association'; readonly of: SequelizeRef; readonly property: string };

export interface SequelizeModel {
  readonly model: string;
  readonly table: string;
  readonly line: number;
  /** the class, for class-based models */
  readonly class?: string;
  /** association properties of a sequelize-typescript class: property -> target class name */
  readonly associations?: Record<string, string>;
}

export interface SequelizeUse {
  readonly ref: SequelizeRef;
  readonly access: 'read' | 'write';
  readonly line: number;
  readonly owner: string;
  /** `$get('prop')`: the table is the one of the model's association `prop` */
  readonly association?: string;
  /** the mixin called, for `association` uses */
  readonly method?: string;
}

/** `order.markPaid()` on a visible instance: what the model's own method does. */
export interface SequelizeCustomCall {
  readonly ref: SequelizeRef;
  readonly method: string;
  readonly line: number;
}

export interface SequelizeLocal {
  /** module-level names bound to a model (a `define()` result or a model class), or aliases */
  readonly models: Record<string, SequelizeModel | AliasOf>;
  /** `define()` calls not bound at module level (e.g. in sequelize-cli model factories) */
  readonly unnamedModels: SequelizeModel[];
  readonly uses: SequelizeUse[];
  /** join tables named by a `through: 'name'` string */
  readonly joinTables: { readonly table: string; readonly line: number }[];
  readonly customCalls: SequelizeCustomCall[];
  /** names taken with a destructuring `require` */
  requiredNames?: Record<string, RequiredName>;
  flow?: FlowLocal;
}

const ACCEPTS = textFilter(['sequelize', 'Sequelize'], [...STATIC_READ, ...STATIC_WRITE, ...INSTANCE_READ, ...INSTANCE_WRITE], { commonJs: true });

export const sequelizeAnalyzer: Analyzer<SequelizeLocal> = {
  name: 'sequelize',
  enablers: ['sequelize', 'sequelize-typescript', '@nestjs/sequelize'],
  concern: 'data',
  accepts: withRepositoryCalls(ACCEPTS),
  collect: (file) => collectSequelize(file.sourceFile, ACCEPTS(file.text)),
  link: linkSequelize,
};

// ---------------------------------------------------------------------------------------------
// collect

export function collectSequelize(sf: ts.SourceFile, mentionsSequelize = true): SequelizeLocal | undefined {
  const flow = collectFlow(sf);
  const local: SequelizeLocal = { models: {}, unnamedModels: [], uses: [], joinTables: [], customCalls: [] };
  if (!mentionsSequelize) return flow ? { ...local, flow } : undefined;
  const index = fileIndex(sf);
  const imports = index.imports;
  const importsSequelize = [...imports.values()].some((i) => isSequelizePackage(i.source));
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
    if (mc.method === 'belongsToMany') {
      const through = throughTable(mc.call.arguments[1]);
      if (through !== undefined) local.joinTables.push({ table: through, line });
      continue;
    }
    const owner = ownerOf(node);
    if (staticRead.has(mc.method) || staticWrite.has(mc.method)) {
      const ref = modelRef(mc.receiver, 0);
      if (ref) {
        if (STATIC_READ_WRITE.has(mc.method)) local.uses.push({ ref, access: 'read', line, owner });
        local.uses.push({ ref, access: staticWrite.has(mc.method) ? 'write' : 'read', line, owner });
        continue;
      }
    }
    if (instanceRead.has(mc.method) || instanceWrite.has(mc.method)) {
      const ref = instanceModel(mc.receiver);
      if (ref) {
        local.uses.push({ ref, access: instanceWrite.has(mc.method) ? 'write' : 'read', line, owner });
        continue;
      }
    }
    if (ASSOCIATION_READ.has(mc.method) || ASSOCIATION_WRITE.has(mc.method)) {
      const ref = instanceModel(mc.receiver);
      const association = literalText(mc.call.arguments[0]);
      if (ref && association !== undefined) local.uses.push({ ref, access: ASSOCIATION_WRITE.has(mc.method) ? 'write' : 'read', line, owner, association, method: mc.method });
      continue;
    }
    if (!BUILT_IN.has(mc.method)) {
      // a custom method on a visible instance (static ones are followed from the class by repository-effects)
      const ref = instanceModel(mc.receiver);
      if (ref && ref.kind !== 'this') local.customCalls.push({ ref, method: mc.method, line });
    }
  }
  // sequelize-typescript `@BelongsToMany(() => Group, { through: 'user_groups' })`
  for (const node of index.classes) {
    for (const m of node.members) {
      for (const d of decoratorsOf(m)) {
        if (d.name !== 'BelongsToMany') continue;
        for (const arg of d.args.slice(1)) {
          const through = literalText(arg) ?? throughTable(arg);
          if (through !== undefined) local.joinTables.push({ table: through, line: lineOf(m) });
        }
      }
    }
  }
  if (flow) local.flow = flow;

  const empty = !local.flow && !Object.keys(local.models).length && !local.unnamedModels.length && !local.uses.length && !local.joinTables.length && !local.requiredNames;
  return empty ? undefined : local;
}

function isSequelizePackage(source: string): boolean {
  return source === 'sequelize' || source === 'sequelize-typescript' || source.startsWith('@sequelize/');
}

/** `{ through: 'user_groups' }` (a string: Sequelize creates that table); `{ through: UserGroup }` is a model of its own. */
function throughTable(options: ts.Expression | undefined): string | undefined {
  const v = objectProperty(options, 'through');
  if (!v) return undefined;
  return literalText(v) ?? literalText(objectProperty(v, 'model'));
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

/**
 * `class Order extends Model` with `Order.init(attrs, { sequelize })` in the file, or a
 * sequelize-typescript `@Table` class (whatever it extends: projects put base models in between).
 */
function modelClass(node: ts.ClassDeclaration, imports: ReadonlyMap<string, ImportedName>, inits: ReadonlyMap<string, ts.Expression | undefined>): SequelizeModel | undefined {
  const name = node.name!.text;
  const base = extendsOf(node);
  const baseImport = base ? imports.get(base.name.split('.')[0]!) : undefined;
  const extendsModel = !!base && (base.name === 'Model' || base.name.endsWith('.Model')) && (!baseImport || isSequelizePackage(baseImport.source));
  const table = decoratorsOf(node).find((d: DecoratorCall) => d.name === 'Table' && isTableDecorator(d, imports));
  const line = lineOf(node.name!);
  const associations = associationsOf(node);
  const withAssociations = (m: SequelizeModel): SequelizeModel => (Object.keys(associations).length ? { ...m, associations } : m);
  if (inits.has(name) && (extendsModel || objectProperty(inits.get(name), 'sequelize'))) {
    const options = inits.get(name);
    const modelName = optionString(options, 'modelName') ?? name;
    return withAssociations({ model: modelName, table: tableFromOptions(modelName, options), line, class: name });
  }
  if (table) {
    const options = table.args[0];
    const modelName = optionString(options, 'modelName') ?? name;
    return withAssociations({ model: modelName, table: tableFromOptions(modelName, options), line, class: name });
  }
  return undefined;
}

function isTableDecorator(d: DecoratorCall, imports: ReadonlyMap<string, ImportedName>): boolean {
  const root = decoratorRoot(d);
  const src = root === undefined ? undefined : imports.get(root)?.source;
  return src === undefined || src === 'sequelize-typescript';
}

/** `@HasMany(() => Document) documents`, `@BelongsTo(() => User, 'userId') user`: property -> target class. */
function associationsOf(node: ts.ClassDeclaration): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of node.members) {
    if (!ts.isPropertyDeclaration(m) || !ts.isIdentifier(m.name)) continue;
    for (const d of decoratorsOf(m)) {
      if (!['HasMany', 'HasOne', 'BelongsTo', 'BelongsToMany'].includes(d.name)) continue;
      const arg = d.args[0] && skipOuter(d.args[0]);
      const target = arg && ts.isArrowFunction(arg) && ts.isIdentifier(skipOuter(arg.body as ts.Expression)) ? (skipOuter(arg.body as ts.Expression) as ts.Identifier).text : undefined;
      if (target !== undefined) out[m.name.text] = target;
    }
  }
  return out;
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
  if (e.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(e);
    return cls?.name ? { kind: 'this', class: cls.name.text } : undefined;
  }
  if (ts.isIdentifier(e)) {
    const decl = findDeclaration(e.text, e);
    if (!decl || decl.moduleLevel) return { kind: 'name', name: e.text };
    if (decl.kind === 'parameter' && !decl.destructured) return injectedModel(decoratorsOf(decl.node)) ?? staticType(decl.node.type);
    if (decl.kind === 'variable' && !decl.destructured) {
      return staticType(decl.node.type) ?? (decl.node.initializer ? modelRef(decl.node.initializer, depth + 1) : undefined);
    }
    return undefined;
  }
  // `Order.scope('paid')`, `Order.unscoped()`: the same model
  if (ts.isCallExpression(e)) {
    const mc = asMemberCall(e);
    return mc && RETURNS_MODEL.has(mc.method) ? modelRef(mc.receiver, depth + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(e);
    // `this.constructor` in an instance method is the instance's class: the model itself
    if (e.name.text === 'constructor') return cls?.name ? { kind: 'this', class: cls.name.text } : undefined;
    const member = cls && classMembers(cls).get(e.name.text);
    if (!member) return undefined;
    return injectedModel(member.decorators) ?? staticType(member.type) ?? (member.initializer ? modelRef(member.initializer, depth + 1) : undefined);
  }
  if (ts.isPropertyAccessExpression(e)) {
    const base = skipOuter(e.expression);
    // a registry of models by name: `sequelize.models.user`, `this.models.User`
    if (ts.isPropertyAccessExpression(base) && base.name.text === 'models') return { kind: 'model-name', name: e.name.text };
    if (!/^[A-Z]/.test(e.name.text)) return undefined;
    // models.Order through `import * as models`, else a registry: db.Order
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

/** The model of an instance receiver, when visible: `this` in a model method, `new Order()`, `Order.build()`, `await Order.findByPk()`, `order: Order`. */
function instanceModel(expr: ts.Expression, depth = 0): SequelizeRef | undefined {
  if (depth > 4) return undefined;
  const e = skipOuter(expr);
  if (e.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(e);
    return cls?.name ? { kind: 'this', class: cls.name.text } : undefined;
  }
  const fromExpression = (x: ts.Expression): SequelizeRef | undefined => {
    const v = skipOuter(x);
    if (ts.isNewExpression(v)) return modelRef(v.expression, 1);
    const mc = asMemberCall(v);
    if (mc && RETURNS_INSTANCE.has(mc.method)) return modelRef(mc.receiver, 1);
    // one element of a loaded list: `list.find(...)`, `list.at(-1)`, `list.pop()`, `list[0]`
    if (mc && ELEMENT_OF_LIST.has(mc.method)) return listModel(mc.receiver, 0);
    if (ts.isElementAccessExpression(v)) return listModel(v.expression, 0);
    // `a ?? b`, `a || b`: either is the instance
    if (ts.isBinaryExpression(v) && (v.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || v.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      return instanceModel(v.left, depth + 1) ?? instanceModel(v.right, depth + 1);
    }
    // `task.import`: an association of a visible instance (link keeps it only if the model declares one)
    if (ts.isPropertyAccessExpression(v) && ts.isIdentifier(v.name)) {
      const of = instanceModel(v.expression, depth + 1);
      if (of) return { kind: 'association', of, property: v.name.text };
    }
    return undefined;
  };
  if (!ts.isIdentifier(e)) return fromExpression(e);
  const decl = findDeclaration(e.text, e);
  if (!decl || decl.moduleLevel || (decl.kind !== 'parameter' && decl.kind !== 'variable')) return undefined;
  // an element of a loaded list: `for (const op of ops)`, `ops.map((op) => op.save())` with `ops = await Op.findAll()`
  if (!decl.destructured && !decl.node.type) {
    const element = elementOf(decl.node);
    const listed = element && listModel(element, 0);
    if (listed) return listed;
  }
  // `({ team }: Props)` with `type Props = { team: Team }`: the property's declared type
  const declared = decl.destructured ? destructuredType(decl.node, e.text) : decl.node.type;
  // `const { user } = await validate(ctx)`: what a same-file function declares it returns
  const t = typeRefOf(declared ?? (decl.kind === 'variable' && ts.isVariableDeclaration(decl.node) ? returnedType(decl.node, e.text) : undefined));
  // `Integration<IntegrationType.Embed>`: a generic model (link keeps the name only if it is a model)
  if (t && !t.typeQuery && /^[A-Z]/.test(t.name)) return { kind: 'name', name: t.name };
  // `const { authentication } = integration`: an association of a visible instance
  if (decl.kind === 'variable' && decl.destructured && decl.node.initializer && ts.isObjectBindingPattern(decl.node.name)) {
    const property = boundProperty(decl.node.name, e.text);
    const of = property !== undefined ? instanceModel(decl.node.initializer, depth + 1) : undefined;
    if (of && property !== undefined) return { kind: 'association', of, property };
  }
  // a destructured variable's initializer is the object holding the instance, not the instance
  return decl.kind === 'variable' && !decl.destructured && decl.node.initializer ? fromExpression(decl.node.initializer) : undefined;
}

/** The list a declaration takes each element of: a `for...of` variable's list, an array callback's first parameter's receiver. */
function elementOf(node: ts.VariableDeclaration | ts.ParameterDeclaration): ts.Expression | undefined {
  if (ts.isVariableDeclaration(node)) {
    const loop = node.parent.parent;
    return ts.isForOfStatement(loop) && loop.initializer === node.parent ? loop.expression : undefined;
  }
  const fn = node.parent;
  const index = ts.isFunctionLike(fn) ? fn.parameters.indexOf(node) : -1;
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== fn || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  const method = call.expression.name.text;
  // `reduce((acc, item) => ...)`: the element is the second parameter
  if (!ELEMENT_CALLBACKS.has(method) || index !== (method === 'reduce' ? 1 : 0)) return undefined;
  return call.expression.expression;
}

/** The model of a list of instances: `await Order.findAll()`, or a local variable holding one. */
function listModel(expr: ts.Expression, depth: number): SequelizeRef | undefined {
  const v = skipOuter(expr);
  const mc = asMemberCall(v);
  if (mc && RETURNS_LIST.has(mc.method)) return modelRef(mc.receiver, 1);
  // `ops.filter(...)` is still a list of the same instances
  if (mc && (mc.method === 'filter' || mc.method === 'slice') && depth < 4) return listModel(mc.receiver, depth + 1);
  if (!ts.isIdentifier(v) || depth >= 4) return undefined;
  const decl = findDeclaration(v.text, v);
  if (!decl || decl.moduleLevel || decl.kind !== 'variable' || decl.destructured || !decl.node.initializer) return undefined;
  return listModel(decl.node.initializer, depth + 1);
}

// ---------------------------------------------------------------------------------------------
// link

function linkSequelize(ctx: LinkContext, locals: ReadonlyMap<string, SequelizeLocal>): { entities: EntityFact[]; dataAccess: DataAccessFact[] } {
  const named: SymbolTarget[] = [];
  const byModelName = new Map<string, SequelizeModel[]>();
  const byClass = new Map<string, SequelizeModel>();
  for (const [module, local] of locals) {
    for (const [name, m] of Object.entries(local.models)) {
      named.push({ module, name });
      if ('aliasOf' in m) continue;
      byModelName.set(m.model, [...(byModelName.get(m.model) ?? []), m]);
      if (m.class !== undefined) byClass.set(`${module}\0${m.class}`, m);
    }
    for (const m of local.unnamedModels) byModelName.set(m.model, [...(byModelName.get(m.model) ?? []), m]);
  }
  const byName = indexByName(named);
  const lookup = (module: string, name: string): SequelizeModel | AliasOf | undefined => own(locals.get(module)?.models, name);
  const resolveName = (module: string, name: string): { module: string; model: SequelizeModel } | undefined => {
    const d = resolveDeclaration(ctx, module, name, lookup, { byName, requiredNames: (m) => locals.get(m)?.requiredNames });
    return d ? { module: d.module, model: d.decl } : undefined;
  };

  const flowLocals = new Map<string, FlowLocal>();
  const usesByOwner = new Map<string, SequelizeUse[]>();
  for (const [module, local] of locals) {
    if (local.flow) flowLocals.set(module, local.flow);
    for (const use of local.uses) {
      const k = `${module}\0${use.owner}`;
      usesByOwner.set(k, [...(usesByOwner.get(k) ?? []), use]);
    }
  }

  /** `this` in a method of a model class, or of a base class the concrete model extends (`flow` is built below). */
  const resolve = (module: string, ref: SequelizeRef, self: ClassRef | undefined): { module: string; model: SequelizeModel } | undefined => {
    if (ref.kind === 'name') return resolveName(module, ref.name);
    if (ref.kind === 'association') {
      const owner = resolve(module, ref.of, self);
      const target = owner?.module ? own(owner.model.associations, ref.property) : undefined;
      return target !== undefined && owner ? resolveName(owner.module, target) : undefined;
    }
    if (ref.kind === 'this') {
      const cls = self ?? flow.resolveClass(module, ref.class);
      const m = cls && byClass.get(`${cls.module}\0${cls.name}`);
      return m && cls ? { module: cls.module, model: m } : undefined;
    }
    const models = byModelName.get(ref.name) ?? [...byModelName.entries()].find(([n]) => n.toLowerCase() === ref.name.toLowerCase())?.[1];
    return models && models.every((m) => m.table === models[0]!.table) ? { module: '', model: models[0]! } : undefined;
  };
  const tableOfUse = (module: string, use: SequelizeUse, self: ClassRef | undefined): { table: string; model: string } | undefined => {
    const r = resolve(module, use.ref, self);
    if (!r) return undefined;
    if (use.association === undefined) return { table: r.model.table, model: r.model.model };
    // `$create('authenticationProvider')` on `authenticationProviders`: sequelize-typescript calls
    // `'create' + capitalize(key)`, and Sequelize names a HasMany's create/add/remove/has mixins
    // with the singular (lib/associations/has-many.js `accessors`)
    const target =
      own(r.model.associations, use.association) ??
      (ASSOCIATION_SINGULAR.has(use.method ?? '') ? own(r.model.associations, inflectionPluralize(use.association)) : undefined);
    const t = target !== undefined && r.module ? resolveName(r.module, target) : undefined;
    return t ? { table: t.model.table, model: t.model.model } : undefined;
  };

  const flow: RepositoryFlow = new RepositoryFlow(ctx, flowLocals, {
    direct: (concrete, declaring, method) => {
      const out: Effect[] = [];
      for (const use of usesByOwner.get(`${declaring.module}\0${declaring.name}#${method}`) ?? []) {
        const t = tableOfUse(declaring.module, use, use.ref.kind === 'this' ? concrete : undefined);
        if (t) out.push({ table: t.table, access: use.access, entity: t.model });
      }
      return out;
    },
    hasDirect: (module, owner) => usesByOwner.has(`${module}\0${owner}`),
    inFunction: (module, owner) =>
      (usesByOwner.get(`${module}\0${owner}`) ?? []).flatMap((use) => {
        const t = tableOfUse(module, use, undefined);
        return t ? [{ table: t.table, access: use.access, entity: t.model }] : [];
      }),
    isDataClass: (cls) => byClass.has(`${cls.module}\0${cls.name}`),
  });

  const facts: DataAccessFact[] = [];
  const entities: EntityFact[] = [];
  for (const a of flow.callSiteAccesses()) facts.push(accessFact(a.module, a.effect.table, a.effect.access, 'sequelize', a.line, a.effect.entity));
  for (const [module, local] of locals) {
    for (const use of local.uses) {
      const t = tableOfUse(module, use, undefined);
      if (t) facts.push(accessFact(module, t.table, use.access, 'sequelize', use.line, t.model));
    }
    for (const call of local.customCalls) {
      const r = resolve(module, call.ref, undefined);
      const cls = r?.model.class !== undefined && r.module ? flow.resolveClass(r.module, r.model.class) : undefined;
      for (const e of cls ? flow.effects(cls, call.method) : []) facts.push(accessFact(module, e.table, e.access, 'sequelize', call.line, e.entity));
    }
    for (const m of [...Object.values(local.models), ...local.unnamedModels]) {
      if (!('aliasOf' in m)) entities.push({ name: m.model, table: m.table, via: 'sequelize', module, line: m.line });
    }
    for (const j of local.joinTables) entities.push({ name: j.table, table: j.table, via: 'sequelize', module, line: j.line });
  }
  return { entities: finishEntities(entities, ctx.report), dataAccess: finishAccesses(facts, ctx.report) };
}

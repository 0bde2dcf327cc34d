/**
 * Mongoose: models and the collections they read and write.
 *
 * Models: `model('Order', schema[, 'collection'])` (also `mongoose.model`, `connection.model`),
 * and NestJS `@Schema()` classes (with `SchemaFactory.createForClass`). The collection is the
 * third argument of `model()`, else the schema's `collection` option (`new Schema({...}, { collection })`,
 * `@Schema({ collection })`), else Mongoose's own pluralisation of the model name (`Order` -> `orders`).
 *
 * Accesses: static model calls (`Order.find()`, `TeamModel.updateOne()`), injected models
 * (`@InjectModel(User.name) private users: Model<UserDocument>`, where `UserDocument` is
 * `HydratedDocument<User>` or `User & Document`), and `save()` / `deleteOne()` on a document
 * visibly created or loaded in the same function (`new Order(...)`, `await Order.findById(id)`).
 * An aggregation's `$lookup` / `$unionWith` reads, and `$out` / `$merge` writes, the collection it names.
 */
import ts from '../../src/shared/typescript.cjs';
import { walkAst } from '../../src/shared/ast-walk.js';
import type { DataAccessFact, EntityFact } from '../../src/shared/facts.js';
import type { Analyzer, LinkContext, SymbolTarget } from '../types.js';
import { accessFact, finishAccesses, finishEntities, indexByName, resolveDeclaration, resolveName, own, type AliasOf } from './declarations.js';
import { commonJsExportName, fileIndex, type RequiredName } from './file-index.js';
import { stringValue } from './string-value.js';
import {
  asMemberCall,
  classMembers,
  decoratorRoot,
  decoratorsOf,
  enclosingClass,
  findDeclaration,
  isImportedName,
  isModuleLevel,
  lineOf,
  literalText,
  objectProperty,
  skipOuter,
  typeRefOf,
  typeRefsIn,
  type DecoratorCall,
  type ImportedName,
  type TypeRef,
} from './syntax.js';
import { mongooseCollectionName } from './table-naming.js';
import { collectFlow, ownerOf, type FlowLocal } from './repository-calls.js';
import { RepositoryFlow, type ClassRef, type Effect, type MemberValue } from './repository-effects.js';
import { textFilter, withRepositoryCalls } from './text-filter.js';

const READ = [
  'find', 'findOne', 'findById', 'countDocuments', 'estimatedDocumentCount', 'count', 'exists', 'aggregate', 'distinct',
  // mongoose-delete (soft delete plugin) statics, README "Method overridden": *Deleted / *WithDeleted
  'findDeleted', 'findWithDeleted', 'findOneDeleted', 'findOneWithDeleted', 'countDeleted', 'countWithDeleted',
  'countDocumentsDeleted', 'countDocumentsWithDeleted', 'aggregateDeleted', 'aggregateWithDeleted',
];
const WRITE = [
  'create', 'insertMany', 'updateOne', 'updateMany', 'findOneAndUpdate', 'findByIdAndUpdate', 'replaceOne', 'findOneAndReplace',
  'deleteOne', 'deleteMany', 'findOneAndDelete', 'findByIdAndDelete', 'findOneAndRemove', 'findByIdAndRemove', 'bulkWrite', 'bulkSave',
  // mongoose-delete: Model.delete / deleteById / restore (Mongoose itself has no such statics)
  'delete', 'deleteById', 'restore', 'findOneAndUpdateDeleted', 'updateDeleted', 'updateWithDeleted', 'updateOneDeleted', 'updateOneWithDeleted', 'updateManyDeleted', 'updateManyWithDeleted',
];
/** Document (instance) methods that write. */
const DOC_WRITE = new Set(['save', 'deleteOne', 'updateOne', 'replaceOne', 'remove']);
/** Static methods whose result is a document of the model. */
const LOADS_DOC = new Set(['findOne', 'findById', 'findOneAndUpdate', 'findByIdAndUpdate', 'create', 'hydrate']);

export type ModelRef =
  /** a name in the module: a model constant, a `@Schema` class, or a type alias / interface naming one */
  | { readonly kind: 'name'; readonly name: string }
  /** a model by its registered name (`@InjectModel('User')`, `mongoose.model('User')`) */
  | { readonly kind: 'model-name'; readonly name: string }
  /**
   * `this.prop`: what the class declares (`local`, when it names a model) or, failing that, the
   * member's value in the concrete class (a generic repository's model, passed to `super(Model)`)
   */
  | { readonly kind: 'member'; readonly prop: string; readonly local?: ModelRef };

export interface ModelDecl {
  readonly model: string;
  readonly line: number;
  readonly collection?: string;
  /** the schema identifier passed to `model()`, to read its `collection` option */
  readonly schema?: string;
  /** `model<IOrder>(...)`: the document type, so `Model<IOrder>` finds the model */
  readonly docType?: string;
}

export interface SchemaDecl {
  readonly collection?: string;
  /** `SchemaFactory.createForClass(User)` */
  readonly ofClass?: string;
}

export interface MongooseUse {
  readonly ref: ModelRef;
  readonly access: 'read' | 'write';
  readonly line: number;
  /** the method or function the call is written in (see repository-calls.ts `ownerOf`) */
  readonly owner: string;
}

export interface MongooseLocal {
  /** module-level names bound to a model (`export const Order = model(...)`), or aliases */
  readonly models: Record<string, ModelDecl | AliasOf>;
  /** models registered without a module-level name (inside a function, or as a statement) */
  readonly unnamedModels: ModelDecl[];
  /** `@Schema()` classes: class name -> collection option and line */
  readonly schemaClasses: Record<string, { readonly line: number; readonly collection?: string }>;
  /** module-level schema constants */
  readonly schemas: Record<string, SchemaDecl>;
  /** type aliases and interfaces that may stand for a schema class (`UserDocument = HydratedDocument<User>`) */
  readonly typeAliases: Record<string, string[]>;
  readonly uses: MongooseUse[];
  /** collections named in aggregation stages */
  readonly pipelineCollections: { readonly collection: string; readonly access: 'read' | 'write'; readonly line: number }[];
  /** names taken with a destructuring `require` */
  requiredNames?: Record<string, RequiredName>;
  /** type aliases declared in `declare global { namespace Models { type UserModel = ... } }`: qualified name -> names they use */
  globalTypes?: Record<string, string[]>;
  /** classes and calls, to follow accesses through repositories */
  flow?: FlowLocal;
}

const ACCEPTS = textFilter(['mongoose', 'Model', '@Schema'], [...READ, ...WRITE, 'save'], { commonJs: true });

export const mongooseAnalyzer: Analyzer<MongooseLocal> = {
  name: 'mongoose',
  enablers: ['mongoose', '@nestjs/mongoose', '@typegoose/typegoose'],
  concern: 'data',
  accepts: withRepositoryCalls(ACCEPTS),
  collect: (file) => collectMongoose(file.sourceFile, ACCEPTS(file.text)),
  link: linkMongoose,
};

// ---------------------------------------------------------------------------------------------
// collect

export function collectMongoose(sf: ts.SourceFile, mentionsMongoose = true): MongooseLocal | undefined {
  const flow = collectFlow(sf);
  if (!mentionsMongoose) return flow ? { models: {}, unnamedModels: [], schemaClasses: {}, schemas: {}, typeAliases: {}, uses: [], pipelineCollections: [], flow } : undefined;
  const imports = fileIndex(sf).imports;
  const local: MongooseLocal = { models: {}, unnamedModels: [], schemaClasses: {}, schemas: {}, typeAliases: {}, uses: [], pipelineCollections: [] };
  if (flow) local.flow = flow;
  const reads = new Set(READ);
  const writes = new Set(WRITE);

  const index = fileIndex(sf);
  for (const node of index.classes) {
    if (!ts.isClassDeclaration(node) || !node.name) continue;
    for (const d of decoratorsOf(node)) {
      if (d.name !== 'Schema' || !isNestSchemaDecorator(d, imports)) continue;
      const collection = stringOption(d.args[0], 'collection');
      local.schemaClasses[node.name.text] = collection === undefined ? { line: lineOf(node.name) } : { line: lineOf(node.name), collection };
    }
  }
  for (const node of index.typeDeclarations) {
    const global = isModuleLevel(node) ? undefined : ambientName(node);
    if (!isModuleLevel(node) && global === undefined) continue;
    const names = ts.isTypeAliasDeclaration(node)
      ? typeRefsIn(node.type).map((r) => r.name)
      : (node.heritageClauses ?? []).flatMap((h) => h.types.map((t) => typeRefOf(t)?.name).filter((n): n is string => !!n));
    if (!names.length) continue;
    if (global === undefined) local.typeAliases[node.name.text] = [...new Set(names)];
    else (local.globalTypes ??= {})[global] = [...new Set(names)];
  }
  const declare = (name: string, value: ts.Expression): void => {
    const init = skipOuter(value);
    // `mongoose.models.User || mongoose.model('User', schema)`: the first registration evaluated
    if (ts.isBinaryExpression(init) && isOrElse(init.operatorToken.kind)) {
      const operands = orElseOperands(init);
      declare(name, operands.find((o) => modelDeclaration(skipOuter(o))) ?? operands[0]!);
      return;
    }
    const model = modelDeclaration(init);
    if (model) local.models[name] = model;
    else if (ts.isIdentifier(init) && init.text !== name) local.models[name] = { aliasOf: init.text };
    const schema = schemaDeclaration(init);
    if (schema) local.schemas[name] = schema;
  };
  for (const node of index.variables) {
    if (ts.isIdentifier(node.name) && node.initializer && isModuleLevel(node)) declare(node.name.text, node.initializer);
  }
  for (const node of index.exportAssignments) declare('default', node.expression);
  for (const e of index.commonJsExports) declare(e.name, e.value);
  if (Object.keys(index.requiredNames).length) local.requiredNames = { ...index.requiredNames };
  for (const node of index.calls) {
    const model = modelDeclaration(node);
    if (model && !isBoundAtModuleLevel(node) && !isShortCircuited(node)) local.unnamedModels.push(model);
    const mc = asMemberCall(node);
    if (!mc) continue;
    const line = lineOf(node);
    if (reads.has(mc.method) || writes.has(mc.method)) {
      const ref = modelRef(mc.receiver, 0);
      if (ref) {
        local.uses.push({ ref, access: writes.has(mc.method) ? 'write' : 'read', line, owner: ownerOf(node) });
        if (mc.method === 'aggregate') local.pipelineCollections.push(...pipelineStages(node));
      }
    }
    if (DOC_WRITE.has(mc.method)) {
      const ref = documentModel(mc.receiver);
      if (ref) local.uses.push({ ref, access: 'write', line, owner: ownerOf(node) });
    }
  }

  const empty =
    !local.flow && !local.globalTypes && !Object.keys(local.models).length && !local.unnamedModels.length && !Object.keys(local.schemaClasses).length &&
    !Object.keys(local.schemas).length && !local.uses.length && !local.requiredNames;
  return empty ? undefined : local;
}

function isNestSchemaDecorator(d: DecoratorCall, imports: ReadonlyMap<string, ImportedName>): boolean {
  const root = decoratorRoot(d);
  const src = root === undefined ? undefined : imports.get(root)?.source;
  return src === undefined || src === '@nestjs/mongoose' || src.startsWith('.');
}

function stringOption(obj: ts.Expression | undefined, key: string): string | undefined {
  const v = objectProperty(obj, key);
  return v ? stringValue(v) : undefined;
}

/** `model('Order', schema, 'coll')`, `mongoose.model<IOrder>(...)`, `conn.model(...)` with a schema argument. */
function modelDeclaration(e: ts.Expression): ModelDecl | undefined {
  if (!ts.isCallExpression(e)) return undefined;
  const callee = e.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (name !== 'model' || e.arguments.length < 2) return undefined;
  const modelName = literalText(e.arguments[0]);
  if (modelName === undefined) return undefined;
  const schemaArg = skipOuter(e.arguments[1]!);
  const collection = e.arguments[2] ? stringValue(e.arguments[2]) : undefined;
  const docType = e.typeArguments?.[0] ? documentType(e.typeArguments[0]) : undefined;
  const inlineSchema = schemaDeclaration(schemaArg);
  return {
    model: modelName,
    line: lineOf(e),
    ...(collection !== undefined ? { collection } : inlineSchema?.collection !== undefined ? { collection: inlineSchema.collection } : {}),
    ...(ts.isIdentifier(schemaArg) ? { schema: schemaArg.text } : {}),
    ...(docType !== undefined ? { docType } : {}),
  };
}

/** `new Schema({...}, { collection })`, `new mongoose.Schema(...)`, `SchemaFactory.createForClass(User)` */
function schemaDeclaration(e: ts.Expression): SchemaDecl | undefined {
  if (ts.isNewExpression(e)) {
    const callee = e.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (name !== 'Schema') return undefined;
    const collection = stringOption(e.arguments?.[1], 'collection');
    return collection === undefined ? {} : { collection };
  }
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'createForClass') {
    const arg = e.arguments[0];
    return arg && ts.isIdentifier(arg) ? { ofClass: arg.text } : undefined;
  }
  return undefined;
}

/** `model<IUser>` and `model<IUser & Document>` -> IUser: the project's document type, without mongoose's own. */
function documentType(t: ts.TypeNode): string | undefined {
  const parts = ts.isIntersectionTypeNode(t) ? t.types : [t];
  for (const p of parts) {
    const name = typeRefOf(p)?.name;
    if (name !== undefined && !/^(?:mongoose\.)?(?:Document|HydratedDocument|Types\..*)$/.test(name)) return name;
  }
  return undefined;
}

/**
 * `Models.UserModel` for a type declared in `declare global { namespace Models { ... } }` or an
 * ambient `declare namespace Models`: a name every module sees without importing it.
 */
function ambientName(node: ts.TypeAliasDeclaration | ts.InterfaceDeclaration): string | undefined {
  const path: string[] = [node.name.text];
  let n: ts.Node = node.parent;
  let ambient = false;
  for (; !ts.isSourceFile(n); n = n.parent) {
    if (ts.isModuleBlock(n)) continue;
    if (!ts.isModuleDeclaration(n)) return undefined;
    if (n.flags & ts.NodeFlags.GlobalAugmentation) {
      ambient = true;
      continue;
    }
    if ((ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) ambient = true;
    if (ts.isIdentifier(n.name)) path.unshift(n.name.text);
  }
  return ambient || n.isDeclarationFile ? path.join('.') : undefined;
}

/** `a || b || c` -> [a, b, c] */
function orElseOperands(e: ts.Expression): ts.Expression[] {
  const x = skipOuter(e);
  if (ts.isBinaryExpression(x) && isOrElse(x.operatorToken.kind)) return [...orElseOperands(x.left), ...orElseOperands(x.right)];
  return [x];
}

/** `... || model('controls', s) || model('inputs', s)`: the second registration never runs. */
function isShortCircuited(call: ts.CallExpression): boolean {
  let n: ts.Node = call;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent)) n = n.parent;
  for (let p = n.parent; ts.isBinaryExpression(p) && isOrElse(p.operatorToken.kind); n = p, p = p.parent) {
    if (p.right === n && orElseOperands(p.left).some((o) => modelDeclaration(o))) return true;
  }
  return false;
}

function isOrElse(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

function isBoundAtModuleLevel(call: ts.CallExpression): boolean {
  let p = call.parent;
  // `const User = mongoose.models.User || mongoose.model('User', schema)`
  while (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || (ts.isBinaryExpression(p) && isOrElse(p.operatorToken.kind))) p = p.parent;
  if (ts.isVariableDeclaration(p) && p.initializer === call && isModuleLevel(p)) return true;
  return ts.isExportAssignment(p) || commonJsExportName(call) !== undefined;
}

/** What model a receiver is: `Order`, `this.orders`, a typed parameter, `mongoose.model('Order')`. */
function modelRef(expr: ts.Expression, depth: number): ModelRef | undefined {
  if (depth > 8) return undefined;
  const e = skipOuter(expr);
  if (ts.isIdentifier(e)) {
    const decl = findDeclaration(e.text, e);
    if (!decl || decl.moduleLevel) return { kind: 'name', name: e.text };
    if (decl.kind === 'parameter' && !decl.destructured) return injectedModel(decoratorsOf(decl.node)) ?? typedModel(decl.node.type);
    if (decl.kind === 'variable' && !decl.destructured) {
      return typedModel(decl.node.type) ?? (decl.node.initializer ? modelRef(decl.node.initializer, depth + 1) : undefined);
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(e);
    if (!cls) return undefined;
    const member = classMembers(cls).get(e.name.text);
    const local = member && (injectedModel(member.decorators) ?? typedModel(member.type) ?? (member.initializer ? modelRef(member.initializer, depth + 1) : undefined));
    return local?.kind === 'member' ? local : { kind: 'member', prop: e.name.text, ...(local ? { local } : {}) };
  }
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) {
    // `models.Order` through `import * as models` or `const models = require(...)`
    return isImportedName(e.expression) ? { kind: 'name', name: `${e.expression.text}.${e.name.text}` } : undefined;
  }
  if (ts.isCallExpression(e)) {
    // `mongoose.model('Order')` / `conn.model('Order', schema)` used directly
    const callee = e.expression;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'model') {
      const name = literalText(e.arguments[0]);
      if (name !== undefined) return { kind: 'model-name', name };
    }
  }
  return undefined;
}

/** `@InjectModel(User.name)` -> User; `@InjectModel('User')` -> the model named User. */
function injectedModel(decorators: readonly DecoratorCall[]): ModelRef | undefined {
  for (const d of decorators) {
    if (d.name !== 'InjectModel') continue;
    const arg = d.args[0] && skipOuter(d.args[0]);
    if (!arg) continue;
    if (ts.isPropertyAccessExpression(arg) && arg.name.text === 'name' && ts.isIdentifier(arg.expression)) return { kind: 'name', name: arg.expression.text };
    const s = literalText(arg);
    if (s !== undefined) return { kind: 'model-name', name: s };
  }
  return undefined;
}

/** `Model<UserDocument>` -> UserDocument; `typeof Order` -> Order. */
function typedModel(type: ts.TypeNode | undefined): ModelRef | undefined {
  const t = typeRefOf(type);
  return t ? modelOfType(t) : undefined;
}

function modelOfType(t: TypeRef): ModelRef | undefined {
  if (t.typeQuery) return { kind: 'name', name: t.name };
  const last = t.name.slice(t.name.lastIndexOf('.') + 1);
  if (MODEL_TYPES.has(last)) return t.args[0]?.name ? { kind: 'name', name: t.args[0].name } : undefined;
  // a project type naming a model type: `Models.UserModel` where `type UserModel = Model<IUser & Document>`
  return t.args.length === 0 && /^[A-Z]/.test(last) ? { kind: 'name', name: t.name } : undefined;
}

/** Mongoose's model types (and the plugins' that extend them): their type argument is the document. */
const MODEL_TYPES = new Set(['Model', 'PaginateModel', 'SoftDeleteModel', 'AggregatePaginateModel']);

/** The model of a document: `new Order(...)`, `new this.orders(...)`, or a variable created or loaded in the same function. */
function documentModel(expr: ts.Expression): ModelRef | undefined {
  const e = skipOuter(expr);
  if (ts.isNewExpression(e)) return modelRef(e.expression, 1);
  if (!ts.isIdentifier(e)) return undefined;
  const decl = findDeclaration(e.text, e);
  if (!decl || decl.kind !== 'variable' || decl.destructured || decl.moduleLevel || !decl.node.initializer) return undefined;
  const init = skipOuter(decl.node.initializer);
  if (ts.isNewExpression(init)) return modelRef(init.expression, 1);
  const mc = asMemberCall(init) ?? execOf(init);
  if (mc && LOADS_DOC.has(mc.method)) return modelRef(mc.receiver, 1);
  return undefined;
}

/** `X.findById(id).exec()` -> the findById call */
function execOf(e: ts.Expression): ReturnType<typeof asMemberCall> {
  const mc = asMemberCall(e);
  if (!mc || mc.method !== 'exec') return undefined;
  return asMemberCall(skipOuter(mc.receiver));
}

/** `$lookup: { from: 'x' }`, `$unionWith: 'x'`, `$out: 'x'`, `$merge: { into: 'x' }` in an aggregate() pipeline literal. */
function pipelineStages(call: ts.CallExpression): MongooseLocal['pipelineCollections'] {
  const out: MongooseLocal['pipelineCollections'] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isPropertyAssignment(n)) {
      const key = ts.isIdentifier(n.name) || ts.isStringLiteral(n.name) ? n.name.text : undefined;
      if (key === '$lookup' || key === '$graphLookup') {
        const from = stringOption(n.initializer, 'from');
        if (from !== undefined) out.push({ collection: from, access: 'read', line: lineOf(n) });
      } else if (key === '$unionWith') {
        const direct = literalText(n.initializer);
        const coll = direct ?? stringOption(n.initializer, 'coll');
        if (coll !== undefined) out.push({ collection: coll, access: 'read', line: lineOf(n) });
      } else if (key === '$out') {
        const direct = literalText(n.initializer);
        const coll = direct ?? stringOption(n.initializer, 'coll');
        if (coll !== undefined) out.push({ collection: coll, access: 'write', line: lineOf(n) });
      } else if (key === '$merge') {
        const direct = literalText(n.initializer);
        const into = direct ?? stringOption(n.initializer, 'into');
        if (into !== undefined) out.push({ collection: into, access: 'write', line: lineOf(n) });
      }
    }
  };
  for (const a of call.arguments) walkAst(a, visit);
  return out;
}

// ---------------------------------------------------------------------------------------------
// link

type Found =
  | { readonly kind: 'model'; readonly model: ModelDecl }
  | { readonly kind: 'schema-class'; readonly name: string; readonly collection?: string }
  | { readonly kind: 'type-alias'; readonly names: readonly string[] };

interface Target {
  readonly name: string;
  readonly collection: string;
}

function linkMongoose(ctx: LinkContext, locals: ReadonlyMap<string, MongooseLocal>): { entities: EntityFact[]; dataAccess: DataAccessFact[] } {
  const named: SymbolTarget[] = [];
  const byModelName = new Map<string, { module: string; model: ModelDecl }[]>();
  const schemaClassByName = new Map<string, SymbolTarget[]>();
  const addModel = (module: string, model: ModelDecl): void => {
    const list = byModelName.get(model.model) ?? [];
    list.push({ module, model });
    byModelName.set(model.model, list);
  };
  for (const [module, local] of locals) {
    for (const [name, m] of Object.entries(local.models)) {
      named.push({ module, name });
      if (!('aliasOf' in m)) addModel(module, m);
    }
    for (const m of local.unnamedModels) addModel(module, m);
    for (const name of Object.keys(local.schemaClasses)) {
      named.push({ module, name });
      schemaClassByName.set(name, [...(schemaClassByName.get(name) ?? []), { module, name }]);
    }
  }
  const byName = indexByName(named);
  const requiredNames = (m: string): Record<string, RequiredName> | undefined => locals.get(m)?.requiredNames;
  const globalTypes = new Map<string, { module: string; names: string[] }[]>();
  for (const [module, local] of locals) {
    for (const [name, names] of Object.entries(local.globalTypes ?? {})) globalTypes.set(name, [...(globalTypes.get(name) ?? []), { module, names }]);
  }

  const lookup = (module: string, name: string): Found | AliasOf | undefined => {
    const local = locals.get(module);
    if (!local) return undefined;
    const m = own(local.models, name);
    if (m) return 'aliasOf' in m ? m : { kind: 'model', model: m };
    const sc = own(local.schemaClasses, name);
    if (sc) return { kind: 'schema-class', name, ...(sc.collection !== undefined ? { collection: sc.collection } : {}) };
    const alias = own(local.typeAliases, name);
    if (alias) return { kind: 'type-alias', names: alias };
    return undefined;
  };

  const schemaCollection = (module: string, schemaName: string): string | undefined => {
    const d = resolveDeclaration(ctx, module, schemaName, (m, n) => own(locals.get(m)?.schemas, n), { requiredNames });
    if (!d) return undefined;
    if (d.decl.collection !== undefined) return d.decl.collection;
    if (d.decl.ofClass !== undefined) {
      const cls = resolveDeclaration(ctx, d.module, d.decl.ofClass, (m, n) => own(locals.get(m)?.schemaClasses, n), { requiredNames });
      return cls?.decl.collection;
    }
    return undefined;
  };

  const modelTarget = (module: string, model: ModelDecl): Target => ({
    name: model.model,
    collection: model.collection ?? (model.schema !== undefined ? schemaCollection(module, model.schema) : undefined) ?? mongooseCollectionName(model.model),
  });
  const classTarget = (name: string, collection: string | undefined): Target => ({ name, collection: collection ?? mongooseCollectionName(name) });

  // `Model<IOrder>` where `model<IOrder>('Order', ...)`: document types -> models
  const byDocType = new Map<string, Target>();
  for (const [module, local] of locals) {
    for (const m of [...Object.values(local.models), ...local.unnamedModels]) {
      if ('aliasOf' in m || m.docType === undefined) continue;
      const t = resolveName(ctx, module, m.docType);
      if (t) byDocType.set(`${t.module}\0${t.name}`, modelTarget(module, m));
    }
  }

  const resolveRef = (module: string, ref: ModelRef, depth: number): Target | undefined => {
    if (depth > 8) return undefined;
    if (ref.kind === 'model-name') {
      const models = byModelName.get(ref.name);
      if (models?.length) {
        const first = models[0]!;
        const target = modelTarget(first.module, first.model);
        return models.every((m) => modelTarget(m.module, m.model).collection === target.collection) ? target : undefined;
      }
      const classes = schemaClassByName.get(ref.name);
      if (classes?.length === 1) return classTarget(ref.name, own(locals.get(classes[0]!.module)?.schemaClasses, ref.name)?.collection);
      return undefined;
    }
    if (ref.kind === 'member') return ref.local ? resolveRef(module, ref.local, depth + 1) : undefined;
    const d = resolveDeclaration(ctx, module, ref.name, lookup, { byName, requiredNames });
    if (!d) {
      const t = resolveName(ctx, module, ref.name);
      const viaDoc = t ? byDocType.get(`${t.module}\0${t.name}`) : undefined;
      if (viaDoc) return viaDoc;
      const global = globalTypes.get(ref.name);
      if (global?.length !== 1) return undefined;
      for (const n of global[0]!.names) {
        const hit = resolveRef(global[0]!.module, { kind: 'name', name: n }, depth + 1);
        if (hit) return hit;
      }
      return undefined;
    }
    const viaDocType = byDocType.get(`${d.module}\0${d.name}`);
    if (viaDocType) return viaDocType;
    switch (d.decl.kind) {
      case 'model':
        return modelTarget(d.module, d.decl.model);
      case 'schema-class':
        return classTarget(d.decl.name, d.decl.collection);
      case 'type-alias':
        for (const n of d.decl.names) {
          const hit = resolveRef(d.module, { kind: 'name', name: n }, depth + 1);
          if (hit) return hit;
        }
        return undefined;
    }
  };

  // repositories: `this.model` of a generic base is the model its subclass passes to super()
  const flowLocals = new Map<string, FlowLocal>();
  const usesByOwner = new Map<string, MongooseUse[]>();
  for (const [module, local] of locals) {
    if (local.flow) flowLocals.set(module, local.flow);
    for (const use of local.uses) {
      const k = `${module}\0${use.owner}`;
      usesByOwner.set(k, [...(usesByOwner.get(k) ?? []), use]);
    }
  }
  const memberTarget = (v: MemberValue): Target | undefined => {
    for (const inj of v.member.injectors ?? []) {
      if (inj.name !== 'InjectModel' || !inj.arg) continue;
      if (inj.arg.kind === 'string') return resolveRef(v.module, { kind: 'model-name', name: inj.arg.value }, 0);
      if (inj.arg.kind === 'name') return resolveRef(v.module, { kind: 'name', name: inj.arg.name.replace(/\.name$/, '') }, 0);
    }
    if (v.expr?.kind === 'name') return resolveRef(v.module, { kind: 'name', name: v.expr.name }, 0);
    const typed = v.member.type && modelOfType(v.member.type);
    return typed ? resolveRef(v.module, typed, 0) : undefined;
  };
  const flow = new RepositoryFlow(ctx, flowLocals, {
    direct: (concrete, declaring, method) => effectsOf(usesByOwner.get(`${declaring.module}\0${declaring.name}#${method}`) ?? [], declaring.module, concrete),
    hasDirect: (module, owner) => usesByOwner.has(`${module}\0${owner}`),
    inFunction: (module, owner) => effectsOf(usesByOwner.get(`${module}\0${owner}`) ?? [], module, undefined),
  });
  const resolveUse = (module: string, use: MongooseUse, self: ClassRef | undefined): Target | undefined => {
    if (use.ref.kind !== 'member') return resolveRef(module, use.ref, 0);
    const local = use.ref.local && resolveRef(module, use.ref.local, 0);
    if (local) return local;
    const v = self && flow.memberValue(self, use.ref.prop);
    return v ? memberTarget(v) : undefined;
  };
  const effectsOf = (uses: readonly MongooseUse[], module: string, self: ClassRef | undefined): Effect[] => {
    const out: Effect[] = [];
    for (const use of uses) {
      const t = resolveUse(module, use, self);
      if (t) out.push({ table: t.collection, access: use.access, entity: t.name });
    }
    return out;
  };

  const facts: DataAccessFact[] = [];
  const entities: EntityFact[] = [];
  for (const a of flow.callSiteAccesses()) facts.push(accessFact(a.module, a.effect.table, a.effect.access, 'mongoose', a.line, a.effect.entity));
  for (const [module, local] of locals) {
    for (const use of local.uses) {
      const t = resolveUse(module, use, flow.ownerClass(module, use.owner));
      if (t) facts.push(accessFact(module, t.collection, use.access, 'mongoose', use.line, t.name));
    }
    for (const p of local.pipelineCollections) facts.push(accessFact(module, p.collection, p.access, 'mongoose', p.line));
    for (const m of [...Object.values(local.models), ...local.unnamedModels]) {
      if ('aliasOf' in m) continue;
      const t = modelTarget(module, m);
      entities.push({ name: t.name, table: t.collection, via: 'mongoose', module, line: m.line });
    }
    for (const [name, sc] of Object.entries(local.schemaClasses)) {
      entities.push({ name, table: sc.collection ?? mongooseCollectionName(name), via: 'mongoose', module, line: sc.line });
    }
  }
  return { entities: finishEntities(entities, ctx.report), dataAccess: finishAccesses(facts, ctx.report) };
}

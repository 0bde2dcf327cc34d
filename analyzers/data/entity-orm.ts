/**
 * The engine shared by the decorator-based ORMs (TypeORM, MikroORM): entity classes declared
 * with `@Entity`, and accesses through repositories (`Repository<Order>`, `@InjectRepository`,
 * `getRepository(Order)`, custom repository classes), entity managers (`em.find(Order, ...)`,
 * `em.persist(order)`) and query builders.
 *
 * `collect` records, per file, what it can see without other files: entity classes and their
 * table, classes with their `extends` and repository-valued members, module-level repository
 * constants, and each access with a *reference* to the entity (a name to resolve, a class type
 * parameter, `this`, or `this.member`). `link` resolves references across files:
 *
 * - a name through imports and barrels to an entity class, a repository class (whose entity is
 *   the type argument of its `extends Repository<E>` / `extends BaseRepository<E>`), or a
 *   repository constant;
 * - `this.repo` through the class and its base classes, substituting type arguments on the way;
 * - an access made in a generic base class (`class BaseRepository<T> { find() { this.repo.find() } }`)
 *   resolves to its type parameter and is attributed to every subclass that fixes it
 *   (`class OrderRepository extends BaseRepository<Order>`): one fact per subclass, with the
 *   subclass module and the line of its class declaration, because that is where the table
 *   becomes known.
 */
import ts from '../../src/shared/typescript.cjs';
import type { DataAccessFact, DataVia, EntityFact } from '../../src/shared/facts.js';
import type { Analyzer, LinkContext, SymbolTarget } from '../types.js';
import {
  accessFact,
  finishAccesses,
  finishEntities,
  indexByName,
  own,
  resolveDeclaration,
  type AliasOf,
} from './declarations.js';
import { fileIndex, type RequiredName } from './file-index.js';
import { collectFlow, ownerOf, type FlowLocal } from './repository-calls.js';
import { RepositoryFlow, type ClassRef, type Effect, type MemberValue } from './repository-effects.js';
import { stringValue } from './string-value.js';
import { withRepositoryCalls } from './text-filter.js';
import {
  asMemberCall,
  chainAfter,
  classMembers,
  className,
  classTypeParams,
  decoratorRoot,
  decoratorsOf,
  enclosingClass,
  extendsOf,
  findDeclaration,
  isModuleLevel,
  lineOf,
  literalText,
  objectProperty,
  skipOuter,
  typeRefOf,
  type DecoratorCall,
  type ImportedName,
  type MemberDeclaration,
  type TypeRef,
} from './syntax.js';

/** How an access names its entity, before cross-file resolution. */
export type EntityRef =
  /** an identifier visible in the module: an entity class, a repository class or a repository constant */
  | { readonly kind: 'name'; readonly name: string }
  /** `getRepository('Order')`: an entity by class name */
  | { readonly kind: 'entity-string'; readonly name: string }
  /** type parameter `index` of class `class` in this module */
  | { readonly kind: 'type-param'; readonly class: string; readonly index: number }
  /** `this` in a repository class */
  | { readonly kind: 'this'; readonly class: string }
  /** `this.prop` in class `class` (declared there or in a base class) */
  | { readonly kind: 'member'; readonly class: string; readonly prop: string };

export interface EntityDecl {
  readonly name: string;
  readonly line: number;
  /** explicit table or view name; otherwise the ORM's default from the class name */
  readonly table?: string;
  /** `@ChildEntity()`: single-table inheritance, the table is the parent's */
  readonly parent?: string;
  /** many-to-many relation properties, owning and inverse sides */
  readonly manyToMany?: ManyToManyDecl[];
}

/** A `@ManyToMany` property: the owning side names the join table. */
export interface ManyToManyDecl {
  readonly prop: string;
  readonly line: number;
  /** the related entity class, when written as `() => Target` */
  readonly target?: string;
  /** true on the owning side (TypeORM `@JoinTable`, MikroORM owner) */
  readonly owner: boolean;
  /** explicit join table (`@JoinTable({ name })`, `pivotTable`) */
  readonly table?: string;
  /** the inverse property on the target (the owning side's name for an inverse side) */
  readonly inverse?: string;
}

/** `x.favorites.push(article)` / `x.followers.add(u)`: a change of a collection that is saved or flushed later. */
export interface RelationChange {
  readonly prop: string;
  readonly line: number;
  readonly owner?: string;
}

export interface ClassDecl {
  readonly name: string;
  readonly line: number;
  readonly typeParams: readonly string[];
  /** `extends Base<A, B>` when Base is not the ORM's own repository class */
  readonly extends?: { readonly name: string; readonly args: readonly (EntityRef | null)[] };
  /** `extends Repository<E>` / `@EntityRepository(E)`: the entity this repository class serves (null: unknown) */
  readonly repositoryOf?: EntityRef | null;
  /** members whose value may be a repository (or an entity instance) */
  readonly members: Readonly<Record<string, EntityRef>>;
}

export interface EntityUse {
  readonly ref: EntityRef;
  readonly access: 'read' | 'write';
  readonly line: number;
  /** the reference must name an entity class itself (`em.find(Order)`, `new Order()`), not a repository */
  readonly entityOnly?: boolean;
  /** the method or function the call is written in (see repository-calls.ts `ownerOf`) */
  readonly owner?: string;
}

/**
 * A class with a decorator that is not the ORM's own (`@MultiORMEntity('warehouse')`): an entity
 * when, at link time, one of `candidates` resolves to a function that applies the ORM's entity
 * decorator (`entityWrappers`).
 */
export interface WrappedEntityDecl {
  readonly entity: EntityDecl;
  /** the decorators as written (`MultiORMEntity`, `decorators.Entity`) with the table their arguments name */
  readonly candidates: readonly { readonly decorator: string; readonly table?: string }[];
}

export interface EntityOrmLocal {
  readonly entities: EntityDecl[];
  /** classes that may be entities through a project decorator wrapping the ORM's `@Entity` */
  wrappedEntities?: WrappedEntityDecl[];
  /** module-level functions that apply the ORM's entity decorator (`export function MultiORMEntity(...) { return (t) => Entity(...)(t) }`) */
  entityWrappers?: string[];
  readonly classes: ClassDecl[];
  /** module-level names bound to a repository (`export const orders = ds.getRepository(Order)`) or aliases */
  readonly consts: Record<string, EntityRef | AliasOf>;
  readonly uses: EntityUse[];
  /** collection changes of many-to-many properties, written to the join table on save/flush */
  relationChanges?: RelationChange[];
  /** names taken with a destructuring `require` */
  requiredNames?: Record<string, RequiredName>;
  /** classes and calls, to follow accesses through repositories */
  flow?: FlowLocal;
}

/** What differs between TypeORM and MikroORM. */
export interface EntityOrmFlavor {
  readonly name: string;
  /** npm packages that turn the plugin on (see Analyzer.enablers) */
  readonly enablers: readonly string[];
  readonly via: DataVia;
  /** import sources of this ORM (`typeorm`, `@mikro-orm/core`) */
  ownsPackage(source: string): boolean;
  /** import sources of the other decorator ORM, so `@Entity` goes to the right one */
  otherPackage(source: string): boolean;
  /** `@Entity` imported from neither ORM (a local barrel, or not imported): claim it? */
  readonly claimsUnknownEntity: boolean;
  /** `@Entity(...)` arguments -> explicit table name */
  tableFromDecorator(d: DecoratorCall): string | undefined;
  defaultTable(className: string): string;
  /** a `@ManyToMany` property as the ORM sees it (undefined: not a many-to-many property) */
  manyToMany(decorators: readonly DecoratorCall[], prop: string, line: number): ManyToManyDecl | undefined;
  /** the ORM's join table name for an owning side (`owner`: its entity, `target`: the related one) */
  joinTableName(owner: { readonly className: string; readonly table: string; readonly explicit: boolean }, prop: string, target: { readonly table: string } | undefined): string | undefined;
  /** collection methods that add or remove related rows (`push`/`splice` on a TypeORM array, `add`/`remove` on a MikroORM Collection) */
  readonly relationMutators: ReadonlySet<string>;
  readonly entityDecorators: ReadonlySet<string>;
  readonly childEntityDecorators: ReadonlySet<string>;
  /** `Repository`, `EntityRepository`, ...: generic repository classes whose type argument is the entity */
  readonly repositoryTypes: ReadonlySet<string>;
  /** `getRepository(E)` and friends (on a data source, a manager, or bare) */
  readonly repositoryFactories: ReadonlySet<string>;
  /** repository (and manager with an entity first argument) methods that read / write */
  readonly readMethods: ReadonlySet<string>;
  readonly writeMethods: ReadonlySet<string>;
  /** manager methods that write the entity instance they are given (`save(order)`, `persist(invoice)`) */
  readonly instanceWriteMethods: ReadonlySet<string>;
  /** `createQueryBuilder`, `qb` */
  readonly queryBuilderMethods: ReadonlySet<string>;
  /** a query builder chain containing one of these writes */
  readonly queryBuilderWrites: ReadonlySet<string>;
  /** query builder methods whose first argument may be an entity class: method -> access (undefined: the chain's) */
  readonly queryBuilderEntityArgs: ReadonlyMap<string, 'read' | 'write' | undefined>;
}

const MAX_DEPTH = 16;

export function makeEntityOrmAnalyzer(flavor: EntityOrmFlavor, accepts: (text: string) => boolean): Analyzer<EntityOrmLocal> {
  return {
    name: flavor.name,
    concern: 'data',
    enablers: flavor.enablers,
    accepts: withRepositoryCalls(accepts),
    collect: (file) => collectEntityOrm(file.sourceFile, flavor, accepts(file.text)),
    link: (ctx, locals) => linkEntityOrm(ctx, locals, flavor),
  };
}

// ---------------------------------------------------------------------------------------------
// collect

export function collectEntityOrm(sf: ts.SourceFile, flavor: EntityOrmFlavor, mentionsOrm = true): EntityOrmLocal | undefined {
  const flow = collectFlow(sf);
  if (!mentionsOrm) return flow ? { entities: [], classes: [], consts: {}, uses: [], flow } : undefined;
  const index = fileIndex(sf);
  const imports = index.imports;
  const sources = [...imports.values()].map((i) => i.source);
  const fileImportsOwn = sources.some((s) => flavor.ownsPackage(s));
  const fileImportsOther = sources.some((s) => flavor.otherPackage(s));
  const local: EntityOrmLocal = { entities: [], classes: [], consts: {}, uses: [] };
  const scan = new RefScanner(flavor, imports);

  const isOurs = (d: DecoratorCall): boolean => {
    const root = decoratorRoot(d);
    const src = root === undefined ? undefined : imports.get(root)?.source;
    if (src !== undefined && flavor.ownsPackage(src)) return true;
    if (src !== undefined && flavor.otherPackage(src)) return false;
    if (fileImportsOwn) return true;
    if (fileImportsOther) return false;
    return flavor.claimsUnknownEntity;
  };
  const canonical = (d: DecoratorCall): string => {
    const root = decoratorRoot(d);
    const imp = root === undefined ? undefined : imports.get(root);
    return imp && imp.imported !== '*' && imp.imported !== 'default' && root === d.name ? imp.imported : d.name;
  };

  /** a decorator imported from neither ORM nor written by one: possibly a project wrapper of `@Entity` */
  const mayWrap = (d: DecoratorCall): boolean => {
    const root = decoratorRoot(d);
    const src = root === undefined ? undefined : imports.get(root)?.source;
    return root !== undefined && (src === undefined || (!flavor.ownsPackage(src) && !flavor.otherPackage(src)));
  };
  const manyToManyOf = (node: ts.ClassLikeDeclaration): ManyToManyDecl[] => {
    const manyToMany: ManyToManyDecl[] = [];
    for (const m of node.members) {
      if (!ts.isPropertyDeclaration(m) || !m.name || !ts.isIdentifier(m.name)) continue;
      const rel = flavor.manyToMany(decoratorsOf(m), m.name.text, lineOf(m.name));
      if (rel) manyToMany.push(rel);
    }
    return manyToMany;
  };

  for (const node of index.classes) {
    const name = className(node);
    if (name === undefined) continue;
    const line = lineOf(node.name ?? node);
    let declared = false;
    const candidates: { decorator: string; table?: string }[] = [];
    for (const d of decoratorsOf(node)) {
      const dn = canonical(d);
      if (flavor.entityDecorators.has(dn) && isOurs(d)) {
        const table = flavor.tableFromDecorator(d);
        const manyToMany = manyToManyOf(node);
        local.entities.push({ name, line, ...(table === undefined ? {} : { table }), ...(manyToMany.length ? { manyToMany } : {}) });
        declared = true;
      } else if (flavor.childEntityDecorators.has(dn) && isOurs(d)) {
        const base = extendsOf(node);
        local.entities.push(base ? { name, line, parent: base.name } : { name, line });
        declared = true;
      } else if (mayWrap(d)) {
        // a wrapper's first string argument (or the ORM's name option) is the table
        const table = flavor.tableFromDecorator(d) ?? decoratorTable(d, [], true);
        candidates.push(table === undefined ? { decorator: d.name } : { decorator: d.name, table });
      }
    }
    if (!declared && candidates.length) {
      const manyToMany = manyToManyOf(node);
      (local.wrappedEntities ??= []).push({ entity: { name, line, ...(manyToMany.length ? { manyToMany } : {}) }, candidates });
    }
    const decl = scan.classDecl(node, name, line);
    if (decl) local.classes.push(decl);
  }
  const declare = (name: string, value: ts.Expression): void => {
    const init = skipOuter(value);
    if (ts.isIdentifier(init)) {
      // `module.exports = { repo }` re-exports the local of the same name: nothing to record
      if (init.text !== name) local.consts[name] = { aliasOf: init.text };
      return;
    }
    const ref = scan.repositoryExpr(init, 0);
    if (ref) local.consts[name] = ref;
  };
  for (const node of index.variables) {
    if (ts.isIdentifier(node.name) && node.initializer && isModuleLevel(node)) declare(node.name.text, node.initializer);
  }
  for (const node of index.exportAssignments) {
    if (!ts.isIdentifier(node.expression)) declare('default', node.expression);
  }
  for (const e of index.commonJsExports) declare(e.name, e.value);
  if (Object.keys(index.requiredNames).length) local.requiredNames = { ...index.requiredNames };
  for (const call of index.calls) {
    const mc = asMemberCall(call);
    if (!mc) continue;
    const before = local.uses.length;
    if (flavor.relationMutators.has(mc.method) && ts.isPropertyAccessExpression(mc.receiver)) {
      const owner = ownerOf(call);
      (local.relationChanges ??= []).push({ prop: mc.receiver.name.text, line: lineOf(call), ...(owner ? { owner } : {}) });
    }
    scan.uses(mc.call, mc.receiver, mc.method, local.uses);
    if (local.uses.length === before) continue;
    const owner = ownerOf(call);
    if (owner) for (let i = before; i < local.uses.length; i++) local.uses[i] = { ...local.uses[i]!, owner };
  }
  if (flow) local.flow = flow;
  const wrappers = entityWrappers(index.calls, imports, flavor);
  if (wrappers.length) local.entityWrappers = wrappers;

  if (!local.flow && !local.entityWrappers && !local.wrappedEntities && !local.entities.length && !local.classes.length && !local.uses.length && !Object.keys(local.consts).length && !local.requiredNames) return undefined;
  return local;
}

/**
 * Module-level functions of this file that call the ORM's entity decorator, imported from the
 * ORM's package: `function MultiORMEntity(name) { return (target) => { Entity(name)(target) } }`
 * (also `orm.Entity(...)` through a namespace import). A class decorated with one of them is an
 * entity of this ORM.
 */
function entityWrappers(calls: readonly ts.CallExpression[], imports: ReadonlyMap<string, ImportedName>, flavor: EntityOrmFlavor): string[] {
  const out = new Set<string>();
  for (const call of calls) {
    const callee = skipOuter(call.expression);
    let imported: string | undefined;
    let root: ts.Identifier | undefined;
    if (ts.isIdentifier(callee)) {
      root = callee;
      imported = imports.get(callee.text)?.imported;
    } else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
      root = callee.expression;
      imported = imports.get(root.text)?.imported === '*' ? callee.name.text : undefined;
    }
    const source = root && imports.get(root.text)?.source;
    if (imported === undefined || source === undefined || !flavor.ownsPackage(source)) continue;
    if (!flavor.entityDecorators.has(imported) && !flavor.childEntityDecorators.has(imported)) continue;
    const fn = moduleLevelFunction(call);
    if (fn !== undefined) out.add(fn);
  }
  return [...out];
}

/** The name of the module-level function (declaration, or `const f = () => ...`) `node` is written in. */
function moduleLevelFunction(node: ts.Node): string | undefined {
  let name: string | undefined;
  for (let n: ts.Node | undefined = node.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isFunctionDeclaration(n) && n.name && ts.isSourceFile(n.parent)) name = n.name.text;
    else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && isModuleLevel(n) && n.initializer && (ts.isArrowFunction(skipOuter(n.initializer)) || ts.isFunctionExpression(skipOuter(n.initializer)))) name = n.name.text;
  }
  return name;
}

/** Turns receivers, types and arguments of one file into EntityRefs. */
class RefScanner {
  constructor(
    private readonly flavor: EntityOrmFlavor,
    private readonly imports: ReadonlyMap<string, ImportedName>,
  ) {}

  classDecl(node: ts.ClassLikeDeclaration, name: string, line: number): ClassDecl | undefined {
    const typeParams = classTypeParams(node);
    let repositoryOf: EntityRef | null | undefined;
    let ext: ClassDecl['extends'];
    const base = extendsOf(node);
    if (base && this.isRepositoryType(base.name)) repositoryOf = this.typeArgRef(base.args[0], node);
    else if (base) ext = { name: base.name, args: base.args.map((a) => this.typeArgRef(a, node)) };
    for (const d of decoratorsOf(node)) {
      if (d.name === 'EntityRepository' && d.args[0] && ts.isIdentifier(d.args[0])) repositoryOf = { kind: 'name', name: d.args[0].text };
    }
    const members: Record<string, EntityRef> = {};
    for (const [prop, m] of classMembers(node)) {
      const ref = this.memberRef(m);
      if (ref) members[prop] = ref;
    }
    if (repositoryOf === undefined && !ext && !Object.keys(members).length) return undefined;
    const decl: ClassDecl = { name, line, typeParams, members };
    return { ...decl, ...(ext ? { extends: ext } : {}), ...(repositoryOf !== undefined ? { repositoryOf } : {}) };
  }

  /** Record the accesses one member call makes, if any. */
  uses(call: ts.CallExpression, receiver: ts.Expression, method: string, out: EntityUse[]): void {
    const f = this.flavor;
    const line = lineOf(call);
    const access = f.writeMethods.has(method) ? 'write' : f.readMethods.has(method) ? 'read' : undefined;
    if (access) {
      const ref = this.receiverRef(receiver, 0);
      if (ref) out.push({ ref, access, line });
      // manager style: em.find(Order, ...), em.save(Order, {...})
      const first = call.arguments[0];
      const entity = first ? this.entityClassArg(first) : undefined;
      if (entity) out.push({ ref: entity, access, line, entityOnly: true });
    }
    if (f.instanceWriteMethods.has(method)) {
      for (const arg of call.arguments.slice(0, 1)) {
        const origin = this.instanceOrigin(arg);
        if (origin) out.push({ ...origin, access: 'write', line });
      }
    }
    if (f.queryBuilderMethods.has(method)) {
      const chain = chainAfter(call);
      const chainAccess = chain.some((c) => f.queryBuilderWrites.has(c.method)) ? 'write' : 'read';
      const root = this.receiverRef(receiver, 0);
      if (root) out.push({ ref: root, access: chainAccess, line });
      const first = call.arguments[0];
      const entity = first ? this.entityClassArg(first) : undefined;
      if (entity) out.push({ ref: entity, access: chainAccess, line, entityOnly: true });
      for (const c of chain) {
        if (!f.queryBuilderEntityArgs.has(c.method)) continue;
        const arg = c.call.arguments[0];
        const ent = arg ? this.entityClassArg(arg) : undefined;
        if (ent) out.push({ ref: ent, access: f.queryBuilderEntityArgs.get(c.method) ?? chainAccess, line: lineOf(c.call), entityOnly: true });
      }
    }
  }

  /** What repository (or active-record entity) a call receiver is. */
  receiverRef(expr: ts.Expression, depth: number): EntityRef | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const e = skipOuter(expr);
    if (e.kind === ts.SyntaxKind.ThisKeyword) {
      const extended = this.extendedRepository(e, depth);
      if (extended) return extended;
      const cls = enclosingClass(e);
      const name = cls && className(cls);
      return name === undefined ? undefined : { kind: 'this', class: name };
    }
    if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = enclosingClass(e);
      const name = cls && className(cls);
      return name === undefined ? undefined : { kind: 'member', class: name, prop: e.name.text };
    }
    if (ts.isIdentifier(e)) return this.identifierRef(e, depth);
    return this.repositoryExpr(e, depth);
  }

  /** `getRepository(Order)`, `ds.getRepository(Order).extend({...})`, `manager.withRepository(repo)`, `new OrderRepository()` */
  repositoryExpr(e: ts.Expression, depth: number): EntityRef | undefined {
    if (ts.isNewExpression(e) && ts.isIdentifier(e.expression)) return { kind: 'name', name: e.expression.text };
    if (!ts.isCallExpression(e)) return undefined;
    const callee = e.expression;
    const method = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (method === undefined) return undefined;
    const first = e.arguments[0];
    if (this.flavor.repositoryFactories.has(method) && first) {
      const arg = skipOuter(first);
      if (ts.isIdentifier(arg)) return { kind: 'name', name: arg.text };
      if (ts.isStringLiteralLike(arg)) return { kind: 'entity-string', name: arg.text };
      return undefined;
    }
    if (method === 'extend' && ts.isPropertyAccessExpression(callee)) return this.receiverRef(callee.expression, depth + 1);
    if (method === 'withRepository' && first) return this.receiverRef(first, depth + 1);
    return undefined;
  }

  /** `this` inside `repo.extend({ m() { this.find() } })` is that repository. */
  private extendedRepository(thisNode: ts.Node, depth: number): EntityRef | undefined {
    for (let n: ts.Node | undefined = thisNode.parent; n; n = n.parent) {
      if (ts.isClassLike(n) || ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return undefined;
      if (ts.isMethodDeclaration(n) && ts.isObjectLiteralExpression(n.parent)) {
        const call = n.parent.parent;
        if (call && ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'extend') {
          return this.receiverRef(call.expression.expression, depth + 1);
        }
        return undefined;
      }
    }
    return undefined;
  }

  private identifierRef(id: ts.Identifier, depth: number): EntityRef | undefined {
    const decl = findDeclaration(id.text, id);
    if (!decl || decl.moduleLevel) return { kind: 'name', name: id.text };
    if (decl.kind === 'parameter') {
      if (decl.destructured) return undefined;
      const injected = this.injectedEntity(decoratorsOf(decl.node));
      if (injected) return injected;
      return this.typeRef(decl.node.type, decl.node);
    }
    if (decl.kind === 'variable') {
      if (decl.destructured) return undefined;
      const typed = this.typeRef(decl.node.type, decl.node);
      if (typed) return typed;
      return decl.node.initializer ? this.receiverRef(decl.node.initializer, depth + 1) : undefined;
    }
    return undefined;
  }

  /** A class member: `@InjectRepository(E)`, a repository type, or a repository-valued initializer. */
  private memberRef(m: MemberDeclaration): EntityRef | undefined {
    const injected = this.injectedEntity(m.decorators);
    if (injected) return injected;
    const typed = m.type ? this.typeRef(m.type, m.type) : undefined;
    if (typed) return typed;
    if (!m.initializer) return undefined;
    // `this.repo = repo` (a constructor parameter), or `private repo = ds.getRepository(Order)`
    return this.receiverRef(m.initializer, 1);
  }

  private injectedEntity(decorators: readonly DecoratorCall[]): EntityRef | undefined {
    for (const d of decorators) {
      if (d.name !== 'InjectRepository') continue;
      const arg = d.args[0] && skipOuter(d.args[0]);
      if (arg && ts.isIdentifier(arg)) return { kind: 'name', name: arg.text };
    }
    return undefined;
  }

  /** `Repository<Order>` -> Order; `OrderRepository` -> that name; `typeof Order` -> Order; `T` -> the class type parameter. */
  private typeRef(type: ts.TypeNode | undefined, at: ts.Node): EntityRef | undefined {
    const t = typeRefOf(type);
    if (!t) return undefined;
    if (t.typeQuery) return { kind: 'name', name: t.name };
    return this.typeArgRef(t, enclosingClass(at)) ?? undefined;
  }

  private typeArgRef(t: TypeRef | undefined, cls: ts.ClassLikeDeclaration | undefined): EntityRef | null {
    if (!t || !t.name) return null;
    const owner = cls && className(cls);
    const index = classTypeParams(cls).indexOf(t.name);
    if (index >= 0 && owner !== undefined) return { kind: 'type-param', class: owner, index };
    if (this.isRepositoryType(t.name)) return this.typeArgRef(t.args[0], cls);
    // `Promise<X>`, `Array<X>`, `Record<K, V>`: not an entity or a repository
    if (t.args.length > 0 || !/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?$/.test(t.name)) return null;
    return { kind: 'name', name: t.name };
  }

  private isRepositoryType(name: string): boolean {
    const imp = this.imports.get(name);
    const imported = imp && imp.imported !== '*' && imp.imported !== 'default' ? imp.imported : name;
    return this.flavor.repositoryTypes.has(imported);
  }

  /** `Order` passed as a value where an entity class is expected (`em.find(Order)`, `.from(Order, 'o')`). */
  private entityClassArg(arg: ts.Expression): EntityRef | undefined {
    const e = skipOuter(arg);
    if (!ts.isIdentifier(e) || !/^[A-Z]/.test(e.text)) return undefined;
    const decl = findDeclaration(e.text, e);
    if (decl && !decl.moduleLevel) return undefined;
    return { kind: 'name', name: e.text };
  }

  /** What an entity instance passed to `save(x)` / `persist(x)` is, when visible in the same function. */
  private instanceOrigin(arg: ts.Expression): Omit<EntityUse, 'access' | 'line'> | undefined {
    const e = skipOuter(arg);
    if (ts.isNewExpression(e) || ts.isCallExpression(e)) return this.createdBy(e);
    if (!ts.isIdentifier(e)) return undefined;
    const decl = findDeclaration(e.text, e);
    if (!decl || decl.moduleLevel || (decl.kind !== 'parameter' && decl.kind !== 'variable') || decl.destructured) return undefined;
    const typeNode = decl.node.type;
    const typed = typeNode ? typeRefOf(typeNode) : undefined;
    if (typed && !typed.args.length && /^[A-Z]/.test(typed.name)) return { ref: { kind: 'name', name: typed.name }, entityOnly: true };
    if (decl.kind === 'variable' && decl.node.initializer) {
      const init = skipOuter(decl.node.initializer);
      if (ts.isNewExpression(init) || ts.isCallExpression(init)) return this.createdBy(init);
    }
    return undefined;
  }

  /** `new Invoice()`, `em.create(Invoice, ...)`, `repo.create(...)`, `em.findOne(Invoice, ...)`, `repo.findOneBy(...)` */
  private createdBy(e: ts.NewExpression | ts.CallExpression): Omit<EntityUse, 'access' | 'line'> | undefined {
    if (ts.isNewExpression(e)) {
      return ts.isIdentifier(e.expression) && /^[A-Z]/.test(e.expression.text) ? { ref: { kind: 'name', name: e.expression.text }, entityOnly: true } : undefined;
    }
    const mc = asMemberCall(e);
    if (!mc) return undefined;
    if (skipOuter(mc.receiver).kind === ts.SyntaxKind.ThisKeyword) {
      const declared = declaredReturnEntity(e, mc.method);
      if (declared) return { ref: { kind: 'name', name: declared }, entityOnly: true };
    }
    const producing = mc.method === 'create' || mc.method === 'getReference' || mc.method === 'merge' || mc.method === 'preload' || this.flavor.readMethods.has(mc.method);
    if (!producing) return undefined;
    const first = e.arguments[0];
    const entity = first ? this.entityClassArg(first) : undefined;
    if (entity) return { ref: entity, entityOnly: true };
    const repo = this.receiverRef(mc.receiver, 1);
    return repo ? { ref: repo } : undefined;
  }
}

/** `this.get(id)` where the class declares `get(...): Promise<Invoice>`: Invoice. */
function declaredReturnEntity(at: ts.Node, method: string): string | undefined {
  const cls = enclosingClass(at);
  const decl = cls?.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && m.name.getText() === method);
  let t = typeRefOf(decl?.type);
  if (t && (t.name === 'Promise' || t.name === 'Loaded') && t.args[0]) t = t.args[0];
  return t && !t.typeQuery && !t.args.length && /^[A-Z]/.test(t.name) ? t.name : undefined;
}

// ---------------------------------------------------------------------------------------------
// link

type Resolved =
  | { readonly kind: 'entity'; readonly module: string; readonly entity: EntityDecl }
  | { readonly kind: 'type-param'; readonly module: string; readonly class: string; readonly index: number };

type Found =
  | { readonly kind: 'entity'; readonly entity: EntityDecl }
  | { readonly kind: 'class'; readonly cls: ClassDecl }
  | { readonly kind: 'const'; readonly ref: EntityRef };

/**
 * Each module's entities: those declared with the ORM's decorator, and the classes whose decorator
 * resolves (through imports, barrels and aliases) to a function that applies it.
 */
function entitiesWithWrappers(ctx: LinkContext, locals: ReadonlyMap<string, EntityOrmLocal>): (module: string) => readonly EntityDecl[] {
  const wrappers = new Set<string>();
  const targets: SymbolTarget[] = [];
  for (const [module, local] of locals) {
    for (const name of local.entityWrappers ?? []) {
      wrappers.add(`${module}\0${name}`);
      targets.push({ module, name });
    }
  }
  const out = new Map<string, EntityDecl[]>();
  if (wrappers.size) {
    const lookup = (module: string, name: string): true | AliasOf | undefined => {
      if (wrappers.has(`${module}\0${name}`)) return true;
      const c = own(locals.get(module)?.consts, name);
      return c && 'aliasOf' in c ? c : undefined;
    };
    const options = { byName: indexByName(targets), requiredNames: (m: string) => locals.get(m)?.requiredNames };
    for (const [module, local] of locals) {
      for (const w of local.wrappedEntities ?? []) {
        const hit = w.candidates.find((c) => resolveDeclaration(ctx, module, c.decorator, lookup, options));
        if (!hit) continue;
        const list = out.get(module) ?? [...local.entities];
        list.push(hit.table === undefined ? w.entity : { ...w.entity, table: hit.table });
        out.set(module, list);
      }
    }
  }
  return (module) => out.get(module) ?? locals.get(module)?.entities ?? [];
}

function linkEntityOrm(
  ctx: LinkContext,
  locals: ReadonlyMap<string, EntityOrmLocal>,
  flavor: EntityOrmFlavor,
): { entities: EntityFact[]; dataAccess: DataAccessFact[] } {
  const entitiesOf = entitiesWithWrappers(ctx, locals);
  const entityIndex = new Map<string, EntityDecl>();
  const classIndex = new Map<string, ClassDecl>();
  const named: SymbolTarget[] = [];
  for (const [module, local] of locals) {
    for (const e of entitiesOf(module)) {
      entityIndex.set(`${module}\0${e.name}`, e);
      named.push({ module, name: e.name });
    }
    for (const c of local.classes) {
      classIndex.set(`${module}\0${c.name}`, c);
      named.push({ module, name: c.name });
    }
    for (const name of Object.keys(local.consts)) named.push({ module, name });
  }
  const byName = indexByName(named);
  const resolveOptions = { byName, requiredNames: (m: string) => locals.get(m)?.requiredNames };
  const entitiesByClassName = indexByName([...entityIndex.keys()].map((k) => ({ module: k.split('\0')[0]!, name: k.split('\0')[1]! })));

  const lookup = (module: string, name: string): Found | AliasOf | undefined => {
    const entity = entityIndex.get(`${module}\0${name}`);
    if (entity) return { kind: 'entity', entity };
    const cls = classIndex.get(`${module}\0${name}`);
    if (cls) return { kind: 'class', cls };
    const c = own(locals.get(module)?.consts, name);
    if (c === undefined) return undefined;
    return 'aliasOf' in c ? c : { kind: 'const', ref: c };
  };
  const classLookup = (module: string, name: string): ClassDecl | AliasOf | undefined => {
    const cls = classIndex.get(`${module}\0${name}`);
    if (cls) return cls;
    const c = own(locals.get(module)?.consts, name);
    return c && 'aliasOf' in c ? c : undefined;
  };

  const resolveRef = (module: string, ref: EntityRef, depth: number, entityOnly = false): Resolved | undefined => {
    if (depth > MAX_DEPTH) return undefined;
    switch (ref.kind) {
      case 'name': {
        const d = resolveDeclaration(ctx, module, ref.name, lookup, resolveOptions);
        if (!d) return undefined;
        if (d.decl.kind === 'entity') return { kind: 'entity', module: d.module, entity: d.decl.entity };
        if (entityOnly) return undefined;
        if (d.decl.kind === 'class') return resolveThis(d.module, d.decl.cls, depth + 1);
        return resolveRef(d.module, d.decl.ref, depth + 1);
      }
      case 'entity-string': {
        const hits = entitiesByClassName.get(ref.name);
        if (hits?.length !== 1) return undefined;
        const hit = hits[0]!;
        return { kind: 'entity', module: hit.module, entity: entityIndex.get(`${hit.module}\0${hit.name}`)! };
      }
      case 'type-param':
        return { kind: 'type-param', module, class: ref.class, index: ref.index };
      case 'this': {
        const cls = classIndex.get(`${module}\0${ref.class}`);
        return cls ? resolveThis(module, cls, depth + 1) : undefined;
      }
      case 'member': {
        const cls = classIndex.get(`${module}\0${ref.class}`);
        return cls ? resolveMember(module, cls, ref.prop, depth + 1) : undefined;
      }
    }
  };

  /** Follow `extends` to the base class, then map the base's type parameters back to our type arguments. */
  const viaBase = (module: string, cls: ClassDecl, depth: number, inBase: (baseModule: string, base: ClassDecl) => Resolved | undefined): Resolved | undefined => {
    if (!cls.extends || depth > MAX_DEPTH) return undefined;
    const base = resolveDeclaration(ctx, module, cls.extends.name, classLookup, resolveOptions);
    if (!base) return undefined;
    const r = inBase(base.module, base.decl);
    if (r?.kind === 'type-param' && r.module === base.module && r.class === base.decl.name) {
      const arg = cls.extends.args[r.index];
      return arg ? resolveRef(module, arg, depth + 1) : undefined;
    }
    return r;
  };

  const resolveThis = (module: string, cls: ClassDecl, depth: number): Resolved | undefined => {
    if (depth > MAX_DEPTH) return undefined;
    if (cls.repositoryOf !== undefined) return cls.repositoryOf ? resolveRef(module, cls.repositoryOf, depth + 1) : undefined;
    return viaBase(module, cls, depth, (bm, base) => resolveThis(bm, base, depth + 1));
  };

  const resolveMember = (module: string, cls: ClassDecl, prop: string, depth: number): Resolved | undefined => {
    if (depth > MAX_DEPTH) return undefined;
    const declared = own(cls.members, prop);
    if (declared) return resolveRef(module, declared, depth + 1);
    return viaBase(module, cls, depth, (bm, base) => resolveMember(bm, base, prop, depth + 1));
  };

  let subclassIndex: Map<string, { module: string; cls: ClassDecl }[]> | undefined;
  const subclassesOf = (module: string, name: string): { module: string; cls: ClassDecl }[] => {
    if (!subclassIndex) {
      subclassIndex = new Map();
      for (const [m, local] of locals) {
        for (const c of local.classes) {
          if (!c.extends) continue;
          const base = resolveDeclaration(ctx, m, c.extends.name, classLookup, resolveOptions);
          if (!base) continue;
          const key = `${base.module}\0${base.decl.name}`;
          const list = subclassIndex.get(key) ?? [];
          list.push({ module: m, cls: c });
          subclassIndex.set(key, list);
        }
      }
    }
    return subclassIndex.get(`${module}\0${name}`) ?? [];
  };

  const tableOf = (module: string, entity: EntityDecl, depth = 0): string => {
    if (entity.table !== undefined) return entity.table;
    if (entity.parent !== undefined && depth < MAX_DEPTH) {
      const p = resolveDeclaration(ctx, module, entity.parent, lookup, resolveOptions);
      if (p?.decl.kind === 'entity') return tableOf(p.module, p.decl.entity, depth + 1);
    }
    return flavor.defaultTable(entity.name);
  };

  const facts: DataAccessFact[] = [];
  const emit = (r: Resolved, module: string, line: number, access: 'read' | 'write', depth: number): void => {
    if (r.kind === 'entity') {
      facts.push(accessFact(module, tableOf(r.module, r.entity), access, flavor.via, line, r.entity.name));
      return;
    }
    if (depth > MAX_DEPTH) return;
    for (const sub of subclassesOf(r.module, r.class)) {
      const arg = sub.cls.extends?.args[r.index];
      const next = arg ? resolveRef(sub.module, arg, 0) : undefined;
      if (next) emit(next, sub.module, sub.cls.line, access, depth + 1);
    }
  };

  for (const [module, local] of locals) {
    for (const use of local.uses) {
      const r = resolveRef(module, use.ref, 0, use.entityOnly);
      if (r) emit(r, module, use.line, use.access, 0);
    }
  }

  // repositories: what a called repository method does, with `this` bound to the concrete class
  const flowLocals = new Map<string, FlowLocal>();
  const usesByOwner = new Map<string, EntityUse[]>();
  for (const [module, local] of locals) {
    if (local.flow) flowLocals.set(module, local.flow);
    for (const use of local.uses) {
      if (!use.owner) continue;
      const k = `${module}\0${use.owner}`;
      usesByOwner.set(k, [...(usesByOwner.get(k) ?? []), use]);
    }
  }
  /** A type parameter of a base class, as the concrete class's `extends` chain binds it. */
  const bindTypeParam = (concrete: ClassRef, r: Extract<Resolved, { kind: 'type-param' }>): Resolved | undefined => {
    const path: { module: string; cls: ClassDecl }[] = [];
    let cur: { module: string; cls: ClassDecl } | undefined = classIndex.has(`${concrete.module}\0${concrete.name}`)
      ? { module: concrete.module, cls: classIndex.get(`${concrete.module}\0${concrete.name}`)! }
      : undefined;
    for (let i = 0; cur && i < MAX_DEPTH; i++) {
      if (cur.module === r.module && cur.cls.name === r.class) break;
      path.push(cur);
      const base: ReturnType<typeof resolveDeclaration<ClassDecl>> = cur.cls.extends ? resolveDeclaration(ctx, cur.module, cur.cls.extends.name, classLookup, resolveOptions) : undefined;
      cur = base ? { module: base.module, cls: base.decl } : undefined;
    }
    if (!cur) return undefined;
    let index = r.index;
    for (let j = path.length - 1; j >= 0; j--) {
      const arg = path[j]!.cls.extends?.args[index];
      const res = arg ? resolveRef(path[j]!.module, arg, 0) : undefined;
      if (res?.kind !== 'type-param') return res;
      index = res.index;
    }
    return undefined;
  };
  const memberEntity = (v: MemberValue): Resolved | undefined => {
    for (const inj of v.member.injectors ?? []) {
      if (inj.name === 'InjectRepository' && inj.arg?.kind === 'name') return resolveRef(v.module, { kind: 'name', name: inj.arg.name }, 0);
    }
    if (v.expr?.kind === 'name' || v.expr?.kind === 'new') return resolveRef(v.module, { kind: 'name', name: v.expr.name }, 0);
    const t = v.member.type;
    if (!t || t.typeQuery) return t ? resolveRef(v.module, { kind: 'name', name: t.name }, 0) : undefined;
    const named = flavor.repositoryTypes.has(t.name.slice(t.name.lastIndexOf('.') + 1)) ? t.args[0]?.name : t.name;
    return named ? resolveRef(v.module, { kind: 'name', name: named }, 0) : undefined;
  };
  const flow = new RepositoryFlow(ctx, flowLocals, {
    direct: (concrete, declaring, method) => {
      const out: Effect[] = [];
      for (const use of usesByOwner.get(`${declaring.module}\0${declaring.name}#${method}`) ?? []) {
        let r = resolveRef(declaring.module, use.ref, 0, use.entityOnly);
        if (r?.kind === 'type-param') r = bindTypeParam(concrete, r);
        else if (!r && use.ref.kind === 'member') {
          const v = flow.memberValue(concrete, use.ref.prop);
          r = v && memberEntity(v);
          if (r?.kind === 'type-param') r = bindTypeParam(concrete, r);
        }
        if (r?.kind === 'entity') out.push({ table: tableOf(r.module, r.entity), access: use.access, entity: r.entity.name });
      }
      return out;
    },
    hasDirect: (module, owner) => usesByOwner.has(`${module}\0${owner}`),
    inFunction: (module, owner) =>
      (usesByOwner.get(`${module}\0${owner}`) ?? []).flatMap((use) => {
        const r = resolveRef(module, use.ref, 0, use.entityOnly);
        return r?.kind === 'entity' ? [{ table: tableOf(r.module, r.entity), access: use.access, entity: r.entity.name }] : [];
      }),
    isDataClass: (cls) => classIndex.get(`${cls.module}\0${cls.name}`)?.repositoryOf != null || entityIndex.has(`${cls.module}\0${cls.name}`),
  });
  for (const a of flow.callSiteAccesses()) facts.push(accessFact(a.module, a.effect.table, a.effect.access, flavor.via, a.line, a.effect.entity));

  // join tables: named by the owning side; an inverse side (`mappedBy`) uses its owner's
  const joinTables = new Map<string, string[]>(); // property -> join tables of m:n properties with that name
  const entities: EntityFact[] = [];
  const addJoin = (prop: string, table: string): void => {
    const list = joinTables.get(prop) ?? [];
    if (!list.includes(table)) list.push(table);
    joinTables.set(prop, list);
  };
  const ownerJoinTable = (module: string, e: EntityDecl, rel: ManyToManyDecl): string | undefined => {
    const target = rel.target !== undefined ? resolveDeclaration(ctx, module, rel.target, lookup, resolveOptions) : undefined;
    const targetTable = target?.decl.kind === 'entity' ? tableOf(target.module, target.decl.entity) : undefined;
    return rel.table ?? flavor.joinTableName({ className: e.name, table: tableOf(module, e), explicit: e.table !== undefined }, rel.prop, targetTable === undefined ? undefined : { table: targetTable });
  };
  for (const module of locals.keys()) {
    for (const e of entitiesOf(module)) {
      entities.push({ name: e.name, table: tableOf(module, e), via: flavor.via, module, line: e.line });
      for (const rel of e.manyToMany ?? []) {
        if (rel.owner) {
          const table = ownerJoinTable(module, e, rel);
          if (table === undefined) continue;
          entities.push({ name: `${e.name}.${rel.prop}`, table, via: flavor.via, module, line: rel.line });
          addJoin(rel.prop, table);
        } else if (rel.target !== undefined && rel.inverse !== undefined) {
          const target = resolveDeclaration(ctx, module, rel.target, lookup, resolveOptions);
          const owning = target?.decl.kind === 'entity' ? target.decl.entity.manyToMany?.find((r) => r.prop === rel.inverse && r.owner) : undefined;
          const table = owning && target?.decl.kind === 'entity' ? ownerJoinTable(target.module, target.decl.entity, owning) : undefined;
          if (table !== undefined) addJoin(rel.prop, table);
        }
      }
    }
  }
  // `user.favorites.push(article)` then save: the join table of the one m:n property of that name
  for (const [module, local] of locals) {
    for (const change of local.relationChanges ?? []) {
      const tables = joinTables.get(change.prop);
      if (tables?.length === 1) facts.push(accessFact(module, tables[0]!, 'write', flavor.via, change.line));
    }
  }
  return { entities: finishEntities(entities, ctx.report), dataAccess: finishAccesses(facts, ctx.report) };
}

// ---------------------------------------------------------------------------------------------
// helpers for flavors

/** `() => Target` / `(type) => Target` -> Target */
export function arrowTarget(e: ts.Expression | undefined): string | undefined {
  const x = e && skipOuter(e);
  if (!x || (!ts.isArrowFunction(x) && !ts.isFunctionExpression(x))) return undefined;
  const body = ts.isArrowFunction(x) && !ts.isBlock(x.body) ? skipOuter(x.body) : undefined;
  return body && ts.isIdentifier(body) ? body.text : undefined;
}

/** `(u) => u.followers` -> followers; `'followers'` -> followers */
export function inverseProperty(e: ts.Expression | undefined): string | undefined {
  const x = e && skipOuter(e);
  if (!x) return undefined;
  const s = literalText(x);
  if (s !== undefined) return s;
  if (!ts.isArrowFunction(x) || ts.isBlock(x.body)) return undefined;
  const body = skipOuter(x.body);
  return ts.isPropertyAccessExpression(body) ? body.name.text : undefined;
}

/** First argument string, or `name`-like option of an options object: `@Entity('t')`, `@Entity({ name: 't' })`. */
export function decoratorTable(d: DecoratorCall, optionKeys: readonly string[], positional: boolean): string | undefined {
  const first = d.args[0];
  if (!first) return undefined;
  if (positional) {
    const s = literalText(first) ?? (ts.isObjectLiteralExpression(skipOuter(first)) ? undefined : stringValue(first));
    if (s !== undefined) return s;
  }
  for (const arg of d.args) {
    for (const key of optionKeys) {
      const v = objectProperty(arg, key);
      const s = v ? stringValue(v) : undefined;
      if (s !== undefined) return s;
    }
  }
  return undefined;
}

/**
 * Data access through repositories: a module that calls a repository's method reads or writes
 * what that method reads or writes. Linked across files from what repository-calls.ts collected;
 * each data plugin runs it over its own findings (its `hooks`), so a port bound to a TypeORM and a
 * Mongoose implementation gives both tables, each reported by its plugin.
 *
 * What is a repository (the documented rule, in this order):
 * 1. a class the ORM plugin knows as a data class: an ORM model or entity whose custom methods are
 *    its own queries (Sequelize models, active records), or a class extending the ORM's repository
 *    (`extends Repository<User>`, `extends EntityRepository<User>`);
 * 2. a generic repository: a class with type parameters whose own methods access data through a
 *    member (`class BaseRepository<T> { constructor(protected model: Model<T>) {} find() { return this.model.find() } }`),
 *    and every class extending one (bound to its table by `super(Model)`, a type argument or an
 *    injected member);
 * 3. a class named `...Repository`, the pattern's conventional name (Fowler, PoEAA; the NestJS and
 *    TypeORM docs), so facades and hand-written repositories over an injected ORM repository count.
 * A service is not a repository: a module calling a service does not read the service's tables.
 *
 * What a call reaches: `this.m()` / `super.m()` in a repository; `this.repo.m()` where the member is
 * typed with a class, injected with `@Inject(token)`, or assigned `new X()` / a constructor
 * argument; a parameter or variable typed with a class; `new X().m()`; `X.m()` (static). A type or
 * token bound by NestJS custom providers (`{ provide: Port, useClass: Impl }`, class or string
 * token; https://docs.nestjs.com/fundamentals/custom-providers) reaches every class bound to it;
 * an abstract class or interface bound nowhere reaches the classes that extend or implement it.
 *
 * What a method does: the accesses written in its body (the plugin's `direct`, with `this` bound to
 * the concrete class, so a generic base's `this.model.find()` reads the subclass's table), plus what
 * its calls on `this`, `super` and other repositories do, transitively. Methods are looked up from
 * the concrete class up its `extends` chain, as JavaScript dispatches them.
 */
import type { LinkContext, SymbolTarget } from '../types.js';
import { indexByName, own, resolveDeclaration, resolveName } from './declarations.js';
import type { FlowCall, FlowClass, FlowExpr, FlowLocal, FlowMember, FlowRecv, FlowToken } from './repository-calls.js';
import type { TypeRef } from './syntax.js';

export interface Effect {
  readonly table: string;
  readonly access: 'read' | 'write';
  readonly entity?: string;
}

export interface ClassRef {
  readonly module: string;
  readonly name: string;
  readonly decl: FlowClass;
}

/** A member's value as seen from a concrete class: where it is written, and what. */
export interface MemberValue {
  /** the module whose names `member` and `expr` use */
  readonly module: string;
  readonly member: FlowMember;
  /** the value, with a constructor argument followed through `super(...)` to the subclass that passes it */
  readonly expr?: FlowExpr;
}

export interface FlowHooks {
  /** The accesses written in `declaring`'s method `method`, with `this` an instance (or, in a static method, the class) of `concrete`. */
  direct(concrete: ClassRef, declaring: ClassRef, method: string): readonly Effect[];
  /** True when `owner` (`Class#method`) in `module` has accesses of its own, resolved or not. */
  hasDirect(module: string, owner: string): boolean;
  /** Rule 1: the plugin knows this class as a data class. */
  isDataClass?(cls: ClassRef): boolean;
  /** The accesses written in a module-level function (`owner` is `#name`), for repository modules. */
  inFunction?(module: string, owner: string): readonly Effect[];
}

export interface CallSiteAccess {
  readonly module: string;
  readonly line: number;
  readonly effect: Effect;
}

const MAX_DEPTH = 24;
const REPOSITORY_NAME = /Repository$/;

export class RepositoryFlow {
  /** module -> class name -> class (nested maps: asked for very often, and a joined key costs a string each time) */
  private readonly classes = new Map<string, Map<string, ClassRef>>();
  private readonly byName: Map<string, SymbolTarget[]>;
  /** module -> owner (`Class#method`) -> calls */
  private readonly callsByOwner = new Map<string, Map<string, FlowCall[]>>();
  private readonly chains = new Map<ClassRef, ClassRef[]>();
  private readonly repository = new Map<ClassRef, boolean>();
  private readonly effectsMemo = new Map<string, readonly Effect[]>();
  private readonly inProgress = new Set<string>();
  private bindingIndex: Map<string, ClassRef[]> | undefined;
  private implementerIndex: Map<string, ClassRef[]> | undefined;

  constructor(
    private readonly ctx: LinkContext,
    private readonly locals: ReadonlyMap<string, FlowLocal>,
    private readonly hooks: FlowHooks,
  ) {
    const named: SymbolTarget[] = [];
    for (const [module, local] of locals) {
      const classes = new Map<string, ClassRef>();
      for (const c of local.classes) {
        classes.set(c.name, { module, name: c.name, decl: c });
        named.push({ module, name: c.name });
      }
      this.classes.set(module, classes);
      const calls = new Map<string, FlowCall[]>();
      for (const call of local.calls) {
        const list = calls.get(call.owner);
        if (list) list.push(call);
        else calls.set(call.owner, [call]);
      }
      this.callsByOwner.set(module, calls);
    }
    this.byName = indexByName(named);
  }

  /** The class a name used in `module` refers to (through imports and barrels). */
  resolveClass(module: string, name: string): ClassRef | undefined {
    const d = resolveDeclaration(this.ctx, module, name, (m, n) => this.classAt(m, n), { byName: this.byName });
    return d?.decl;
  }

  private classAt(module: string, name: string): ClassRef | undefined {
    return this.classes.get(module)?.get(name);
  }

  /** The class and its bases, nearest first. */
  chain(cls: ClassRef): ClassRef[] {
    let out = this.chains.get(cls);
    if (out) return out;
    out = [cls];
    this.chains.set(cls, out);
    let cur = cls;
    for (let i = 0; i < MAX_DEPTH && cur.decl.extends; i++) {
      const base = this.resolveClass(cur.module, cur.decl.extends.name);
      if (!base || out.includes(base)) break;
      out.push(base);
      cur = base;
    }
    return out;
  }

  isRepository(cls: ClassRef): boolean {
    let r = this.repository.get(cls);
    if (r !== undefined) return r;
    this.repository.set(cls, false);
    r = REPOSITORY_NAME.test(cls.name) || this.chain(cls).some((c) => this.hooks.isDataClass?.(c) || this.isGenericRepository(c));
    this.repository.set(cls, r);
    return r;
  }

  private isGenericRepository(c: ClassRef): boolean {
    return !!c.decl.typeParams?.length && c.decl.methods.some((m) => this.hooks.hasDirect(c.module, `${c.name}#${m}`));
  }

  /**
   * The module a name stands for when it is a module namespace (`import * as links from './link'`),
   * possibly reached through module-level objects of names (`queries.link` where
   * `const queries = { link }` and `import * as link from './link'`).
   */
  namespaceOf(module: string, name: string): string | undefined {
    const parts = name.split('.');
    let target = this.ctx.resolveBinding(module, parts[0]!);
    for (let i = 1; target && i < parts.length; i++) {
      if (target.name === '*') return undefined; // `ns.x.y`: a member of a namespace is not a namespace here
      const obj = this.objectAt(target.module, target.name);
      const local = obj && own(obj, parts[i]!);
      target = local === undefined ? undefined : this.ctx.resolveBinding(target.module, local);
    }
    return target?.name === '*' ? target.module : undefined;
  }

  /** A module-level object of names, following `export default queries` to `queries`. */
  private objectAt(module: string, name: string, depth = 0): Record<string, string> | undefined {
    const objects = this.locals.get(module)?.objects;
    const found = own(objects, name);
    if (found || depth > 4) return found;
    const next = name === 'default' ? this.ctx.resolveExport(module, 'default') : undefined;
    return next && (next.module !== module || next.name !== name) ? this.objectAt(next.module, next.name, depth + 1) : undefined;
  }

  /** The class of a module-level singleton `name` declared in `module`. */
  private instanceAt(module: string, name: string): ClassRef | undefined {
    const cls = own(this.locals.get(module)?.instances, name);
    return cls === undefined ? undefined : this.resolveClass(module, cls);
  }

  /** The enclosing class of an owner `Class#method` in `module`. */
  ownerClass(module: string, owner: string): ClassRef | undefined {
    const hash = owner.indexOf('#');
    return hash > 0 ? this.classAt(module, owner.slice(0, hash)) : undefined;
  }

  /**
   * The value of `this.prop` in an instance of `concrete`: the member as its class declares it,
   * a constructor argument followed down to the subclass that passes it to `super(...)`.
   */
  memberValue(concrete: ClassRef, prop: string): MemberValue | undefined {
    const chain = this.chain(concrete);
    for (let i = 0; i < chain.length; i++) {
      const d = chain[i]!;
      const member = own(d.decl.members, prop);
      if (!member) continue;
      if (member.value?.kind !== 'param') return { module: d.module, member, ...(member.value ? { expr: member.value } : {}) };
      const passed = this.argumentFor(chain, i, member.value.index);
      return passed ?? { module: d.module, member };
    }
    return undefined;
  }

  /** Constructor argument `index` of chain[at], as the nearest subclass passing it writes it. */
  private argumentFor(chain: readonly ClassRef[], at: number, index: number): MemberValue | undefined {
    let i = index;
    for (let j = at - 1; j >= 0; j--) {
      const s = chain[j]!;
      if (!s.decl.ownConstructor) continue;
      const arg = s.decl.superArgs?.[i];
      if (!arg) return undefined;
      if (arg.kind !== 'param') return { module: s.module, member: {}, expr: arg };
      i = arg.index;
      if (j === 0) {
        // the concrete class takes it from its own constructor: dependency injection by type or token
        const param = s.decl.params?.[i];
        return param ? { module: s.module, member: param } : undefined;
      }
    }
    return undefined;
  }

  /** What `method` does on an instance of `cls` (empty when the chain does not declare it). */
  effects(cls: ClassRef, method: string): readonly Effect[] {
    return this.effectsFrom(cls, 0, method, 0);
  }

  private effectsFrom(concrete: ClassRef, start: number, method: string, depth: number): readonly Effect[] {
    const memoKey = `${key(concrete.module, concrete.name)}\0${start}\0${method}`;
    const memo = this.effectsMemo.get(memoKey);
    if (memo) return memo;
    if (this.inProgress.has(memoKey) || depth > MAX_DEPTH) return [];
    this.inProgress.add(memoKey);
    const chain = this.chain(concrete);
    let out: Effect[] = [];
    for (let i = start; i < chain.length; i++) {
      const d = chain[i]!;
      if (!d.decl.methods.includes(method)) continue;
      out = [...this.hooks.direct(concrete, d, method)];
      for (const call of this.callsByOwner.get(d.module)?.get(`${d.name}#${method}`) ?? []) {
        if (call.recv.kind === 'this') out.push(...this.effectsFrom(concrete, 0, call.method, depth + 1));
        else if (call.recv.kind === 'super') out.push(...this.effectsFrom(concrete, i + 1, call.method, depth + 1));
        else for (const t of this.receiverTargets(d.module, call.recv, concrete)) out.push(...this.effectsFrom(t, 0, call.method, depth + 1));
      }
      break;
    }
    const result = dedupe(out);
    this.inProgress.delete(memoKey);
    this.effectsMemo.set(memoKey, result);
    return result;
  }

  /** Every call site on a repository in the project, with what the called method does. */
  callSiteAccesses(): CallSiteAccess[] {
    const out: CallSiteAccess[] = [];
    for (const [module, local] of this.locals) {
      for (const call of local.calls) {
        const self = this.ownerClass(module, call.owner);
        let effects: readonly Effect[] = [];
        if (call.recv.kind === 'this' || call.recv.kind === 'super') {
          if (!self || !this.isRepository(self)) continue;
          effects = this.effectsFrom(self, call.recv.kind === 'this' ? 0 : 1, call.method, 0);
        } else {
          const all: Effect[] = [];
          const targets = this.receiverTargets(module, call.recv, self);
          for (const t of targets) all.push(...this.effectsFrom(t, 0, call.method, 0));
          if (!targets.length && call.recv.kind === 'name' && this.hooks.inFunction) {
            // a repository module used as an object: `links.find()`, `queries.link.find()`
            const ns = this.namespaceOf(module, call.recv.name);
            if (ns !== undefined) all.push(...this.hooks.inFunction(ns, `#${call.method}`));
          }
          effects = dedupe(all);
        }
        for (const effect of effects) out.push({ module, line: call.line, effect });
      }
    }
    return out;
  }

  /** The repository classes a receiver may be (several when a port is bound to several). */
  private receiverTargets(module: string, recv: FlowRecv, self: ClassRef | undefined): ClassRef[] {
    let found: ClassRef[] = [];
    switch (recv.kind) {
      case 'member': {
        const v = self && this.memberValue(self, recv.prop);
        if (v) found = this.valueTargets(v);
        break;
      }
      case 'typed':
        found = this.typeTargets(module, recv.type);
        break;
      case 'new': {
        const c = this.resolveClass(module, recv.name);
        if (c) found = [c];
        break;
      }
      case 'name': {
        // a class (static call) or a module-level singleton (`export const orders = new OrderRepository()`)
        const d = resolveDeclaration(this.ctx, module, recv.name, (m, n) => this.classAt(m, n) ?? this.instanceAt(m, n), { byName: this.byName });
        if (d) found = [d.decl];
        break;
      }
      default:
        break;
    }
    return found.filter((c) => this.isRepository(c));
  }

  private valueTargets(v: MemberValue): ClassRef[] {
    if (v.member.inject) {
      const bound = this.bound(v.module, v.member.inject);
      if (bound.length) return bound;
    }
    if (v.expr?.kind === 'new' || v.expr?.kind === 'name') {
      const c = this.resolveClass(v.module, v.expr.name);
      if (c) return v.expr.kind === 'new' ? [c] : this.implementations(c);
    }
    return v.member.type ? this.typeTargets(v.module, v.member.type) : [];
  }

  private typeTargets(module: string, type: TypeRef): ClassRef[] {
    if (type.typeQuery) {
      const c = this.resolveClass(module, type.name);
      return c ? [c] : [];
    }
    const c = this.resolveClass(module, type.name);
    if (c) return this.implementations(c);
    // an interface: bound by its name as a token, else the classes implementing it
    const target = resolveName(this.ctx, module, type.name);
    if (!target) return [];
    return this.implementersOf(`${target.module}\0${target.name}`);
  }

  /** A class as a receiver type: what providers bind to it, else itself, else (abstract) its implementations. */
  private implementations(c: ClassRef): ClassRef[] {
    const bound = this.bindings().get(`class\0${key(c.module, c.name)}`);
    if (bound?.length) return bound;
    if (!c.decl.abstract) return [c];
    return this.implementersOf(key(c.module, c.name));
  }

  private bound(module: string, token: FlowToken): ClassRef[] {
    if (token.kind === 'string') return this.bindings().get(`string\0${token.value}`) ?? [];
    const c = this.resolveClass(module, token.name);
    return c ? this.implementations(c) : [];
  }

  private bindings(): Map<string, ClassRef[]> {
    if (this.bindingIndex) return this.bindingIndex;
    const index = new Map<string, ClassRef[]>();
    for (const [module, local] of this.locals) {
      for (const b of local.bindings) {
        const impl = this.resolveClass(module, b.useClass);
        if (!impl) continue;
        let k: string | undefined;
        if (b.token.kind === 'string') k = `string\0${b.token.value}`;
        else {
          const t = this.resolveClass(module, b.token.name);
          if (t) k = `class\0${key(t.module, t.name)}`;
        }
        if (k === undefined) continue;
        const list = index.get(k) ?? [];
        if (!list.includes(impl)) list.push(impl);
        index.set(k, list);
      }
    }
    this.bindingIndex = index;
    return index;
  }

  /** Classes that extend or implement the declaration `target` (`module\0name`). */
  private implementersOf(target: string): ClassRef[] {
    if (!this.implementerIndex) {
      const index = new Map<string, ClassRef[]>();
      const add = (k: string, c: ClassRef): void => {
        const list = index.get(k) ?? [];
        list.push(c);
        index.set(k, list);
      };
      for (const c of [...this.classes.values()].flatMap((m) => [...m.values()])) {
        for (const name of [...(c.decl.implements ?? []), ...(c.decl.extends ? [c.decl.extends.name] : [])]) {
          const t = resolveName(this.ctx, c.module, name) ?? this.byName.get(name)?.[0];
          if (t) add(`${t.module}\0${t.name}`, c);
        }
      }
      this.implementerIndex = index;
    }
    return (this.implementerIndex.get(target) ?? []).filter((c) => !c.decl.abstract);
  }
}

function key(module: string, name: string): string {
  return `${module}\0${name}`;
}

function dedupe(effects: readonly Effect[]): Effect[] {
  const seen = new Map<string, Effect>();
  for (const e of effects) {
    const k = `${e.table}\0${e.access}`;
    const prev = seen.get(k);
    if (!prev || (e.entity !== undefined && (prev.entity === undefined || e.entity < prev.entity))) seen.set(k, e);
  }
  return [...seen.values()];
}

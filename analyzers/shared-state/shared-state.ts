/**
 * Module-level state that outlives a request and that several modules touch: event buses,
 * AsyncLocalStorage contexts, in-memory caches, singletons and reassignable exports. Each one
 * pins its users to a single process, so a cut that separates them needs a replacement
 * (a broker, a shared cache, a propagated context).
 *
 * Kinds, decided per module-level binding:
 * - event-bus: `new EventEmitter()` (also EventEmitter2, Emittery, EventTarget), an rxjs
 *   `Subject`, `mitt()`, or an instance of a class that extends one of them;
 * - async-local-storage: `new AsyncLocalStorage()`;
 * - cache: an instance of a class named like a cache (`LRUCache`, `NodeCache`, `SessionCache`),
 *   or a Map / Set / WeakMap / WeakSet, object or array literal whose contents some function
 *   changes at run time (in its own module or in an importer);
 * - singleton: an exported `const x = new X()` or `export default new X()` of any other class,
 *   `export const x = X.getInstance()`, a class with `static instance` / `static getInstance()`,
 *   or a private `let` that a function fills with `new X()` and an export hands out;
 * - mutable-export: `export let` / `export var` (when none of the above says more).
 * Event buses, contexts and caches are reported even when private: their accessors are shared.
 *
 * Users are the other modules that import the binding (through barrels and namespaces) or
 * import an exported declaration of its module that reaches it (`export function get(k) {
 * return cache.get(k) }`). Only value uses count: type-only imports and re-export lists do not.
 */
import type { SharedStateFact, SharedStateKind } from '../../src/shared/facts.js';
import type { Analyzer, LinkContext, SymbolTarget } from '../types.js';
import { collectSharedState, type SharedStateLocal, type StateInit, type StateVariable } from './collect-state.js';

const EVENT_BUS_CLASSES = new Set(['EventEmitter', 'EventEmitter2', 'EventEmitter3', 'Emittery', 'EventTarget']);
const RXJS_SUBJECTS = new Set(['Subject', 'BehaviorSubject', 'ReplaySubject', 'AsyncSubject']);
const EVENT_BUS_FACTORIES = new Set(['mitt', 'createNanoEvents']);
const COLLECTIONS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet']);
const CACHE_CLASS = /cache|lru/i;
/**
 * Instances that are values, wiring or declarations, not state: an exported `new Date(0)` is a
 * constant, a router is wiring the routes analyzer reads, a mongoose `Schema` describes a collection.
 */
const NOT_STATE_CLASSES = new Set([
  'Date', 'RegExp', 'URL', 'URLSearchParams', 'Promise', 'TextEncoder', 'TextDecoder', 'Error', 'Intl', 'Symbol',
  'Number', 'String', 'Boolean', 'BigInt', 'Schema',
]);
const NOT_STATE_SUFFIXES = ['Error', 'Router'];

type Locals = ReadonlyMap<string, SharedStateLocal>;

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The name a constructor or function is known by where it is declared (through `import { X as Y }`). */
function declaredName(local: SharedStateLocal, callee: { callee?: string; root?: string }): string {
  const name = callee.callee ?? '';
  if (callee.root !== name) return name;
  const imp = local.imports.find((i) => i.local === name);
  return imp && imp.imported !== 'default' && imp.imported !== '*' ? imp.imported : name;
}

function importedFrom(local: SharedStateLocal, root: string | undefined): string | undefined {
  return local.imports.find((i) => i.local === root)?.specifier;
}

/** The declaration a callee (`X`, `ns.X`) of `module` refers to, when it is one of ours. */
function resolveCallee(ctx: LinkContext, module: string, callee: { callee?: string; root?: string }): SymbolTarget | undefined {
  if (!callee.root || !callee.callee) return undefined;
  const target = ctx.resolveBinding(module, callee.root);
  if (!target) return undefined;
  if (callee.root === callee.callee) return target;
  return target.name === '*' ? ctx.resolveExport(target.module, callee.callee) : undefined;
}

/** Does class `name` of `module` extend an event emitter, directly or through our own classes? */
function isEmitterClass(ctx: LinkContext, locals: Locals, target: SymbolTarget, seen = new Set<string>()): boolean {
  const key = `${target.module}#${target.name}`;
  if (seen.has(key)) return false;
  seen.add(key);
  const local = locals.get(target.module);
  const base = local?.classes.find((c) => c.name === target.name)?.extends;
  if (!local || !base) return false;
  if (isEventBusClass(local, base)) return true;
  const next = resolveCallee(ctx, target.module, base);
  return next !== undefined && isEmitterClass(ctx, locals, next, seen);
}

function isEventBusClass(local: SharedStateLocal, callee: { callee?: string; root?: string }): boolean {
  const name = declaredName(local, callee);
  if (EVENT_BUS_CLASSES.has(name)) return true;
  return RXJS_SUBJECTS.has(name) && (importedFrom(local, callee.root)?.startsWith('rxjs') ?? false);
}

interface Classifier {
  ctx: LinkContext;
  locals: Locals;
  /** `module#name` of bindings some importer mutates */
  mutatedByImporters: ReadonlySet<string>;
  /** `module#name` of bindings an export of their own module reaches */
  reachable: ReadonlySet<string>;
}

function kindOfInstance(c: Classifier, module: string, local: SharedStateLocal, v: StateVariable, init: StateInit): SharedStateKind | undefined {
  const name = declaredName(local, init);
  if (name === 'AsyncLocalStorage') return 'async-local-storage';
  if (isEventBusClass(local, init)) return 'event-bus';
  if (COLLECTIONS.has(name)) {
    return v.mutated || c.mutatedByImporters.has(`${module}#${v.name}`) ? 'cache' : undefined;
  }
  if (CACHE_CLASS.test(name)) return 'cache';
  const cls = resolveCallee(c.ctx, module, init);
  if (cls && isEmitterClass(c.ctx, c.locals, cls)) return 'event-bus';
  if (cls && CACHE_CLASS.test(cls.name)) return 'cache';
  if (NOT_STATE_CLASSES.has(name) || NOT_STATE_SUFFIXES.some((s) => name.endsWith(s)) || init.root === 'Intl') return undefined;
  return 'singleton';
}

function kindOf(c: Classifier, module: string, local: SharedStateLocal, v: StateVariable): SharedStateKind | undefined {
  const key = `${module}#${v.name}`;
  const exportedConst = v.exported && (v.keyword === 'const' || v.keyword === 'default');
  const reassignable = v.keyword === 'let' || v.keyword === 'var';
  let kind: SharedStateKind | undefined;
  if (v.init.type === 'new') {
    kind = kindOfInstance(c, module, local, v, v.init);
  } else if (v.init.type === 'call' && EVENT_BUS_FACTORIES.has(v.init.callee ?? '')) {
    kind = 'event-bus';
  } else if (v.init.type === 'call' && v.init.callee === 'getInstance') {
    kind = 'singleton';
  } else if (v.init.type === 'literal' && (v.mutated || c.mutatedByImporters.has(key))) {
    kind = 'cache';
  }
  if (kind === 'singleton' && !exportedConst) kind = undefined;
  if (kind === undefined && v.lazyInstance && !v.exported && c.reachable.has(key)) kind = 'singleton';
  if (kind === undefined && v.exported && reassignable) kind = 'mutable-export';
  return kind;
}

/** The declaration an import use lands on. */
function targetOf(ctx: LinkContext, module: string, use: { local: string; member?: string }): SymbolTarget | undefined {
  const target = ctx.resolveBinding(module, use.local);
  if (!target || use.member === undefined) return target;
  return target.name === '*' ? ctx.resolveExport(target.module, use.member) : undefined;
}

export function linkSharedState(ctx: LinkContext, locals: Locals): SharedStateFact[] {
  const modules = [...locals.keys()].sort(compare);

  // Who imports what (and mutates it), resolved once.
  const resolvedUses: { user: string; target: SymbolTarget }[] = [];
  const mutatedByImporters = new Set<string>();
  for (const user of modules) {
    for (const use of (locals.get(user) as SharedStateLocal).uses) {
      const target = targetOf(ctx, user, use);
      if (!target || target.module === user) continue;
      resolvedUses.push({ user, target });
      if (use.mutated) mutatedByImporters.add(`${target.module}#${target.name}`);
    }
  }
  const reachable = new Set<string>();
  for (const module of modules) {
    for (const names of Object.values((locals.get(module) as SharedStateLocal).reaches)) {
      for (const n of names) reachable.add(`${module}#${n}`);
    }
  }

  const classifier: Classifier = { ctx, locals, mutatedByImporters, reachable };
  const facts = new Map<string, SharedStateFact>();
  const users = new Map<string, Set<string>>();
  const add = (module: string, name: string, kind: SharedStateKind, line: number): void => {
    const id = `${module}#${name}`;
    facts.set(id, { id, kind, module, name, line, users: [] });
    users.set(id, new Set());
  };
  for (const module of modules) {
    const local = locals.get(module) as SharedStateLocal;
    for (const v of local.variables) {
      const kind = kindOf(classifier, module, local, v);
      if (kind) add(module, v.name, kind, v.line);
    }
    for (const cls of local.classes) {
      if (cls.singleton && (cls.exported || reachable.has(`${module}#${cls.name}`))) add(module, cls.name, 'singleton', cls.line);
    }
  }

  for (const { user, target } of resolvedUses) {
    users.get(`${target.module}#${target.name}`)?.add(user);
    for (const reached of locals.get(target.module)?.reaches[target.name] ?? []) {
      users.get(`${target.module}#${reached}`)?.add(user);
    }
  }

  return [...facts.values()]
    .map((f) => ({ ...f, users: [...(users.get(f.id) ?? [])].sort(compare) }))
    .sort((a, b) => compare(a.id, b.id));
}

export const sharedState: Analyzer<SharedStateLocal> = {
  name: 'shared-state',
  concern: 'shared-state',
  collect: (file) => collectSharedState(file),
  link: (ctx, locals) => ({ sharedState: linkSharedState(ctx, locals) }),
};

/**
 * The model shared by the routers that compose by mounting (Express, Koa, Fastify, Hono): per
 * file, router instances with their route registrations, and mounts of one instance into another
 * under a prefix. At link time the mounts of every file form one graph; each route is reported
 * under every chain of prefixes that reaches it from a root (an instance nothing mounts).
 *
 * A function that receives an instance may receive its prefix too (`registerRoutes(app, '/api')`):
 * the arguments of the call that mounts it are bound to its parameters while its routes are read.
 */
import ts from '../../src/shared/typescript.cjs';
import type { RouteFact, RouteFramework } from '../../src/shared/facts.js';
import { unknownPart } from '../../src/shared/route-path.js';
import type { LinkContext } from '../types.js';
import { unwrap } from './route-ast.js';
import { DiagnosticSink, routeFact, sortRoutes, type LocalDiagnostic } from './route-facts.js';
import { joinPaths, joinTexts, PathResolver, textOnly, type PathExpr, type PathText } from './route-path.js';
import { Evaluator, pathTexts, type Value } from './static-value.js';

export interface RouterInstance {
  /** unique within its module */
  id: string;
  /**
   * `param`: a function parameter that receives an instance (`function register(app: Express)`);
   * `alias`: an imported instance this module registers routes on, or a view of an instance of
   * this module that adds its own `prefix` (Hono `app.basePath('/api')`); `aliasOf` names it.
   */
  kind: 'app' | 'router' | 'param' | 'alias';
  line: number;
  /** names other modules reach it by: its module-level name, export names, `Class.prop` for class members */
  names: string[];
  /** a prefix the instance itself adds to everything it serves (Koa `new Router({ prefix })`) */
  prefix?: PathExpr;
  aliasOf?: ValueRef;
  /**
   * made by calling this function (`const app = createApp()`): an instance only if the function
   * returns one, serving what the function registered on it
   */
  madeBy?: ValueRef;
}

export interface RouteRegistration {
  instance: string;
  /** upper-case, or `ALL` */
  method: string;
  /** a method computed at run time (`router[method](path, ...)`): read at link time, `method` aside */
  methodAt?: PathExpr;
  paths: PathExpr;
  line: number;
  handler?: string;
  /** the loops the registration sits in, outermost first */
  loops?: Loop[];
}

/**
 * A loop around a registration or a mount, within its function: `for (const x of list)` or an
 * array callback (`list.forEach((x) => ...)`). At link time, when the list is known, the loop is
 * unrolled: the registration is read once per item with the loop's variable bound to it.
 */
export interface Loop {
  /** the loop variable's declaration (a variable or the callback's first parameter): start and end offsets */
  variable: [number, number];
  iterable: PathExpr;
}

/** Something a file mounts, as that file names it. */
export type ValueRef =
  | { local: string }
  /** an imported identifier; `member` for `new Imported().router` */
  | { binding: string; member?: string }
  /** `ns.x`, `require('./x')`, `import('./x')` */
  | { specifier: string; exportName: string }
  /** a module of the repository by path (Fastify autoload's files), and the export that is mounted */
  | { module: string; exportName: string }
  /**
   * a module loaded by a name computed at run time (`require(path.join(__dirname, file))` in a
   * loop over a folder's files): read at link time once per binding of the loops around the mount
   */
  | { computed: PathExpr; exportName: string };

/**
 * How the mounted value yields an instance: it is one (`app.use('/x', router)`), it is a function
 * returning one (`app.use('/x', buildRouter())`), or it is a function whose parameter `param`
 * receives the parent (`app.register(plugin)`, `registerRoutes(app)`; `property` when the
 * parameter is destructured: `function load({ app })` called as `load({ app: server })`).
 */
export type MountVia = 'value' | 'call' | { param: number; property?: string };

export interface Mount {
  parent: string;
  prefix: PathExpr;
  child: ValueRef;
  via: MountVia;
  line: number;
  /** the other arguments of the call that yields the child (`registerRoutes(app, '/api')`), by position */
  args?: (PathExpr | null)[];
  /**
   * Express `app.use(X, router)` with a named X: X is the prefix unless X is itself a router,
   * which only link time can tell.
   */
  prefixUnlessRouter?: ValueRef;
  /** X may as well be a middleware (`app.use(auth, router)`): a prefix only when it is text */
  maybePrefix?: true;
  /** made only in the test environment (`if (env.ENVIRONMENT === 'test') app.use(errors.routes())`): serves nothing in production */
  testOnly?: true;
  /** how the prefix joins the paths under it; default: the framework's */
  join?: JoinMode;
  /** the loops the mount sits in, outermost first */
  loops?: Loop[];
}

/**
 * `segments`: path segments joined with one slash (Express, Fastify, koa-mount);
 * `concat`: text concatenated as koa-router does (`Layer.prototype.setPrefix`: `prefix + path`,
 * koajs/router lib/layer.js), so `router.use('/', sub.routes())` over `sub.post('documents.list')`
 * serves `/documents.list`.
 */
export type JoinMode = 'segments' | 'concat';

export interface RouterFunction {
  id: string;
  names: string[];
  /** the instance the function returns (`return router`) */
  returns?: string;
  params: { index: number; property?: string; instance: string }[];
  /** wrapped by fastify-plugin: it runs in its parent's scope, so a register `prefix` does not apply */
  sharesScope?: boolean;
  /** where the function is (start and end offsets), to bind call arguments to its parameters */
  at?: [number, number];
}

/**
 * A value placed into a keyed registry (`PluginManager.add({ type: Hook.API, value: router })`):
 * plugin code registers routers for the app to take out by key and mount (the registry is filled
 * at run time, often by files a loader requires, but the call is in plain sight).
 */
export interface RegistryEntry {
  /** the registry, as the module names it (`PluginManager`) */
  registry: string;
  /** the entry's key candidates (`Hook.API`), read at link time */
  keys: PathExpr[];
  /** where the value sits in the entry: `['value']`, `['value', 'router']` */
  path: string[];
  child: ValueRef;
  line: number;
}

/** `Registry.get(Hook.API).forEach((h) => router.use('/', h.value.routes()))`: mounts every registered value under a key. */
export interface KeyedMount {
  parent: string;
  prefix: PathExpr;
  /** the iterated collection (`PluginManager.getHooks(Hook.API)`, or a static getter returning it) */
  source: PathExpr;
  /** the property path from an element to the mounted value */
  path: string[];
  line: number;
  join?: JoinMode;
}

export interface RouterLocal {
  instances: RouterInstance[];
  routes: RouteRegistration[];
  mounts: Mount[];
  functions: RouterFunction[];
  diagnostics: LocalDiagnostic[];
  registrations?: RegistryEntry[];
  keyedMounts?: KeyedMount[];
}

interface Edge {
  module: string;
  mount: Mount;
  child: string;
  sharesScope: boolean;
  /** the function whose parameters the mount's arguments bind */
  fn?: { module: string; fn: RouterFunction };
  /** `app.use(X, router)` where X turned out to be a router itself */
  xIsRouter: boolean;
  /** the loop bindings under which a computed load names this child (one edge per loaded module) */
  pinned?: ReadonlyMap<ts.Node, Value>;
}

interface GraphNode {
  key: string;
  module: string;
  instance: RouterInstance;
  routes: RouteRegistration[];
  edges: Edge[];
}

type Entity = { module: string; instance: RouterInstance } | { module: string; fn: RouterFunction };

const keyOf = (module: string, id: string): string => `${module}\u0000${id}`;

const ROOT: PathText = textOnly('/');

/** at most this many bindings of the loops around one registration or mount */
const MAX_UNROLLED = 2000;

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all']);

const lineOfLoop = (loop: Loop): number => ('line' in loop.iterable ? loop.iterable.line : 0);

/**
 * A value's identity, for telling apart the visits of one router under different bindings (two
 * route descriptors of a loader are different objects with different paths).
 */
function valueKey(v: Value, depth: number): string {
  switch (v.kind) {
    case 'string':
      return JSON.stringify(v.text);
    case 'number':
    case 'boolean':
      return String(v.value);
    case 'array':
      return depth > 2 ? '[…]' : `[${v.items.map((i) => valueKey(i, depth + 1)).join(',')}]`;
    case 'object':
      return depth > 2 ? '{…}' : `{${v.keys().map((k) => `${k}:${valueKey(v.get(k) ?? { kind: 'undefined' }, depth + 1)}`).join(',')}}`;
    case 'function':
      return `f:${v.module}:${v.node.pos}`;
    case 'class':
      return `c:${v.module}:${v.name}`;
    case 'namespace':
      return `n:${v.module}`;
    case 'external':
      return `x:${v.specifier}:${v.path.join('.')}`;
    case 'either':
      return `(${v.options.map((o) => valueKey(o, depth + 1)).join('|')})`;
    case 'unknown':
    case 'builtin':
      return `?${v.name}`;
    default:
      return v.kind;
  }
}

function unmountedRoot(node: GraphNode): PathText {
  const name = `mount of ${node.instance.names[0] ?? 'router'}`;
  return { text: `/${unknownPart(name)}/`, notes: [], unknown: [name] };
}

/**
 * Does a value read as path text (a string, an environment variable, a choice between texts, a
 * name only run time knows), rather than a middleware (a function, a call's result)?
 */
function isTextual(v: Value): boolean {
  switch (v.kind) {
    case 'string':
    case 'array':
      return true;
    case 'undefined':
      return v.env !== undefined;
    case 'either':
      return v.options.every(isTextual);
    case 'unknown':
      return !v.name.endsWith(')');
    default:
      return false;
  }
}

function join(mode: JoinMode, a: PathText, b: PathText): PathText {
  if (mode === 'segments') return joinTexts(a, b);
  return { text: a.text + b.text, notes: [...new Set([...a.notes, ...b.notes])], unknown: [...new Set([...a.unknown, ...b.unknown])] };
}

export interface ComposeOptions {
  /** how a router's routes and nested routers join its prefix (Koa: `concat`) */
  join?: JoinMode;
  /**
   * Modules whose plugin functions are known not to be loaded (files @fastify/autoload skips):
   * unless something else mounts them, their routes are not served. Any other function
   * parameter nothing visibly passes an instance to is taken for the app itself (Express
   * `export function routes(app: Express)` called from code that does not import express, a
   * Fastify app plugin started by fastify-cli).
   */
  notLoaded?: ReadonlySet<string>;
}

/**
 * Where an iterated collection comes from: `Registry.get(Hook.API)` -> the registry's declaration
 * and the key's text; a static getter or property (`Helper.providers`) is followed to what it returns.
 */
function registryLookup(ctx: LinkContext, evaluator: Evaluator, module: string, node: ts.Node | undefined, depth: number): { registry: string; keys: string[] } | undefined {
  if (!node || depth > 3 || !ts.isExpression(node)) return undefined;
  const e = unwrap(node);
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ts.isIdentifier(e.expression.expression)) {
    const registry = ctx.resolveBinding(module, e.expression.expression.text);
    if (!registry) return undefined;
    const keys: string[] = [];
    for (const arg of e.arguments) {
      const v = evaluator.expression(arg, evaluator.frame(module));
      if (v.kind === 'string' && !v.unknown) keys.push(v.text);
      else if (v.kind === 'number') keys.push(String(v.value));
    }
    return keys.length > 0 ? { registry: `${registry.module}\u0000${registry.name}`, keys } : undefined;
  }
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) {
    const owner = evaluator.expression(e.expression, evaluator.frame(module));
    if (owner.kind !== 'class') return undefined;
    const m = evaluator.ownStaticMember(owner, e.name.text);
    if (m && ts.isPropertyDeclaration(m)) return registryLookup(ctx, evaluator, owner.module, m.initializer, depth + 1);
    if (m && ts.isGetAccessorDeclaration(m) && m.body) {
      return registryLookup(ctx, evaluator, owner.module, m.body.statements.find(ts.isReturnStatement)?.expression, depth + 1);
    }
  }
  return undefined;
}

/** Builds the mount graph of every module and reports each route under every prefix that reaches it. */
export function composeRoutes(
  ctx: LinkContext,
  locals: ReadonlyMap<string, RouterLocal>,
  framework: RouteFramework,
  options: ComposeOptions = {},
): RouteFact[] {
  const mode = options.join ?? 'segments';
  const sink = new DiagnosticSink(ctx);
  const paths = new PathResolver(ctx, sink, new Evaluator(ctx));
  const modules = [...locals.keys()].sort();
  const nodes = new Map<string, GraphNode>();

  for (const module of modules) {
    const local = locals.get(module)!;
    for (const d of local.diagnostics) (d.severity === 'info' ? sink.info : sink.warn).call(sink, module, d.line, d.code, d.message);
    for (const instance of local.instances) {
      nodes.set(keyOf(module, instance.id), { key: keyOf(module, instance.id), module, instance, routes: [], edges: [] });
    }
    for (const route of local.routes) nodes.get(keyOf(module, route.instance))?.routes.push(route);
  }

  const byName = (module: string, name: string): Entity | undefined => {
    const local = locals.get(module);
    if (!local) return undefined;
    const instance = local.instances.find((i) => i.names.includes(name));
    if (instance) return { module, instance };
    const fn = local.functions.find((f) => f.names.includes(name));
    return fn ? { module, fn } : undefined;
  };

  const resolveRef = (module: string, ref: ValueRef): Entity | undefined => {
    if ('local' in ref) {
      const local = locals.get(module)!;
      const instance = local.instances.find((i) => i.id === ref.local);
      if (instance) return { module, instance };
      const fn = local.functions.find((f) => f.id === ref.local);
      return fn ? { module, fn } : undefined;
    }
    if ('computed' in ref) return undefined;
    if ('binding' in ref) {
      const target = ctx.resolveBinding(module, ref.binding);
      if (!target) return undefined;
      return byName(target.module, ref.member === undefined ? target.name : `${target.name}.${ref.member}`);
    }
    const resolved = 'module' in ref ? ref.module : ctx.resolve(module, ref.specifier);
    if (resolved === undefined) return undefined;
    // CommonJS `module.exports = router` is not an export the import graph knows: look it up here.
    const target = ctx.resolveExport(resolved, ref.exportName) ?? { module: resolved, name: ref.exportName };
    return byName(target.module, target.name);
  };

  const childOf = (entity: Entity | undefined, via: MountVia): { key: string; sharesScope: boolean } | undefined => {
    if (!entity) return undefined;
    if ('instance' in entity) return via === 'value' ? { key: keyOf(entity.module, entity.instance.id), sharesScope: false } : undefined;
    const fn = entity.fn;
    if (via === 'value') return undefined;
    const id = via === 'call' ? fn.returns : fn.params.find((p) => p.index === via.param && p.property === via.property)?.instance;
    return id === undefined ? undefined : { key: keyOf(entity.module, id), sharesScope: fn.sharesScope === true };
  };

  const signature = (bindings: ReadonlyMap<ts.Node, Value>): string => [...bindings.values()].map((v) => valueKey(v, 0)).join('|');

  /**
   * The bindings under which a registration or mount inside loops runs: one per item of each
   * loop whose list is known (an empty list: none, it never runs); a loop the caller already
   * bound (the same loop seen from a mount made in its body) keeps that binding; a loop over a
   * list only run time knows stays unbound, so its variable reads as unknown.
   */
  const unroll = (module: string, loops: readonly Loop[] | undefined, bindings: ReadonlyMap<ts.Node, Value>): ReadonlyMap<ts.Node, Value>[] => {
    let sets: ReadonlyMap<ts.Node, Value>[] = [bindings];
    for (const loop of loops ?? []) {
      const decl = paths.evaluator.nodeAt(module, loop.variable[0], loop.variable[1]);
      if (!decl || !(ts.isVariableDeclaration(decl) || ts.isParameter(decl))) continue;
      const next: ReadonlyMap<ts.Node, Value>[] = [];
      let tooMany = false;
      for (const b of sets) {
        const list = b.has(decl) ? undefined : paths.value(module, loop.iterable, b);
        if (list?.kind !== 'array') {
          next.push(b);
          continue;
        }
        if (next.length + list.items.length > MAX_UNROLLED) {
          tooMany = true;
          break;
        }
        for (const item of list.items) {
          const bound = new Map(b);
          paths.evaluator.bind(module, decl, item, bound);
          next.push(bound);
        }
      }
      if (tooMany) {
        sink.warn(module, lineOfLoop(loop), 'route-loop-too-large', `these loops register more than ${MAX_UNROLLED} routers or routes: they are not unrolled, and their variables read as unknown`);
        return [bindings];
      }
      sets = next;
    }
    return sets;
  };

  /** The HTTP methods a computed method (`router[method](...)`) reads as; none (and a note) when it is not a known verb. */
  const methodsOf = (module: string, route: RouteRegistration, bindings: ReadonlyMap<ts.Node, Value>): { methods: string[]; origin?: Value['origin'] } => {
    if (!route.methodAt) return { methods: [route.method] };
    const value = paths.value(module, route.methodAt, bindings);
    const verbs = pathTexts(value, 'method').map((t) => (t.unknown.length > 0 ? undefined : t.text.toLowerCase() === 'del' ? 'DELETE' : HTTP_METHODS.has(t.text.toLowerCase()) ? t.text.toUpperCase() : undefined));
    if (verbs.every((v): v is string => v !== undefined)) return { methods: verbs, ...(value.origin && { origin: value.origin }) };
    sink.info(module, route.line, 'route-method-unknown', `the HTTP method of this registration (\`${'at' in route.methodAt ? route.methodAt.name : 'method'}\`) could not be read statically: the route is left out`);
    return { methods: [] };
  };

  // factories may call factories: drop what no function turns out to make, until nothing changes
  for (let changed = true; changed; ) {
    changed = false;
    for (const node of [...nodes.values()]) {
      if (!node.instance.madeBy) continue;
      const made = childOf(resolveRef(node.module, node.instance.madeBy), 'call');
      if (made && nodes.has(made.key)) continue;
      nodes.delete(node.key);
      changed = true;
    }
  }
  const mounted = new Set<string>();
  // an instance made by a call is what the function makes (`new AppKoa()` with `class AppKoa extends Koa`)
  const madeKind = new Map<string, RouterInstance['kind']>();
  // each instance made by a call serves what the function registered on the instance it returns
  for (const node of nodes.values()) {
    if (!node.instance.madeBy) continue;
    const made = childOf(resolveRef(node.module, node.instance.madeBy), 'call')!;
    if (node.instance.kind !== 'param') madeKind.set(node.key, nodes.get(made.key)!.instance.kind);
    node.edges.push({ module: node.module, mount: { parent: node.instance.id, prefix: { texts: [''] }, child: node.instance.madeBy, via: 'call', line: node.instance.line, join: 'segments' }, child: made.key, sharesScope: false, xIsRouter: false });
    mounted.add(made.key);
  }
  for (const node of [...nodes.values()]) {
    if (!node.instance.aliasOf) continue;
    const target = childOf(resolveRef(node.module, node.instance.aliasOf), 'value');
    const owner = target && nodes.get(target.key);
    if (owner) {
      owner.edges.push({ module: node.module, mount: { parent: owner.instance.id, prefix: { texts: [''] }, child: { local: node.instance.id }, via: 'value', line: node.instance.line, join: 'segments' }, child: node.key, sharesScope: false, xIsRouter: false });
      mounted.add(node.key);
    } else {
      nodes.delete(node.key);
    }
  }
  for (const module of modules) {
    for (const mount of locals.get(module)!.mounts) {
      const parent = nodes.get(keyOf(module, mount.parent));
      if (parent && 'computed' in mount.child) {
        // one edge per module the computed name loads, under the loop bindings that name it
        for (const b of unroll(module, mount.loops, new Map())) {
          const loaded = paths.evaluator.loadedModule(module, paths.value(module, mount.child.computed, b));
          const child = loaded === undefined ? undefined : childOf(resolveRef(module, { module: loaded, exportName: mount.child.exportName }), mount.via);
          if (!child || !nodes.has(child.key)) continue;
          mounted.add(child.key);
          parent.edges.push({ module, mount, child: child.key, sharesScope: child.sharesScope, xIsRouter: false, pinned: b });
        }
        continue;
      }
      const entity = resolveRef(module, mount.child);
      const child = childOf(entity, mount.via);
      if (!parent || !child || !nodes.has(child.key)) continue;
      mounted.add(child.key);
      const xIsRouter = mount.prefixUnlessRouter !== undefined && childOf(resolveRef(module, mount.prefixUnlessRouter), 'value') !== undefined;
      const edge: Edge = { module, mount, child: child.key, sharesScope: child.sharesScope, xIsRouter };
      if (entity && 'fn' in entity && mount.args?.some((a) => a !== null)) edge.fn = entity;
      parent.edges.push(edge);
    }
  }

  // keyed registries: a mount of what a registry holds under a key takes every value registered under it
  const registered = new Map<string, { module: string; entry: RegistryEntry }[]>();
  const keyText = (v: Value): string | undefined => (v.kind === 'string' && !v.unknown ? v.text : v.kind === 'number' ? String(v.value) : undefined);
  const anyKeyedMount = modules.some((m) => (locals.get(m)!.keyedMounts ?? []).length > 0);
  for (const module of anyKeyedMount ? modules : []) {
    for (const entry of locals.get(module)!.registrations ?? []) {
      const registry = ctx.resolveBinding(module, entry.registry);
      if (!registry) continue;
      for (const key of entry.keys) {
        const text = 'at' in key ? keyText(paths.evaluator.at(module, key.at[0], key.at[1])) : undefined;
        if (text === undefined) continue;
        const id = `${registry.module}\u0000${registry.name}\u0000${text}\u0000${entry.path.join('.')}`;
        const list = registered.get(id);
        if (list) list.push({ module, entry });
        else registered.set(id, [{ module, entry }]);
      }
    }
  }
  if (registered.size > 0) {
    for (const module of modules) {
      for (const keyed of locals.get(module)!.keyedMounts ?? []) {
        const parent = nodes.get(keyOf(module, keyed.parent));
        const source = 'at' in keyed.source ? registryLookup(ctx, paths.evaluator, module, paths.evaluator.nodeAt(module, keyed.source.at[0], keyed.source.at[1]), 0) : undefined;
        if (!parent || !source) continue;
        for (const key of source.keys) {
          for (const { module: from, entry } of registered.get(`${source.registry}\u0000${key}\u0000${keyed.path.join('.')}`) ?? []) {
            const child = childOf(resolveRef(from, entry.child), 'value');
            if (!child || !nodes.has(child.key)) continue;
            mounted.add(child.key);
            const mount: Mount = { parent: keyed.parent, prefix: keyed.prefix, child: entry.child, via: 'value', line: keyed.line };
            if (keyed.join) mount.join = keyed.join;
            parent.edges.push({ module, mount, child: child.key, sharesScope: false, xIsRouter: false });
          }
        }
      }
    }
  }

  /** The prefixes an edge adds, read with the caller's bindings. */
  const edgePrefixes = (edge: Edge, bindings: ReadonlyMap<ts.Node, Value>): PathText[] => {
    const { mount } = edge;
    if (edge.sharesScope || edge.xIsRouter) return [textOnly('')];
    if (!mount.maybePrefix && !mount.prefixUnlessRouter) return paths.texts(edge.module, mount.prefix, bindings);
    // `app.use(X, router)`: X is a path when it reads as text (or as a name only run time knows)
    const value = paths.value(edge.module, mount.prefix, bindings);
    return isTextual(value) ? paths.read(edge.module, mount.prefix, value) : [textOnly('')];
  };

  /** Call arguments bound to the parameters of the function the edge enters. */
  const bind = (edge: Edge, bindings: ReadonlyMap<ts.Node, Value>): ReadonlyMap<ts.Node, Value> => {
    const args = edge.mount.args;
    const fn = edge.fn;
    if (!args || !fn || !fn.fn.at) return bindings;
    const out = new Map(bindings);
    args.forEach((arg, index) => {
      if (arg === null) return;
      const param = paths.evaluator.parameterAt(fn.module, fn.fn.at![0], fn.fn.at![1], index);
      if (param) out.set(param, paths.value(edge.module, arg, bindings));
    });
    return out;
  };

  const routes: RouteFact[] = [];
  const done = new Set<string>();
  const reached = new Set<string>();
  const visit = (node: GraphNode, prefix: PathText, bindings: ReadonlyMap<ts.Node, Value>, stack: Set<string>): void => {
    const visitKey = `${node.key}\u0000${prefix.text}\u0000${signature(bindings)}`;
    if (stack.has(node.key) || done.has(visitKey)) return;
    done.add(visitKey);
    reached.add(node.key);
    const bases = node.instance.prefix ? paths.texts(node.module, node.instance.prefix, bindings).map((own) => join(mode, prefix, own)) : [prefix];
    stack.add(node.key);
    for (const base of bases) {
      for (const route of node.routes) {
        for (const b of unroll(node.module, route.loops, bindings)) {
          const { methods, origin: methodOrigin } = methodsOf(node.module, route, b);
          if (methods.length === 0) continue;
          const pathValue = paths.value(node.module, route.paths, b);
          // a loader's route is the route of the module whose descriptor it registers
          const origin = route.loops || route.methodAt ? (methodOrigin ?? pathValue.origin) : undefined;
          const at = origin ?? { module: node.module, line: route.line };
          for (const text of paths.read(node.module, route.paths, pathValue)) {
            const full = join(mode, base, text);
            for (const method of methods) routes.push(routeFact({ method, path: joinPaths(full.text), framework, module: at.module, line: at.line, handler: route.handler, notes: full.notes }));
          }
        }
      }
      for (const edge of node.edges) {
        if (edge.mount.testOnly) continue;
        const child = nodes.get(edge.child)!;
        const edgeMode = edge.mount.join ?? mode;
        for (const b of edge.pinned ? [new Map([...bindings, ...edge.pinned])] : unroll(edge.module, edge.mount.loops, bindings)) {
          const childBindings = bind(edge, b);
          for (const p of edgePrefixes(edge, b)) {
            const next = join(edgeMode, base, p);
            // a mount hands the mounted app the rest of the path, which starts with `/` (koa-mount)
            if (edgeMode === 'segments' && mode === 'concat' && !next.text.endsWith('/')) next.text += '/';
            visit(child, next, childBindings, stack);
          }
        }
      }
    }
    stack.delete(node.key);
  };

  const keys = [...nodes.keys()].sort();
  for (const key of keys) {
    if (mounted.has(key)) continue;
    const node = nodes.get(key)!;
    // a router serves nothing by itself: when nothing visible mounts it (a registry filled at run
    // time, a loop over a list), where it is served is unknown, not `/`
    if (node.instance.kind === 'param' && options.notLoaded?.has(node.module)) {
      reached.add(key);
      if (node.routes.length > 0) sink.info(node.module, node.instance.line, 'route-not-loaded', 'this plugin file is not loaded (@fastify/autoload skips it) and nothing else registers it: its routes are not served');
      continue;
    }
    const unknown = (madeKind.get(key) ?? node.instance.kind) === 'router';
    const root = unknown ? unmountedRoot(node) : ROOT;
    if (unknown) sink.info(node.module, node.instance.line, 'route-unmounted', `nothing visible mounts this router: its routes are reported under ${root.text}`);
    visit(node, root, new Map(), new Set());
  }
  // What only test-environment mounts reach is not served: it is not left over either.
  const testOnly = [...nodes.values()].flatMap((n) => n.edges.filter((e) => e.mount.testOnly).map((e) => e.child));
  while (testOnly.length > 0) {
    const key = testOnly.pop()!;
    if (reached.has(key)) continue;
    reached.add(key);
    for (const e of nodes.get(key)!.edges) testOnly.push(e.child);
  }
  // Instances mounted only inside a cycle are reached by nothing: report them at their own paths.
  for (const key of keys) if (!reached.has(key)) visit(nodes.get(key)!, ROOT, new Map(), new Set());
  return sortRoutes(routes);
}

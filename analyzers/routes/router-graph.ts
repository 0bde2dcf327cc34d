/**
 * The model shared by the routers that compose by mounting (Express, Koa, Fastify, Hono): per
 * file, router instances with their route registrations, and mounts of one instance into another
 * under a prefix. At link time the mounts of every file form one graph; each route is reported
 * under every chain of prefixes that reaches it from a root (an instance nothing mounts).
 */
import type { RouteFact, RouteFramework } from '../../src/shared/facts.js';
import type { LinkContext } from '../types.js';
import type { PathAlternatives, PathPart } from './route-ast.js';
import { DiagnosticSink, sortRoutes, type LocalDiagnostic } from './route-facts.js';
import { joinPaths, PathResolver } from './route-path.js';

export interface RouterInstance {
  /** unique within its module */
  id: string;
  /**
   * `param`: a function parameter that receives an instance (`function register(app: Express)`);
   * `alias`: an imported instance this module registers routes on (`aliasOf` names it).
   */
  kind: 'app' | 'router' | 'param' | 'alias';
  line: number;
  /** names other modules reach it by: its module-level name, export names, `Class.prop` for class members */
  names: string[];
  /** a prefix the instance itself adds to everything it serves (Koa `new Router({ prefix })`) */
  prefix?: PathPart[];
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
  paths: PathAlternatives;
  line: number;
  handler?: string;
}

/** Something a file mounts, as that file names it. */
export type ValueRef =
  | { local: string }
  /** an imported identifier; `member` for `new Imported().router` */
  | { binding: string; member?: string }
  /** `ns.x`, `require('./x')`, `import('./x')` */
  | { specifier: string; exportName: string };

/**
 * How the mounted value yields an instance: it is one (`app.use('/x', router)`), it is a function
 * returning one (`app.use('/x', buildRouter())`), or it is a function whose parameter `param`
 * receives the parent (`app.register(plugin)`, `registerRoutes(app)`).
 */
export type MountVia = 'value' | 'call' | { param: number };

export interface Mount {
  parent: string;
  prefix: PathAlternatives;
  child: ValueRef;
  via: MountVia;
  line: number;
  /**
   * Express `app.use(X, router)` with an imported X: X is the prefix unless X is itself a router,
   * which only link time can tell.
   */
  prefixUnlessRouter?: ValueRef;
}

export interface RouterFunction {
  id: string;
  names: string[];
  /** the instance the function returns (`return router`) */
  returns?: string;
  params: { index: number; instance: string }[];
  /** wrapped by fastify-plugin: it runs in its parent's scope, so a register `prefix` does not apply */
  sharesScope?: boolean;
}

export interface RouterLocal {
  instances: RouterInstance[];
  routes: RouteRegistration[];
  mounts: Mount[];
  functions: RouterFunction[];
  diagnostics: LocalDiagnostic[];
}

interface Edge {
  child: string;
  prefixes: string[];
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

/** Builds the mount graph of every module and reports each route under every prefix that reaches it. */
export function composeRoutes(
  ctx: LinkContext,
  locals: ReadonlyMap<string, RouterLocal>,
  framework: RouteFramework,
): RouteFact[] {
  const paths = new PathResolver(ctx);
  const sink = new DiagnosticSink(ctx);
  const modules = [...locals.keys()].sort();
  const nodes = new Map<string, GraphNode>();

  for (const module of modules) {
    const local = locals.get(module)!;
    for (const d of local.diagnostics) sink.warn(module, d.line, d.code, d.message);
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
    if ('binding' in ref) {
      const target = ctx.resolveBinding(module, ref.binding);
      if (!target) return undefined;
      return byName(target.module, ref.member === undefined ? target.name : `${target.name}.${ref.member}`);
    }
    const resolved = ctx.resolve(module, ref.specifier);
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
    const id = via === 'call' ? fn.returns : fn.params.find((p) => p.index === via.param)?.instance;
    return id === undefined ? undefined : { key: keyOf(entity.module, id), sharesScope: fn.sharesScope === true };
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
  // each instance made by a call serves what the function registered on the instance it returns
  for (const node of nodes.values()) {
    if (!node.instance.madeBy) continue;
    const made = childOf(resolveRef(node.module, node.instance.madeBy), 'call')!;
    node.edges.push({ child: made.key, prefixes: [''] });
    mounted.add(made.key);
  }
  for (const node of [...nodes.values()]) {
    if (!node.instance.aliasOf) continue;
    const target = childOf(resolveRef(node.module, node.instance.aliasOf), 'value');
    const owner = target && nodes.get(target.key);
    if (owner) {
      owner.edges.push({ child: node.key, prefixes: [''] });
      mounted.add(node.key);
    } else {
      nodes.delete(node.key);
    }
  }
  for (const module of modules) {
    for (const mount of locals.get(module)!.mounts) {
      const parent = nodes.get(keyOf(module, mount.parent));
      const child = childOf(resolveRef(module, mount.child), mount.via);
      if (!parent || !child || !nodes.has(child.key)) continue;
      mounted.add(child.key);
      let prefixes: string[] | undefined;
      if (child.sharesScope) {
        prefixes = [''];
      } else if (mount.prefixUnlessRouter) {
        // `app.use(X, router)`: X is a mounted router, a path constant, or else a middleware
        const xIsRouter = childOf(resolveRef(module, mount.prefixUnlessRouter), 'value') !== undefined;
        prefixes = (xIsRouter ? undefined : paths.alternatives(module, mount.prefix)) ?? [''];
      } else {
        prefixes = paths.alternatives(module, mount.prefix);
      }
      if (prefixes === undefined) {
        sink.warn(module, mount.line, 'route-path-unknown', 'could not read the mount prefix statically; the routes mounted here are skipped');
        continue;
      }
      parent.edges.push({ child: child.key, prefixes });
    }
  }

  const routes: RouteFact[] = [];
  const done = new Set<string>();
  const reached = new Set<string>();
  const visit = (node: GraphNode, prefix: string, stack: Set<string>): void => {
    const visitKey = `${node.key}\u0000${prefix}`;
    if (stack.has(node.key) || done.has(visitKey)) return;
    done.add(visitKey);
    reached.add(node.key);
    let base = prefix;
    if (node.instance.prefix) {
      const own = paths.text(node.module, node.instance.prefix);
      if (own === undefined) {
        sink.warn(node.module, node.instance.line, 'route-path-unknown', 'could not read the router prefix statically; its routes are skipped');
        return;
      }
      base = joinPaths(prefix, own);
    }
    for (const route of node.routes) {
      const texts = paths.alternatives(node.module, route.paths);
      if (texts === undefined) {
        sink.warn(node.module, route.line, 'route-path-unknown', 'could not read the route path statically; the route is skipped');
        continue;
      }
      for (const text of texts) {
        const fact: RouteFact = { method: route.method, path: joinPaths(base, text), framework, module: node.module, line: route.line };
        if (route.handler !== undefined) fact.handler = route.handler;
        routes.push(fact);
      }
    }
    stack.add(node.key);
    for (const edge of node.edges) {
      const child = nodes.get(edge.child)!;
      for (const p of edge.prefixes) visit(child, joinPaths(base, p), stack);
    }
    stack.delete(node.key);
  };

  const keys = [...nodes.keys()].sort();
  for (const key of keys) if (!mounted.has(key)) visit(nodes.get(key)!, '/', new Set());
  // Instances mounted only inside a cycle are reached by nothing: report them at their own paths.
  for (const key of keys) if (!reached.has(key)) visit(nodes.get(key)!, '/', new Set());
  return sortRoutes(routes);
}

/**
 * Koa with `@koa/router` or `koa-router`: `new Router({ prefix })`, `router.prefix('/x')`, verb
 * registrations (named routes `router.get('name', '/path', h)` and `router.register(path,
 * methods, h)` too), nested routers `router.use('/p', other.routes())` across files, and
 * `koa-mount` (`app.use(mount('/api', apiApp))` for a sub-Koa app or a router's routes), and
 * subclasses (`class AppRouter extends Router {}`; `new AppRouter()` or `app: AppKoa` in another
 * module is an instance once link finds the class extends the router or Koa).
 *
 * Inside koa-router, prefixes join paths as text: `Layer.prototype.setPrefix` does
 * `this.path = prefix + this.path` (koajs/router lib/layer.js), so `router.use('/', sub.routes())`
 * over `sub.post('documents.list')` serves `/documents.list`. koa-mount strips its prefix and
 * hands the rest (starting with `/`) to the mounted app, so a mount joins by path segments.
 */
import ts from '../../src/shared/typescript.cjs';
import type { Analyzer } from '../types.js';
import { findDeclaration, foldChain, handlerName, importsOf, isHttpVerb, isInlineFunction, looksLikePath, parameterClass, unwrap } from './route-ast.js';
import { NO_PATH, pathExpr, type PathExpr } from './route-path.js';
import { collectRegistrations, REGISTRY_ENTRY, RouterCollector, type Creation, type FrameworkShape } from './router-collect.js';
import { composeRoutes, type RouterLocal } from './router-graph.js';

const ROUTER_PACKAGES = new Set(['@koa/router', 'koa-router']);
const ROUTER_TYPES = /\bRouter\b|\bKoa\b|Application\b/;
const CHAINABLE = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'use', 'prefix', 'register', 'param', 'redirect']);

interface KoaNames {
  routers: Set<string>;
  apps: Set<string>;
  mounts: Set<string>;
  /** top-level classes extending a router or Koa */
  subclasses: Map<ts.ClassDeclaration, 'router' | 'app'>;
}

function koaNames(sf: ts.SourceFile): KoaNames {
  const names: KoaNames = { routers: new Set(), apps: new Set(), mounts: new Set(), subclasses: new Map() };
  for (const [local, source] of importsOf(sf)) {
    if (ROUTER_PACKAGES.has(source.specifier) && ['default', '*', 'Router'].includes(source.name)) names.routers.add(local);
    if (source.specifier === 'koa' && ['default', '*', 'Koa'].includes(source.name)) names.apps.add(local);
    if (source.specifier === 'koa-mount' && ['default', '*'].includes(source.name)) names.mounts.add(local);
  }
  for (const statement of sf.statements) {
    if (!ts.isClassDeclaration(statement) || !statement.name) continue;
    const base = statement.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (!base || !ts.isIdentifier(base)) continue;
    const kind = names.routers.has(base.text) ? 'router' : names.apps.has(base.text) ? 'app' : undefined;
    if (!kind) continue;
    names.subclasses.set(statement, kind);
    (kind === 'router' ? names.routers : names.apps).add(statement.name.text);
  }
  return names;
}

/** A name this module imports with `import` (a class another module may declare). */
function importedName(name: ts.Identifier): boolean {
  const decl = findDeclaration(name);
  return decl !== undefined && (ts.isImportClause(decl) || ts.isImportSpecifier(decl));
}

function koaShape(sf: ts.SourceFile, names: KoaNames): FrameworkShape | undefined {
  if (names.routers.size === 0 && names.apps.size === 0 && !sf.statements.some(ts.isImportDeclaration)) return undefined;
  const typedType = (type: ts.TypeNode): boolean => ROUTER_TYPES.test(type.getText());
  const typed = (param: ts.ParameterDeclaration): boolean => param.type !== undefined && typedType(param.type);
  return {
    creation(expr) {
      const e = unwrap(expr);
      if (!ts.isCallExpression(e) && !ts.isNewExpression(e)) return undefined;
      const written = unwrap(e.expression);
      if (!ts.isIdentifier(written)) return undefined;
      // `new RouterClass()` with a parameter `RouterClass: typeof AppRouter`: an AppRouter
      const callee = (ts.isNewExpression(e) && parameterClass(written)) || written;
      if (names.apps.has(callee.text)) return { kind: 'app' };
      // `new AppRouter()` of an imported class: link keeps it if the class extends the router or Koa
      const imported = ts.isNewExpression(e) && !names.routers.has(callee.text) && importedName(callee);
      if (!imported && !names.routers.has(callee.text)) return undefined;
      const creation: Creation = imported ? { kind: 'router', madeBy: callee } : { kind: 'router' };
      const options = e.arguments?.[0] && unwrap(e.arguments[0]);
      const prefix = options && ts.isObjectLiteralExpression(options) ? options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'prefix') : undefined;
      if (prefix) creation.prefix = prefix.initializer;
      return creation;
    },
    acceptsParam: (param) => param.type === undefined || typed(param),
    typedParam: typed,
    typedType,
    madeByType: (type) => (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && importedName(type.typeName) ? type.typeName : undefined),
    chainable: CHAINABLE,
  };
}

class KoaFile {
  constructor(
    private readonly c: RouterCollector,
    private readonly names: KoaNames,
  ) {}

  run(): RouterLocal | undefined {
    for (const [cls, kind] of this.names.subclasses) this.c.addSubclass(cls, { kind });
    return this.c.walkCalls((call, callee) => this.call(call, callee));
  }

  /** chain links already folded by `receiver` */
  private readonly receivers = new Map<ts.Node, string | null>();

  /** `router.get(..).post(..)` chains return the router (folded in a loop: chains may be thousands long). */
  private receiver(expr: ts.Expression): string | undefined {
    return foldChain(
      expr,
      this.receivers,
      (start) => this.c.instanceOf(start, 'receiver'),
      (_call, inner) => inner,
      { passes: (call) => CHAINABLE.has(call.expression.name.text) },
    );
  }

  private call(call: ts.CallExpression, callee: ts.PropertyAccessExpression): boolean {
    const method = callee.name.text;
    const args = call.arguments;
    const verb = isHttpVerb(method) || method === 'del';
    if (!verb && method !== 'use' && method !== 'prefix' && method !== 'register') return false;
    if (verb && args.length < 2) return false;
    const instance = this.receiver(callee.expression);
    if (instance === undefined) return false;
    if (method === 'prefix') {
      if (args[0]) this.c.setPrefix(instance, args[0]);
      return true;
    }
    if (method === 'use') {
      this.use(instance, call, callee);
      return true;
    }
    if (method === 'register') {
      this.register(instance, call, callee);
      return true;
    }
    // Named routes: `router.get('order', '/orders/:id', handler)`.
    const named = args.length >= 3 && looksLikePath(args[0]!) && looksLikePath(args[1]!);
    const path = named ? args[1] : args[0];
    this.c.addRoute(instance, method === 'del' ? 'DELETE' : method, path, callee.name, handlerName(args[args.length - 1]));
    return true;
  }

  /** `router.register(path, ['get', 'post'], handler)`: one route per method. */
  private register(instance: string, call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    const [path, methods] = call.arguments;
    const list = methods && unwrap(methods);
    if (!path || !list || !ts.isArrayLiteralExpression(list)) return;
    for (const m of list.elements) {
      if (!ts.isStringLiteralLike(m)) continue;
      this.c.addRoute(instance, m.text === 'del' ? 'DELETE' : m.text, path, callee.name, handlerName(call.arguments[call.arguments.length - 1]));
    }
  }

  private use(instance: string, call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    const args = [...call.arguments];
    let prefix: PathExpr = NO_PATH;
    let mounted = args;
    if (args[0] && looksLikePath(args[0])) {
      prefix = pathExpr(args[0]);
      mounted = args.slice(1);
      // `router.use('/share/:id', (ctx) => ctx.redirect(...))`: a middleware that never calls
      // `next` answers every method at that path (as Express's terminal `use`)
      const last = unwrap(args[args.length - 1]!);
      const fn = isInlineFunction(last) ? last : this.c.localFunction(last);
      if (mounted.length === 1 && fn && fn.parameters.length < 2) {
        this.c.addRoutePaths(instance, 'ALL', prefix, callee.name, handlerName(last));
        return;
      }
    }
    for (const arg of mounted) {
      const e = unwrap(arg);
      // `app.use(mount('/api', apiApp))`, `app.use(mount(router.routes()))`
      if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && this.names.mounts.has(e.expression.text)) {
        this.mount(instance, e, callee);
        continue;
      }
      const target = this.routerOf(e);
      const ref = target && this.c.valueRef(target);
      if (ref) this.c.mount(instance, prefix, ref, 'value', callee.name);
      else if (target) this.c.keyedMount(instance, prefix, target, callee.name);
    }
  }

  /** koa-mount: `mount(path, app)` or `mount(app)` (path `/`); a mount joins by segments. */
  private mount(instance: string, call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    const [a, b] = call.arguments;
    const hasPath = a !== undefined && b !== undefined;
    const target = hasPath ? b : a;
    const router = target && this.routerOf(unwrap(target));
    const ref = router && this.c.valueRef(router);
    if (ref) this.c.mount(instance, hasPath ? pathExpr(a) : NO_PATH, ref, 'value', callee.name, { join: 'segments' });
  }

  /** `other.routes()` / `other.middleware()` -> other; a plain name as it is. */
  private routerOf(e: ts.Expression): ts.Expression | undefined {
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ['routes', 'middleware'].includes(e.expression.name.text)) {
      return e.expression.expression;
    }
    return ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) ? e : undefined;
  }
}

export const koaAnalyzer: Analyzer<RouterLocal> = {
  name: 'koa',
  enablers: ['koa', '@koa/router', 'koa-router'],
  concern: 'routes',
  // a module may use a subclass declared elsewhere without naming koa (`new AppRouter()`)
  // and a module placing values into a keyed registry (`Registry.add({ type: Hook.API, value: api })`)
  accepts: (text) => text.includes('koa') || text.includes('Koa') || text.includes('Router') || REGISTRY_ENTRY.test(text),
  collect({ sourceFile }) {
    const names = koaNames(sourceFile);
    const text = sourceFile.text;
    if (!(text.includes('koa') || text.includes('Koa') || text.includes('Router'))) {
      return collectRegistrations(sourceFile);
    }
    const shape = koaShape(sourceFile, names);
    return shape && new KoaFile(new RouterCollector(sourceFile, shape), names).run();
  },
  link(ctx, locals) {
    return { routes: composeRoutes(ctx, locals, 'koa', { join: 'concat' }) };
  },
};

/**
 * Express: `express()` apps and `express.Router()` / `Router()` routers (also aliased, and the
 * drop-in `express-promise-router` and `router` packages), verb registrations
 * (`router.get('/x', handler)`), `router.route('/x').get(..).post(..)` chains, and mounts
 * (`app.use('/api', apiRouter)`, `app.use(['/a', '/b'], router)`, `app.use('/x', buildRouter())`,
 * `registerRoutes(app, '/api')`) that compose prefixes across files. `use` returns the router
 * (express lib/router/index.js `proto.use` ends with `return this`), so
 * `Router().use('/api', api)` is that router.
 */
import ts from '../../src/shared/typescript.cjs';
import type { Analyzer } from '../types.js';
import { findDeclaration, foldChain, handlerName, importsOf, isHttpVerb, isInlineFunction, looksLikePath, requiredSpecifier, unwrap } from './route-ast.js';
import { NO_PATH, pathExpr, type PathExpr } from './route-path.js';
import { collectRegistrations, computedRef, REGISTRY_ENTRY, RouterCollector, type FrameworkShape } from './router-collect.js';
import { composeRoutes, type RouterLocal, type ValueRef } from './router-graph.js';

const EXPRESS_TYPES = /^(?:express\.|e\.)?(?:Router|IRouter|Express|Application)\b/;

/** Packages whose default export (or `Router` export) makes an Express-compatible router. */
const ROUTER_PACKAGES = new Set(['express-promise-router', 'router']);

function expressShape(sf: ts.SourceFile): FrameworkShape | undefined {
  const expressNames = new Set<string>();
  const routerNames = new Set<string>();
  let importsExpress = false;
  for (const [local, source] of importsOf(sf)) {
    if (source.specifier === 'express') {
      importsExpress = true;
      if (source.name === 'default' || source.name === '*') expressNames.add(local);
      if (source.name === 'Router') routerNames.add(local);
    } else if (ROUTER_PACKAGES.has(source.specifier)) {
      importsExpress = true;
      if (source.name === 'default' || source.name === '*' || source.name === 'Router') routerNames.add(local);
    }
  }
  // A file that only imports types (`Request`, `Router`) may still register routes on a router
  // it receives or imports.
  if (!importsExpress) return undefined;
  const typedType = (type: ts.TypeNode): boolean => EXPRESS_TYPES.test(type.getText());
  const typed = (param: ts.ParameterDeclaration): boolean => param.type !== undefined && typedType(param.type);
  return {
    creation(expr) {
      const e = unwrap(expr);
      if (!ts.isCallExpression(e) && !ts.isNewExpression(e)) return undefined;
      const callee = unwrap(e.expression);
      if (ts.isIdentifier(callee) && expressNames.has(callee.text) && ts.isCallExpression(e)) return { kind: 'app' };
      if (ts.isIdentifier(callee) && routerNames.has(callee.text)) return { kind: 'router' };
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'Router' && ts.isIdentifier(callee.expression) && expressNames.has(callee.expression.text)) {
        return { kind: 'router' };
      }
      return undefined;
    },
    acceptsParam: (param) => param.type === undefined || typed(param),
    typedParam: typed,
    typedType,
    chainable: new Set(['use']),
  };
}

interface Receiver {
  instance: string;
  /** set inside `router.route('/x')` chains */
  route?: PathExpr;
}

class ExpressFile {
  constructor(private readonly c: RouterCollector) {}

  run(): RouterLocal | undefined {
    return this.c.walkCalls((call, callee) => this.call(call, callee));
  }

  /** True when the call is a registration or mount (so it is not also a pass-along). */
  private call(call: ts.CallExpression, callee: ts.PropertyAccessExpression): boolean {
    const method = callee.name.text;
    if (isHttpVerb(method)) return this.verb(call, callee, method);
    if (method === 'use') return this.use(call, callee);
    return false;
  }

  /** chain links already folded by `receiver` */
  private readonly receivers = new Map<ts.Node, Receiver | null>();

  /** What `x` is in `x.get(...)`: an instance, or a `route('/p')` on one (through chained calls, folded in a loop). */
  private receiver(expr: ts.Expression): Receiver | undefined {
    return foldChain<Receiver>(
      expr,
      this.receivers,
      (start) => {
        const instance = this.c.instanceOf(start, 'receiver');
        return instance === undefined ? undefined : { instance };
      },
      (call, inner) => {
        const method = call.expression.name.text;
        if (method === 'route' && inner.route === undefined) {
          const pathArg = call.arguments[0];
          return { instance: inner.instance, route: pathArg ? pathExpr(pathArg) : NO_PATH };
        }
        return isHttpVerb(method) || method === 'use' ? inner : undefined;
      },
    );
  }

  private verb(call: ts.CallExpression, callee: ts.PropertyAccessExpression, method: string): boolean {
    const args = call.arguments;
    // `app.get('setting')` reads a setting: outside `route()` chains a route needs a path and a handler.
    if (args.length < 2 && !ts.isCallExpression(unwrap(callee.expression))) return false;
    const receiver = this.receiver(callee.expression);
    if (!receiver) return false;
    const handler = handlerName(args[args.length - 1]);
    if (receiver.route !== undefined) {
      if (args.length > 0) this.c.addRoutePaths(receiver.instance, method, receiver.route, callee.name, handler);
      return true;
    }
    if (args.length < 2) return false;
    this.c.addRoute(receiver.instance, method, args[0], callee.name, handler);
    return true;
  }

  private use(call: ts.CallExpression, callee: ts.PropertyAccessExpression): boolean {
    const receiver = this.receiver(callee.expression);
    if (!receiver || receiver.route !== undefined) return false;
    const args = [...call.arguments];
    const first = args[0];
    if (!first) return true;
    let prefix: PathExpr = NO_PATH;
    let explicitPath = false;
    let maybePrefix = false;
    let prefixUnlessRouter: ValueRef | undefined;
    let mounted = args;
    if (looksLikePath(first)) {
      prefix = pathExpr(first);
      explicitPath = true;
      mounted = args.slice(1);
    } else if (args.length >= 2 && this.c.instanceOf(first) === undefined && this.couldBePath(first)) {
      // `app.use(config.api.prefix, routes())`, `app.use(API_PREFIX, router)`, `app.use(auth, router)`:
      // a path when it reads as text at link time; a router or a middleware otherwise
      prefix = pathExpr(first);
      maybePrefix = true;
      prefixUnlessRouter = this.c.valueRef(first);
      mounted = args.slice(1);
      if (prefixUnlessRouter) {
        const target = this.mountTarget(first);
        if (target) this.c.mount(receiver.instance, NO_PATH, target.ref, target.via, callee.name, { args: target.args });
      }
    }

    let mountsSomething = false;
    // `app.use('/api', [ordersRouter, usersRouter])`
    mounted = mounted.flatMap((arg) => {
      const e = unwrap(arg);
      return ts.isArrayLiteralExpression(e) ? [...e.elements] : [arg];
    });
    for (const arg of mounted) {
      const target = this.mountTarget(arg);
      if (!target) {
        // `Registry.get(Kind.Api).forEach((e) => app.use('/api', e.value))`: what a keyed registry holds
        if (!maybePrefix && this.c.keyedMount(receiver.instance, prefix, unwrap(arg), callee.name)) mountsSomething = true;
        continue;
      }
      mountsSomething = true;
      this.c.mount(receiver.instance, prefix, target.ref, target.via, callee.name, { args: target.args, prefixUnlessRouter, maybePrefix });
    }

    // `app.use('/health', (req, res) => ...)`: a terminal handler (no `next`) answers every method.
    const last = unwrap(args[args.length - 1]!);
    if (explicitPath && !mountsSomething && mounted.length > 0) {
      const fn = isInlineFunction(last) ? last : this.c.localFunction(last);
      if (fn && fn.parameters.length < 3) {
        this.c.addRoutePaths(receiver.instance, 'ALL', prefix, callee.name, handlerName(last));
      }
    }
    return true;
  }

  /** A name, member chain or computed text that may hold a path (not a call or inline function). */
  private couldBePath(expr: ts.Expression): boolean {
    const e = unwrap(expr);
    if (isInlineFunction(e) || this.c.localFunction(e)) return false;
    return ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isConditionalExpression(e) || ts.isBinaryExpression(e);
  }

  /** A router (`ordersRouter`, `ns.ordersRouter`) or a router factory call (`buildRouter(deps)`). */
  private mountTarget(arg: ts.Expression): { ref: ValueRef; via: 'value' | 'call'; args?: (PathExpr | null)[] | undefined } | undefined {
    const e = unwrap(arg);
    // `require(path.join(__dirname, file))` in a loop over a folder: the module each name loads
    const computed = computedRef(e);
    if (computed) return { ref: computed, via: 'value' };
    if (ts.isCallExpression(e) && requiredSpecifier(e) === undefined) {
      const callee = unwrap(e.expression);
      // `Router().use(...)` inline is an instance, not a factory call
      const instance = this.c.instanceOf(e);
      if (instance) return { ref: { local: instance }, via: 'value' };
      if (ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee)) {
        const ref = ts.isIdentifier(callee) ? this.callRef(callee) : this.c.calleeRef(callee);
        return ref && { ref, via: 'call', args: this.c.callArgs(e) };
      }
      return undefined;
    }
    if (isInlineFunction(e) || this.c.localFunction(e)) return undefined;
    const ref = this.c.valueRef(e);
    return ref && { ref, via: 'value' };
  }

  /** `buildRouter()` with a local or imported `buildRouter`. */
  private callRef(callee: ts.Identifier): ValueRef | undefined {
    const fn = this.c.localFunction(callee);
    if (fn) return { local: this.c.ensureFunction(fn).id };
    const decl = findDeclaration(callee);
    if (decl && (ts.isImportClause(decl) || ts.isImportSpecifier(decl))) return { binding: callee.text };
    return undefined;
  }
}

export const expressAnalyzer: Analyzer<RouterLocal> = {
  name: 'express',
  enablers: ['express', 'express-promise-router', 'router'],
  concern: 'routes',
  accepts: (text) => text.includes('express') || text.includes('router') || REGISTRY_ENTRY.test(text),
  collect({ sourceFile }) {
    const shape = expressShape(sourceFile);
    if (!shape) return REGISTRY_ENTRY.test(sourceFile.text) ? collectRegistrations(sourceFile) : undefined;
    return new ExpressFile(new RouterCollector(sourceFile, shape)).run();
  },
  link(ctx, locals) {
    return { routes: composeRoutes(ctx, locals, 'express') };
  },
};

/**
 * Koa with `@koa/router` or `koa-router`: `new Router({ prefix })`, `router.prefix('/x')`, verb
 * registrations (named routes `router.get('name', '/path', h)` too), and nested routers
 * `router.use('/p', other.routes())` across files.
 */
import ts from '../../src/shared/typescript.cjs';
import type { Analyzer } from '../types.js';
import { evaluatePaths, foldChain, handlerName, importsOf, isHttpVerb, looksLikePath, unwrap, type PathAlternatives } from './route-ast.js';
import { RouterCollector, type FrameworkShape } from './router-collect.js';
import { composeRoutes, type RouterLocal } from './router-graph.js';

const ROUTER_PACKAGES = new Set(['@koa/router', 'koa-router']);

function koaShape(sf: ts.SourceFile): FrameworkShape | undefined {
  const routerNames = new Set<string>();
  for (const [local, source] of importsOf(sf)) {
    if (ROUTER_PACKAGES.has(source.specifier) && ['default', '*', 'Router'].includes(source.name)) routerNames.add(local);
  }
  if (routerNames.size === 0) return undefined;
  const typed = (param: ts.ParameterDeclaration): boolean => param.type !== undefined && /Router\b/.test(param.type.getText());
  return {
    creation(expr) {
      const e = unwrap(expr);
      if (!ts.isCallExpression(e) && !ts.isNewExpression(e)) return undefined;
      const callee = unwrap(e.expression);
      if (!ts.isIdentifier(callee) || !routerNames.has(callee.text)) return undefined;
      const options = e.arguments?.[0] && unwrap(e.arguments[0]);
      if (options && ts.isObjectLiteralExpression(options)) {
        const prefix = options.properties.find(
          (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'prefix',
        );
        if (prefix) return { kind: 'router', prefix: prefix.initializer };
      }
      return { kind: 'router' };
    },
    acceptsParam: (param) => param.type === undefined || typed(param),
    typedParam: typed,
  };
}

class KoaFile {
  constructor(private readonly c: RouterCollector) {}

  run(): RouterLocal | undefined {
    return this.c.walkCalls((call, callee) => this.call(call, callee));
  }

  /** `router.get(..).post(..)` chains return the router. */
  private receiver(expr: ts.Expression): string | undefined {
    return foldChain(expr, this.receivers, (start) => this.c.instanceOf(start, 'receiver'), (e, inner) => {
      const method = e.expression.name.text;
      return isHttpVerb(method) || method === 'del' || method === 'use' || method === 'prefix' ? inner : undefined;
    });
  }

  private readonly receivers = new Map<ts.Node, string | null>();

  private call(call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    const method = callee.name.text;
    const args = call.arguments;
    if (!isHttpVerb(method) && method !== 'del' && method !== 'use' && method !== 'prefix') return;
    if ((isHttpVerb(method) || method === 'del') && args.length < 2) return;
    const instance = this.receiver(callee.expression);
    if (instance === undefined) return;
    if (method === 'prefix') {
      if (args[0]) this.c.setPrefix(instance, args[0]);
      return;
    }
    if (method === 'use') {
      this.use(instance, call, callee);
      return;
    }
    // Named routes: `router.get('order', '/orders/:id', handler)`.
    const named = args.length >= 3 && looksLikePath(args[0]!) && looksLikePath(args[1]!);
    const path = named ? args[1] : args[0];
    this.c.addRoute(instance, method === 'del' ? 'DELETE' : method, path, callee.name, handlerName(args[args.length - 1]));
  }

  private use(instance: string, call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    const args = [...call.arguments];
    let prefix: PathAlternatives = [[]];
    let mounted = args;
    if (args[0] && looksLikePath(args[0])) {
      const paths = evaluatePaths(args[0]);
      if (!paths) {
        this.c.unknownPath(args[0], callee.name);
        return;
      }
      prefix = paths;
      mounted = args.slice(1);
    }
    for (const arg of mounted) {
      const e = unwrap(arg);
      // `other.routes()` / `other.middleware()`, or a value exported as `router.routes()`
      let target: ts.Expression = e;
      if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ['routes', 'middleware'].includes(e.expression.name.text)) {
        target = e.expression.expression;
      } else if (!ts.isIdentifier(e)) {
        continue;
      }
      const ref = this.c.valueRef(target);
      if (ref) this.c.mount(instance, prefix, ref, 'value', callee.name);
    }
  }
}

export const koaAnalyzer: Analyzer<RouterLocal> = {
  name: 'koa',
  enablers: ['koa', '@koa/router', 'koa-router'],
  concern: 'routes',
  accepts: (text) => text.includes('koa'),
  collect({ sourceFile }) {
    const shape = koaShape(sourceFile);
    return shape && new KoaFile(new RouterCollector(sourceFile, shape)).run();
  },
  link(ctx, locals) {
    return { routes: composeRoutes(ctx, locals, 'koa') };
  },
};

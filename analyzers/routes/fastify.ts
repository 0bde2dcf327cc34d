/**
 * Fastify: `fastify()` instances, shorthand routes (`app.get(path, [opts], handler)`), full
 * declarations (`app.route({ method, url, handler })`) and plugins (`app.register(plugin,
 * { prefix })`) whose first parameter is the instance they register on. Prefixes compose through
 * nested registers; a plugin wrapped in fastify-plugin shares its parent's scope, so Fastify
 * ignores the `prefix` it is registered with.
 */
import ts from '../../src/shared/typescript.cjs';
import type { Analyzer } from '../types.js';
import {
  evaluatePath,
  evaluatePaths,
  foldChain,
  handlerName,
  importsOf,
  isHttpVerb,
  isInlineFunction,
  unwrap,
  type PathAlternatives,
} from './route-ast.js';
import { RouterCollector, type FrameworkShape } from './router-collect.js';
import { composeRoutes, type RouterLocal } from './router-graph.js';

function fastifyShape(sf: ts.SourceFile): FrameworkShape {
  const factories = new Set<string>();
  const wrappers = new Set<string>();
  for (const [local, source] of importsOf(sf)) {
    if (source.specifier === 'fastify' && ['default', '*', 'fastify', 'Fastify'].includes(source.name)) factories.add(local);
    if (source.specifier === 'fastify-plugin' && ['default', '*', 'fastifyPlugin'].includes(source.name)) wrappers.add(local);
  }
  const typed = (param: ts.ParameterDeclaration): boolean => param.type !== undefined && /Fastify/.test(param.type.getText());
  return {
    creation(expr) {
      const e = unwrap(expr);
      return ts.isCallExpression(e) && ts.isIdentifier(e.expression) && factories.has(e.expression.text) ? { kind: 'app' } : undefined;
    },
    acceptsParam: (param) => param.type === undefined || typed(param),
    typedParam: typed,
    scopeSharingWrapper(expr) {
      const e = unwrap(expr);
      return ts.isCallExpression(e) && ts.isIdentifier(e.expression) && wrappers.has(e.expression.text) ? e.arguments[0] : undefined;
    },
  };
}

function property(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && p.name.getText().replace(/^['"]|['"]$/g, '') === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
    if (ts.isMethodDeclaration(p) && p.name.getText() === name) return undefined;
  }
  return undefined;
}

const REGISTRATION = new Set(['route', 'register']);

class FastifyFile {
  constructor(
    private readonly c: RouterCollector,
    private readonly shape: FrameworkShape,
  ) {}

  run(): RouterLocal | undefined {
    return this.c.walkCalls((call, callee) => this.call(call, callee));
  }

  /** Shorthand calls and `register` return the instance, so chains register on it too. */
  private receiver(expr: ts.Expression): string | undefined {
    return foldChain(expr, this.receivers, (start) => this.c.instanceOf(start, 'receiver'), (e, inner) => {
      const method = e.expression.name.text;
      return isHttpVerb(method) || REGISTRATION.has(method) ? inner : undefined;
    });
  }

  private readonly receivers = new Map<ts.Node, string | null>();

  private call(call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    const method = callee.name.text;
    if (!isHttpVerb(method) && !REGISTRATION.has(method)) return;
    const args = call.arguments;
    if (isHttpVerb(method) && args.length < 2) return;
    const instance = this.receiver(callee.expression);
    if (instance === undefined) return;
    if (method === 'register') this.register(instance, call, callee);
    else if (method === 'route') this.route(instance, call, callee);
    else {
      const last = unwrap(args[args.length - 1]!);
      const handler = ts.isObjectLiteralExpression(last) ? property(last, 'handler') : last;
      this.c.addRoute(instance, method, args[0], callee.name, handlerName(handler));
    }
  }

  private route(instance: string, call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    const options = call.arguments[0] && unwrap(call.arguments[0]);
    if (!options || !ts.isObjectLiteralExpression(options)) return;
    const url = property(options, 'url') ?? property(options, 'path');
    const methodExpr = property(options, 'method');
    if (!url || !methodExpr) return;
    const methods = evaluatePaths(methodExpr)?.map((parts) => parts.map((p) => ('text' in p ? p.text : '?')).join(''));
    if (!methods || methods.some((m) => !/^[A-Za-z]+$/.test(m))) {
      this.c.unknownPath(methodExpr, callee.name);
      return;
    }
    const handler = handlerName(property(options, 'handler'));
    for (const m of methods) this.c.addRoute(instance, m, url, callee.name, handler);
  }

  private register(instance: string, call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    const [pluginArg, optionsArg] = call.arguments;
    if (!pluginArg) return;
    let plugin = unwrap(pluginArg);
    let prefix: PathAlternatives = [[]];
    const wrapped = this.shape.scopeSharingWrapper?.(plugin);
    if (wrapped) {
      plugin = unwrap(wrapped);
    } else {
      const options = optionsArg && unwrap(optionsArg);
      const prefixExpr = options && ts.isObjectLiteralExpression(options) ? property(options, 'prefix') : undefined;
      if (prefixExpr) {
        const parts = evaluatePath(prefixExpr);
        if (!parts) {
          this.c.unknownPath(prefixExpr, callee.name);
          return;
        }
        prefix = [parts];
      }
    }
    const ref = isInlineFunction(plugin) ? { local: this.c.ensureFunction(plugin).id } : this.c.valueRef(plugin);
    if (ref) this.c.mount(instance, prefix, ref, { param: 0 }, callee.name);
  }
}

export const fastifyAnalyzer: Analyzer<RouterLocal> = {
  name: 'fastify',
  enablers: ['fastify'],
  concern: 'routes',
  accepts: (text) => text.includes('fastify'),
  collect({ sourceFile }) {
    const shape = fastifyShape(sourceFile);
    return new FastifyFile(new RouterCollector(sourceFile, shape), shape).run();
  },
  link(ctx, locals) {
    return { routes: composeRoutes(ctx, locals, 'fastify') };
  },
};

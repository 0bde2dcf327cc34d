/**
 * Fastify: `fastify()` instances, shorthand routes (`app.get(path, [opts], handler)`), full
 * declarations (`app.route({ method, url, handler })`, `method` a verb or a list) and plugins
 * (`app.register(plugin, { prefix })`) whose first parameter is the instance they register on.
 * Prefixes compose through nested registers. A plugin wrapped in fastify-plugin shares its
 * parent's scope, and Fastify ignores the options it uses itself, `prefix` among them, when a
 * plugin is wrapped ("These options will be ignored when used with fastify-plugin", Fastify
 * docs, Reference/Plugins.md, Plugin Options): its routes get the prefix of the scope it is
 * registered in, not the one passed with it.
 *
 * `@fastify/autoload` registers every plugin file under `dir` (autoload.ts reads its rules).
 */
import ts from '../../src/shared/typescript.cjs';
import type { Analyzer } from '../types.js';
import { autoloadOptions, expandAutoloads, type AutoloadMount, type FastifyLocal } from './autoload.js';
import { foldChain, handlerName, importsOf, isHttpVerb, isInlineFunction, lineOf, unwrap } from './route-ast.js';
import { deferred, NO_PATH, pathExpr, type PathExpr } from './route-path.js';
import { RouterCollector, type FrameworkShape } from './router-collect.js';
import { composeRoutes } from './router-graph.js';

const AUTOLOAD_PACKAGES = new Set(['@fastify/autoload', 'fastify-autoload']);

function fastifyShape(sf: ts.SourceFile): { shape: FrameworkShape; autoload: Set<string> } {
  const factories = new Set<string>();
  const wrappers = new Set<string>();
  const autoload = new Set<string>();
  for (const [local, source] of importsOf(sf)) {
    if (source.specifier === 'fastify' && ['default', '*', 'fastify', 'Fastify'].includes(source.name)) factories.add(local);
    if (source.specifier === 'fastify-plugin' && ['default', '*', 'fastifyPlugin'].includes(source.name)) wrappers.add(local);
    if (AUTOLOAD_PACKAGES.has(source.specifier)) autoload.add(local);
  }
  const typedType = (type: ts.TypeNode): boolean => /Fastify/.test(type.getText());
  const typed = (param: ts.ParameterDeclaration): boolean => param.type !== undefined && typedType(param.type);
  const shape: FrameworkShape = {
    creation(expr) {
      const e = unwrap(expr);
      return ts.isCallExpression(e) && ts.isIdentifier(e.expression) && factories.has(e.expression.text) ? { kind: 'app' } : undefined;
    },
    // `(fastify: any)` in loosely typed plugin files is as good as untyped
    acceptsParam: (param) => param.type === undefined || param.type.kind === ts.SyntaxKind.AnyKeyword || typed(param),
    typedParam: typed,
    typedType,
    scopeSharingWrapper(expr) {
      const e = unwrap(expr);
      return ts.isCallExpression(e) && ts.isIdentifier(e.expression) && wrappers.has(e.expression.text) ? e.arguments[0] : undefined;
    },
  };
  return { shape, autoload };
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
  private readonly autoloads: AutoloadMount[] = [];

  constructor(
    private readonly c: RouterCollector,
    private readonly shape: FrameworkShape,
    private readonly autoload: Set<string>,
  ) {}

  run(): FastifyLocal | undefined {
    const local: FastifyLocal | undefined = this.c.walkCalls((call, callee) => this.call(call, callee));
    const exported = exportedPrefixes(this.c.sourceFile);
    if (!local && this.autoloads.length === 0 && !exported.autoPrefix && !exported.prefixOverride) return undefined;
    const out: FastifyLocal = local ?? { instances: [], routes: [], mounts: [], functions: [], diagnostics: [] };
    if (this.autoloads.length > 0) out.autoloads = this.autoloads;
    if (exported.autoPrefix !== undefined) out.autoPrefix = exported.autoPrefix;
    if (exported.prefixOverride !== undefined) out.prefixOverride = exported.prefixOverride;
    return out;
  }

  /** chain links already folded by `receiver` */
  private readonly receivers = new Map<ts.Node, string | null>();

  /** Shorthand calls and `register` return the instance, so chains register on it too (folded in a loop). */
  private receiver(expr: ts.Expression): string | undefined {
    return foldChain(
      expr,
      this.receivers,
      (start) => this.c.instanceOf(start, 'receiver'),
      (_call, inner) => inner,
      { passes: (call) => isHttpVerb(call.expression.name.text) || REGISTRATION.has(call.expression.name.text) },
    );
  }

  private call(call: ts.CallExpression, callee: ts.PropertyAccessExpression): boolean {
    const method = callee.name.text;
    if (!isHttpVerb(method) && !REGISTRATION.has(method)) return false;
    const args = call.arguments;
    if (isHttpVerb(method) && args.length < 2) return false;
    const instance = this.receiver(callee.expression);
    if (instance === undefined) return false;
    if (method === 'register') this.register(instance, call, callee);
    else if (method === 'route') this.route(instance, call, callee);
    else {
      const last = unwrap(args[args.length - 1]!);
      const handler = ts.isObjectLiteralExpression(last) ? property(last, 'handler') : last;
      this.c.addRoute(instance, method, args[0], callee.name, handlerName(handler));
    }
    return true;
  }

  private route(instance: string, call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    const options = call.arguments[0] && unwrap(call.arguments[0]);
    if (!options || !ts.isObjectLiteralExpression(options)) return;
    const url = property(options, 'url') ?? property(options, 'path');
    const methodExpr = property(options, 'method');
    if (!url || !methodExpr) return;
    const m = unwrap(methodExpr);
    const methods = ts.isStringLiteralLike(m) ? [m.text] : ts.isArrayLiteralExpression(m) && m.elements.every(ts.isStringLiteralLike) ? m.elements.map((el) => (el as ts.StringLiteralLike).text) : undefined;
    if (!methods) {
      this.c.addRoute(instance, 'ALL', url, callee.name, handlerName(property(options, 'handler')));
      return;
    }
    const handler = handlerName(property(options, 'handler'));
    for (const method of methods) this.c.addRoute(instance, method, url, callee.name, handler);
  }

  private register(instance: string, call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    const [pluginArg, optionsArg] = call.arguments;
    if (!pluginArg) return;
    let plugin = unwrap(pluginArg);
    const options = optionsArg && unwrap(optionsArg);
    if (ts.isIdentifier(plugin) && this.autoload.has(plugin.text)) {
      if (options && ts.isObjectLiteralExpression(options)) this.autoloadMount(instance, options, call);
      return;
    }
    let prefix: PathExpr = NO_PATH;
    const wrapped = this.shape.scopeSharingWrapper?.(plugin);
    if (wrapped) {
      plugin = unwrap(wrapped);
    } else {
      const prefixExpr = options && ts.isObjectLiteralExpression(options) ? property(options, 'prefix') : undefined;
      if (prefixExpr) prefix = pathExpr(prefixExpr);
    }
    const ref = isInlineFunction(plugin) ? { local: this.c.ensureFunction(plugin).id } : this.c.valueRef(plugin);
    if (ref) this.c.mount(instance, prefix, ref, { param: 0 }, callee.name);
  }

  private autoloadMount(instance: string, options: ts.ObjectLiteralExpression, call: ts.CallExpression): void {
    const dir = property(options, 'dir');
    if (!dir) return;
    const inner = property(options, 'options');
    const innerObject = inner && unwrap(inner);
    const prefixExpr = innerObject && ts.isObjectLiteralExpression(innerObject) ? property(innerObject, 'prefix') : undefined;
    const mount: AutoloadMount = { parent: instance, dir: deferred(dir), line: lineOf(call), options: autoloadOptions(options) };
    if (prefixExpr) mount.prefix = pathExpr(prefixExpr);
    this.autoloads.push(mount);
  }
}

/** `export const autoPrefix = '/x'` and `prefixOverride`, as literal text. */
function exportedPrefixes(sf: ts.SourceFile): { autoPrefix?: string; prefixOverride?: string } {
  const out: { autoPrefix?: string; prefixOverride?: string } = {};
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement) || !(ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const d of statement.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || !d.initializer || !ts.isStringLiteralLike(unwrap(d.initializer))) continue;
      const text = (unwrap(d.initializer) as ts.StringLiteralLike).text;
      if (d.name.text === 'autoPrefix') out.autoPrefix = text;
      if (d.name.text === 'prefixOverride') out.prefixOverride = text;
    }
  }
  return out;
}

export const fastifyAnalyzer: Analyzer<FastifyLocal> = {
  name: 'fastify',
  enablers: ['fastify'],
  concern: 'routes',
  accepts: (text) => text.includes('fastify') || text.includes('autoPrefix') || text.includes('prefixOverride'),
  collect({ sourceFile }) {
    const { shape, autoload } = fastifyShape(sourceFile);
    return new FastifyFile(new RouterCollector(sourceFile, shape), shape, autoload).run();
  },
  link(ctx, locals) {
    const { locals: expanded, notLoaded } = expandAutoloads(ctx, locals);
    return { routes: composeRoutes(ctx, expanded, 'fastify', { notLoaded }) };
  },
};

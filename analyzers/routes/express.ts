/**
 * Express: `express()` apps and `express.Router()` / `Router()` routers, verb registrations
 * (`router.get('/x', handler)`), `router.route('/x').get(..).post(..)` chains, and mounts
 * (`app.use('/api', apiRouter)`, `app.use('/x', buildRouter())`, `registerRoutes(app)`) that
 * compose prefixes across files.
 */
import ts from '../../src/shared/typescript.cjs';
import { walkAst } from '../../src/shared/ast-walk.js';
import type { Analyzer } from '../types.js';
import {
  evaluatePath,
  evaluatePaths,
  findDeclaration,
  foldChain,
  handlerName,
  importsOf,
  isHttpVerb,
  isInlineFunction,
  looksLikePath,
  requiredSpecifier,
  unwrap,
  type PathAlternatives,
} from './route-ast.js';
import { RouterCollector, type FrameworkShape } from './router-collect.js';
import { composeRoutes, type RouterLocal, type ValueRef } from './router-graph.js';

const EXPRESS_TYPES = /^(?:express\.)?(?:Router|IRouter|Express|Application)$/;

function expressShape(sf: ts.SourceFile): FrameworkShape | undefined {
  const expressNames = new Set<string>();
  const routerNames = new Set<string>();
  let importsExpress = false;
  for (const [local, source] of importsOf(sf)) {
    if (source.specifier !== 'express') continue;
    importsExpress = true;
    if (source.name === 'default' || source.name === '*') expressNames.add(local);
    if (source.name === 'Router') routerNames.add(local);
  }
  // A file that only imports types (`Request`, `Router`) may still register routes on a router
  // it receives or imports.
  if (!importsExpress) return undefined;
  const typed = (param: ts.ParameterDeclaration): boolean => param.type !== undefined && EXPRESS_TYPES.test(param.type.getText());
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
  };
}

interface Receiver {
  instance: string;
  /** set inside `router.route('/x')` chains; null when that path could not be read */
  route?: PathAlternatives | null;
}

class ExpressFile {
  private readonly passAlong: ts.CallExpression[] = [];

  constructor(private readonly c: RouterCollector) {}

  run(): RouterLocal | undefined {
    walkAst(this.c.sourceFile, (node) => {
      if (ts.isCallExpression(node)) this.call(node);
    });
    for (const call of this.passAlong) this.c.addPassAlong(call);
    return this.c.finish();
  }

  private call(call: ts.CallExpression): void {
    const callee = unwrap(call.expression);
    if (ts.isIdentifier(callee)) {
      if (call.arguments.length > 0) this.passAlong.push(call);
      return;
    }
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    if (isHttpVerb(method)) this.verb(call, callee, method);
    else if (method === 'use') this.use(call, callee);
  }

  /** What `x` is in `x.get(...)`: an instance, or a `route('/p')` on one (through chained calls). */
  private receiver(expr: ts.Expression): Receiver | undefined {
    return foldChain<Receiver>(
      expr,
      this.receivers,
      (start) => {
        const instance = this.c.instanceOf(start, 'receiver');
        return instance === undefined ? undefined : { instance };
      },
      (e, inner) => {
        const method = e.expression.name.text;
        if (method === 'route' && inner.route === undefined) {
          const pathArg = e.arguments[0];
          const paths = pathArg && evaluatePaths(pathArg);
          if (!paths && pathArg) this.c.unknownPath(pathArg, e.expression.name);
          return { instance: inner.instance, route: paths ?? null };
        }
        return isHttpVerb(method) || method === 'use' ? inner : undefined;
      },
    );
  }

  /** receivers by chain link, so each link is read (and an unreadable `route()` path reported) once */
  private readonly receivers = new Map<ts.Node, Receiver | null>();

  private verb(call: ts.CallExpression, callee: ts.PropertyAccessExpression, method: string): void {
    const args = call.arguments;
    // `app.get('setting')` reads a setting: outside `route()` chains a route needs a path and a handler.
    if (args.length < 2 && !ts.isCallExpression(unwrap(callee.expression))) return;
    const receiver = this.receiver(callee.expression);
    if (!receiver) return;
    const handler = handlerName(args[args.length - 1]);
    if (receiver.route === null) return;
    if (receiver.route !== undefined) {
      if (args.length > 0) this.c.addRoutePaths(receiver.instance, method, receiver.route, callee.name, handler);
      return;
    }
    if (args.length < 2) return;
    this.c.addRoute(receiver.instance, method, args[0], callee.name, handler);
  }

  private use(call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    const receiver = this.receiver(callee.expression);
    if (!receiver || receiver.route !== undefined) return;
    const args = [...call.arguments];
    const first = args[0];
    if (!first) return;
    let prefix: PathAlternatives = [[]];
    let explicitPath = false;
    let prefixUnlessRouter: ValueRef | undefined;
    let mounted = args;
    if (looksLikePath(first)) {
      const paths = evaluatePaths(first);
      if (!paths) {
        this.c.unknownPath(first, callee.name);
        return;
      }
      prefix = paths;
      explicitPath = true;
      mounted = args.slice(1);
    } else if (args.length >= 2 && this.c.instanceOf(first) === undefined) {
      const constant = this.constantPrefix(first);
      if (constant?.kind === 'local') {
        prefix = constant.paths;
        explicitPath = true;
        mounted = args.slice(1);
      } else if (constant?.kind === 'imported') {
        prefix = constant.paths;
        prefixUnlessRouter = this.c.valueRef(first);
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
      if (!target) continue;
      if (prefixUnlessRouter && arg === first) {
        this.c.mount(receiver.instance, [[]], target.ref, target.via, callee.name);
        continue;
      }
      mountsSomething = true;
      this.c.mount(receiver.instance, prefix, target.ref, target.via, callee.name, prefixUnlessRouter);
    }

    // `app.use('/health', (req, res) => ...)`: a terminal handler (no `next`) answers every method.
    const last = unwrap(args[args.length - 1]!);
    if (explicitPath && !mountsSomething && mounted.length > 0) {
      const fn = isInlineFunction(last) ? last : this.c.localFunction(last);
      if (fn && fn.parameters.length < 3) {
        this.c.addRoutePaths(receiver.instance, 'ALL', prefix, callee.name, handlerName(last));
      }
    }
  }

  /** A router (`ordersRouter`, `ns.ordersRouter`) or a router factory call (`buildRouter(deps)`). */
  private mountTarget(arg: ts.Expression): { ref: ValueRef; via: 'value' | 'call' } | undefined {
    const e = unwrap(arg);
    if (ts.isCallExpression(e) && ts.isIdentifier(unwrap(e.expression)) && requiredSpecifier(e) === undefined) {
      const ref = this.callRef(unwrap(e.expression) as ts.Identifier);
      return ref && { ref, via: 'call' };
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

  /** A non-literal first argument of `use` that may be a path constant. */
  private constantPrefix(expr: ts.Expression): { kind: 'local' | 'imported'; paths: PathAlternatives } | undefined {
    const parts = evaluatePath(expr);
    if (!parts) return undefined;
    const onlyRef = parts.length === 1 && parts[0] !== undefined && 'ref' in parts[0];
    return { kind: onlyRef ? 'imported' : 'local', paths: [parts] };
  }
}

export const expressAnalyzer: Analyzer<RouterLocal> = {
  name: 'express',
  enablers: ['express', 'express-promise-router', 'router'],
  concern: 'routes',
  accepts: (text) => text.includes('express'),
  collect({ sourceFile }) {
    const shape = expressShape(sourceFile);
    return shape && new ExpressFile(new RouterCollector(sourceFile, shape)).run();
  },
  link(ctx, locals) {
    return { routes: composeRoutes(ctx, locals, 'express') };
  },
};

/**
 * NestJS: `@Controller(path | { path } | [paths])` classes whose methods carry `@Get(path?)`,
 * `@Post(...)` ... `@All(...)` (from `@nestjs/common`), under the global prefix that
 * `app.setGlobalPrefix('api', { exclude })` sets. When files disagree on the prefix, the one in the
 * file that calls `NestFactory.create` wins.
 */
import ts from '../../src/shared/typescript.cjs';
import { walkAst } from '../../src/shared/ast-walk.js';
import type { RouteFact } from '../../src/shared/facts.js';
import type { Analyzer, LinkContext } from '../types.js';
import { evaluatePath, evaluatePaths, importsOf, lineOf, propertyChain, snippet, unwrap, type PathAlternatives, type PathPart } from './route-ast.js';
import { DiagnosticSink, sortRoutes, type LocalDiagnostic } from './route-facts.js';
import { joinPaths, PathResolver } from './route-path.js';

const METHOD_DECORATORS: Record<string, string> = {
  Get: 'GET',
  Post: 'POST',
  Put: 'PUT',
  Patch: 'PATCH',
  Delete: 'DELETE',
  Head: 'HEAD',
  Options: 'OPTIONS',
  Search: 'SEARCH',
  All: 'ALL',
};

interface NestRoute {
  method: string;
  paths: PathAlternatives;
  line: number;
  handler: string;
}

interface NestController {
  paths: PathAlternatives;
  routes: NestRoute[];
}

interface GlobalPrefix {
  prefix: PathPart[];
  line: number;
  /** routes left out of the prefix: path, and method (`ALL` when any) */
  exclude: { path: PathPart[]; method: string }[];
}

export interface NestLocal {
  controllers: NestController[];
  globalPrefixes: GlobalPrefix[];
  /** the file calls `NestFactory.create` */
  bootstraps: boolean;
  diagnostics: LocalDiagnostic[];
}

function decoratorCall(decorator: ts.Decorator): { name: string; args: readonly ts.Expression[] } | undefined {
  const e = decorator.expression;
  if (ts.isIdentifier(e)) return { name: e.text, args: [] };
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression)) return { name: e.expression.text, args: e.arguments };
  return undefined;
}

function objectProperty(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) if (ts.isPropertyAssignment(p) && p.name.getText() === name) return p.initializer;
  return undefined;
}

class NestFile {
  private readonly local: NestLocal = { controllers: [], globalPrefixes: [], bootstraps: false, diagnostics: [] };
  /** local decorator name -> name exported by @nestjs/common */
  private readonly decorators = new Map<string, string>();

  constructor(private readonly sf: ts.SourceFile) {
    for (const [local, source] of importsOf(sf)) if (source.specifier === '@nestjs/common') this.decorators.set(local, source.name);
  }

  run(): NestLocal | undefined {
    walkAst(this.sf, (node) => {
      if (ts.isClassDeclaration(node)) this.controller(node);
      if (ts.isCallExpression(node)) this.call(node);
    });
    const l = this.local;
    return l.controllers.length || l.globalPrefixes.length || l.bootstraps || l.diagnostics.length ? l : undefined;
  }

  private paths(args: readonly ts.Expression[], at: ts.Node): PathAlternatives | undefined {
    let arg = args[0] && unwrap(args[0]);
    if (arg && ts.isObjectLiteralExpression(arg)) arg = objectProperty(arg, 'path');
    if (!arg) return [[]];
    const paths = evaluatePaths(arg);
    if (!paths) this.unknown(arg, at);
    return paths;
  }

  private unknown(expr: ts.Expression, at: ts.Node): void {
    this.local.diagnostics.push({
      code: 'route-path-unknown',
      line: lineOf(at),
      message: `could not read the route path \`${snippet(expr)}\` statically; the route is skipped`,
    });
  }

  private controller(cls: ts.ClassDeclaration): void {
    const decorator = (ts.getDecorators(cls) ?? []).map((d) => ({ d, call: decoratorCall(d) })).find(({ call }) => call && this.decorators.get(call.name) === 'Controller');
    if (!decorator?.call) return;
    const paths = this.paths(decorator.call.args, decorator.d);
    if (!paths) return;
    const className = cls.name?.text ?? 'default';
    const routes: NestRoute[] = [];
    for (const member of cls.members) {
      if (!ts.isMethodDeclaration(member)) continue;
      for (const d of ts.getDecorators(member) ?? []) {
        const call = decoratorCall(d);
        const method = call && METHOD_DECORATORS[this.decorators.get(call.name) ?? ''];
        if (!call || !method) continue;
        const methodPaths = this.paths(call.args, d);
        if (methodPaths) routes.push({ method, paths: methodPaths, line: lineOf(d), handler: `${className}.${member.name.getText()}` });
      }
    }
    this.local.controllers.push({ paths, routes });
  }

  private call(call: ts.CallExpression): void {
    const chain = propertyChain(call.expression);
    if (!chain) return;
    if (chain.length === 2 && chain[0] === 'NestFactory' && chain[1] === 'create') this.local.bootstraps = true;
    if (chain[chain.length - 1] !== 'setGlobalPrefix' || !call.arguments[0]) return;
    const prefix = evaluatePath(call.arguments[0]);
    if (!prefix) {
      this.unknown(call.arguments[0], call);
      return;
    }
    const exclude: GlobalPrefix['exclude'] = [];
    const options = call.arguments[1] && unwrap(call.arguments[1]);
    const list = options && ts.isObjectLiteralExpression(options) ? objectProperty(options, 'exclude') : undefined;
    if (list && ts.isArrayLiteralExpression(unwrap(list))) {
      for (const element of (unwrap(list) as ts.ArrayLiteralExpression).elements) {
        const e = unwrap(element);
        const pathExpr = ts.isObjectLiteralExpression(e) ? objectProperty(e, 'path') : e;
        const methodExpr = ts.isObjectLiteralExpression(e) ? objectProperty(e, 'method') : undefined;
        const path = pathExpr && evaluatePath(pathExpr);
        const method = methodExpr ? propertyChain(methodExpr)?.at(-1)?.toUpperCase() : 'ALL';
        if (path && method) exclude.push({ path, method });
      }
    }
    this.local.globalPrefixes.push({ prefix, line: lineOf(call), exclude });
  }
}

interface ChosenPrefix {
  module: string;
  prefix: string;
  exclude: { path: string; method: string }[];
}

function chooseGlobalPrefix(ctx: LinkContext, locals: ReadonlyMap<string, NestLocal>, paths: PathResolver, sink: DiagnosticSink): ChosenPrefix | undefined {
  const candidates: ChosenPrefix[] = [];
  for (const module of [...locals.keys()].sort()) {
    const local = locals.get(module)!;
    for (const g of local.globalPrefixes) {
      const prefix = paths.text(module, g.prefix);
      if (prefix === undefined) {
        sink.warn(module, g.line, 'route-path-unknown', 'could not read the global prefix statically; routes are reported without it');
        continue;
      }
      const exclude = g.exclude.flatMap((x) => {
        const path = paths.text(module, x.path);
        return path === undefined ? [] : [{ path: joinPaths(path), method: x.method }];
      });
      candidates.push({ module, prefix, exclude });
    }
  }
  const distinct = new Set(candidates.map((c) => c.prefix));
  if (distinct.size <= 1) return candidates[0];
  const bootstrap = candidates.find((c) => locals.get(c.module)!.bootstraps);
  const chosen = bootstrap ?? candidates[0]!;
  ctx.report({
    severity: 'info',
    code: 'route-prefix-ambiguous',
    file: chosen.module,
    message: `several global prefixes are set (${[...distinct].sort().join(', ')}); using '${chosen.prefix}'`,
  });
  return chosen;
}

export const nestjsAnalyzer: Analyzer<NestLocal> = {
  name: 'nestjs',
  enablers: ['@nestjs/core', '@nestjs/common'],
  concern: 'routes',
  accepts: (text) => text.includes('@nestjs'),
  collect: ({ sourceFile }) => new NestFile(sourceFile).run(),
  link(ctx, locals) {
    const paths = new PathResolver(ctx);
    const sink = new DiagnosticSink(ctx);
    for (const [module, local] of locals) for (const d of local.diagnostics) sink.warn(module, d.line, d.code, d.message);
    const global = chooseGlobalPrefix(ctx, locals, paths, sink);
    const routes: RouteFact[] = [];
    for (const module of [...locals.keys()].sort()) {
      for (const controller of locals.get(module)!.controllers) {
        const bases = paths.alternatives(module, controller.paths);
        if (!bases) continue;
        for (const route of controller.routes) {
          const ends = paths.alternatives(module, route.paths);
          if (!ends) {
            sink.warn(module, route.line, 'route-path-unknown', 'could not read the route path statically; the route is skipped');
            continue;
          }
          for (const base of bases) {
            for (const end of ends) {
              const local = joinPaths(base, end);
              const excluded = global?.exclude.some((x) => x.path === local && (x.method === 'ALL' || x.method === route.method));
              const path = global && !excluded ? joinPaths(global.prefix, local) : local;
              routes.push({ method: route.method, path, framework: 'nestjs', module, line: route.line, handler: route.handler });
            }
          }
        }
      }
    }
    return { routes: sortRoutes(routes) };
  },
};

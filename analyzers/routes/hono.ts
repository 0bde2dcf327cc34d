/**
 * Hono: `new Hono()` apps, verb registrations (`app.get(path, ...handlers)`, `app.all`,
 * `app.on(method | methods, path | paths, ...handlers)`), chains (`new Hono().get(..).post(..)`),
 * `basePath()`, and sub-apps mounted with `app.route('/x', sub)` across files. `app.use` is
 * middleware, not a route.
 *
 * What each call does, from Hono's source (src/hono-base.ts, v4):
 * - every verb, `on`, `use`, `route`, `mount`, `notFound` and `onError` returns the app itself;
 * - `basePath(p)` returns a clone that shares the app's router and route list and prefixes what
 *   is registered through it: a basePath view is the same app, so mounting any view mounts every
 *   route of the app, each under the base it was registered through;
 * - `route(path, sub)` copies the sub-app's routes (their paths already carry the sub-app's own
 *   base) under `path`, through the receiver's base;
 * - a verb called without a path string (`app.get('/a', h).post(h2)`) registers at the path the
 *   app last set; only read inside one chain (elsewhere that is run-time state).
 * An app may also come from a function of the repository that returns one (`const app =
 * createApp()` with `createApp = () => new Hono<Env>()` in another module): link keeps it when
 * the function turns out to return a Hono app.
 * Paths, bases and mount paths are recorded as written and read at link time (a constant of
 * another module, an argument the caller passes); what cannot be read stays an `{unknown:NAME}`
 * part with a diagnostic. A basePath() view is recorded as an instance aliasing the app with the
 * base as its own prefix: registrations and mounts go through it, while names and mounts of the
 * view denote the whole app.
 * Paths are written as served: `:id{[0-9]+}` (a param constrained by a regex, src/utils/url.ts
 * `getPattern`) and the optional `:id?` are both `:id`.
 * A function parameter receives an app only when typed with Hono's class (handlers take an untyped
 * `c` whose `c.get('key')` is no registration). Not read: `@hono/zod-openapi`'s `app.openapi(route,
 * handler)` and `app.mount(path, fetchHandler)` of non-Hono apps.
 */
import ts from '../../src/shared/typescript.cjs';
import type { RouteFact } from '../../src/shared/facts.js';
import { walkAst } from '../../src/shared/ast-walk.js';
import type { Analyzer } from '../types.js';
import { findDeclaration, foldChain, handlerName, importsOf, isInlineFunction, lineOf, looksLikePath, unwrap } from './route-ast.js';
import { sortRoutes } from './route-facts.js';
import { pathExpr, type PathExpr } from './route-path.js';
import { RouterCollector, type Creation, type FrameworkShape } from './router-collect.js';
import { composeRoutes, type RouterLocal, type ValueRef } from './router-graph.js';

/**
 * Hono's presets all export the same `Hono` class (https://hono.dev/docs/api/presets); `@hono/hono`
 * is its JSR name (https://jsr.io/@hono/hono), installed as an npm alias of that name.
 */
const HONO_MODULES = new Set(['hono', 'hono/tiny', 'hono/quick', '@hono/hono', '@hono/hono/tiny', '@hono/hono/quick']);
/** `app.head` is not a registration (HEAD is answered by `get`). */
const VERBS = new Set(['get', 'post', 'put', 'delete', 'options', 'patch', 'all']);
/** Calls that return the app they are called on. */
const RETURNS_SELF = new Set([...VERBS, 'on', 'use', 'route', 'mount', 'notFound', 'onError']);
/** Calls whose result serves the routes of the app they are called on: those, and its basePath views. */
const SAME_APP = new Set([...RETURNS_SELF, 'basePath']);
/** A call with a literal path, as route files of a repo-made app write them (`app.get('/x', ...)`). */
const REGISTRATION_TEXT = /\.\s*(?:get|post|put|delete|options|patch|all|on|route)\s*\(\s*['"`]/;

interface HonoShape extends FrameworkShape {
  /** What a chain's first expression makes: `new Hono()`, `createFactory().createApp()`, `createApp()` */
  appRoot(expr: ts.Expression): Creation | undefined;
}

function honoShape(sf: ts.SourceFile): HonoShape | undefined {
  const classes = new Set<string>();
  const factories = new Set<string>();
  let importsHono = false;
  const imports = importsOf(sf);
  for (const [local, source] of imports) {
    if (!isHonoModule(source.specifier)) continue;
    importsHono = true;
    if (HONO_MODULES.has(source.specifier) && source.name === 'Hono') classes.add(local);
    // https://hono.dev/docs/helpers/factory#factory-createapp
    if (/^(?:@hono\/)?hono\/factory$/.test(source.specifier) && source.name === 'createFactory') factories.add(local);
  }
  // A file may register routes on an app it receives, imports or gets from the repo's own factory.
  if (!importsHono && !REGISTRATION_TEXT.test(sf.text)) return undefined;

  const isFactory = (expr: ts.Expression, depth: number): boolean => {
    const e = unwrap(expr);
    if (ts.isCallExpression(e)) return ts.isIdentifier(e.expression) && factories.has(e.expression.text);
    if (!ts.isIdentifier(e) || depth > 4) return false;
    const decl = findDeclaration(e);
    return decl !== undefined && ts.isVariableDeclaration(decl) && decl.initializer !== undefined && isFactory(decl.initializer, depth + 1);
  };
  const created = new Map<ts.Node, Creation | null>();
  const appRoot = (expr: ts.Expression): Creation | undefined => {
    const e = unwrap(expr);
    if (ts.isNewExpression(e)) return ts.isIdentifier(e.expression) && classes.has(e.expression.text) ? { kind: 'app' } : undefined;
    if (!ts.isCallExpression(e)) return undefined;
    const callee = unwrap(e.expression);
    if (ts.isPropertyAccessExpression(callee)) return callee.name.text === 'createApp' && isFactory(callee.expression, 0) ? { kind: 'app' } : undefined;
    if (!ts.isIdentifier(callee) || factories.has(callee.text)) return undefined;
    // `createApp()`: a function of this module or an imported one; link decides whether it makes an app
    const decl = findDeclaration(callee);
    const local =
      decl !== undefined &&
      (ts.isFunctionDeclaration(decl) || (ts.isVariableDeclaration(decl) && decl.initializer !== undefined && isInlineFunction(decl.initializer)));
    const imported = decl !== undefined && (ts.isImportClause(decl) || ts.isImportSpecifier(decl)) && !isHonoModule(imports.get(callee.text)?.specifier);
    return local || imported ? { kind: 'app', madeBy: callee } : undefined;
  };
  const sameInstance = (expr: ts.Expression): ts.Expression | undefined => {
    const e = unwrap(expr);
    if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return undefined;
    const method = e.expression.name.text;
    return SAME_APP.has(method) ? e.expression.expression : undefined;
  };
  const typed = (param: ts.ParameterDeclaration): boolean => param.type !== undefined && /^(?:\w+\.)?Hono\b/.test(param.type.getText());
  return {
    appRoot,
    sameInstance,
    creation(expr) {
      // `new Hono().basePath('/api').get(...)` is the app the chain starts with: down the chain in
      // a loop (it may be thousands of calls long), remembered for every link passed
      const passed: ts.Expression[] = [];
      let e: ts.Expression | undefined = unwrap(expr);
      let found: Creation | null = null;
      while (e) {
        const known = created.get(e);
        if (known !== undefined) {
          found = known;
          break;
        }
        passed.push(e);
        const root = appRoot(e);
        if (root) {
          found = root;
          break;
        }
        const receiver = sameInstance(e);
        e = receiver && unwrap(receiver);
      }
      for (const p of passed) created.set(p, found);
      return found ?? undefined;
    },
    // `const api = app.basePath('/api')` names the app: mounting any view mounts the whole app
    chainable: SAME_APP,
    acceptsParam: typed,
    typedParam: typed,
    typedType: (type) => /^(?:\w+\.)?Hono\b/.test(type.getText()),
  };
}

/**
 * An app as a registration sees it: the app's instance (what mounting it mounts), and the
 * instance registrations go through, a basePath view of the app whose prefix link reads (the
 * app's instance itself when no basePath() is in the way).
 */
interface View {
  instance: string;
  through: string;
  /**
   * imported from another module, or made by a function call: whether it is a Hono app at all is
   * known at link time only, so what it cannot read here is no diagnostic
   */
  uncertain: boolean;
}

/** Literal text of a path argument (a basePath, or the methods of `on`), when it is written as one. */
function literalTexts(expr: ts.Expression): string[] | undefined {
  const p = pathExpr(expr);
  return 'texts' in p ? p.texts : undefined;
}

class HonoFile {
  private readonly views = new Map<ts.Node, View | null>();

  constructor(
    private readonly c: RouterCollector,
    private readonly shape: HonoShape,
  ) {}

  run(): RouterLocal | undefined {
    // `export const createApp = () => new Hono<Env>()`: the app a factory returns, before anything asks for it
    const based = new Set<string>();
    for (const { fn, returned } of returnedExpressions(this.c.sourceFile)) {
      if (!this.shape.creation(returned) && !ts.isIdentifier(unwrap(returned))) continue;
      const view = this.view(returned);
      if (!view || view.through === view.instance) continue;
      // Each call makes a new app whose registrations go through that base. Not modelled: the apps
      // it makes are left out, with this diagnostic, rather than reported without their base.
      based.add(this.c.ensureFunction(fn).id);
      this.c.skipped(returned, 'this function returns an app through basePath(); routes registered on the apps it makes are skipped');
    }
    const local = this.c.walkCalls(
      (call, callee) => this.call(call, callee),
      // `registerRoutes(api)` with `api = app.basePath('/api')`: what it registers goes under the base
      (arg, instance) => {
        const view = this.view(arg);
        return view?.instance === instance ? view.through : undefined;
      },
    );
    for (const fn of local?.functions ?? []) if (based.has(fn.id)) delete fn.returns;
    return local;
  }

  private call(call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    const method = callee.name.text;
    if (VERBS.has(method)) this.verb(call, callee, method);
    else if (method === 'on') this.on(call, callee);
    else if (method === 'route') this.route(call, callee);
  }

  // -------------------------------------------------------------------------------------------
  // Registrations

  private verb(call: ts.CallExpression, callee: ts.PropertyAccessExpression, method: string): void {
    const args = call.arguments;
    const first = args[0];
    if (!first) return;
    const view = this.view(callee.expression);
    if (!view) return;
    let path: PathExpr;
    if (this.isPath(first, args.length)) {
      // `app.get('/x')` only sets the path
      if (args.length < 2) return;
      path = pathExpr(first);
    } else {
      const current = this.currentPath(callee.expression);
      if (!current) return;
      path = current;
    }
    this.c.addRoutePaths(view.through, method, path, callee.name, handlerName(args[args.length - 1]));
  }

  /** `app.on('PURGE', '/cache', h)`, `app.on(['PUT', 'DELETE'], ['/a', '/b'], h)` */
  private on(call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    const [methodsArg, pathArg, ...handlers] = call.arguments;
    // `emitter.on('event', listener)` has no path
    if (!methodsArg || !pathArg || handlers.length === 0 || isInlineFunction(pathArg)) return;
    const view = this.view(callee.expression);
    if (!view) return;
    const methods = literalTexts(methodsArg);
    if (!methods || methods.some((m) => !/^[A-Za-z]+$/.test(m))) {
      if (!view.uncertain) this.c.skipped(callee.name, `could not read the methods of this on() call statically (line ${lineOf(methodsArg)}); the route is skipped`);
      return;
    }
    const handler = handlerName(handlers[handlers.length - 1]);
    const paths = pathExpr(pathArg);
    for (const m of methods) this.c.addRoutePaths(view.through, m, paths, callee.name, handler);
  }

  /** `app.route('/users', users)`: the sub-app's routes under the path, through the receiver's base. */
  private route(call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    const [pathArg, sub] = call.arguments;
    if (!pathArg || !sub) return;
    const view = this.view(callee.expression);
    if (!view) return;
    const target = this.mountTarget(sub);
    if (!target) return;
    this.c.mount(view.through, pathExpr(pathArg), target.ref, target.via, callee.name);
  }

  /** A sub-app: a name (local, imported, `ns.users`), an inline `new Hono()...` chain, or a call of a function that returns one. */
  private mountTarget(arg: ts.Expression): { ref: ValueRef; via: 'value' | 'call' } | undefined {
    const e = unwrap(arg);
    if (ts.isCallExpression(e) && ts.isIdentifier(unwrap(e.expression))) {
      const callee = unwrap(e.expression) as ts.Identifier;
      const fn = this.c.localFunction(callee);
      if (fn) return { ref: { local: this.c.ensureFunction(fn).id }, via: 'call' };
      const decl = findDeclaration(callee);
      return decl && (ts.isImportClause(decl) || ts.isImportSpecifier(decl)) ? { ref: { binding: callee.text }, via: 'call' } : undefined;
    }
    if (ts.isCallExpression(e) || ts.isNewExpression(e)) {
      // an inline app: `new Hono().get(...)`, `createApp().get(...)`
      const view = this.shape.creation(e) ? this.view(e) : undefined;
      return view && { ref: { local: view.instance }, via: 'value' };
    }
    const ref = this.c.valueRef(e);
    return ref && { ref, via: 'value' };
  }

  // -------------------------------------------------------------------------------------------
  // Apps and paths

  /**
   * Hono compares `typeof arg === 'string'`: a string-like expression or a readable constant is a
   * path; an inline or local function, a call (`zValidator(...)`) or a spread is a handler. An
   * imported name is a path when handlers follow it, else a handler.
   */
  private isPath(arg: ts.Expression, argumentCount: number): boolean {
    const e = unwrap(arg);
    if (looksLikePath(e)) return true;
    if (isInlineFunction(e) || ts.isCallExpression(e) || ts.isSpreadElement(e) || ts.isObjectLiteralExpression(e) || this.c.localFunction(e)) return false;
    if ('texts' in pathExpr(e)) return true;
    return argumentCount >= 2;
  }

  /** The path the app last set in this chain (`app.get('/a', h).post(h2)`); a new app starts at `/`. */
  private currentPath(expr: ts.Expression): PathExpr | undefined {
    // down the chain in a loop: it may be thousands of calls long
    for (let e = unwrap(expr); ; ) {
      if (this.shape.appRoot(e)) return { texts: ['/'] };
      if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return undefined;
      const method = e.expression.name.text;
      const [first, second] = e.arguments;
      if (method === 'basePath') return { texts: ['/'] };
      if ((VERBS.has(method) || method === 'use') && first && this.isPath(first, e.arguments.length)) return pathExpr(first);
      if (method === 'on') return second && looksLikePath(second) && !ts.isArrayLiteralExpression(unwrap(second)) ? pathExpr(second) : undefined;
      if (!RETURNS_SELF.has(method)) return undefined;
      e = unwrap(e.expression.expression);
    }
  }

  /**
   * The app (and basePath view of it) an expression is. Method chains are folded in a loop with a
   * memo per link (a chain may be thousands of calls long, and each of its calls asks); `hops`
   * counts the variables followed (`const a = b`), which may form a cycle.
   */
  private view(expr: ts.Expression, hops = 0): View | undefined {
    return foldChain<View>(
      expr,
      this.views,
      (start) => this.startView(start, hops),
      (call, inner) => {
        if (call.expression.name.text !== 'basePath') return inner;
        // a view of the view it is called on, with the base read at link time
        const arg = call.arguments[0];
        return arg ? { ...inner, through: this.c.ensureView(call.expression.name, inner.through, arg) } : undefined;
      },
      { passes: (call) => call.expression.name.text === 'basePath' || RETURNS_SELF.has(call.expression.name.text), isStart: (e) => this.shape.appRoot(e) !== undefined },
    );
  }

  /** The view at the start of a chain: a new app, or a name for one. */
  private startView(e: ts.Expression, hops: number): View | undefined {
    const known = this.views.get(e);
    if (known !== undefined) return known ?? undefined;
    const view = hops > 64 ? undefined : this.computeStartView(e, hops);
    this.views.set(e, view ?? null);
    return view;
  }

  private computeStartView(e: ts.Expression, hops: number): View | undefined {
    const root = this.shape.appRoot(e);
    if (root) {
      const instance = this.newAppInstance(e, root);
      return instance === undefined ? undefined : { instance, through: instance, uncertain: root.madeBy !== undefined };
    }
    if (ts.isIdentifier(e)) {
      const decl = findDeclaration(e);
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer) {
        // `const app = new Hono().basePath('/v1')`, `const api = app.basePath('/api')`, `const a = app`
        const init = unwrap(decl.initializer);
        if (this.shape.creation(init) || this.shape.sameInstance?.(init) || (ts.isIdentifier(init) && init.text !== e.text)) return this.view(init, hops + 1);
      }
      const instance = this.c.instanceOf(e, 'receiver');
      const imported = decl !== undefined && (ts.isImportClause(decl) || ts.isImportSpecifier(decl));
      return instance === undefined ? undefined : { instance, through: instance, uncertain: imported };
    }
    const instance = this.c.instanceOf(e, 'receiver');
    return instance === undefined ? undefined : { instance, through: instance, uncertain: false };
  }

  /**
   * The instance a new app is: the variable its chain is bound to (`const app = new Hono().get(...)`),
   * the default export (`export default new Hono().get(...)`), else the chain itself
   * (`app.route('/x', new Hono().get(...))`, `return new Hono().get(...)`).
   */
  private newAppInstance(root: ts.Expression, creation: Creation): string | undefined {
    let top: ts.Expression = root;
    for (;;) {
      const outer = outerExpression(top);
      const access = outer.parent;
      if (!access || !ts.isPropertyAccessExpression(access) || access.expression !== outer) break;
      const call = access.parent;
      if (!call || !ts.isCallExpression(call) || call.expression !== access) break;
      if (!SAME_APP.has(access.name.text)) break;
      top = call;
    }
    const holder = outerExpression(top).parent;
    if (holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return this.c.instanceOf(holder.name);
    if (holder && ts.isExportAssignment(holder)) return this.c.ensureInstance(holder, creation, ['default']);
    return this.c.ensureInstance(top, creation, []);
  }
}

/** What the module-level functions of a file return (`return x`, an arrow's expression body), outside nested functions. */
function returnedExpressions(sf: ts.SourceFile): { fn: ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression; returned: ts.Expression }[] {
  const out: { fn: ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression; returned: ts.Expression }[] = [];
  const bodyOf = (fn: ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression): void => {
    if (!fn.body) return;
    if (!ts.isBlock(fn.body)) {
      out.push({ fn, returned: fn.body });
      return;
    }
    walkAst(fn.body, (node) => {
      if (node === fn.body) return true;
      if (ts.isFunctionLike(node) || ts.isClassLike(node)) return false;
      if (ts.isReturnStatement(node) && node.expression) {
        out.push({ fn, returned: node.expression });
        return false;
      }
      return true;
    });
  };
  for (const statement of sf.statements) {
    if (ts.isFunctionDeclaration(statement)) bodyOf(statement);
    else if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        const init = decl.initializer && unwrap(decl.initializer);
        if (init && isInlineFunction(init)) bodyOf(init);
      }
    } else if (ts.isExportAssignment(statement) && isInlineFunction(unwrap(statement.expression))) {
      bodyOf(unwrap(statement.expression) as ts.ArrowFunction | ts.FunctionExpression);
    }
  }
  return out;
}

/** Hono's own modules (`hono/factory`'s `createMiddleware()` makes no app), `@hono/*` middleware included. */
function isHonoModule(specifier: string | undefined): boolean {
  return specifier !== undefined && /^(?:hono|@hono\/[^/]+)(?:\/|$)/.test(specifier);
}

/** `expr` with the parentheses, `await`, `as` and `!` written around it. */
function outerExpression(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (
    e.parent &&
    (ts.isParenthesizedExpression(e.parent) ||
      ts.isAsExpression(e.parent) ||
      ts.isSatisfiesExpression(e.parent) ||
      ts.isNonNullExpression(e.parent) ||
      ts.isAwaitExpression(e.parent))
  ) {
    e = e.parent;
  }
  return e;
}

/** `:id{[0-9]+}` and `:id?` as served: `:id` (the regex may nest braces: `{[0-9]{3}}`). */
export function servedHonoPath(path: string): string {
  let out = '';
  let i = 0;
  while (i < path.length) {
    if (path[i] !== ':' || (i > 0 && path[i - 1] !== '/')) {
      out += path[i++];
      continue;
    }
    let j = i + 1;
    while (j < path.length && !'/{?'.includes(path[j]!)) j++;
    out += path.slice(i, j);
    if (path[j] === '{') {
      for (let open = 0; j < path.length; j++) {
        if (path[j] === '{') open++;
        else if (path[j] === '}' && --open === 0) {
          j++;
          break;
        }
      }
    }
    if (path[j] === '?') j++;
    i = j;
  }
  return out;
}

export const honoAnalyzer: Analyzer<RouterLocal> = {
  name: 'hono',
  enablers: ['hono', '@hono/hono'],
  concern: 'routes',
  accepts: (text) => text.includes('hono') || REGISTRATION_TEXT.test(text),
  collect({ sourceFile }) {
    const shape = honoShape(sourceFile);
    return shape && new HonoFile(new RouterCollector(sourceFile, shape), shape).run();
  },
  link(ctx, locals) {
    const routes: RouteFact[] = composeRoutes(ctx, locals, 'hono').map((r) => ({ ...r, path: servedHonoPath(r.path) }));
    return { routes: sortRoutes(routes) };
  },
};

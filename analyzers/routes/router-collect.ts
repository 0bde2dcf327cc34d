/**
 * Per-file bookkeeping shared by the Express, Koa, Fastify and Hono analyzers: which expressions
 * denote a router instance (a variable initialised by the framework's factory, a class member, or
 * a function parameter that receives one), which functions return or receive instances, what the
 * file exports them as, and the route registrations and mounts found on them. The framework
 * analyzers decide what a call means; this class turns it into `RouterLocal` plain data.
 */
import ts from '../../src/shared/typescript.cjs';
import { walkAst } from '../../src/shared/ast-walk.js';
import {
  enclosingClass,
  findDeclaration,
  handlerName,
  importOf,
  isConstDeclaration,
  isInlineFunction,
  isNotFoundFallback,
  lineOf,
  propertyChain,
  requiredSpecifier,
  testOnlyCondition,
  unwrap,
} from './route-ast.js';
import type { LocalDiagnostic } from './route-facts.js';
import { deferred, NO_PATH, pathExpr, type PathExpr } from './route-path.js';
import type {
  JoinMode,
  KeyedMount,
  Loop,
  Mount,
  MountVia,
  RouteRegistration,
  RouterFunction,
  RouterInstance,
  RouterLocal,
  RegistryEntry,
  ValueRef,
} from './router-graph.js';

/**
 * A keyed-registry entry in a file's text: a property whose value is a member of a named
 * constant (`type: Hook.API`). The frameworks' `accepts` let such files through, so that
 * `Registry.add({ type: Hook.API, value: router })` is seen where the router is not created.
 * Anchored on the name's last character rather than `\b\w+`, which the engine tries at every
 * word start of every file: the same files match (a name ends where a word ends), three times
 * faster over gauzy's 3,100 files.
 */
export const REGISTRY_ENTRY = /\w\s*:\s*[A-Z]\w*\.\w+\s*[,}\n]/;

/**
 * The shape for a file the framework does not appear in but that may place routers into a keyed
 * registry: it creates, receives and registers nothing, so only its registrations are kept.
 */
const REGISTRATIONS_ONLY: FrameworkShape = {
  creation: () => undefined,
  acceptsParam: () => false,
  typedParam: () => false,
  typedType: () => false,
};

export interface Creation {
  kind: 'app' | 'router';
  /** the expression of an own prefix (`new Router({ prefix: '/x' })`) */
  prefix?: ts.Expression;
  /**
   * `createApp()`: a call of a local or imported function that may return an instance; the
   * instance counts only if link finds that the function does (`RouterInstance.madeBy`).
   */
  madeBy?: ts.Identifier;
}

export interface FrameworkShape {
  /** Is this expression a call that creates an instance (`express()`, `Router()`, `new Router()`)? */
  creation(expr: ts.Expression): Creation | undefined;
  /** May this parameter receive an instance? Usually: untyped, or typed with the framework's types. */
  acceptsParam(param: ts.ParameterDeclaration): boolean;
  /** Like acceptsParam, for parameters merely passed along (`registerRoutes(app)`): typed ones only. */
  typedParam(param: ts.ParameterDeclaration): boolean;
  /** Is this type one of the framework's instance types (`Router`, `express.Application`)? */
  typedType(type: ts.TypeNode): boolean;
  /**
   * A parameter type naming a class of another module (`app: AppKoa`): the parameter receives an
   * instance only if link finds that the class makes one (`RouterInstance.madeBy`).
   */
  madeByType?(type: ts.TypeNode): ts.Identifier | undefined;
  /** `fp(plugin)`: a wrapper whose result runs in the parent's scope (Fastify); returns the wrapped function. */
  scopeSharingWrapper?(expr: ts.Expression): ts.Expression | undefined;
  /** Methods that return their receiver (`router.use(a).use(b)`), so a chain still denotes the instance. */
  chainable?: ReadonlySet<string>;
  /**
   * A call that returns the instance it is called on, or a view that shares its routes (Hono's
   * `app.get(...)` and `app.basePath('/x')`): returns that receiver. A variable bound to such a
   * call is another name of the receiver's instance (`const api = app.basePath('/api')`).
   */
  sameInstance?(expr: ts.Expression): ts.Expression | undefined;
}

/** The instance a passed argument registers through, given the instance it denotes (a view of it, or itself). */
export type PassedThrough = (arg: ts.Expression, instance: string) => string | undefined;

type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

function isFunctionNode(node: ts.Node): node is FunctionNode {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node);
}

const isTopLevel = (statement: ts.Node): boolean => ts.isSourceFile(statement.parent);

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

export class RouterCollector {
  private readonly instances = new Map<ts.Node, RouterInstance>();
  private readonly functions = new Map<ts.Node, RouterFunction>();
  private readonly routes: RouteRegistration[] = [];
  private readonly mounts: Mount[] = [];
  private readonly registrations: RegistryEntry[] = [];
  private readonly keyedMounts: KeyedMount[] = [];
  private readonly diagnostics: LocalDiagnostic[] = [];
  /** functions as exported through a scope-sharing wrapper (`export default fp(plugin)`) */
  private readonly wrappers: RouterFunction[] = [];
  private readonly untypedParams = new Set<string>();

  constructor(
    readonly sourceFile: ts.SourceFile,
    private readonly shape: FrameworkShape,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Instances

  /**
   * The instance an expression denotes, if any: a variable created by the framework (or an alias
   * of one), `this.router` on a class member, or a parameter. As the receiver of a registration,
   * an imported name counts too (the routes join the instance it resolves to at link time); as
   * an argument merely `passed` along, only parameters typed with the framework's types count.
   */
  instanceOf(expr: ts.Expression, use: 'value' | 'receiver' | 'passed' = 'value', depth = 0): string | undefined {
    const e = unwrap(expr);
    if (depth > 8) return undefined;
    const created = this.shape.creation(e);
    // an instance used where it is created: `export default Router().use('/api', api)`
    if (created) return this.ensureInstance(e, created, []);
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && this.shape.chainable?.has(e.expression.name.text)) {
      return this.instanceOf(e.expression.expression, use, depth + 1);
    }
    if (ts.isIdentifier(e)) {
      const decl = findDeclaration(e);
      if (!decl) return undefined;
      if (use === 'receiver' && (ts.isImportClause(decl) || ts.isImportSpecifier(decl))) {
        // routes registered on a router another module created: `import { router } from './router'`
        const existing = this.instances.get(decl);
        if (existing) return existing.id;
        const alias: RouterInstance = { id: `i${decl.getStart()}`, kind: 'alias', line: lineOf(decl), names: [], aliasOf: { binding: e.text } };
        this.instances.set(decl, alias);
        return alias.id;
      }
      if (ts.isVariableDeclaration(decl) && decl.initializer) {
        const creation = this.shape.creation(decl.initializer);
        if (creation) return this.ensureInstance(decl, creation, this.variableNames(decl));
        const init = unwrap(decl.initializer);
        if ((ts.isIdentifier(init) && init.text !== e.text) || ts.isPropertyAccessExpression(init)) return this.instanceOf(init, use, depth + 1);
        // `const api = Router().use(a).use(b)`: the chain's instance, known by the variable's name too
        if (ts.isCallExpression(init)) {
          const chained = this.instanceOf(init, use, depth + 1);
          const instance = this.instanceById(chained);
          if (instance) for (const name of this.variableNames(decl)) if (!instance.names.includes(name)) instance.names.push(name);
          return chained;
        }
        return undefined;
      }
      if (ts.isParameter(decl)) {
        if (this.instances.has(decl)) return this.instances.get(decl)!.id;
        const ok = use === 'passed' ? this.shape.typedParam(decl) : this.shape.acceptsParam(decl);
        if (ok) return this.ensureParamInstance(decl);
        const madeBy = decl.type && this.shape.madeByType?.(decl.type);
        return madeBy ? this.ensureParamInstance(decl, undefined, madeBy) : undefined;
      }
      // `function load({ app }: { app: Express })`
      if (ts.isBindingElement(decl) && ts.isObjectBindingPattern(decl.parent) && ts.isParameter(decl.parent.parent) && ts.isIdentifier(decl.name)) {
        if (this.instances.has(decl)) return this.instances.get(decl)!.id;
        const param = decl.parent.parent;
        const member = param.type && ts.isTypeLiteralNode(param.type) ? param.type.members.find((m) => m.name?.getText() === (decl.propertyName ?? decl.name).getText()) : undefined;
        const typed = member && ts.isPropertySignature(member) && member.type ? this.shape.typedType(member.type) : param.type === undefined;
        const ok = use === 'passed' ? typed && param.type !== undefined : typed;
        return ok ? this.ensureParamInstance(param, decl) : undefined;
      }
      return undefined;
    }
    if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = enclosingClass(e);
      return cls ? this.classMemberInstance(cls, e.name.text) : undefined;
    }
    return undefined;
  }

  /** The instance created at `node` (a declaration, or the expression itself when nothing names it). */
  ensureInstance(node: ts.Node, creation: Creation, names: string[]): string {
    const existing = this.instances.get(node);
    if (existing) return existing.id;
    const instance: RouterInstance = { id: `i${node.getStart()}`, kind: creation.kind, line: lineOf(node), names };
    const madeBy = creation.madeBy && this.calleeRef(creation.madeBy);
    if (madeBy) instance.madeBy = madeBy;
    if (creation.prefix) instance.prefix = pathExpr(creation.prefix);
    this.instances.set(node, instance);
    return instance.id;
  }

  /**
   * A view of instance `owner` that serves the owner's routes and prefixes what is registered
   * through it (Hono's `app.basePath('/api')`): an alias of the owner with a prefix of its own,
   * read at link time. `at` is a node of the call that makes the view, its key in this file.
   */
  ensureView(at: ts.Node, owner: string, prefix: ts.Expression): string {
    const existing = this.instances.get(at);
    if (existing) return existing.id;
    const view: RouterInstance = { id: `v${at.getStart()}`, kind: 'alias', line: lineOf(at), names: [], aliasOf: { local: owner }, prefix: pathExpr(prefix) };
    this.instances.set(at, view);
    return view.id;
  }

  /** A parameter (or one destructured property of it) that receives an instance. */
  private ensureParamInstance(param: ts.ParameterDeclaration, element?: ts.BindingElement, madeBy?: ts.Identifier): string {
    const node = element ?? param;
    const instance: RouterInstance = { id: `i${node.getStart()}`, kind: 'param', line: lineOf(node), names: [] };
    const madeByRef = madeBy && this.calleeRef(madeBy);
    if (madeByRef) instance.madeBy = madeByRef;
    if (param.type === undefined) this.untypedParams.add(instance.id);
    this.instances.set(node, instance);
    const fn = param.parent;
    if (isFunctionNode(fn)) {
      const entry: RouterFunction['params'][number] = { index: fn.parameters.indexOf(param), instance: instance.id };
      if (element) entry.property = (element.propertyName ?? element.name).getText();
      this.ensureFunction(fn).params.push(entry);
    }
    return instance.id;
  }

  /** `router = Router()` as a class property, or `this.router = Router()` in the constructor. */
  private classMemberInstance(cls: ts.ClassLikeDeclaration, prop: string): string | undefined {
    const className = cls.name?.text ?? 'default';
    const names = [`${className}.${prop}`];
    if (hasModifier(cls, ts.SyntaxKind.DefaultKeyword)) names.push(`default.${prop}`);
    for (const member of cls.members) {
      if (ts.isPropertyDeclaration(member) && member.name.getText() === prop && member.initializer) {
        const creation = this.shape.creation(member.initializer);
        if (creation) return this.ensureInstance(member, creation, names);
      }
      if (ts.isConstructorDeclaration(member) && member.body) {
        for (const statement of member.body.statements) {
          if (!ts.isExpressionStatement(statement)) continue;
          const assign = statement.expression;
          if (!ts.isBinaryExpression(assign) || assign.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
          const target = propertyChain(assign.left);
          const creation = this.shape.creation(assign.right);
          if (target?.length === 2 && target[0] === 'this' && target[1] === prop && creation) {
            return this.ensureInstance(assign, creation, names);
          }
        }
      }
    }
    return undefined;
  }

  /**
   * `class AppRouter extends Router {}`: the class makes an instance, as a factory function
   * returns one, so `new AppRouter()` elsewhere (made by the class) is a router.
   */
  addSubclass(cls: ts.ClassDeclaration, creation: Creation): void {
    if (!cls.name) return;
    const instance = this.ensureInstance(cls, creation, []);
    const names = [cls.name.text];
    if (hasModifier(cls, ts.SyntaxKind.DefaultKeyword)) names.push('default');
    this.functions.set(cls, { id: `f${cls.getStart()}`, names, params: [], returns: instance });
  }

  private instanceById(id: string | undefined): RouterInstance | undefined {
    return id === undefined ? undefined : [...this.instances.values()].find((i) => i.id === id);
  }

  /** Set an instance's own prefix (Koa `router.prefix('/x')`); the last call wins, as at run time. */
  setPrefix(instance: string, expr: ts.Expression): void {
    const target = this.instanceById(instance);
    if (target) target.prefix = pathExpr(expr);
  }

  private variableNames(decl: ts.VariableDeclaration): string[] {
    const statement = decl.parent.parent;
    return ts.isVariableStatement(statement) && isTopLevel(statement) && ts.isIdentifier(decl.name) ? [decl.name.text] : [];
  }

  // -------------------------------------------------------------------------------------------
  // Functions

  ensureFunction(fn: FunctionNode): RouterFunction {
    let record = this.functions.get(fn);
    if (!record) {
      record = { id: `f${fn.getStart()}`, names: [], params: [], at: [fn.getStart(), fn.end] };
      this.functions.set(fn, record);
    }
    return record;
  }

  /** A function declared in this file that `expr` names (or is). */
  localFunction(expr: ts.Expression): FunctionNode | undefined {
    const e = unwrap(expr);
    if (isFunctionNode(e)) return e;
    if (!ts.isIdentifier(e)) return undefined;
    const decl = findDeclaration(e);
    if (decl && ts.isFunctionDeclaration(decl)) return decl;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) {
      const init = unwrap(decl.initializer);
      if (isInlineFunction(init)) return init;
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // References to mounted things

  /**
   * What a mounted expression refers to: a local instance or function, an imported name, a
   * namespace member, `require('./x')` or `import('./x')`.
   */
  valueRef(expr: ts.Expression): ValueRef | undefined {
    const e = unwrap(expr);
    const instance = this.instanceOf(e);
    if (instance) return { local: instance };
    const fn = this.localFunction(e);
    if (fn) return { local: this.ensureFunction(fn).id };
    const specifier = requiredSpecifier(e) ?? dynamicImportSpecifier(e);
    if (specifier !== undefined) return { specifier, exportName: 'default' };
    const computed = computedRef(e);
    if (computed) return computed;
    if (ts.isIdentifier(e)) {
      const decl = findDeclaration(e);
      if (!decl) return undefined;
      if (ts.isImportClause(decl) || ts.isImportSpecifier(decl)) return { binding: e.text };
      const source = importOf(decl);
      if (source) return { specifier: source.specifier, exportName: source.name === '*' ? 'default' : source.name };
      return undefined;
    }
    if (ts.isPropertyAccessExpression(e)) {
      // `require('./x').default`, `ns.ordersRouter`
      const innerSpecifier = requiredSpecifier(e.expression) ?? dynamicImportSpecifier(e.expression);
      if (innerSpecifier !== undefined) return { specifier: innerSpecifier, exportName: e.name.text };
      const base = unwrap(e.expression);
      if (ts.isIdentifier(base)) {
        const decl = findDeclaration(base);
        if (decl && (ts.isNamespaceImport(decl) || ts.isImportEqualsDeclaration(decl))) {
          const source = importOf(decl);
          if (source) return { specifier: source.specifier, exportName: e.name.text };
        }
      }
      // `new OrdersRoutes().router`, `ordersRoutes.router` with `const ordersRoutes = new OrdersRoutes()`
      const cls = this.classOf(base);
      if (cls) {
        if ('local' in cls) return this.classMemberRef(cls.local, e.name.text);
        return { binding: cls.binding, member: e.name.text };
      }
    }
    return undefined;
  }

  private classOf(expr: ts.Expression): { local: ts.ClassDeclaration } | { binding: string } | undefined {
    let e = unwrap(expr);
    if (ts.isIdentifier(e)) {
      const decl = findDeclaration(e);
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer) e = unwrap(decl.initializer);
    }
    if (!ts.isNewExpression(e) || !ts.isIdentifier(e.expression)) return undefined;
    const decl = findDeclaration(e.expression);
    if (decl && ts.isClassDeclaration(decl)) return { local: decl };
    if (decl && (ts.isImportClause(decl) || ts.isImportSpecifier(decl))) return { binding: e.expression.text };
    return undefined;
  }

  private classMemberRef(cls: ts.ClassDeclaration, prop: string): ValueRef | undefined {
    const id = this.classMemberInstance(cls, prop);
    return id === undefined ? undefined : { local: id };
  }

  // -------------------------------------------------------------------------------------------
  // Registrations

  /**
   * Record a route. On an untyped parameter (which might be anything with a `get(key, ...)`
   * method) only a path that reads as one counts.
   */
  addRoute(instance: string, method: string, path: ts.Expression | undefined, at: ts.Node, handler?: string): void {
    if (path !== undefined && this.untypedParams.has(instance) && !looksLikePathArg(path)) return;
    this.addRoutePaths(instance, method, path === undefined ? NO_PATH : pathExpr(path), at, handler);
  }

  /** A `route-path-unknown` note at `at`: a registration left out, and why. */
  skipped(at: ts.Node, message: string): void {
    this.diagnostics.push({ code: 'route-path-unknown', line: lineOf(at), message });
  }

  addRoutePaths(instance: string, method: string, paths: PathExpr, at: ts.Node, handler?: string): void {
    const testOnly = testOnlyCondition(at);
    if (testOnly !== undefined) {
      this.diagnostics.push({ code: 'route-test-only', line: lineOf(at), message: `registered only when ${testOnly}: a test route, not served in production, left out`, severity: 'info' });
      return;
    }
    let call: ts.Node | undefined = at;
    while (call && !ts.isCallExpression(call)) call = call.parent;
    if (call && 'texts' in paths && isNotFoundFallback(paths.texts, call.arguments[call.arguments.length - 1])) {
      this.diagnostics.push({ code: 'route-fallback', line: lineOf(at), message: `${paths.texts.join(', ')} only answers "not found" for what no route matches: a fallback, not a route, left out`, severity: 'info' });
      return;
    }
    const route: RouteRegistration = { instance, method: method.toUpperCase(), paths, line: lineOf(at) };
    if (handler !== undefined) route.handler = handler;
    const loops = loopsAround(at);
    if (loops.length > 0) route.loops = loops;
    this.routes.push(route);
  }

  /**
   * `router[method](path, ...handlers)`: a verb registration whose method is computed (a route
   * table, a loader's descriptors). The method is read at link time; a registration whose method
   * is not an HTTP verb there is left out.
   */
  private addComputedRoute(call: ts.CallExpression, callee: ts.ElementAccessExpression): void {
    const key = unwrap(callee.argumentExpression);
    if (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key) || call.arguments.length < 2) return;
    const instance = this.instanceOf(callee.expression, 'receiver');
    const path = call.arguments[0]!;
    if (instance === undefined || ts.isSpreadElement(path) || (this.untypedParams.has(instance) && !looksLikePathArg(path) && !ts.isIdentifier(unwrap(path)) && !ts.isPropertyAccessExpression(unwrap(path)))) return;
    const before = this.routes.length;
    this.addRoutePaths(instance, 'ALL', pathExpr(path), call, handlerName(call.arguments[call.arguments.length - 1]));
    if (this.routes.length > before) this.routes[this.routes.length - 1]!.methodAt = deferred(callee.argumentExpression);
  }

  /**
   * Walk the file once: every `x.method(...)` call goes to `onMethodCall`; calls of a plain
   * function with arguments may pass an instance along (`registerRoutes(app)`) and are mounted
   * after the walk, once every instance is known. Returns the file's plain data for link.
   * `passedThrough`: see addPassAlong.
   */
  walkCalls(
    onMethodCall: (call: ts.CallExpression, callee: ts.PropertyAccessExpression) => boolean | void,
    passedThrough?: PassedThrough,
  ): RouterLocal | undefined {
    const passAlong: ts.CallExpression[] = [];
    walkAst(this.sourceFile, (node) => {
      if (ts.isCallExpression(node)) {
        const callee = unwrap(node.expression);
        if (ts.isElementAccessExpression(callee)) this.addComputedRoute(node, callee);
        const handled = ts.isPropertyAccessExpression(callee) ? onMethodCall(node, callee) === true : false;
        if (!handled && ts.isPropertyAccessExpression(callee)) this.addRegistrations(node, callee);
        if (!handled && (ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee)) && node.arguments.length > 0) passAlong.push(node);
      }
    });
    for (const call of passAlong) this.addPassAlong(call, passedThrough);
    return this.finish();
  }

  /**
   * Mount the function a call passes an instance to (`registerRoutes(app, '/api')`,
   * `loaders.default({ app })`), with the call's other arguments for its parameters.
   * `passedThrough` gives the instance an argument registers through when that is a view of
   * its instance (Hono: `registerRoutes(api)` with `api = app.basePath('/api')`).
   */
  addPassAlong(call: ts.CallExpression, passedThrough?: PassedThrough): void {
    const ref = this.calleeRef(unwrap(call.expression));
    if (!ref) return;
    const passed: { index: number; property?: string; instance: string }[] = [];
    call.arguments.forEach((arg, index) => {
      const a = unwrap(arg);
      if (ts.isObjectLiteralExpression(a)) {
        for (const p of a.properties) {
          const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
          const instance = value && (ts.isIdentifier(unwrap(value)) || ts.isPropertyAccessExpression(unwrap(value))) ? this.instanceOf(value, 'passed') : undefined;
          if (value && instance && p.name) passed.push({ index, property: p.name.getText(), instance: passedThrough?.(value, instance) ?? instance });
        }
        return;
      }
      if (!ts.isIdentifier(a) && !ts.isPropertyAccessExpression(a)) return;
      const instance = this.instanceOf(arg, 'passed');
      if (instance) passed.push({ index, instance: passedThrough?.(arg, instance) ?? instance });
    });
    if (passed.length === 0) return;
    const args = this.callArgs(call, new Set(passed.map((p) => p.index)));
    for (const p of passed) {
      this.mount(p.instance, NO_PATH, ref, p.property === undefined ? { param: p.index } : { param: p.index, property: p.property }, call, { args });
    }
  }

  /** The arguments of a call as paths, `null` where an instance (or nothing path-like) goes. */
  callArgs(call: ts.CallExpression, skip: ReadonlySet<number> = new Set()): (PathExpr | null)[] | undefined {
    const args = call.arguments.map((arg, index) => (skip.has(index) || isInlineFunction(arg) || ts.isObjectLiteralExpression(unwrap(arg)) ? null : pathExpr(arg)));
    return args.some((a) => a !== null) ? args : undefined;
  }

  /** What a called function is: local, imported, `ns.fn`, `require('./x').default`. */
  calleeRef(callee: ts.Expression): ValueRef | undefined {
    if (ts.isIdentifier(callee)) {
      if (callee.text === 'require') return undefined;
      const fn = this.localFunction(callee);
      if (fn) return { local: this.ensureFunction(fn).id };
      const decl = findDeclaration(callee);
      if (decl && (ts.isImportClause(decl) || ts.isImportSpecifier(decl))) return { binding: callee.text };
      return undefined;
    }
    if (ts.isPropertyAccessExpression(callee)) return this.valueRef(callee);
    return undefined;
  }

  mount(parent: string, prefix: PathExpr, child: ValueRef, via: MountVia, at: ts.Node, extra: { args?: (PathExpr | null)[] | undefined; prefixUnlessRouter?: ValueRef | undefined; maybePrefix?: boolean; join?: JoinMode } = {}): void {
    const mount: Mount = { parent, prefix, child, via, line: lineOf(at) };
    const testOnly = testOnlyCondition(at);
    if (testOnly !== undefined) {
      mount.testOnly = true;
      this.diagnostics.push({ code: 'route-test-only', line: lineOf(at), message: `mounted only when ${testOnly}: a test router, not served in production, its routes are left out`, severity: 'info' });
    }
    if (extra.args) mount.args = extra.args;
    if (extra.prefixUnlessRouter) mount.prefixUnlessRouter = extra.prefixUnlessRouter;
    if (extra.maybePrefix) mount.maybePrefix = true;
    if (extra.join) mount.join = extra.join;
    const loops = loopsAround(at);
    if (loops.length > 0) mount.loops = loops;
    this.mounts.push(mount);
  }

  // -------------------------------------------------------------------------------------------
  // Keyed registries

  /**
   * `Registry.add({ type: Hook.API, value: router })` (or an array of such entries): a value
   * placed into a registry object under a key, for code elsewhere to take out by that key and
   * mount. Every entry property holding a name (down one nested object: `value: { router }`) is
   * a candidate; link keeps those that turn out to be instances. The entry's keys are its
   * properties whose value is a member of a named constant (`Hook.API`, an enum or `as const`).
   */
  private addRegistrations(call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    const registry = unwrap(callee.expression);
    if (!ts.isIdentifier(registry)) return;
    const entries: ts.ObjectLiteralExpression[] = [];
    for (const arg of call.arguments) {
      const a = unwrap(arg);
      if (ts.isObjectLiteralExpression(a)) entries.push(a);
      else if (ts.isArrayLiteralExpression(a)) for (const el of a.elements) if (ts.isObjectLiteralExpression(unwrap(el))) entries.push(unwrap(el) as ts.ObjectLiteralExpression);
    }
    for (const entry of entries) {
      const keys: PathExpr[] = [];
      const held: { path: string[]; expr: ts.Expression }[] = [];
      for (const p of entry.properties) {
        if (ts.isShorthandPropertyAssignment(p)) held.push({ path: [p.name.text], expr: p.name });
        if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
        const value = unwrap(p.initializer);
        if (ts.isPropertyAccessExpression(value) && ts.isIdentifier(unwrap(value.expression))) keys.push(deferred(value));
        else if (ts.isIdentifier(value)) held.push({ path: [p.name.text], expr: value });
        else if (ts.isObjectLiteralExpression(value)) {
          for (const q of value.properties) {
            if (ts.isShorthandPropertyAssignment(q)) held.push({ path: [p.name.text, q.name.text], expr: q.name });
            else if (ts.isPropertyAssignment(q) && ts.isIdentifier(q.name) && ts.isIdentifier(unwrap(q.initializer))) held.push({ path: [p.name.text, q.name.text], expr: unwrap(q.initializer) });
          }
        }
      }
      if (keys.length === 0) continue;
      for (const { path, expr } of held) {
        const child = this.valueRef(expr);
        if (child) this.registrations.push({ registry: registry.text, keys, path, child, line: lineOf(entry) });
      }
    }
  }

  /**
   * A file the framework does not appear in: only its module-level registrations
   * (`Registry.add(...)` as a statement, also inside top-level `if` blocks), without walking the
   * rest of the tree.
   */
  registrationsOnly(): RouterLocal | undefined {
    const visit = (statements: readonly ts.Statement[]): void => {
      for (const st of statements) {
        if (ts.isIfStatement(st)) {
          for (const branch of [st.thenStatement, st.elseStatement]) if (branch) visit(ts.isBlock(branch) ? branch.statements : [branch]);
        } else if (ts.isBlock(st)) visit(st.statements);
        else if (ts.isExpressionStatement(st)) {
          const call = unwrap(st.expression);
          if (ts.isCallExpression(call) && ts.isPropertyAccessExpression(unwrap(call.expression))) this.addRegistrations(call, unwrap(call.expression) as ts.PropertyAccessExpression);
        }
      }
    };
    visit(this.sourceFile.statements);
    return this.finish();
  }

  /**
   * A mount of what a registry holds: `Registry.get(Hook.API).forEach((h) => router.use('/',
   * h.value.routes()))`, or `for (const p of Helper.providers) { const r = await p.value.router;
   * router.use('/', r.routes()) }`. Returns false when the mounted expression is not an element
   * of an iterated collection.
   */
  keyedMount(parent: string, prefix: PathExpr, target: ts.Expression, at: ts.Node, join?: JoinMode): boolean {
    const found = iteratedSource(target, 0);
    if (!found) return false;
    const mount: KeyedMount = { parent, prefix, source: deferred(found.source), path: found.path, line: lineOf(at) };
    if (join) mount.join = join;
    this.keyedMounts.push(mount);
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Exports and the result

  /** Names, exports and returned instances; then the plain data for link. */
  finish(): RouterLocal | undefined {
    const sf = this.sourceFile;
    const byName = new Map<string, (RouterInstance | RouterFunction)[]>();
    const addName = (entity: RouterInstance | RouterFunction, name: string): void => {
      if (!entity.names.includes(name)) entity.names.push(name);
    };
    const topLevelFunction = (fn: FunctionNode, names: string[]): void => {
      const returns = this.returnedInstance(fn);
      if (returns === undefined && !this.functions.has(fn)) return;
      const record = this.ensureFunction(fn);
      if (returns !== undefined) record.returns = returns;
      for (const name of names) addName(record, name);
    };

    for (const statement of sf.statements) {
      if (ts.isFunctionDeclaration(statement)) {
        const names = statement.name ? [statement.name.text] : [];
        if (hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) names.push('default');
        topLevelFunction(statement, names);
      } else if (ts.isVariableStatement(statement)) {
        for (const decl of statement.declarationList.declarations) {
          if (!ts.isIdentifier(decl.name) || !decl.initializer) continue;
          // A module-level router may only be used by other modules (`import { router }`).
          const creation = this.shape.creation(decl.initializer);
          if (creation) this.ensureInstance(decl, creation, [decl.name.text]);
          const init = unwrap(decl.initializer);
          // another name of an instance: `export const api = app.basePath('/api')` (a view sharing
          // its routes), `let ready = Promise.resolve(router)` (what awaiting it gives)
          const promised = ts.isCallExpression(init) && propertyChain(init.expression)?.join('.') === 'Promise.resolve' ? init.arguments[0] : undefined;
          const same = creation ? undefined : this.shape.sameInstance?.(init) ? decl.name : promised;
          const sameInstance = same && this.instanceById(this.instanceOf(same));
          if (sameInstance) addName(sameInstance, decl.name.text);
          if (isInlineFunction(init)) topLevelFunction(init, [decl.name.text]);
          const wrapped = this.shape.scopeSharingWrapper?.(init);
          const inner = wrapped && this.localFunction(wrapped);
          if (inner) this.scopeSharing(inner, [decl.name.text]);
        }
      } else if (ts.isExportAssignment(statement)) {
        const e = unwrap(statement.expression);
        if (isInlineFunction(e)) topLevelFunction(e, ['default']);
        const wrapped = this.shape.scopeSharingWrapper?.(e);
        const inner = wrapped && this.localFunction(wrapped);
        if (inner) this.scopeSharing(inner, ['default']);
      }
    }

    for (const instance of this.instances.values()) for (const name of instance.names) byName.set(name, [...(byName.get(name) ?? []), instance]);
    for (const fn of this.functions.values()) for (const name of fn.names) byName.set(name, [...(byName.get(name) ?? []), fn]);
    const alias = (local: string, exported: string): void => {
      for (const entity of byName.get(local) ?? []) addName(entity, exported);
    };

    for (const statement of sf.statements) {
      if (ts.isExportAssignment(statement)) {
        const e = unwrap(statement.expression);
        const target = exportedIdentifier(e);
        if (target) alias(target, 'default');
        else {
          // `export default Router().use('/api', api)`
          const instance = this.instanceById(this.instanceOf(e));
          if (instance) addName(instance, 'default');
        }
      } else if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const specifier of statement.exportClause.elements) alias((specifier.propertyName ?? specifier.name).text, specifier.name.text);
      } else if (ts.isExpressionStatement(statement)) {
        const assign = statement.expression;
        if (!ts.isBinaryExpression(assign) || assign.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
        const target = propertyChain(assign.left);
        const right = unwrap(assign.right);
        // `module.exports = async function (fastify) { ... }`
        if (target?.join('.') === 'module.exports' && isInlineFunction(right)) topLevelFunction(right, ['default']);
        const value = exportedIdentifier(right);
        if (!target || value === undefined) continue;
        if (target.join('.') === 'module.exports') alias(value, 'default');
        else if (target.length === 2 && target[0] === 'exports') alias(value, target[1]!);
        else if (target.length === 3 && target[0] === 'module' && target[1] === 'exports') alias(value, target[2]!);
      }
    }

    if (
      this.routes.length === 0 &&
      this.mounts.length === 0 &&
      this.diagnostics.length === 0 &&
      this.functions.size === 0 &&
      this.instances.size === 0 &&
      this.registrations.length === 0
    ) {
      return undefined;
    }
    // ids carry the source position: keep source order
    const position = (id: string): number => Number.parseInt(id.slice(1), 10);
    const byId = (a: { id: string }, b: { id: string }): number => position(a.id) - position(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return {
      instances: [...this.instances.values()].sort(byId),
      routes: this.routes,
      mounts: this.mounts,
      functions: [...this.functions.values(), ...this.wrappers].sort(byId),
      diagnostics: this.diagnostics,
      ...(this.registrations.length > 0 && { registrations: this.registrations }),
      ...(this.keyedMounts.length > 0 && { keyedMounts: this.keyedMounts }),
    };
  }

  /** `export default fp(plugin)`: a second entry for the same parameters, marked scope-sharing. */
  private scopeSharing(fn: FunctionNode, names: string[]): void {
    const record = this.ensureFunction(fn);
    this.wrappers.push({ id: `${record.id}w`, names, params: record.params, sharesScope: true });
  }

  /** `return router` (or an arrow whose body is the instance), outside nested functions. */
  private returnedInstance(fn: FunctionNode): string | undefined {
    if (!fn.body) return undefined;
    if (!ts.isBlock(fn.body)) return this.instanceOf(fn.body);
    let found: string | undefined;
    walkAst(fn.body, (node) => {
      if (found !== undefined || isFunctionNode(node) || ts.isClassLike(node)) return false;
      if (ts.isReturnStatement(node) && node.expression) {
        found = this.instanceOf(node.expression);
        return false;
      }
      return true;
    });
    return found;
  }
}

const ITERATORS = new Set(['forEach', 'map', 'flatMap']);

/** The loop a node opens for what is inside it: the body of a `for…of`, or an array callback (`list.forEach((x) => ...)`). */
function ownLoop(node: ts.Node): Loop | undefined {
  const parent = node.parent;
  if (ts.isForOfStatement(parent) && node === parent.statement && ts.isVariableDeclarationList(parent.initializer) && parent.initializer.declarations.length === 1) {
    const decl = parent.initializer.declarations[0]!;
    return { variable: [decl.getStart(), decl.end], iterable: deferred(parent.expression) };
  }
  return isFunctionNode(node) ? callbackLoop(node) : undefined;
}

function callbackLoop(fn: FunctionNode): Loop | undefined {
  const call = fn.parent;
  const param = fn.parameters[0];
  if (!param || !ts.isCallExpression(call) || call.arguments[0] !== fn || !ts.isPropertyAccessExpression(call.expression) || !ITERATORS.has(call.expression.name.text)) return undefined;
  return { variable: [param.getStart(), param.end], iterable: deferred(call.expression.expression) };
}

/** node -> the loops around it (shared, never changed): a chain of 3,000 calls asks 3,000 times for nearly the same answer */
const loopsMemo = new WeakMap<ts.Node, Loop[]>();

/**
 * The loops around `at` within its function, outermost first: `for (const x of list)` bodies and
 * array callbacks (`list.forEach((x) => ...)`, `map`, `flatMap`), which are followed out to the
 * code that calls them. Any other function ends the search. Each node's answer is kept, so the
 * registrations of a long chain cost one walk up, not one each.
 */
function loopsAround(at: ts.Node): Loop[] {
  const path: ts.Node[] = [];
  let outer: Loop[] = [];
  for (let node: ts.Node = at; ; node = node.parent) {
    const known = loopsMemo.get(node);
    if (known) {
      outer = known;
      break;
    }
    if (!node.parent || ts.isSourceFile(node.parent) || (isFunctionNode(node) && !callbackLoop(node))) break;
    path.push(node);
  }
  let loops = outer;
  for (let i = path.length - 1; i >= 0; i--) {
    const own = ownLoop(path[i]!);
    if (own) loops = [...loops, own];
    loopsMemo.set(path[i]!, loops);
  }
  return loops;
}

/**
 * The collection an expression is an element of, and the property path taken from the element:
 * `h.value` with `h` a parameter of `list.forEach((h) => ...)` -> list, ['value']; a variable
 * initialised from such an element (`const r = await p.value.router`) follows its initializer.
 */
function iteratedSource(expr: ts.Expression, depth: number): { source: ts.Expression; path: string[] } | undefined {
  if (depth > 4) return undefined;
  let e = unwrap(expr);
  const path: string[] = [];
  for (;;) {
    if (ts.isAwaitExpression(e)) e = unwrap(e.expression);
    else if (ts.isPropertyAccessExpression(e)) {
      path.unshift(e.name.text);
      e = unwrap(e.expression);
    } else break;
  }
  if (!ts.isIdentifier(e)) return undefined;
  const decl = findDeclaration(e);
  if (!decl) return undefined;
  if (ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name)) {
    const loop = decl.parent.parent;
    if (ts.isForOfStatement(loop) && loop.initializer === decl.parent) return { source: loop.expression, path };
    if (!decl.initializer) return undefined;
    const inner = iteratedSource(decl.initializer, depth + 1);
    return inner && { source: inner.source, path: [...inner.path, ...path] };
  }
  if (ts.isParameter(decl) && ts.isIdentifier(decl.name) && decl.parent.parameters[0] === decl) {
    const fn = decl.parent;
    const call = fn.parent;
    if (!ts.isCallExpression(call) || call.arguments[0] !== fn || !ts.isPropertyAccessExpression(call.expression) || !ITERATORS.has(call.expression.name.text)) return undefined;
    return { source: call.expression.expression, path };
  }
  return undefined;
}

/**
 * A module loaded by a computed name: `require(path.join(__dirname, file))`, `(await
 * import(file)).default`, or a constant initialised with one; the argument and the export taken.
 */
function computedLoad(expr: ts.Expression, depth = 0): { arg: ts.Expression; exportName: string } | undefined {
  const e = unwrap(expr);
  if (depth > 3) return undefined;
  if (ts.isCallExpression(e) && e.arguments.length === 1) {
    const arg = e.arguments[0]!;
    const callee = e.expression;
    const loads = callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require' && !findDeclaration(callee));
    return loads && !ts.isStringLiteralLike(unwrap(arg)) ? { arg, exportName: 'default' } : undefined;
  }
  if (ts.isPropertyAccessExpression(e)) {
    const inner = computedLoad(e.expression, depth + 1);
    return inner && inner.exportName === 'default' && !ts.isPropertyAccessExpression(unwrap(e.expression)) ? { arg: inner.arg, exportName: e.name.text } : undefined;
  }
  if (ts.isIdentifier(e)) {
    const decl = findDeclaration(e);
    return decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer && isConstDeclaration(decl) ? computedLoad(decl.initializer, depth + 1) : undefined;
  }
  return undefined;
}

/** `computedLoad` as what a mount refers to: the module its computed name loads, read at link time. */
export function computedRef(expr: ts.Expression): ValueRef | undefined {
  const load = computedLoad(expr);
  return load && { computed: deferred(load.arg), exportName: load.exportName };
}

/** A file a framework does not appear in, read for its keyed-registry entries alone. */
export function collectRegistrations(sourceFile: ts.SourceFile): RouterLocal | undefined {
  return new RouterCollector(sourceFile, REGISTRATIONS_ONLY).registrationsOnly();
}

/** A path argument as written (a literal, template, concatenation or array of them). */
function looksLikePathArg(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  return (
    ts.isStringLiteralLike(e) ||
    ts.isTemplateExpression(e) ||
    (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) ||
    (ts.isArrayLiteralExpression(e) && e.elements.every((el) => looksLikePathArg(el)))
  );
}

/** `export default router` / `export default router.routes()` -> router */
function exportedIdentifier(expr: ts.Expression): string | undefined {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isCallExpression(expr) && expr.arguments.length === 0 && ts.isPropertyAccessExpression(expr.expression)) {
    const method = expr.expression.name.text;
    const base = unwrap(expr.expression.expression);
    if ((method === 'routes' || method === 'middleware') && ts.isIdentifier(base)) return base.text;
  }
  return undefined;
}

/** `import('./x')` -> './x' */
export function dynamicImportSpecifier(expr: ts.Expression): string | undefined {
  const e = unwrap(expr);
  if (
    ts.isCallExpression(e) &&
    e.expression.kind === ts.SyntaxKind.ImportKeyword &&
    e.arguments[0] !== undefined &&
    ts.isStringLiteralLike(e.arguments[0])
  ) {
    return e.arguments[0].text;
  }
  return undefined;
}

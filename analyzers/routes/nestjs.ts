/**
 * NestJS routes as each application serves them.
 *
 * Controllers are classes decorated `@Controller(path | [paths] | { path, version })`; their
 * methods (own and inherited from base classes, the most derived definition of a name winning,
 * as Nest's MetadataScanner walks the prototype chain) carry `@Get(path?)`, `@Post(...)` ...
 * `@All(...)` and `@Version(...)`. The decorators are recognised by following their import to
 * `@nestjs/common` (any entry point, through local barrels and aliases), not by their names.
 *
 * An application is a `NestFactory.create(RootModule)`; it serves the controllers of the modules
 * its root module reaches through `@Module({ imports })` (dynamic modules `X.register()` whose
 * static method returns `{ module, controllers, imports }` included), under its own
 * `setGlobalPrefix(prefix, { exclude })`, `enableVersioning(...)` and `RouterModule.register`
 * paths. The path of a route follows @nestjs/core `RoutePathFactory.create`: URI version
 * (`/` + versioning prefix, default `v`, + version; `VERSION_NEUTRAL` adds nothing; a method's
 * `@Version` wins over the controller's, which wins over `defaultVersion`), then the module path
 * from RouterModule, the controller path and the method path; the global prefix goes in front
 * unless the route (without version) matches an `exclude` entry. Header and media-type
 * versioning do not change paths.
 */
import ts from '../../src/shared/typescript.cjs';
import { walkAst } from '../../src/shared/ast-walk.js';
import type { RouteFact } from '../../src/shared/facts.js';
import type { Analyzer, LinkContext } from '../types.js';
import { findDeclaration, lineOf, propertyChain, unwrap } from './route-ast.js';
import { DiagnosticSink, routeFact, sortRoutes, type LocalDiagnostic } from './route-facts.js';
import { deferred, joinPaths, joinTexts, NO_PATH, pathExpr, PathResolver, textOnly, type PathExpr, type PathText } from './route-path.js';
import { Evaluator, type CallHook, type Value } from './static-value.js';

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
  // server-sent events are served on GET (@nestjs/common decorators/http/sse.decorator.ts)
  Sse: 'GET',
};

const NEST_NAMES = new Set([...Object.keys(METHOD_DECORATORS), 'Controller', 'Version', 'Module']);

/** A name as a file writes it: `Get`, or `common.Get` on a namespace import. */
type NameRef = { name: string } | { ns: string; member: string };

interface DecoratorUse {
  ref: NameRef;
  line: number;
  /** the path argument: `@Get(':id')`, `@Controller('orders')` or `{ path }` */
  path: PathExpr;
  /** `@Version('2')`, `@Controller({ version })` */
  version?: PathExpr;
}

interface NestMethod {
  name: string;
  decorators: DecoratorUse[];
}

interface NestClass {
  name: string;
  line: number;
  isDefault: boolean;
  decorators: DecoratorUse[];
  /** `extends Base` / `extends Base<T>` / `extends ns.Base` */
  base?: NameRef;
  /** every method name, decorated or not (an undecorated override hides the base's route) */
  methods: NestMethod[];
  /** `@Module(...)` metadata */
  module?: ModuleMeta;
}

/** An element of `imports` / `controllers`: a plain name (resolved through imports), or an expression to evaluate. */
type MetaItem = { ref: NameRef } | { expr: PathExpr };

interface ModuleMeta {
  imports: MetaItem[];
  controllers: MetaItem[];
  /** `@Module(getConfig())`: the whole argument, evaluated at link time */
  whole?: PathExpr;
}

interface Bootstrap {
  /** the variable holding the application (`const app = await NestFactory.create(...)`), by declaration position */
  app: string;
  root: MetaItem;
  line: number;
}

interface AppSetting {
  app: string;
  kind: 'prefix' | 'versioning';
  line: number;
  /** setGlobalPrefix's first argument / enableVersioning's options */
  value?: PathExpr;
  /** setGlobalPrefix's options */
  options?: PathExpr;
}

export interface NestLocal {
  classes: NestClass[];
  /** class factories (TypeScript mixins): `function CrudFactory(...) { class Base {...} return Base; }` -> the class `extends CrudFactory(...)` inherits */
  mixins?: { name: string; returns: string }[];
  bootstraps: Bootstrap[];
  settings: AppSetting[];
  /** `registerAs('app', factory)` (@nestjs/config): namespaces `ConfigService.get('app.x')` reads */
  configNamespaces: { name: string; factory: PathExpr }[];
  diagnostics: LocalDiagnostic[];
}

function nameRef(expr: ts.Expression): NameRef | undefined {
  const e = unwrap(ts.isExpressionWithTypeArguments(expr) ? expr.expression : expr);
  if (ts.isIdentifier(e)) return { name: e.text };
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) return { ns: e.expression.text, member: e.name.text };
  return undefined;
}

function objectProperty(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && p.name.getText().replace(/^['"]|['"]$/g, '') === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

/** The nearest ancestor that is not a parenthesis or type assertion around the node. */
function unwrapParent(node: ts.Node): ts.Node {
  let p = node.parent;
  while (p && (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p) || ts.isTypeAssertionExpression(p))) p = p.parent;
  return p;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

class NestFile {
  private readonly local: NestLocal = { classes: [], bootstraps: [], settings: [], configNamespaces: [], diagnostics: [] };
  /**
   * Local names that may denote a Nest decorator: every imported name (a local barrel may rename
   * `Controller`; link time follows the import to the package), and namespace imports.
   */
  private readonly candidates = new Set<string>();
  private readonly namespaces = new Set<string>();

  constructor(private readonly sf: ts.SourceFile) {
    for (const statement of sf.statements) {
      if (!ts.isImportDeclaration(statement) || !statement.importClause || statement.importClause.isTypeOnly) continue;
      const b = statement.importClause.namedBindings;
      if (b && ts.isNamespaceImport(b)) this.namespaces.add(b.name.text);
      if (b && ts.isNamedImports(b)) for (const s of b.elements) if (!s.isTypeOnly) this.candidates.add(s.name.text);
    }
  }

  run(): NestLocal | undefined {
    walkAst(this.sf, (node) => {
      if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) this.classLike(node);
      else if (ts.isCallExpression(node)) this.call(node);
    });
    const l = this.local;
    return l.classes.length || l.bootstraps.length || l.settings.length || l.configNamespaces.length || l.diagnostics.length ? l : undefined;
  }

  /** A decorator that may be Nest's: its name (checked at link time) and arguments. */
  private decorator(d: ts.Decorator): DecoratorUse | undefined {
    const e = d.expression;
    const callee = ts.isCallExpression(e) ? e.expression : e;
    const ref = nameRef(callee);
    if (!ref) return undefined;
    if ('name' in ref ? !this.candidates.has(ref.name) : !this.namespaces.has(ref.ns) || !NEST_NAMES.has(ref.member)) return undefined;
    const arg = ts.isCallExpression(e) && e.arguments[0] ? unwrap(e.arguments[0]) : undefined;
    const use: DecoratorUse = { ref, line: lineOf(d), path: NO_PATH };
    if (!arg) return use;
    const member = 'name' in ref ? ref.name : ref.member;
    if (ts.isObjectLiteralExpression(arg)) {
      const path = objectProperty(arg, 'path');
      if (path) use.path = pathExpr(path);
      const version = objectProperty(arg, 'version');
      if (version) use.version = pathExpr(version);
    } else if (member === 'Version') {
      use.version = pathExpr(arg);
    } else {
      use.path = pathExpr(arg);
    }
    return use;
  }

  private classLike(cls: ts.ClassLikeDeclaration): void {
    const decorators = (ts.getDecorators(cls) ?? []).map((d) => this.decorator(d)).filter((d): d is DecoratorUse => d !== undefined);
    const methods: NestMethod[] = [];
    let decoratedMethods = false;
    for (const member of cls.members) {
      if (!ts.isMethodDeclaration(member) || hasModifier(member, ts.SyntaxKind.StaticKeyword)) continue;
      const uses = (ts.getDecorators(member) ?? []).map((d) => this.decorator(d)).filter((d): d is DecoratorUse => d !== undefined);
      if (uses.length > 0) decoratedMethods = true;
      methods.push({ name: member.name.getText(), decorators: uses });
    }
    const heritage = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    // `extends CrudFactory<T>(...)`: the base is the class the factory returns (a mixin)
    const heritageCall = heritage && unwrap(heritage.expression);
    const base = heritage && (heritageCall && ts.isCallExpression(heritageCall) ? nameRef(heritageCall.expression) : nameRef(heritage));
    const factory = this.factoryReturning(cls);
    const name = factory && !cls.name ? `${factory}()` : (cls.name?.text ?? 'default');
    if (factory) (this.local.mixins ??= []).push({ name: factory, returns: name });
    // every class with a base may inherit routes, and may be listed as a controller
    if (decorators.length === 0 && !decoratedMethods && !base) return;
    const record: NestClass = {
      name,
      line: lineOf(cls),
      isDefault: hasModifier(cls, ts.SyntaxKind.DefaultKeyword),
      decorators,
      methods,
    };
    if (base) record.base = base;
    const moduleDecorator = (ts.getDecorators(cls) ?? []).find((d) => {
      const use = this.decorator(d);
      return use !== undefined && this.isNamed(use.ref, 'Module');
    });
    if (moduleDecorator) record.module = this.moduleMeta(moduleDecorator);
    this.local.classes.push(record);
  }

  /**
   * The function returning this class, if the class is a mixin's: declared in a function body and
   * returned by it (`class Base {...} return Base;`), or returned directly (`return class {...}`).
   * The function is named by its declaration or by the variable it initializes.
   */
  private factoryReturning(cls: ts.ClassLikeDeclaration): string | undefined {
    let fn: ts.Node | undefined = cls.parent;
    if (ts.isClassExpression(cls) && !ts.isReturnStatement(unwrapParent(cls))) return undefined;
    while (fn && !ts.isFunctionDeclaration(fn) && !ts.isFunctionExpression(fn) && !ts.isArrowFunction(fn) && !ts.isSourceFile(fn)) fn = fn.parent;
    if (!fn || ts.isSourceFile(fn)) return undefined;
    const body = (fn as ts.FunctionLikeDeclaration).body;
    if (!body || !ts.isBlock(body)) return undefined;
    if (ts.isClassDeclaration(cls)) {
      const name = cls.name?.text;
      const returned = body.statements.some((st) => ts.isReturnStatement(st) && st.expression && ts.isIdentifier(unwrap(st.expression)) && (unwrap(st.expression) as ts.Identifier).text === name);
      if (!name || !returned || cls.parent !== body) return undefined;
    } else if (unwrapParent(cls).parent !== body) return undefined;
    if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
    const holder = fn.parent;
    return holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) ? holder.name.text : undefined;
  }

  /** The name a file uses, as imported (aliases followed within the file); checked at link time. */
  private isNamed(ref: NameRef, name: string): boolean {
    if ('ns' in ref) return ref.member === name;
    const decl = this.importSpecifier(ref.name);
    return (decl ? (decl.propertyName ?? decl.name).text : ref.name) === name || ref.name === name;
  }

  private importSpecifier(local: string): ts.ImportSpecifier | undefined {
    for (const statement of this.sf.statements) {
      if (!ts.isImportDeclaration(statement)) continue;
      const b = statement.importClause?.namedBindings;
      if (b && ts.isNamedImports(b)) for (const s of b.elements) if (s.name.text === local) return s;
    }
    return undefined;
  }

  private moduleMeta(d: ts.Decorator): ModuleMeta {
    const meta: ModuleMeta = { imports: [], controllers: [] };
    const arg = ts.isCallExpression(d.expression) ? d.expression.arguments[0] : undefined;
    if (!arg) return meta;
    const obj = unwrap(arg);
    if (!ts.isObjectLiteralExpression(obj) || obj.properties.some((p) => ts.isSpreadAssignment(p))) {
      meta.whole = deferred(arg);
      return meta;
    }
    for (const key of ['imports', 'controllers'] as const) {
      const list = objectProperty(obj, key);
      if (!list) continue;
      const array = unwrap(list);
      if (!ts.isArrayLiteralExpression(array)) {
        meta[key].push({ expr: deferred(list) });
        continue;
      }
      for (const el of array.elements) {
        const ref = ts.isSpreadElement(el) ? undefined : nameRef(el);
        meta[key].push(ref ? { ref } : { expr: deferred(ts.isSpreadElement(el) ? el.expression : el) });
      }
    }
    return meta;
  }

  private call(call: ts.CallExpression): void {
    const chain = propertyChain(call.expression);
    if (!chain) return;
    const last = chain[chain.length - 1];
    if (chain.length === 2 && chain[0] === 'NestFactory' && last === 'create' && call.arguments[0]) {
      const root = nameRef(call.arguments[0]);
      this.local.bootstraps.push({ app: this.appOf(call), root: root ? { ref: root } : { expr: deferred(call.arguments[0]) }, line: lineOf(call) });
      return;
    }
    if (chain.length === 1 && last === 'registerAs' && call.arguments.length >= 2 && ts.isStringLiteralLike(call.arguments[0]!)) {
      this.local.configNamespaces.push({ name: call.arguments[0].text, factory: deferred(call.arguments[1]!) });
      return;
    }
    if ((last !== 'setGlobalPrefix' && last !== 'enableVersioning') || chain.length < 2) return;
    const receiver = (call.expression as ts.PropertyAccessExpression).expression;
    const setting: AppSetting = { app: this.appKey(receiver), kind: last === 'setGlobalPrefix' ? 'prefix' : 'versioning', line: lineOf(call) };
    const [first, second] = call.arguments;
    if (first) setting.value = last === 'setGlobalPrefix' ? pathExpr(first) : deferred(first);
    if (second) setting.options = deferred(second);
    if (setting.kind === 'prefix' && !first) return;
    this.local.settings.push(setting);
  }

  /** The application variable a `NestFactory.create` call is assigned to. */
  private appOf(call: ts.CallExpression): string {
    let node: ts.Node = call;
    while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent)) node = node.parent;
    const parent = node.parent;
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return `d${parent.name.getStart()}`;
    if (ts.isBinaryExpression(parent) && ts.isIdentifier(parent.left)) return this.appKey(parent.left);
    return `c${call.getStart()}`;
  }

  /** Which application an expression denotes: its declaration's position (`p` for a parameter). */
  private appKey(expr: ts.Expression): string {
    const e = unwrap(expr);
    if (!ts.isIdentifier(e)) return 'unknown';
    const decl = findDeclaration(e);
    if (!decl) return 'unknown';
    if (ts.isParameter(decl)) return 'param';
    return `d${(ts.isVariableDeclaration(decl) ? decl.name : decl).getStart()}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Link

interface ClassEntry {
  key: string;
  module: string;
  cls: NestClass;
}

const NEUTRAL = '\u0000neutral';

interface Versioning {
  type: string;
  prefix: string;
  defaultVersion?: string[];
}

interface App {
  id: string;
  module: string;
  roots: ClassEntry[];
  prefix?: { text: PathText; exclude: { pattern: string; method: string }[] };
  versioning?: Versioning;
}

/** Does `path` (a route path) match an exclude entry written with path-to-regexp parameters? */
function excludeMatches(pattern: string, path: string): boolean {
  const p = joinPaths(pattern).split('/').filter(Boolean);
  const s = joinPaths(path).split('/').filter(Boolean);
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    // `(.*)`, `*`, `*splat`, `{*splat}`: the rest of the path
    if (seg === '(.*)' || seg.startsWith('*') || seg.startsWith('{*')) return s.length >= i;
    if (i >= s.length) return false;
    if (seg.startsWith(':')) continue;
    if (seg !== s[i]) return false;
  }
  return p.length === s.length;
}

class NestLinker {
  private readonly sink: DiagnosticSink;
  private readonly paths: PathResolver;
  private readonly evaluator: Evaluator;
  private readonly classes = new Map<string, ClassEntry>();
  private readonly origins = new Map<string, string | undefined>();
  private readonly namespaces = new Map<string, { module: string; factory: PathExpr }>();

  constructor(
    private readonly ctx: LinkContext,
    private readonly locals: ReadonlyMap<string, NestLocal>,
  ) {
    this.sink = new DiagnosticSink(ctx);
    const hook: CallHook = (call, frame, evaluator) => this.callHook(call, frame, evaluator);
    this.evaluator = new Evaluator(ctx, { call: hook });
    this.paths = new PathResolver(ctx, this.sink, this.evaluator);
    for (const [module, local] of locals) {
      for (const d of local.diagnostics) this.sink.warn(module, d.line, d.code, d.message);
      for (const cls of local.classes) {
        const entry = { key: `${module}#${cls.name}`, module, cls };
        this.classes.set(entry.key, entry);
        if (cls.isDefault) this.classes.set(`${module}#default`, entry);
      }
      // a class factory stands for the class it returns: `extends CrudFactory(...)` inherits its routes
      for (const mixin of local.mixins ?? []) {
        const returned = this.classes.get(`${module}#${mixin.returns}`);
        if (returned && !this.classes.has(`${module}#${mixin.name}`)) this.classes.set(`${module}#${mixin.name}`, returned);
      }
      for (const ns of local.configNamespaces) if (!this.namespaces.has(ns.name)) this.namespaces.set(ns.name, { module, factory: ns.factory });
    }
  }

  /** `@nestjs/common` name a decorator resolves to (any entry point, through barrels). */
  private nestName(module: string, ref: NameRef): string | undefined {
    const key = `${module}\u0000${'name' in ref ? ref.name : `${ref.ns}.${ref.member}`}`;
    if (this.origins.has(key)) return this.origins.get(key);
    const origin = this.ctx.packageOrigin(module, 'name' in ref ? ref.name : ref.ns);
    let name: string | undefined;
    if (origin && /^@nestjs\/common(?:\/|$)/.test(origin.specifier)) name = 'name' in ref ? origin.name : origin.name === '*' ? ref.member : undefined;
    this.origins.set(key, name);
    return name;
  }

  private decorated(module: string, uses: readonly DecoratorUse[], name: string): DecoratorUse | undefined {
    return uses.find((u) => this.nestName(module, u.ref) === name);
  }

  /** The class a name of `module` refers to. */
  private classOf(module: string, ref: NameRef): ClassEntry | undefined {
    if ('name' in ref) {
      const target = this.ctx.resolveBinding(module, ref.name);
      return target && this.classes.get(`${target.module}#${target.name}`);
    }
    const ns = this.ctx.resolveBinding(module, ref.ns);
    if (!ns) return undefined;
    const target = ns.name === '*' ? this.ctx.resolveExport(ns.module, ref.member) : undefined;
    return target && this.classes.get(`${target.module}#${target.name}`);
  }

  private classOfValue(v: Value): ClassEntry | undefined {
    if (v.kind !== 'class') return undefined;
    return this.classes.get(`${v.module}#${v.name}`);
  }

  // -------------------------------------------------------------------------------------------
  // @nestjs/config: `configService.get('app.apiPrefix')` reads the `registerAs('app', ...)` factory

  private callHook(call: ts.CallExpression, frame: { module: string }, evaluator: Evaluator): Value | undefined {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    if (method === 'register' || method === 'forRoutes') {
      const target = evaluator.expression(callee.expression, evaluator.frame(frame.module));
      if (target.kind === 'external' && /^@nestjs\/core/.test(target.specifier) && target.path.at(-1) === 'RouterModule') {
        const routes = call.arguments[0] ? evaluator.expression(call.arguments[0], evaluator.frame(frame.module)) : { kind: 'array' as const, items: [] };
        return { kind: 'object', get: (k) => (k === ROUTER_ROUTES ? routes : undefined), keys: () => [ROUTER_ROUTES] };
      }
      return undefined;
    }
    if ((method !== 'get' && method !== 'getOrThrow') || !call.arguments[0] || !ts.isStringLiteralLike(call.arguments[0])) return undefined;
    if (!this.isConfigService(callee.expression)) return undefined;
    const key = call.arguments[0].text;
    const [ns, ...rest] = key.split('.');
    const namespace = rest.length > 0 ? this.namespaces.get(ns!) : undefined;
    let value: Value;
    if (namespace && !('texts' in namespace.factory)) {
      const factory = evaluator.at(namespace.module, namespace.factory.at[0], namespace.factory.at[1]);
      let obj: Value = factory.kind === 'function' ? evaluator.invoke(factory, [], 0) : factory;
      for (const k of rest) obj = evaluator.member(obj, k, key);
      value = obj;
    } else {
      // ConfigService.get falls back to process.env (docs.nestjs.com/techniques/configuration)
      value = { kind: 'undefined', env: [key] };
    }
    const fallback = call.arguments[1];
    if (value.kind === 'undefined' && fallback && !ts.isObjectLiteralExpression(unwrap(fallback))) {
      const d = evaluator.expression(fallback, evaluator.frame(frame.module));
      return { ...d, notes: [...(d.notes ?? []), `${key} read as unset: ConfigService's default assumed (${frame.module}:${lineOf(call)})`] };
    }
    return value;
  }

  /** `configService`, `this.configService`, `app.get(ConfigService)`: typed or created as a ConfigService. */
  private isConfigService(expr: ts.Expression): boolean {
    const e = unwrap(expr);
    if (ts.isCallExpression(e)) return /ConfigService/.test(e.arguments[0]?.getText() ?? '');
    let decl: ts.Node | undefined;
    if (ts.isIdentifier(e)) decl = findDeclaration(e);
    else if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
      let cls: ts.Node | undefined = e.parent;
      while (cls && !ts.isClassLike(cls)) cls = cls.parent;
      if (cls && ts.isClassLike(cls)) {
        for (const m of cls.members) {
          if (ts.isPropertyDeclaration(m) && m.name.getText() === e.name.text) decl = m;
          if (ts.isConstructorDeclaration(m)) for (const p of m.parameters) if (p.name.getText() === e.name.text) decl = p;
        }
      }
    }
    if (!decl) return false;
    const typed = (decl as ts.VariableDeclaration).type?.getText() ?? '';
    const init = (decl as ts.VariableDeclaration).initializer?.getText() ?? '';
    return /ConfigService/.test(typed) || /ConfigService/.test(init);
  }

  // -------------------------------------------------------------------------------------------
  // Modules

  private readonly metaCache = new Map<string, { imports: Target[]; controllers: ClassEntry[] }>();

  /** What a module class brings: modules it imports and controllers it declares. */
  private moduleOf(entry: ClassEntry): { imports: Target[]; controllers: ClassEntry[] } {
    const cached = this.metaCache.get(entry.key);
    if (cached) return cached;
    const result: { imports: Target[]; controllers: ClassEntry[] } = { imports: [], controllers: [] };
    this.metaCache.set(entry.key, result);
    const meta = entry.cls.module;
    if (!meta || !this.decorated(entry.module, entry.cls.decorators, 'Module')) return result;
    if (meta.whole && !('texts' in meta.whole)) {
      const v = this.evaluator.at(entry.module, meta.whole.at[0], meta.whole.at[1]);
      for (const obj of alternatives(v)) {
        if (obj.kind !== 'object') continue;
        result.imports.push(...this.targets(obj.get('imports') ?? { kind: 'array', items: [] }));
        result.controllers.push(...this.classesIn(obj.get('controllers') ?? { kind: 'array', items: [] }));
      }
    }
    for (const item of meta.imports) result.imports.push(...this.itemTargets(entry.module, item));
    for (const item of meta.controllers) {
      if ('ref' in item) {
        const c = this.classOf(entry.module, item.ref);
        const v = c ? undefined : this.refValue(entry.module, item.ref);
        if (c) result.controllers.push(c);
        else if (v) result.controllers.push(...this.classesIn(v));
      } else if (!('texts' in item.expr)) {
        result.controllers.push(...this.classesIn(this.evaluator.at(entry.module, item.expr.at[0], item.expr.at[1])));
      }
    }
    return result;
  }

  /** The value a name of `module` holds when it is not a class (`const uploader = cond ? A : B`). */
  private refValue(module: string, ref: NameRef): Value | undefined {
    const target = this.ctx.resolveBinding(module, 'name' in ref ? ref.name : ref.ns);
    if (!target) return undefined;
    if ('name' in ref) return this.evaluator.declared(target.module, target.name);
    return target.name === '*' ? this.evaluator.exported(target.module, ref.member) : undefined;
  }

  private itemTargets(module: string, item: MetaItem): Target[] {
    if ('ref' in item) {
      const c = this.classOf(module, item.ref);
      if (c) return [{ module: c }];
      const v = this.refValue(module, item.ref);
      return v ? this.targets(v) : [];
    }
    if ('texts' in item.expr) return [];
    return this.targets(this.evaluator.at(module, item.expr.at[0], item.expr.at[1]));
  }

  /** Modules in an `imports` value: classes, dynamic modules, RouterModule trees (every branch of a condition). */
  private targets(v: Value): Target[] {
    const out: Target[] = [];
    for (const item of alternatives(v)) {
      const cls = this.classOfValue(item);
      if (cls) out.push({ module: cls });
      else if (item.kind === 'object') {
        const routes = item.get(ROUTER_ROUTES);
        if (routes) {
          out.push({ router: routes });
          continue;
        }
        const moduleClass = item.get('module');
        const dynamic = moduleClass && this.classOfValue(moduleClass);
        if (!dynamic) continue;
        out.push({ module: dynamic, controllers: this.classesIn(item.get('controllers') ?? { kind: 'array', items: [] }), imports: this.targets(item.get('imports') ?? { kind: 'array', items: [] }) });
      }
    }
    return out;
  }

  private classesIn(v: Value): ClassEntry[] {
    return alternatives(v).flatMap((item) => {
      const c = this.classOfValue(item);
      return c ? [c] : [];
    });
  }

  /** RouterModule.register routes: module -> path (flattenRoutePaths, @nestjs/core router/utils). */
  private routerPaths(routes: Value, parent: string, into: Map<string, string>): void {
    for (const r of alternatives(routes)) {
      const cls = this.classOfValue(r);
      if (cls) {
        into.set(cls.key, parent);
        continue;
      }
      if (r.kind !== 'object') continue;
      const pathValue = r.get('path');
      const path = pathValue && pathValue.kind === 'string' ? joinPaths(parent, pathValue.text) : parent;
      const mod = r.get('module');
      const modClass = mod && this.classOfValue(mod);
      if (modClass) into.set(modClass.key, path);
      const children = r.get('children');
      if (children) this.routerPaths(children, path, into);
    }
  }

  /** Every controller an app serves, with the module that declares it. */
  private reach(roots: readonly ClassEntry[]): { controllers: Map<string, { controller: ClassEntry; module: string }[]>; modulePaths: Map<string, string> } {
    const controllers = new Map<string, { controller: ClassEntry; module: string }[]>();
    const modulePaths = new Map<string, string>();
    const seen = new Set<string>();
    const add = (controller: ClassEntry, module: string): void => {
      const list = controllers.get(controller.key) ?? [];
      if (!list.some((x) => x.module === module)) list.push({ controller, module });
      controllers.set(controller.key, list);
    };
    const visit = (target: Target): void => {
      if ('router' in target) {
        this.routerPaths(target.router, '', modulePaths);
        return;
      }
      const entry = target.module;
      for (const c of target.controllers ?? []) add(c, entry.key);
      for (const t of target.imports ?? []) visit(t);
      if (seen.has(entry.key)) return;
      seen.add(entry.key);
      const meta = this.moduleOf(entry);
      for (const c of meta.controllers) add(c, entry.key);
      for (const t of meta.imports) visit(t);
    };
    for (const root of roots) visit({ module: root });
    return { controllers, modulePaths };
  }

  // -------------------------------------------------------------------------------------------
  // Applications

  private apps(): App[] {
    const apps = new Map<string, App>();
    const settings: { module: string; setting: AppSetting }[] = [];
    for (const module of [...this.locals.keys()].sort()) {
      const local = this.locals.get(module)!;
      for (const b of local.bootstraps) {
        const id = `${module}#${b.app}`;
        const app = apps.get(id) ?? { id, module, roots: [] };
        const root = 'ref' in b.root ? this.classOf(module, b.root.ref) : 'texts' in b.root.expr ? undefined : this.classOfValue(this.evaluator.at(module, b.root.expr.at[0], b.root.expr.at[1]));
        if (root && !app.roots.includes(root)) app.roots.push(root);
        apps.set(id, app);
      }
      for (const setting of local.settings) settings.push({ module, setting });
    }
    const list = [...apps.values()];
    // a setting on the application variable itself wins over one made elsewhere (a helper that
    // receives the app, a test setup): those apply first, to the app of their file or the only app
    const placed = settings.map(({ module, setting }) => {
      const direct = apps.get(`${module}#${setting.app}`);
      if (direct) return { module, setting, app: direct, direct: true };
      const inFile = list.filter((a) => a.module === module);
      return { module, setting, app: inFile.length === 1 ? inFile[0] : list.length === 1 ? list[0] : undefined, direct: false };
    });
    for (const { module, setting, app } of [...placed.filter((p) => !p.direct), ...placed.filter((p) => p.direct)]) {
      if (!app) {
        this.sink.warn(module, setting.line, 'route-app-unknown', `could not tell which NestFactory.create application this ${setting.kind === 'prefix' ? 'setGlobalPrefix' : 'enableVersioning'} configures: it is not applied`);
        continue;
      }
      if (setting.kind === 'prefix') this.applyPrefix(app, module, setting);
      else this.applyVersioning(app, module, setting);
    }
    return list;
  }

  private applyPrefix(app: App, module: string, setting: AppSetting): void {
    const text = this.paths.texts(module, setting.value ?? NO_PATH)[0] ?? textOnly('');
    const exclude: { pattern: string; method: string }[] = [];
    if (setting.options && !('texts' in setting.options)) {
      const options = this.evaluator.at(module, setting.options.at[0], setting.options.at[1]);
      const list = options.kind === 'object' ? options.get('exclude') : undefined;
      for (const item of list ? alternatives(list) : []) {
        if (item.kind === 'string') exclude.push({ pattern: item.text, method: 'ALL' });
        else if (item.kind === 'object') {
          const path = item.get('path');
          const method = item.get('method');
          const name = method?.kind === 'external' ? method.path.at(-1) : method?.kind === 'number' ? REQUEST_METHODS[method.value] : 'ALL';
          if (path?.kind === 'string' && name) exclude.push({ pattern: path.text, method: name.toUpperCase() });
        }
      }
    }
    app.prefix = { text, exclude };
  }

  private applyVersioning(app: App, module: string, setting: AppSetting): void {
    // `enableVersioning()` defaults to URI versioning (@nestjs/core NestApplication.enableVersioning)
    const options: Value = setting.value && !('texts' in setting.value) ? this.evaluator.at(module, setting.value.at[0], setting.value.at[1]) : { kind: 'undefined' };
    const get = (k: string): Value | undefined => (options.kind === 'object' ? options.get(k) : undefined);
    const type = get('type');
    const typeName = type?.kind === 'external' ? type.path.at(-1) : type?.kind === 'number' ? VERSIONING_TYPES[type.value] : options.kind === 'undefined' ? 'URI' : undefined;
    if (!typeName) {
      this.sink.warn(module, setting.line, 'route-path-unknown', 'could not read the versioning type statically: versions are not applied to paths');
      return;
    }
    const prefix = get('prefix');
    const versioning: Versioning = {
      type: typeName,
      prefix: prefix === undefined || prefix.kind === 'undefined' ? 'v' : prefix.kind === 'boolean' && !prefix.value ? '' : prefix.kind === 'string' ? prefix.text : 'v',
    };
    const defaults = get('defaultVersion');
    if (defaults && defaults.kind !== 'undefined') versioning.defaultVersion = versionsOf(defaults);
    app.versioning = versioning;
  }

  // -------------------------------------------------------------------------------------------
  // Routes

  private versions(module: string, expr: PathExpr | undefined): string[] | undefined {
    if (!expr) return undefined;
    return versionsOf(this.paths.value(module, expr));
  }

  /** Methods with route decorators, own and inherited, the most derived definition of a name winning. */
  private controllerRoutes(entry: ClassEntry): { owner: ClassEntry; method: NestMethod; http: DecoratorUse[]; version?: DecoratorUse }[] {
    const out: { owner: ClassEntry; method: NestMethod; http: DecoratorUse[]; version?: DecoratorUse }[] = [];
    const seen = new Set<string>();
    const chain = new Set<string>();
    for (let c: ClassEntry | undefined = entry; c && !chain.has(c.key); c = c.cls.base ? this.classOf(c.module, c.cls.base) : undefined) {
      chain.add(c.key);
      for (const method of c.cls.methods) {
        if (seen.has(method.name)) continue;
        seen.add(method.name);
        const http = method.decorators.filter((d) => METHOD_DECORATORS[this.nestName(c!.module, d.ref) ?? ''] !== undefined);
        const version = this.decorated(c.module, method.decorators, 'Version');
        if (http.length > 0) out.push({ owner: c, method, http, ...(version && { version }) });
      }
    }
    return out;
  }

  /** The `@Controller` of a class, or of the nearest base that has one. */
  private controllerDecorator(entry: ClassEntry): { owner: ClassEntry; use: DecoratorUse } | undefined {
    const chain = new Set<string>();
    for (let c: ClassEntry | undefined = entry; c && !chain.has(c.key); c = c.cls.base ? this.classOf(c.module, c.cls.base) : undefined) {
      chain.add(c.key);
      const use = this.decorated(c.module, c.cls.decorators, 'Controller');
      if (use) return { owner: c, use };
    }
    return undefined;
  }

  private routesOf(entry: ClassEntry, app: App | undefined, modulePath: string): RouteFact[] {
    const ctrl = this.controllerDecorator(entry);
    if (!ctrl) return [];
    const bases = this.paths.texts(ctrl.owner.module, ctrl.use.path);
    const versioning = app?.versioning;
    const controllerVersions = this.versions(ctrl.owner.module, ctrl.use.version) ?? versioning?.defaultVersion;
    const out: RouteFact[] = [];
    for (const { owner, method, http, version } of this.controllerRoutes(entry)) {
      const versions = versioning ? (this.versions(owner.module, version?.version) ?? controllerVersions) : undefined;
      const versionSegments = versioning?.type === 'URI' && versions ? versions.map((v) => (v === NEUTRAL ? '' : `${versioning.prefix}${v}`)) : [''];
      for (const d of http) {
        const verb = METHOD_DECORATORS[this.nestName(owner.module, d.ref)!]!;
        for (const end of this.paths.texts(owner.module, d.path)) {
          for (const base of bases) {
            const local = joinTexts(textOnly(modulePath), base, end);
            for (const v of versionSegments) {
              let full = joinTexts(textOnly(v), local);
              const excluded = app?.prefix?.exclude.some((x) => (x.method === 'ALL' || x.method === verb) && excludeMatches(x.pattern, local.text));
              if (app?.prefix && !excluded) full = joinTexts(app.prefix.text, full);
              out.push(routeFact({ method: verb, path: full.text, framework: 'nestjs', module: owner.module, line: d.line, handler: `${entry.cls.name}.${method.name}`, notes: full.notes }));
            }
          }
        }
      }
    }
    return out;
  }

  run(): RouteFact[] {
    const apps = this.apps();
    const controllers = [...new Set(this.classes.values())].filter((c) => this.decorated(c.module, c.cls.decorators, 'Controller'));
    const served = new Map<string, { app: App; module: string }[]>();
    for (const app of apps) {
      const { controllers: reached, modulePaths } = this.reach(app.roots);
      for (const [key, list] of reached) {
        for (const { module } of list) served.set(key, [...(served.get(key) ?? []), { app, module: modulePaths.get(module) ?? '' }]);
      }
    }
    // Nest serves only the controllers a module declares (when the repository has modules at all)
    // controller -> the modules that declare it; and the modules some module imports
    const listed = new Map<string, ClassEntry[]>();
    const imported = new Set<string>();
    const list = (c: ClassEntry, by: ClassEntry): void => {
      const modules = listed.get(c.key);
      if (modules) modules.push(by);
      else listed.set(c.key, [by]);
    };
    let hasModules = false;
    for (const entry of new Set(this.classes.values())) {
      if (!entry.cls.module || !this.decorated(entry.module, entry.cls.decorators, 'Module')) continue;
      hasModules = true;
      const meta = this.moduleOf(entry);
      for (const c of meta.controllers) list(c, entry);
      for (const t of meta.imports) {
        if (!('module' in t)) continue;
        imported.add(t.module.key);
        for (const c of t.controllers ?? []) list(c, t.module);
      }
    }
    // a module no module imports and no code outside its file uses is never loaded (the
    // bootstraps' root modules are reached above)
    const unused = (m: ClassEntry): boolean =>
      !imported.has(m.key) && this.ctx.usedBy(m.module, m.cls.name).length === 0 && (!m.cls.isDefault || this.ctx.usedBy(m.module, 'default').length === 0);
    const routes: RouteFact[] = [];
    for (const c of controllers) {
      const places = served.get(c.key);
      if (places && places.length > 0) {
        for (const { app, module } of places) routes.push(...this.routesOf(c, app, module));
        continue;
      }
      if (hasModules && !listed.has(c.key)) {
        this.sink.info(c.module, c.cls.line, 'route-controller-unregistered', `${c.cls.name} is in no @Module's controllers: Nest does not serve it, its routes are left out`);
        continue;
      }
      const modules = listed.get(c.key) ?? [];
      // (only with an application in scope: a library's modules may be imported by apps outside it)
      if (apps.length > 0 && modules.length > 0 && modules.every(unused)) {
        const names = [...new Set(modules.map((m) => m.cls.name))].join(', ');
        this.sink.info(c.module, c.cls.line, 'route-module-unused', `${c.cls.name} is declared by ${names}, which no @Module imports and no code uses: Nest never loads it, its routes are left out`);
        continue;
      }
      // declared by a module no application reaches (the wiring may be beyond a static reader):
      // with a single application it is that one; with several (or none) no app prefix applies
      if (apps.length === 1) routes.push(...this.routesOf(c, apps[0], ''));
      else {
        if (apps.length > 1) this.sink.info(c.module, c.cls.line, 'route-app-unknown', `no NestFactory.create application reaches ${c.cls.name} through @Module imports: its routes carry no global prefix or version`);
        routes.push(...this.routesOf(c, undefined, ''));
      }
    }
    return sortRoutes(routes);
  }
}

type Target = { module: ClassEntry; controllers?: ClassEntry[]; imports?: Target[] } | { router: Value };

const ROUTER_ROUTES = '\u0000routerModuleRoutes';

/** RequestMethod and VersioningType enum values of @nestjs/common, for values read as numbers. */
const REQUEST_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD', 'SEARCH'];
const VERSIONING_TYPES = ['URI', 'HEADER', 'MEDIA_TYPE', 'CUSTOM'];

/** Array items, every branch of an `either`, or the value itself. */
function alternatives(v: Value): Value[] {
  if (v.kind === 'array') return v.items.flatMap(alternatives);
  if (v.kind === 'either') return v.options.flatMap(alternatives);
  return [v];
}

/** `'1'`, `['1', '2']`, `VERSION_NEUTRAL` as version strings (NEUTRAL for the neutral one). */
function versionsOf(v: Value): string[] | undefined {
  const out: string[] = [];
  for (const item of v.kind === 'array' ? v.items : [v]) {
    if (item.kind === 'string' && !item.unknown) out.push(item.text);
    else if (item.kind === 'number') out.push(String(item.value));
    else if (item.kind === 'external' && item.path.at(-1) === 'VERSION_NEUTRAL') out.push(NEUTRAL);
    else return undefined;
  }
  return out.length > 0 ? out : undefined;
}

export const nestjsAnalyzer: Analyzer<NestLocal> = {
  name: 'nestjs',
  enablers: ['@nestjs/core', '@nestjs/common'],
  concern: 'routes',
  // decorators may come through a local barrel, so any file with a decorator call may matter
  accepts: (text) => text.includes('@nestjs') || text.includes('NestFactory') || text.includes('registerAs') || /@[A-Z]\w*\(/.test(text),
  collect: ({ sourceFile }) => new NestFile(sourceFile).run(),
  link(ctx, locals) {
    return { routes: new NestLinker(ctx, locals).run() };
  },
};

/**
 * What one file says about classes and the calls made on them, for following data access through
 * repositories (see repository-effects.ts, which links it across files). Plain data, one pass over
 * the file's index, memoised per SourceFile so every data plugin that asks shares the work.
 *
 * Recorded:
 * - classes: type parameters, `extends` (with type argument names), `implements`, whether
 *   abstract, own methods, members (declared type, `@Inject(token)`, value: an initializer, a
 *   constructor parameter, `new X()`), and the arguments of `super(...)` in the constructor;
 * - NestJS custom providers `{ provide: Token, useClass: Impl }` anywhere in the file
 *   (https://docs.nestjs.com/fundamentals/custom-providers#class-providers-useclass);
 * - member calls whose receiver may be a repository: `this.m()`, `super.m()`, `this.repo.m()`,
 *   a parameter or variable declared with a class type, `new X().m()`, `X.m()` on a module-level
 *   or imported name, each with the method or function it sits in (its owner).
 */
import ts from '../../src/shared/typescript.cjs';
import { fileIndex } from './file-index.js';
import {
  className,
  classTypeParams,
  decoratorsOf,
  enclosingClass,
  extendsOf,
  findDeclaration,
  isModuleLevel,
  lineOf,
  literalText,
  skipOuter,
  structuralParent,
  typeRefOf,
  type TypeRef,
} from './syntax.js';

/** A value as written in the source, before cross-file resolution. */
export type FlowExpr =
  /** constructor parameter `index` of the class the expression sits in */
  | { readonly kind: 'param'; readonly index: number }
  /** a module-level or imported name, possibly qualified once (`models.User`) */
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'new'; readonly name: string }
  | { readonly kind: 'string'; readonly value: string };

/** A dependency injection token: a class (or any name) or a string. */
export type FlowToken = { readonly kind: 'name'; readonly name: string } | { readonly kind: 'string'; readonly value: string };

export interface FlowMember {
  readonly type?: TypeRef;
  /** `@Inject(token)` on the member or constructor parameter */
  readonly inject?: FlowToken;
  /** other `@InjectX(arg)` decorators (`@InjectModel(User.name)`, `@InjectRepository(Order)`), for the ORM plugins */
  readonly injectors?: readonly { readonly name: string; readonly arg?: FlowExpr }[];
  readonly value?: FlowExpr;
}

export interface FlowClass {
  readonly name: string;
  readonly line: number;
  readonly abstract?: true;
  readonly typeParams?: string[];
  readonly extends?: { readonly name: string; readonly args: readonly (string | null)[] };
  readonly implements?: string[];
  /** own methods, instance and static, including arrow-function properties */
  readonly methods: string[];
  readonly members: Record<string, FlowMember>;
  /** `super(a, b)` in the constructor; absent when the class declares no constructor */
  readonly superArgs?: (FlowExpr | null)[];
  /** true when the class declares a constructor (arguments are then not passed through to the base) */
  readonly ownConstructor?: true;
  /** the constructor's parameters (type and injection), when it declares one */
  readonly params?: FlowMember[];
}

export type FlowRecv =
  | { readonly kind: 'this' }
  | { readonly kind: 'super' }
  /** `this.prop` */
  | { readonly kind: 'member'; readonly prop: string }
  /** a parameter or variable declared with this type */
  | { readonly kind: 'typed'; readonly type: TypeRef }
  | { readonly kind: 'new'; readonly name: string }
  /** a module-level or imported name (`UserModel.findByEmail()`, `queries.user.find()`) */
  | { readonly kind: 'name'; readonly name: string };

export interface FlowCall {
  /** `Class#method`, `#function` for a module-level function, '' for module-level code */
  readonly owner: string;
  readonly recv: FlowRecv;
  readonly method: string;
  readonly line: number;
}

export interface FlowBinding {
  readonly token: FlowToken;
  readonly useClass: string;
}

export interface FlowLocal {
  readonly classes: FlowClass[];
  readonly calls: FlowCall[];
  readonly bindings: FlowBinding[];
  /** module-level singletons: `export const orders = new OrderRepository()` (name -> class name as written) */
  readonly instances?: Record<string, string>;
  /** module-level objects of names: `const queries = { link, user: users }` (name -> property -> local name) */
  readonly objects?: Record<string, Record<string, string>>;
}

const cache = new WeakMap<ts.SourceFile, FlowLocal | undefined>();

/** The file's classes, provider bindings and repository-shaped calls (undefined when it has none). */
export function collectFlow(sf: ts.SourceFile): FlowLocal | undefined {
  if (cache.has(sf)) return cache.get(sf);
  const local = buildFlow(sf);
  cache.set(sf, local);
  return local;
}

function buildFlow(sf: ts.SourceFile): FlowLocal | undefined {
  const index = fileIndex(sf);
  const classes: FlowClass[] = [];
  for (const node of index.classes) {
    const c = flowClass(node);
    if (c) classes.push(c);
  }
  const calls: FlowCall[] = [];
  const bindings: FlowBinding[] = [];
  for (const call of index.calls) {
    const callee = call.expression;
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) {
      const recv = receiverOf(callee.expression);
      if (recv) calls.push({ owner: ownerOf(call), recv, method: callee.name.text, line: lineOf(call) });
    }
    // `{ provide: X, useClass: Y }` is usually an element of a providers array (a call argument's property)
    for (const arg of call.arguments) collectBindings(arg, bindings);
  }
  const instances: Record<string, string> = {};
  const objects: Record<string, Record<string, string>> = {};
  const declare = (name: string, value: ts.Expression): void => {
    const init = skipOuter(value);
    if (ts.isNewExpression(init) && ts.isIdentifier(init.expression)) instances[name] = init.expression.text;
    const names = nameObject(init);
    if (names) objects[name] = names;
  };
  for (const node of index.variables) {
    if (!node.initializer) continue;
    collectBindings(node.initializer, bindings);
    if (ts.isIdentifier(node.name) && isModuleLevel(node)) declare(node.name.text, node.initializer);
  }
  for (const node of index.exportAssignments) declare('default', node.expression);
  for (const e of index.commonJsExports) if (e.name === '*') declare('default', e.value);
  const hasInstances = Object.keys(instances).length > 0;
  const hasObjects = Object.keys(objects).length > 0;
  if (!classes.length && !calls.length && !bindings.length && !hasInstances && !hasObjects) return undefined;
  return { classes, calls, bindings, ...(hasInstances ? { instances } : {}), ...(hasObjects ? { objects } : {}) };
}

/** `{ link, user: users }`: an object literal whose properties are all plain names. */
function nameObject(e: ts.Expression): Record<string, string> | undefined {
  if (!ts.isObjectLiteralExpression(e) || !e.properties.length) return undefined;
  const out: Record<string, string> = {};
  for (const p of e.properties) {
    if (ts.isShorthandPropertyAssignment(p)) out[p.name.text] = p.name.text;
    else if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && ts.isIdentifier(skipOuter(p.initializer))) out[p.name.text] = (skipOuter(p.initializer) as ts.Identifier).text;
    else return undefined;
  }
  return out;
}

function flowClass(node: ts.ClassLikeDeclaration): FlowClass | undefined {
  const name = className(node);
  if (name === undefined) return undefined;
  const methods: string[] = [];
  const members: Record<string, FlowMember> = {};
  const ctor = node.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
  const params = ctor ? ctor.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : '')) : [];
  for (const m of node.members) {
    const memberName = m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) || ts.isPrivateIdentifier(m.name)) ? m.name.text : undefined;
    if ((ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) && memberName !== undefined) {
      methods.push(memberName);
    } else if (ts.isPropertyDeclaration(m) && memberName !== undefined) {
      const init = m.initializer && skipOuter(m.initializer);
      if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
        methods.push(memberName);
        continue;
      }
      const member = flowMember(m.type, decoratorsOf(m), init, params);
      if (member) members[memberName] = member;
    }
  }
  if (ctor) {
    for (const p of ctor.parameters) {
      if (!ts.isIdentifier(p.name)) continue;
      const isProperty = (ts.getModifiers(p) ?? []).some((mod) =>
        [ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.PublicKeyword, ts.SyntaxKind.ReadonlyKeyword].includes(mod.kind),
      );
      if (!isProperty) continue;
      const member = flowMember(p.type, decoratorsOf(p), undefined, params) ?? {};
      members[p.name.text] = { ...member, value: { kind: 'param', index: ctor.parameters.indexOf(p) } };
    }
    for (const s of ctor.body!.statements) {
      if (!ts.isExpressionStatement(s)) continue;
      const e = s.expression;
      if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      if (!ts.isPropertyAccessExpression(e.left) || e.left.expression.kind !== ts.SyntaxKind.ThisKeyword) continue;
      const value = flowExpr(e.right, params);
      if (!value) continue;
      const prop = e.left.name.text;
      members[prop] = { ...members[prop], value };
    }
  }
  const base = extendsOf(node);
  const impl = (node.heritageClauses ?? [])
    .filter((h) => h.token === ts.SyntaxKind.ImplementsKeyword)
    .flatMap((h) => h.types.map((t) => typeRefOf(t)?.name).filter((n): n is string => !!n));
  const typeParams = classTypeParams(node);
  const abstract = (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.AbstractKeyword);
  const superArgs = ctor ? superCallArgs(ctor, params) : undefined;
  const ctorParams = ctor ? ctor.parameters.map((p) => flowMember(p.type, decoratorsOf(p), undefined, params) ?? {}) : undefined;
  return {
    name,
    line: lineOf(node.name ?? node),
    methods,
    members,
    ...(abstract ? { abstract: true as const } : {}),
    ...(typeParams.length ? { typeParams } : {}),
    ...(base ? { extends: { name: base.name, args: base.args.map((a) => (a.name ? a.name : null)) } } : {}),
    ...(impl.length ? { implements: impl } : {}),
    ...(ctor ? { ownConstructor: true as const } : {}),
    ...(superArgs ? { superArgs } : {}),
    ...(ctorParams?.some((p) => Object.keys(p).length) ? { params: ctorParams } : {}),
  };
}

function flowMember(type: ts.TypeNode | undefined, decorators: ReturnType<typeof decoratorsOf>, init: ts.Expression | undefined, params: readonly string[]): FlowMember | undefined {
  const t = typeRefOf(type);
  let inject: FlowToken | undefined;
  const injectors: { name: string; arg?: FlowExpr }[] = [];
  for (const d of decorators) {
    if (d.name === 'Inject' && d.args[0]) {
      const a = skipOuter(d.args[0]);
      const s = literalText(a);
      if (s !== undefined) inject = { kind: 'string', value: s };
      else if (ts.isIdentifier(a)) inject = { kind: 'name', name: a.text };
    } else if (d.name.startsWith('Inject')) {
      const arg = d.args[0] ? flowExpr(d.args[0], []) : undefined;
      injectors.push(arg ? { name: d.name, arg } : { name: d.name });
    }
  }
  const value = init ? flowExpr(init, params) : undefined;
  if (!t && !inject && !value && !injectors.length) return undefined;
  return { ...(t ? { type: t } : {}), ...(inject ? { inject } : {}), ...(injectors.length ? { injectors } : {}), ...(value ? { value } : {}) };
}

function flowExpr(expr: ts.Expression, params: readonly string[]): FlowExpr | undefined {
  const e = skipOuter(expr);
  if (ts.isIdentifier(e)) {
    const i = params.indexOf(e.text);
    if (i >= 0) return { kind: 'param', index: i };
    const decl = findDeclaration(e.text, e);
    return !decl || decl.moduleLevel ? { kind: 'name', name: e.text } : undefined;
  }
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) {
    const decl = findDeclaration(e.expression.text, e.expression);
    return !decl || decl.moduleLevel ? { kind: 'name', name: `${e.expression.text}.${e.name.text}` } : undefined;
  }
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression)) return { kind: 'new', name: e.expression.text };
  const s = literalText(e);
  return s === undefined ? undefined : { kind: 'string', value: s };
}

function superCallArgs(ctor: ts.ConstructorDeclaration, params: readonly string[]): (FlowExpr | null)[] | undefined {
  for (const s of ctor.body?.statements ?? []) {
    if (!ts.isExpressionStatement(s)) continue;
    const e = s.expression;
    if (ts.isCallExpression(e) && e.expression.kind === ts.SyntaxKind.SuperKeyword) return e.arguments.map((a) => flowExpr(a, params) ?? null);
  }
  return undefined;
}

function collectBindings(expr: ts.Expression, out: FlowBinding[]): void {
  const e = skipOuter(expr);
  if (ts.isArrayLiteralExpression(e)) {
    for (const el of e.elements) collectBindings(el, out);
    return;
  }
  if (!ts.isObjectLiteralExpression(e)) return;
  let token: FlowToken | undefined;
  let useClass: string | undefined;
  for (const p of e.properties) {
    if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) {
      const v = skipOuter(p.initializer);
      if (p.name.text === 'provide') {
        const s = literalText(v);
        if (s !== undefined) token = { kind: 'string', value: s };
        else if (ts.isIdentifier(v)) token = { kind: 'name', name: v.text };
      } else if (p.name.text === 'useClass' && ts.isIdentifier(v)) {
        useClass = v.text;
      } else if (ts.isArrayLiteralExpression(v) || ts.isObjectLiteralExpression(v)) {
        collectBindings(v, out);
      }
    }
  }
  if (token && useClass !== undefined) out.push({ token, useClass });
}

/** How a call's receiver may name a repository; undefined when it cannot. */
function receiverOf(expr: ts.Expression): FlowRecv | undefined {
  const e = skipOuter(expr);
  if (e.kind === ts.SyntaxKind.ThisKeyword) return enclosingClass(e) ? { kind: 'this' } : undefined;
  if (e.kind === ts.SyntaxKind.SuperKeyword) return { kind: 'super' };
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
    return enclosingClass(e) ? { kind: 'member', prop: e.name.text } : undefined;
  }
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression)) return { kind: 'new', name: e.expression.text };
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && ts.isIdentifier(e.name)) {
    const decl = findDeclaration(e.expression.text, e.expression);
    return decl?.kind === 'import' || (decl?.moduleLevel && decl.kind === 'variable') ? { kind: 'name', name: `${e.expression.text}.${e.name.text}` } : undefined;
  }
  if (ts.isPropertyAccessExpression(e) && ts.isPropertyAccessExpression(e.expression) && ts.isIdentifier(e.expression.expression)) {
    // `queries.link.find()`: a registry object of namespaces
    const root = e.expression.expression;
    const decl = findDeclaration(root.text, root);
    return decl?.kind === 'import' || (decl?.moduleLevel && decl.kind === 'variable') ? { kind: 'name', name: `${root.text}.${e.expression.name.text}.${e.name.text}` } : undefined;
  }
  if (!ts.isIdentifier(e)) return undefined;
  const decl = findDeclaration(e.text, e);
  if (!decl || decl.moduleLevel) return { kind: 'name', name: e.text };
  if (decl.kind === 'parameter' || decl.kind === 'variable') {
    if (decl.destructured) return undefined;
    const t = typeRefOf(decl.node.type);
    if (t && !t.typeQuery && /^[A-Z]/.test(t.name.slice(t.name.lastIndexOf('.') + 1))) return { kind: 'typed', type: t };
    const init = decl.kind === 'variable' && decl.node.initializer ? skipOuter(decl.node.initializer) : undefined;
    if (init && ts.isNewExpression(init) && ts.isIdentifier(init.expression)) return { kind: 'new', name: init.expression.text };
  }
  return undefined;
}

/**
 * The method or function `node` belongs to: `Class#method` (constructors are `Class#constructor`,
 * arrow-function properties count as methods), `#name` for a module-level function or a
 * module-level `const name = (...) => ...`, '' for module-level code. Callbacks belong to the
 * method or function they are written in.
 */
export function ownerOf(node: ts.Node): string {
  let fnName: string | undefined;
  // a pass-through expression is no class, member or function, nor the child of a class
  for (let n: ts.Node | undefined = structuralParent(node); n; n = structuralParent(n)) {
    if (ts.isClassLike(n)) return '';
    const p = n.parent;
    if (p && ts.isClassLike(p)) {
      const cls = className(p);
      if (cls === undefined) return '';
      if (ts.isConstructorDeclaration(n)) return `${cls}#constructor`;
      if ((ts.isMethodDeclaration(n) || ts.isPropertyDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n)) && n.name) {
        const name = ts.isIdentifier(n.name) || ts.isStringLiteral(n.name) || ts.isPrivateIdentifier(n.name) ? n.name.text : undefined;
        return name === undefined ? '' : `${cls}#${name}`;
      }
      return '';
    }
    if (ts.isFunctionDeclaration(n) && n.name && p && ts.isSourceFile(p)) fnName = n.name.text;
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) {
      const stmt = p.parent?.parent;
      if (stmt && ts.isVariableStatement(stmt) && ts.isSourceFile(stmt.parent)) fnName = p.name.text;
    }
    if (ts.isSourceFile(n)) return fnName === undefined ? '' : `#${fnName}`;
  }
  return fnName === undefined ? '' : `#${fnName}`;
}

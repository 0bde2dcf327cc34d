/**
 * Small, dependency-free questions the data analyzers ask of one parsed file: where a name is
 * declared, what a type annotation refers to, which methods are chained after a call.
 * No type checker: these answer from the syntax alone, which is all `collect` has.
 */
import ts from '../../src/shared/typescript.cjs';
import { sourceFileOf, walkAst } from '../../src/shared/ast-walk.js';

export function lineOf(node: ts.Node): number {
  const sf = sourceFileOf(node);
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/** Local name -> where it is imported from (`import { Entity as E } from 'typeorm'` gives E -> typeorm/Entity). */
export interface ImportedName {
  readonly source: string;
  /** the exported name, `default`, or `*` for a namespace import or a whole `require()` */
  readonly imported: string;
}

export function importsOf(sf: ts.SourceFile): Map<string, ImportedName> {
  const out = new Map<string, ImportedName>();
  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier) && stmt.importClause) {
      const source = stmt.moduleSpecifier.text;
      const clause = stmt.importClause;
      if (clause.name) out.set(clause.name.text, { source, imported: 'default' });
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) out.set(nb.name.text, { source, imported: '*' });
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) out.set(el.name.text, { source, imported: (el.propertyName ?? el.name).text });
      }
    } else if (ts.isImportEqualsDeclaration(stmt) && ts.isExternalModuleReference(stmt.moduleReference)) {
      const e = stmt.moduleReference.expression;
      if (ts.isStringLiteral(e)) out.set(stmt.name.text, { source: e.text, imported: '*' });
    } else if (ts.isVariableStatement(stmt)) {
      // const x = require('m'); const { a, b: c } = require('m'); const x = require('m').y
      for (const d of stmt.declarationList.declarations) {
        if (!d.initializer) continue;
        const req = requiredModule(d.initializer);
        if (req === undefined) {
          const init = skipOuter(d.initializer);
          if (ts.isPropertyAccessExpression(init) && ts.isIdentifier(d.name)) {
            const inner = requiredModule(init.expression);
            if (inner !== undefined) out.set(d.name.text, { source: inner, imported: init.name.text });
          }
          continue;
        }
        if (ts.isIdentifier(d.name)) out.set(d.name.text, { source: req, imported: '*' });
        else if (ts.isObjectBindingPattern(d.name)) {
          for (const el of d.name.elements) {
            if (!ts.isIdentifier(el.name)) continue;
            const prop = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
            out.set(el.name.text, { source: req, imported: prop });
          }
        }
      }
    }
  }
  return out;
}

/** `require('x')` -> 'x' */
export function requiredModule(expr: ts.Expression): string | undefined {
  const e = skipOuter(expr);
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require') {
    const arg = e.arguments[0];
    if (arg && ts.isStringLiteralLike(arg)) return arg.text;
  }
  return undefined;
}

/** Strip parentheses, `await`, `as`, `satisfies`, `!` and type assertions. */
export function skipOuter(expr: ts.Expression): ts.Expression {
  let e = expr;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e) || ts.isAwaitExpression(e)) {
      e = e.expression;
    } else {
      return e;
    }
  }
}

export interface DecoratorCall {
  readonly name: string;
  readonly args: readonly ts.Expression[];
  readonly node: ts.Decorator;
}

/** `@Entity('orders')` -> { name: 'Entity', args: ['orders'] }; `@Entity` -> { name: 'Entity', args: [] } */
export function decoratorsOf(node: ts.Node): DecoratorCall[] {
  if (!ts.canHaveDecorators(node)) return [];
  const out: DecoratorCall[] = [];
  for (const d of ts.getDecorators(node) ?? []) {
    const e = d.expression;
    if (ts.isCallExpression(e)) {
      const name = calleeName(e.expression);
      if (name) out.push({ name, args: e.arguments, node: d });
    } else {
      const name = calleeName(e);
      if (name) out.push({ name, args: [], node: d });
    }
  }
  return out;
}

/** `Entity` or `orm.Entity` -> the last name */
function calleeName(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

/** The local identifier a decorator was written with (`Entity` in `@Entity()`, `orm` in `@orm.Entity()`). */
export function decoratorRoot(d: DecoratorCall): string | undefined {
  let e = d.node.expression;
  if (ts.isCallExpression(e)) e = e.expression;
  while (ts.isPropertyAccessExpression(e)) e = e.expression;
  return ts.isIdentifier(e) ? e.text : undefined;
}

/** `{ name: 'orders' }` -> the initializer of property `name`, when the object is a literal. */
export function objectProperty(obj: ts.Expression | undefined, name: string): ts.Expression | undefined {
  if (!obj) return undefined;
  const o = skipOuter(obj);
  if (!ts.isObjectLiteralExpression(o)) return undefined;
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p) && propertyNameText(p.name) === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/** A string literal or a template without substitutions. */
export function literalText(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const x = skipOuter(e);
  return ts.isStringLiteralLike(x) ? x.text : undefined;
}

/** A boolean literal, or undefined. */
export function literalBoolean(e: ts.Expression | undefined): boolean | undefined {
  if (!e) return undefined;
  const x = skipOuter(e);
  if (x.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (x.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

/** A member call `recv.method(args)`, with the receiver and method name split out. */
export interface MemberCall {
  readonly call: ts.CallExpression;
  readonly receiver: ts.Expression;
  readonly method: string;
}

export function asMemberCall(node: ts.Node): MemberCall | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const callee = node.expression;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) {
    return { call: node, receiver: callee.expression, method: callee.name.text };
  }
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) {
    return { call: node, receiver: callee.expression, method: callee.argumentExpression.text };
  }
  return undefined;
}

/** The calls chained after `call`: `qb(...).where(...).getMany()` seen from `qb(...)` gives where, getMany. */
export function chainAfter(call: ts.CallExpression): MemberCall[] {
  const out: MemberCall[] = [];
  let node: ts.Expression = call;
  for (;;) {
    let p = node.parent;
    while (p && ts.isNonNullExpression(p)) p = p.parent;
    if (!p || !ts.isPropertyAccessExpression(p) || !ts.isIdentifier(p.name)) break;
    const outer = p.parent;
    if (!outer || !ts.isCallExpression(outer) || outer.expression !== p) break;
    out.push({ call: outer, receiver: p.expression, method: p.name.text });
    node = outer;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Scopes

export type Declaration =
  | { readonly kind: 'parameter'; readonly node: ts.ParameterDeclaration; readonly destructured: boolean; readonly moduleLevel: false }
  | { readonly kind: 'variable'; readonly node: ts.VariableDeclaration; readonly destructured: boolean; readonly moduleLevel: boolean }
  | { readonly kind: 'import'; readonly moduleLevel: true }
  | { readonly kind: 'class' | 'function' | 'other'; readonly node: ts.Node; readonly moduleLevel: boolean };

/**
 * Expression kinds no ancestor walk in the data and route collectors stops at: a walk up from a
 * node may step over them. In a 3,000-term `a.f() + a.f() + ...` (or any long chain) every term
 * sits under a chain of them as deep as the terms before it, so a walk per term that visits each
 * one is quadratic in the expression's length.
 */
const PASS_THROUGH: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.BinaryExpression,
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.PropertyAccessExpression,
  ts.SyntaxKind.ElementAccessExpression,
  ts.SyntaxKind.ParenthesizedExpression,
  ts.SyntaxKind.NonNullExpression,
  ts.SyntaxKind.AsExpression,
  ts.SyntaxKind.SatisfiesExpression,
  ts.SyntaxKind.TypeAssertionExpression,
  ts.SyntaxKind.ConditionalExpression,
  ts.SyntaxKind.PrefixUnaryExpression,
  ts.SyntaxKind.PostfixUnaryExpression,
  ts.SyntaxKind.AwaitExpression,
  ts.SyntaxKind.TemplateExpression,
  ts.SyntaxKind.TemplateSpan,
  ts.SyntaxKind.ArrayLiteralExpression,
  ts.SyntaxKind.SpreadElement,
]);

/** PASS_THROUGH as a table indexed by kind: asked for every ancestor of every receiver, a Set lookup shows in profiles. */
const passesThrough: Uint8Array = (() => {
  const table = new Uint8Array(ts.SyntaxKind.Count);
  for (const kind of PASS_THROUGH) table[kind] = 1;
  return table;
})();

/** node -> its nearest ancestor of a kind not in PASS_THROUGH (undefined at the top), for long climbs only */
const structuralParents = new WeakMap<ts.Node, ts.Node | undefined>();

/** Climbs up to this many pass-through ancestors are not remembered (see `structuralParent`). */
const SHORT_CLIMB = 16;

/**
 * The nearest ancestor of `node` that is not a pass-through expression. Most nodes find it a few
 * steps up; a climb over more than SHORT_CLIMB pass-through ancestors is memoised for every node
 * it passes (path compression), so walking up from each of n terms of a chain costs O(n) in all.
 * (Remembering every short climb too cost more than the climbs: a WeakMap entry per node, and the
 * garbage collector's work on them.)
 */
export function structuralParent(node: ts.Node): ts.Node | undefined {
  let n = node.parent;
  for (let i = 0; i < SHORT_CLIMB; i++) {
    if (!n || passesThrough[n.kind] === 0) return n;
    n = n.parent;
  }
  return climbRemembering(node);
}

function climbRemembering(node: ts.Node): ts.Node | undefined {
  if (structuralParents.has(node)) return structuralParents.get(node);
  const path: ts.Node[] = [node];
  let n = node.parent;
  let found: ts.Node | undefined;
  for (;;) {
    if (!n) break;
    if (passesThrough[n.kind] === 0) {
      found = n;
      break;
    }
    if (structuralParents.has(n)) {
      found = structuralParents.get(n);
      break;
    }
    path.push(n);
    n = n.parent;
  }
  for (const p of path) structuralParents.set(p, found);
  return found;
}

/**
 * The declaration `name` refers to at `from`, found by walking the enclosing scopes (function
 * parameters, block-level `const`/`let`/`var`, then the module). Hoisting and shadowing order
 * within one block are ignored: good enough to tell a local repository from an imported one.
 */
export function findDeclaration(name: string, from: ts.Node): Declaration | undefined {
  // none of the scopes below is a pass-through expression: step over those in one move
  for (let n: ts.Node | undefined = structuralParent(from); n; n = structuralParent(n)) {
    if (ts.isFunctionLike(n)) {
      for (const p of n.parameters) {
        if (ts.isIdentifier(p.name) && p.name.text === name) return { kind: 'parameter', node: p, destructured: false, moduleLevel: false };
        if (!ts.isIdentifier(p.name) && bindsName(p.name, name)) return { kind: 'parameter', node: p, destructured: true, moduleLevel: false };
      }
    }
    if (ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n)) {
      const found = findInStatements(n.statements, name, ts.isSourceFile(n));
      if (found) return found;
    }
    if ((ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n)) && n.initializer && ts.isVariableDeclarationList(n.initializer)) {
      for (const d of n.initializer.declarations) {
        if (bindsName(d.name, name)) return { kind: 'variable', node: d, destructured: !ts.isIdentifier(d.name), moduleLevel: false };
      }
    }
    if (ts.isCatchClause(n) && n.variableDeclaration && bindsName(n.variableDeclaration.name, name)) {
      return { kind: 'variable', node: n.variableDeclaration, destructured: !ts.isIdentifier(n.variableDeclaration.name), moduleLevel: false };
    }
  }
  return undefined;
}

/** A name this module takes from another: `import { Q } from`, `const Q = require(...)`, `const { Q } = require(...)`. */
export function isImportedName(id: ts.Identifier): boolean {
  const decl = findDeclaration(id.text, id);
  if (decl?.kind === 'import') return true;
  return decl?.kind === 'variable' && decl.moduleLevel && !!decl.node.initializer && requiredModule(skipOuter(decl.node.initializer)) !== undefined;
}

/**
 * The first declaration of each name among a block's statements, built once per block: lookups
 * from every identifier of a file would otherwise rescan the same statements again and again
 * (quadratic in the size of a file's top level).
 */
const declarationsCache = new WeakMap<ts.NodeArray<ts.Statement>, Map<string, Declaration>>();

function findInStatements(statements: ts.NodeArray<ts.Statement>, name: string, moduleLevel: boolean): Declaration | undefined {
  let declared = declarationsCache.get(statements);
  if (!declared) {
    declared = declarationsIn(statements, moduleLevel);
    declarationsCache.set(statements, declared);
  }
  return declared.get(name);
}

/** Each name bound by `statements`, with the first statement (in order) that binds it. */
function declarationsIn(statements: ts.NodeArray<ts.Statement>, moduleLevel: boolean): Map<string, Declaration> {
  const out = new Map<string, Declaration>();
  const add = (name: string, d: Declaration): void => {
    if (!out.has(name)) out.set(name, d);
  };
  for (const s of statements) {
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const decl: Declaration = { kind: 'variable', node: d, destructured: !ts.isIdentifier(d.name), moduleLevel };
        for (const name of boundNames(d.name)) add(name, decl);
      }
    } else if (ts.isFunctionDeclaration(s)) {
      if (s.name) add(s.name.text, { kind: 'function', node: s, moduleLevel });
    } else if (ts.isClassDeclaration(s)) {
      if (s.name) add(s.name.text, { kind: 'class', node: s, moduleLevel });
    } else if (ts.isEnumDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) {
      add(s.name.text, { kind: 'other', node: s, moduleLevel });
    } else if (moduleLevel && ts.isImportDeclaration(s) && s.importClause) {
      for (const name of importedNames(s.importClause)) add(name, { kind: 'import', moduleLevel: true });
    } else if (moduleLevel && ts.isImportEqualsDeclaration(s)) {
      add(s.name.text, { kind: 'import', moduleLevel: true });
    }
  }
  return out;
}

function importedNames(clause: ts.ImportClause): string[] {
  const out: string[] = [];
  if (clause.name) out.push(clause.name.text);
  const nb = clause.namedBindings;
  if (nb && ts.isNamespaceImport(nb)) out.push(nb.name.text);
  else if (nb) for (const el of nb.elements) out.push(el.name.text);
  return out;
}

function boundNames(b: ts.BindingName, out: string[] = []): string[] {
  if (ts.isIdentifier(b)) {
    out.push(b.text);
    return out;
  }
  for (const el of b.elements) {
    if (ts.isOmittedExpression(el)) continue;
    boundNames(el.name, out);
  }
  return out;
}

function bindsName(b: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(b)) return b.text === name;
  for (const el of b.elements) {
    if (ts.isOmittedExpression(el)) continue;
    if (bindsName(el.name, name)) return true;
  }
  return false;
}

/** The class whose body contains `node` (the class of `this`, ignoring nested plain functions). */
export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n: ts.Node | undefined = structuralParent(node); n; n = structuralParent(n)) {
    if (ts.isClassLike(n)) return n;
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return undefined;
  }
  return undefined;
}

/** Where a `this.prop` is declared in a class: a property, a constructor parameter property, or a `this.prop = ...` in the constructor. */
export interface MemberDeclaration {
  readonly type?: ts.TypeNode;
  readonly decorators: readonly DecoratorCall[];
  readonly initializer?: ts.Expression;
}

const membersCache = new WeakMap<ts.ClassLikeDeclaration, Map<string, MemberDeclaration>>();

export function classMembers(cls: ts.ClassLikeDeclaration): ReadonlyMap<string, MemberDeclaration> {
  let out = membersCache.get(cls);
  if (!out) {
    out = readClassMembers(cls);
    membersCache.set(cls, out);
  }
  return out;
}

function readClassMembers(cls: ts.ClassLikeDeclaration): Map<string, MemberDeclaration> {
  const out = new Map<string, MemberDeclaration>();
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m)) {
      const name = propertyNameText(m.name);
      if (name !== undefined) out.set(name, { type: m.type, decorators: decoratorsOf(m), initializer: m.initializer });
    } else if (ts.isConstructorDeclaration(m)) {
      for (const p of m.parameters) {
        if (!ts.isIdentifier(p.name)) continue;
        const isProperty = (ts.getModifiers(p) ?? []).some((mod) =>
          [ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.PublicKeyword, ts.SyntaxKind.ReadonlyKeyword].includes(mod.kind),
        );
        if (isProperty) out.set(p.name.text, { type: p.type, decorators: decoratorsOf(p) });
      }
    } else if (ts.isGetAccessorDeclaration(m) && m.body) {
      // get repo() { return this.ds.getRepository(Order); }
      const name = propertyNameText(m.name);
      const ret = m.body.statements.find(ts.isReturnStatement);
      if (name !== undefined && !out.has(name)) out.set(name, { type: m.type, decorators: [], initializer: ret?.expression });
    }
  }
  // `this.repo = dataSource.getRepository(Order)` in the constructor, for members declared without a usable type
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  if (ctor?.body) {
    for (const s of ctor.body.statements) {
      if (!ts.isExpressionStatement(s)) continue;
      const e = s.expression;
      if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const left = e.left;
      if (!ts.isPropertyAccessExpression(left) || left.expression.kind !== ts.SyntaxKind.ThisKeyword) continue;
      const name = left.name.text;
      const prev = out.get(name);
      if (!prev) out.set(name, { decorators: [], initializer: e.right });
      else if (!prev.initializer) out.set(name, { ...prev, initializer: e.right });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Types

/** `Repository<Order>` -> { name: 'Repository', args: [{ name: 'Order' }] }; `typeof Order` -> { name: 'Order', typeQuery: true } */
export interface TypeRef {
  readonly name: string;
  readonly args: readonly TypeRef[];
  readonly typeQuery?: boolean;
}

/** The one type a declaration is about: `Repository<Order> | undefined` gives Repository<Order>. */
export function typeRefOf(node: ts.TypeNode | undefined): TypeRef | undefined {
  if (!node) return undefined;
  if (ts.isParenthesizedTypeNode(node)) return typeRefOf(node.type);
  if (ts.isTypeReferenceNode(node)) {
    return { name: entityNameText(node.typeName), args: (node.typeArguments ?? []).map((a) => typeRefOf(a) ?? { name: '', args: [] }) };
  }
  if (ts.isExpressionWithTypeArguments(node)) {
    const name = expressionNameText(node.expression);
    return name === undefined ? undefined : { name, args: (node.typeArguments ?? []).map((a) => typeRefOf(a) ?? { name: '', args: [] }) };
  }
  if (ts.isTypeQueryNode(node)) return { name: entityNameText(node.exprName), args: [], typeQuery: true };
  if (ts.isUnionTypeNode(node)) {
    const real = node.types.filter((t) => !isNullish(t));
    return real.length === 1 ? typeRefOf(real[0]) : undefined;
  }
  return undefined;
}

/** The property a name is bound from in `{ a, b: name }` (`a`, `b`); undefined for a rest element or a computed key. */
export function boundProperty(pattern: ts.ObjectBindingPattern, name: string): string | undefined {
  const element = pattern.elements.find((e) => ts.isIdentifier(e.name) && e.name.text === name);
  if (!element || element.dotDotDotToken) return undefined;
  if (!element.propertyName) return name;
  return ts.isIdentifier(element.propertyName) || ts.isStringLiteral(element.propertyName) ? element.propertyName.text : undefined;
}

/**
 * The declared type of a name bound by destructuring a typed parameter or variable:
 * `({ team }: Props)` with `type Props = { team: Team }` (or an interface, or an inline type
 * literal, or an intersection holding one) gives `Team`. Only types declared in the same file
 * are read; a nested pattern or a renamed binding gives its property's type as well.
 */
export function destructuredType(decl: ts.ParameterDeclaration | ts.VariableDeclaration, name: string): ts.TypeNode | undefined {
  if (!ts.isObjectBindingPattern(decl.name) || !decl.type) return undefined;
  const property = boundProperty(decl.name, name);
  return property === undefined ? undefined : propertyType(decl.type, property, decl.getSourceFile(), 0);
}

/**
 * The declared type a variable gets from the function its initializer calls, when that function
 * is declared at the top of the same file with a return type: `const { user } = await
 * validate(ctx)` with `async function validate(): Promise<{ user: User }>` gives `User` for
 * `user` (a `Promise<T>` is awaited: T).
 */
export function returnedType(decl: ts.VariableDeclaration, name: string): ts.TypeNode | undefined {
  if (!decl.initializer || decl.type) return undefined;
  const init = skipOuter(decl.initializer);
  if (!ts.isCallExpression(init) || !ts.isIdentifier(init.expression)) return undefined;
  const callee = init.expression.text;
  const sf = decl.getSourceFile();
  let type: ts.TypeNode | undefined;
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name?.text === callee && st.body) type = st.type;
    else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const fn = d.initializer && skipOuter(d.initializer);
        if (ts.isIdentifier(d.name) && d.name.text === callee && fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) type = fn.type;
      }
    }
    if (type) break;
  }
  if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Promise' && type.typeArguments?.length === 1) type = type.typeArguments[0];
  if (!type) return undefined;
  if (ts.isIdentifier(decl.name)) return decl.name.text === name ? type : undefined;
  if (!ts.isObjectBindingPattern(decl.name)) return undefined;
  const property = boundProperty(decl.name, name);
  return property === undefined ? undefined : propertyType(type, property, sf, 0);
}

function propertyType(type: ts.TypeNode, property: string, sf: ts.SourceFile, depth: number): ts.TypeNode | undefined {
  if (depth > 8) return undefined;
  if (ts.isParenthesizedTypeNode(type)) return propertyType(type.type, property, sf, depth + 1);
  if (ts.isIntersectionTypeNode(type)) {
    for (const t of type.types) {
      const found = propertyType(t, property, sf, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const members = ts.isTypeLiteralNode(type) ? type.members : undefined;
  if (members) return memberType(members, property);
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const local = type.typeName.text;
  for (const st of sf.statements) {
    if (ts.isInterfaceDeclaration(st) && st.name.text === local) {
      const found = memberType(st.members, property);
      if (found) return found;
      for (const h of st.heritageClauses ?? []) {
        for (const base of h.types) {
          if (!ts.isIdentifier(base.expression)) continue;
          const inherited = propertyType(ts.factory.createTypeReferenceNode(base.expression.text), property, sf, depth + 1);
          if (inherited) return inherited;
        }
      }
    }
    if (ts.isTypeAliasDeclaration(st) && st.name.text === local) return propertyType(st.type, property, sf, depth + 1);
  }
  return undefined;
}

function memberType(members: ts.NodeArray<ts.TypeElement>, property: string): ts.TypeNode | undefined {
  for (const m of members) {
    if (ts.isPropertySignature(m) && m.type && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) && m.name.text === property) return m.type;
  }
  return undefined;
}

/** Every type reference inside a type (for aliases: `User & Document` gives User, Document). */
export function typeRefsIn(node: ts.TypeNode): TypeRef[] {
  const out: TypeRef[] = [];
  walkAst(node, (n) => {
    if (ts.isTypeReferenceNode(n) || ts.isTypeQueryNode(n)) {
      const r = typeRefOf(n);
      if (r) out.push(r);
    }
  });
  return out;
}

function isNullish(t: ts.TypeNode): boolean {
  return (
    t.kind === ts.SyntaxKind.UndefinedKeyword ||
    t.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword)
  );
}

function entityNameText(n: ts.EntityName): string {
  return ts.isIdentifier(n) ? n.text : `${entityNameText(n.left)}.${n.right.text}`;
}

function expressionNameText(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) {
    const left = expressionNameText(e.expression);
    return left === undefined ? undefined : `${left}.${e.name.text}`;
  }
  return undefined;
}

/** `class A extends B<C>` -> B<C> */
export function extendsOf(cls: ts.ClassLikeDeclaration): TypeRef | undefined {
  for (const h of cls.heritageClauses ?? []) {
    if (h.token !== ts.SyntaxKind.ExtendsKeyword) continue;
    const t = h.types[0];
    if (t) return typeRefOf(t);
  }
  return undefined;
}

/** The type parameter names of the class `node` sits in, if any. */
export function classTypeParams(cls: ts.ClassLikeDeclaration | undefined): string[] {
  return cls?.typeParameters?.map((p) => p.name.text) ?? [];
}

/** The name a class is known by in its module: its own name, or the variable it is assigned to. */
export function className(cls: ts.ClassLikeDeclaration): string | undefined {
  if (cls.name) return cls.name.text;
  const p = cls.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isExportAssignment(p)) return 'default';
  if (ts.isClassDeclaration(cls) && (ts.getModifiers(cls) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) return 'default';
  return undefined;
}

/** True when `stmt`-level node is declared at the top of the file. */
export function isModuleLevel(node: ts.Node): boolean {
  let n: ts.Node | undefined = node.parent;
  while (n && (ts.isVariableDeclarationList(n) || ts.isVariableStatement(n))) n = n.parent;
  return !!n && ts.isSourceFile(n);
}

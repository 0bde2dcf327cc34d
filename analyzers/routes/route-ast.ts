/**
 * AST helpers shared by the route analyzers: finding what an identifier refers to inside one file
 * and naming handlers. Everything here reads one parsed file; values across files are evaluated
 * at link time (static-value.ts, route-path.ts, router-graph.ts).
 */
import ts from '../../src/shared/typescript.cjs';
import { sourceFileOf } from '../../src/shared/ast-walk.js';

/** Express/Koa/Fastify shorthand verbs, lower-case as written in code; `all` maps to `ALL`. */
export const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all'] as const;

/** Method names exported by file-based routers (Next.js app router, SvelteKit, SolidStart, Astro). */
export const EXPORTED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export function isHttpVerb(name: string): boolean {
  return (HTTP_VERBS as readonly string[]).includes(name);
}

export function lineOf(node: ts.Node): number {
  const sf = sourceFileOf(node);
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/**
 * What a method chain starts on, folded link by link: in `router.route('/p').get(h).post(h)` the
 * last call holds the one before it, down to `router`. `base` reads the start, `step` one link
 * (its method name and what the links below it gave; undefined stops the chain). `passes`, when
 * given, is asked first, outermost link first: a link it refuses ends the chain there, as
 * undefined, and nothing below it is read (the start is not evaluated for nothing). `isStart`
 * marks a call that starts a chain itself (`new Hono()`, `createApp()`): `base` reads it.
 *
 * A loop with a memo per link rather than recursion: a chain can be thousands of calls long
 * (generated route tables), and every call in it asks again for its own receiver, so recursion
 * would both overflow the stack and cost time quadratic in the chain's length.
 */
export function foldChain<T>(
  expr: ts.Expression,
  memo: Map<ts.Node, T | null>,
  base: (start: ts.Expression) => T | undefined,
  step: (call: ts.CallExpression & { expression: ts.PropertyAccessExpression }, inner: T) => T | undefined,
  { passes, isStart }: { passes?: (call: ts.CallExpression & { expression: ts.PropertyAccessExpression }) => boolean; isStart?: (e: ts.Expression) => boolean } = {},
): T | undefined {
  const links: (ts.CallExpression & { expression: ts.PropertyAccessExpression })[] = [];
  let e = unwrap(expr);
  let acc: T | null | undefined;
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && !isStart?.(e)) {
    if (memo.has(e)) {
      acc = memo.get(e);
      break;
    }
    const link = e as ts.CallExpression & { expression: ts.PropertyAccessExpression };
    if (passes && !passes(link)) {
      acc = null;
      memo.set(link, null);
      break;
    }
    links.push(link);
    e = unwrap(e.expression.expression);
  }
  if (acc === undefined) acc = base(e) ?? null;
  for (let i = links.length - 1; i >= 0; i--) {
    acc = acc === null ? null : step(links[i]!, acc) ?? null;
    memo.set(links[i]!, acc);
  }
  return acc ?? undefined;
}

export function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isNonNullExpression(e) ||
    ts.isTypeAssertionExpression(e) ||
    ts.isAwaitExpression(e)
  ) {
    e = e.expression;
  }
  return e;
}

/** `a.b.c` -> ['a', 'b', 'c'] (with `this` as a name); undefined for anything else. */
export function propertyChain(expr: ts.Expression): string[] | undefined {
  const e = unwrap(expr);
  if (ts.isIdentifier(e)) return [e.text];
  if (e.kind === ts.SyntaxKind.ThisKeyword) return ['this'];
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name)) {
    const head = propertyChain(e.expression);
    return head ? [...head, e.name.text] : undefined;
  }
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
    const head = propertyChain(e.expression);
    return head ? [...head, e.argumentExpression.text] : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Scopes: what a name refers to, without a type checker.

export type Declaration =
  | ts.VariableDeclaration
  | ts.ParameterDeclaration
  | ts.BindingElement
  | ts.FunctionDeclaration
  | ts.ClassDeclaration
  | ts.EnumDeclaration
  | ts.ImportClause
  | ts.ImportSpecifier
  | ts.NamespaceImport
  | ts.ImportEqualsDeclaration;

function bindingDeclares(name: ts.BindingName, text: string): ts.VariableDeclaration | ts.BindingElement | undefined {
  if (ts.isIdentifier(name)) return undefined;
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    if (ts.isIdentifier(element.name)) {
      if (element.name.text === text) return element;
    } else {
      const inner = bindingDeclares(element.name, text);
      if (inner) return inner;
    }
  }
  return undefined;
}

function variableListDeclares(list: ts.VariableDeclarationList, text: string): Declaration | undefined {
  for (const decl of list.declarations) {
    if (ts.isIdentifier(decl.name)) {
      if (decl.name.text === text) return decl;
    } else {
      const found = bindingDeclares(decl.name, text);
      if (found) return found;
    }
  }
  return undefined;
}

function statementDeclares(statement: ts.Statement, text: string): Declaration | undefined {
  if (ts.isVariableStatement(statement)) return variableListDeclares(statement.declarationList, text);
  if (
    (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
    statement.name?.text === text
  ) {
    return statement;
  }
  if (ts.isImportDeclaration(statement) && statement.importClause) {
    const clause = statement.importClause;
    if (clause.name?.text === text) return clause;
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === text) return bindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const specifier of bindings.elements) if (specifier.name.text === text) return specifier;
    }
  }
  if (ts.isImportEqualsDeclaration(statement) && statement.name.text === text) return statement;
  return undefined;
}

function statementsOf(node: ts.Node): readonly ts.Statement[] | undefined {
  if (ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node)) return node.statements;
  if (ts.isCaseClause(node) || ts.isDefaultClause(node)) return node.statements;
  return undefined;
}

/** A node that can declare names: a statement list, a function (its parameters), a `for` head. */
function isScope(node: ts.Node): boolean {
  return statementsOf(node) !== undefined || ts.isFunctionLike(node) || ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node);
}

/** node -> the nearest scope strictly above it (null: none); filled along every path walked. */
const scopeAbove = new WeakMap<ts.Node, ts.Node | null>();

/**
 * The nearest scope above `node`. Between an identifier and its scope there can be thousands of
 * expressions (a handler inside a 3,000-call route chain), and every identifier on the way asks
 * the same question: remembering the answer for each node passed makes all of them linear.
 */
function scopeOf(node: ts.Node): ts.Node | undefined {
  const passed: ts.Node[] = [];
  let found: ts.Node | null = null;
  for (let cur = node.parent; cur; cur = cur.parent) {
    if (isScope(cur)) {
      found = cur;
      break;
    }
    const known = scopeAbove.get(cur);
    if (known !== undefined) {
      found = known;
      break;
    }
    passed.push(cur);
  }
  scopeAbove.set(node, found);
  for (const p of passed) scopeAbove.set(p, found);
  return found ?? undefined;
}

/** The declaration a name refers to at the place `identifier` is written, walking outwards. */
export function findDeclaration(identifier: ts.Identifier): Declaration | undefined {
  const text = identifier.text;
  for (let node = scopeOf(identifier); node; node = scopeOf(node)) {
    const statements = statementsOf(node);
    if (statements) {
      for (const statement of statements) {
        const found = statementDeclares(statement, text);
        if (found) return found;
      }
    }
    if (ts.isFunctionLike(node)) {
      for (const param of node.parameters) {
        if (ts.isIdentifier(param.name)) {
          if (param.name.text === text) return param;
        } else {
          const found = bindingDeclares(param.name, text);
          if (found) return found;
        }
      }
      if (ts.isFunctionExpression(node) && node.name?.text === text) return undefined;
    }
    if (
      (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) &&
      node.initializer &&
      ts.isVariableDeclarationList(node.initializer)
    ) {
      const found = variableListDeclares(node.initializer, text);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * `new C()` where `C` is a parameter typed `typeof X` (`function register(app, RouterClass: typeof
 * AppRouter)`): X, the class the parameter holds (or a subclass of it).
 */
export function parameterClass(callee: ts.Identifier): ts.Identifier | undefined {
  const decl = findDeclaration(callee);
  if (!decl || !ts.isParameter(decl) || !decl.type || !ts.isTypeQueryNode(decl.type)) return undefined;
  return ts.isIdentifier(decl.type.exprName) ? decl.type.exprName : undefined;
}

export function isConstDeclaration(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

/** Where an import-like declaration comes from: `{ specifier, name }` with name `default`, `*` or the exported name. */
export function importOf(decl: Declaration): { specifier: string; name: string } | undefined {
  if (ts.isImportClause(decl)) {
    return { specifier: (decl.parent.moduleSpecifier as ts.StringLiteral).text, name: 'default' };
  }
  if (ts.isNamespaceImport(decl)) {
    return { specifier: (decl.parent.parent.moduleSpecifier as ts.StringLiteral).text, name: '*' };
  }
  if (ts.isImportSpecifier(decl)) {
    const specifier = (decl.parent.parent.parent.moduleSpecifier as ts.StringLiteral).text;
    return { specifier, name: (decl.propertyName ?? decl.name).text };
  }
  if (ts.isImportEqualsDeclaration(decl)) {
    const ref = decl.moduleReference;
    if (ts.isExternalModuleReference(ref) && ts.isStringLiteralLike(ref.expression)) {
      return { specifier: ref.expression.text, name: '*' };
    }
    return undefined;
  }
  if (ts.isVariableDeclaration(decl) && decl.initializer) {
    const specifier = requiredSpecifier(decl.initializer);
    if (specifier !== undefined) return { specifier, name: '*' };
  }
  if (ts.isBindingElement(decl) && ts.isObjectBindingPattern(decl.parent)) {
    const holder = decl.parent.parent;
    if (ts.isVariableDeclaration(holder) && holder.initializer) {
      const specifier = requiredSpecifier(holder.initializer);
      const property = decl.propertyName ?? decl.name;
      if (specifier !== undefined && ts.isIdentifier(property)) return { specifier, name: property.text };
    }
  }
  return undefined;
}

/** `require('x')` -> 'x' */
export function requiredSpecifier(expr: ts.Expression): string | undefined {
  const e = unwrap(expr);
  if (
    ts.isCallExpression(e) &&
    ts.isIdentifier(e.expression) &&
    e.expression.text === 'require' &&
    e.arguments.length === 1 &&
    e.arguments[0] !== undefined &&
    ts.isStringLiteralLike(e.arguments[0])
  ) {
    return e.arguments[0].text;
  }
  return undefined;
}

/** Every module-level import of the file: local name -> where it comes from. */
export function importsOf(sf: ts.SourceFile): Map<string, { specifier: string; name: string }> {
  const result = new Map<string, { specifier: string; name: string }>();
  const add = (decl: Declaration, local: string): void => {
    const source = importOf(decl);
    if (source) result.set(local, source);
  };
  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) add(clause, clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) add(bindings, bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) for (const s of bindings.elements) add(s, s.name.text);
    } else if (ts.isImportEqualsDeclaration(statement)) {
      add(statement, statement.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (ts.isIdentifier(decl.name)) add(decl, decl.name.text);
        else if (ts.isObjectBindingPattern(decl.name)) {
          for (const element of decl.name.elements) {
            if (ts.isIdentifier(element.name)) add(element, element.name.text);
          }
        }
      }
    }
  }
  return result;
}

/** The class whose body contains `node`, if any (for `this.x`). */
export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isClassLike(n)) return n;
    // `this` inside a plain function is not the class instance.
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return undefined;
  }
  return undefined;
}

/** Does this expression look like a path (string-ish) rather than a handler or router? */
export function looksLikePath(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  return (
    ts.isStringLiteralLike(e) ||
    ts.isTemplateExpression(e) ||
    ts.isRegularExpressionLiteral(e) ||
    (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) ||
    (ts.isArrayLiteralExpression(e) && e.elements.every((el) => looksLikePath(el)))
  );
}

/** Short source text for messages. */
export function snippet(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// ---------------------------------------------------------------------------------------------
// Handlers.

/**
 * The name of a handler expression when one is visible: `createOrder`, `ordersController.create`
 * (a leading `this.` dropped), through `.bind(...)` and single wrappers such as `asyncHandler(fn)`.
 */
export function handlerName(expr: ts.Expression | undefined): string | undefined {
  if (!expr) return undefined;
  const e = unwrap(expr);
  const chain = propertyChain(e);
  if (chain) {
    const names = chain[0] === 'this' ? chain.slice(1) : chain;
    if (names.length === 2) {
      const className = instanceClass(e as ts.PropertyAccessExpression);
      if (className !== undefined) return `${className}.${names[1]}`;
    }
    // `import { customerController as c }`: name it as its module does
    const head = baseOf(e);
    if (ts.isIdentifier(head)) {
      const decl = findDeclaration(head);
      if (decl && ts.isImportSpecifier(decl) && decl.propertyName) names[0] = decl.propertyName.text;
    }
    return names.length > 0 ? names.join('.') : undefined;
  }
  if (ts.isCallExpression(e)) {
    const callee = unwrap(e.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'bind') return handlerName(callee.expression);
    const last = e.arguments[e.arguments.length - 1];
    if (ts.isIdentifier(callee) && last !== undefined) return handlerName(last);
  }
  return undefined;
}

/** `X` for `new X(...)`, or a type annotation that names a class `X`. */
function classOfValue(type: ts.TypeNode | undefined, init: ts.Expression | undefined): string | undefined {
  const value = init && unwrap(init);
  if (value && ts.isNewExpression(value) && ts.isIdentifier(value.expression)) return value.expression.text;
  if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && !type.typeArguments) return type.typeName.text;
  return undefined;
}

/**
 * The class of the object a method is taken from, for `controller.findOne` with
 * `const controller = new OrdersController()` or `this.orders.findOne` with a constructor
 * parameter `private orders: OrdersController`.
 */
function instanceClass(access: ts.PropertyAccessExpression): string | undefined {
  const holder = unwrap(access.expression);
  if (ts.isIdentifier(holder)) {
    const decl = findDeclaration(holder);
    if (decl && (ts.isVariableDeclaration(decl) || ts.isParameter(decl))) return classOfValue(decl.type, decl.initializer);
    return undefined;
  }
  if (ts.isPropertyAccessExpression(holder) && holder.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(holder);
    const name = holder.name.text;
    for (const member of cls?.members ?? []) {
      if (ts.isPropertyDeclaration(member) && member.name.getText() === name) return classOfValue(member.type, member.initializer);
      if (ts.isConstructorDeclaration(member)) {
        const param = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === name && ts.getModifiers(p)?.length);
        if (param) return classOfValue(param.type, undefined);
      }
    }
  }
  return undefined;
}

function baseOf(expr: ts.Expression): ts.Expression {
  let e = unwrap(expr);
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = unwrap(e.expression);
  return e;
}

/** Inline function expressions and arrows. */
export function isInlineFunction(expr: ts.Expression): expr is ts.ArrowFunction | ts.FunctionExpression {
  const e = unwrap(expr);
  return ts.isArrowFunction(e) || ts.isFunctionExpression(e);
}

const TEST_ENV_NAME = /(?:NODE_ENV|ENVIRONMENT|APP_ENV|^env|\.env)$/i;
const TEST_FLAG = /^is_?test(?:env|environment|ing)?$/i;

/** A condition that holds only in the test environment: `env.ENVIRONMENT === 'test'`, `process.env.NODE_ENV == "test"`, `env.isTest`. */
function isTestCondition(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  if (ts.isIdentifier(e)) return TEST_FLAG.test(e.text);
  if (ts.isPropertyAccessExpression(e)) return TEST_FLAG.test(e.name.text);
  if (!ts.isBinaryExpression(e)) return false;
  const op = e.operatorToken.kind;
  if (op === ts.SyntaxKind.AmpersandAmpersandToken) return isTestCondition(e.left) || isTestCondition(e.right);
  if (op === ts.SyntaxKind.BarBarToken) return isTestCondition(e.left) && isTestCondition(e.right);
  if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken) return false;
  const [literal, other] = ts.isStringLiteralLike(e.left) ? [e.left, e.right] : [e.right, e.left];
  if (!ts.isStringLiteralLike(literal) || literal.text !== 'test') return false;
  const o = unwrap(other);
  const name = ts.isPropertyAccessExpression(o) ? o.name.text : ts.isElementAccessExpression(o) && ts.isStringLiteralLike(o.argumentExpression) ? o.argumentExpression.text : ts.isIdentifier(o) ? o.text : undefined;
  return name !== undefined && TEST_ENV_NAME.test(name);
}

/**
 * The condition, if any, under which `node` runs only in the test environment: it sits in the
 * `then` branch of such an `if`, the right of such an `&&`, or the true branch of such a `?:`.
 */
export function testOnlyCondition(node: ts.Node): string | undefined {
  for (let child: ts.Node = node, p = node.parent; p; child = p, p = p.parent) {
    if (ts.isIfStatement(p) && p.thenStatement === child && isTestCondition(p.expression)) return p.expression.getText();
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && p.right === child && isTestCondition(p.left)) return p.left.getText();
    if (ts.isConditionalExpression(p) && p.whenTrue === child && isTestCondition(p.condition)) return p.condition.getText();
  }
  return undefined;
}

const CATCH_ALL = /^\/?(?:\*|\(\.\*\)|:\w+[*+]|\*\w+|\{\*\w*\})$/;
const NOT_FOUND = /\b404\b|not[\s_-]?found/i;

/**
 * A catch-all whose handler only answers "not found" (`router.register('*', ['get', 'post'], (ctx)
 * => { ctx.throw(NotFoundError()) })`, `app.all('*', (req, res) => res.status(404).end())`): the
 * server's fallback for what no route matches, not a route a gateway should send anywhere.
 */
export function isNotFoundFallback(paths: readonly string[], handler: ts.Expression | undefined): boolean {
  if (paths.length === 0 || !paths.every((p) => CATCH_ALL.test(p)) || !handler) return false;
  const fn = unwrap(handler);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  if (!ts.isBlock(fn.body)) return NOT_FOUND.test(fn.body.getText());
  const statements = fn.body.statements;
  return statements.length > 0 && statements.every((s) => ts.isThrowStatement(s) || ts.isExpressionStatement(s) || ts.isReturnStatement(s)) && NOT_FOUND.test(fn.body.getText());
}

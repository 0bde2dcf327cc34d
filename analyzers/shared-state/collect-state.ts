/**
 * Per file: the module-level bindings that may hold state shared across requests and modules,
 * how this file's own functions touch them, and which imported names the file really uses
 * (in value positions, outside re-export lists). Plain data only: this may run in a worker.
 *
 * Whether a candidate is state, and of which kind, is decided in `link`, once classes and
 * imports can be followed across modules.
 */
import ts from '../../src/shared/typescript.cjs';
import { walkAst } from '../../src/shared/ast-walk.js';
import type { SourceFileInput } from '../types.js';

/** How a module-level binding is initialised. */
export interface StateInit {
  type: 'new' | 'call' | 'literal' | 'other' | 'none';
  /** constructor or function called: `EventEmitter` for `new events.EventEmitter()`, `getInstance` for `Db.getInstance()` */
  callee?: string;
  /** leftmost identifier of the callee expression (`events`, `Db`), to follow it to a declaration */
  root?: string;
}

export interface StateVariable {
  /** declared name; `default` for `export default new X()` */
  name: string;
  line: number;
  exported: boolean;
  keyword: 'const' | 'let' | 'var' | 'default';
  init: StateInit;
  /** a function of this module changes its contents (`x.set()`, `x.push()`, `x[k] = v`, `delete x.k`) */
  mutated: boolean;
  /** a function of this module assigns it a new instance (`instance ??= new Db()`): a lazy singleton */
  lazyInstance: boolean;
}

export interface StateClass {
  /** declared name; `default` for an anonymous `export default class` */
  name: string;
  line: number;
  exported: boolean;
  extends?: { callee: string; root: string };
  /** declares `static instance` or `static getInstance()` */
  singleton: boolean;
}

/** A value import: `import { a as b } from './x'` is local b, imported a. */
export interface StateImport {
  local: string;
  specifier: string;
  /** exported name in the target, `default`, or `*` for a namespace import */
  imported: string;
}

/** This file uses an imported binding (or, for a namespace import, one of its members). */
export interface StateUse {
  local: string;
  member?: string;
  /** a function of this file changes the binding's contents */
  mutated: boolean;
}

export interface SharedStateLocal {
  variables: StateVariable[];
  classes: StateClass[];
  imports: StateImport[];
  uses: StateUse[];
  /**
   * exported declaration -> the candidate variables and classes of this module it reaches,
   * directly or through other top-level declarations (`export function get() { return cache.get() }`)
   */
  reaches: Record<string, string[]>;
}

const CONTENT_MUTATORS = new Set([
  'set', 'add', 'delete', 'clear', 'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin',
]);
/** module-level `const x = f()` worth keeping: event-bus factories and `X.getInstance()` */
export const STATE_FACTORIES = new Set(['mitt', 'createNanoEvents', 'getInstance']);
const SINGLETON_STATICS = new Set(['instance', '_instance', 'INSTANCE', 'getInstance']);

function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

function unwrap(e: ts.Expression): ts.Expression {
  let cur = e;
  while (
    ts.isParenthesizedExpression(cur) || ts.isAsExpression(cur) || ts.isSatisfiesExpression(cur) ||
    ts.isNonNullExpression(cur) || ts.isTypeAssertionExpression(cur)
  ) {
    cur = cur.expression;
  }
  return cur;
}

/** `X`, `a.b.X` -> { callee: 'X', root: 'X' | 'a' } */
function calleeOf(e: ts.Expression): { callee: string; root: string } | undefined {
  const x = unwrap(e);
  if (ts.isIdentifier(x)) return { callee: x.text, root: x.text };
  if (ts.isPropertyAccessExpression(x)) {
    let root: ts.Expression = x.expression;
    while (ts.isPropertyAccessExpression(root)) root = root.expression;
    root = unwrap(root);
    if (ts.isIdentifier(root)) return { callee: x.name.text, root: root.text };
  }
  return undefined;
}

export function initOf(e: ts.Expression | undefined): StateInit {
  if (!e) return { type: 'none' };
  const x = unwrap(e);
  if (ts.isNewExpression(x)) return { type: 'new', ...calleeOf(x.expression) };
  if (ts.isCallExpression(x)) return { type: 'call', ...calleeOf(x.expression) };
  if (ts.isObjectLiteralExpression(x) || ts.isArrayLiteralExpression(x)) return { type: 'literal' };
  return { type: 'other' };
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** `n = v`, `n += v`, `n++`, `delete n`: the node itself is written. */
function isWritten(n: ts.Node): boolean {
  const p = n.parent;
  if (ts.isBinaryExpression(p)) return p.left === n && isAssignmentOperator(p.operatorToken.kind);
  if (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) {
    return p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken;
  }
  return ts.isDeleteExpression(p);
}

/** Does this expression's value get its contents changed right here? */
function isContentMutation(base: ts.Expression): boolean {
  const p = base.parent;
  if (ts.isPropertyAccessExpression(p) && p.expression === base) {
    const call = p.parent;
    if (ts.isCallExpression(call) && call.expression === p && CONTENT_MUTATORS.has(p.name.text)) return true;
    return isWritten(p);
  }
  if (ts.isElementAccessExpression(p) && p.expression === base) return isWritten(p);
  if (ts.isCallExpression(p) && p.arguments[0] === base) {
    const fn = calleeOf(p.expression);
    return fn?.root === 'Object' && fn.callee === 'assign';
  }
  return false;
}

function isFunctionLike(node: ts.Node): node is ts.SignatureDeclaration {
  return (
    ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

function bindingNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) {
    into.add(name.text);
    return;
  }
  for (const el of name.elements) {
    if (!ts.isOmittedExpression(el)) bindingNames(el.name, into);
  }
}

/** An identifier that reads or writes a binding (not a declaration, property name, or specifier). */
function isValueReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p)) return p.expression === id;
  if (ts.isQualifiedName(p)) return false;
  if (ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) ||
      ts.isMethodDeclaration(p) || ts.isMethodSignature(p) || ts.isGetAccessorDeclaration(p) ||
      ts.isSetAccessorDeclaration(p) || ts.isEnumMember(p)) {
    return p.name !== id;
  }
  if (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) ||
      ts.isClassDeclaration(p) || ts.isClassExpression(p) || ts.isEnumDeclaration(p) || ts.isModuleDeclaration(p) ||
      ts.isTypeParameterDeclaration(p) || ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p)) {
    return p.name !== id;
  }
  if (ts.isBindingElement(p)) return p.name !== id && p.propertyName !== id;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  if (ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p) || ts.isExportSpecifier(p) ||
      ts.isImportEqualsDeclaration(p) || ts.isNamespaceExport(p)) {
    return false;
  }
  if (ts.isJsxAttribute(p)) return false;
  if (ts.isMetaProperty(p)) return false;
  return true;
}

/** `class A extends B`: B is a value, every other type node is not. */
function isClassExtendsExpression(node: ts.Node): boolean {
  return (
    ts.isExpressionWithTypeArguments(node) && ts.isHeritageClause(node.parent) &&
    node.parent.token === ts.SyntaxKind.ExtendsKeyword && ts.isClassLike(node.parent.parent)
  );
}

export function collectSharedState(file: SourceFileInput): SharedStateLocal | undefined {
  const sf = file.sourceFile;
  const imports: StateImport[] = [];
  const namespaceLocals = new Set<string>();
  const variables = new Map<string, StateVariable>();
  const classes: StateClass[] = [];
  /** every name declared at the top level of this file (not imports) */
  const topNames = new Set<string>();
  const exported = new Set<string>();
  /** top-level declaration name -> top-level names it references */
  const refs = new Map<string, Set<string>>();
  /** top-level statements to walk, with the declaration they belong to */
  const bodies: { owner: string | undefined; node: ts.Node }[] = [];

  for (const stmt of sf.statements) {
    const isExported = hasModifier(stmt, ts.SyntaxKind.ExportKeyword);
    const isDefault = hasModifier(stmt, ts.SyntaxKind.DefaultKeyword);
    if (ts.isImportDeclaration(stmt)) {
      const clause = stmt.importClause;
      if (!clause || clause.isTypeOnly || !ts.isStringLiteral(stmt.moduleSpecifier)) continue;
      const specifier = stmt.moduleSpecifier.text;
      if (clause.name) imports.push({ local: clause.name.text, specifier, imported: 'default' });
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) {
        imports.push({ local: nb.name.text, specifier, imported: '*' });
        namespaceLocals.add(nb.name.text);
      } else if (nb) {
        for (const el of nb.elements) {
          if (!el.isTypeOnly) imports.push({ local: el.name.text, specifier, imported: (el.propertyName ?? el.name).text });
        }
      }
    } else if (ts.isVariableStatement(stmt) && !hasModifier(stmt, ts.SyntaxKind.DeclareKeyword)) {
      const flags = stmt.declarationList.flags;
      const keyword = flags & ts.NodeFlags.Const ? 'const' : flags & ts.NodeFlags.Let ? 'let' : 'var';
      for (const decl of stmt.declarationList.declarations) {
        const names = new Set<string>();
        bindingNames(decl.name, names);
        for (const n of names) {
          topNames.add(n);
          if (isExported) exported.add(n);
        }
        if (ts.isIdentifier(decl.name)) {
          const name = decl.name.text;
          variables.set(name, {
            name, line: lineOf(sf, decl.name), exported: isExported, keyword, init: initOf(decl.initializer),
            mutated: false, lazyInstance: false,
          });
          if (decl.initializer) bodies.push({ owner: name, node: decl.initializer });
        } else if (decl.initializer) {
          bodies.push({ owner: undefined, node: decl.initializer });
        }
      }
    } else if (ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt)) {
      const name = stmt.name?.text ?? (isDefault ? 'default' : undefined);
      if (!name) continue;
      topNames.add(name);
      if (isExported) exported.add(name);
      bodies.push({ owner: name, node: stmt });
      if (ts.isClassDeclaration(stmt)) classes.push(describeClass(sf, stmt, name, isExported));
    } else if (ts.isEnumDeclaration(stmt)) {
      topNames.add(stmt.name.text);
      if (isExported) exported.add(stmt.name.text);
    } else if (ts.isExportDeclaration(stmt)) {
      if (stmt.moduleSpecifier || stmt.isTypeOnly || !stmt.exportClause || !ts.isNamedExports(stmt.exportClause)) continue;
      for (const el of stmt.exportClause.elements) {
        if (!el.isTypeOnly) exported.add((el.propertyName ?? el.name).text);
      }
    } else if (ts.isExportAssignment(stmt)) {
      const expr = unwrap(stmt.expression);
      if (ts.isIdentifier(expr)) {
        exported.add(expr.text);
        continue;
      }
      topNames.add('default');
      exported.add('default');
      const init = initOf(stmt.expression);
      variables.set('default', {
        name: 'default', line: lineOf(sf, stmt), exported: true, keyword: 'default', init,
        mutated: false, lazyInstance: false,
      });
      bodies.push({ owner: 'default', node: stmt.expression });
    } else if (!ts.isInterfaceDeclaration(stmt) && !ts.isTypeAliasDeclaration(stmt) && !ts.isModuleDeclaration(stmt) &&
               !ts.isImportEqualsDeclaration(stmt)) {
      bodies.push({ owner: undefined, node: stmt });
    }
  }

  const importByLocal = new Map(imports.map((i) => [i.local, i]));
  const uses = new Map<string, StateUse>();
  /** names declared inside the enclosing functions, innermost last */
  const scopes: Set<string>[] = [];
  const shadowed = (name: string): boolean => scopes.some((s) => s.has(name));
  const declareLocal = (name: ts.BindingName | undefined): void => {
    const scope = scopes[scopes.length - 1];
    if (name && scope) bindingNames(name, scope);
  };

  const visitIdentifier = (id: ts.Identifier, owner: string | undefined): void => {
    const name = id.text;
    // most identifiers name neither a top-level declaration nor an import: the cheap test first
    if (!topNames.has(name) && !importByLocal.has(name)) return;
    if (!isValueReference(id)) return;
    if (shadowed(name)) return;
    const inFunction = scopes.length > 0;
    if (topNames.has(name)) {
      if (owner && owner !== name) {
        let set = refs.get(owner);
        if (!set) refs.set(owner, (set = new Set()));
        set.add(name);
      }
      const v = variables.get(name);
      if (v && inFunction) {
        if (isContentMutation(id)) v.mutated = true;
        const p = id.parent;
        if (ts.isBinaryExpression(p) && p.left === id && isAssignmentOperator(p.operatorToken.kind) && initOf(p.right).type === 'new') {
          v.lazyInstance = true;
        }
      }
      return;
    }
    if (!importByLocal.has(name)) return;
    let member: string | undefined;
    let base: ts.Expression = id;
    if (namespaceLocals.has(name)) {
      const p = id.parent;
      if (!ts.isPropertyAccessExpression(p) || p.expression !== id) return;
      member = p.name.text;
      base = p;
    }
    const key = member === undefined ? name : `${name}.${member}`;
    const mutated = inFunction && isContentMutation(base);
    const prev = uses.get(key);
    if (prev) prev.mutated ||= mutated;
    else uses.set(key, member === undefined ? { local: name, mutated } : { local: name, member, mutated });
  };

  /** the top-level declaration whose body is being walked */
  let owner: string | undefined;
  const enter = (node: ts.Node): boolean => {
    if (ts.isTypeNode(node) && !isClassExtendsExpression(node)) return false;
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return false;
    if (ts.isIdentifier(node)) {
      visitIdentifier(node, owner);
      return false;
    }
    if (ts.isVariableDeclaration(node) || ts.isCatchClause(node)) {
      declareLocal(ts.isCatchClause(node) ? node.variableDeclaration?.name : node.name);
    } else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name && scopes.length > 0) {
      declareLocal(node.name);
    }
    if (isFunctionLike(node)) {
      const scope = new Set<string>();
      if (ts.isFunctionExpression(node) && node.name) scope.add(node.name.text);
      for (const p of node.parameters) bindingNames(p.name, scope);
      scopes.push(scope);
    }
    return true;
  };
  const leave = (node: ts.Node): void => {
    if (isFunctionLike(node)) scopes.pop();
  };
  for (const body of bodies) {
    owner = body.owner;
    walkAst(body.node, enter, leave);
  }

  // Keep only bindings that can be state (`link` decides which are).
  for (const v of variables.values()) v.exported ||= exported.has(v.name);
  for (const c of classes) c.exported ||= exported.has(c.name);
  const kept = [...variables.values()].filter((v) => {
    if (v.exported && (v.keyword === 'let' || v.keyword === 'var')) return true;
    if (v.init.type === 'new') return true;
    if (v.init.type === 'call') return STATE_FACTORIES.has(v.init.callee ?? '');
    if (v.init.type === 'literal') return v.mutated || v.exported;
    return v.lazyInstance;
  });
  const candidates = new Set([...kept.map((v) => v.name), ...classes.filter((c) => c.singleton).map((c) => c.name)]);

  const reaches: Record<string, string[]> = {};
  for (const name of [...exported].sort()) {
    const seen = new Set<string>([name]);
    const stack = [name];
    const hit = new Set<string>();
    while (stack.length > 0) {
      for (const next of refs.get(stack.pop() as string) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        stack.push(next);
        if (candidates.has(next)) hit.add(next);
      }
    }
    if (hit.size > 0) reaches[name] = [...hit].sort();
  }

  const result: SharedStateLocal = {
    variables: kept.sort((a, b) => a.line - b.line || compare(a.name, b.name)),
    classes: classes.sort((a, b) => a.line - b.line || compare(a.name, b.name)),
    imports,
    uses: [...uses.values()].sort((a, b) => compare(a.local, b.local) || compare(a.member ?? '', b.member ?? '')),
    reaches,
  };
  const empty = result.variables.length === 0 && result.classes.length === 0 && result.uses.length === 0;
  return empty ? undefined : result;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeClass(sf: ts.SourceFile, node: ts.ClassDeclaration, name: string, exported: boolean): StateClass {
  const heritage = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  const base = heritage ? calleeOf(heritage.expression) : undefined;
  const singleton = node.members.some(
    (m) =>
      (ts.isPropertyDeclaration(m) || ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) &&
      hasModifier(m, ts.SyntaxKind.StaticKeyword) &&
      (ts.isIdentifier(m.name) || ts.isPrivateIdentifier(m.name)) &&
      SINGLETON_STATICS.has(m.name.text.replace(/^#/, '')),
  );
  const c: StateClass = { name, line: lineOf(sf, node.name ?? node), exported, singleton };
  if (base) c.extends = base;
  return c;
}

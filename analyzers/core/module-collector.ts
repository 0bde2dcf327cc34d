/**
 * The core per-file collector: imports, exports and how each imported name is used.
 * Runs on the one parsed AST of a file (possibly in a worker); returns plain data only.
 */
import ts from '../../src/shared/typescript.cjs';
import { walkAst } from '../../src/shared/ast-walk.js';
import type { ImportKind, SymbolUsage } from '../../src/shared/facts.js';

export interface RawImport {
  specifier: string;
  kind: ImportKind;
  /** names as exported by the target (`default`, `*`) */
  names: string[];
  line: number;
}

/** A local name bound by an import: `import { a as b } from './x'` gives local b, imported a. */
export interface RawBinding {
  local: string;
  specifier: string;
  /** exported name in the target, `default`, or `*` for a namespace import */
  imported: string;
}

/** How a module exports names. */
export interface RawExports {
  /** exported name -> local declared name in this file (`default` for anonymous defaults) */
  local: Record<string, string>;
  /** exported name -> { specifier, imported } for `export { a as b } from './x'` and `export * as ns from` */
  from: Record<string, { specifier: string; imported: string }>;
  /** specifiers of `export * from './x'` */
  star: string[];
}

/** usages of imported names: key `local` or `local.member` for namespace imports */
export type RawUsages = Record<string, Partial<Record<SymbolUsage, number>>>;

export interface CoreFileFacts {
  lines: number;
  partial: boolean;
  parseErrors: { line: number; message: string }[];
  imports: RawImport[];
  bindings: RawBinding[];
  exports: RawExports;
  usages: RawUsages;
}

/** Syntax errors kept per file: the first one is reported, the count says how broken the file is. */
export const MAX_PARSE_ERRORS = 20;

export function scriptKindFor(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

export function parseSource(path: string, text: string): ts.SourceFile {
  return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKindFor(path));
}

/**
 * For a second look at a file at link time (a constant another module imports): a file the
 * parser throws on was already reported as `analyzer-crash` by its per-file stage, so here it
 * is simply unreadable.
 */
export function parseSourceOrSkip(path: string, text: string): ts.SourceFile | undefined {
  try {
    return parseSource(path, text);
  } catch {
    return undefined;
  }
}

function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

function isTypePosition(node: ts.Node): boolean {
  for (let cur: ts.Node | undefined = node.parent; cur; cur = cur.parent) {
    if (ts.isTypeNode(cur) && !ts.isExpressionWithTypeArguments(cur)) return true;
    if (ts.isExpressionWithTypeArguments(cur)) {
      const clause = cur.parent;
      if (ts.isHeritageClause(clause)) {
        return clause.token === ts.SyntaxKind.ImplementsKeyword || ts.isInterfaceDeclaration(clause.parent);
      }
      return false;
    }
    if (ts.isTypeAliasDeclaration(cur) || ts.isInterfaceDeclaration(cur)) return true;
    if (ts.isExpression(cur) || ts.isStatement(cur) || ts.isDecorator(cur)) return false;
    if (ts.isExportSpecifier(cur)) return false;
  }
  return false;
}

/**
 * A type reference that TypeScript turns into runtime metadata when emitDecoratorMetadata is on:
 * constructor parameters of a decorated class, decorated properties and their types (NestJS DI).
 */
function isDecoratorMetadataPosition(node: ts.Node): boolean {
  for (let cur: ts.Node | undefined = node.parent; cur; cur = cur.parent) {
    if (ts.isParameter(cur)) {
      const fn = cur.parent;
      if (ts.isConstructorDeclaration(fn) && ts.isClassLike(fn.parent)) {
        return (ts.canHaveDecorators(fn.parent) && (ts.getDecorators(fn.parent)?.length ?? 0) > 0) ||
          (ts.getDecorators(cur)?.length ?? 0) > 0;
      }
      if (ts.isMethodDeclaration(fn)) return (ts.getDecorators(cur)?.length ?? 0) > 0;
      return false;
    }
    if (ts.isPropertyDeclaration(cur)) return (ts.getDecorators(cur)?.length ?? 0) > 0;
    if (ts.isBlock(cur) || ts.isSourceFile(cur)) return false;
  }
  return false;
}

function classifyExpressionUse(node: ts.Node): SymbolUsage {
  const parent = node.parent;
  if (!parent) return 'read';
  // `@Roles(...)`: a decorator factory is applied, not called by the code (checked before calls)
  if (ts.isDecorator(parent)) return 'decorator';
  if (ts.isCallExpression(parent) && ts.isDecorator(parent.parent) && parent.expression === node) return 'decorator';
  if (ts.isCallExpression(parent) && parent.expression === node) return 'call';
  if (ts.isNewExpression(parent) && parent.expression === node) return 'new';
  if (ts.isTaggedTemplateExpression(parent) && parent.tag === node) return 'call';
  if (ts.isJsxOpeningElement(parent) || ts.isJsxSelfClosingElement(parent) || ts.isJsxClosingElement(parent)) return 'jsx';
  if (ts.isExpressionWithTypeArguments(parent) && ts.isHeritageClause(parent.parent)) return 'extends';
  return 'read';
}

const emptyUsageKinds = (): Partial<Record<SymbolUsage, number>> => ({});

export function collectModule(sf: ts.SourceFile, options: { decoratorMetadata: boolean }): CoreFileFacts {
  const imports: RawImport[] = [];
  const bindings: RawBinding[] = [];
  const exportsInfo: RawExports = { local: {}, from: {}, star: [] };
  const usages: RawUsages = {};
  /** local import name -> index in imports (for type-only refinement) and whether the import is `import type` */
  const importOfLocal = new Map<string, { index: number; typeOnly: boolean }>();
  const namespaceLocals = new Set<string>();
  const runtimeUse = new Map<string, number>();
  const typeUse = new Map<string, number>();
  const bindingNameNodes = new Set<ts.Node>();

  const addImport = (imp: RawImport): number => imports.push(imp) - 1;

  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteralLike(stmt.moduleSpecifier)) {
      const specifier = stmt.moduleSpecifier.text;
      const clause = stmt.importClause;
      const line = lineOf(sf, stmt);
      if (!clause) {
        addImport({ specifier, kind: 'runtime', names: [], line });
        continue;
      }
      const allType = clause.isTypeOnly;
      const names: string[] = [];
      const locals: { local: string; typeOnly: boolean }[] = [];
      if (clause.name) {
        names.push('default');
        bindings.push({ local: clause.name.text, specifier, imported: 'default' });
        locals.push({ local: clause.name.text, typeOnly: allType });
        bindingNameNodes.add(clause.name);
      }
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) {
        names.push('*');
        bindings.push({ local: nb.name.text, specifier, imported: '*' });
        locals.push({ local: nb.name.text, typeOnly: allType });
        namespaceLocals.add(nb.name.text);
        bindingNameNodes.add(nb.name);
      } else if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) {
          const imported = (el.propertyName ?? el.name).text;
          names.push(imported);
          bindings.push({ local: el.name.text, specifier, imported });
          locals.push({ local: el.name.text, typeOnly: allType || el.isTypeOnly });
          bindingNameNodes.add(el.name);
          if (el.propertyName) bindingNameNodes.add(el.propertyName);
        }
      }
      const allNamesTypeOnly = locals.length > 0 && locals.every((l) => l.typeOnly);
      const index = addImport({ specifier, kind: allNamesTypeOnly ? 'type-only' : 'runtime', names: [...new Set(names)].sort(), line });
      for (const l of locals) importOfLocal.set(l.local, { index, typeOnly: l.typeOnly });
    } else if (ts.isImportEqualsDeclaration(stmt) && ts.isExternalModuleReference(stmt.moduleReference)) {
      const expr = stmt.moduleReference.expression;
      if (ts.isStringLiteralLike(expr)) {
        const index = addImport({ specifier: expr.text, kind: stmt.isTypeOnly ? 'type-only' : 'runtime', names: ['*'], line: lineOf(sf, stmt) });
        bindings.push({ local: stmt.name.text, specifier: expr.text, imported: '*' });
        namespaceLocals.add(stmt.name.text);
        importOfLocal.set(stmt.name.text, { index, typeOnly: stmt.isTypeOnly });
        bindingNameNodes.add(stmt.name);
      }
    } else if (ts.isExportDeclaration(stmt)) {
      const spec = stmt.moduleSpecifier && ts.isStringLiteralLike(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : undefined;
      const line = lineOf(sf, stmt);
      const clause = stmt.exportClause;
      if (spec !== undefined) {
        const names: string[] = [];
        if (!clause) {
          exportsInfo.star.push(spec);
          names.push('*');
        } else if (ts.isNamespaceExport(clause)) {
          exportsInfo.from[clause.name.text] = { specifier: spec, imported: '*' };
          names.push('*');
        } else {
          for (const el of clause.elements) {
            const imported = (el.propertyName ?? el.name).text;
            exportsInfo.from[el.name.text] = { specifier: spec, imported };
            names.push(imported);
          }
        }
        const typeOnly = stmt.isTypeOnly || (!!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly));
        addImport({ specifier: spec, kind: typeOnly ? 'type-only' : 're-export', names: [...new Set(names)].sort(), line });
      } else if (clause && ts.isNamedExports(clause)) {
        for (const el of clause.elements) {
          exportsInfo.local[el.name.text] = (el.propertyName ?? el.name).text;
        }
      }
    } else if (ts.isExportAssignment(stmt)) {
      exportsInfo.local['default'] = ts.isIdentifier(stmt.expression) ? stmt.expression.text : 'default';
    } else {
      recordDeclarationExports(stmt, exportsInfo);
    }
  }

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const arg = node.arguments[0];
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword && arg && ts.isStringLiteralLike(arg)) {
        addImport({ specifier: arg.text, kind: 'dynamic', names: ['*'], line: lineOf(sf, node) });
      } else if (ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1 && arg && ts.isStringLiteralLike(arg)) {
        addImport({ specifier: arg.text, kind: 'runtime', names: ['*'], line: lineOf(sf, node) });
        const decl = node.parent;
        if (ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.parent.parent && ts.isVariableStatement(decl.parent.parent) && decl.parent.parent.parent === sf) {
          bindings.push({ local: decl.name.text, specifier: arg.text, imported: '*' });
          namespaceLocals.add(decl.name.text);
          bindingNameNodes.add(decl.name);
        }
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteralLike(node.argument.literal)) {
      const q = node.qualifier;
      const first = q ? (ts.isIdentifier(q) ? q.text : entityFirst(q)) : '*';
      addImport({ specifier: node.argument.literal.text, kind: 'type-only', names: [first], line: lineOf(sf, node) });
    } else if (ts.isIdentifier(node) && importOfLocal.has(node.text) && !bindingNameNodes.has(node) && isReference(node)) {
      recordUsage(node);
    }
  };

  const recordUsage = (node: ts.Identifier): void => {
    const name = node.text;
    let key = name;
    let target: ts.Node = node;
    if (namespaceLocals.has(name)) {
      const p = node.parent;
      if (p && ts.isPropertyAccessExpression(p) && p.expression === node) {
        key = `${name}.${p.name.text}`;
        target = p;
      } else if (p && ts.isQualifiedName(p) && p.left === node) {
        key = `${name}.${p.right.text}`;
        target = p;
      }
    }
    const inType = isTypePosition(target);
    const kind: SymbolUsage = inType ? 'type' : classifyExpressionUse(target);
    const u = (usages[key] ??= emptyUsageKinds());
    u[kind] = (u[kind] ?? 0) + 1;
    const runtime = !inType || (options.decoratorMetadata && isDecoratorMetadataPosition(target));
    const m = runtime ? runtimeUse : typeUse;
    m.set(name, (m.get(name) ?? 0) + 1);
  };

  walkAst(sf, visit);

  // An import whose every name is used only in type positions is erased by the compiler: type-only.
  const byImport = new Map<number, string[]>();
  for (const [local, info] of importOfLocal) {
    if (info.typeOnly) continue;
    const list = byImport.get(info.index) ?? [];
    list.push(local);
    byImport.set(info.index, list);
  }
  for (const [index, locals] of byImport) {
    const imp = imports[index];
    if (!imp || imp.kind !== 'runtime') continue;
    const onlyTypes = locals.every((l) => (runtimeUse.get(l) ?? 0) === 0 && (typeUse.get(l) ?? 0) > 0);
    const anyRuntime = locals.some((l) => (runtimeUse.get(l) ?? 0) > 0);
    if (onlyTypes && !anyRuntime) imp.kind = 'type-only';
  }

  const parseDiagnostics = (sf as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const parseErrors = parseDiagnostics.slice(0, MAX_PARSE_ERRORS).map((d) => ({
    line: sf.getLineAndCharacterOfPosition(d.start).line + 1,
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));

  return {
    lines: sf.getLineStarts().length,
    partial: parseDiagnostics.length > 0,
    parseErrors,
    imports,
    bindings,
    exports: exportsInfo,
    usages,
  };
}

function entityFirst(q: ts.EntityName): string {
  let cur: ts.EntityName = q;
  while (ts.isQualifiedName(cur)) cur = cur.left;
  return cur.text;
}

/** An identifier that refers to a binding (not a property name, not a declaration name). */
function isReference(node: ts.Identifier): boolean {
  const p = node.parent;
  if (!p) return false;
  if (ts.isPropertyAccessExpression(p) && p.name === node) return false;
  if (ts.isQualifiedName(p) && p.right === node) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p)) && p.name === node) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p) || ts.isBindingElement(p)) && p.name === node) return false;
  if (ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) return false;
  if (ts.isExportSpecifier(p) && p.propertyName !== undefined && p.name === node) return false;
  if (ts.isJsxAttribute(p)) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  return true;
}

function hasExportModifier(node: ts.Node): { exported: boolean; isDefault: boolean } {
  const mods = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  const exported = !!mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isDefault = !!mods?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  return { exported, isDefault };
}

function recordDeclarationExports(stmt: ts.Statement, out: RawExports): void {
  const { exported, isDefault } = hasExportModifier(stmt);
  if (!exported) return;
  if (ts.isVariableStatement(stmt)) {
    for (const decl of stmt.declarationList.declarations) {
      for (const name of bindingNames(decl.name)) out.local[name] = name;
    }
    return;
  }
  if (
    ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt) || ts.isInterfaceDeclaration(stmt) ||
    ts.isTypeAliasDeclaration(stmt) || ts.isEnumDeclaration(stmt) || ts.isModuleDeclaration(stmt)
  ) {
    const name = stmt.name && ts.isIdentifier(stmt.name) ? stmt.name.text : undefined;
    if (isDefault) out.local['default'] = name ?? 'default';
    else if (name) out.local[name] = name;
  }
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const out: string[] = [];
  for (const el of name.elements) {
    if (ts.isBindingElement(el)) out.push(...bindingNames(el.name));
  }
  return out;
}

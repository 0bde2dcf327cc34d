/**
 * One walk per file for all data analyzers: the nodes they look at, grouped by kind, in source
 * order. Memoised per SourceFile, so the seven analyzers that see the same AST walk it once.
 * Type nodes, interfaces and imports are not descended into: no call or class lives there.
 */
import ts from '../../src/shared/typescript.cjs';
import { walkAst } from '../../src/shared/ast-walk.js';
import { importsOf, requiredModule, skipOuter, type ImportedName } from './syntax.js';

export interface FileIndex {
  readonly calls: readonly ts.CallExpression[];
  readonly classes: readonly ts.ClassLikeDeclaration[];
  /** every variable declaration (analyzers pick the module-level ones) */
  readonly variables: readonly ts.VariableDeclaration[];
  readonly exportAssignments: readonly ts.ExportAssignment[];
  readonly taggedTemplates: readonly ts.TaggedTemplateExpression[];
  readonly typeDeclarations: readonly (ts.TypeAliasDeclaration | ts.InterfaceDeclaration)[];
  readonly imports: ReadonlyMap<string, ImportedName>;
  /** CommonJS exports: `module.exports = x` (name `*`), its object literal's properties, `exports.X = x` */
  readonly commonJsExports: readonly { readonly name: string; readonly value: ts.Expression }[];
  /** `const { Order } = require('./models')`: names the core import graph does not bind */
  readonly requiredNames: Readonly<Record<string, RequiredName>>;
}

/** A name taken from another module with a destructuring `require`. */
export interface RequiredName {
  readonly source: string;
  readonly imported: string;
}

const cache = new WeakMap<ts.SourceFile, FileIndex>();

export function fileIndex(sf: ts.SourceFile): FileIndex {
  let index = cache.get(sf);
  if (!index) {
    index = buildIndex(sf);
    cache.set(sf, index);
  }
  return index;
}

function buildIndex(sf: ts.SourceFile): FileIndex {
  const calls: ts.CallExpression[] = [];
  const classes: ts.ClassLikeDeclaration[] = [];
  const variables: ts.VariableDeclaration[] = [];
  const exportAssignments: ts.ExportAssignment[] = [];
  const taggedTemplates: ts.TaggedTemplateExpression[] = [];
  const typeDeclarations: (ts.TypeAliasDeclaration | ts.InterfaceDeclaration)[] = [];

  const visit = (node: ts.Node): boolean => {
    switch (node.kind) {
      case ts.SyntaxKind.CallExpression:
        calls.push(node as ts.CallExpression);
        break;
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ClassExpression:
        classes.push(node as ts.ClassLikeDeclaration);
        break;
      case ts.SyntaxKind.VariableDeclaration:
        variables.push(node as ts.VariableDeclaration);
        break;
      case ts.SyntaxKind.ExportAssignment:
        exportAssignments.push(node as ts.ExportAssignment);
        break;
      case ts.SyntaxKind.TaggedTemplateExpression:
        taggedTemplates.push(node as ts.TaggedTemplateExpression);
        break;
      case ts.SyntaxKind.TypeAliasDeclaration:
      case ts.SyntaxKind.InterfaceDeclaration:
        typeDeclarations.push(node as ts.TypeAliasDeclaration | ts.InterfaceDeclaration);
        return false;
      case ts.SyntaxKind.ImportDeclaration:
      case ts.SyntaxKind.ImportEqualsDeclaration:
        return false;
      default:
        if (node.kind >= ts.SyntaxKind.FirstTypeNode && node.kind <= ts.SyntaxKind.LastTypeNode) return false;
    }
    return true;
  };
  walkAst(sf, visit);
  return {
    calls, classes, variables, exportAssignments, taggedTemplates, typeDeclarations,
    imports: importsOf(sf),
    commonJsExports: commonJsExports(sf),
    requiredNames: requiredNames(sf),
  };
}

function commonJsExports(sf: ts.SourceFile): { name: string; value: ts.Expression }[] {
  const out: { name: string; value: ts.Expression }[] = [];
  for (const stmt of sf.statements) {
    if (!ts.isExpressionStatement(stmt)) continue;
    const e = stmt.expression;
    if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    const target = exportTarget(e.left);
    if (target === undefined) continue;
    out.push({ name: target, value: e.right });
    const right = skipOuter(e.right);
    if (target === '*' && ts.isObjectLiteralExpression(right)) {
      for (const p of right.properties) {
        if (ts.isShorthandPropertyAssignment(p)) out.push({ name: p.name.text, value: p.name });
        else if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) out.push({ name: p.name.text, value: p.initializer });
      }
    }
  }
  return out;
}

/** The CommonJS export name when `value` is what `module.exports = value` / `exports.X = value` assigns. */
export function commonJsExportName(value: ts.Node): string | undefined {
  const p = value.parent;
  if (!p || !ts.isBinaryExpression(p) || p.right !== value || p.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  if (!p.parent || !ts.isExpressionStatement(p.parent) || !ts.isSourceFile(p.parent.parent)) return undefined;
  return exportTarget(p.left);
}

/** `module.exports` -> `*`; `module.exports.X` / `exports.X` -> `X` */
function exportTarget(left: ts.Expression): string | undefined {
  if (!ts.isPropertyAccessExpression(left)) return undefined;
  const obj = left.expression;
  if (ts.isIdentifier(obj) && obj.text === 'module' && left.name.text === 'exports') return '*';
  if (ts.isIdentifier(obj) && obj.text === 'exports') return left.name.text;
  if (ts.isPropertyAccessExpression(obj) && ts.isIdentifier(obj.expression) && obj.expression.text === 'module' && obj.name.text === 'exports') return left.name.text;
  return undefined;
}

function requiredNames(sf: ts.SourceFile): Record<string, RequiredName> {
  const out: Record<string, RequiredName> = {};
  for (const stmt of sf.statements) {
    if (!ts.isVariableStatement(stmt)) continue;
    for (const d of stmt.declarationList.declarations) {
      if (!d.initializer) continue;
      const init = skipOuter(d.initializer);
      if (ts.isObjectBindingPattern(d.name)) {
        const source = requiredModule(init);
        if (source === undefined) continue;
        for (const el of d.name.elements) {
          if (!ts.isIdentifier(el.name)) continue;
          const imported = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
          out[el.name.text] = { source, imported };
        }
      } else if (ts.isIdentifier(d.name) && ts.isPropertyAccessExpression(init)) {
        const source = requiredModule(init.expression);
        if (source !== undefined) out[d.name.text] = { source, imported: init.name.text };
      }
    }
  }
  return out;
}

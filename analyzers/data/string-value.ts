/**
 * Static string evaluation: what text an expression holds, read from the syntax alone.
 * Literals, templates, `+` concatenations, `[...].join(sep)` and `const` names declared in the
 * same file evaluate; anything else (a parameter, a call) becomes PLACEHOLDER, so
 * `'SELECT * FROM orders WHERE id = ' + id` still reads as SQL over `orders`.
 */
import ts from '../../src/shared/typescript.cjs';
import { findDeclaration, skipOuter } from './syntax.js';

/** Stands for a value that is not known statically (never a valid SQL identifier). */
export const PLACEHOLDER = '?';

const MAX_DEPTH = 8;

/**
 * The string `expr` evaluates to, with unknown parts replaced by PLACEHOLDER; undefined when
 * nothing about it is known (so an unknown identifier alone is not mistaken for a string).
 */
export function stringValue(expr: ts.Expression, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = skipOuter(expr);
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isTemplateExpression(e)) {
    let out = e.head.text;
    for (const span of e.templateSpans) out += (stringValue(span.expression, depth + 1) ?? PLACEHOLDER) + span.literal.text;
    return out;
  }
  if (ts.isTaggedTemplateExpression(e)) return templateText(e.template, depth);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = stringValue(e.left, depth + 1);
    const right = stringValue(e.right, depth + 1);
    if (left === undefined && right === undefined) return undefined;
    return (left ?? PLACEHOLDER) + (right ?? PLACEHOLDER);
  }
  if (ts.isIdentifier(e)) return constantValue(e, depth);
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'join') {
    const arr = skipOuter(e.expression.expression);
    if (!ts.isArrayLiteralExpression(arr)) return undefined;
    const sepArg = e.arguments[0];
    const sep = sepArg ? stringValue(sepArg, depth + 1) : ',';
    if (sep === undefined) return undefined;
    const parts = arr.elements.map((el) => stringValue(el, depth + 1));
    if (parts.every((p) => p === undefined)) return undefined;
    return parts.map((p) => p ?? PLACEHOLDER).join(sep);
  }
  return undefined;
}

/** The text of a template, with `${}` parts evaluated where possible. */
export function templateText(t: ts.TemplateLiteral, depth = 0): string {
  if (ts.isNoSubstitutionTemplateLiteral(t)) return t.text;
  let out = t.head.text;
  for (const span of t.templateSpans) out += (stringValue(span.expression, depth + 1) ?? PLACEHOLDER) + span.literal.text;
  return out;
}

/** `const SQL = '...'` declared in this file (in any enclosing scope), never reassigned. */
function constantValue(id: ts.Identifier, depth: number): string | undefined {
  const decl = findDeclaration(id.text, id);
  if (!decl || decl.kind !== 'variable' || decl.destructured) return undefined;
  const list = decl.node.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return undefined;
  const init = decl.node.initializer;
  return init ? stringValue(init, depth + 1) : undefined;
}

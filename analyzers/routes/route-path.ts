/**
 * Route paths from `collect` to link time. `collect` keeps what is written with literals as text
 * and, for anything else (a constant from another module, a config object, an environment
 * default, a function parameter), the expression's place in the file; link time evaluates those
 * with the whole repository at hand (static-value.ts) and joins prefixes.
 */
import ts from '../../src/shared/typescript.cjs';
import type { LinkContext } from '../types.js';
import { findDeclaration, isConstDeclaration, lineOf, unwrap } from './route-ast.js';
import type { DiagnosticSink } from './route-facts.js';
import { Evaluator, nameOf, pathTexts, type PathText, type Value } from './static-value.js';

export type { PathText } from './static-value.js';

/** A path (or several: `['/a', '/b']`) as `collect` read it. */
export type PathExpr =
  /** written with literals: one text per alternative */
  | { texts: string[] }
  /** anything else: where the expression is (start and end offsets), evaluated at link time */
  | { at: [number, number]; line: number; name: string };

/** The empty path (`app.use(router)`, `@Get()`). */
export const NO_PATH: PathExpr = { texts: [''] };

const MAX_LOCAL_DEPTH = 8;

/** Literal text of an expression using only literals and same-file `const`s; undefined otherwise. */
function literalText(expr: ts.Expression, depth = 0): string | undefined {
  if (depth > MAX_LOCAL_DEPTH) return undefined;
  const e = unwrap(expr);
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isTemplateExpression(e)) {
    let out = e.head.text;
    for (const span of e.templateSpans) {
      const part = literalText(span.expression, depth + 1);
      if (part === undefined) return undefined;
      out += part + span.literal.text;
    }
    return out;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = literalText(e.left, depth + 1);
    const right = left === undefined ? undefined : literalText(e.right, depth + 1);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  if (ts.isIdentifier(e)) {
    const decl = findDeclaration(e);
    if (decl && ts.isVariableDeclaration(decl) && isConstDeclaration(decl) && decl.initializer && ts.isIdentifier(decl.name)) {
      return literalText(decl.initializer, depth + 1);
    }
  }
  return undefined;
}

/** How `collect` records a path expression: literal text when it can, else its place. */
export function pathExpr(expr: ts.Expression): PathExpr {
  const e = unwrap(expr);
  const single = literalText(e);
  if (single !== undefined) return { texts: [single] };
  if (ts.isArrayLiteralExpression(e) && e.elements.length > 0) {
    const texts = e.elements.map((el) => (ts.isSpreadElement(el) ? undefined : literalText(el)));
    if (texts.every((t): t is string => t !== undefined)) return { texts };
  }
  return deferred(expr);
}

/** The place of an expression, for link time. */
export function deferred(expr: ts.Expression): PathExpr {
  return { at: [expr.getStart(), expr.end], line: lineOf(expr), name: nameOf(expr) };
}

/** One leading slash, no empty segments, no trailing slash; the root is `/`. */
export function joinPaths(...pieces: string[]): string {
  const segments = pieces.flatMap((piece) => piece.split('/')).filter((segment) => segment.length > 0);
  return `/${segments.join('/')}`;
}

/** `joinPaths` over read paths, keeping every note and unknown part. */
export function joinTexts(...pieces: PathText[]): PathText {
  return {
    text: joinPaths(...pieces.map((p) => p.text)),
    notes: [...new Set(pieces.flatMap((p) => p.notes))],
    unknown: [...new Set(pieces.flatMap((p) => p.unknown))],
  };
}

export const textOnly = (text: string): PathText => ({ text, notes: [], unknown: [] });

/** Reads `PathExpr`s at link time, reporting each unknown part once (file and line). */
export class PathResolver {
  readonly evaluator: Evaluator;

  constructor(
    ctx: LinkContext,
    private readonly sink: DiagnosticSink,
    evaluator?: Evaluator,
  ) {
    this.evaluator = evaluator ?? new Evaluator(ctx);
  }

  /** The value a deferred expression has (with parameters bound by the caller). */
  value(module: string, expr: PathExpr, bindings?: ReadonlyMap<ts.Node, Value>): Value {
    if ('texts' in expr) return expr.texts.length === 1 ? { kind: 'string', text: expr.texts[0]! } : { kind: 'array', items: expr.texts.map((text) => ({ kind: 'string', text })) };
    return this.evaluator.at(module, expr.at[0], expr.at[1], bindings);
  }

  /** Every alternative of a path; an unknown part stays a `{unknown:NAME}` marker, reported once. */
  texts(module: string, expr: PathExpr, bindings?: ReadonlyMap<ts.Node, Value>): PathText[] {
    if ('texts' in expr) return expr.texts.map(textOnly);
    return this.read(module, expr, this.value(module, expr, bindings));
  }

  /** `value` as path alternatives, reporting unknown parts at the expression's place. */
  read(module: string, expr: PathExpr, value: Value): PathText[] {
    const texts = pathTexts(value, 'texts' in expr ? 'path' : expr.name);
    if (!('texts' in expr)) {
      for (const t of texts) {
        if (t.unknown.length === 0) continue;
        this.sink.warn(
          module,
          expr.line,
          'route-path-unknown',
          `could not read \`${expr.name}\` statically: the route is kept with ${t.unknown.map((u) => `{unknown:${u}}`).join(', ')} in its path; check it by hand`,
        );
      }
    }
    return texts;
  }
}

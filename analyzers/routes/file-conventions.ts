/**
 * File-system routing, shared by the Next.js and generic file-route analyzers: turning a folder
 * path into a route path, and reading which HTTP methods a route file exports.
 */
import ts from '../../src/shared/typescript.cjs';
import type { RouteFact } from '../../src/shared/facts.js';
import { EXPORTED_METHODS, handlerName, lineOf, unwrap } from './route-ast.js';
import { joinPaths } from './route-path.js';

/** A route found in one file; the module and framework are added at link time. */
export interface FileRoute {
  method: string;
  path: string;
  line: number;
  handler?: string;
}

export interface FileRouteLocal {
  routes: FileRoute[];
}

export const SOURCE_EXTENSION = /\.(?:[cm]?[jt]sx?)$/;

/**
 * One folder or file name as a route segment: `[id]` -> `:id`, `[...slug]` and `[[...slug]]` ->
 * `:slug*`, `[[lang]]` -> `:lang?`, `[id=integer]` (SvelteKit matcher) -> `:id`; route groups
 * `(group)` and Next.js slots `@slot` vanish (empty string). Undefined for private folders (`_x`),
 * which are never routed.
 */
export function routeSegment(name: string): string | undefined {
  if (name.startsWith('_')) return undefined;
  if ((name.startsWith('(') && name.endsWith(')')) || name.startsWith('@')) return '';
  return name.replace(/\[\[?(\.\.\.)?([^\]=]+)(?:=[^\]]*)?\]?\]/g, (whole, rest: string | undefined, param: string) => {
    if (rest) return `:${param}*`;
    return whole.startsWith('[[') ? `:${param}?` : `:${param}`;
  });
}

/** Route path for the folders (and file stem, when given) under the routing root; undefined if private. */
export function routePath(segments: readonly string[]): string | undefined {
  const out: string[] = [];
  for (const segment of segments) {
    const converted = routeSegment(segment);
    if (converted === undefined) return undefined;
    out.push(converted);
  }
  return joinPaths(...out);
}

/** The path split in folders, the file name without its extension, and the index of `root` (first match). */
export function splitRoutePath(path: string, root: (segments: string[], i: number) => boolean): { under: string[]; stem: string } | undefined {
  const segments = path.split('/');
  const fileName = segments.pop()!;
  const index = segments.findIndex((_, i) => root(segments, i));
  if (index < 0 || segments.includes('node_modules') || fileName.endsWith('.d.ts')) return undefined;
  return { under: segments.slice(index + 1), stem: fileName.replace(SOURCE_EXTENSION, '') };
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isDefault(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/**
 * Upper-case method exports: `export async function GET`, `export const POST = handler`,
 * `export { handler as GET }`, `export { GET } from './x'`. The handler is named only when it is
 * not the export itself.
 */
export function exportedMethods(sf: ts.SourceFile): { method: string; line: number; handler?: string }[] {
  const methods = EXPORTED_METHODS as readonly string[];
  const found: { method: string; line: number; handler?: string }[] = [];
  for (const statement of sf.statements) {
    if (ts.isFunctionDeclaration(statement) && isExported(statement) && !isDefault(statement) && statement.name && methods.includes(statement.name.text)) {
      found.push({ method: statement.name.text, line: lineOf(statement) });
    } else if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name) || !methods.includes(decl.name.text)) continue;
        const handler = decl.initializer && ts.isIdentifier(unwrap(decl.initializer)) ? handlerName(decl.initializer) : undefined;
        found.push({ method: decl.name.text, line: lineOf(statement), ...(handler !== undefined && { handler }) });
      }
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const specifier of statement.exportClause.elements) {
        if (!methods.includes(specifier.name.text)) continue;
        const local = (specifier.propertyName ?? specifier.name).text;
        found.push({ method: specifier.name.text, line: lineOf(statement), ...(local !== specifier.name.text && { handler: local }) });
      }
    }
  }
  return found;
}

/** `export default function handler`, `export default handler`, `export default withAuth(handler)`. */
export function defaultExport(sf: ts.SourceFile): { line: number; handler?: string } | undefined {
  for (const statement of sf.statements) {
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && isExported(statement) && isDefault(statement)) {
      return { line: lineOf(statement), ...(statement.name && { handler: statement.name.text }) };
    }
    if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      const handler = handlerName(statement.expression);
      return { line: lineOf(statement), ...(handler !== undefined && { handler }) };
    }
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      const specifier = statement.exportClause.elements.find((s) => s.name.text === 'default');
      if (specifier) {
        const local = (specifier.propertyName ?? specifier.name).text;
        return { line: lineOf(statement), ...(local !== 'default' && { handler: local }) };
      }
    }
  }
  return undefined;
}

export function fileRoutes(module: string, framework: RouteFact['framework'], local: FileRouteLocal): RouteFact[] {
  return local.routes.map((r) => {
    const fact: RouteFact = { method: r.method, path: r.path, framework, module, line: r.line };
    if (r.handler !== undefined) fact.handler = r.handler;
    return fact;
  });
}

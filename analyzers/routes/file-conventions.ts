/**
 * File-system routing, shared by the plugins of the frameworks that route by file (Next.js,
 * Nuxt/Nitro, SvelteKit, Astro, SolidStart, Medusa): which HTTP methods a route file exports,
 * turning folder names into path segments, and finding the package a file belongs to.
 *
 * A layout only counts inside a package that depends on its framework: the nearest
 * package.json above the file must name one of the plugin's enablers, so an Express
 * `server/routes/orders.ts` in a repository that also holds a Nuxt app is never a Nuxt route.
 * Paths are matched from that package's folder (`<package>/src/api/**\/route.ts` for Medusa).
 */
import { posix } from 'node:path';
import ts from '../../src/shared/typescript.cjs';
import type { RouteFact } from '../../src/shared/facts.js';
import type { Analyzer, LinkContext } from '../types.js';
import { EXPORTED_METHODS, handlerName, lineOf, unwrap } from './route-ast.js';
import { routeFact, sortRoutes } from './route-facts.js';
import { joinPaths } from './route-path.js';

/** What a route file exports: its method handlers and its default export. */
export interface FileRouteLocal {
  methods: { method: string; line: number; handler?: string }[];
  default?: { line: number; handler?: string };
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

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isDefault(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/**
 * Upper-case method exports: `export async function GET`, `export const POST = handler`,
 * `export { handler as GET }`, `export { GET } from './x'`. The handler is named only when it is
 * not the export itself. `extra` names more exports that count (`ALL`, `fallback`).
 */
export function exportedMethods(sf: ts.SourceFile, extra: readonly string[] = []): { method: string; line: number; handler?: string }[] {
  const methods = [...EXPORTED_METHODS, ...extra];
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

// ---------------------------------------------------------------------------------------------
// Packages

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/** The package.json files of the repository: which folder each one roots and what it depends on. */
export class PackageScope {
  private static readonly perContext = new WeakMap<LinkContext, PackageScope>();
  private readonly packages = new Map<string, Set<string>>();

  private constructor(ctx: LinkContext) {
    for (const file of ctx.allFiles) {
      if (!/(?:^|\/)package\.json$/.test(file)) continue;
      const deps = new Set<string>();
      try {
        const manifest = JSON.parse(ctx.readText(file) ?? '{}') as Record<string, unknown>;
        for (const field of DEPENDENCY_FIELDS) {
          const list = manifest[field];
          if (list && typeof list === 'object') for (const name of Object.keys(list)) deps.add(name);
        }
      } catch {
        // an unreadable manifest enables nothing (extract already reports it)
      }
      this.packages.set(posix.dirname(file) === '.' ? '' : posix.dirname(file), deps);
    }
  }

  static of(ctx: LinkContext): PackageScope {
    let scope = PackageScope.perContext.get(ctx);
    if (!scope) {
      scope = new PackageScope(ctx);
      PackageScope.perContext.set(ctx, scope);
    }
    return scope;
  }

  /**
   * The folder of the package `module` belongs to, when that package depends on one of
   * `enablers`; `''` (the repository) when no package.json is above it at all.
   */
  rootFor(module: string, enablers: readonly string[]): string | undefined {
    for (let dir = posix.dirname(module); ; dir = posix.dirname(dir)) {
      const key = dir === '.' ? '' : dir;
      const deps = this.packages.get(key);
      if (deps) return enablers.some((e) => deps.has(e)) ? key : undefined;
      if (key === '') return this.packages.size === 0 ? '' : undefined;
    }
  }
}

/** `module` relative to its package folder (`apps/web/src/app/x.ts` under `apps/web` -> `src/app/x.ts`). */
export function withinPackage(module: string, root: string): string {
  return root === '' ? module : module.slice(root.length + 1);
}

/** A route a layout derives from a file; the module and framework are added by `defineFileRoutes`. */
export interface DerivedRoute {
  method: string;
  path: string;
  line: number;
  handler?: string;
  notes?: string[];
}

export interface FileRouteSpec {
  /** plugin name, also the routes' `framework` */
  name: string;
  enablers: readonly string[];
  /** cheap test on the repo-relative path: could this file be a route file of the framework? */
  candidate: RegExp;
  /** method exports that count besides GET, POST, ... (`ALL` in Astro) */
  extraMethods?: readonly string[];
  /** the routes of a file, from its path inside its package; a prefix (Next.js basePath) in link */
  routes(relative: string, local: FileRouteLocal): DerivedRoute[];
  /** a prefix for every route of a package (Next.js `basePath`), with what it assumes */
  packagePrefix?(ctx: LinkContext, root: string): { prefix: string; notes: string[] };
}

/** A file-routing plugin from its layout: collect reads the exports, link places them in their package. */
export function defineFileRoutes(spec: FileRouteSpec): Analyzer<FileRouteLocal> {
  return {
    name: spec.name,
    enablers: spec.enablers,
    concern: 'routes',
    accepts: (_text, path) => SOURCE_EXTENSION.test(path) && !path.endsWith('.d.ts') && spec.candidate.test(path),
    collect({ sourceFile }) {
      const methods = exportedMethods(sourceFile, spec.extraMethods);
      const exported = defaultExport(sourceFile);
      if (methods.length === 0 && !exported) return undefined;
      return exported ? { methods, default: exported } : { methods };
    },
    link(ctx, locals) {
      const scope = PackageScope.of(ctx);
      const prefixes = new Map<string, { prefix: string; notes: string[] }>();
      const routes: RouteFact[] = [];
      for (const [module, local] of locals) {
        const root = scope.rootFor(module, spec.enablers);
        if (root === undefined) continue;
        if (!prefixes.has(root)) prefixes.set(root, spec.packagePrefix?.(ctx, root) ?? { prefix: '', notes: [] });
        const { prefix, notes } = prefixes.get(root)!;
        for (const r of spec.routes(withinPackage(module, root), local)) {
          routes.push(routeFact({ method: r.method, path: joinPaths(prefix, r.path), framework: spec.name, module, line: r.line, handler: r.handler, notes: [...notes, ...(r.notes ?? [])] }));
        }
      }
      return { routes: sortRoutes(routes) };
    },
  };
}

/** Folders and file stem of a path under `base` (`src/api/` -> ['admin', 'companies'], 'route'). */
export function splitUnder(relative: string, base: RegExp): { under: string[]; stem: string } | undefined {
  const m = base.exec(relative);
  if (!m || m.index !== 0) return undefined;
  const rest = relative.slice(m[0].length).split('/');
  if (rest.includes('node_modules')) return undefined;
  const file = rest.pop()!;
  return { under: rest, stem: file.replace(SOURCE_EXTENSION, '') };
}

/** The routes of a file exporting method handlers, at `path`. */
export function methodRoutes(path: string | undefined, local: FileRouteLocal): DerivedRoute[] {
  if (path === undefined) return [];
  return local.methods.map((m) => ({ method: m.method === 'fallback' ? 'ALL' : m.method, path, line: m.line, ...(m.handler !== undefined && { handler: m.handler }) }));
}

/**
 * Generic file-system routing outside Next.js: SvelteKit endpoints (`src/routes/**\/+server.ts`),
 * SolidStart-style `src/routes/**` and Astro `src/pages/**` files exporting `GET`, `POST`, ...,
 * and Nitro/Nuxt handlers (`server/api/**`, `server/routes/**`; `orders.get.ts` answers GET only).
 */
import type ts from 'typescript';
import type { Analyzer } from '../types.js';
import { defaultExport, exportedMethods, fileRoutes, routePath, SOURCE_EXTENSION, splitRoutePath, type FileRoute, type FileRouteLocal } from './file-conventions.js';
import { joinPaths } from './route-path.js';
import { EXPORTED_METHODS } from './route-ast.js';
import { sortRoutes } from './route-facts.js';

const ROUTES_DIR = /(?:^|\/)routes\//;
const PAGES_DIR = /(?:^|\/)src\/pages\//;
const NITRO_DIR = /(?:^|\/)server\/(?:api|routes)\//;

/** Named method exports under `routes/` (SvelteKit, SolidStart) or `src/pages/` (Astro). */
function methodExportRoutes(path: string, sourceFile: ts.SourceFile): FileRoute[] {
  const split =
    splitRoutePath(path, (s, i) => s[i] === 'routes' && !(s[i - 1] === 'server' && i >= 1)) ??
    splitRoutePath(path, (s, i) => s[i] === 'pages' && s[i - 1] === 'src');
  if (!split) return [];
  let segments: string[];
  if (split.stem === '+server') segments = split.under;
  else if (split.stem.startsWith('+')) return [];
  else segments = split.stem === 'index' ? split.under : [...split.under, split.stem];
  const url = routePath(segments);
  return url === undefined ? [] : exportedMethods(sourceFile).map((m) => ({ ...m, path: url }));
}

/** Nitro: `server/api/orders/[id].get.ts` -> GET /api/orders/:id; without a method suffix, every method. */
function nitroRoutes(path: string, sourceFile: ts.SourceFile): FileRoute[] {
  const split = splitRoutePath(path, (s, i) => s[i] === 'server' && (s[i + 1] === 'api' || s[i + 1] === 'routes'));
  const exported = split && defaultExport(sourceFile);
  if (!split || !exported) return [];
  const [first, ...rest] = split.under;
  const suffix = /^(.*)\.([a-z]+)$/.exec(split.stem);
  const method = suffix && (EXPORTED_METHODS as readonly string[]).includes(suffix[2]!.toUpperCase()) ? suffix[2]!.toUpperCase() : 'ALL';
  const stem = method === 'ALL' ? split.stem : suffix![1]!;
  const url = routePath([...(first === 'api' ? ['api'] : []), ...rest, ...(stem === 'index' ? [] : [stem])]);
  return url === undefined ? [] : [{ method, path: joinPaths(url), ...exported }];
}

export const fileRouteAnalyzer: Analyzer<FileRouteLocal> = {
  name: 'file-route',
  enablers: ['@sveltejs/kit', '@solidjs/start', 'solid-start', 'astro', 'nuxt', 'nitropack', 'h3'],
  concern: 'routes',
  accepts: (_text, path) => SOURCE_EXTENSION.test(path) && (ROUTES_DIR.test(path) || PAGES_DIR.test(path) || NITRO_DIR.test(path)),
  collect({ path, sourceFile }) {
    const routes = NITRO_DIR.test(path) ? nitroRoutes(path, sourceFile) : methodExportRoutes(path, sourceFile);
    return routes.length > 0 ? { routes } : undefined;
  },
  link(_ctx, locals) {
    return { routes: sortRoutes([...locals].flatMap(([module, local]) => fileRoutes(module, 'file-route', local))) };
  },
};

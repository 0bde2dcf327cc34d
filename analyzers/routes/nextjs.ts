/**
 * Next.js file-system routes: the app router (`app/**\/route.ts`, also under `src/`) exporting
 * `GET`, `POST`, ... and the pages router's API routes (`pages/api/**`), whose default export
 * answers every method.
 */
import type { Analyzer } from '../types.js';
import { defaultExport, exportedMethods, fileRoutes, routePath, SOURCE_EXTENSION, splitRoutePath, type FileRoute, type FileRouteLocal } from './file-conventions.js';
import { sortRoutes } from './route-facts.js';

const ROUTE_FILE = /(?:^|\/)app\/(?:.*\/)?route\.[cm]?[jt]sx?$/;
const PAGES_API = /(?:^|\/)pages\/api\//;

export const nextjsAnalyzer: Analyzer<FileRouteLocal> = {
  name: 'nextjs',
  enablers: ['next'],
  concern: 'routes',
  accepts: (_text, path) => SOURCE_EXTENSION.test(path) && (ROUTE_FILE.test(path) || PAGES_API.test(path)),
  collect({ path, sourceFile }) {
    const routes: FileRoute[] = [];
    const app = ROUTE_FILE.test(path) ? splitRoutePath(path, (s, i) => s[i] === 'app') : undefined;
    if (app) {
      const url = routePath(app.under);
      if (url !== undefined) for (const m of exportedMethods(sourceFile)) routes.push({ ...m, path: url });
    } else {
      const pages = splitRoutePath(path, (s, i) => s[i] === 'pages' && s[i + 1] === 'api');
      const exported = pages && defaultExport(sourceFile);
      const url = pages && routePath(pages.stem === 'index' ? pages.under : [...pages.under, pages.stem]);
      if (exported && url !== undefined) routes.push({ method: 'ALL', path: url, ...exported });
    }
    return routes.length > 0 ? { routes } : undefined;
  },
  link(_ctx, locals) {
    return { routes: sortRoutes([...locals].flatMap(([module, local]) => fileRoutes(module, 'nextjs', local))) };
  },
};

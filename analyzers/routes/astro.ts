/**
 * Astro endpoints: files under `src/pages/` (`.ts`/`.js`) exporting `GET`, `POST`, ... or `ALL`
 * (docs.astro.build/en/guides/endpoints). The file name is the last segment (`index` none,
 * `feed.json.ts` -> `/feed.json`), `[x]` and `[...x]` are parameters; `.astro` files are pages.
 */
import { defineFileRoutes, methodRoutes, routePath, splitUnder } from './file-conventions.js';

export const astroAnalyzer = defineFileRoutes({
  name: 'astro',
  enablers: ['astro'],
  candidate: /(?:^|\/)src\/pages\/.*\.[cm]?[jt]s$/,
  extraMethods: ['ALL'],
  routes(relative, local) {
    const file = splitUnder(relative, /src\/pages\//);
    if (!file) return [];
    return methodRoutes(routePath(file.stem === 'index' ? file.under : [...file.under, file.stem]), local);
  },
});

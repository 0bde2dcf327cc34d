/**
 * Nuxt and Nitro server routes: handlers default-exported (`defineEventHandler`) from files under
 * `server/api/` (served under `/api`) and `server/routes/` (nuxt.com/docs/guide/directory-structure/server);
 * a standalone Nitro project has `api/` and `routes/` at its root (nitro.build/guide/routing).
 * A method suffix (`orders.get.ts`) answers that method only, otherwise every method; `index` is
 * the folder itself; `[x]` and `[...x]` are parameters. `server/middleware/` is not routes.
 */
import { EXPORTED_METHODS } from './route-ast.js';
import { defineFileRoutes, routePath, splitUnder } from './file-conventions.js';

export const nuxtAnalyzer = defineFileRoutes({
  name: 'nuxt',
  enablers: ['nuxt', 'nitropack', 'nitro'],
  candidate: /(?:^|\/)(?:api|routes)\/.*\.[cm]?[jt]s$/,
  routes(relative, local) {
    const file = splitUnder(relative, /(?:server\/)?(?:api|routes)\//);
    if (!file || !local.default) return [];
    const api = /^(?:server\/)?api\//.test(relative);
    const suffix = /^(.*)\.([a-z]+)$/.exec(file.stem);
    const method = suffix && (EXPORTED_METHODS as readonly string[]).includes(suffix[2]!.toUpperCase()) ? suffix[2]!.toUpperCase() : 'ALL';
    const stem = method === 'ALL' ? file.stem : suffix![1]!;
    const path = routePath([...(api ? ['api'] : []), ...file.under, ...(stem === 'index' ? [] : [stem])]);
    return path === undefined ? [] : [{ method, path, ...local.default }];
  },
});

/**
 * Medusa v2 API routes: `src/api/<path>/route.ts` exporting `GET`, `POST`, `PUT`, `PATCH`,
 * `DELETE`, `OPTIONS`, `HEAD`, with `[param]` folders for path parameters
 * (docs.medusajs.com/learn/fundamentals/api-routes). `src/api/middlewares.ts` only attaches
 * middlewares to routes that exist; no other file under `src/api` is a route.
 */
import { defineFileRoutes, methodRoutes, routePath, splitUnder } from './file-conventions.js';

export const medusaAnalyzer = defineFileRoutes({
  name: 'medusa',
  enablers: ['@medusajs/medusa', '@medusajs/framework'],
  candidate: /(?:^|\/)src\/api\/(?:.*\/)?route\.[cm]?[jt]s$/,
  routes(relative, local) {
    const file = splitUnder(relative, /src\/api\//);
    return file?.stem === 'route' ? methodRoutes(routePath(file.under), local) : [];
  },
});

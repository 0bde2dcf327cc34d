/**
 * SolidStart API routes: files under `src/routes/` exporting `GET`, `POST`, ...
 * (docs.solidjs.com/solid-start/building-your-application/api-routes). `index` is the folder
 * itself, `(group)` folders add nothing, `[x]` and `[...x]` are parameters.
 */
import { defineFileRoutes, methodRoutes, routePath, splitUnder } from './file-conventions.js';

export const solidStartAnalyzer = defineFileRoutes({
  name: 'solid-start',
  enablers: ['@solidjs/start', 'solid-start'],
  candidate: /(?:^|\/)src\/routes\/.*\.[cm]?[jt]sx?$/,
  routes(relative, local) {
    const file = splitUnder(relative, /src\/routes\//);
    if (!file) return [];
    return methodRoutes(routePath(file.stem === 'index' ? file.under : [...file.under, file.stem]), local);
  },
});

/**
 * SvelteKit endpoints: `src/routes/**\/+server.ts` exporting `GET`, `POST`, ... and `fallback`
 * (every other method) (svelte.dev/docs/kit/routing#server). `[x]`, `[[x]]`, `[...x]` and
 * `[x=matcher]` folders are parameters, `(group)` folders add nothing; `+page.server.ts` files
 * are page loads and form actions, not endpoints.
 */
import { defineFileRoutes, methodRoutes, routePath, splitUnder } from './file-conventions.js';

export const sveltekitAnalyzer = defineFileRoutes({
  name: 'sveltekit',
  enablers: ['@sveltejs/kit'],
  candidate: /(?:^|\/)src\/routes\/(?:.*\/)?\+server\.[cm]?[jt]s$/,
  extraMethods: ['fallback'],
  routes(relative, local) {
    const file = splitUnder(relative, /src\/routes\//);
    return file?.stem === '+server' ? methodRoutes(routePath(file.under), local) : [];
  },
});

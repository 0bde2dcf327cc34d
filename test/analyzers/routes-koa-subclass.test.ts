import { describe, expect, it } from 'vitest';
import { koaAnalyzer } from '../../analyzers/routes/koa.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { RouteFact } from '../../src/shared/facts.js';

function route(method: string, path: string, module: string, line: number, handler?: string): RouteFact {
  return { method, path, framework: 'koa', module, line, ...(handler !== undefined && { handler }) };
}

// Classes extending the router and Koa, declared in one module and used in others that never
// import koa: `new AppRouter()` is a router and `app: AppKoa` receives the app.
const clinic = {
  'src/types.ts': `import Router from '@koa/router';
import Koa from 'koa';

export class AppRouter extends Router<State> {}
export class AppKoa extends Koa<State> {}
export interface State { user?: string }
`,
  'src/routes/index.ts': `import { AppKoa, AppRouter, State } from '../types';

const health = new AppRouter();
health.get('/health', (ctx) => {
  ctx.status = 200;
});
const visits = new AppRouter({ prefix: '/visits' });
visits.post('/', create);

export function defineRoutes(app: AppKoa, state: State) {
  app.use(health.routes());
  app.use(visits.routes());
}
function create() {}
`,
  'src/app.ts': `import { AppKoa } from './types';
import { defineRoutes } from './routes';

const app = new AppKoa();
defineRoutes(app, {});
app.listen(3000);
`,
  'src/cache.ts': `import { Cache } from './lru';

export function warm(cache: Cache) {
  cache.get('/not-a-route', 1);
}
const other = new Cache();
other.get('/not-a-route-either', 2);
`,
  'src/lru.ts': `export class Cache {
  get(key: string, ttl: number) { return key + ttl; }
}
`,
};

describe('koa router and app subclasses', () => {
  it('serves routes of a router subclass used through an app subclass of another module', async () => {
    const facts = await analyzeSources(clinic, { analyzers: [koaAnalyzer] });
    expect(facts.routes).toEqual([
      route('GET', '/health', 'src/routes/index.ts', 4),
      route('POST', '/visits', 'src/routes/index.ts', 8, 'create'),
    ]);
  });
});

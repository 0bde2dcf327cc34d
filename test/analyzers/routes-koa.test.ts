import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { koaAnalyzer } from '../../analyzers/routes/koa.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { RouteFact } from '../../src/shared/facts.js';

function route(method: string, path: string, module: string, line: number, handler?: string): RouteFact {
  return { method, path, framework: 'koa', module, line, ...(handler !== undefined && { handler }) };
}

const shop = {
  'src/app.ts': `import Koa from 'koa';
import Router from '@koa/router';
import { ordersRouter } from './orders/routes';
import usersRouter from './users/routes';

const app = new Koa();
const api = new Router({ prefix: '/api' });

api.use('/orders', ordersRouter.routes(), ordersRouter.allowedMethods());
api.use(usersRouter.routes());
api.get('health', '/health', health);

app.use(api.routes());
function health() {}
`,
  'src/orders/routes.ts': `import Router from '@koa/router';
import * as orders from './handlers';

export const ordersRouter = new Router();
ordersRouter
  .get('/', orders.list)
  .post('/', orders.create)
  .del('/:id', orders.remove);
ordersRouter.all('/:id/legacy', orders.legacy);
`,
  'src/orders/handlers.ts': `export async function list() {}
export async function create() {}
export async function remove() {}
export async function legacy() {}
`,
  'src/users/routes.ts': `import KoaRouter from 'koa-router';

const router = new KoaRouter();
router.prefix('/users');
router.get('/:id', show);
router.put('/:id', update);
export default router;
function show() {}
function update() {}
`,
  'src/admin/routes.ts': `import Router from '@koa/router';
const BASE = '/admin';
const admin = new Router({ prefix: BASE });
admin.get(\`/audit/\${'log'}\`, audit);
function audit() {}
`,
};

describe('koa routes', () => {
  it('applies router prefixes and nested use() prefixes across files', async () => {
    const facts = await analyzeSources(shop, { analyzers: [koaAnalyzer] });
    expect(facts.routes).toEqual([
      route('GET', '/api/health', 'src/app.ts', 11, 'health'),
      route('GET', '/api/orders', 'src/orders/routes.ts', 6, 'orders.list'),
      route('POST', '/api/orders', 'src/orders/routes.ts', 7, 'orders.create'),
      route('DELETE', '/api/orders/:id', 'src/orders/routes.ts', 8, 'orders.remove'),
      route('ALL', '/api/orders/:id/legacy', 'src/orders/routes.ts', 9, 'orders.legacy'),
      route('GET', '/api/users/:id', 'src/users/routes.ts', 5, 'show'),
      route('PUT', '/api/users/:id', 'src/users/routes.ts', 6, 'update'),
      // nothing mounts the admin router: where it is served is not known
      route('GET', '/{unknown:mount_of_admin}/admin/audit/log', 'src/admin/routes.ts', 4, 'audit'),
    ]);
    expect(facts.diagnostics.filter((d) => d.code === 'route-path-unknown')).toEqual([]);
  });

  it('follows a router exported as its routes() middleware', async () => {
    const facts = await analyzeSources(
      {
        'src/app.ts': `import Koa from 'koa';
import Router from '@koa/router';
import catalog from './catalog';
const app = new Koa();
const root = new Router();
root.use('/catalog', catalog);
app.use(root.routes());
`,
        'src/catalog.ts': `import Router from '@koa/router';
const router = new Router();
router.get('/products', products);
export default router.routes();
function products() {}
`,
      },
      { analyzers: [koaAnalyzer] },
    );
    expect(facts.routes).toEqual([route('GET', '/catalog/products', 'src/catalog.ts', 3, 'products')]);
  });
});

describe('koa collect (one file)', () => {
  it('records the router prefix, named routes by their path, and routes() mounts', () => {
    const text = shop['src/app.ts'];
    const sourceFile = ts.createSourceFile('src/app.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const local = koaAnalyzer.collect!({ path: 'src/app.ts', text, sourceFile });
    expect(local?.instances).toEqual([
      { id: expect.any(String), kind: 'app', line: 6, names: ['app'] },
      { id: expect.any(String), kind: 'router', line: 7, names: ['api'], prefix: { texts: ['/api'] } },
    ]);
    const [app, api] = local!.instances.map((i) => i.id);
    expect(local?.routes).toEqual([{ instance: api, method: 'GET', paths: { texts: ['/health'] }, line: 11, handler: 'health' }]);
    expect(local?.mounts).toEqual([
      { parent: api, prefix: { texts: ['/orders'] }, child: { binding: 'ordersRouter' }, via: 'value', line: 9 },
      { parent: api, prefix: { texts: [''] }, child: { binding: 'usersRouter' }, via: 'value', line: 10 },
      { parent: app, prefix: { texts: [''] }, child: { local: api }, via: 'value', line: 13 },
    ]);
  });
});

describe('koa prefixes as served', () => {
  it('joins koa-router prefixes as text (setPrefix: prefix + path) and koa-mount prefixes by segment', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { koa: '2', 'koa-router': '7', 'koa-mount': '4' } }),
        'src/web.ts': `import Koa from 'koa';
import mount from 'koa-mount';
import api from './api';
import pages from './pages';
export default function init(app: Koa = new Koa()) {
  app.use(mount('/api', api));
  app.use(mount(pages.routes()));
  return app;
}
`,
        'src/api/index.ts': `import Koa from 'koa';
import Router from 'koa-router';
import documents from './documents';
const api = new Koa();
const router = new Router();
router.use('/', documents.routes());
router.register('*', ['get', 'post'], notFound);
api.use(router.routes());
export default api;
function notFound() {}
`,
        'src/api/documents.ts': `import Router from 'koa-router';
const router = new Router();
router.post('documents.list', list);
router.post('documents.info', info);
export default router;
function list() {}
function info() {}
`,
        'src/pages.ts': `import Router from 'koa-router';
const router = new Router();
router.get('/robots.txt', robots);
router.use(['/share/:id', '/share/:id/*'], (ctx) => {
  ctx.redirect(ctx.path.replace('/share', '/s'));
});
router.use('/assets', async (ctx, next) => next());
export default router;
function robots() {}
`,
      },
      { analyzers: [koaAnalyzer] },
    );
    expect(facts.routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/*',
      'POST /api/*',
      'POST /api/documents.info',
      'POST /api/documents.list',
      'GET /robots.txt',
      'ALL /share/:id',
      'ALL /share/:id/*',
    ]);
  });

  it('mounts the routers plugins place into a keyed registry wherever the app mounts what the registry holds under that key', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { koa: '2', 'koa-router': '7' } }),
        'server/registry.ts': `export enum Kind {
  Api = 'api',
  Login = 'login',
  Job = 'job',
}
export class Registry {
  private static entries: { kind: Kind; value: unknown }[] = [];
  static add(entry: { kind: Kind; value: unknown } | { kind: Kind; value: unknown }[]) {
    Registry.entries.push(...[entry].flat());
  }
  static byKind(kind: Kind) {
    return Registry.entries.filter((e) => e.kind === kind);
  }
}
`,
        'server/app.ts': `import Koa from 'koa';
import api from './api';
import auth from './auth';
const app = new Koa();
app.use(api.routes());
app.use(auth.routes());
`,
        'server/logins.ts': `import { Registry, Kind } from './registry';
export class Logins {
  static get all() {
    return Registry.byKind(Kind.Login);
  }
}
`,
        'server/api.ts': `import Router from 'koa-router';
import { Registry, Kind } from './registry';
import own from './own';
const router = new Router({ prefix: '/api/' });
Registry.byKind(Kind.Api).forEach((entry) => router.use('/', entry.value.routes()));
router.use('/', own.routes());
export default router;
`,
        'server/auth.ts': `import Router from 'koa-router';
import { Logins } from './logins';
const router = new Router({ prefix: '/auth/' });
void (async () => {
  for (const login of Logins.all) {
    const loaded = await login.value.router;
    if (loaded) router.use('/', loaded.routes());
  }
})();
export default router;
`,
        'server/own.ts': `import Router from 'koa-router';
const router = new Router();
router.post('me.info', info);
export default router;
function info() {}
`,
        'plugins/hooks/index.ts': `import { Registry, Kind } from '../../server/registry';
import api from './api';
import router from './login';
import Worker from './worker';
Registry.add([
  { kind: Kind.Api, value: api },
  { kind: Kind.Login, value: { router, id: 'hooks' } },
  { kind: Kind.Job, value: Worker },
]);
`,
        'plugins/hooks/api.ts': `import Router from 'koa-router';
const router = new Router();
router.post('hooks.list', list);
export default router;
function list() {}
`,
        'plugins/hooks/login.ts': `import Router from 'koa-router';
const router = new Router();
router.get('hooks', start);
router.get('hooks.callback', done);
let ready = Promise.resolve(router);
export default ready;
function start() {}
function done() {}
`,
        'plugins/hooks/worker.ts': `export default class Worker {}
`,
        'plugins/quiet/index.ts': `import { Registry, Kind } from '../../server/registry';
import router from './api';
Registry.add({ kind: Kind.Job, value: router });
`,
        'plugins/quiet/api.ts': `import Router from 'koa-router';
const router = new Router();
router.post('quiet.run', run);
export default router;
function run() {}
`,
      },
      { analyzers: [koaAnalyzer] },
    );
    expect(facts.routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/hooks.list',
      'POST /api/me.info',
      'GET /auth/hooks',
      'GET /auth/hooks.callback',
      'POST /{unknown:mount_of_router}/quiet.run',
    ]);
  });

  it('leaves out what only the test environment mounts and a catch-all that only answers not found', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { koa: '2', 'koa-router': '7' } }),
        'src/env.ts': `export default { ENVIRONMENT: process.env.NODE_ENV ?? 'production', get isTest() { return this.ENVIRONMENT === 'test'; } };
`,
        'src/app.ts': `import Koa from 'koa';
import Router from 'koa-router';
import env from './env';
import errors from './errors';
import debug from './debug';
const app = new Koa();
const router = new Router();
router.post('/docs.list', list);
router.register('*', ['get', 'post'], (ctx) => {
  ctx.throw(404, 'Endpoint not found');
});
router.get('*', (ctx) => serveApp(ctx));
if (env.ENVIRONMENT === 'test') {
  app.use(errors.routes());
}
if (!env.isTest) router.post('/live', list);
env.isTest && router.post('/reset', list);
app.use(debug.routes());
app.use(router.routes());
function list() {}
function serveApp(ctx: unknown) {}
`,
        'src/errors.ts': `import Router from 'koa-router';
const router = new Router();
router.post('/test/error', (ctx) => ctx.throw(500));
export default router;
`,
        'src/debug.ts': `import Router from 'koa-router';
const router = new Router();
if (process.env.NODE_ENV === 'test') router.get('/debug/state', state);
router.get('/debug/version', state);
export default router;
function state() {}
`,
      },
      { analyzers: [koaAnalyzer] },
    );
    expect(facts.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /*', 'GET /debug/version', 'POST /docs.list', 'POST /live']);
    expect(facts.diagnostics.filter((d) => d.code === 'route-test-only' || d.code === 'route-fallback').map((d) => `${d.code} ${d.file}:${d.line} ${d.severity}`)).toEqual([
      'route-fallback src/app.ts:9 info',
      'route-test-only src/app.ts:14 info',
      'route-test-only src/app.ts:17 info',
      'route-test-only src/debug.ts:3 info',
    ]);
  });

  it('serves what a folder loader registers: each feature folder it lists, each action file it imports, the verb and path each action declares, as the action file\'s route', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ type: 'module', dependencies: { koa: '2', '@koa/router': '12', 'koa-mount': '4' } }),
        'src/server.ts': `import Koa from 'koa';
import { loadFeatures } from './loader';
import { KoaApp } from './kit/types';
const app = new KoaApp();
await loadFeatures(app, FeatureRouter);
app.listen(3000);
import { FeatureRouter } from './kit/types';
`,
        'src/kit/types.ts': `import Koa from 'koa';
import Router from '@koa/router';
export class KoaApp extends Koa {}
export class FeatureRouter extends Router {}
`,
        'src/kit/action.ts': `export type Verb = 'get' | 'post' | 'put' | 'delete';
export interface Action { verb: Verb; url: string; run: (ctx: unknown) => Promise<void> }
export function defineAction<T extends Action>(spec: T): Action {
  const run = async (ctx: unknown) => spec.run(ctx);
  return { ...spec, run };
}
`,
        'src/loader.ts': `import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mount from 'koa-mount';
import type { KoaApp, FeatureRouter } from './kit/types';
import type { Action } from './kit/action';

const here = path.dirname(fileURLToPath(import.meta.url));
const FEATURES = path.join(here, 'features');
const HIDDEN = ['internal'];

function features(): string[] {
  return fs
    .readdirSync(FEATURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !HIDDEN.includes(entry.name))
    .map((entry) => entry.name);
}

async function actionsOf(feature: string): Promise<Action[]> {
  const dir = path.join(FEATURES, feature, 'actions');
  if (!fs.existsSync(dir)) return [];
  const found: Action[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const { default: action } = await import(path.join(dir, file));
    if (action?.verb) found.push(action);
  }
  return found;
}

function register(router: FeatureRouter, action: Action): void {
  const url = action.url.startsWith('/') ? action.url : \`/\${action.url}\`;
  router[action.verb](url, action.run);
}

export async function loadFeatures(app: KoaApp, RouterClass: typeof FeatureRouter): Promise<void> {
  for (const feature of features()) {
    const actions = await actionsOf(feature);
    if (actions.length === 0) continue;
    const router = new RouterClass();
    for (const action of actions) register(router, action);
    app.use(mount(\`/\${feature}\`, router.routes()));
  }
}
`,
        'src/features/index.ts': `export const FEATURES_ROOT = true;
`,
        'src/features/orders/actions/list.ts': `import { defineAction } from '../../../kit/action';
export default defineAction({ verb: 'get', url: '/', run: async () => {} });
`,
        'src/features/orders/actions/cancel.ts': `import { defineAction } from '../../../kit/action';
export default defineAction({ verb: 'post', url: '/:id/cancel', run: async () => {} });
`,
        'src/features/orders/actions/notes.json': '{}',
        'src/features/users/actions/show.ts': `import { defineAction } from '../../../kit/action';
export default defineAction({ verb: 'get', url: ':id', run: async () => {} });
`,
        'src/features/users/helpers.ts': `export const unused = 1;
`,
        'src/features/internal/actions/debug.ts': `import { defineAction } from '../../../kit/action';
export default defineAction({ verb: 'delete', url: '/cache', run: async () => {} });
`,
        'src/features/empty/README.md': 'no actions here',
      },
      { analyzers: [koaAnalyzer] },
    );
    expect(facts.routes.map((r) => `${r.method} ${r.path} ${r.module}:${r.line}`)).toEqual([
      'GET /orders src/features/orders/actions/list.ts:2',
      'POST /orders/:id/cancel src/features/orders/actions/cancel.ts:2',
      'GET /users/:id src/features/users/actions/show.ts:2',
    ]);
    expect(facts.diagnostics.filter((d) => d.code.startsWith('route-'))).toEqual([]);
  });
});


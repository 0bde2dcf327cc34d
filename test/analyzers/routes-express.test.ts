import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { expressAnalyzer } from '../../analyzers/routes/express.js';
import { pluginsOf } from '../../analyzers/registry.js';

const routeAnalyzers = pluginsOf('routes');
import { analyzeSources } from '../../analyzers/testing.js';
import type { RouteFact } from '../../src/shared/facts.js';

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true } });

function route(method: string, path: string, module: string, line: number, handler?: string): RouteFact {
  return { method, path, framework: 'express', module, line, ...(handler !== undefined && { handler }) };
}

function collect(text: string, path = 'src/routes.ts') {
  const sourceFile = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return expressAnalyzer.collect!({ path, text, sourceFile });
}

const shop = {
  'tsconfig.json': TSCONFIG,
  'src/config.ts': `export const API_PREFIX = '/api';
export const ROUTES = { orders: '/orders', customers: '/customers' } as const;
`,
  'src/app.ts': `import express from 'express';
import { API_PREFIX } from './config';
import apiRouter from './routes';
import { healthRouter } from './routes/health';
import { registerAdminRoutes } from './routes/admin';

const VERSION = 'v1';
export const app = express();

app.use(express.json());
app.use(\`\${API_PREFIX}/\${VERSION}\`, apiRouter);
app.use(healthRouter);
registerAdminRoutes(app);
app.get('/', (_req, res) => res.send('ok'));
`,
  'src/routes/index.ts': `import { Router } from 'express';
import { ROUTES } from '../config';
import { ordersRouter } from './orders';
import { buildCustomersRouter } from './customers';

const router = Router();
router.use(ROUTES.orders, ordersRouter);
router.use(ROUTES.customers, buildCustomersRouter());
export default router;
`,
  'src/routes/orders.ts': `import { Router } from 'express';
import { OrdersController } from '../controllers/orders-controller';
import { asyncHandler, pathFor } from '../lib/http';

const controller = new OrdersController();
export const ordersRouter = Router();

ordersRouter.get('/', controller.list);
ordersRouter
  .route('/:id')
  .get(controller.findOne)
  .delete(controller.remove);
ordersRouter.post('/:id/items', asyncHandler(addItem));
ordersRouter.get(pathFor('archive'), controller.list);

async function addItem(): Promise<void> {}
`,
  'src/controllers/orders-controller.ts': `export class OrdersController {
  list(): void {}
  findOne(): void {}
  remove(): void {}
}
`,
  'src/lib/http.ts': `export const asyncHandler = (fn: unknown) => fn;
export const pathFor = (name: string) => '/' + name;
`,
  'src/routes/customers.ts': `import express from 'express';

export function buildCustomersRouter() {
  const router = express.Router();
  router.get('/', listCustomers);
  router.get('/:customerId', getCustomer);
  return router;
}
function listCustomers(): void {}
function getCustomer(): void {}
`,
  'src/routes/health.ts': `import { Router } from 'express';
export const healthRouter = Router();
healthRouter.get('/health', (_req, res) => res.json({ ok: true }));
`,
  'src/routes/admin.ts': `import type { Express } from 'express';
import { Router } from 'express';
import { ordersRouter } from './orders';

export function registerAdminRoutes(app: Express): void {
  const admin = Router();
  admin.use('/orders', ordersRouter);
  admin.post('/reindex', reindex);
  app.use('/admin', admin);
}
function reindex(): void {}
`,
  'src/legacy/reports.ts': `import { Router } from 'express';
const reports = Router();
reports.get('/reports/daily', daily);
reports.all('/reports/*', notFound);
export default reports;
function daily(): void {}
function notFound(): void {}
`,
};

describe('express routes across files', () => {
  it('composes every mounting prefix, once per place a router is mounted', async () => {
    const facts = await analyzeSources(shop, { analyzers: [expressAnalyzer] });
    expect(facts.routes).toEqual([
      route('GET', '/', 'src/app.ts', 14),
      route('GET', '/admin/orders', 'src/routes/orders.ts', 8, 'OrdersController.list'),
      route('DELETE', '/admin/orders/:id', 'src/routes/orders.ts', 12, 'OrdersController.remove'),
      route('GET', '/admin/orders/:id', 'src/routes/orders.ts', 11, 'OrdersController.findOne'),
      route('POST', '/admin/orders/:id/items', 'src/routes/orders.ts', 13, 'addItem'),
      route('GET', '/admin/orders/archive', 'src/routes/orders.ts', 14, 'OrdersController.list'),
      route('POST', '/admin/reindex', 'src/routes/admin.ts', 8, 'reindex'),
      route('GET', '/api/v1/customers', 'src/routes/customers.ts', 5, 'listCustomers'),
      route('GET', '/api/v1/customers/:customerId', 'src/routes/customers.ts', 6, 'getCustomer'),
      route('GET', '/api/v1/orders', 'src/routes/orders.ts', 8, 'OrdersController.list'),
      route('DELETE', '/api/v1/orders/:id', 'src/routes/orders.ts', 12, 'OrdersController.remove'),
      route('GET', '/api/v1/orders/:id', 'src/routes/orders.ts', 11, 'OrdersController.findOne'),
      route('POST', '/api/v1/orders/:id/items', 'src/routes/orders.ts', 13, 'addItem'),
      route('GET', '/api/v1/orders/archive', 'src/routes/orders.ts', 14, 'OrdersController.list'),
      route('GET', '/health', 'src/routes/health.ts', 3),
      // nothing mounts the legacy router: where it is served is unknown, never guessed as `/`
      route('ALL', '/{unknown:mount_of_reports}/reports/*', 'src/legacy/reports.ts', 4, 'notFound'),
      route('GET', '/{unknown:mount_of_reports}/reports/daily', 'src/legacy/reports.ts', 3, 'daily'),
    ]);
  });

  it('reads a path built by a helper function, and says which parts it could not read', async () => {
    const facts = await analyzeSources(shop, { analyzers: [expressAnalyzer] });
    // `pathFor('archive')` is `'/' + name`: read, not skipped
    expect(facts.routes.filter((r) => r.path.endsWith('/archive')).map((r) => r.path)).toEqual(['/admin/orders/archive', '/api/v1/orders/archive']);
    expect(facts.diagnostics.filter((d) => d.code === 'route-path-unknown')).toEqual([]);
    expect(facts.diagnostics.filter((d) => d.code === 'route-unmounted').map((d) => `${d.file}:${d.line}`)).toEqual(['src/legacy/reports.ts:2']);
  });

  it('mounts sub-apps and class-held routers, and answers every method on a terminal use()', async () => {
    const facts = await analyzeSources(
      {
        'tsconfig.json': TSCONFIG,
        'src/server.ts': `import express from 'express';
import { UsersRoutes } from './users';

const app = express();
const admin = express();
admin.get('/stats', stats);
app.use('/admin', admin);
app.use('/users', new UsersRoutes().router);
app.use('/legacy', legacyBridge);
app.use('/v1', (req, res, next) => next());
app.get(['/ping', '/healthz'], ping);
app.get('title');

function legacyBridge(req: express.Request, res: express.Response): void {}
function stats(): void {}
function ping(): void {}
`,
        'src/users.ts': `import { Router } from 'express';
import { UsersController } from './users-controller';

export class UsersRoutes {
  readonly router = Router();
  constructor(private readonly users: UsersController = new UsersController()) {
    this.router.get('/:id', this.users.show);
  }
}
`,
        'src/users-controller.ts': `export class UsersController { show(): void {} }
`,
      },
      { analyzers: [expressAnalyzer] },
    );
    expect(facts.routes).toEqual([
      route('GET', '/admin/stats', 'src/server.ts', 6, 'stats'),
      route('GET', '/healthz', 'src/server.ts', 11, 'ping'),
      route('ALL', '/legacy', 'src/server.ts', 9, 'legacyBridge'),
      route('GET', '/ping', 'src/server.ts', 11, 'ping'),
      route('GET', '/users/:id', 'src/users.ts', 7, 'UsersController.show'),
    ]);
  });

  it('adds routes registered on an imported router, and tells path constants from middleware and routers', async () => {
    const facts = await analyzeSources(
      {
        'tsconfig.json': TSCONFIG,
        'src/router.ts': `import { Router } from 'express';
export const router = Router();
`,
        'src/orders.ts': `import type { Request, Response } from 'express';
import { router } from './router';

router.get('/orders', (req: Request, res: Response) => res.json([]));
`,
        'src/people.ts': `import { Router } from 'express';
export const usersRouter = Router();
export const teamsRouter = Router();
usersRouter.get('/users', listUsers);
teamsRouter.get('/teams', listTeams);
function listUsers(): void {}
function listTeams(): void {}
`,
        'src/admin.ts': `import { Router } from 'express';
const admin = Router();
admin.delete('/cache', flush);
export default admin;
function flush(): void {}
`,
        'src/auth.ts': `export function requireAuth(req: unknown, res: unknown, next: () => void): void { next(); }
`,
        'src/paths.ts': `export const API = '/api';
`,
        'src/app.ts': `import express from 'express';
import { router } from './router';
import './orders';
import { API } from './paths';
import { usersRouter, teamsRouter } from './people';
import { requireAuth } from './auth';
import admin from './admin';

const app = express();
app.use(API, router);
app.use('/people', [usersRouter, teamsRouter]);
app.use(requireAuth, admin);
`,
      },
      { analyzers: [expressAnalyzer] },
    );
    expect(facts.routes).toEqual([
      route('GET', '/api/orders', 'src/orders.ts', 4),
      route('DELETE', '/cache', 'src/admin.ts', 3, 'flush'),
      route('GET', '/people/teams', 'src/people.ts', 5, 'listTeams'),
      route('GET', '/people/users', 'src/people.ts', 4, 'listUsers'),
    ]);
    expect(facts.diagnostics.filter((d) => d.code.startsWith('route'))).toEqual([]);
  });

  it('follows CommonJS exports and require()', async () => {
    const facts = await analyzeSources(
      {
        'src/index.js': `const express = require('express');
const app = express();
app.use('/orders', require('./orders'));
`,
        'src/orders.js': `const { Router } = require('express');
const router = Router();
router.get('/:id', function show(req, res) {});
module.exports = router;
`,
      },
      { analyzers: [expressAnalyzer] },
    );
    expect(facts.routes).toEqual([route('GET', '/orders/:id', 'src/orders.js', 3)]);
  });

  it('leaves Koa and Fastify routers to their own analyzers', async () => {
    const facts = await analyzeSources(
      {
        'src/koa.ts': `import Router from '@koa/router';
const router = new Router();
router.get('/koa', handler);
`,
        'src/express.ts': `import express from 'express';
const app = express();
app.get('/express', handler);
`,
      },
      { analyzers: routeAnalyzers },
    );
    expect(facts.routes.map((r) => `${r.framework} ${r.method} ${r.path}`)).toEqual(['express GET /express', 'koa GET /{unknown:mount_of_router}/koa']);
  });
});

describe('express collect (one file)', () => {
  it('keeps literal paths as text and the place of anything else for link time', () => {
    const local = collect(`import { Router } from 'express';
import ordersRouter from './orders';
import { PREFIX } from './config';
const BASE = '/api';
export const api = Router();
api.use(\`\${BASE}/orders\`, ordersRouter);
api.get(PREFIX + '/items', getItem);
`);
    expect(local?.instances).toEqual([{ id: expect.any(String), kind: 'router', line: 5, names: ['api'] }]);
    const api = local!.instances[0]!.id;
    expect(local?.routes).toEqual([{ instance: api, method: 'GET', paths: { at: [expect.any(Number), expect.any(Number)], line: 7, name: "PREFIX + '/items'" }, line: 7, handler: 'getItem' }]);
    expect(local?.mounts).toEqual([{ parent: api, prefix: { texts: ['/api/orders'] }, child: { binding: 'ordersRouter' }, via: 'value', line: 6 }]);
    expect(local?.diagnostics).toEqual([]);
  });

  it('names handlers by the class or module object they come from', () => {
    const local = collect(`import { Router } from 'express';
import { customerController as c } from './customer-controller';
import { OrdersController } from './orders-controller';
const orders = new OrdersController();
const router = Router();
router.get('/customers', asyncHandler(c.list));
router.get('/orders', orders.list.bind(orders));
`);
    expect(local?.routes.map((r) => r.handler)).toEqual(['customerController.list', 'OrdersController.list']);
  });

  it('records router factories by the instance they return, and where they are for binding arguments', () => {
    const text = `import { Router } from 'express';
export default function ordersRoutes(service: unknown) {
  const r = Router();
  r.get('/', list);
  return r;
}
`;
    const local = collect(text);
    const r = local!.instances[0]!.id;
    expect(local?.functions).toEqual([{ id: expect.any(String), names: ['ordersRoutes', 'default'], params: [], returns: r, at: [text.indexOf('export default'), text.indexOf('}\n', text.indexOf('return r')) + 1] }]);
  });

  it('ignores files that do not import express', () => {
    expect(collect(`const app = makeApp();\napp.get('/x', handler);\n`)).toBeUndefined();
  });
});

describe('express prefixes as served', () => {
  it('binds a prefix passed as an argument (registerRoutes(app, "/api")) and to a router factory', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { express: '4' } }),
        'src/main.ts': `import express from 'express';
import { registerRoutes } from './routes';
import { makeRouter } from './factory';
const app = express();
registerRoutes(app, '/api');
registerRoutes(app, '/internal');
app.use('/v2', makeRouter('/things'));
`,
        'src/routes.ts': `import { Router, type Express } from 'express';
export function registerRoutes(app: Express, prefix: string): void {
  const router = Router();
  router.get('/orders', list);
  app.use(prefix, router);
  app.get(\`\${prefix}/health\`, health);
}
function list(): void {}
function health(): void {}
`,
        'src/factory.ts': `import { Router } from 'express';
export function makeRouter(base: string): Router {
  const router = Router();
  router.get(base, all);
  router.get(base + '/:id', one);
  return router;
}
function all(): void {}
function one(): void {}
`,
      },
      { analyzers: [expressAnalyzer] },
    );
    expect(facts.routes.map((r) => `${r.method} ${r.path} ${r.module}:${r.line}`)).toEqual([
      'GET /api/health src/routes.ts:6',
      'GET /api/orders src/routes.ts:4',
      'GET /internal/health src/routes.ts:6',
      'GET /internal/orders src/routes.ts:4',
      'GET /v2/things src/factory.ts:4',
      'GET /v2/things/:id src/factory.ts:5',
    ]);
  });

  it('follows routers through barrels and aliases, promise routers, path arrays and nesting across files', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { express: '4', 'express-promise-router': '4' } }),
        'src/app.ts': `import express from 'express';
import { api } from './routes';
const app = express();
app.use(['/api', '/api/v1'], api);
`,
        'src/routes/index.ts': `export { api } from './api';
`,
        'src/routes/api.ts': `import { Router as ExpressRouter } from 'express';
import { users } from './users';
export const api = ExpressRouter();
api.use('/users', users);
`,
        'src/routes/users.ts': `import PromiseRouter from 'express-promise-router';
import { teams } from './teams';
export const users = PromiseRouter();
users.get('/:id', show);
users.use('/:id/teams', teams);
async function show(): Promise<void> {}
`,
        'src/routes/teams.ts': `import { Router } from 'express';
export const teams = Router({ mergeParams: true });
teams.get('/', list);
function list(): void {}
`,
      },
      { analyzers: [expressAnalyzer] },
    );
    expect(facts.routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/users/:id',
      'GET /api/users/:id/teams',
      'GET /api/v1/users/:id',
      'GET /api/v1/users/:id/teams',
    ]);
  });

  it('reads a prefix from a config object, an environment default and a use() chain', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { express: '4' } }),
        'src/config.ts': `export default {
  api: { prefix: process.env.API_PREFIX || '/api' },
  admin: process.env.ADMIN_PREFIX ?? '',
};
`,
        'src/app.ts': `import express from 'express';
import config from './config';
import routes from './routes';
const app = express();
app.use(config.api.prefix, routes());
app.use(config.admin, routes());
`,
        'src/routes.ts': `import { Router } from 'express';
import { orders } from './orders';
export default () => Router().use('/shop', Router().use(orders));
`,
        'src/orders.ts': `import { Router } from 'express';
export const orders = Router();
orders.get('/orders', list);
function list(): void {}
`,
      },
      { analyzers: [expressAnalyzer] },
    );
    expect(facts.routes).toEqual([
      { ...route('GET', '/api/shop/orders', 'src/orders.ts', 3, 'list'), notes: ["process.env.API_PREFIX read as unset: '/api' assumed (src/config.ts:2)"] },
      { ...route('GET', '/shop/orders', 'src/orders.ts', 3, 'list'), notes: ["process.env.ADMIN_PREFIX read as unset: '' assumed (src/config.ts:3)"] },
    ]);
  });

  it('keeps a part it cannot read as {unknown:NAME} with a diagnostic, never as a :param', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { express: '4' } }),
        'src/app.ts': `import express from 'express';
const app = express();
const router = express.Router();
app.use(process.env.BASE_PATH, router);
router.get(\`/files/\${folder()}\`, files);
router.get(/^\\/legacy\\/.*$/, legacy);
function folder(): string { return Math.random() > 0.5 ? 'a' : 'b'; }
function files(): void {}
function legacy(): void {}
`,
      },
      { analyzers: [expressAnalyzer] },
    );
    expect(facts.routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /{unknown:process.env.BASE_PATH}/files/{unknown:folder()}',
      'GET /{unknown:process.env.BASE_PATH}/{unknown:regexp}',
    ]);
    expect(facts.diagnostics.filter((d) => d.code === 'route-path-unknown').map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([
      'src/app.ts:4 could not read `process.env.BASE_PATH` statically: the route is kept with {unknown:process.env.BASE_PATH} in its path; check it by hand',
      'src/app.ts:5 could not read ``/files/${folder()}`` statically: the route is kept with {unknown:folder()} in its path; check it by hand',
      'src/app.ts:6 could not read `regexp` statically: the route is kept with {unknown:regexp} in its path; check it by hand',
    ]);
  });

  it('mounts an app received as a destructured parameter (loaders({ app }))', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { express: '4' } }),
        'src/server.ts': `import express from 'express';
import load from './loader';
const app = express();
app.use('/v1', express.Router());
load({ app, prefix: '/api' });
`,
        'src/loader.ts': `import express, { Router } from 'express';
export default ({ app, prefix }: { app: express.Application; prefix: string }) => {
  const r = Router();
  r.get('/status', status);
  app.use(prefix, r);
};
function status(): void {}
`,
      },
      { analyzers: [expressAnalyzer] },
    );
    expect(facts.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /{unknown:prefix}/status']);
  });

  it('mounts the routers plugins place into a keyed registry where the app mounts what the registry holds, a 404 catch-all left out', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { express: '4' } }),
        'src/registry.ts': `export const Kind = { Api: 'api', Job: 'job' } as const;
export const registry = {
  entries: [] as { kind: string; router: unknown }[],
  add(entry: { kind: string; router: unknown }) { this.entries.push(entry); },
  byKind(kind: string) { return this.entries.filter((e) => e.kind === kind); },
};
`,
        'src/app.ts': `import express from 'express';
import { registry, Kind } from './registry';
const app = express();
registry.byKind(Kind.Api).forEach((entry) => app.use('/api', entry.router));
app.all('*', (req, res) => res.status(404).json({ error: 'not found' }));
export default app;
`,
        'plugins/billing/index.ts': `import { registry, Kind } from '../../src/registry';
import invoices from './invoices';
registry.add({ kind: Kind.Api, router: invoices });
`,
        'plugins/billing/invoices.ts': `import { Router } from 'express';
const router = Router();
router.get('/invoices', (req, res) => res.json([]));
export default router;
`,
      },
      { analyzers: [expressAnalyzer] },
    );
    expect(facts.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/invoices']);
    expect(facts.diagnostics.map((d) => d.code)).toContain('route-fallback');
  });

  it('reads route tables: a computed verb per entry, a path per key, unrolled over the known list; an unreadable verb is left out and said', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { express: '4' } }),
        'src/app.ts': `import express from 'express';
import catalog from './catalog';
const app = express();
app.use('/api', catalog);
`,
        'src/catalog.ts': `import { Router } from 'express';
import * as h from './handlers';
type Verb = 'get' | 'post' | 'delete';
const table: { method: Verb; path: string; handler: express.RequestHandler }[] = [
  { method: 'get', path: '/items', handler: h.list },
  { method: 'post', path: '/items', handler: h.create },
  { method: 'delete', path: '/items/:id', handler: h.remove },
];
const info = { '/health': h.health, '/version': h.version };
const router = Router();
table.forEach(({ method, path, handler }) => router[method](path, handler));
for (const [path, handler] of Object.entries(info)) router.get(path, handler);
const verb = process.env.EXTRA_VERB as Verb;
router[verb]('/extra', h.health);
export default router;
`,
        'src/handlers.ts': `export function list() {}
export function create() {}
export function remove() {}
export function health() {}
export function version() {}
`,
      },
      { analyzers: [expressAnalyzer] },
    );
    expect(facts.routes.map((r) => `${r.method} ${r.path} ${r.module}:${r.line}`)).toEqual([
      'GET /api/health src/catalog.ts:12',
      'GET /api/items src/catalog.ts:11',
      'POST /api/items src/catalog.ts:11',
      'DELETE /api/items/:id src/catalog.ts:11',
      'GET /api/version src/catalog.ts:12',
    ]);
    expect(facts.diagnostics.filter((d) => d.code.startsWith('route-')).map((d) => `${d.code} ${d.file}:${d.line} ${d.severity}`)).toEqual(['route-method-unknown src/catalog.ts:14 info']);
  });

  it('mounts each router a folder loader requires by computed name, under the prefix it derives from the file name', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { express: '4' } }),
        'src/app.ts': `import express from 'express';
import { mountAll } from './routes';
import { mountAdmin } from './admin/load';
const app = express();
mountAll(app);
mountAdmin(app);
`,
        'src/routes/index.ts': `import fs from 'fs';
import path from 'path';
import type { Express } from 'express';
export function mountAll(app: Express): void {
  fs.readdirSync(__dirname)
    .filter((file) => file !== 'index.ts' && !file.endsWith('.spec.ts'))
    .forEach((file) => {
      const name = path.basename(file, path.extname(file));
      app.use(\`/\${name}\`, require(path.join(__dirname, file)).default);
    });
}
`,
        'src/routes/books.ts': `import { Router } from 'express';
const router = Router();
router.get('/', list);
router.get('/:id', show);
export default router;
function list() {}
function show() {}
`,
        'src/routes/authors.ts': `import { Router } from 'express';
const router = Router();
router.post('/', create);
export default router;
function create() {}
`,
        'src/admin/load.ts': `import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
const DIR = join(__dirname, 'panels');
export async function mountAdmin(app: Express) {
  for (const file of readdirSync(DIR)) {
    const panel = await import(join(DIR, file));
    app.use('/admin/' + file.replace(/\\.ts$/, ''), panel.router);
  }
}
`,
        'src/admin/panels/stats.ts': `import { Router } from 'express';
export const router = Router();
router.get('/daily', daily);
function daily() {}
`,
      },
      { analyzers: [expressAnalyzer] },
    );
    expect(facts.routes.map((r) => `${r.method} ${r.path} ${r.module}:${r.line}`)).toEqual([
      'GET /admin/stats/daily src/admin/panels/stats.ts:3',
      'POST /authors src/routes/authors.ts:3',
      'GET /books src/routes/books.ts:3',
      'GET /books/:id src/routes/books.ts:4',
    ]);
    expect(facts.diagnostics.filter((d) => d.code.startsWith('route-'))).toEqual([]);
  });

  it('keeps hostile loaders bounded: nothing outside the repository is listed or loaded, risky patterns are not run, huge loops are not unrolled', async () => {
    const big = `[${Array.from({ length: 600 }, (_, i) => `'/p${i}'`).join(', ')}]`;
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { express: '4' } }),
        'src/app.ts': `import express from 'express';
import fs from 'fs';
import { Router } from 'express';
const app = express();
const r = Router();
r.get('/ok', h);
for (const f of fs.readdirSync('/etc')) app.use('/' + f, require('/etc/' + f));
for (const f of fs.readdirSync(__dirname + '/../..')) app.use('/up/' + f, require(__dirname + '/../../' + f));
app.use('/' + 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.replace(/(a+)+$/, ''), r);
const BIG = ${big};
for (const a of BIG) for (const b of BIG) r.get(a + b, h);
function h() {}
`,
      },
      { analyzers: [expressAnalyzer] },
    );
    const paths = facts.routes.map((r) => r.path);
    expect(paths.some((p) => p.startsWith('/etc') || p.startsWith('/up/'))).toBe(false);
    expect(paths).toContain("/{unknown:'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.replace()}/ok");
    // 600 x 600 bindings exceed the unrolling bound: the loops are said, not unrolled (one route, its path unknown)
    expect(paths.filter((p) => p.includes('/p1')).length).toBe(0);
    expect(paths.filter((p) => p.endsWith('/{unknown:a}{unknown:b}')).length).toBe(1);
    expect(facts.diagnostics.some((d) => d.code === 'route-loop-too-large' && d.file === 'src/app.ts')).toBe(true);
  });
});


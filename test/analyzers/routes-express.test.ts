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
      route('POST', '/admin/reindex', 'src/routes/admin.ts', 8, 'reindex'),
      route('GET', '/api/v1/customers', 'src/routes/customers.ts', 5, 'listCustomers'),
      route('GET', '/api/v1/customers/:customerId', 'src/routes/customers.ts', 6, 'getCustomer'),
      route('GET', '/api/v1/orders', 'src/routes/orders.ts', 8, 'OrdersController.list'),
      route('DELETE', '/api/v1/orders/:id', 'src/routes/orders.ts', 12, 'OrdersController.remove'),
      route('GET', '/api/v1/orders/:id', 'src/routes/orders.ts', 11, 'OrdersController.findOne'),
      route('POST', '/api/v1/orders/:id/items', 'src/routes/orders.ts', 13, 'addItem'),
      route('GET', '/health', 'src/routes/health.ts', 3),
      route('ALL', '/reports/*', 'src/legacy/reports.ts', 4, 'notFound'),
      route('GET', '/reports/daily', 'src/legacy/reports.ts', 3, 'daily'),
    ]);
  });

  it('reports a path it cannot read instead of guessing', async () => {
    const facts = await analyzeSources(shop, { analyzers: [expressAnalyzer] });
    expect(facts.diagnostics.filter((d) => d.code === 'route-path-unknown')).toEqual([
      {
        severity: 'warning',
        code: 'route-path-unknown',
        file: 'src/routes/orders.ts',
        line: 14,
        message: "could not read the route path `pathFor('archive')` statically; the route is skipped",
      },
    ]);
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
    expect(facts.routes.map((r) => `${r.framework} ${r.method} ${r.path}`)).toEqual(['express GET /express', 'koa GET /koa']);
  });
});

describe('express collect (one file)', () => {
  it('records routers, registrations with their raw path parts, and mounts of imported routers', () => {
    const local = collect(`import { Router } from 'express';
import ordersRouter from './orders';
const BASE = '/api';
export const api = Router();
api.use(\`\${BASE}/orders\`, ordersRouter);
api.get(\`/items/\${itemId}\`, getItem);
`);
    expect(local?.instances).toEqual([{ id: expect.any(String), kind: 'router', line: 4, names: ['api'] }]);
    const api = local!.instances[0]!.id;
    expect(local?.routes).toEqual([
      { instance: api, method: 'GET', paths: [[{ text: '/items/' }, { param: 'itemId' }, { text: '' }]], line: 6, handler: 'getItem' },
    ]);
    expect(local?.mounts).toEqual([
      { parent: api, prefix: [[{ text: '' }, { text: '/api' }, { text: '/orders' }]], child: { binding: 'ordersRouter' }, via: 'value', line: 5 },
    ]);
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

  it('keeps an imported path constant as a reference for link time', () => {
    const local = collect(`import express from 'express';
import { PREFIX } from './config';
const app = express();
app.get(PREFIX + '/x', handler);
`);
    expect(local?.routes[0]?.paths).toEqual([[{ ref: { binding: 'PREFIX', members: [] } }, { text: '/x' }]]);
  });

  it('records router factories by the instance they return', () => {
    const local = collect(`import { Router } from 'express';
export default function ordersRoutes(service: unknown) {
  const r = Router();
  r.get('/', list);
  return r;
}
`);
    const r = local!.instances[0]!.id;
    expect(local?.functions).toEqual([{ id: expect.any(String), names: ['ordersRoutes', 'default'], params: [], returns: r }]);
  });

  it('reports a regular-expression path and skips the route', () => {
    const local = collect(`import express from 'express';
const app = express();
app.get(/^\\/files\\/.*$/, serve);
`);
    expect(local?.routes).toEqual([]);
    expect(local?.diagnostics).toEqual([
      { code: 'route-path-unknown', line: 3, message: 'could not read the route path `/^\\/files\\/.*$/` statically; the route is skipped' },
    ]);
  });

  it('ignores files that do not import express', () => {
    expect(collect(`const app = makeApp();\napp.get('/x', handler);\n`)).toBeUndefined();
  });
});

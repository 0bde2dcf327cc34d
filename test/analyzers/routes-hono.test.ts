import { describe, expect, it } from 'vitest';
import { honoAnalyzer, servedHonoPath } from '../../analyzers/routes/hono.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { Facts, RouteFact } from '../../src/shared/facts.js';

const lines = (...l: string[]): string => l.join('\n');
const honoPackage = JSON.stringify({ dependencies: { hono: '4.6.12' } });
const run = (files: Record<string, string>): Promise<Facts> => analyzeSources({ 'package.json': honoPackage, ...files }, { analyzers: [honoAnalyzer] });
const routes = (facts: Facts): string[] => facts.routes.map((r) => `${r.method} ${r.path} ${r.module}:${r.line}`);
const unknownPaths = (facts: Facts): string[] => facts.diagnostics.filter((d) => d.code === 'route-path-unknown').map((d) => `${d.file}:${d.line}`);

function route(method: string, path: string, module: string, line: number, handler?: string): RouteFact {
  return { method, path, framework: 'hono', module, line, ...(handler !== undefined && { handler }) };
}

describe('hono routes', () => {
  it('composes route() mounts of sub-apps imported from other files, nested three levels, with their own basePath', async () => {
    const facts = await run({
      'src/index.ts': lines(
        "import { Hono } from 'hono';",
        "import { logger } from 'hono/logger';",
        "import api from './api';",
        'const app = new Hono();',
        "app.use('*', logger());",
        "app.get('/health', health);",
        "app.route('/api', api);",
        'export default app;',
        'function health() {}',
      ),
      'src/api.ts': lines(
        "import { Hono } from 'hono';",
        "import { orders } from './orders';",
        'const api = new Hono();',
        "api.route('/orders', orders);",
        'export default api;',
      ),
      'src/orders.ts': lines(
        "import { Hono } from 'hono';",
        "import { lines as orderLines } from './order-lines';",
        "export const orders = new Hono().basePath('/v2');",
        "orders.get('/', list);",
        "orders.route('/:orderId', orderLines);",
        'function list() {}',
      ),
      'src/order-lines.ts': lines(
        "import { Hono } from 'hono';",
        "export const lines = new Hono().basePath('/lines');",
        "lines.get('/', (c) => c.json([]));",
        "lines.delete('/:lineId', remove);",
        'function remove() {}',
      ),
    });
    expect(facts.routes).toEqual([
      route('GET', '/api/orders/v2', 'src/orders.ts', 4, 'list'),
      route('GET', '/api/orders/v2/:orderId/lines', 'src/order-lines.ts', 3),
      route('DELETE', '/api/orders/v2/:orderId/lines/:lineId', 'src/order-lines.ts', 4, 'remove'),
      route('GET', '/health', 'src/index.ts', 6, 'health'),
    ]);
    expect(unknownPaths(facts)).toEqual([]);
  });

  it('reads chains: every call returns the app, a verb without a path registers at the path set before it', async () => {
    const facts = await run({
      'src/books.ts': lines(
        "import { Hono } from 'hono';",
        'const books = new Hono()',
        "  .get('/', list)",
        "  .post('/', create)",
        "  .get('/:id', show)",
        '  .put(replace)',
        '  .delete(remove);',
        'export default books;',
        'function list() {}',
        'function create() {}',
        'function show() {}',
        'function replace() {}',
        'function remove() {}',
      ),
      'src/index.ts': lines(
        "import { Hono } from 'hono';",
        "import books from './books';",
        "export default new Hono().route('/books', books).get('/', (c) => c.text('home')).patch(touch);",
        'function touch() {}',
      ),
    });
    expect(routes(facts)).toEqual([
      'GET / src/index.ts:3',
      'PATCH / src/index.ts:3',
      'GET /books src/books.ts:3',
      'POST /books src/books.ts:4',
      'DELETE /books/:id src/books.ts:7',
      'GET /books/:id src/books.ts:5',
      'PUT /books/:id src/books.ts:6',
    ]);
  });

  it('registers through basePath views on the same app: a view adds its base, mounting any view mounts the whole app', async () => {
    const facts = await run({
      'src/app.ts': lines(
        "import { Hono } from 'hono';",
        "import { admin } from './admin';",
        "const app = new Hono().basePath('/api');",
        "app.get('/ping', ping);",
        "const v2 = app.basePath('/v2');",
        "v2.get('/ping', ping);",
        "new Hono().basePath('/a').basePath('/b').get('/c', ping);",
        "app.route('/admin', admin);",
        'function ping() {}',
      ),
      'src/admin.ts': lines(
        "import { Hono } from 'hono';",
        'const base = new Hono();',
        "base.get('/', dashboard);",
        "export const admin = base.basePath('/panel');",
        "admin.get('/users', users);",
        'function dashboard() {}',
        'function users() {}',
      ),
    });
    expect(routes(facts)).toEqual([
      'GET /a/b/c src/app.ts:7',
      'GET /api/admin src/admin.ts:3',
      'GET /api/admin/panel/users src/admin.ts:5',
      'GET /api/ping src/app.ts:4',
      'GET /api/v2/ping src/app.ts:6',
    ]);
  });

  it('groups routes on a plain sub-app mounted later, and follows functions that receive an app or return one', async () => {
    const facts = await run({
      'src/index.ts': lines(
        "import { Hono } from 'hono';",
        "import { buildReports } from './reports';",
        "import { registerHealth } from './health';",
        'const app = new Hono();',
        'const api = new Hono();',
        "api.get('/users', listUsers);",
        "api.post('/users', createUser);",
        "app.route('/api', api);",
        "app.route('/reports', buildReports());",
        "app.route('/inline', new Hono().get('/x', (c) => c.text('x')));",
        "const internal = app.basePath('/internal');",
        'registerHealth(internal);',
        'function listUsers() {}',
        'function createUser() {}',
      ),
      'src/reports.ts': lines(
        "import { Hono } from 'hono';",
        'export function buildReports() {',
        "  return new Hono().get('/daily', daily).get('/weekly', weekly);",
        '}',
        'function daily() {}',
        'function weekly() {}',
      ),
      'src/health.ts': lines(
        "import type { Hono } from 'hono';",
        'export function registerHealth(app: Hono) {',
        "  app.get('/health', (c) => c.text('ok'));",
        '}',
      ),
    });
    expect(routes(facts)).toEqual([
      'GET /api/users src/index.ts:6',
      'POST /api/users src/index.ts:7',
      'GET /inline/x src/index.ts:10',
      'GET /internal/health src/health.ts:3',
      'GET /reports/daily src/reports.ts:3',
      'GET /reports/weekly src/reports.ts:3',
    ]);
  });

  it("takes an app from the repo's own factory (with what the factory registers on it), in files that import nothing from hono, and nothing else a function returns", async () => {
    const facts = await run({
      'src/lib/create-app.ts': lines(
        "import { Hono } from 'hono';",
        'type Env = { Variables: { user: string } };',
        'export function createApp() {',
        '  return new Hono<Env>();',
        '}',
        "export const createAdmin = () => createApp().basePath('/admin');",
      ),
      'src/lib/http.ts': lines('export function createClient() {', '  return { get: (path: string, handler: unknown) => [path, handler] };', '}'),
      'src/index.ts': lines(
        "import { createApp } from './lib/create-app';",
        "import tasks from './tasks';",
        "import { slackRoute } from './slack';",
        "const app = createApp().basePath('/api');",
        "app.route('/tasks', tasks);",
        "app.route('/slack', slackRoute);",
        'export default app;',
      ),
      'src/slack.ts': lines(
        "import { Hono } from 'hono';",
        'export function createSlack(secret: string) {',
        '  const slack = new Hono();',
        "  slack.post('/events', (c) => c.text(secret));",
        '  return slack;',
        '}',
        "export const slackRoute = createSlack('secret');",
      ),
      'src/tasks.ts': lines(
        "import { createApp } from './lib/create-app';",
        "import { createClient } from './lib/http';",
        'const tasks = createApp();',
        "tasks.get('/', (c) => c.json([]));",
        "tasks.post('/:id/done', (c) => c.json({}));",
        'const client = createClient();',
        "client.get('/not-a-route', () => undefined);",
        'export const fetchTask = (url: string) => client.get(url, () => undefined);',
        'export default tasks;',
      ),
      // an app made through a factory's basePath(): its base is not carried, so its routes are skipped, visibly
      'src/admin.ts': lines("import { createAdmin } from './lib/create-app';", 'const admin = createAdmin();', "admin.get('/audit', (c) => c.json([]));"),
    });
    expect(routes(facts)).toEqual(['POST /api/slack/events src/slack.ts:4', 'GET /api/tasks src/tasks.ts:4', 'POST /api/tasks/:id/done src/tasks.ts:5']);
    expect(unknownPaths(facts)).toEqual(['src/lib/create-app.ts:6']);
  });

  it('reads all() and on() with one or several methods and paths, custom methods included', async () => {
    const facts = await run({
      'src/index.ts': lines(
        "import { Hono } from 'hono';",
        'const app = new Hono();',
        "app.all('/proxy', proxy);",
        "app.on('PURGE', '/cache', purge);",
        "app.on(['PUT', 'DELETE'], ['/post', '/posts/:id'], write);",
        'function proxy() {}',
        'function purge() {}',
        'function write() {}',
      ),
    });
    expect(facts.routes).toEqual([
      route('PURGE', '/cache', 'src/index.ts', 4, 'purge'),
      route('DELETE', '/post', 'src/index.ts', 5, 'write'),
      route('PUT', '/post', 'src/index.ts', 5, 'write'),
      route('DELETE', '/posts/:id', 'src/index.ts', 5, 'write'),
      route('PUT', '/posts/:id', 'src/index.ts', 5, 'write'),
      route('ALL', '/proxy', 'src/index.ts', 3, 'proxy'),
    ]);
  });

  it('writes regex-constrained and optional params as served: :name', async () => {
    const facts = await run({
      'src/index.ts': lines(
        "import { Hono } from 'hono';",
        'const app = new Hono();',
        "app.get('/posts/:id{[0-9]+}', show);",
        "app.get('/posts/:date{[0-9]{4}-[0-9]{2}}/:slug', bySlug);",
        "app.get('/animals/:type?', animals);",
        "app.get('/files/*', files);",
        'function show() {}',
        'function bySlug() {}',
        'function animals() {}',
        'function files() {}',
      ),
    });
    expect(routes(facts)).toEqual([
      'GET /animals/:type src/index.ts:5',
      'GET /files/* src/index.ts:6',
      'GET /posts/:date/:slug src/index.ts:4',
      'GET /posts/:id src/index.ts:3',
    ]);
    expect(servedHonoPath('/a/:id{\\d+}/b/:opt?')).toBe('/a/:id/b/:opt');
  });

  it('reports no route for middleware, context reads, event listeners, untyped helpers or a path alone', async () => {
    const facts = await run({
      'src/index.ts': lines(
        "import { Hono } from 'hono';",
        "import { EventEmitter } from 'node:events';",
        'const app = new Hono();',
        'const events = new EventEmitter();',
        "app.use('/admin/*', guard);",
        "app.get('/me', (c) => c.json({ user: c.get('user') }));",
        "app.get('/only-a-path');",
        "events.on('order', (order) => order, 1);",
        "function fetchUsers(client: { get(path: string, options: object): unknown }) { return client.get('/users', {}); }",
        'function guard() {}',
      ),
    });
    expect(routes(facts)).toEqual(['GET /me src/index.ts:6']);
    expect(unknownPaths(facts)).toEqual([]);
  });

  it('keeps a path it cannot read as an {unknown:NAME} part with a diagnostic, and reads one another module gives at link time', async () => {
    const facts = await run({
      'src/index.ts': lines(
        "import { Hono } from 'hono';",
        'export function mount(app: Hono, prefix: string) {',
        '  app.get(prefix, list);',
        "  app.basePath(prefix).get('/x', list);",
        '}',
        'function list() {}',
      ),
      'src/config.ts': "export const API_BASE = '/api';",
      'src/server.ts': lines(
        "import { Hono } from 'hono';",
        "import { API_BASE } from './config';",
        'const app = new Hono();',
        "app.basePath(API_BASE).get('/y', (c) => c.text('y'));",
        "app.route(API_BASE + '/sub', new Hono().get('/z', (c) => c.text('z')));",
        'export default app;',
      ),
    });
    expect(routes(facts)).toEqual([
      'GET /api/sub/z src/server.ts:5',
      'GET /api/y src/server.ts:4',
      'GET /{unknown:prefix} src/index.ts:3',
      'GET /{unknown:prefix}/x src/index.ts:4',
    ]);
    expect(facts.diagnostics.filter((d) => d.code === 'route-path-unknown').map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([
      'src/index.ts:3 could not read `prefix` statically: the route is kept with {unknown:prefix} in its path; check it by hand',
      'src/index.ts:4 could not read `prefix` statically: the route is kept with {unknown:prefix} in its path; check it by hand',
    ]);
  });

  it('reads Hono installed under its JSR name, @hono/hono', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { '@hono/hono': 'npm:@jsr/hono__hono@4.6.12' } }),
        'src/index.ts': lines("import { Hono } from '@hono/hono';", "export default new Hono().get('/ping', (c) => c.text('pong'));"),
      },
      { analyzers: [honoAnalyzer] },
    );
    expect(routes(facts)).toEqual(['GET /ping src/index.ts:2']);
  });

  it('is not enabled in a repository that does not depend on hono', async () => {
    const facts = await analyzeSources({
      'package.json': JSON.stringify({ dependencies: { express: '4.19.2' } }),
      'src/index.ts': lines("import { Hono } from 'hono';", 'const app = new Hono();', "app.get('/x', (c) => c.text('x'));"),
    });
    expect(facts.plugins).not.toContain('hono');
    expect(facts.routes).toEqual([]);
  });
});

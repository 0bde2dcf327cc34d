import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fastifyAnalyzer } from '../../analyzers/routes/fastify.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { RouteFact } from '../../src/shared/facts.js';

function route(method: string, path: string, module: string, line: number, handler?: string): RouteFact {
  return { method, path, framework: 'fastify', module, line, ...(handler !== undefined && { handler }) };
}

const shop = {
  'src/server.ts': `import Fastify from 'fastify';
import ordersRoutes from './orders/routes';
import { usersPlugin } from './users/plugin';
import { API_PREFIX } from './config';

const app = Fastify({ logger: true });

app.register(async (api) => {
  api.register(ordersRoutes, { prefix: '/orders' });
  api.register(usersPlugin, { prefix: '/users' });
  api.get('/status', status);
}, { prefix: API_PREFIX });

app.route({ method: ['GET', 'HEAD'], url: '/', handler: root });
app.get('/health', async () => ({ ok: true }));

function status() {}
function root() {}
`,
  'src/config.ts': `export const API_PREFIX = '/api/v1';
`,
  'src/orders/routes.ts': `import type { FastifyInstance } from 'fastify';
import * as handlers from './handlers';

export default async function ordersRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { schema: { querystring: {} } }, handlers.list);
  app.post('/', { handler: handlers.create });
  app.route({ method: 'DELETE', url: '/:id', handler: handlers.remove });
  app.register(itemsRoutes, { prefix: '/:id/items' });
}

async function itemsRoutes(items: FastifyInstance): Promise<void> {
  items.put('/:sku', handlers.putItem);
}
`,
  'src/orders/handlers.ts': `export async function list() {}
export async function create() {}
export async function remove() {}
export async function putItem() {}
`,
  'src/users/plugin.ts': `import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

export const usersPlugin: FastifyPluginAsync = async (fastify) => {
  fastify.get('/:id', getUser);
  fastify.register(fp(async (shared) => {
    shared.get('/me', me);
  }), { prefix: '/ignored' });
};

async function getUser() {}
async function me() {}
`,
  'src/reports/plugin.ts': `import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

async function reports(app: FastifyInstance) {
  app.get('/reports/daily', daily);
}
export default fp(reports);
async function daily() {}
`,
};

describe('fastify routes', () => {
  it('composes register prefixes through nested plugins, and ignores the prefix of fastify-plugin wrappers', async () => {
    const facts = await analyzeSources(shop, { analyzers: [fastifyAnalyzer] });
    expect(facts.routes).toEqual([
      route('GET', '/', 'src/server.ts', 14, 'root'),
      route('HEAD', '/', 'src/server.ts', 14, 'root'),
      route('GET', '/api/v1/orders', 'src/orders/routes.ts', 5, 'handlers.list'),
      route('POST', '/api/v1/orders', 'src/orders/routes.ts', 6, 'handlers.create'),
      route('DELETE', '/api/v1/orders/:id', 'src/orders/routes.ts', 7, 'handlers.remove'),
      route('PUT', '/api/v1/orders/:id/items/:sku', 'src/orders/routes.ts', 12, 'handlers.putItem'),
      route('GET', '/api/v1/status', 'src/server.ts', 11, 'status'),
      route('GET', '/api/v1/users/:id', 'src/users/plugin.ts', 5, 'getUser'),
      route('GET', '/api/v1/users/me', 'src/users/plugin.ts', 7, 'me'),
      route('GET', '/health', 'src/server.ts', 15),
      route('GET', '/reports/daily', 'src/reports/plugin.ts', 5, 'daily'),
    ]);
  });

  it('drops the register prefix of an imported fastify-plugin wrapper', async () => {
    const facts = await analyzeSources(
      {
        'src/server.ts': `import fastify from 'fastify';
import reports from './reports';
const app = fastify();
app.register(reports, { prefix: '/ignored' });
`,
        'src/reports.ts': shop['src/reports/plugin.ts'],
      },
      { analyzers: [fastifyAnalyzer] },
    );
    expect(facts.routes).toEqual([route('GET', '/reports/daily', 'src/reports.ts', 5, 'daily')]);
  });
});

describe('fastify collect (one file)', () => {
  it('records a plugin by its first parameter and the register mounts into it', () => {
    const text = shop['src/orders/routes.ts'];
    const sourceFile = ts.createSourceFile('src/orders/routes.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const local = fastifyAnalyzer.collect!({ path: 'src/orders/routes.ts', text, sourceFile });
    const [app, items] = local!.instances;
    expect(local?.instances.map((i) => [i.kind, i.line])).toEqual([
      ['param', 4],
      ['param', 11],
    ]);
    expect(local?.functions).toEqual([
      { id: expect.any(String), names: ['ordersRoutes', 'default'], params: [{ index: 0, instance: app!.id }], at: expect.any(Array) },
      { id: expect.any(String), names: ['itemsRoutes'], params: [{ index: 0, instance: items!.id }], at: expect.any(Array) },
    ]);
    expect(local?.mounts).toEqual([
      { parent: app!.id, prefix: { texts: ['/:id/items'] }, child: { local: local!.functions[1]!.id }, via: { param: 0 }, line: 8 },
    ]);
    expect(local?.routes.map((r) => [r.method, r.paths, r.line])).toEqual([
      ['GET', { texts: ['/'] }, 5],
      ['POST', { texts: ['/'] }, 6],
      ['DELETE', { texts: ['/:id'] }, 7],
      ['PUT', { texts: ['/:sku'] }, 12],
    ]);
  });
});

const FASTIFY = JSON.stringify({ dependencies: { fastify: '5', 'fastify-plugin': '5', '@fastify/autoload': '6' } });

describe('@fastify/autoload', () => {
  it('registers every plugin file under dir with its folders as prefix, index files alone, hooks never', async () => {
    const facts = await analyzeSources(
      {
        'package.json': FASTIFY,
        'src/app.ts': `import path from 'node:path';
import AutoLoad from '@fastify/autoload';
import type { FastifyInstance } from 'fastify';
export default async function app(fastify: FastifyInstance) {
  fastify.register(AutoLoad, { dir: path.join(__dirname, 'routes'), autoHooks: true, options: { prefix: '/api/' } });
}
`,
        'src/routes/root.ts': `export default async function (fastify: any) {
  fastify.get('/', async () => 'hi');
}
`,
        'src/routes/autohooks.ts': `export default async function (fastify: any) {
  fastify.get('/not-a-route', async () => 'hook files only add hooks');
}
`,
        'src/routes/users/index.ts': `export default async function (fastify: any) {
  fastify.get('/', async () => []);
  fastify.route({ method: ['PUT', 'PATCH'], url: '/:id', handler: async () => ({}) });
}
`,
        'src/routes/users/ignored.ts': `export default async function (fastify: any) {
  fastify.get('/never', async () => 'the folder has an index: only it loads');
}
`,
        'src/routes/users/avatars/index.ts': `export default async function (fastify: any) {
  fastify.get('/:id', async () => 'subfolders of an index folder still load');
}
`,
        'src/routes/users/types.d.ts': `export interface User { id: string }
`,
        'src/routes/reports/prefixed.ts': `export const autoPrefix = '/stats';
export default async function (fastify: any) {
  fastify.get('/daily', async () => []);
}
`,
      },
      { analyzers: [fastifyAnalyzer] },
    );
    expect(facts.routes.map((r) => `${r.method} ${r.path} ${r.module}`)).toEqual([
      'GET /api src/routes/root.ts',
      'GET /api/stats/daily src/routes/reports/prefixed.ts',
      'GET /api/users src/routes/users/index.ts',
      'PATCH /api/users/:id src/routes/users/index.ts',
      'PUT /api/users/:id src/routes/users/index.ts',
      'GET /api/users/avatars/:id src/routes/users/avatars/index.ts',
    ]);
    // neither the hooks file nor a file beside an index is loaded as a plugin
    expect(facts.diagnostics.filter((d) => d.code === 'route-not-loaded').map((d) => d.file)).toEqual(['src/routes/autohooks.ts', 'src/routes/users/ignored.ts']);
  });

  it('honours dirNameRoutePrefix: false, ignorePattern, routeParams and encapsulate: false', async () => {
    const files = (options: string) => ({
      'package.json': FASTIFY,
      'src/app.ts': `import autoload from '@fastify/autoload';
import Fastify from 'fastify';
const app = Fastify();
app.register(autoload, { dir: \`\${__dirname}/plugins\`, ${options} });
`,
      'src/plugins/orders/_id/items.ts': `export default async function (fastify: any) {
  fastify.get('/items', async () => []);
}
`,
      'src/plugins/orders/list.ts': `export default async function (fastify: any) {
  fastify.get('/', async () => []);
}
`,
      'src/plugins/orders/list.test-helper.ts': `export default async function (fastify: any) {
  fastify.get('/helper', async () => []);
}
`,
    });
    const paths = async (options: string) =>
      (await analyzeSources(files(options), { analyzers: [fastifyAnalyzer] })).routes.map((r) => `${r.method} ${r.path}`);
    expect(await paths('ignorePattern: /helper/')).toEqual(['GET /orders', 'GET /orders/_id/items']);
    expect(await paths('ignorePattern: /helper/, routeParams: true')).toEqual(['GET /orders', 'GET /orders/:id/items']);
    expect(await paths('ignorePattern: /helper/, dirNameRoutePrefix: false')).toEqual(['GET /', 'GET /items']);
    expect(await paths('matchFilter: "list"')).toEqual(['GET /orders', 'GET /orders/helper']);
    expect(await paths('ignorePattern: /helper/, encapsulate: false')).toEqual(['GET /', 'GET /items']);
  });

  it('keeps fastify-plugin wrapped files in their parent scope: the folder prefix does not apply', async () => {
    const facts = await analyzeSources(
      {
        'package.json': FASTIFY,
        'src/app.ts': `import autoload from '@fastify/autoload';
import Fastify from 'fastify';
const app = Fastify();
app.register(async (api) => {
  api.register(autoload, { dir: __dirname + '/routes' });
}, { prefix: '/api' });
`,
        'src/routes/health/index.ts': `import fp from 'fastify-plugin';
export default fp(async (fastify) => {
  fastify.get('/health', async () => 'ok');
});
`,
        'src/routes/items/index.ts': `export default async function (fastify: any) {
  fastify.get('/', async () => []);
}
`,
      },
      { analyzers: [fastifyAnalyzer] },
    );
    expect(facts.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/health', 'GET /api/items']);
  });
});

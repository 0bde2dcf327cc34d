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
      { id: expect.any(String), names: ['ordersRoutes', 'default'], params: [{ index: 0, instance: app!.id }] },
      { id: expect.any(String), names: ['itemsRoutes'], params: [{ index: 0, instance: items!.id }] },
    ]);
    expect(local?.mounts).toEqual([
      { parent: app!.id, prefix: [[{ text: '/:id/items' }]], child: { local: local!.functions[1]!.id }, via: { param: 0 }, line: 8 },
    ]);
    expect(local?.routes.map((r) => [r.method, r.paths, r.line])).toEqual([
      ['GET', [[{ text: '/' }]], 5],
      ['POST', [[{ text: '/' }]], 6],
      ['DELETE', [[{ text: '/:id' }]], 7],
      ['PUT', [[{ text: '/:sku' }]], 12],
    ]);
  });
});

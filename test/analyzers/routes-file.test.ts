import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { routeSegment } from '../../analyzers/routes/file-conventions.js';
import { medusaAnalyzer } from '../../analyzers/routes/medusa.js';
import { nuxtAnalyzer } from '../../analyzers/routes/nuxt.js';
import { pluginsOf } from '../../analyzers/registry.js';

const routeAnalyzers = pluginsOf('routes');
import { nextjsAnalyzer } from '../../analyzers/routes/nextjs.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { RouteFact } from '../../src/shared/facts.js';

function route(framework: RouteFact['framework'], method: string, path: string, module: string, line: number, handler?: string): RouteFact {
  return { method, path, framework, module, line, ...(handler !== undefined && { handler }) };
}

const next = {
  'app/api/orders/route.ts': `import { NextResponse } from 'next/server';

export async function GET() {
  return NextResponse.json([]);
}

export async function POST(request: Request) {
  return NextResponse.json(await request.json(), { status: 201 });
}
`,
  'app/api/orders/[id]/route.ts': `import { withAuth } from '../../../../lib/auth';
import { updateOrder } from '../../../../lib/orders';

export const GET = withAuth(async () => new Response('{}'));
export const PATCH = updateOrder;
export function DELETE() {}
export function helper() {}
`,
  'app/(admin)/api/reports/[...slug]/route.ts': `async function handler() {}
export { handler as GET, handler as POST };
`,
  'app/api/_internal/cron/route.ts': `export function GET() {}
`,
  'app/dashboard/page.tsx': `export default function Page() { return null; }
`,
  'lib/auth.ts': `export const withAuth = (fn: unknown) => fn;
`,
  'lib/orders.ts': `export async function updateOrder() {}
`,
  'pages/api/users/index.ts': `export default function handler(req: unknown, res: unknown) {}
`,
  'pages/api/users/[id].ts': `import { withAuth } from '../../../lib/auth';
async function getUser() {}
export default withAuth(getUser);
`,
  'pages/index.tsx': `export default function Home() { return null; }
`,
};

describe('next.js routes', () => {
  it('derives paths from app-router folders and pages/api files', async () => {
    const facts = await analyzeSources(next, { analyzers: [nextjsAnalyzer] });
    expect(facts.routes).toEqual([
      route('nextjs', 'GET', '/api/orders', 'app/api/orders/route.ts', 3),
      route('nextjs', 'POST', '/api/orders', 'app/api/orders/route.ts', 7),
      route('nextjs', 'DELETE', '/api/orders/:id', 'app/api/orders/[id]/route.ts', 6),
      route('nextjs', 'GET', '/api/orders/:id', 'app/api/orders/[id]/route.ts', 4),
      route('nextjs', 'PATCH', '/api/orders/:id', 'app/api/orders/[id]/route.ts', 5, 'updateOrder'),
      route('nextjs', 'GET', '/api/reports/:slug*', 'app/(admin)/api/reports/[...slug]/route.ts', 2, 'handler'),
      route('nextjs', 'POST', '/api/reports/:slug*', 'app/(admin)/api/reports/[...slug]/route.ts', 2, 'handler'),
      route('nextjs', 'ALL', '/api/users', 'pages/api/users/index.ts', 1, 'handler'),
      route('nextjs', 'ALL', '/api/users/:id', 'pages/api/users/[id].ts', 3, 'getUser'),
    ]);
  });

  it('reads src/app the same way', async () => {
    const facts = await analyzeSources({ 'src/app/api/health/route.ts': 'export const GET = () => new Response("ok");\n' }, { analyzers: [nextjsAnalyzer] });
    expect(facts.routes).toEqual([route('nextjs', 'GET', '/api/health', 'src/app/api/health/route.ts', 1)]);
  });
});

describe('file routes, one plugin per framework, in the packages that depend on it', () => {
  it('reads SvelteKit endpoints, Astro endpoints and Nitro handlers, and leaves an Express routes/ folder to Express', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ private: true, workspaces: ['*'] }),
        'kit/package.json': JSON.stringify({ devDependencies: { '@sveltejs/kit': '2' } }),
        'kit/src/routes/api/todos/+server.ts': `export async function GET() {}
export async function POST() {}
`,
        'kit/src/routes/api/todos/[id=integer]/+server.ts': `import { remove } from '$lib/todos';
export const DELETE = remove;
`,
        'kit/src/routes/(app)/blog/[[lang]]/+server.ts': `export const GET = () => new Response();
export const fallback = () => new Response();
`,
        'kit/src/routes/+page.server.ts': `export const load = () => ({});
`,
        'site/package.json': JSON.stringify({ dependencies: { astro: '5' } }),
        'site/src/pages/api/feed.json.ts': `export const GET = () => new Response('{}');
export const ALL = () => new Response('{}');
`,
        'site/src/pages/index.ts': `export const GET = () => new Response('home');
`,
        'shop/package.json': JSON.stringify({ dependencies: { nuxt: '3' } }),
        'shop/server/api/things/[id].get.ts': `export default defineEventHandler(() => ({}));
`,
        'shop/server/routes/hello.ts': `export default defineEventHandler(() => 'hi');
`,
        'shop/server/middleware/log.ts': `export default defineEventHandler(() => {});
`,
        'backend/package.json': JSON.stringify({ dependencies: { express: '4' } }),
        'backend/server/routes/orders.ts': `import { Router } from 'express';
const router = Router();
router.get('/orders', list);
export default router;
function list() {}
`,
        'backend/server/app.ts': `import express from 'express';
import orders from './routes/orders';
const app = express();
app.use('/v1', orders);
`,
      },
      { analyzers: routeAnalyzers },
    );
    expect(facts.routes).toEqual([
      route('astro', 'GET', '/', 'site/src/pages/index.ts', 1),
      route('astro', 'ALL', '/api/feed.json', 'site/src/pages/api/feed.json.ts', 2),
      route('astro', 'GET', '/api/feed.json', 'site/src/pages/api/feed.json.ts', 1),
      route('nuxt', 'GET', '/api/things/:id', 'shop/server/api/things/[id].get.ts', 1),
      route('sveltekit', 'GET', '/api/todos', 'kit/src/routes/api/todos/+server.ts', 1),
      route('sveltekit', 'POST', '/api/todos', 'kit/src/routes/api/todos/+server.ts', 2),
      route('sveltekit', 'DELETE', '/api/todos/:id', 'kit/src/routes/api/todos/[id=integer]/+server.ts', 2, 'remove'),
      route('sveltekit', 'ALL', '/blog/:lang?', 'kit/src/routes/(app)/blog/[[lang]]/+server.ts', 2),
      route('sveltekit', 'GET', '/blog/:lang?', 'kit/src/routes/(app)/blog/[[lang]]/+server.ts', 1),
      route('nuxt', 'ALL', '/hello', 'shop/server/routes/hello.ts', 1),
      // an Express `server/routes/` file is not a Nuxt route: its package does not depend on nuxt
      route('express', 'GET', '/v1/orders', 'backend/server/routes/orders.ts', 3, 'list'),
    ]);
  });

  it('collects nothing from a route folder file without method or default exports', () => {
    const text = `export function helper() {}\n`;
    const sourceFile = ts.createSourceFile('server/api/util.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    expect(nuxtAnalyzer.collect!({ path: 'server/api/util.ts', text, sourceFile })).toBeUndefined();
  });

  it('reads Medusa API routes (src/api/**/route.ts) and not its middlewares file', async () => {
    const facts = await analyzeSources(
      {
        'backend/package.json': JSON.stringify({ dependencies: { '@medusajs/medusa': '2', '@medusajs/framework': '2' } }),
        'backend/src/api/admin/companies/route.ts': `import type { MedusaRequest, MedusaResponse } from '@medusajs/framework/http';
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {};
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {};
`,
        'backend/src/api/admin/companies/[id]/employees/[employeeId]/route.ts': `export async function DELETE() {}
`,
        'backend/src/api/middlewares.ts': `import { defineMiddlewares } from '@medusajs/framework/http';
export default defineMiddlewares({ routes: [{ matcher: '/store/customers/me', middlewares: [] }] });
`,
        'backend/src/api/admin/companies/validators.ts': `export const GET = 'not in a route.ts file';
`,
        'storefront/package.json': JSON.stringify({ dependencies: { next: '15' } }),
        'storefront/src/api/route.ts': `export async function GET() {}
`,
      },
      { analyzers: [medusaAnalyzer] },
    );
    expect(facts.routes).toEqual([
      route('medusa', 'GET', '/admin/companies', 'backend/src/api/admin/companies/route.ts', 2),
      route('medusa', 'POST', '/admin/companies', 'backend/src/api/admin/companies/route.ts', 3),
      route('medusa', 'DELETE', '/admin/companies/:id/employees/:employeeId', 'backend/src/api/admin/companies/[id]/employees/[employeeId]/route.ts', 1),
    ]);
  });

  it('puts the Next.js basePath in front, and notes an environment default', async () => {
    const app = { 'app/api/health/route.ts': 'export const GET = () => new Response("ok");\n', 'package.json': JSON.stringify({ dependencies: { next: '15' } }) };
    const literal = await analyzeSources({ ...app, 'next.config.mjs': `const nextConfig = { basePath: '/docs' };\nexport default nextConfig;\n` }, { analyzers: [nextjsAnalyzer] });
    expect(literal.routes).toEqual([route('nextjs', 'GET', '/docs/api/health', 'app/api/health/route.ts', 1)]);
    const env = await analyzeSources(
      { ...app, 'next.config.js': `const withAnalyzer = require('@next/bundle-analyzer')({ enabled: false });\nmodule.exports = withAnalyzer({ basePath: process.env.BASE_PATH || '/app' });\n` },
      { analyzers: [nextjsAnalyzer] },
    );
    expect(env.routes).toEqual([{ ...route('nextjs', 'GET', '/app/api/health', 'app/api/health/route.ts', 1), notes: ["process.env.BASE_PATH read as unset: '/app' assumed (next.config.js:2)"] }]);
  });
});

describe('route segments', () => {
  it.each([
    ['orders', 'orders'],
    ['[id]', ':id'],
    ['[...slug]', ':slug*'],
    ['[[...slug]]', ':slug*'],
    ['[[lang]]', ':lang?'],
    ['[id=integer]', ':id'],
    ['(marketing)', ''],
    ['@modal', ''],
    ['_private', undefined],
  ])('%s -> %s', (segment, expected) => {
    expect(routeSegment(segment)).toBe(expected);
  });
});

import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { routeSegment } from '../../analyzers/routes/file-conventions.js';
import { fileRouteAnalyzer } from '../../analyzers/routes/file-route.js';
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

describe('generic file routes', () => {
  it('reads SvelteKit endpoints, Astro pages and Nitro handlers, and leaves other route folders alone', async () => {
    const facts = await analyzeSources(
      {
        'src/routes/api/todos/+server.ts': `export async function GET() {}
export async function POST() {}
`,
        'src/routes/api/todos/[id=integer]/+server.ts': `import { remove } from '$lib/todos';
export const DELETE = remove;
`,
        'src/routes/blog/[[lang]]/+server.ts': `export const GET = () => new Response();
`,
        'src/routes/+page.server.ts': `export const load = () => ({});
`,
        'src/pages/api/feed.ts': `export const GET = () => new Response('<rss/>');
`,
        'server/api/things/[id].get.ts': `export default defineEventHandler(() => ({}));
`,
        'server/routes/hello.ts': `export default defineEventHandler(() => 'hi');
`,
        'backend/src/routes/orders.ts': `import { Router } from 'express';
export const router = Router();
router.get('/orders', list);
`,
      },
      { analyzers: routeAnalyzers },
    );
    expect(facts.routes).toEqual([
      route('file-route', 'GET', '/api/feed', 'src/pages/api/feed.ts', 1),
      route('file-route', 'GET', '/api/things/:id', 'server/api/things/[id].get.ts', 1),
      route('file-route', 'GET', '/api/todos', 'src/routes/api/todos/+server.ts', 1),
      route('file-route', 'POST', '/api/todos', 'src/routes/api/todos/+server.ts', 2),
      route('file-route', 'DELETE', '/api/todos/:id', 'src/routes/api/todos/[id=integer]/+server.ts', 2, 'remove'),
      route('file-route', 'GET', '/blog/:lang?', 'src/routes/blog/[[lang]]/+server.ts', 1),
      route('file-route', 'ALL', '/hello', 'server/routes/hello.ts', 1),
      route('express', 'GET', '/orders', 'backend/src/routes/orders.ts', 3, 'list'),
    ]);
  });

  it('collects nothing from a route folder file without method exports', () => {
    const text = `export function helper() {}\n`;
    const sourceFile = ts.createSourceFile('src/routes/util.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    expect(fileRouteAnalyzer.collect!({ path: 'src/routes/util.ts', text, sourceFile })).toBeUndefined();
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

/**
 * The repository's apps (facts.apps, analyzers/apps/) and the modules a cut is made of
 * (serviceScope, src/decompose/service-scope.ts), on small trees planted for each case: a
 * workspaces monorepo with one of every kind, a Next.js app serving API routes beside its pages,
 * an event emitter's `listen` in a package without a server framework, and a migrations folder.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSources } from '../../analyzers/testing.js';
import { serviceScope } from '../../src/decompose/index.js';
import type { Facts } from '../../src/shared/facts.js';

const json = (value: unknown): string => JSON.stringify(value);
const lines = (...l: string[]): string => `${l.join('\n')}\n`;
const scopeOf = (facts: Facts, ...args: Parameters<typeof serviceScope> extends [Facts, ...infer R] ? R : never) => {
  const s = serviceScope(facts, ...args);
  return { modules: [...s.modules].sort(), left: s.left };
};

/** apps/api (NestJS), apps/web (React), packages/{lib, sdk, eslint-config, tool}. */
const MONOREPO: Record<string, string> = {
  'package.json': json({ name: 'x', private: true, workspaces: ['apps/*', 'packages/*'] }),
  'tsconfig.json': json({ compilerOptions: { strict: true, jsx: 'react-jsx' } }),
  'apps/api/package.json': json({ name: '@x/api', dependencies: { '@nestjs/core': '10.0.0', '@nestjs/common': '10.0.0', '@x/lib': '*' } }),
  'apps/api/src/main.ts': lines(
    "import { NestFactory } from '@nestjs/core';",
    "import { AppModule } from './app.module';",
    'async function boot() {',
    '  const app = await NestFactory.create(AppModule);',
    '  await app.listen(3000);',
    '}',
    'void boot();',
  ),
  'apps/api/src/app.module.ts': lines("import { Module } from '@nestjs/common';", "import { OrdersController } from './orders.controller';", '@Module({ controllers: [OrdersController] })', 'export class AppModule {}'),
  'apps/api/src/orders.controller.ts': lines(
    "import { Controller, Get } from '@nestjs/common';",
    "import { money } from '@x/lib';",
    "@Controller('orders')",
    'export class OrdersController {',
    '  @Get() list() { return [money(1)]; }',
    '}',
  ),
  'apps/web/package.json': json({ name: '@x/web', dependencies: { react: '18.0.0', 'react-dom': '18.0.0', '@x/sdk': '*' } }),
  'apps/web/src/main.tsx': lines("import { createRoot } from 'react-dom/client';", "import { listOrders } from '@x/sdk';", 'createRoot(document.body).render(null);', 'void listOrders();'),
  'packages/lib/package.json': json({ name: '@x/lib', main: 'src/index.ts' }),
  'packages/lib/src/index.ts': 'export const money = (cents: number) => cents / 100;\n',
  'packages/sdk/package.json': json({ name: '@x/sdk', main: 'src/index.ts' }),
  'packages/sdk/src/index.ts': "export async function listOrders() { return (await fetch('/orders')).json(); }\n",
  'packages/eslint-config/package.json': json({ name: '@x/eslint-config', main: 'index.js' }),
  'packages/eslint-config/index.js': 'module.exports = { rules: {} };\n',
  'packages/tool/package.json': json({ name: '@x/tool', bin: { xtool: 'src/cli.ts' }, dependencies: { '@x/sdk': '*' } }),
  'packages/tool/src/cli.ts': "import { listOrders } from '@x/sdk';\nvoid listOrders();\n",
};

describe('a workspaces monorepo: one app of each kind', () => {
  it('finds the NestJS backend, the React frontend, the library, the SDK, the tooling and the CLI', async () => {
    const facts = await analyzeSources(MONOREPO);
    expect(facts.apps).toEqual([
      { name: '@x/api', kind: 'backend', root: 'apps/api', entries: ['apps/api/src/main.ts'], framework: 'nestjs' },
      { name: '@x/web', kind: 'frontend', root: 'apps/web', entries: ['apps/web/src/main.tsx'], framework: 'react' },
      { name: '@x/eslint-config', kind: 'tooling', root: 'packages/eslint-config', entries: [] },
      { name: '@x/lib', kind: 'library', root: 'packages/lib', entries: [] },
      { name: '@x/sdk', kind: 'sdk', root: 'packages/sdk', entries: [] },
      { name: '@x/tool', kind: 'cli', root: 'packages/tool', entries: [] },
    ]);
  });

  it('cuts the backend and the library it imports; the frontend, SDK, tooling and CLI stay out', async () => {
    const facts = await analyzeSources(MONOREPO);
    expect(scopeOf(facts)).toEqual({
      modules: ['apps/api/src/app.module.ts', 'apps/api/src/main.ts', 'apps/api/src/orders.controller.ts', 'packages/lib/src/index.ts'],
      left: [
        { module: 'apps/web/src/main.tsx', reason: 'in @x/web (frontend)' },
        { module: 'packages/eslint-config/index.js', reason: 'in @x/eslint-config (tooling)' },
        { module: 'packages/sdk/src/index.ts', reason: 'in @x/sdk (sdk)' },
        { module: 'packages/tool/src/cli.ts', reason: 'in @x/tool (cli)' },
      ],
    });
  });

  it('follows the config where it says what an app is: a worker is cut, and the walk never enters an app kept out', async () => {
    const facts = await analyzeSources(MONOREPO);
    expect(scopeOf(facts, [{ name: 'tool', kind: 'worker', root: 'packages/tool', entries: ['packages/tool/src/cli.ts'] }])).toEqual({
      modules: ['apps/api/src/app.module.ts', 'apps/api/src/main.ts', 'apps/api/src/orders.controller.ts', 'packages/lib/src/index.ts', 'packages/tool/src/cli.ts'],
      left: [
        { module: 'apps/web/src/main.tsx', reason: 'in @x/web (frontend)' },
        { module: 'packages/eslint-config/index.js', reason: 'in @x/eslint-config (tooling)' },
        { module: 'packages/sdk/src/index.ts', reason: 'in @x/sdk (sdk)' },
      ],
    });
  });
});

describe('a Next.js app with API routes beside its pages', () => {
  const NEXT: Record<string, string> = {
    'package.json': json({ name: 'shopfront', dependencies: { next: '14.2.0', react: '18.0.0', 'react-dom': '18.0.0' } }),
    'tsconfig.json': json({ compilerOptions: { strict: true, jsx: 'preserve' } }),
    'app/api/orders/route.ts': "import { listOrders } from '../../../lib/orders';\nexport async function GET() { return Response.json(await listOrders()); }\n",
    'app/api/orders/[id]/route.ts': 'export async function DELETE() { return new Response(null, { status: 204 }); }\n',
    'app/layout.tsx': 'export default function RootLayout({ children }: { children: unknown }) { return children; }\n',
    'app/page.tsx': "import { Banner } from '../components/banner';\nexport default function Home() { return Banner(); }\n",
    'app/orders/page.tsx': "import { listOrders } from '../../lib/orders';\nexport default async function Orders() { return JSON.stringify(await listOrders()); }\n",
    'components/banner.tsx': "export function Banner() { return 'hello'; }\n",
    'lib/orders.ts': 'export async function listOrders() { return []; }\n',
  };

  it('is one backend app (it serves routes); the cut holds the routes, what they use, and the server page that uses it too', async () => {
    const facts = await analyzeSources(NEXT);
    expect(facts.apps).toEqual([{ name: 'shopfront', kind: 'backend', root: '.', entries: [], framework: 'nextjs' }]);
    expect(facts.routes.map((r) => `${r.method} ${r.path} ${r.module}`)).toEqual(['GET /api/orders app/api/orders/route.ts', 'DELETE /api/orders/:id app/api/orders/[id]/route.ts']);
    expect(scopeOf(facts)).toEqual({
      modules: ['app/api/orders/[id]/route.ts', 'app/api/orders/route.ts', 'app/orders/page.tsx', 'lib/orders.ts'],
      left: [
        { module: 'app/layout.tsx', reason: 'no backend entry, route or table reaches it' },
        { module: 'app/page.tsx', reason: 'no backend entry, route or table reaches it' },
        { module: 'components/banner.tsx', reason: 'no backend entry, route or table reaches it' },
      ],
    });
  });

  it('is a frontend when it serves no route, with its first page as the entry', async () => {
    const pagesOnly = Object.fromEntries(Object.entries(NEXT).filter(([path]) => !path.startsWith('app/api/')));
    const facts = await analyzeSources(pagesOnly);
    expect(facts.apps).toEqual([{ name: 'shopfront', kind: 'frontend', root: '.', entries: ['app/layout.tsx'], framework: 'nextjs' }]);
    expect(scopeOf(facts).modules).toEqual([]);
  });
});

describe('x.listen(...) starts a server only in a package with a server framework', () => {
  const files = (dependencies: Record<string, string>): Record<string, string> => ({
    'package.json': json({ name: 'jobs', dependencies }),
    'tsconfig.json': json({ compilerOptions: { strict: true } }),
    'src/events.ts': lines("import { EventEmitter } from 'node:events';", 'export const bus = new EventEmitter();', "bus.listen('order.placed', () => undefined);"),
  });

  it('an event emitter listening in a package without one is no backend', async () => {
    const facts = await analyzeSources(files({ pg: '8.0.0' }));
    expect(facts.apps).toEqual([{ name: 'jobs', kind: 'library', root: '.', entries: [] }]);
  });

  it('the same call in a package that depends on express is', async () => {
    const facts = await analyzeSources(files({ express: '4.19.2' }));
    expect(facts.apps).toEqual([{ name: 'jobs', kind: 'backend', root: '.', entries: ['src/events.ts'] }]);
  });
});

describe('a migrations folder', () => {
  it('is no data access and no backend evidence, and no migration joins the cut, even one importing a repository', async () => {
    const facts = await analyzeSources({
      'package.json': json({ name: 'orders', dependencies: { pg: '8.0.0' } }),
      'tsconfig.json': json({ compilerOptions: { strict: true } }),
      'src/orders/order-repository.ts': lines("import { Pool } from 'pg';", 'const pool = new Pool();', "export const place = () => pool.query('INSERT INTO orders (id) VALUES ($1)', [1]);"),
      'src/migrations/001-orders.ts': lines("import { Pool } from 'pg';", 'const pool = new Pool();', "export const up = () => pool.query('INSERT INTO orders (id) VALUES (1)');"),
      'src/migrations/002-backfill.ts': lines("import { place } from '../orders/order-repository';", 'export const up = () => place();'),
    });
    // a migration changes the schema or backfills data: it neither reads nor writes for the cut (a seed-access-excluded note says so)
    expect(facts.dataAccess.map((d) => `${d.module} ${d.access} ${d.table}`)).toEqual(['src/orders/order-repository.ts write orders']);
    expect(scopeOf(facts)).toEqual({
      modules: ['src/orders/order-repository.ts'],
      left: [
        { module: 'src/migrations/001-orders.ts', reason: 'a script, migration, tool or example folder' },
        { module: 'src/migrations/002-backfill.ts', reason: 'a script, migration, tool or example folder' },
      ],
    });
  });

  it('keeps every module outside script folders when nothing is backend evidence', async () => {
    const facts = await analyzeSources({
      'package.json': json({ name: 'tools' }),
      'src/format.ts': 'export const format = (n: number) => n.toFixed(2);\n',
      'scripts/report.ts': "import { format } from '../src/format';\nconsole.log(format(1));\n",
    });
    expect(scopeOf(facts)).toEqual({ modules: ['src/format.ts'], left: [{ module: 'scripts/report.ts', reason: 'a script, migration, tool or example folder' }] });
  });
});

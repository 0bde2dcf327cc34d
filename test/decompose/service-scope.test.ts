import { describe, expect, it } from 'vitest';
import { restrictFacts, serviceScope } from '../../src/decompose/index.js';
import type { AppFact, Facts } from '../../src/shared/facts.js';
import { access, imp, makeFacts, route, sym } from './facts-builder.js';

const app = (name: string, kind: AppFact['kind'], root: string, entries: string[] = []): AppFact => ({ name, kind, root, entries });

/**
 * A repository with a backend, a frontend and what runs beside them:
 *
 *   apps/api/src/main.ts              backend entry -> orders.controller
 *   apps/api/src/orders.controller.ts serves /orders -> orders.repo, packages/money/index.ts, apps/web/src/format.ts
 *   apps/api/src/orders.repo.ts       writes `orders`
 *   apps/api/src/server.ts            imports orders.controller (a composition root no detector saw)
 *   apps/api/src/unused.ts            imported by nothing, imports nothing
 *   apps/api/scripts/seed.ts          imports orders.repo, writes `orders`
 *   apps/api/migrations/001-init.ts   writes `orders`
 *   packages/money/index.ts           in no app
 *   apps/web/src/index.tsx            frontend entry -> packages/money/index.ts, apps/web/src/format.ts
 *   apps/web/src/format.ts
 */
const MODULES = [
  'apps/api/migrations/001-init.ts',
  'apps/api/scripts/seed.ts',
  'apps/api/src/main.ts',
  'apps/api/src/orders.controller.ts',
  'apps/api/src/orders.repo.ts',
  'apps/api/src/server.ts',
  'apps/api/src/unused.ts',
  'apps/web/src/format.ts',
  'apps/web/src/index.tsx',
  'packages/money/index.ts',
];
const facts = makeFacts(MODULES, {
  apps: [app('api', 'backend', 'apps/api', ['apps/api/src/main.ts']), app('web', 'frontend', 'apps/web', ['apps/web/src/index.tsx'])],
  imports: [
    imp('apps/api/src/main.ts', 'apps/api/src/orders.controller.ts'),
    imp('apps/api/src/orders.controller.ts', 'apps/api/src/orders.repo.ts'),
    imp('apps/api/src/orders.controller.ts', 'packages/money/index.ts'),
    imp('apps/api/src/orders.controller.ts', 'apps/web/src/format.ts'),
    imp('apps/api/src/server.ts', 'apps/api/src/orders.controller.ts'),
    imp('apps/api/scripts/seed.ts', 'apps/api/src/orders.repo.ts'),
    imp('apps/web/src/index.tsx', 'packages/money/index.ts'),
    imp('apps/web/src/index.tsx', 'apps/web/src/format.ts'),
  ],
  routes: [route('GET', '/orders', 'apps/api/src/orders.controller.ts')],
  dataAccess: [
    access('apps/api/src/orders.repo.ts', 'orders', 'write'),
    access('apps/api/scripts/seed.ts', 'orders', 'write'),
    access('apps/api/migrations/001-init.ts', 'orders', 'write'),
  ],
});

describe('serviceScope', () => {
  const scope = serviceScope(facts);

  it('keeps what a backend reaches from its entries, routes and tables, and the wiring that reaches it', () => {
    expect([...scope.modules].sort()).toEqual([
      'apps/api/src/main.ts',
      'apps/api/src/orders.controller.ts',
      'apps/api/src/orders.repo.ts',
      'apps/api/src/server.ts',
      'packages/money/index.ts',
    ]);
  });

  it('leaves out the frontend (even a file the backend imports from it), scripts, migrations and what nothing reaches, each with its reason', () => {
    expect(scope.left).toEqual([
      { module: 'apps/api/migrations/001-init.ts', reason: 'a script, migration, tool or example folder' },
      { module: 'apps/api/scripts/seed.ts', reason: 'a script, migration, tool or example folder' },
      { module: 'apps/api/src/unused.ts', reason: 'no backend entry, route or table reaches it' },
      { module: 'apps/web/src/format.ts', reason: 'in web (frontend)' },
      { module: 'apps/web/src/index.tsx', reason: 'in web (frontend)' },
    ]);
  });

  it('lets the configuration say what an app is: a configured kind replaces the detected one', () => {
    const configured = serviceScope(facts, [{ name: 'web', kind: 'backend', root: 'apps/web', entries: ['apps/web/src/index.tsx'] }]);
    expect(configured.modules.has('apps/web/src/index.tsx')).toBe(true);
    expect(configured.modules.has('apps/web/src/format.ts')).toBe(true);
    expect(configured.left.map((l) => l.module)).toEqual(['apps/api/migrations/001-init.ts', 'apps/api/scripts/seed.ts', 'apps/api/src/unused.ts']);
  });

  it('keeps every module outside script folders when nothing is recognisably backend', () => {
    const plain = makeFacts(['scripts/build.ts', 'src/a.ts', 'src/b.ts'], { imports: [imp('src/a.ts', 'src/b.ts')] });
    const s = serviceScope(plain);
    expect([...s.modules].sort()).toEqual(['src/a.ts', 'src/b.ts']);
    expect(s.left).toEqual([{ module: 'scripts/build.ts', reason: 'a script, migration, tool or example folder' }]);
  });

  it('keeps every module outside script folders rather than cut nothing when no backend evidence is found and no app claims them', () => {
    const bare = makeFacts(['src/a.ts', 'src/b.ts', 'scripts/seed.ts'], { apps: [] });
    expect([...serviceScope(bare).modules].sort()).toEqual(['src/a.ts', 'src/b.ts']);
  });

  it('cuts nothing when the only app is a frontend: it is reported, not split into services', () => {
    const allFrontend = makeFacts(['web/src/app.tsx', 'web/src/api.ts'], { apps: [app('web', 'frontend', 'web', ['web/src/app.tsx'])] });
    const only = serviceScope(allFrontend);
    expect([...only.modules]).toEqual([]);
    expect(only.left).toEqual([
      { module: 'web/src/api.ts', reason: 'in web (frontend)' },
      { module: 'web/src/app.tsx', reason: 'in web (frontend)' },
    ]);
  });

  it('gives the same scope twice for the same facts', () => {
    const again = serviceScope(facts);
    expect([...again.modules]).toEqual([...scope.modules]);
    expect(again.left).toEqual(scope.left);
  });
});

describe('restrictFacts', () => {
  const keep = new Set(['apps/api/src/main.ts', 'apps/api/src/orders.controller.ts', 'apps/api/src/orders.repo.ts']);
  const rich: Facts = {
    ...facts,
    externalImports: [
      { from: 'apps/api/src/main.ts', package: 'express', kind: 'runtime' },
      { from: 'apps/web/src/index.tsx', package: 'react', kind: 'runtime' },
    ],
    symbols: [sym('apps/api/src/main.ts', 'apps/api/src/orders.controller.ts', 'router', { read: 1 }), sym('apps/web/src/index.tsx', 'apps/web/src/format.ts', 'format', { call: 1 })],
    entities: [
      { name: 'Order', table: 'orders', via: 'sql', module: 'apps/api/src/orders.repo.ts', line: 1 },
      { name: 'Order', table: 'orders', via: 'sql', module: 'apps/api/migrations/001-init.ts', line: 1 },
    ],
    sharedState: [{ id: 's1', kind: 'singleton', module: 'apps/api/src/orders.repo.ts', name: 'pool', line: 1, users: ['apps/api/scripts/seed.ts', 'apps/api/src/orders.controller.ts'] }],
    coChange: [
      { a: 'apps/api/src/main.ts', b: 'apps/api/src/orders.repo.ts', degree: 0.5, shared: 2, commitsA: 4, commitsB: 4 },
      { a: 'apps/api/src/main.ts', b: 'apps/web/src/index.tsx', degree: 0.5, shared: 2, commitsA: 4, commitsB: 4 },
    ],
    authors: [
      { module: 'apps/api/src/main.ts', authors: [{ name: 'ada', commits: 3 }] },
      { module: 'apps/web/src/index.tsx', authors: [{ name: 'bob', commits: 1 }] },
    ],
  };
  const restricted = restrictFacts(rich, keep);

  it('drops every fact that names a module outside the set', () => {
    expect(restricted.modules.map((m) => m.path)).toEqual([...keep].sort());
    expect(restricted.imports.map((e) => [e.from, e.to])).toEqual([
      ['apps/api/src/main.ts', 'apps/api/src/orders.controller.ts'],
      ['apps/api/src/orders.controller.ts', 'apps/api/src/orders.repo.ts'],
    ]);
    expect(restricted.externalImports.map((e) => e.package)).toEqual(['express']);
    expect(restricted.symbols.map((s) => s.symbol)).toEqual(['router']);
    expect(restricted.routes.map((r) => r.module)).toEqual(['apps/api/src/orders.controller.ts']);
    expect(restricted.entities.map((e) => e.module)).toEqual(['apps/api/src/orders.repo.ts']);
    expect(restricted.dataAccess.map((d) => d.module)).toEqual(['apps/api/src/orders.repo.ts']);
    expect(restricted.coChange.map((c) => c.b)).toEqual(['apps/api/src/orders.repo.ts']);
    expect(restricted.authors.map((a) => a.module)).toEqual(['apps/api/src/main.ts']);
  });

  it('keeps a shared state its module keeps, with only the users inside the set', () => {
    expect(restricted.sharedState).toEqual([{ ...rich.sharedState[0]!, users: ['apps/api/src/orders.controller.ts'] }]);
  });

  it('keeps the apps and the diagnostics as they were', () => {
    expect(restricted.apps).toBe(rich.apps);
    expect(restricted.diagnostics).toBe(rich.diagnostics);
  });

  it('returns the facts themselves when the set keeps every module', () => {
    expect(restrictFacts(rich, new Set(MODULES))).toBe(rich);
  });
});

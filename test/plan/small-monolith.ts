/**
 * A small hand-made monolith for the plan tests: three services (catalog, orders, reporting), a
 * two-module shared kernel, and the couplings the plan has to find.
 *
 * - orders writes orders (twice) and order_lines; reporting writes orders once: shared write,
 *   orders owns it;
 * - reporting joins orders with its own report_rows in one SQL statement: cross-owner join,
 *   and its read of orders becomes a replica;
 * - orders reads products (catalog's) once, no join, and calls catalog's findProduct;
 * - reporting calls orders' orderTotals and uses its OrderStatus type (a contract);
 * - the kernel's cache is used by orders and catalog: shared state across the cut;
 * - GET /health is registered in the kernel: it stays in the monolith.
 */
import type { Decomposition } from '../../src/shared/decomposition.js';
import { emptyConstraints } from '../../src/shared/decomposition.js';
import type { DataAccessFact, Facts, ImportEdge, ModuleFact, RouteFact } from '../../src/shared/facts.js';

function mod(path: string, lines: number): ModuleFact {
  return { path, lines, bytes: lines * 30, language: 'ts', hash: '0000000000000000' };
}

const modules: ModuleFact[] = [
  mod('src/catalog/catalog-repo.ts', 30),
  mod('src/catalog/catalog-routes.ts', 20),
  mod('src/orders/order-repo.ts', 100),
  mod('src/orders/order-routes.ts', 80),
  mod('src/orders/order-service.ts', 60),
  mod('src/reporting/report-repo.ts', 50),
  mod('src/reporting/report-routes.ts', 40),
  mod('src/shared/app.ts', 15),
  mod('src/shared/cache.ts', 10),
];

function imp(from: string, to: string, names: string[], line: number, kind: ImportEdge['kind'] = 'runtime'): ImportEdge {
  return { from, to, kind, names, line };
}

function route(method: string, path: string, module: string, line: number, handler?: string): RouteFact {
  return { method, path, framework: 'express', module, line, ...(handler ? { handler } : {}) };
}

function access(module: string, table: string, a: 'read' | 'write', line: number, via: DataAccessFact['via'] = 'sql'): DataAccessFact {
  // raw SQL: each access is one table of the statement written at that line
  return { module, table, access: a, via, line, ...(via === 'sql' && { statement: true as const }) };
}

export const smallFacts: Facts = {
  schemaVersion: 1,
  tool: { name: 'seam', version: '0.1.0' },
  root: 'small',
  tsconfigs: ['tsconfig.json'],
  packages: [],
  modules,
  imports: [
    imp('src/catalog/catalog-repo.ts', 'src/shared/cache.ts', ['cache'], 1),
    imp('src/catalog/catalog-routes.ts', 'src/catalog/catalog-repo.ts', ['listProducts'], 1),
    imp('src/orders/order-routes.ts', 'src/orders/order-service.ts', ['createOrder', 'getOrder'], 1),
    imp('src/orders/order-service.ts', 'src/shared/cache.ts', ['cache'], 1),
    imp('src/orders/order-service.ts', 'src/catalog/catalog-repo.ts', ['findProduct'], 2),
    imp('src/orders/order-service.ts', 'src/orders/order-repo.ts', ['saveOrder'], 3),
    imp('src/reporting/report-repo.ts', 'src/orders/order-repo.ts', ['orderTotals'], 3),
    imp('src/reporting/report-repo.ts', 'src/orders/order-repo.ts', ['OrderStatus'], 4, 'type-only'),
    imp('src/reporting/report-routes.ts', 'src/reporting/report-repo.ts', ['dailyReport'], 1),
  ],
  externalImports: [],
  symbols: [
    { from: 'src/orders/order-service.ts', to: 'src/catalog/catalog-repo.ts', symbol: 'findProduct', usage: { call: 2 } },
    { from: 'src/reporting/report-repo.ts', to: 'src/orders/order-repo.ts', symbol: 'OrderStatus', usage: { type: 1 } },
    { from: 'src/reporting/report-repo.ts', to: 'src/orders/order-repo.ts', symbol: 'orderTotals', usage: { call: 1 } },
  ],
  routes: [
    route('GET', '/health', 'src/shared/app.ts', 9),
    route('POST', '/orders', 'src/orders/order-routes.ts', 5, 'createOrder'),
    route('GET', '/orders/:id', 'src/orders/order-routes.ts', 6, 'getOrder'),
    route('GET', '/products', 'src/catalog/catalog-routes.ts', 3, 'listProducts'),
    route('GET', '/reports/daily', 'src/reporting/report-routes.ts', 4, 'dailyReport'),
  ],
  entities: [],
  dataAccess: [
    access('src/catalog/catalog-repo.ts', 'products', 'read', 9),
    access('src/catalog/catalog-repo.ts', 'products', 'write', 5),
    access('src/orders/order-repo.ts', 'order_lines', 'write', 11),
    access('src/orders/order-repo.ts', 'orders', 'read', 20),
    access('src/orders/order-repo.ts', 'orders', 'write', 10),
    access('src/orders/order-repo.ts', 'orders', 'write', 12),
    access('src/orders/order-repo.ts', 'products', 'read', 25),
    access('src/reporting/report-repo.ts', 'orders', 'read', 15),
    access('src/reporting/report-repo.ts', 'orders', 'write', 30),
    access('src/reporting/report-repo.ts', 'report_rows', 'read', 15),
    access('src/reporting/report-repo.ts', 'report_rows', 'write', 8),
  ],
  sharedState: [{ id: 'src/shared/cache.ts#cache', kind: 'cache', module: 'src/shared/cache.ts', name: 'cache', line: 3, users: ['src/catalog/catalog-repo.ts', 'src/orders/order-service.ts'] }],
  history: null,
  coChange: [],
  authors: [],
  diagnostics: [],
};

export const smallDecomposition: Decomposition = {
  services: [
    { id: 'svc-catalog', name: 'catalog', modules: ['src/catalog/catalog-repo.ts', 'src/catalog/catalog-routes.ts'], pinned: [] },
    { id: 'svc-orders', name: 'orders', modules: ['src/orders/order-repo.ts', 'src/orders/order-routes.ts', 'src/orders/order-service.ts'], pinned: [] },
    { id: 'svc-reporting', name: 'reporting', modules: ['src/reporting/report-repo.ts', 'src/reporting/report-routes.ts'], pinned: [] },
  ],
  shared: [
    { module: 'src/shared/app.ts', reason: 'app wiring' },
    { module: 'src/shared/cache.ts', reason: 'used by every service' },
  ],
  params: { seed: 42, resolution: 1, weights: { runtimeImport: 1, typeOnlyImport: 0.3, dynamicImport: 0.5, symbolRef: 0.5, sharedTableRead: 0.5, sharedTableWrite: 1, coChange: 1, sharedState: 0.5 } },
  constraints: emptyConstraints(),
};

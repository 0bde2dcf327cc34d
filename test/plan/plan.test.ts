import { describe, expect, it } from 'vitest';
import { compareRoutes, pathPattern, plan } from '../../src/plan/index.js';
import { smallDecomposition, smallFacts } from './small-monolith.js';

const p = plan(smallFacts, smallDecomposition);
const svc = (id: string) => p.services.find((s) => s.id === id)!;

describe('plan on a small hand-made monolith', () => {
  it('gives each table to its writer, and to the main writer when several write it', () => {
    expect(p.tables.map((t) => [t.table, t.owner, t.ownerReason])).toEqual([
      ['order_lines', 'svc-orders', 'only writer (1 write site)'],
      ['orders', 'svc-orders', 'writes it most (2 of 3 write sites); also written by reporting'],
      ['products', 'svc-catalog', 'only writer (1 write site)'],
      ['report_rows', 'svc-reporting', 'only writer (1 write site)'],
    ]);
    expect(p.tables.find((t) => t.table === 'orders')).toMatchObject({ writers: ['svc-orders', 'svc-reporting'], readers: ['svc-orders', 'svc-reporting'] });
    expect(svc('svc-orders').owns).toEqual(['order_lines', 'orders']);
  });

  it('reads a joined foreign table from a replica, and a plain one through the owner API once the owner is out', () => {
    expect(svc('svc-reporting').reads).toEqual([
      {
        table: 'orders',
        owner: 'svc-orders',
        reader: 'svc-reporting',
        sites: [{ file: 'src/reporting/report-repo.ts', line: 15 }],
        strategy: 'replica',
        events: ['orders.order.created', 'orders.order.updated', 'orders.order.deleted'],
        reason: 'joined with report_rows in one query at src/reporting/report-repo.ts:15: keep a local read model of orders fed by the events of orders (a call per row cannot replace a join)',
      },
    ]);
    expect(svc('svc-orders').reads).toEqual([
      {
        table: 'products',
        owner: 'svc-catalog',
        reader: 'svc-orders',
        sites: [{ file: 'src/orders/order-repo.ts', line: 25 }],
        strategy: 'api',
        events: [],
        reason: '1 read site, no join: call the API of catalog (extracted in wave 1, before orders)',
      },
    ]);
    expect(p.tables.find((t) => t.table === 'orders')!.events).toEqual(['orders.order.created', 'orders.order.updated', 'orders.order.deleted']);
    expect(p.tables.find((t) => t.table === 'products')!.events).toEqual([]);
  });

  it('lists the conflicts with where they are in the code', () => {
    expect(p.conflicts.map((c) => ({ id: c.id, severity: c.severity, services: c.services, tables: c.tables, at: c.locations.map((l) => `${l.file}:${l.line}`) }))).toEqual([
      { id: 'cross-owner-join:src/reporting/report-repo.ts:15', severity: 'medium', services: ['svc-orders', 'svc-reporting'], tables: ['orders', 'report_rows'], at: ['src/reporting/report-repo.ts:15'] },
      {
        id: 'shared-state:src/shared/cache.ts#cache',
        severity: 'medium',
        services: ['svc-catalog', 'svc-orders'],
        tables: [],
        at: ['src/catalog/catalog-repo.ts:1', 'src/orders/order-service.ts:1', 'src/shared/cache.ts:3'],
      },
      { id: 'shared-write:orders', severity: 'high', services: ['svc-orders', 'svc-reporting'], tables: ['orders'], at: ['src/orders/order-repo.ts:10', 'src/orders/order-repo.ts:12', 'src/reporting/report-repo.ts:30'] },
    ]);
    expect(p.conflicts.find((c) => c.kind === 'shared-write')!.resolution).toBe('make orders the only writer: the others call its API (a command) instead of writing orders (first at src/reporting/report-repo.ts:30)');
    expect(p.tables.find((t) => t.table === 'orders')!.conflicts).toEqual(['cross-owner-join:src/reporting/report-repo.ts:15', 'shared-write:orders']);
  });

  it('starts with the small, loosely coupled, non-critical service and ranks every service with its reasons', () => {
    expect(p.waves.map((w) => [w.index, w.services])).toEqual([
      [1, ['svc-catalog']],
      [2, ['svc-reporting']],
      [3, ['svc-orders']],
    ]);
    // cost = .30 inbound + .25 size + .25 foreign tables + .20 conflict weight, each over its maximum
    // catalog: .3*1 + .25*50/240 + 0 + .2*2/7 = .409; reporting: 0 + .25*90/240 + .25 + .2*5/7 = .487; orders: 1
    expect(p.services.map((s) => [s.id, s.cost.cost, s.cost.risk, s.cost.score, s.rank])).toEqual([
      ['svc-catalog', 0.409, 'low', 0.409, 1],
      ['svc-orders', 1, 'high', 1.5, 3],
      ['svc-reporting', 0.487, 'medium', 0.737, 2],
    ]);
    expect(svc('svc-catalog').reasons).toEqual([
      'rank 1 of 3: score 0.409 = cost 0.409 + low risk (0)',
      'size: 2 modules, 50 lines (median service 90), small',
      'coupling: 1 runtime edge into it from orders',
      'data: no foreign table',
      'conflicts: 1 (weight 2)',
      'risk low: not critical, at most one service depends on it',
    ]);
    expect(svc('svc-orders').reasons.at(-1)).toBe("risk high: critical work ('orders' in its name or routes)");
    expect(svc('svc-reporting').reasons.at(-1)).toBe('risk medium: part of a high-severity conflict');
    expect(p.waves[0]!.reasons).toEqual(['start small: catalog has the lowest score (0.409): 50 lines, 1 inbound runtime edge, 0 foreign tables, low risk']);
    expect(p.waves[1]!.reasons).toEqual(["reporting next by score (0.737)", "depends at run time on orders, still in the monolith: call it through the monolith's API until extracted"]);
    expect(p.waves[2]!.reasons).toEqual(['orders next by score (1.5)', 'depends at run time only on services already extracted (catalog)']);
  });

  it('turns routes into operations of their service and cross-service calls into internal operations and clients', () => {
    const ops = (id: string) => svc(id).operations.map((o) => (o.kind === 'route' ? `${o.id}: ${o.method} ${o.path}` : `${o.id}: POST ${o.path} (${o.symbol})`));
    expect(ops('svc-orders')).toEqual(['createOrder: POST /orders', 'getOrder: GET /orders/:id', 'orderTotals: POST /internal/order-totals (orderTotals)']);
    expect(ops('svc-catalog')).toEqual(['listProducts: GET /products', 'findProduct: POST /internal/find-product (findProduct)']);
    expect(svc('svc-orders').calls).toEqual([{ service: 'svc-catalog', operation: 'findProduct', from: ['src/orders/order-service.ts'] }]);
    expect(svc('svc-reporting').calls).toEqual([{ service: 'svc-orders', operation: 'orderTotals', from: ['src/reporting/report-repo.ts'] }]);
    expect(svc('svc-orders').contracts).toEqual([{ symbol: 'OrderStatus', module: 'src/orders/order-repo.ts', usedBy: ['svc-reporting'] }]);
    expect(svc('svc-orders').dependsOn).toEqual(['svc-catalog']);
    expect(p.unassignedRoutes).toEqual([{ method: 'GET', path: '/health', at: { file: 'src/shared/app.ts', line: 9 }, reason: 'registered in the shared kernel (src/shared/app.ts)' }]);
  });

  it('takes an entity another service constructs for a contract, not an internal operation', () => {
    const withEntity = {
      ...smallFacts,
      symbols: [...smallFacts.symbols, { from: 'src/reporting/report-repo.ts', to: 'src/orders/order-repo.ts', symbol: 'OrderEntity', usage: { new: 2 } }],
      entities: [{ name: 'OrderEntity', table: 'orders', via: 'typeorm' as const, module: 'src/orders/order-repo.ts', line: 3 }],
    };
    const orders = plan(withEntity, smallDecomposition).services.find((s) => s.id === 'svc-orders')!;
    expect(orders.operations.filter((o) => o.kind === 'symbol').map((o) => o.id)).toEqual(['orderTotals']);
    expect(orders.contracts.map((c) => c.symbol)).toEqual(['OrderEntity', 'OrderStatus']);
  });

  it('sends the routes of waves 1..k to their services in phase k and the rest to the monolith', () => {
    const served = p.gateway.phases.map((ph) => ph.routes.filter((r) => r.service !== 'monolith').map((r) => `${r.method} ${r.path} -> ${r.service}`));
    // most specific first: literal segments before parameters, then longer paths first
    expect(served).toEqual([
      ['GET /products -> svc-catalog'],
      ['GET /reports/daily -> svc-reporting', 'GET /products -> svc-catalog'],
      ['GET /reports/daily -> svc-reporting', 'GET /orders/:id -> svc-orders', 'POST /orders -> svc-orders', 'GET /products -> svc-catalog'],
    ]);
    expect(p.gateway.phases[0]!.routes.find((r) => r.path === '/health')).toEqual({ method: 'GET', path: '/health', pattern: '^/health$', service: 'monolith', group: 'monolith', operation: '' });
    expect(p.gateway.phases[2]!.routes.find((r) => r.path === '/orders/:id')!.pattern).toBe('^/orders/[^/]+$');
    expect(p.gateway.groups.map((g) => [g.id, g.auth, g.rateLimit.requestsPerSecond])).toEqual([
      ['catalog', 'hook', 50],
      ['monolith', 'monolith', 200],
      ['orders', 'hook', 50],
      ['reporting', 'hook', 50],
    ]);
  });

  it('counts runtime imports between services in the coupling matrix and lists the crossings', () => {
    expect(p.coupling).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(p.crossings.map((c) => `${c.from}:${c.line} -> ${c.to} (${c.kind})`)).toEqual([
      'src/orders/order-service.ts:2 -> src/catalog/catalog-repo.ts (runtime)',
      'src/reporting/report-repo.ts:3 -> src/orders/order-repo.ts (runtime)',
      'src/reporting/report-repo.ts:4 -> src/orders/order-repo.ts (type-only)',
    ]);
  });

  it('says what it could not see, and gives the same plan for the same input', () => {
    expect(p.notes).toEqual([
      'no source text was read: request and response schemas, handler locations, transactions and member-level operations are missing; ORM relations come from imports between entity modules',
      '1 route(s) stay in the monolith in every phase (registered in the shared kernel or in no service)',
    ]);
    expect(JSON.stringify(plan(structuredClone(smallFacts), structuredClone(smallDecomposition)))).toBe(JSON.stringify(p));
  });
});

describe('gateway route matching', () => {
  it('turns paths into anchored patterns and escapes everything that is not a plain path character', () => {
    expect(pathPattern('/api/orders/:id(\\d+)/items')).toBe('^/api/orders/[^/]+/items$');
    expect(pathPattern('/files/*')).toBe('^/files/.*$');
    expect(pathPattern('/')).toBe('^/$');
    expect(pathPattern('/a.b/"x y"')).toBe('^/a\\x{2e}b/\\x{22}x\\x{20}y\\x{22}$');
  });

  it('orders a literal segment before a parameter in the same place, so /orders/export is not swallowed by /orders/:id', () => {
    const routes = [
      { method: 'GET', path: '/orders/:id' },
      { method: 'GET', path: '/orders/export' },
      { method: 'GET', path: '/orders/:id/items' },
      { method: 'GET', path: '/files/*' },
      { method: 'GET', path: '/files/index' },
    ];
    expect([...routes].sort(compareRoutes).map((r) => r.path)).toEqual(['/files/index', '/orders/export', '/orders/:id/items', '/orders/:id', '/files/*']);
  });
});

describe('cross-service operations are named by the use case', () => {
  it('drops the technical role of the object and keeps the domain noun with the verb', async () => {
    const { useCase } = await import('../../src/plan/names.js');
    expect(useCase('CommentRepository.findById').join(' ')).toBe('find comment by id');
    expect(useCase('OrderService.getOrder').join(' ')).toBe('get order');
    expect(useCase('StockService.reserve').join(' ')).toBe('reserve stock');
    expect(useCase('reserveStock').join(' ')).toBe('reserve stock');
    expect(useCase('PaymentGatewayClient.charge').join(' ')).toBe('charge payment');
    expect(useCase('UsersRepository.findUsers').join(' ')).toBe('find users');
  });
});

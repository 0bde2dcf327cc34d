/** What placed each module: the reasons the cut records, on planted graphs and the fixtures. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../../analyzers/extract.js';
import { monolithsDir } from '../../scripts/evaluation.js';
import { buildGraph, cluster, recluster, splitService } from '../../src/decompose/index.js';
import { formatPlacementCounts, type Decomposition, type ModulePlacement } from '../../src/shared/decomposition.js';
import type { Facts } from '../../src/shared/facts.js';
import { featureMonolith, imp, makeFacts, route } from './facts-builder.js';

const placementOf = (d: Decomposition, module: string): Omit<ModulePlacement, 'module'> | undefined => {
  for (const s of d.services) {
    const p = s.placement?.find((x) => x.module === module);
    if (p) return { evidence: p.evidence, reason: p.reason };
  }
  return undefined;
};

describe('placement evidence on a feature-folder monolith', () => {
  const facts = featureMonolith(['orders', 'payments', 'catalog', 'shipping'], [['orders', 'payments'], ['orders', 'catalog'], ['shipping', 'orders']]);
  const graph = buildGraph(facts);
  const d = cluster(graph, facts);

  it('gives every module of every service exactly one entry, sorted like its modules', () => {
    for (const s of d.services) expect(s.placement!.map((p) => p.module)).toEqual(s.modules);
  });

  it('credits a folder named for a table to the domain folder', () => {
    expect(placementOf(d, 'src/orders/orders.service.ts')).toEqual({ evidence: 'domain-folder', reason: 'domain folder orders (table orders)' });
  });

  it('says pinned for a pin, seeded for a seed, and the rest of a unit follows the user', () => {
    const edited = cluster(graph, facts, {
      constraints: { pins: [{ module: 'src/orders/orders.dto.ts', service: 'payments' }], seeds: [{ service: 'billing', routePrefix: '/api/payments' }] },
    });
    expect(placementOf(edited, 'src/orders/orders.dto.ts')).toEqual({ evidence: 'pin', reason: 'pinned by the user' });
    expect(placementOf(edited, 'src/payments/payments.controller.ts')).toEqual({ evidence: 'seed', reason: 'seeded by the user: serves routes under /api/payments' });
    expect(placementOf(edited, 'src/orders/orders.service.ts')).toEqual({ evidence: 'domain-folder', reason: 'domain folder orders (table orders); follows the part of it the user placed' });
  });

  it('says which units were merged to fit --services', () => {
    const two = cluster(graph, facts, { targetServices: 2 });
    expect(two.services.map((s) => [s.name, formatPlacementCounts(s)])).toEqual([
      ['catalog', '12 domain folder'],
      ['shipping', '4 domain folder'],
    ]);
    expect(placementOf(two, 'src/payments/payments.service.ts')).toEqual({ evidence: 'domain-folder', reason: 'domain folder payments (table payments); merged with catalog to fit --services 2' });
    expect(placementOf(two, 'src/catalog/catalog.service.ts')).toEqual({ evidence: 'domain-folder', reason: 'domain folder catalog (table catalog)' });
  });

  it('keeps the evidence of modules a re-cluster leaves in place, and says pinned for a new pin', () => {
    const again = recluster({ ...d, constraints: { ...d.constraints, pins: [{ module: 'src/orders/orders.dto.ts', service: 'svc-orders' }] } }, graph, facts);
    expect(placementOf(again, 'src/orders/orders.service.ts')).toEqual({ evidence: 'domain-folder', reason: 'domain folder orders (table orders)' });
    expect(placementOf(again, 'src/orders/orders.dto.ts')).toEqual({ evidence: 'pin', reason: 'pinned by the user' });
  });

  it('says a split part was split off by the user', () => {
    const split = splitService(d, 'svc-orders', 2, graph, facts);
    const fresh = split.services.find((s) => !d.services.some((x) => x.id === s.id))!;
    expect(fresh.placement!.map((p) => p.reason.slice(0, 'coupling: split off orders by the user; '.length))).toEqual(fresh.modules.map(() => 'coupling: split off orders by the user; '));
    for (const s of split.services) expect(s.placement!.map((p) => p.module)).toEqual(s.modules);
  });

  it('is byte-identical for the same input and seed', () => {
    expect(JSON.stringify(cluster(buildGraph(facts), facts))).toBe(JSON.stringify(d));
  });
});

describe('placement evidence on a layered graph (no units: coupling decides)', () => {
  // per resource a controller serving it, a service and a repository; three jobs that serve no
  // route and call the orders service
  const modules = [
    'src/controllers/orders.ts', 'src/services/orders.ts', 'src/repositories/orders.ts',
    'src/controllers/users.ts', 'src/services/users.ts', 'src/repositories/users.ts',
    'src/jobs/a.ts', 'src/jobs/b.ts', 'src/jobs/c.ts',
  ];
  const facts: Facts = makeFacts(modules, {
    imports: [
      imp('src/controllers/orders.ts', 'src/services/orders.ts'), imp('src/services/orders.ts', 'src/repositories/orders.ts'),
      imp('src/controllers/users.ts', 'src/services/users.ts'), imp('src/services/users.ts', 'src/repositories/users.ts'),
      imp('src/jobs/a.ts', 'src/jobs/b.ts'), imp('src/jobs/b.ts', 'src/jobs/c.ts'), imp('src/jobs/a.ts', 'src/jobs/c.ts'),
      imp('src/jobs/a.ts', 'src/services/orders.ts'), imp('src/services/orders.ts', 'src/services/users.ts'),
    ],
    routes: [route('GET', '/api/orders', 'src/controllers/orders.ts'), route('GET', '/api/users', 'src/controllers/users.ts')],
  });
  const d = cluster(buildGraph(facts), facts);

  it('credits coupling with the share of links that stay, and folds the route-less jobs in as satellites', () => {
    expect(d.services.map((s) => [s.name, s.modules.length, formatPlacementCounts(s)])).toEqual([
      ['orders', 6, '3 serves no route, folded in, 3 coupling'],
      ['users', 3, '3 coupling'],
    ]);
    expect(placementOf(d, 'src/services/orders.ts')).toEqual({ evidence: 'coupling', reason: 'coupling: 3 of 4 links (80 % of their weight) stay in this service' });
    expect(placementOf(d, 'src/jobs/b.ts')).toEqual({ evidence: 'satellite', reason: 'serves no route: folded into the service it is most tied to; 2 of 2 links (100 % of their weight) stay in this service' });
  });
});

describe('placement evidence on the fixtures', () => {
  let modular: Decomposition;
  let shop: Decomposition;

  beforeAll(async () => {
    const m = await extract(join(monolithsDir(), 'modular'), { history: false });
    modular = cluster(buildGraph(m), m);
    const s = await extract(join(monolithsDir(), 'shop'), { history: false });
    shop = cluster(buildGraph(s), s, { constraints: { pins: [{ module: 'src/jobs/abandoned-cart-job.ts', service: 'orders' }] } });
  });

  it('says which NestJS module placed a module of the modular monolith', () => {
    expect(placementOf(modular, 'packages/billing/src/invoices/invoice.entity.ts')).toEqual({
      evidence: 'nest-module',
      reason: 'NestJS module InvoicesModule (packages/billing/src/invoices/invoices.module.ts)',
    });
    expect(modular.services.map((s) => formatPlacementCounts(s))).toEqual(['8 NestJS module', '8 NestJS module', '7 NestJS module', '7 NestJS module', '8 NestJS module', '7 NestJS module']);
  });

  it('says pinned for the pinned shop job and coupling for the layered shop', () => {
    expect(placementOf(shop, 'src/jobs/abandoned-cart-job.ts')).toEqual({ evidence: 'pin', reason: 'pinned by the user' });
    expect(placementOf(shop, 'src/services/order-service.ts')).toEqual({ evidence: 'coupling', reason: 'coupling: 11 of 22 links (59 % of their weight) stay in this service' });
    expect(shop.services.find((s) => s.name === 'auth')!.placement!.every((p) => p.evidence === 'coupling')).toBe(true);
  });
});

/**
 * The bars, on real extraction: Seam against the truth of every fixture that has one and of two
 * generated monoliths with planted services, beside the two baselines (scripts/evaluation.ts).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../../analyzers/extract.js';
import { evaluateFixture, evaluateGenerated, GENERATED_FIXTURES, monolithsDir, truthFixtures, type EvaluationRow } from '../../scripts/evaluation.js';
import { buildGraph, cluster, couplingEdges, measure, partitionOf, recluster, type CouplingGraph } from '../../src/decompose/index.js';
import type { Decomposition } from '../../src/shared/decomposition.js';
import type { Facts } from '../../src/shared/facts.js';
import { isConnected, placeOf } from './graph-helpers.js';

const BARS: Record<string, number> = { shop: 85, modular: 90 };
const GENERATED_BAR = 95;

function expectBeatsBaselines(row: EvaluationRow): void {
  expect(row.seam.mojoFm).toBeGreaterThan(row.louvainOnImports.mojoFm);
  expect(row.seam.mojoFm).toBeGreaterThan(row.bestFolder.mojoFm);
  expect(row.seam.ari).toBeGreaterThan(row.louvainOnImports.ari);
  expect(row.seam.ari).toBeGreaterThan(row.bestFolder.ari);
}

describe('Seam against the fixtures\' truths', () => {
  const fixtures = truthFixtures();

  it('finds the shop and modular truths', () => {
    expect(fixtures.map((f) => f.name)).toEqual(expect.arrayContaining(['modular', 'shop']));
  });

  for (const name of Object.keys(BARS)) {
    it(`reaches MoJoFM ≥ ${BARS[name]} on ${name} and beats both baselines`, async () => {
      const f = fixtures.find((x) => x.name === name)!;
      const row = await evaluateFixture(f.name, f.dir, f.truth);
      expect(row.seam.mojoFm).toBeGreaterThanOrEqual(BARS[name]!);
      expectBeatsBaselines(row);
    });
  }

  for (const g of GENERATED_FIXTURES) {
    it(`reaches MoJoFM ≥ ${GENERATED_BAR} on ${g.name} (planted services) and beats both baselines`, async () => {
      const row = await evaluateGenerated(g.name, g.options);
      expect(row.seam.mojoFm).toBeGreaterThanOrEqual(GENERATED_BAR);
      expectBeatsBaselines(row);
    });
  }
});

describe('on the layered shop', () => {
  let facts: Facts;
  let graph: CouplingGraph;
  let d: Decomposition;
  let truth: Record<string, string>;

  beforeAll(async () => {
    facts = await extract(join(monolithsDir(), 'shop'), { history: false });
    graph = buildGraph(facts);
    d = cluster(graph, facts);
    truth = truthFixtures().find((f) => f.name === 'shop')!.truth;
  });

  it('cuts the layer folders vertically: the order controllers, routes, service, repositories and entities form one service', () => {
    const orders = d.services.find((s) => s.name === 'orders')!;
    expect(orders.modules).toEqual(expect.arrayContaining([
      'src/controllers/order-controller.ts',
      'src/routes/orders.routes.ts',
      'src/services/order-service.ts',
      'src/repositories/order-repository.ts',
      'src/repositories/order-item-repository.ts',
      'src/entities/order.entity.ts',
    ]));
  });

  it('names its services from their route prefixes', () => {
    expect(d.services.map((s) => s.name)).toEqual(['auth', 'cart', 'catalog', 'customers', 'inventory', 'notifications', 'orders', 'payments', 'reports', 'shipments']);
    expect(d.services.every((s) => s.id === `svc-${s.name}`)).toBe(true);
  });

  it('sets aside exactly the modules the truth calls shared, each with a reason', () => {
    const shared = Object.keys(truth).filter((m) => truth[m] === 'shared').sort();
    expect(d.shared.map((k) => k.module)).toEqual(shared);
    expect(d.shared.find((k) => k.module === 'src/lib/logger.ts')!.reason).toBe('needed at run time by shared-kernel module src/lib/base-service.ts');
    expect(d.shared.find((k) => k.module === 'src/lib/money.ts')!.reason).toBe('imported from 4 of 9 module groups; no routes or tables; generic name (money)');
    expect(d.shared.find((k) => k.module === 'src/main.ts')!.reason).toMatch(/^composition root: wires \d+ module groups/);
  });

  it('keeps every service connected', () => {
    for (const s of d.services) expect(isConnected(graph, s.modules)).toBe(true);
  });

  it('measures a given cut from the edge list exactly as from the graph (the edges in the same order)', () => {
    const list = couplingEdges(facts);
    const fromGraph: string[] = [];
    graph.forEachEdge((key, e) => fromGraph.push(`${key} ${e.weight}`));
    const fromList: string[] = [];
    list.forEachEdge((key, e) => fromList.push(`${key} ${e.weight}`));
    expect(fromList.length).toBeGreaterThan(100);
    expect(fromList).toEqual(fromGraph);
    expect(JSON.stringify(measure(list, d, facts))).toBe(JSON.stringify(measure(graph, d, facts)));
  });

  it('gives byte-identical output from a second extraction', async () => {
    const again = await extract(join(monolithsDir(), 'shop'), { history: false });
    expect(JSON.stringify(cluster(buildGraph(again), again))).toBe(JSON.stringify(d));
  });

  it('re-clusters around a pin, a keep-apart pair and a route-prefix seed, and honours each', () => {
    const edited: Decomposition = {
      ...d,
      constraints: {
        pins: [{ module: 'src/services/payment-gateway.ts', service: 'svc-orders' }],
        apart: [{ a: 'src/services/cart-service.ts', b: 'src/repositories/cart-repository.ts' }],
        seeds: [{ service: 'storefront', routePrefix: '/api/catalog' }],
        shared: [],
      },
    };
    const r = recluster(edited, graph, facts);
    expect(placeOf(r, 'src/services/payment-gateway.ts')).toBe('svc-orders');
    expect(placeOf(r, 'src/services/cart-service.ts')).not.toBe(placeOf(r, 'src/repositories/cart-repository.ts'));
    const storefront = r.services.find((s) => s.name === 'storefront')!;
    expect(storefront.modules).toEqual(expect.arrayContaining(['src/controllers/category-controller.ts', 'src/controllers/product-controller.ts']));
    expect(Object.keys(partitionOf(r)).sort()).toEqual(facts.modules.map((m) => m.path).sort());
  });
});

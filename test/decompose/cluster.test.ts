import { describe, expect, it } from 'vitest';
import { buildGraph, cluster, recluster, splitService } from '../../src/decompose/index.js';
import { InputError } from '../../src/shared/errors.js';
import { featureMonolith, imp, sym } from './facts-builder.js';
import { isConnected, placedModules, placeOf } from './graph-helpers.js';

const FEATURES = ['orders', 'payments', 'catalog', 'shipping'];
const facts = featureMonolith(FEATURES, [
  ['orders', 'payments'],
  ['orders', 'catalog'],
  ['shipping', 'orders'],
]);
const graph = buildGraph(facts);
const byFeature = (f: string) => [`src/${f}/${f}.controller.ts`, `src/${f}/${f}.dto.ts`, `src/${f}/${f}.repository.ts`, `src/${f}/${f}.service.ts`];

describe('cluster', () => {
  const d = cluster(graph, facts);

  it('proposes one service per feature, named after its routes, and sets the kernel aside', () => {
    expect(d.services.map((s) => [s.id, s.name, s.modules])).toEqual([
      ['svc-catalog', 'catalog', byFeature('catalog')],
      ['svc-orders', 'orders', byFeature('orders')],
      ['svc-payments', 'payments', byFeature('payments')],
      ['svc-shipping', 'shipping', byFeature('shipping')],
    ]);
    expect(d.shared.map((k) => k.module)).toEqual(['src/lib/config.ts', 'src/lib/logger.ts', 'src/main.ts']);
  });

  it('puts every module in exactly one service or the kernel', () => {
    expect(placedModules(d).sort()).toEqual(facts.modules.map((m) => m.path).sort());
  });

  it('records the parameters it ran with', () => {
    expect(d.params).toEqual({ seed: 42, resolution: 1, weights: graph.getAttribute('weights') });
  });

  it('gives byte-identical output for the same seed, from a fresh graph', () => {
    const again = cluster(buildGraph(featureMonolith(FEATURES, [['orders', 'payments'], ['orders', 'catalog'], ['shipping', 'orders']])), facts);
    expect(JSON.stringify(again)).toBe(JSON.stringify(d));
    expect(JSON.stringify(cluster(graph, facts, { seed: 7 }))).toBe(JSON.stringify(cluster(graph, facts, { seed: 7 })));
  });

  it('keeps every service connected in the coupling graph', () => {
    for (const s of d.services) expect(isConnected(graph, s.modules)).toBe(true);
  });

  it('pins a module to a service by name, and lists it as pinned there', () => {
    const pinned = cluster(graph, facts, { constraints: { pins: [{ module: 'src/orders/orders.dto.ts', service: 'payments' }] } });
    expect(placeOf(pinned, 'src/orders/orders.dto.ts')).toBe('svc-payments');
    expect(pinned.services.find((s) => s.id === 'svc-payments')!.pinned).toEqual(['src/orders/orders.dto.ts']);
  });

  it('takes a pinned kernel module out of the kernel', () => {
    const pinned = cluster(graph, facts, { constraints: { pins: [{ module: 'src/lib/logger.ts', service: 'svc-orders' }] } });
    expect(placeOf(pinned, 'src/lib/logger.ts')).toBe('svc-orders');
  });

  it('keeps two modules apart, each in a connected service', () => {
    const apart = cluster(graph, facts, { constraints: { apart: [{ a: 'src/orders/orders.controller.ts', b: 'src/orders/orders.service.ts' }] } });
    expect(placeOf(apart, 'src/orders/orders.controller.ts')).not.toBe(placeOf(apart, 'src/orders/orders.service.ts'));
    for (const s of apart.services) expect(isConnected(graph, s.modules)).toBe(true);
    expect(placedModules(apart).sort()).toEqual(facts.modules.map((m) => m.path).sort());
  });

  it('seeds a service from a route prefix and names it as the user did', () => {
    const seeded = cluster(graph, facts, { constraints: { seeds: [{ service: 'billing', routePrefix: '/api/payments' }] } });
    const billing = seeded.services.find((s) => s.name === 'billing')!;
    expect(billing.id).toBe('svc-billing');
    expect(billing.modules).toEqual(byFeature('payments'));
  });

  it('seeds a service from a folder, keeping pins first', () => {
    const seeded = cluster(graph, facts, {
      constraints: {
        seeds: [{ service: 'commerce', folder: 'src/orders' }],
        pins: [{ module: 'src/orders/orders.dto.ts', service: 'catalog' }],
      },
    });
    expect(placeOf(seeded, 'src/orders/orders.service.ts')).toBe('svc-commerce');
    expect(placeOf(seeded, 'src/orders/orders.controller.ts')).toBe('svc-commerce');
    expect(placeOf(seeded, 'src/orders/orders.dto.ts')).toBe('svc-catalog');
  });

  it('fits the number of services asked for, merging the most coupled or splitting the largest', () => {
    const two = cluster(graph, facts, { targetServices: 2 });
    expect(two.services).toHaveLength(2);
    const six = cluster(graph, facts, { targetServices: 6 });
    expect(six.services).toHaveLength(6);
    for (const s of [...two.services, ...six.services]) expect(isConnected(graph, s.modules)).toBe(true);
    expect(six.services.every((s) => !/^cluster-?\d/.test(s.name))).toBe(true);
  });

  it('keeps each feature folder whole when asked for more services than there are, splitting the code no unit claims', () => {
    // two integrations no feature folder claims, each used by one feature at run time; and a
    // module of the orders folder more tied to catalog than to orders (coupling alone moves it)
    const extra = ['src/integrations/slack/slack.client.ts', 'src/integrations/slack/slack.notifier.ts', 'src/integrations/s3/s3.client.ts', 'src/integrations/s3/s3.uploader.ts', 'src/orders/orders-catalog.view.ts'];
    const base = featureMonolith(FEATURES);
    const withIntegrations = {
      ...base,
      modules: [...base.modules, ...extra.map((path) => ({ ...base.modules[0]!, path }))].sort((a, b) => (a.path < b.path ? -1 : 1)),
      imports: [
        ...base.imports,
        imp('src/orders/orders.service.ts', extra[1]!),
        imp(extra[1]!, extra[0]!),
        imp('src/catalog/catalog.service.ts', extra[3]!),
        imp(extra[3]!, extra[2]!),
        imp('src/orders/orders.controller.ts', extra[4]!),
        imp(extra[4]!, 'src/catalog/catalog.service.ts'),
        imp(extra[4]!, 'src/catalog/catalog.repository.ts'),
      ],
      symbols: [
        ...base.symbols,
        sym('src/orders/orders.service.ts', extra[1]!, 'notify', { call: 1 }),
        sym(extra[1]!, extra[0]!, 'slack', { call: 4 }),
        sym('src/catalog/catalog.service.ts', extra[3]!, 'upload', { call: 1 }),
        sym(extra[3]!, extra[2]!, 's3', { call: 4 }),
        sym('src/orders/orders.controller.ts', extra[4]!, 'view', { call: 1 }),
        sym(extra[4]!, 'src/catalog/catalog.service.ts', 'catalogService', { call: 6 }),
        sym(extra[4]!, 'src/catalog/catalog.repository.ts', 'catalogRepository', { call: 6 }),
      ],
    };
    const six = cluster(buildGraph(withIntegrations), withIntegrations, { targetServices: 6 });
    expect(six.services).toHaveLength(6);
    for (const f of FEATURES) expect(new Set(byFeature(f).map((m) => placeOf(six, m))).size).toBe(1);
    expect(placeOf(six, extra[4]!)).toBe(placeOf(six, 'src/orders/orders.service.ts'));
    expect(new Set(FEATURES.map((f) => placeOf(six, `src/${f}/${f}.service.ts`))).size).toBe(4);
    expect(placeOf(six, extra[0]!)).toBe(placeOf(six, extra[1]!));
    expect(placeOf(six, extra[2]!)).toBe(placeOf(six, extra[3]!));
    expect(placeOf(six, extra[0]!)).not.toBe(placeOf(six, 'src/orders/orders.service.ts'));
  });

  it('re-weights the layers on request and records the weights it used', () => {
    const heavy = cluster(graph, facts, { weights: { sharedTableWrite: 9 } });
    expect(heavy.params.weights.sharedTableWrite).toBe(9);
  });
});

describe('recluster', () => {
  const d = cluster(graph, facts);

  it('gives the same services back when nothing changed', () => {
    expect(JSON.stringify(recluster(d, graph, facts))).toBe(JSON.stringify(d));
  });

  it('honours every constraint and keeps the ids of the services that survive', () => {
    const edited = {
      ...d,
      constraints: {
        pins: [{ module: 'src/shipping/shipping.dto.ts', service: 'svc-orders' }],
        apart: [{ a: 'src/catalog/catalog.controller.ts', b: 'src/catalog/catalog.repository.ts' }],
        seeds: [],
        shared: [{ module: 'src/payments/payments.dto.ts', shared: true }],
      },
    };
    const r = recluster(edited, graph, facts);
    expect(placeOf(r, 'src/shipping/shipping.dto.ts')).toBe('svc-orders');
    expect(placeOf(r, 'src/catalog/catalog.controller.ts')).not.toBe(placeOf(r, 'src/catalog/catalog.repository.ts'));
    expect(r.shared.find((k) => k.module === 'src/payments/payments.dto.ts')).toEqual({ module: 'src/payments/payments.dto.ts', reason: 'set aside by the user', byUser: true });
    expect(r.services.map((s) => s.id)).toEqual(expect.arrayContaining(['svc-orders', 'svc-payments', 'svc-shipping']));
    expect(placedModules(r).sort()).toEqual(facts.modules.map((m) => m.path).sort());
  });

  it('keeps a renamed service\'s id and name', () => {
    const renamed = { ...d, services: d.services.map((s) => (s.id === 'svc-orders' ? { ...s, name: 'checkout' } : s)) };
    const r = recluster(renamed, graph, facts);
    expect(r.services.find((s) => s.id === 'svc-orders')!.name).toBe('checkout');
  });
});

describe('splitService', () => {
  const d = cluster(graph, facts);

  it('cuts one service in two connected parts and leaves the others alone', () => {
    const split = splitService(d, 'svc-orders', 2, graph, facts);
    expect(split.services).toHaveLength(5);
    const orders = byFeature('orders');
    const parts = split.services.filter((s) => s.modules.some((m) => orders.includes(m)));
    expect(parts).toHaveLength(2);
    expect(parts.flatMap((s) => s.modules).sort()).toEqual(orders);
    expect(parts.some((s) => s.id === 'svc-orders')).toBe(true);
    for (const s of parts) expect(isConnected(graph, s.modules)).toBe(true);
    for (const s of d.services.filter((x) => x.id !== 'svc-orders')) expect(split.services).toContainEqual(s);
  });

  it('refuses an unknown service or fewer than two parts, saying what to do', () => {
    expect(() => splitService(d, 'svc-nope', 2, graph, facts)).toThrow(InputError);
    expect(() => splitService(d, 'svc-nope', 2, graph, facts)).toThrow(/no service svc-nope to split; pick one of svc-catalog, svc-orders/);
    expect(() => splitService(d, 'svc-orders', 1, graph, facts)).toThrow(/ask for 2 or more/);
  });
});

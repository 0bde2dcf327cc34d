import { describe, expect, it } from 'vitest';
import { buildGraph, COUPLING_LAYERS, DEFAULT_WEIGHTS, edgeKey, moduleDependencies, WEIGHT_REASONS, type CouplingGraph } from '../../src/decompose/index.js';
import { access, imp, makeFacts, route, sym } from './facts-builder.js';

const layersOf = (g: CouplingGraph, a: string, b: string): Record<string, number> =>
  Object.fromEntries(Object.entries(g.getEdgeAttributes(edgeKey(a, b)).layers).filter(([, v]) => v > 0));

describe('buildGraph', () => {
  it('documents a default weight and a reason for every layer', () => {
    expect(Object.keys(DEFAULT_WEIGHTS).sort()).toEqual([...COUPLING_LAYERS].sort());
    expect(Object.keys(WEIGHT_REASONS).sort()).toEqual([...COUPLING_LAYERS].sort());
    expect(DEFAULT_WEIGHTS.typeOnlyImport).toBeLessThan(DEFAULT_WEIGHTS.runtimeImport);
    expect(DEFAULT_WEIGHTS.sharedTableWrite).toBeGreaterThan(DEFAULT_WEIGHTS.sharedTableRead);
  });

  it('weighs a run-time import 1 and a type-only import 0.3, keeping the counts for the UI', () => {
    const facts = makeFacts(['src/a.ts', 'src/b.ts', 'src/c.ts'], { imports: [imp('src/a.ts', 'src/b.ts'), imp('src/a.ts', 'src/c.ts', 'type-only')] });
    const g = buildGraph(facts);
    expect(layersOf(g, 'src/a.ts', 'src/b.ts')).toEqual({ runtimeImport: 1 });
    expect(layersOf(g, 'src/a.ts', 'src/c.ts')).toEqual({ typeOnlyImport: 0.3 });
    expect(g.getEdgeAttributes(edgeKey('src/a.ts', 'src/c.ts')).imports).toEqual({ runtime: 0, typeOnly: 1, dynamic: 0, reExport: 0 });
  });

  it('adds symbol references as 0.5 · log2(1 + uses)', () => {
    const facts = makeFacts(['src/a.ts', 'src/b.ts'], { imports: [imp('src/a.ts', 'src/b.ts')], symbols: [sym('src/a.ts', 'src/b.ts', 'f', { call: 3 })] });
    expect(layersOf(buildGraph(facts), 'src/a.ts', 'src/b.ts')).toEqual({ runtimeImport: 1, symbolRef: 1 });
  });

  it('follows a pure barrel to the modules that declare what was imported', () => {
    const facts = makeFacts(['src/app.ts', 'src/orders/index.ts', 'src/orders/order.service.ts'], {
      imports: [imp('src/app.ts', 'src/orders/index.ts', 'runtime', ['OrderService']), imp('src/orders/index.ts', 'src/orders/order.service.ts', 're-export', ['*'])],
      symbols: [sym('src/app.ts', 'src/orders/order.service.ts', 'OrderService', { new: 1 })],
    });
    const deps = moduleDependencies(facts).map((d) => `${d.from} -> ${d.to} ${d.kind}`);
    expect(deps).toEqual(['src/app.ts -> src/orders/order.service.ts runtime', 'src/orders/index.ts -> src/orders/order.service.ts runtime']);
    expect(buildGraph(facts).hasEdge(edgeKey('src/app.ts', 'src/orders/index.ts'))).toBe(false);
  });

  it('counts an import of nothing but constants as type-only: event names are contracts', () => {
    const facts = makeFacts(['src/listeners.ts', 'src/order-events.ts'], {
      imports: [imp('src/listeners.ts', 'src/order-events.ts', 'runtime', ['ORDER_PLACED', 'OrderPlaced'])],
      symbols: [sym('src/listeners.ts', 'src/order-events.ts', 'ORDER_PLACED', { read: 1 }), sym('src/listeners.ts', 'src/order-events.ts', 'OrderPlaced', { type: 1 })],
    });
    expect(layersOf(buildGraph(facts), 'src/listeners.ts', 'src/order-events.ts')).toEqual({ typeOnlyImport: 0.3, symbolRef: 0.5 * Math.log2(3) });
  });

  it('keeps a run-time import used only in type positions run-time (decorator metadata makes it one)', () => {
    const facts = makeFacts(['src/a.controller.ts', 'src/a.service.ts'], {
      imports: [imp('src/a.controller.ts', 'src/a.service.ts', 'runtime', ['AService'])],
      symbols: [sym('src/a.controller.ts', 'src/a.service.ts', 'AService', { type: 1 })],
    });
    expect(layersOf(buildGraph(facts), 'src/a.controller.ts', 'src/a.service.ts')).toEqual({ runtimeImport: 1, symbolRef: 0.5 });
  });

  it('couples two writers of a table by 3, a writer and a reader by 1, two readers not at all', () => {
    const facts = makeFacts(['w1.ts', 'w2.ts', 'r1.ts', 'r2.ts'], {
      dataAccess: [access('w1.ts', 'orders', 'write'), access('w2.ts', 'orders', 'write'), access('r1.ts', 'orders', 'read'), access('r2.ts', 'orders', 'read')],
    });
    const g = buildGraph(facts);
    // four modules share the table: each pair gets its weight / (4 - 1)
    expect(layersOf(g, 'w1.ts', 'w2.ts')).toEqual({ sharedTableWrite: 1 });
    expect(layersOf(g, 'r1.ts', 'w1.ts')).toEqual({ sharedTableRead: 1 / 3 });
    expect(g.hasEdge(edgeKey('r1.ts', 'r2.ts'))).toBe(false);
  });

  it('couples the modules serving one route group, leaving operational routes out', () => {
    const facts = makeFacts(['a.ts', 'b.ts', 'c.ts'], {
      routes: [route('GET', '/api/v1/orders', 'a.ts'), route('POST', '/api/orders/:id/items', 'b.ts'), route('GET', '/health', 'a.ts'), route('GET', '/health', 'c.ts')],
    });
    const g = buildGraph(facts);
    expect(layersOf(g, 'a.ts', 'b.ts')).toEqual({ sharedRouteGroup: 1 });
    expect(g.hasEdge(edgeKey('a.ts', 'c.ts'))).toBe(false);
  });

  it('couples modules of one feature folder, and none in a layered tree', () => {
    const facts = makeFacts(['src/orders/dto/a.dto.ts', 'src/orders/b.service.ts', 'src/controllers/x.ts', 'src/controllers/y.ts']);
    const g = buildGraph(facts);
    expect(layersOf(g, 'src/orders/b.service.ts', 'src/orders/dto/a.dto.ts')).toEqual({ featureFolder: 2 });
    expect(g.hasEdge(edgeKey('src/controllers/x.ts', 'src/controllers/y.ts'))).toBe(false);
  });

  it('couples files whose names start with the same capability word, across layer folders', () => {
    const facts = makeFacts(['src/controllers/order-item-controller.ts', 'src/services/orders.service.ts', 'src/services/payment.service.ts']);
    const g = buildGraph(facts);
    expect(layersOf(g, 'src/controllers/order-item-controller.ts', 'src/services/orders.service.ts')).toEqual({ nameWords: 1 });
    expect(g.hasEdge(edgeKey('src/controllers/order-item-controller.ts', 'src/services/payment.service.ts'))).toBe(false);
  });

  it('adds co-change by degree and shared mutable state between its holder and each user, not for singletons', () => {
    const facts = makeFacts(['a.ts', 'b.ts', 'c.ts', 'd.ts'], {
      coChange: [{ a: 'a.ts', b: 'b.ts', degree: 50, shared: 5, commitsA: 10, commitsB: 10 }],
      sharedState: [
        { id: 'c.ts#cache', kind: 'cache', module: 'c.ts', name: 'cache', line: 1, users: ['a.ts', 'd.ts'] },
        { id: 'b.ts#service', kind: 'singleton', module: 'b.ts', name: 'service', line: 1, users: ['d.ts'] },
      ],
    });
    const g = buildGraph(facts);
    expect(layersOf(g, 'a.ts', 'b.ts')).toEqual({ coChange: 1 });
    expect(layersOf(g, 'a.ts', 'c.ts')).toEqual({ sharedState: 2 });
    expect(layersOf(g, 'c.ts', 'd.ts')).toEqual({ sharedState: 2 });
    expect(g.hasEdge(edgeKey('a.ts', 'd.ts'))).toBe(false);
    expect(g.hasEdge(edgeKey('b.ts', 'd.ts'))).toBe(false);
  });

  it('takes the weights as options: "data matters more here"', () => {
    const facts = makeFacts(['w1.ts', 'w2.ts'], { dataAccess: [access('w1.ts', 't', 'write'), access('w2.ts', 't', 'write')] });
    const g = buildGraph(facts, { sharedTableWrite: 10 });
    expect(layersOf(g, 'w1.ts', 'w2.ts')).toEqual({ sharedTableWrite: 10 });
    expect(g.getAttribute('weights').sharedTableWrite).toBe(10);
    expect(g.getAttribute('weights').runtimeImport).toBe(1);
  });

  it('gives every group member the same total from a large group, with a linear number of edges', () => {
    const modules = Array.from({ length: 40 }, (_, i) => `src/big/m${String(i).padStart(2, '0')}.ts`);
    const g = buildGraph(makeFacts(modules));
    expect(g.size).toBe(40 * 4);
    for (const m of modules) {
      let total = 0;
      g.forEachEdge(m, (_k, attrs) => (total += attrs.layers.featureFolder));
      expect(total).toBeCloseTo(2, 12);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { buildGraph, measure } from '../../src/decompose/index.js';
import { nonExtremeDistribution } from '../../src/decompose/metrics/non-extreme-distribution.js';
import { emptyConstraints, type Decomposition } from '../../src/shared/decomposition.js';
import { access, imp, makeFacts, route, sym } from './facts-builder.js';

/**
 * Two services by hand: A = {a1, a2}, B = {b1, b2, b3}, kernel {k}.
 * Dependencies: a1->a2 (2 calls), a2->b1 (1 call), b1->b2, b2->b3 (run time, no resolved use),
 * b3->a1 (type-only), a1->k and b1->k (kernel: ignored).
 */
const facts = makeFacts(['a1.ts', 'a2.ts', 'b1.ts', 'b2.ts', 'b3.ts', 'k.ts'], {
  imports: [imp('a1.ts', 'a2.ts'), imp('a2.ts', 'b1.ts'), imp('b1.ts', 'b2.ts'), imp('b2.ts', 'b3.ts'), imp('b3.ts', 'a1.ts', 'type-only'), imp('a1.ts', 'k.ts'), imp('b1.ts', 'k.ts')],
  symbols: [sym('a1.ts', 'a2.ts', 'f', { call: 2 }), sym('a2.ts', 'b1.ts', 'g', { call: 1 }), sym('b3.ts', 'a1.ts', 'T', { type: 1 })],
  routes: [route('GET', '/api/orders', 'a1.ts'), route('GET', '/api/orders/:id', 'a1.ts'), route('GET', '/api/v1/payments', 'b1.ts'), route('GET', '/api/refunds', 'b1.ts'), route('GET', '/health', 'b1.ts')],
  dataAccess: [access('a2.ts', 'orders', 'write'), access('b2.ts', 'orders', 'read'), access('b1.ts', 'payments', 'write'), access('b3.ts', 'payments', 'write'), access('a1.ts', 'ledger', 'write'), access('b1.ts', 'ledger', 'write'), access('k.ts', 'ledger', 'write')],
  coChange: [
    { a: 'a1.ts', b: 'a2.ts', degree: 80, shared: 4, commitsA: 5, commitsB: 5 },
    { a: 'a2.ts', b: 'b1.ts', degree: 20, shared: 1, commitsA: 5, commitsB: 5 },
    { a: 'b1.ts', b: 'k.ts', degree: 90, shared: 5, commitsA: 5, commitsB: 6 },
  ],
});
const decomposition: Decomposition = {
  services: [
    { id: 'svc-a', name: 'a', modules: ['a1.ts', 'a2.ts'], pinned: [] },
    { id: 'svc-b', name: 'b', modules: ['b1.ts', 'b2.ts', 'b3.ts'], pinned: [] },
  ],
  shared: [{ module: 'k.ts', reason: 'test' }],
  params: { seed: 42, resolution: 1, weights: buildGraph(facts).getAttribute('weights') },
  constraints: emptyConstraints(),
};
const metrics = measure(buildGraph(facts), decomposition, facts, { nedBand: [2, 2] });

describe('measure on a two-service example computed by hand', () => {
  it('computes SM = (1/4 + 2/9)/2 - 2/(2·2·3) = 0.0694', () => {
    expect(metrics.sm).toBe(0.0694);
    expect(metrics.perService.map((s) => s.cohesion)).toEqual([0.25, 0.2222]);
  });

  it('computes ICP = 1 cross-service call of 5 = 0.2 (type-only dependencies make no calls)', () => {
    expect(metrics.icp).toBe(0.2);
  });

  it('computes IFN = (1 + 1)/2: a1 is called from B, b1 from A', () => {
    expect(metrics.ifn).toBe(1);
    expect(metrics.perService.map((s) => s.interfaces)).toEqual([1, 1]);
  });

  it('computes NED with the band [2, 2]: only A (2 modules) is non-extreme, 1 - 2/5 = 0.6', () => {
    expect(metrics.ned).toBe(0.6);
    expect(metrics.nedBand).toEqual([2, 2]);
  });

  it('computes NED with the default band 5..20: every service is extreme', () => {
    expect(nonExtremeDistribution([2, 3])).toBe(1);
    expect(nonExtremeDistribution([5, 20, 21])).toBeCloseTo(21 / 46, 12);
  });

  it('computes MQ = 2/(2+2) + 4/(4+2) = 1.1667', () => {
    expect(metrics.mq).toBe(1.1667);
  });

  it('computes business-context purity over route groups, without operational routes: (2 + 1)/(2 + 2)', () => {
    expect(metrics.businessContextPurity).toBe(0.75);
    expect(metrics.perService.map((s) => s.businessPurity)).toEqual([1, 0.5]);
  });

  it('computes module exclusivity: a1 and b1 are used from the other service, 3 of 5 are exclusive', () => {
    expect(metrics.moduleExclusivity).toBe(0.6);
    expect(metrics.perService.map((s) => s.exclusivity)).toEqual([0.5, 0.6667]);
  });

  it('classifies tables by their writers: orders and payments exclusive, ledger shared by A, B and the kernel', () => {
    expect(metrics.tables).toEqual({
      exclusive: 2,
      shared: 1,
      common: 0,
      writeExclusivity: 0.6667,
      tables: [
        { table: 'ledger', class: 'shared', writers: ['shared', 'svc-a', 'svc-b'], readers: [] },
        { table: 'orders', class: 'exclusive', writers: ['svc-a'], readers: ['svc-b'] },
        { table: 'payments', class: 'exclusive', writers: ['svc-b'], readers: [] },
      ],
    });
    expect(metrics.perService.map((s) => s.tablesOwned)).toEqual([['orders'], ['payments']]);
  });

  it('computes the co-change cut ratio over pairs in services: 1 shared commit crosses of 5', () => {
    expect(metrics.coChangeCutRatio).toBe(0.2);
  });

  it('splits the cut into one run-time and one type-only dependency, and each service into inbound and outbound', () => {
    expect(metrics.cutCost.runtime).toBe(1);
    expect(metrics.cutCost.typeOnly).toBe(1);
    expect(metrics.perService.map((s) => [s.inbound, s.outbound])).toEqual([
      [{ runtime: 0, typeOnly: 1 }, { runtime: 1, typeOnly: 0 }],
      [{ runtime: 1, typeOnly: 0 }, { runtime: 0, typeOnly: 1 }],
    ]);
    expect(metrics.cutCost.layers.runtimeImport).toBe(1);
    expect(metrics.cutCost.layers.typeOnlyImport).toBe(0.3);
  });

  it('counts services, modules, the kernel, lines and routes', () => {
    expect([metrics.services, metrics.modules, metrics.sharedModules]).toEqual([2, 5, 1]);
    expect(metrics.perService.map((s) => [s.modules, s.lines, s.routes])).toEqual([
      [2, 20, 2],
      [3, 30, 3],
    ]);
  });

  it('leaves the reference agreement and the co-change ratio null when there is nothing to compare', () => {
    expect(metrics.reference).toBeNull();
    const noHistory = measure(buildGraph({ ...facts, coChange: [] }), decomposition, { ...facts, coChange: [] });
    expect(noHistory.coChangeCutRatio).toBeNull();
  });

  it('scores the decomposition against a reference partition, the kernel as `shared`', () => {
    const reference = { 'a1.ts': 'orders', 'a2.ts': 'orders', 'b1.ts': 'payments', 'b2.ts': 'payments', 'b3.ts': 'orders', 'k.ts': 'shared' };
    const m = measure(buildGraph(facts), decomposition, facts, { reference });
    // MoJo: one move (b3 to the orders cluster) of a maximum of 6 - 3 = 3;
    // ARI: (2 - 16/15) / (4 - 16/15) = 0.3182
    expect(m.reference).toEqual({ modules: 6, mojoFm: 66.6667, ari: 0.3182 });
  });
});

import { describe, expect, it } from 'vitest';
import { mergedKeys } from '../../src/decompose/cluster.js';
import type { ExplicitUnit } from '../../src/decompose/explicit-units.js';
import { nodeName, plantedAdjacency } from './graph-helpers.js';

/** A capability unit over planted nodes (`n00`, `n01`, ...). */
const unit = (name: string, nodes: number[]): ExplicitUnit => ({
  key: `unit:${name}`,
  name,
  kind: 'nest-module',
  modules: nodes.map(nodeName),
  kernel: false,
  reason: `${name} module`,
  evidence: `NestJS module ${name}`,
});

/**
 * Three units: orders = {0, 1}, payments = {2, 3}, refunds = {4}. Coupling between units:
 * orders-payments 4 (0-2 and 1-3, 2 each), payments-refunds 3 (3-4), orders-refunds none; the
 * edge inside orders (0-1) does not count. Score = coupling per module pair, w/√(|a|·|b|):
 *   orders + payments: 4/√4 = 2;  payments + refunds: 3/√2 = 2.121
 * Raw weight would pick orders + payments; per module pair, the single refunds module leaning on
 * payments is the closer pair.
 */
const orders = unit('orders', [0, 1]);
const payments = unit('payments', [2, 3]);
const refunds = unit('refunds', [4]);
const UNITS = [orders, payments, refunds];
const adj = plantedAdjacency(5, [[0, 1, 5], [0, 2, 2], [1, 3, 2], [3, 4, 3]]);

describe('mergedKeys (agglomerative unit merge when --services asks for fewer services than units)', () => {
  it('merges nothing when no target is given or the units already fit', () => {
    expect(mergedKeys(UNITS, adj, undefined)).toEqual(new Map());
    expect(mergedKeys(UNITS, adj, 3)).toEqual(new Map());
    expect(mergedKeys(UNITS, adj, 5)).toEqual(new Map());
  });

  it('merges the pair most coupled per module pair first, the larger unit lending its key', () => {
    expect(mergedKeys(UNITS, adj, 2)).toEqual(
      new Map([
        ['unit:orders', 'unit:orders'],
        ['unit:payments', 'unit:payments'],
        ['unit:refunds', 'unit:payments'],
      ]),
    );
  });

  it('keeps merging groups, their coupling summed, down to the target', () => {
    // payments + refunds (3 modules) against orders (2): coupling 4 + 0, score 4/√6 = 1.633; the
    // larger group keeps its key
    expect(mergedKeys(UNITS, adj, 1)).toEqual(
      new Map([
        ['unit:orders', 'unit:payments'],
        ['unit:payments', 'unit:payments'],
        ['unit:refunds', 'unit:payments'],
      ]),
    );
  });

  it('joins the two smallest groups when no coupling is left between any', () => {
    const islands = plantedAdjacency(5, [[0, 1, 1], [1, 2, 1]]);
    const units = [unit('catalog', [0, 1, 2]), unit('reviews', [3]), unit('wishlist', [4])];
    expect(mergedKeys(units, islands, 2)).toEqual(
      new Map([
        ['unit:catalog', 'unit:catalog'],
        ['unit:reviews', 'unit:reviews'],
        ['unit:wishlist', 'unit:reviews'],
      ]),
    );
  });

  it('gives the same grouping twice for the same units and graph', () => {
    expect(mergedKeys(UNITS, plantedAdjacency(5, [[0, 1, 5], [0, 2, 2], [1, 3, 2], [3, 4, 3]]), 1)).toEqual(mergedKeys(UNITS, adj, 1));
  });
});

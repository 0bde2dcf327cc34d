import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, bestFolderDepth, folderPartition, mojoDistance, mojoFm } from '../../src/decompose/index.js';

/** A partition from clusters written as strings of one-letter objects: 'abc|de'. */
const p = (clusters: string): Record<string, string> =>
  Object.fromEntries(clusters.split('|').flatMap((c, i) => [...c].map((o) => [o, `C${i}`])));

describe('MoJo distance (Wen & Tzerpos 2003, exact)', () => {
  it('is 0 between a partition and itself', () => {
    expect(mojoDistance(p('abc|de|f'), p('abc|de|f'))).toBe(0);
  });

  it('counts one move to carry c from the first cluster to the second', () => {
    expect(mojoDistance(p('abc|de'), p('ab|cde'))).toBe(1);
  });

  it('counts three joins to merge four singletons into one cluster', () => {
    expect(mojoDistance(p('a|b|c|d'), p('abcd'))).toBe(3);
  });

  it('counts two moves to cut one cluster into two (one object out, one after it)', () => {
    expect(mojoDistance(p('abcd'), p('ab|cd'))).toBe(2);
  });

  it('uses the matching to avoid joins when two clusters tie on their most frequent tag', () => {
    // A1 = {a,b} and A2 = {c,d} each hold one object of B1 = {a,c} and one of B2 = {b,d}:
    // a maximum matching sends them to different groups, so two moves and no join
    expect(mojoDistance(p('ab|cd'), p('ac|bd'))).toBe(2);
  });

  it('moves 5 to the first cluster and joins the other two: 2 operations', () => {
    const truth = { ...Object.fromEntries('12345'.split('').map((o) => [o, 'B1'])), ...Object.fromEntries('67890'.split('').map((o) => [o, 'B2'])) };
    const computed = { 1: 'A1', 2: 'A1', 3: 'A1', 4: 'A1', 5: 'A2', 6: 'A2', 7: 'A2', 8: 'A3', 9: 'A3', 0: 'A3' };
    expect(mojoDistance(computed, truth)).toBe(2);
  });

  it('compares only the objects both partitions label', () => {
    expect(mojoDistance({ ...p('abc|de'), z: 'C9' }, p('ab|cde'))).toBe(1);
  });
});

describe('MoJoFM (Wen & Tzerpos 2004)', () => {
  it('is 100 for the reference itself', () => {
    expect(mojoFm(p('abc|de'), p('abc|de'))).toBe(100);
  });

  it('is 1 - mno / (n - g): one move of a worst case of three gives 66.67', () => {
    // B's cluster sizes 2 and 3 allow g = 2 groups, so max mno = 5 - 2 = 3
    expect(mojoFm(p('abc|de'), p('ab|cde'))).toBeCloseTo(66.667, 3);
  });

  it('is 75 for two operations out of a maximum of eight', () => {
    const truth = { ...Object.fromEntries('12345'.split('').map((o) => [o, 'B1'])), ...Object.fromEntries('67890'.split('').map((o) => [o, 'B2'])) };
    const computed = { 1: 'A1', 2: 'A1', 3: 'A1', 4: 'A1', 5: 'A2', 6: 'A2', 7: 'A2', 8: 'A3', 9: 'A3', 0: 'A3' };
    expect(mojoFm(computed, truth)).toBe(75);
  });

  it('is 0 for all singletons against one cluster', () => {
    expect(mojoFm(p('a|b|c|d'), p('abcd'))).toBe(0);
  });
});

describe('adjusted Rand index (Hubert & Arabie 1985)', () => {
  it('is 1 for identical partitions, whatever the labels', () => {
    expect(adjustedRandIndex(p('abc|de'), { a: 'x', b: 'x', c: 'x', d: 'y', e: 'y' })).toBe(1);
  });

  it('is 4/7 for [0,0,1,1] against [0,0,1,2]', () => {
    expect(adjustedRandIndex({ a: '0', b: '0', c: '1', d: '1' }, { a: '0', b: '0', c: '1', d: '2' })).toBeCloseTo(4 / 7, 12);
  });

  it('is -1/2 for [0,0,1,1] against [0,1,0,1]', () => {
    expect(adjustedRandIndex({ a: '0', b: '0', c: '1', d: '1' }, { a: '0', b: '1', c: '0', d: '1' })).toBeCloseTo(-0.5, 12);
  });
});

describe('folder baseline', () => {
  const modules = ['src/orders/api/a.ts', 'src/orders/db/b.ts', 'src/payments/c.ts', 'main.ts'];

  it('labels each module by its first folders', () => {
    expect(folderPartition(modules, 2)).toEqual({ 'src/orders/api/a.ts': 'src/orders', 'src/orders/db/b.ts': 'src/orders', 'src/payments/c.ts': 'src/payments', 'main.ts': '.' });
  });

  it('picks the depth that agrees best with the reference', () => {
    const truth = { 'src/orders/api/a.ts': 'orders', 'src/orders/db/b.ts': 'orders', 'src/payments/c.ts': 'payments', 'main.ts': 'shared' };
    const best = bestFolderDepth(modules, truth);
    expect(best.depth).toBe(2);
    expect(best.mojoFm).toBe(100);
  });
});

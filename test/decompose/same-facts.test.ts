/**
 * The coupling edges and the module dependencies of a re-analysis whose facts differ from the
 * last ones only in layout (lines moved, a file's size and hash) are the last ones, reused; any
 * other difference builds them again, and what is reused equals what a build gives.
 */
import { describe, expect, it } from 'vitest';
import { couplingEdges, moduleDependencies } from '../../src/decompose/index.js';
import { serviceScope } from '../../src/decompose/service-scope.js';
import { sameIgnoringPositions } from '../../src/decompose/same-facts.js';
import type { Facts } from '../../src/shared/facts.js';
import { featureMonolith } from './facts-builder.js';

const base = (): Facts => featureMonolith(['orders', 'billing', 'users'], [['orders', 'billing']]);
/** A copy that shares no object with the original (as a new run's facts do). */
const copy = (f: Facts): Facts => JSON.parse(JSON.stringify(f)) as Facts;
const moved = (f: Facts): Facts => {
  const c = copy(f);
  for (const x of [...c.imports, ...c.routes, ...c.dataAccess]) x.line += 3;
  c.modules[0]!.lines += 3;
  c.modules[0]!.bytes += 40;
  c.modules[0]!.hash = 'ffffffffffffffff';
  return c;
};
const edgesOf = (f: Facts): string => JSON.stringify(couplingEdges(f).edges);

describe('sameIgnoringPositions', () => {
  it('ignores line, lines, bytes and hash, and nothing else', () => {
    expect(sameIgnoringPositions({ a: 1, line: 2, n: [{ hash: 'x', lines: 1 }] }, { a: 1, line: 9, n: [{ hash: 'y', lines: 5 }] })).toBe(true);
    expect(sameIgnoringPositions({ a: 1, names: ['x'] }, { a: 1, names: ['y'] })).toBe(false);
    expect(sameIgnoringPositions({ a: 1 }, { a: 1, extra: undefined })).toBe(false);
    expect(sameIgnoringPositions([1, 2], [2, 1])).toBe(false);
  });
});

describe('coupling edges of facts that differ only in layout', () => {
  it('are the last ones, reused', () => {
    const f = base();
    const first = couplingEdges(f);
    expect(couplingEdges(moved(f))).toBe(first);
    expect(moduleDependencies(moved(f))).toBe(moduleDependencies(f));
  });

  it('are built again on any other difference, and the reused ones equal a build', () => {
    const f = base();
    const expected = edgesOf(f);
    couplingEdges(f);
    // a difference in each input the graph reads
    const changes: ((c: Facts) => void)[] = [
      (c) => (c.imports[0]!.kind = c.imports[0]!.kind === 'runtime' ? 'type-only' : 'runtime'),
      (c) => (c.symbols[0]!.usage = { call: 7 }),
      (c) => (c.dataAccess[0]!.access = c.dataAccess[0]!.access === 'read' ? 'write' : 'read'),
      (c) => (c.routes[0]!.path = '/api/elsewhere'),
      (c) => c.coChange.push({ a: c.modules[0]!.path, b: c.modules[1]!.path, degree: 80, shared: 4, commitsA: 5, commitsB: 5 }),
      (c) => (c.units = [{ id: 'unit', name: 'Unit', module: c.modules[0]!.path, members: [c.modules[1]!.path] }] as unknown as Facts['units']),
    ];
    for (const change of changes) {
      const c = copy(f);
      change(c);
      const reused = couplingEdges(f);
      expect(couplingEdges(c)).not.toBe(reused);
    }
    // after other facts, the original's edges come back the same as first built
    couplingEdges(moved(f));
    expect(edgesOf(moved(f))).toBe(expected);
  });

  it('are built again with other weights', () => {
    const f = base();
    const first = couplingEdges(f);
    expect(couplingEdges(moved(f), { featureFolder: 0 })).not.toBe(first);
  });
});

describe('the service scope of facts that differ only in layout', () => {
  const scopeOf = (f: Facts, apps?: Parameters<typeof serviceScope>[1]) => {
    const s = serviceScope(f, apps);
    return { modules: [...s.modules].sort(), left: s.left };
  };

  it('is the last one, and follows any other change', () => {
    const f = base();
    const first = scopeOf(f);
    expect(scopeOf(moved(f))).toEqual(first);
    // the same facts with the orders feature configured as a frontend: its modules leave the cut
    const apps = [{ name: 'web', kind: 'frontend' as const, root: 'src/orders' }];
    const asFrontend = scopeOf(moved(f), apps);
    expect(asFrontend.modules.some((m) => m.startsWith('src/orders/'))).toBe(false);
    expect(asFrontend.left.some((l) => l.module.startsWith('src/orders/'))).toBe(true);
    // a route dropped: what the route made backend evidence may change; the result is a fresh one's
    const c = copy(f);
    c.routes = [];
    const fresh = scopeOf(c);
    scopeOf(f);
    expect(scopeOf(copy(c))).toEqual(fresh);
  });

  it('hands out a copy: changing what one caller got changes nothing for the next', () => {
    const f = base();
    const s = serviceScope(f);
    s.modules.clear();
    s.left.push({ module: 'x', reason: 'y' });
    expect(serviceScope(moved(f)).modules.size).toBeGreaterThan(0);
    expect(serviceScope(moved(f)).left.some((l) => l.module === 'x')).toBe(false);
  });
});

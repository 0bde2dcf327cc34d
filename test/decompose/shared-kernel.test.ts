import { describe, expect, it } from 'vitest';
import { buildGraph, detectSharedKernel } from '../../src/decompose/index.js';
import type { Facts } from '../../src/shared/facts.js';
import { access, featureMonolith, imp, makeFacts, sym } from './facts-builder.js';

const FEATURES = ['orders', 'payments', 'catalog'];
const kernelOf = (facts: Facts, overrides: Parameters<typeof detectSharedKernel>[2] = []) => detectSharedKernel(facts, buildGraph(facts), overrides);

/** Adds a module imported by every feature's service (run time, one call each). */
function withModuleUsedByAll(facts: Facts, path: string, extra: Partial<Facts> = {}): Facts {
  const services = FEATURES.map((f) => `src/${f}/${f}.service.ts`);
  return {
    ...facts,
    modules: [...facts.modules, { path, lines: 10, bytes: 300, language: 'ts' as const, hash: '0000000000000000' }].sort((a, b) => (a.path < b.path ? -1 : 1)),
    imports: [...facts.imports, ...services.map((s) => imp(s, path))],
    symbols: [...facts.symbols, ...services.map((s) => sym(s, path, 'used', { call: 1 }))],
    ...extra,
  };
}

describe('detectSharedKernel', () => {
  const facts = featureMonolith(FEATURES);

  it('sets aside the logger every feature imports, the config it needs, and main.ts, each with its reason', () => {
    expect(kernelOf(facts)).toEqual([
      { module: 'src/lib/config.ts', reason: 'in a shared-code folder (src/lib); no routes or tables' },
      { module: 'src/lib/logger.ts', reason: 'imported from 3 of 4 module groups; no routes or tables; generic name (logger)' },
      { module: 'src/main.ts', reason: 'composition root: wires 3 module groups; no routes or tables of its own; named like one (main)' },
    ]);
  });

  it('keeps a widely used module that owns a table: that is a capability, not infrastructure', () => {
    const users = withModuleUsedByAll(facts, 'src/utils/users.ts');
    const withTable = { ...users, dataAccess: [...users.dataAccess, access('src/utils/users.ts', 'users', 'write')] };
    expect(kernelOf(users).map((k) => k.module)).toContain('src/utils/users.ts');
    expect(kernelOf(withTable).map((k) => k.module)).not.toContain('src/utils/users.ts');
  });

  it('keeps a widely used module whose name is a capability, however many import it', () => {
    const guard = withModuleUsedByAll(facts, 'src/auth/jwt-auth.guard.ts');
    expect(kernelOf(guard).map((k) => k.module)).not.toContain('src/auth/jwt-auth.guard.ts');
  });

  it('keeps a generic helper only one feature uses in that feature', () => {
    const helper = 'src/orders/date-utils.ts';
    const one = {
      ...facts,
      modules: [...facts.modules, { path: helper, lines: 5, bytes: 100, language: 'ts' as const, hash: '0000000000000000' }],
      imports: [...facts.imports, imp('src/orders/orders.service.ts', helper)],
      symbols: [...facts.symbols, sym('src/orders/orders.service.ts', helper, 'formatDate', { call: 2 })],
    };
    expect(kernelOf(one).map((k) => k.module)).not.toContain(helper);
  });

  it('rejects a library candidate that needs a capability\'s code at run time', () => {
    const util = withModuleUsedByAll(facts, 'src/common/pricing-utils.ts');
    const needsOrders = {
      ...util,
      imports: [...util.imports, imp('src/common/pricing-utils.ts', 'src/orders/orders.repository.ts')],
      symbols: [...util.symbols, sym('src/common/pricing-utils.ts', 'src/orders/orders.repository.ts', 'ordersRepository', { call: 1 })],
    };
    expect(kernelOf(needsOrders).map((k) => k.module)).not.toContain('src/common/pricing-utils.ts');
  });

  it('takes a barrel that re-exports several features as wiring', () => {
    const barrel = 'src/index.ts';
    const withBarrel = {
      ...facts,
      modules: [...facts.modules, { path: barrel, lines: 3, bytes: 90, language: 'ts' as const, hash: '0000000000000000' }],
      imports: [...facts.imports, ...FEATURES.map((f) => imp(barrel, `src/${f}/${f}.service.ts`, 're-export', ['*']))],
    };
    expect(kernelOf(withBarrel).find((k) => k.module === barrel)).toEqual({
      module: barrel,
      reason: 'barrel re-exporting 3 module groups; each service gets its own entry point',
    });
  });

  it('sets aside a module coupled to nothing', () => {
    const lonely = makeFacts(['src/a/a.service.ts', 'src/b/b.service.ts', 'types/global.d.ts'], {
      imports: [imp('src/a/a.service.ts', 'src/b/b.service.ts')],
      dataAccess: [access('src/a/a.service.ts', 'a', 'write'), access('src/b/b.service.ts', 'b', 'write')],
    });
    expect(kernelOf(lonely)).toEqual([{ module: 'types/global.d.ts', reason: 'no coupling to any other module: it belongs to no service' }]);
  });

  it('lets the user keep a module out of the kernel, or force one in', () => {
    const kernel = kernelOf(facts, [
      { module: 'src/lib/logger.ts', shared: false },
      { module: 'src/orders/orders.dto.ts', shared: true },
    ]);
    expect(kernel.map((k) => k.module)).not.toContain('src/lib/logger.ts');
    expect(kernel.find((k) => k.module === 'src/orders/orders.dto.ts')).toEqual({ module: 'src/orders/orders.dto.ts', reason: 'set aside by the user', byUser: true });
  });
});

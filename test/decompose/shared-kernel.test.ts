import { describe, expect, it } from 'vitest';
import { buildGraph, detectSharedKernel } from '../../src/decompose/index.js';
import { crossCuttingFolder } from '../../src/decompose/vocabulary.js';
import type { Facts } from '../../src/shared/facts.js';
import { access, featureMonolith, imp, makeFacts, route, sym } from './facts-builder.js';

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

  it('sets aside a root that imports no service code (it loads its routes at run time) and the entry point that starts it', () => {
    // Fastify autoload: src/app.ts registers folders by path, so no feature is imported; server.ts starts app.ts
    const autoloaded = makeFacts(['src/app.ts', 'src/server.ts', ...FEATURES.flatMap((f) => [`src/routes/${f}.ts`, `src/${f}/${f}.repository.ts`])], {
      imports: [imp('src/server.ts', 'src/app.ts'), ...FEATURES.map((f) => imp(`src/routes/${f}.ts`, `src/${f}/${f}.repository.ts`))],
      routes: FEATURES.map((f) => route('GET', `/api/${f}`, `src/routes/${f}.ts`)),
      dataAccess: FEATURES.map((f) => access(`src/${f}/${f}.repository.ts`, f, 'write')),
    });
    expect(kernelOf(autoloaded)).toEqual([
      { module: 'src/app.ts', reason: "composition root: imports no service's code (what it wires, it loads at run time); no routes or tables of its own; named like one (app)" },
      { module: 'src/server.ts', reason: 'coupled only to shared-kernel modules' },
    ]);
    // a root that imports one feature's code is that feature's entry, not wiring
    const wired = { ...autoloaded, imports: [...autoloaded.imports, imp('src/app.ts', 'src/routes/orders.ts')] };
    expect(kernelOf(wired).map((k) => k.module)).not.toContain('src/app.ts');
    // an index that imports nothing is a folder's entry (a leaf), not a root, even when only roots import it
    const leaf = makeFacts(['src/app.ts', 'src/billing/index.ts', 'src/orders/index.ts'], {
      imports: [imp('src/app.ts', 'src/orders/index.ts'), imp('src/app.ts', 'src/billing/index.ts'), imp('src/orders/index.ts', 'src/billing/index.ts')],
    });
    expect(kernelOf(leaf).map((k) => k.module)).not.toContain('src/billing/index.ts');
  });

  it("sets aside the guards and types in cross-cutting folders beside the app's entry point, not those in a feature's folder", () => {
    const paths = ['src/guards/api-key.guard.ts', 'src/types/paging.ts', 'src/orders/guards/order-owner.guard.ts', 'src/guards/orders-quota.guard.ts'];
    let withGuards = facts;
    for (const p of paths) {
      withGuards = {
        ...withGuards,
        modules: [...withGuards.modules, { path: p, lines: 10, bytes: 300, language: 'ts' as const, hash: '0000000000000000' }].sort((a, b) => (a.path < b.path ? -1 : 1)),
        imports: [...withGuards.imports, imp('src/orders/orders.controller.ts', p)],
        symbols: [...withGuards.symbols, sym('src/orders/orders.controller.ts', p, 'x', { call: 1 })],
      };
    }
    // the quota guard needs the orders service at run time: it is the orders capability's code
    withGuards = { ...withGuards, imports: [...withGuards.imports, imp('src/guards/orders-quota.guard.ts', 'src/orders/orders.service.ts')] };
    const kernel = kernelOf(withGuards);
    expect(kernel.find((k) => k.module === 'src/guards/api-key.guard.ts')).toEqual({
      module: 'src/guards/api-key.guard.ts',
      reason: "in the app's cross-cutting folder src/guards, outside every feature's folder; no routes or tables",
    });
    expect(kernel.map((k) => k.module)).toContain('src/types/paging.ts');
    expect(kernel.map((k) => k.module)).not.toContain('src/orders/guards/order-owner.guard.ts');
    // layer folders may come between the source root and the cross-cutting folder
    expect(crossCuttingFolder('src/routes/middlewares/auth.ts', new Set(['src']))).toBe('src/routes/middlewares');
    expect(crossCuttingFolder('src/orders/middlewares/auth.ts', new Set(['src']))).toBeUndefined();
    expect(kernel.map((k) => k.module)).not.toContain('src/guards/orders-quota.guard.ts');
    // without an entry point beside it, src/ is no app's source root
    const noEntry = { ...withGuards, modules: withGuards.modules.filter((m) => m.path !== 'src/main.ts'), imports: withGuards.imports.filter((e) => e.from !== 'src/main.ts'), symbols: withGuards.symbols.filter((e) => e.from !== 'src/main.ts') };
    expect(kernelOf(noEntry).map((k) => k.module)).not.toContain('src/guards/api-key.guard.ts');
  });

  it('takes a GraphQL schema module that gathers every feature\'s resolvers as wiring', () => {
    const schema = 'src/gql-schema.ts';
    const withSchema = {
      ...facts,
      modules: [...facts.modules, { path: schema, lines: 30, bytes: 900, language: 'ts' as const, hash: '0000000000000000' }].sort((a, b) => (a.path < b.path ? -1 : 1)),
      imports: [...facts.imports, imp('src/main.ts', schema), ...FEATURES.map((f) => imp(schema, `src/${f}/${f}.controller.ts`))],
      symbols: [...facts.symbols, ...FEATURES.map((f) => sym(schema, `src/${f}/${f}.controller.ts`, `${f}Resolver`, { read: 1 }))],
    };
    expect(kernelOf(withSchema).find((k) => k.module === schema)?.reason).toBe('composition module: wires 3 module groups; no routes or tables of its own; named like one (gql-schema)');
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

/**
 * `seam plan accept`: module globs that name exactly each service's modules, the current
 * interface as API, owners, budgets; a stable, schema-valid file; the cut from a fresh analysis,
 * an analyze document, a workspace scenario or a cut of globs.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimModules } from '../../src/check/claims.js';
import { compressGlobs } from '../../src/check/globs.js';
import { parsePlan, serializePlan } from '../../src/check/plan-file.js';
import type { AcceptedPlan } from '../../src/shared/accepted-plan.js';
import type { Facts } from '../../src/shared/facts.js';
import { runSeam } from '../support/run-seam.js';
import { PLANTED, plantedCopy } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'seam-accept-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const validatePlan = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync('schema/seam-plan.schema.json', 'utf8')) as object);

function plan(services: Record<string, string[]>, extra: Partial<AcceptedPlan> = {}): AcceptedPlan {
  return {
    $schema: '',
    version: 1,
    about: '',
    analysis: { include: [], exclude: [], tests: false },
    services: Object.fromEntries(Object.entries(services).map(([n, modules]) => [n, { modules, api: [], dependsOn: [] }])),
    kernel: [],
    unassigned: [],
    tables: {},
    budgets: { about: '', maxIcp: 1, maxCrossServiceRuntimeEdges: 0, minTableWriteExclusivity: 0 },
    rules: {},
    ...extra,
  };
}

describe('module globs', () => {
  const all = ['src/orders/a.ts', 'src/orders/b.ts', 'src/orders/deep/c.ts', 'src/mixed/x.ts', 'src/mixed/y.ts', 'src/app/[id]/page.ts', 'main.ts'];

  it('names a folder whose modules all belong to the service, and explicit paths in mixed folders', () => {
    expect(compressGlobs(['src/orders/a.ts', 'src/orders/b.ts', 'src/orders/deep/c.ts', 'src/mixed/x.ts'], all)).toEqual(['src/mixed/x.ts', 'src/orders/**']);
    expect(compressGlobs(['src/orders/deep/c.ts', 'src/orders/a.ts'], all)).toEqual(['src/orders/a.ts', 'src/orders/deep/**']);
    expect(compressGlobs(all, all)).toEqual(['main.ts', 'src/**']);
  });

  it('escapes glob characters in paths, and lists paths only when folders are not allowed', () => {
    expect(compressGlobs(['src/app/[id]/page.ts'], [...all, 'src/app/other.ts'])).toEqual(['src/app/\\[id\\]/**']);
    expect(compressGlobs(['src/orders/a.ts', 'src/orders/b.ts', 'src/orders/deep/c.ts'], all, { foldersAllowed: false })).toEqual(['src/orders/a.ts', 'src/orders/b.ts', 'src/orders/deep/c.ts']);
  });

  it('gives a module to the most specific glob: an explicit path over a folder, a deeper folder over a shallower one', () => {
    const claims = claimModules(plan({ orders: ['src/orders/**'], billing: ['src/orders/invoice.ts', 'src/orders/legacy/**'] }), ['src/orders/a.ts', 'src/orders/invoice.ts', 'src/orders/legacy/old.ts']);
    expect([...claims.owner].map(([m, o]) => [m, o.kind === 'service' ? o.service : o.kind])).toEqual([
      ['src/orders/a.ts', 'orders'],
      ['src/orders/invoice.ts', 'billing'],
      ['src/orders/legacy/old.ts', 'billing'],
    ]);
  });

  it('re-matches a module that moved inside its service folder, and flags one that moved out of every glob', () => {
    const p = plan({ orders: ['src/orders/**'] }, { kernel: ['src/shared/**'] });
    const claims = claimModules(p, ['src/orders/sub/moved.ts', 'src/shared/log.ts', 'src/moved-out.ts']);
    expect(claims.serviceOf('src/orders/sub/moved.ts')).toBe('orders');
    expect(claims.owner.get('src/shared/log.ts')).toEqual({ kind: 'kernel' });
    expect(claims.unclaimed).toEqual(['src/moved-out.ts']);
  });

  it('reports a module two owners claim equally as ambiguous', () => {
    const claims = claimModules(plan({ orders: ['src/x/**'], billing: ['src/x/**'] }), ['src/x/a.ts']);
    expect(claims.ambiguous).toEqual([{ module: 'src/x/a.ts', owners: ['billing', 'orders'] }]);
    expect(claims.owner.size).toBe(0);
  });
});

describe('seam plan accept on the shop fixture (fresh analysis, proposed cut)', () => {
  const out = join(tmp, 'shop.plan.json');
  let text: string;
  let accepted: AcceptedPlan;
  let facts: Facts;
  beforeAll(() => {
    const r = runSeam(['plan', 'accept', 'fixtures/monoliths/shop', '--no-history', '--workers', '0', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^seam plan accept: wrote .*shop\.plan\.json \(\d+ services: .+; \d+ owned tables\)\. Commit it, then run 'seam check' in CI\.\n$/);
    text = readFileSync(out, 'utf8');
    accepted = parsePlan(text, out);
    const a = runSeam(['analyze', 'fixtures/monoliths/shop', '--no-history', '--no-propose', '--workers', '0', '-f', 'json']);
    facts = JSON.parse(a.stdout) as Facts;
  });

  it('writes the canonical form (sorted keys, one item per line), valid against schema/seam-plan.schema.json', () => {
    expect(serializePlan(accepted)).toBe(text);
    expect(validatePlan(JSON.parse(text))).toBe(true);
    expect(text).toContain('\n  "$schema": "https://seam.dev/schema/seam-plan.schema.json",\n');
    expect(text.endsWith('  "version": 1\n}\n')).toBe(true);
  });

  it('writes the same bytes again (and refuses to overwrite without --force)', () => {
    const again = runSeam(['plan', 'accept', 'fixtures/monoliths/shop', '--no-history', '--workers', '0', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists; pass --force to replace it');
    expect(runSeam(['plan', 'accept', 'fixtures/monoliths/shop', '--no-history', '--workers', '0', '--out', out, '--force']).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(text);
  });

  it('claims every module exactly once', () => {
    const claims = claimModules(accepted, facts.modules.map((m) => m.path));
    expect(claims.unclaimed).toEqual([]);
    expect(claims.ambiguous).toEqual([]);
  });

  it('takes as API exactly the modules other services import at run time today, and those services as dependsOn', () => {
    const claims = claimModules(accepted, facts.modules.map((m) => m.path));
    const api = new Map<string, Set<string>>();
    const deps = new Map<string, Set<string>>();
    for (const e of facts.imports) {
      const a = claims.serviceOf(e.from);
      const b = claims.serviceOf(e.to);
      if (!a || !b || a === b || e.kind === 'type-only') continue;
      (api.get(b) ?? api.set(b, new Set()).get(b)!).add(e.to);
      (deps.get(a) ?? deps.set(a, new Set()).get(a)!).add(b);
    }
    for (const [name, s] of Object.entries(accepted.services)) {
      expect([name, s.api]).toEqual([name, [...(api.get(name) ?? [])].sort()]);
      expect([name, s.dependsOn]).toEqual([name, [...(deps.get(name) ?? [])].sort()]);
    }
    expect(Object.keys(accepted.tables).length).toBeGreaterThan(5);
  });

  it('passes its own check at once, apart from foreign table writes and type imports', () => {
    const r = runSeam(['check', 'fixtures/monoliths/shop', '--plan', out, '--workers', '0', '-f', 'json']);
    const doc = JSON.parse(r.stdout) as { findings: { rule: string }[]; budgets: { ok: boolean }[] };
    expect([...new Set(doc.findings.map((f) => f.rule))].filter((rule) => !['foreign-table-write', 'type-import-bypasses-api', 'kernel-imports-service'].includes(rule))).toEqual([]);
    expect(doc.budgets.map((b) => b.ok)).toEqual([true, true, true]);
  });
});

describe('seam plan accept from other sources', () => {
  it('accepts a cut of globs (--cut), recording the analysis options for seam check', () => {
    const cut = join(tmp, 'cut.json');
    const out = join(tmp, 'cut.plan.json');
    writeFileSync(cut, JSON.stringify({ services: { orders: ['src/orders/**'], billing: ['src/billing/**'], catalog: ['src/catalog/**'] }, kernel: ['src/shared/**'] }));
    const r = runSeam(['plan', 'accept', PLANTED, '--cut', cut, '--exclude', 'src/reports/**', '--workers', '0', '--out', out]);
    expect(r.code).toBe(0);
    const p = parsePlan(readFileSync(out, 'utf8'), out);
    expect(p.analysis).toEqual({ include: [], exclude: ['src/reports/**'], tests: false });
    expect(p.services).toEqual({
      billing: { modules: ['src/billing/**'], api: ['src/billing/invoice-repository.ts'], dependsOn: ['orders'] },
      catalog: { modules: ['src/catalog/**'], api: ['src/catalog/api.ts'], dependsOn: [] },
      orders: { modules: ['src/orders/**'], api: ['src/orders/api.ts'], dependsOn: ['billing', 'catalog'] },
    });
    expect([p.kernel, p.unassigned, p.tables]).toEqual([['src/shared/**'], ['src/server.ts'], { invoices: 'billing', orders: 'orders', products: 'catalog' }]);
    expect(p.budgets).toMatchObject({ maxIcp: 0.29, maxCrossServiceRuntimeEdges: 4, minTableWriteExclusivity: 0.63 });
    // accepted as it is, no import breaks it; left: the write to another service's table (a known
    // conflict, to baseline) and a type taken from a module that is not billing's API (a warning)
    const c = runSeam(['check', PLANTED, '--plan', out, '--workers', '0', '-f', 'json']);
    expect(c.code).toBe(1);
    const doc = JSON.parse(c.stdout) as { findings: { rule: string; level: string; from: string }[] };
    expect(doc.findings.map((f) => [f.rule, f.level, f.from])).toEqual([
      ['foreign-table-write', 'error', 'src/billing/payment-service.ts'],
      ['type-import-bypasses-api', 'warning', 'src/orders/order-service.ts'],
    ]);
  });

  it('accepts the active scenario of a workspace, and seam check then reuses the workspace per-file results', () => {
    const dir = plantedCopy();
    const ws = join(tmp, 'ws.db');
    expect(runSeam(['analyze', dir, '--workspace', ws, '--no-history', '--workers', '0', '-f', 'json', '--out', join(tmp, 'ws-analyze.json')]).code).toBe(0);
    const out = join(tmp, 'ws.plan.json');
    const r = runSeam(['plan', 'accept', '--workspace', ws, '--out', out]);
    expect(r.code).toBe(0);
    const p = parsePlan(readFileSync(out, 'utf8'), out);
    const doc = JSON.parse(readFileSync(join(tmp, 'ws-analyze.json'), 'utf8')) as { decomposition: { services: { modules: string[] }[]; shared: { module: string }[] } };
    const claims = claimModules(p, (JSON.parse(readFileSync(join(tmp, 'ws-analyze.json'), 'utf8')) as Facts).modules.map((m) => m.path));
    for (const s of doc.decomposition.services) expect(new Set(s.modules.map((m) => claims.serviceOf(m))).size).toBe(1);
    // set-aside modules are kernel, except wiring that imports a service (app.ts): that stays unassigned
    const facts = JSON.parse(readFileSync(join(tmp, 'ws-analyze.json'), 'utf8')) as Facts;
    const inService = new Set(doc.decomposition.services.flatMap((s) => s.modules));
    const wiring = (m: string) => facts.imports.some((e) => e.from === m && inService.has(e.to));
    expect(doc.decomposition.shared.map((k) => claims.owner.get(k.module)?.kind)).toEqual(doc.decomposition.shared.map((k) => (wiring(k.module) ? 'unassigned' : 'kernel')));
    expect(doc.decomposition.shared.some((k) => wiring(k.module))).toBe(true);

    const check = runSeam(['check', dir, '--plan', out, '--workspace', ws, '--workers', '0', '-f', 'json']);
    expect(check.stderr).toMatch(/^seam check: reused 13 of 13 files from \S*ws\.db, parsed 0\n/);
    const fresh = runSeam(['check', dir, '--plan', out, '--workers', '0', '-f', 'json']);
    expect(check.stdout).toBe(fresh.stdout);
  });

  it('accepts the decomposition of an analyze document (--from)', () => {
    const docFile = join(tmp, 'analyze.json');
    expect(runSeam(['analyze', PLANTED, '--no-history', '--workers', '0', '-f', 'json', '--out', docFile]).code).toBe(0);
    const fromDoc = runSeam(['plan', 'accept', '--from', docFile]);
    expect(fromDoc.code).toBe(0);
    const fresh = runSeam(['plan', 'accept', PLANTED, '--no-history', '--workers', '0']);
    expect(fromDoc.stdout).toBe(fresh.stdout);
    const bad = runSeam(['plan', 'accept', '--from', join(tmp, 'shop.plan.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("is not an analyze document; write one with 'seam analyze <dir> --format json");
  });

  it('keeps the fixture plan where the files are, whatever folder they sit in', () => {
    // moving the whole repository changes nothing: paths are repo-relative
    const dir = plantedCopy();
    const moved = join(tmp, 'elsewhere', 'shop');
    mkdirSync(join(tmp, 'elsewhere'), { recursive: true });
    renameSync(dir, moved);
    expect(existsSync(join(moved, 'seam.plan.json'))).toBe(true);
    const a = runSeam(['check', '.', '--workers', '0', '-f', 'json'], { cwd: moved });
    const b = runSeam(['check', '.', '--workers', '0', '-f', 'json'], { cwd: PLANTED });
    expect(JSON.parse(a.stdout).findings).toEqual(JSON.parse(b.stdout).findings);
  });
});

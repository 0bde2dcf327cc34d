import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Facts } from '../../src/shared/facts.js';
import { SEAM_VERSION } from '../../src/shared/version.js';
import { runSeam } from '../support/run-seam.js';

const tmp = mkdtempSync(join(tmpdir(), 'seam-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('seam analyze', () => {
  it('exits 2 and names the path when the folder does not exist', () => {
    const r = runSeam(['analyze', join(tmp, 'nope'), '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(tmp, 'nope'));
    expect(r.stderr).toContain('does not exist');
  });

  it('exits 2 when given a file instead of a folder, and says what to pass', () => {
    const file = join(tmp, 'a.ts');
    writeFileSync(file, 'export const a = 1;\n');
    const r = runSeam(['analyze', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a file, not a folder; pass the repository's root folder/);
  });

  it('exits 2 on an unknown flag or format', () => {
    expect(runSeam(['analyze', '.', '--frobnicate']).code).toBe(2);
    const r = runSeam(['analyze', '.', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be one of text, json');
  });

  it('writes byte-identical JSON on two runs, in-process and on worker threads alike', () => {
    const a = runSeam(['analyze', 'fixtures/monoliths/shop', '--format', 'json', '--no-history', '--workers', '0']);
    const b = runSeam(['analyze', 'fixtures/monoliths/shop', '--format', 'json', '--no-history', '--workers', '0']);
    const c = runSeam(['analyze', 'fixtures/monoliths/shop', '--format', 'json', '--no-history', '--workers', '2']);
    expect(a.code).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(1000);
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).toBe(a.stdout);
    const facts = JSON.parse(a.stdout) as Facts;
    expect(facts.schemaVersion).toBe(1);
    expect(facts.tool).toEqual({ name: 'seam', version: SEAM_VERSION });
    expect(facts.root).toBe('shop');
  });

  it('writes the document atomically with --out and prints a one-line summary', () => {
    const out = join(tmp, 'out', 'facts.json');
    const r = runSeam(['analyze', 'fixtures/monoliths/modular', '--out', out, '--no-history']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/wrote .*facts\.json \(\d+ modules, \d+ routes, \d+ diagnostics\)/);
    const facts = JSON.parse(readFileSync(out, 'utf8')) as Facts;
    expect(facts.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['@acme/shared', '@acme/billing', '@acme/accounts', '@acme/api']));
    expect(readdirSync(join(tmp, 'out'))).toEqual(['facts.json']);
  });

  it('prints a readable summary in text format', () => {
    const r = runSeam(['analyze', 'fixtures/monoliths/shop', '--format', 'text', '--no-history']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Seam \d+\.\d+\.\d+ — shop/);
    for (const heading of ['Modules', 'Imports', 'Routes (', 'Tables (', 'Shared state (', 'Diagnostics']) expect(r.stdout).toContain(heading);
  });
});

describe('seam analyze on hostile input (fixtures/monoliths/broken)', () => {
  const markerDir = join(tmpdir(), 'seam-broken-fixture');
  const fixture = 'fixtures/monoliths/broken';
  const markers = (): string[] => [
    ...(existsSync(markerDir) ? readdirSync(markerDir).filter((f) => f.endsWith('.marker')) : []),
    ...readdirSync(fixture).filter((f) => f.endsWith('.marker')),
  ];

  it('analyzes what it can, reports every hazard, exits 0 and executes nothing', () => {
    rmSync(markerDir, { recursive: true, force: true });
    const started = Date.now();
    const r = runSeam(['analyze', fixture, '--format', 'json']);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.code).toBe(0);
    const facts = JSON.parse(r.stdout) as Facts;
    const codes = (code: string) => facts.diagnostics.filter((d) => d.code === code).map((d) => d.file ?? '');
    expect(codes('no-tsconfig')).toEqual(['']);
    expect(codes('parse-error').length).toBeGreaterThan(0);
    expect(facts.diagnostics.find((d) => d.code === 'parse-error')).toMatchObject({ file: 'src/orders/broken-syntax.ts', severity: 'error' });
    expect(facts.diagnostics.find((d) => d.code === 'parse-error')?.line).toBeGreaterThan(1);
    expect(codes('invalid-utf8')).toEqual(['src/legacy/latin1.ts']);
    expect(codes('skipped-large-file')).toEqual(['src/generated/huge-table.ts']);
    expect(codes('skipped-binary')).toEqual(['src/assets/logo.ts']);
    expect(codes('unresolved-import').length).toBeGreaterThan(0);
    expect([...codes('symlinked-dir'), ...codes('broken-symlink')].sort()).toEqual(['src/loop', 'src/self']);
    // partial facts from the file with syntax errors: its imports still count
    expect(facts.imports.some((e) => e.from === 'src/orders/broken-syntax.ts')).toBe(true);
    expect(facts.modules.find((m) => m.path === 'src/orders/broken-syntax.ts')?.partial).toBe(true);
    expect(markers()).toEqual([]);
  });
});

describe('seam analyze proposes services', () => {
  it('adds the decomposition and metrics to the JSON document, and scores the shop against its truth', () => {
    const r = runSeam(['analyze', 'fixtures/monoliths/shop', '--format', 'json', '--no-history', '--truth', 'fixtures/monoliths/shop/seam.truth.json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Facts & { decomposition: { services: { name: string; modules: string[] }[]; shared: { module: string }[]; params: { seed: number } }; metrics: { reference: { mojoFm: number } | null } };
    expect(doc.decomposition.params.seed).toBe(42);
    const names = doc.decomposition.services.map((s) => s.name);
    expect(names.every((n) => !/cluster|^\d/.test(n))).toBe(true);
    const assigned = [...doc.decomposition.services.flatMap((s) => s.modules), ...doc.decomposition.shared.map((k) => k.module)].sort();
    expect(assigned).toEqual(doc.modules.map((m) => m.path).sort());
    const placement = doc.decomposition.services as unknown as { modules: string[]; placement: { module: string; evidence: string; reason: string }[] }[];
    for (const s of placement) expect(s.placement.map((p) => p.module)).toEqual(s.modules);
    expect(placement.flatMap((s) => s.placement).find((p) => p.module === 'src/services/order-service.ts')).toEqual({
      module: 'src/services/order-service.ts',
      evidence: 'coupling',
      reason: 'coupling: 11 of 22 links (59 % of their weight) stay in this service',
    });
    expect(doc.metrics.reference?.mojoFm).toBeGreaterThanOrEqual(85);
  });

  it('prints the services table and the metrics in text', () => {
    const r = runSeam(['analyze', 'fixtures/monoliths/shop', '--format', 'text', '--no-history', '--seed', '7']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Proposed services \(\d+; seed 7, resolution 1\)/);
    expect(r.stdout).toMatch(/SM [\d.]+ .*ICP [\d.]+ %.*IFN .*NED .*MQ /);
    expect(r.stdout).toContain('Shared kernel (');
    // the layered shop declares no units: coupling placed every module, counted per service
    const placed = r.stdout.slice(r.stdout.indexOf('What placed the modules (--format json gives the reason for each)\n'), r.stdout.indexOf('\nShared kernel ('));
    expect(placed.split('\n').slice(1).filter(Boolean).every((line) => /^ {2}[\w-]+ +\d+ coupling$/.test(line))).toBe(true);
    expect(placed.split('\n').slice(1).filter(Boolean)).toHaveLength(Number(/Proposed services \((\d+);/.exec(r.stdout)![1]));
  });

  it('refuses bad proposal options with exit 2 and what to do', () => {
    expect(runSeam(['analyze', 'fixtures/monoliths/shop', '--resolution', '0']).stderr).toContain('--resolution must be a number in (0, 100]');
    const weights = join(tmp, 'w.json');
    writeFileSync(weights, JSON.stringify({ tableGravity: 2 }));
    const r = runSeam(['analyze', 'fixtures/monoliths/shop', '--weights', weights]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown weight "tableGravity"');
  });
});

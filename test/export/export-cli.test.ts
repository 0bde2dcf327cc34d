import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MigrationPlan } from '../../src/shared/plan.js';
import { readTree } from '../support/read-tree.js';
import { runSeam } from '../support/run-seam.js';

const tmp = mkdtempSync(join(tmpdir(), 'seam-export-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const tree = readTree;

describe('seam export', () => {
  it('writes byte-identical artifacts on two runs', () => {
    const a = runSeam(['export', 'fixtures/monoliths/shop', '--out', join(tmp, 'a'), '--no-history', '--workers', '0']);
    const b = runSeam(['export', 'fixtures/monoliths/shop', '--out', join(tmp, 'b'), '--no-history', '--workers', '0']);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.stderr).toMatch(/^seam export: wrote \d+ files to .* \(skeletons, gateway, openapi, data, report, rules; 10 services, 10 waves, \d+ conflicts\)\n$/);
    const ta = tree(join(tmp, 'a'));
    expect(Object.keys(ta)).toEqual(expect.arrayContaining(['docker-compose.yml', 'report/report.html', 'rules/dependency-cruiser.json', 'openapi/orders.openapi.json', 'gateway/nginx/phase-1.conf', 'data/schema.sql', 'services/orders/src/server.ts']));
    expect(tree(join(tmp, 'b'))).toEqual(ta);
  });

  it('refuses a non-empty --out without --force (exit 2), and writes into it with --force', () => {
    const out = join(tmp, 'busy');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const refused = runSeam(['export', 'fixtures/monoliths/shop', '--out', out, '--kinds', 'report', '--no-history']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`seam export: --out ${out} is not empty; choose an empty or new folder, or pass --force`);
    expect(readdirSync(out)).toEqual(['notes.txt']);
    const forced = runSeam(['export', 'fixtures/monoliths/shop', '--out', out, '--kinds', 'report', '--no-history', '--force']);
    expect(forced.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['notes.txt', 'report']);
    expect(readdirSync(join(out, 'report')).sort()).toEqual(['report.html', 'report.json', 'report.md']);
  });

  it('exits 2 with a clear message on unusable flags', () => {
    const bad = (args: string[]) => runSeam(['export', 'fixtures/monoliths/shop', ...args]);
    expect(bad([])).toMatchObject({ code: 2, stderr: expect.stringContaining('--out <folder> is required') });
    expect(bad(['--out', join(tmp, 'x'), '--kinds', 'report,pdf'])).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown kind 'pdf'; use a comma-separated list of skeletons, gateway, openapi, data, report, rules") });
    expect(bad(['--out', join(tmp, 'x'), '--scenario', 'proposal'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--scenario needs --workspace') });
    expect(existsSync(join(tmp, 'x'))).toBe(false);
  });

  it('exports a scenario of a workspace', () => {
    const repo = join(tmp, 'shop');
    cpSync('fixtures/monoliths/shop', repo, { recursive: true });
    const ws = join(tmp, 'ws.db');
    expect(runSeam(['analyze', repo, '--workspace', ws, '--no-history', '--format', 'json']).code).toBe(0);
    const r = runSeam(['export', '--workspace', ws, '--scenario', 'proposal', '--out', join(tmp, 'from-ws'), '--kinds', 'report,openapi']);
    expect(r.code).toBe(0);
    const p = JSON.parse(readFileSync(join(tmp, 'from-ws/report/report.json'), 'utf8')) as MigrationPlan;
    expect(p.root).toBe('shop');
    expect(p.services).toHaveLength(10);
    // the source texts were read from the workspace's repository: DTO schemas are there
    expect(p.services.find((s) => s.name === 'orders')!.schemas).toHaveProperty('CheckoutRequest');
    const missing = runSeam(['export', '--workspace', ws, '--scenario', 'nope', '--out', join(tmp, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no scenario named 'nope'");
  });

  it('exports a repository with broken, hostile files and executes none of them', () => {
    const markerDir = join(tmpdir(), 'seam-broken-fixture');
    rmSync(markerDir, { recursive: true, force: true });
    const r = runSeam(['export', 'fixtures/monoliths/broken', '--out', join(tmp, 'broken'), '--no-history']);
    expect(r.code).toBe(0);
    expect(existsSync(join(tmp, 'broken/report/report.html'))).toBe(true);
    const markers = [...(existsSync(markerDir) ? readdirSync(markerDir) : []), ...readdirSync('fixtures/monoliths/broken')].filter((f) => f.endsWith('.marker'));
    expect(markers).toEqual([]);
  });
});

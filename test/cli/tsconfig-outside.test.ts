/**
 * Issue 14, point 9: a --tsconfig outside the analyzed folder (a monorepo's root config when one
 * package is analyzed) is read, and its `paths` resolve against its own folder. It used to be
 * dropped without a word, with the misleading 'no tsconfig.json found' warning, so every import
 * through an alias was lost.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTree } from '../../analyzers/testing.js';
import type { Facts } from '../../src/shared/facts.js';
import { runSeam } from '../support/run-seam.js';

const tmp = mkdtempSync(join(tmpdir(), 'seam-tsconfig-outside-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const mono = join(tmp, 'mono');
writeTree(mono, {
  'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'] }),
  'tsconfig.base.json': JSON.stringify({ compilerOptions: { strict: true, baseUrl: '.', paths: { '@api/*': ['packages/api/src/*'], '~orders': ['packages/api/src/orders/index.ts'] } } }),
  'packages/api/package.json': JSON.stringify({ name: '@mono/api' }),
  'packages/api/src/app.ts': "import { orders } from '~orders';\nimport { billing } from '@api/billing/index';\nexport const app = [orders, billing];\n",
  'packages/api/src/orders/index.ts': "import { billing } from '@api/billing/index';\nexport const orders = billing;\n",
  'packages/api/src/billing/index.ts': 'export const billing = 1;\n',
});
const api = join(mono, 'packages', 'api');

type Document = Facts & { config: { tsconfig?: string } };
const edges = (doc: Facts): string[] => doc.imports.map((e) => `${e.from} -> ${e.to}`);
const EXPECTED = ['src/app.ts -> src/billing/index.ts', 'src/app.ts -> src/orders/index.ts', 'src/orders/index.ts -> src/billing/index.ts'];

describe('a --tsconfig outside the analyzed folder', () => {
  it('is read, its paths resolved against its own folder, from the monorepo root or from the package', () => {
    for (const [cwd, args] of [
      [mono, ['analyze', 'packages/api', '--tsconfig', 'tsconfig.base.json']],
      [api, ['analyze', '.', '--tsconfig', '../../tsconfig.base.json']],
    ] as const) {
      const r = runSeam([...args, '--no-history', '--no-propose', '--format', 'json'], { cwd });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as Document;
      expect(doc.tsconfigs).toEqual(['../../tsconfig.base.json']);
      expect(doc.config.tsconfig).toBe('../../tsconfig.base.json');
      expect(edges(doc)).toEqual(EXPECTED);
      expect(doc.diagnostics.map((d) => d.code)).not.toContain('no-tsconfig');
      expect(doc.diagnostics.map((d) => d.code)).not.toContain('unresolved-import');
    }
  });

  it('is what a plan records, relative to the repository, and seam check reads it from anywhere', () => {
    const plan = join(api, 'seam.plan.json');
    expect(runSeam(['plan', 'accept', 'packages/api', '--tsconfig', 'tsconfig.base.json', '--out', plan, '--no-history'], { cwd: mono }).code).toBe(0);
    expect((JSON.parse(readFileSync(plan, 'utf8')) as { analysis: { tsconfig?: string } }).analysis.tsconfig).toBe('../../tsconfig.base.json');
    const fromRoot = runSeam(['check', 'packages/api', '-f', 'json'], { cwd: mono });
    const fromTmp = runSeam(['check', api, '-f', 'json'], { cwd: tmp });
    expect(fromRoot.stderr).toMatch(/^seam check: the plan holds \(3 modules, 1 service, plan /);
    expect(fromRoot.code).toBe(0);
    // a plan's tsconfig that could not be found would be exit 2 (test/cli/config.test.ts)
    const verdict = (r: { code: number; stdout: string }) => ({ code: r.code, ...(({ counts, findings }) => ({ counts, findings }))(JSON.parse(r.stdout) as { counts: unknown; findings: unknown }) });
    expect(verdict(fromTmp)).toEqual(verdict(fromRoot));
  });
});

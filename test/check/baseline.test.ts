/**
 * The baseline: known violations are reported but do not fail; a new one does; fingerprints
 * survive edits that move lines; `--update-baseline` rewrites the file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSeam } from '../support/run-seam.js';
import { plantedCopy } from './helpers.js';

interface Report {
  exitCode: number;
  counts: { newErrors: number; newWarnings: number; baselined: number; fixed: number };
  findings: { rule: string; from: string; to: string; line: number; baseline: boolean }[];
  fixed: { rule: string; from: string }[];
}

const check = (dir: string, ...args: string[]) => runSeam(['check', '.', '--workers', '0', ...args], { cwd: dir });
const report = (dir: string, ...args: string[]): { code: number; doc: Report } => {
  const r = check(dir, '-f', 'json', ...args);
  return { code: r.code, doc: JSON.parse(r.stdout) as Report };
};

describe('seam check with a baseline', () => {
  let dir: string;
  beforeAll(() => {
    dir = plantedCopy();
    // budgets are another test's concern: give them room so only the rules speak here
    const planFile = join(dir, 'seam.plan.json');
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as { budgets: Record<string, unknown> };
    plan.budgets = { maxIcp: 1, maxCrossServiceRuntimeEdges: 100, minTableWriteExclusivity: 0 };
    writeFileSync(planFile, JSON.stringify(plan, null, 2));
  });

  it('writes every current violation to seam.baseline.json beside the plan with --update-baseline, and exits 0', () => {
    const r = check(dir, '--update-baseline');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('seam check: wrote seam.baseline.json (5 known violations)\n');
    const baseline = JSON.parse(readFileSync(join(dir, 'seam.baseline.json'), 'utf8')) as { version: number; findings: { rule: string; from: string; to: string; symbols: string[] }[] };
    expect(baseline.version).toBe(1);
    expect(baseline.findings.map((f) => [f.rule, f.from, f.to, f.symbols])).toEqual([
      ['foreign-table-write', 'src/billing/payment-service.ts', 'orders', []],
      ['runtime-import-bypasses-api', 'src/orders/order-service.ts', 'src/billing/invoice-repository.ts', ['insertInvoice']],
      ['type-import-bypasses-api', 'src/orders/order-service.ts', 'src/billing/invoice.ts', ['Invoice']],
      ['unclaimed-module', 'src/reports/sales-report.ts', '', []],
      ['undeclared-dependency', 'src/billing/payment-service.ts', 'src/orders/api.ts', ['orderById']],
    ]);
  });

  it('still reports the known violations, marked as baseline, and exits 0', () => {
    const r = check(dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('known violations (in the baseline, not failing):');
    expect(r.stdout).toContain('src/orders/order-service.ts:2  error (baseline)  runtime-import-bypasses-api');
    expect(r.stdout).toContain('seam check: the plan holds; 5 known in the baseline (13 modules, 3 services, plan seam.plan.json)\n');
  });

  it('keeps recognising a known violation after lines above it move (fingerprints ignore line numbers)', () => {
    const file = join(dir, 'src/orders/order-service.ts');
    writeFileSync(file, `// a comment pushes every line down\n\n${readFileSync(file, 'utf8')}`);
    const { code, doc } = report(dir);
    expect(code).toBe(0);
    expect(doc.findings.find((f) => f.rule === 'runtime-import-bypasses-api')).toMatchObject({ line: 4, baseline: true });
    expect(doc.counts).toMatchObject({ newErrors: 0, baselined: 5 });
  });

  it('fails with exit 1 on a new violation, and reports only it as new', () => {
    writeFileSync(join(dir, 'src/catalog/stock.ts'), "import { saveOrder } from '../orders/order-repository';\nexport const reserve = saveOrder;\n");
    const { code, doc } = report(dir);
    expect(code).toBe(1);
    expect(doc.findings.filter((f) => !f.baseline).map((f) => [f.rule, f.from, f.to])).toEqual([['undeclared-dependency', 'src/catalog/stock.ts', 'src/orders/order-repository.ts']]);
    expect(doc.counts).toMatchObject({ newErrors: 1, baselined: 5 });
  });

  it('counts a known import that now takes one more name as new (the names are part of its identity)', () => {
    const file = join(dir, 'src/billing/payment-service.ts');
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, `${before.replace('import { orderById }', 'import { order, orderById }')}export const reorder = order;\n`);
    const { doc } = report(dir);
    expect(doc.findings.filter((f) => !f.baseline).map((f) => [f.rule, f.from, f.to])).toEqual([
      ['undeclared-dependency', 'src/billing/payment-service.ts', 'src/orders/api.ts'],
      ['undeclared-dependency', 'src/catalog/stock.ts', 'src/orders/order-repository.ts'],
    ]);
    expect(doc.fixed.map((f) => [f.rule, f.from])).toEqual([['undeclared-dependency', 'src/billing/payment-service.ts']]);
    writeFileSync(file, before);
  });

  it('lists baseline entries that no longer occur as fixed', () => {
    writeFileSync(join(dir, 'src/reports/sales-report.ts'), '');
    const unclaimed = join(dir, 'src/reports/sales-report.ts');
    expect(existsSync(unclaimed)).toBe(true);
    const plan = JSON.parse(readFileSync(join(dir, 'seam.plan.json'), 'utf8')) as { unassigned: string[] };
    plan.unassigned.push('src/reports/**');
    writeFileSync(join(dir, 'seam.plan.json'), JSON.stringify(plan));
    const { doc } = report(dir);
    expect(doc.fixed.map((f) => [f.rule, f.from])).toEqual([['unclaimed-module', 'src/reports/sales-report.ts']]);
    expect(doc.counts.fixed).toBe(1);
    expect(check(dir).stdout).toContain("1 baseline entry fixed (run 'seam check --update-baseline' to drop it)");
  });

  it('ignores the baseline with --no-baseline, and reads another one with --baseline', () => {
    expect(report(dir, '--no-baseline').doc.counts.baselined).toBe(0);
    writeFileSync(join(dir, 'empty.json'), JSON.stringify({ version: 1, findings: [] }));
    const { code, doc } = report(dir, '--baseline', 'empty.json');
    expect(code).toBe(1);
    expect(doc.counts.baselined).toBe(0);
  });

  it('rewrites the baseline with --update-baseline: the fixed entry goes, the new violations come in', () => {
    expect(check(dir, '--update-baseline').code).toBe(0);
    const { code, doc } = report(dir);
    expect(code).toBe(0);
    expect(doc.counts).toMatchObject({ newErrors: 0, fixed: 0, baselined: 5 });
    expect(doc.findings.find((f) => f.from === 'src/catalog/stock.ts')).toMatchObject({ rule: 'undeclared-dependency', baseline: true });
    expect(doc.findings.some((f) => f.rule === 'unclaimed-module')).toBe(false);
  });

  it('exits 2 and names the file when the baseline is not valid', () => {
    writeFileSync(join(dir, 'broken.json'), '{"version": 1, "findings": {}}');
    const r = check(dir, '--baseline', 'broken.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.json is not a valid baseline: findings must be an array; write it again with 'seam check --update-baseline'/);
    const missing = check(dir, '--baseline', 'nope.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no baseline at .*nope\.json/);
  });
});

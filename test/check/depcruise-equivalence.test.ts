/**
 * The dependency-cruiser configuration `seam plan rules` writes from an accepted plan makes
 * dependency-cruiser itself report exactly the import violations `seam check` reports.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cruise } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';
import type { DepcruiseConfig } from '../../src/check/depcruise-config.js';
import { runSeam } from '../support/run-seam.js';
import { PLANTED, plantedCopy } from './helpers.js';

const IMPORT_RULES = new Set(['runtime-import-bypasses-api', 'undeclared-dependency', 'type-import-bypasses-api', 'kernel-imports-service']);

async function depcruiseViolations(dir: string, config: DepcruiseConfig): Promise<string[]> {
  const prev = process.cwd();
  process.chdir(dir);
  try {
    const result = await cruise(['src'], { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true, outputType: 'json' } as never, { extensions: ['.ts', '.tsx', '.d.ts', '.js'] });
    const output = (typeof result.output === 'string' ? JSON.parse(result.output) : result.output) as { summary: { violations: { rule: { name: string; severity: string }; from: string; to: string }[] } };
    return output.summary.violations.map((v) => `${v.rule.name} ${v.rule.severity === 'warn' ? 'warning' : v.rule.severity} ${v.from} -> ${v.to}`).sort();
  } finally {
    process.chdir(prev);
  }
}

function seamImportViolations(dir: string): string[] {
  const r = runSeam(['check', dir, '--workers', '0', '-f', 'json']);
  expect(r.code).toBe(1);
  const doc = JSON.parse(r.stdout) as { findings: { rule: string; level: string; from: string; to: string }[] };
  return doc.findings.filter((f) => IMPORT_RULES.has(f.rule)).map((f) => `${f.rule} ${f.level} ${f.from} -> ${f.to}`).sort();
}

function rulesOf(dir: string): DepcruiseConfig {
  const r = runSeam(['plan', 'rules', dir]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as DepcruiseConfig;
}

describe('dependency-cruiser with the rules from the accepted plan', () => {
  it('reports the same import violations as seam check on the planted fixture', async () => {
    const ours = seamImportViolations(PLANTED);
    expect(ours).toEqual([
      'runtime-import-bypasses-api error src/orders/order-service.ts -> src/billing/invoice-repository.ts',
      'type-import-bypasses-api warning src/orders/order-service.ts -> src/billing/invoice.ts',
      'undeclared-dependency error src/billing/payment-service.ts -> src/orders/api.ts',
    ]);
    expect(await depcruiseViolations(PLANTED, rulesOf(PLANTED))).toEqual(ours);
  });

  it('agrees too when an explicit path moves a file to another service and the kernel imports a service', async () => {
    const dir = plantedCopy();
    const planFile = join(dir, 'seam.plan.json');
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as { services: Record<string, { modules: string[]; api: string[]; dependsOn: string[] }> };
    // invoice-repository.ts now belongs to orders (an explicit path beats billing's folder glob)
    plan.services.orders!.modules.push('src/billing/invoice-repository.ts');
    writeFileSync(planFile, JSON.stringify(plan, null, 2));
    writeFileSync(join(dir, 'src/shared/audit.ts'), "import { reprice } from '../catalog/api';\nexport const audit = { reprice };\n");
    const ours = seamImportViolations(dir);
    expect(ours).toEqual([
      'kernel-imports-service error src/shared/audit.ts -> src/catalog/api.ts',
      'type-import-bypasses-api warning src/billing/invoice-repository.ts -> src/billing/invoice.ts',
      'type-import-bypasses-api warning src/orders/order-service.ts -> src/billing/invoice.ts',
      // billing does not depend on orders, which the moved file now belongs to
      'undeclared-dependency error src/billing/api.ts -> src/billing/invoice-repository.ts',
      'undeclared-dependency error src/billing/payment-service.ts -> src/orders/api.ts',
    ]);
    expect(await depcruiseViolations(dir, rulesOf(dir))).toEqual(ours);
  });

  it('writes a module dependency-cruiser can load when --out ends in .cjs (bare JSON there is a syntax error)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'seam-rules-')), 'rules.cjs');
    expect(runSeam(['plan', 'rules', PLANTED, '--out', file]).code).toBe(0);
    expect(readFileSync(file, 'utf8').startsWith('module.exports = {')).toBe(true);
    expect(createRequire(import.meta.url)(file)).toEqual(rulesOf(PLANTED));
  });
});

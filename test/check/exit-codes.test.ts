/** `seam check` exit codes: 0 clean, 1 findings, 2 unusable input with a message naming the file and what to do. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSeam } from '../support/run-seam.js';
import { PLANTED, plantedCopy } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'seam-exit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const plan = JSON.parse(readFileSync(join(PLANTED, 'seam.plan.json'), 'utf8')) as Record<string, unknown>;

function planFile(name: string, contents: string): string {
  const file = join(tmp, name);
  writeFileSync(file, contents);
  return file;
}

describe('seam check exit codes', () => {
  it('exits 0 when the code keeps the plan', () => {
    const dir = plantedCopy();
    for (const f of ['src/reports/sales-report.ts']) rmSync(join(dir, f));
    writeFileSync(join(dir, 'src/orders/order-service.ts'), readFileSync(join(dir, 'src/orders/order-service.ts'), 'utf8').replace("import type { Invoice } from '../billing/invoice';\nimport { insertInvoice } from '../billing/invoice-repository';", "import { createInvoice as insertInvoice } from '../billing/api';\n\ntype Invoice = Awaited<ReturnType<typeof insertInvoice>>;"));
    writeFileSync(join(dir, 'src/billing/payment-service.ts'), "import { log } from '../shared/logger';\n\nexport async function markPaid(orderId: string): Promise<void> {\n  log(`order ${orderId} paid`);\n}\n");
    const r = runSeam(['check', '.', '--workers', '0'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').slice(-2)[0]).toBe('seam check: the plan holds (12 modules, 3 services, plan seam.plan.json)');
    expect(r.code).toBe(0);
  });

  it('exits 1 on findings', () => {
    expect(runSeam(['check', PLANTED, '--workers', '0', '-f', 'json']).code).toBe(1);
  });

  it('exits 2 and names the file when the plan is missing', () => {
    const r = runSeam(['check', PLANTED, '--plan', join(tmp, 'nope.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`seam check: no plan at ${join(tmp, 'nope.json')}; write one with 'seam plan accept ${PLANTED} --out ${join(tmp, 'nope.json')}', or pass --plan <file>\n`);
    const dflt = runSeam(['check', tmp]);
    expect(dflt.code).toBe(2);
    expect(dflt.stderr).toContain(`no plan at ${join(tmp, 'seam.plan.json')}`);
  });

  it('exits 2 and names the file when the plan is not JSON', () => {
    const file = planFile('bad.json', '{ "version": 1,');
    const r = runSeam(['check', PLANTED, '--plan', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^seam check: plan: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON \\(.+\\); fix it, or write it again with 'seam plan accept'\\n$`));
  });

  it('exits 2 and says which key is wrong when the plan is not a valid plan', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...plan, version: 2 }, 'version 2 was written by a newer Seam; upgrade Seam'],
      [{ ...plan, services: { ...(plan.services as object), orders: { modules: ['src/orders/**'], dependsOn: ['payments'] } } }, 'services.orders.dependsOn names "payments", which is not a service of the plan'],
      [{ ...plan, tables: { orders: 'shipping' } }, 'tables.orders must name a service of the plan (got "shipping")'],
      [{ ...plan, rules: { 'no-such-rule': 'error' } }, 'rules has an unknown rule "no-such-rule"'],
      [{ ...plan, budgets: { maxIcp: 2, maxCrossServiceRuntimeEdges: 1, minTableWriteExclusivity: 0 } }, 'budgets.maxIcp must be a number from 0 to 1'],
      [{ ...plan, servces: {} }, 'the plan has unknown key "servces"'],
      [{ ...plan, kernel: ['/abs/**'] }, 'kernel[0] must be a repo-relative glob (no leading / or !)'],
    ];
    for (const [doc, message] of cases) {
      const file = planFile('invalid.json', JSON.stringify(doc));
      const r = runSeam(['check', PLANTED, '--plan', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${file} is not a valid plan: ${message}`);
    }
  });

  it('exits 2 on an unknown format, two reports on stdout, or --out with several formats', () => {
    expect(runSeam(['check', PLANTED, '-f', 'xml']).stderr).toContain('--format must be one of text, json, sarif, junit, markdown, github');
    const two = runSeam(['check', PLANTED, '-f', 'json', '-f', 'sarif']);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('only one report can go to stdout; give the others a file: --format sarif=<file>');
    expect(runSeam(['check', PLANTED, '-f', 'json', '-f', 'sarif', '--out', join(tmp, 'x')]).code).toBe(2);
    expect(runSeam(['check', PLANTED, '--no-baseline', '--update-baseline']).code).toBe(2);
  });
});

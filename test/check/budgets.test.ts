/** Budgets: a budget exceeded is a finding that fails the check, is never baselined, and points at the plan's line. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { budgetsFor, checkBudgets } from '../../src/check/budgets.js';
import { parsePlan } from '../../src/check/plan-file.js';
import { runSeam } from '../support/run-seam.js';
import { PLANTED, plantedCopy } from './helpers.js';

describe('budgets at acceptance', () => {
  it('are the current values with 5 % headroom, at least 0.01 or one dependency, rounded outward', () => {
    const b = budgetsFor({ icp: 0.2727, crossServiceRuntimeEdges: 3, tableWriteExclusivity: 0.6667 });
    expect([b.maxIcp, b.maxCrossServiceRuntimeEdges, b.minTableWriteExclusivity]).toEqual([0.29, 4, 0.63]);
    const big = budgetsFor({ icp: 0.5, crossServiceRuntimeEdges: 200, tableWriteExclusivity: 1 });
    expect([big.maxIcp, big.maxCrossServiceRuntimeEdges, big.minTableWriteExclusivity]).toEqual([0.53, 210, 0.95]);
    const none = budgetsFor({ icp: 0, crossServiceRuntimeEdges: 0, tableWriteExclusivity: null });
    expect([none.maxIcp, none.maxCrossServiceRuntimeEdges, none.minTableWriteExclusivity]).toEqual([0.01, 1, 0]);
    expect(b.about).toContain('ICP 0.2727, 3 runtime dependencies between services, table write-exclusivity 0.6667');
  });

  it('pass at exactly the limit and fail just past it', () => {
    const plan = parsePlan(readFileSync(join(PLANTED, 'seam.plan.json'), 'utf8'), 'seam.plan.json');
    const at = checkBudgets({ icp: 0.3, crossServiceRuntimeEdges: 4, tableWriteExclusivity: 0.6 }, plan, 'seam.plan.json');
    expect(at.findings).toEqual([]);
    const past = checkBudgets({ icp: 0.3001, crossServiceRuntimeEdges: 5, tableWriteExclusivity: 0.5999 }, plan, 'seam.plan.json');
    expect(past.findings.map((f) => f.rule)).toEqual(['budget-icp', 'budget-cross-service-runtime-edges', 'budget-table-write-exclusivity']);
    expect(checkBudgets({ icp: 0, crossServiceRuntimeEdges: 0, tableWriteExclusivity: null }, plan, 'seam.plan.json').findings).toEqual([]);
  });
});

describe('seam check with budgets exceeded', () => {
  it('reports each exceeded budget at its line in the plan, fails even with every violation baselined', () => {
    const dir = plantedCopy();
    expect(runSeam(['check', '.', '--workers', '0', '--update-baseline'], { cwd: dir }).code).toBe(0);
    const planFile = join(dir, 'seam.plan.json');
    writeFileSync(planFile, readFileSync(planFile, 'utf8').replace('"maxCrossServiceRuntimeEdges": 4', '"maxCrossServiceRuntimeEdges": 2').replace('"maxIcp": 0.3', '"maxIcp": 0.25').replace('"minTableWriteExclusivity": 0.6', '"minTableWriteExclusivity": 0.7'));
    const r = runSeam(['check', '.', '--workers', '0', '-f', 'github'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::error'))).toEqual([
      '::error file=seam.plan.json,line=11,title=budget-cross-service-runtime-edges::3 runtime dependencies cross service boundaries, above the budget of 2. Fix: remove the new cross-service imports (see the findings above) or batch them behind one API call; raise budgets.maxCrossServiceRuntimeEdges in seam.plan.json only as a reviewed decision.',
      '::error file=seam.plan.json,line=12,title=budget-icp::ICP is 0.2727 (27.3 %25 of runtime calls cross a service boundary), above the budget of 0.25. Fix: route the new cross-service calls through fewer API calls, or move the modules that call each other into one service; raise budgets.maxIcp in seam.plan.json only as a reviewed decision.',
      '::error file=seam.plan.json,line=13,title=budget-table-write-exclusivity::table write-exclusivity is 0.6667 (66.7 %25 of tables written by one service only), below the budget of 0.7. Fix: let each table\'s owner alone write it (see foreign-table-write findings); lower budgets.minTableWriteExclusivity in seam.plan.json only as a reviewed decision.',
    ]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::notice'))).toHaveLength(5);
    expect(runSeam(['check', '.', '--workers', '0', '--update-baseline'], { cwd: dir }).code).toBe(0);
    expect(runSeam(['check', '.', '--workers', '0'], { cwd: dir }).code).toBe(1);
  });

  it('honours a rule set to off in the plan', () => {
    const dir = plantedCopy();
    const planFile = join(dir, 'seam.plan.json');
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as { budgets: { maxIcp: number }; rules: Record<string, string> };
    plan.budgets.maxIcp = 0.1;
    plan.rules = { 'budget-icp': 'off', 'unclaimed-module': 'off', 'foreign-table-write': 'warning', 'runtime-import-bypasses-api': 'off', 'undeclared-dependency': 'warning' };
    writeFileSync(planFile, JSON.stringify(plan));
    const r = runSeam(['check', '.', '--workers', '0', '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { findings: { rule: string; level: string }[] };
    expect(doc.findings.map((f) => [f.rule, f.level])).toEqual([['undeclared-dependency', 'warning'], ['foreign-table-write', 'warning'], ['type-import-bypasses-api', 'warning']]);
  });
});

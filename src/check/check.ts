/**
 * check(facts, plan, options) -> CheckResult: the pipeline of `seam check`, top to bottom —
 * claim the modules with the plan's globs, find the violations, measure the budgets, mark what
 * the baseline already knows, and decide: exit 1 when a finding of level error is new, else 0.
 * Pure: the shell reads the files and writes the reports.
 */
import type { AcceptedPlan } from '../shared/accepted-plan.js';
import type { Facts } from '../shared/facts.js';
import { applyBaseline, type Baseline, type BaselineEntry } from './baseline.js';
import { checkBudgets, measurePlan, type BudgetReading } from './budgets.js';
import { claimModules } from './claims.js';
import { sortFindings, type Finding } from './finding.js';
import { findViolations } from './violations.js';

export interface CheckOptions {
  /** how the plan file is named in findings (relative to the analyzed folder) */
  planFile: string;
  /** the plan's text, to point budget findings at their line */
  planText?: string;
  baseline?: Baseline;
}

export interface CheckCounts {
  errors: number;
  warnings: number;
  /** errors not in the baseline: these fail the check */
  newErrors: number;
  newWarnings: number;
  /** findings the baseline records */
  baselined: number;
  /** baseline entries that no longer occur */
  fixed: number;
}

export interface CheckResult {
  /** base name of the analyzed folder */
  root: string;
  planFile: string;
  modules: number;
  services: number;
  findings: Finding[];
  budgets: BudgetReading[];
  fixed: BaselineEntry[];
  counts: CheckCounts;
  exitCode: 0 | 1;
}

export function check(facts: Facts, plan: AcceptedPlan, options: CheckOptions): CheckResult {
  const claims = claimModules(plan, facts.modules.map((m) => m.path));
  const violations = findViolations(facts, plan, claims, options.planFile);
  const budgets = checkBudgets(measurePlan(facts, plan, claims), plan, options.planFile, options.planText);
  const findings = sortFindings([...violations, ...budgets.findings]);
  const fixed = applyBaseline(findings, options.baseline);
  const counts: CheckCounts = {
    errors: findings.filter((f) => f.level === 'error').length,
    warnings: findings.filter((f) => f.level === 'warning').length,
    newErrors: findings.filter((f) => f.level === 'error' && !f.baseline).length,
    newWarnings: findings.filter((f) => f.level === 'warning' && !f.baseline).length,
    baselined: findings.filter((f) => f.baseline).length,
    fixed: fixed.length,
  };
  return {
    root: facts.root,
    planFile: options.planFile,
    modules: facts.modules.length,
    services: Object.keys(plan.services).length,
    findings,
    budgets: budgets.readings,
    fixed,
    counts,
    exitCode: counts.newErrors > 0 ? 1 : 0,
  };
}

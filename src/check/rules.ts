/**
 * The rules `seam check` applies, as data: id, default level, a one-line description, the
 * README section that explains it. Reporters read this registry; the plan's `rules` can
 * change a rule's level.
 */
import type { AcceptedPlan, CheckRuleId, RuleLevel } from '../shared/accepted-plan.js';

/** The README's section on `seam check` rules (SARIF `helpUri` needs an absolute URI). */
export const RULES_HELP_URI = 'https://seam.dev/README.md#rules-of-seam-check';

export interface CheckRule {
  id: CheckRuleId;
  level: Exclude<RuleLevel, 'off'>;
  /** one line: what the rule forbids */
  title: string;
  /** whether a finding can be recorded in a baseline (budgets are changed in the plan instead) */
  baselinable: boolean;
}

export const CHECK_RULES: Record<CheckRuleId, CheckRule> = {
  'runtime-import-bypasses-api': { id: 'runtime-import-bypasses-api', level: 'error', baselinable: true, title: "A runtime import of another service's module that is not one of its API modules" },
  'undeclared-dependency': { id: 'undeclared-dependency', level: 'error', baselinable: true, title: 'A runtime import of a service this service does not declare in dependsOn' },
  'type-import-bypasses-api': { id: 'type-import-bypasses-api', level: 'warning', baselinable: true, title: "A type-only import of another service's module that is not one of its API modules" },
  'kernel-imports-service': { id: 'kernel-imports-service', level: 'error', baselinable: true, title: 'The shared kernel imports a service (the kernel is a library every service uses)' },
  'foreign-table-write': { id: 'foreign-table-write', level: 'error', baselinable: true, title: 'A write to a table another service owns' },
  'unclaimed-module': { id: 'unclaimed-module', level: 'error', baselinable: true, title: 'A module no service, kernel or unassigned glob of the plan claims' },
  'ambiguous-module': { id: 'ambiguous-module', level: 'error', baselinable: true, title: 'A module two parts of the plan claim with equally specific globs' },
  'budget-icp': { id: 'budget-icp', level: 'error', baselinable: false, title: 'Inter-partition call percentage (ICP) above the budget' },
  'budget-cross-service-runtime-edges': { id: 'budget-cross-service-runtime-edges', level: 'error', baselinable: false, title: 'More runtime dependencies between services than the budget allows' },
  'budget-table-write-exclusivity': { id: 'budget-table-write-exclusivity', level: 'error', baselinable: false, title: 'Table write-exclusivity below the budget' },
};

export function ruleLevel(plan: AcceptedPlan, id: CheckRuleId): RuleLevel {
  return plan.rules[id] ?? CHECK_RULES[id].level;
}

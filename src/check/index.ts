/**
 * The check stage: hold a repository to its accepted plan (`seam.plan.json`).
 * acceptPlan(facts, decomposition) -> AcceptedPlan; check(facts, plan) -> CheckResult;
 * reporters[format](result) -> text; depcruiseConfig(plan) -> dependency-cruiser rules.
 */
export { acceptPlan, decompositionFromCut, type AcceptOptions, type CutSpec } from './accept.js';
export { applyBaseline, baselineOf, parseBaseline, serializeBaseline, type Baseline, type BaselineEntry } from './baseline.js';
export { BUDGET_LABELS, budgetsFor, measurePlan, type BudgetReading, type Measured } from './budgets.js';
export { check, type CheckCounts, type CheckOptions, type CheckResult } from './check.js';
export { claimModules, type Claims, type Owner } from './claims.js';
export { depcruiseConfig, type DepcruiseConfig } from './depcruise-config.js';
export { fingerprintOf, type Finding } from './finding.js';
export { compressGlobs, escapeGlob } from './globs.js';
export { asAcceptedPlan, canonicalJson, parsePlan, serializePlan } from './plan-file.js';
export { CHECK_FORMATS, reporters, summaryLine, type CheckFormat, type ReportContext } from './reporters/index.js';
export { CHECK_RULES, RULES_HELP_URI } from './rules.js';
export { findViolations } from './violations.js';

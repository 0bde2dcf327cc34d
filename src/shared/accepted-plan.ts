/**
 * The accepted plan (`seam.plan.json`): the cut a team committed to, in the analyzed repository,
 * reviewable and diff-friendly. `seam plan accept` writes it; `seam check` holds every change to
 * it. Modules are named by globs so that files added later to a service's folder are claimed by
 * that service, and files moved between folders are simply re-matched.
 * JSON Schema: schema/seam-plan.schema.json. Serialised with sorted keys, 2-space indent.
 */
export const ACCEPTED_PLAN_VERSION = 1 as const;

/** The schema's $id (schema/seam-plan.schema.json in Seam's package). */
export const ACCEPTED_PLAN_SCHEMA = 'https://seam.dev/schema/seam-plan.schema.json';

/** The rules `seam check` applies; their levels can be changed in the plan's `rules`. */
export const CHECK_RULE_IDS = [
  'runtime-import-bypasses-api',
  'undeclared-dependency',
  'type-import-bypasses-api',
  'kernel-imports-service',
  'foreign-table-write',
  'unclaimed-module',
  'ambiguous-module',
  'budget-icp',
  'budget-cross-service-runtime-edges',
  'budget-table-write-exclusivity',
] as const;
export type CheckRuleId = (typeof CHECK_RULE_IDS)[number];

/** error: fails the check when new; warning: reported, never fails; off: not checked. */
export type RuleLevel = 'error' | 'warning' | 'off';

export interface AcceptedService {
  /** globs of the modules that belong to the service (`src/orders/**`, or explicit paths) */
  modules: string[];
  /** globs of its public API: other services may import these modules, and only these */
  api: string[];
  /** services it may import at run time (through their APIs); others are an undeclared dependency */
  dependsOn: string[];
}

export interface AcceptedBudgets {
  /** how the budgets were set, for the reviewer */
  about: string;
  /** inter-partition call percentage (0..1), Kalia et al. 2021: at most this */
  maxIcp: number;
  /** runtime module dependencies from one service to another: at most this many */
  maxCrossServiceRuntimeEdges: number;
  /** tables written by one service only / all tables (0..1): at least this */
  minTableWriteExclusivity: number;
}

/** The extraction options `seam check` uses, so CI analyzes what was accepted and nothing else. */
export interface AcceptedAnalysis {
  include: string[];
  exclude: string[];
  /** analyze test files too */
  tests: boolean;
  /** repo-relative tsconfig, when one was given */
  tsconfig?: string;
}

export interface AcceptedPlan {
  $schema: string;
  version: typeof ACCEPTED_PLAN_VERSION;
  /** what the file is and how to change it, for the reviewer */
  about: string;
  analysis: AcceptedAnalysis;
  /** by service name */
  services: Record<string, AcceptedService>;
  /** globs of the shared kernel: a library every service may use; it imports no service */
  kernel: string[];
  /** globs of modules deliberately left in the monolith for now (no service, not the kernel) */
  unassigned: string[];
  /** table -> the service that owns it (alone writes it) */
  tables: Record<string, string>;
  budgets: AcceptedBudgets;
  /** level per rule, overriding the default */
  rules: Partial<Record<CheckRuleId, RuleLevel>>;
}

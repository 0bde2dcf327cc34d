/**
 * depcruiseConfig(plan): the accepted plan's import rules as a dependency-cruiser configuration,
 * for teams that already run dependency-cruiser in CI. Run with it, dependency-cruiser reports
 * the same import violations as `seam check` (same rule names, one per importing and imported
 * module), which a test holds on fixtures/monoliths/planted. Tables, unclaimed modules and
 * budgets need Seam's analysis and are `seam check`'s alone.
 *
 * The export kind `rules` renders a MigrationPlan (any import between services is forbidden);
 * this renders the accepted plan, whose services may use each other's API modules.
 *
 * Precedence between overlapping globs (an explicit path wins over a folder glob) becomes
 * `pathNot`: a service's rule leaves out the more specific globs of every other owner.
 */
import type { AcceptedPlan, CheckRuleId, RuleLevel } from '../shared/accepted-plan.js';
import { compareStrings } from '../shared/sort.js';
import { ownerGlobs, ownerLabel } from './claims.js';
import { globRegex, specificity } from './globs.js';
import picomatch from 'picomatch';
import { ruleLevel } from './rules.js';

/** dependency-cruiser's names for dependencies that vanish when TypeScript compiles (Seam's `type-only`). */
export const TYPE_ONLY_DEPENDENCY_TYPES = ['type-only', 'type-import', 'pre-compilation-only'];

/** Test files Seam leaves out unless the plan's analysis includes them (as analyzers/core/walk.ts). */
const TEST_FILE = '(\\.(spec|test|e2e-spec)\\.[cm]?[jt]sx?$)|((^|/)(__tests__|__mocks__|__fixtures__)/)|((^|/)(test|tests|e2e)/)';

export interface DepcruiseRule {
  name: CheckRuleId;
  severity: 'error' | 'warn';
  comment: string;
  from: { path: string; pathNot?: string };
  to: { path: string; pathNot?: string; dependencyTypes?: string[]; dependencyTypesNot?: string[] };
}

export interface DepcruiseConfig {
  forbidden: DepcruiseRule[];
  options: Record<string, unknown>;
}

function anyOf(globs: readonly string[]): string {
  const all = [...new Set(globs)].sort(compareStrings).map(globRegex);
  return all.length === 1 ? all[0]! : all.map((r) => `(?:${r})`).join('|');
}

function severity(level: RuleLevel): 'error' | 'warn' {
  return level === 'error' ? 'error' : 'warn';
}

export function depcruiseConfig(plan: AcceptedPlan): DepcruiseConfig {
  const entries = ownerGlobs(plan).map((e) => ({ label: ownerLabel(e.owner), glob: e.glob, rank: specificity(e.glob), base: picomatch.scan(e.glob).base }));
  /** globs of owners other than `labels` that win over some glob of `labels` where they overlap */
  const overriding = (...labels: string[]): string[] => {
    const mine = entries.filter((e) => labels.includes(e.label));
    return entries.filter((o) => !labels.includes(o.label) && mine.some((m) => o.rank > m.rank && (m.base === '' || o.base === m.base || o.base.startsWith(`${m.base}/`)))).map((o) => o.glob);
  };
  const side = (label: string, globs: readonly string[], extraNot: readonly string[] = []): { path: string; pathNot?: string } => {
    const not = [...overriding(label), ...extraNot];
    return not.length > 0 ? { path: anyOf(globs), pathNot: anyOf(not) } : { path: anyOf(globs) };
  };

  const forbidden: DepcruiseRule[] = [];
  const add = (name: CheckRuleId, comment: string, from: DepcruiseRule['from'], to: DepcruiseRule['to']): void => {
    const level = ruleLevel(plan, name);
    if (level !== 'off') forbidden.push({ name, severity: severity(level), comment, from, to });
  };
  const names = Object.keys(plan.services).sort(compareStrings);
  for (const s of names) {
    const from = side(s, plan.services[s]!.modules);
    const others = names.filter((t) => t !== s);
    const deps = others.filter((t) => plan.services[s]!.dependsOn.includes(t));
    const undeclared = others.filter((t) => !deps.includes(t));
    const modulesOf = (ts: readonly string[]) => ts.flatMap((t) => plan.services[t]!.modules);
    const apisOf = (ts: readonly string[]) => ts.flatMap((t) => plan.services[t]!.api);
    const to = (ts: readonly string[], api: boolean): { path: string; pathNot?: string } => {
      const not = [...overriding(...ts), ...(api ? apisOf(ts) : [])];
      return not.length > 0 ? { path: anyOf(modulesOf(ts)), pathNot: anyOf(not) } : { path: anyOf(modulesOf(ts)) };
    };
    if (undeclared.length > 0) {
      add('undeclared-dependency', `${s} imports at run time only the services it depends on (${deps.join(', ') || 'none'})`, from, { ...to(undeclared, false), dependencyTypesNot: TYPE_ONLY_DEPENDENCY_TYPES });
    }
    if (deps.length > 0) {
      add('runtime-import-bypasses-api', `${s} reaches ${deps.join(', ')} at run time only through their API modules`, from, { ...to(deps, true), dependencyTypesNot: TYPE_ONLY_DEPENDENCY_TYPES });
    }
    if (others.length > 0) {
      add('type-import-bypasses-api', `${s} imports types of other services only from their API modules`, from, { ...to(others, true), dependencyTypes: TYPE_ONLY_DEPENDENCY_TYPES });
    }
  }
  if (plan.kernel.length > 0 && names.length > 0) {
    const allServices = names.flatMap((t) => plan.services[t]!.modules);
    const not = overriding(...names);
    add('kernel-imports-service', 'the shared kernel is a library every service uses: it imports no service', side('(kernel)', plan.kernel), not.length > 0 ? { path: anyOf(allServices), pathNot: anyOf(not) } : { path: anyOf(allServices) });
  }

  const exclude = ['(^|/)node_modules/', ...(plan.analysis.tests ? [] : [TEST_FILE]), ...plan.analysis.exclude.map((g) => `(?:${globRegex(g)})`)];
  const options: Record<string, unknown> = {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: exclude.join('|') },
    tsPreCompilationDeps: true,
  };
  if (plan.analysis.include.length > 0) options.includeOnly = { path: anyOf(plan.analysis.include) };
  if (plan.analysis.tsconfig) options.tsConfig = { fileName: plan.analysis.tsconfig };
  return { forbidden, options };
}

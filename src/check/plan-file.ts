/**
 * The `seam.plan.json` file: read and check it once, at the edge (every problem names the file
 * and the key), and write it in its one canonical form: keys and string lists sorted, 2-space
 * indent, one item per line, a final newline. So a plan's diff shows only what changed.
 */
import picomatch from 'picomatch';
import {
  ACCEPTED_PLAN_VERSION,
  CHECK_RULE_IDS,
  type AcceptedAnalysis,
  type AcceptedBudgets,
  type AcceptedPlan,
  type AcceptedService,
  type CheckRuleId,
  type RuleLevel,
} from '../shared/accepted-plan.js';
import { InputError } from '../shared/errors.js';
import { compareStrings } from '../shared/sort.js';

export const SERVICE_NAME = /^[a-z0-9][a-z0-9._-]*$/;
const LEVELS: readonly RuleLevel[] = ['error', 'warning', 'off'];

/** Keys sorted at every depth; string arrays sorted and deduplicated. */
export function canonicalJson(value: unknown): string {
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? [...new Set(v as string[])].sort(compareStrings) : v.map(canon);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort(compareStrings)) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined) out[k] = canon(x);
      }
      return out;
    }
    return v;
  };
  return `${JSON.stringify(canon(value), null, 2)}\n`;
}

export function serializePlan(plan: AcceptedPlan): string {
  return canonicalJson(plan);
}

class PlanProblem extends Error {}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function object(v: unknown, where: string): Obj {
  if (!isObj(v)) throw new PlanProblem(`${where} must be an object`);
  return v;
}

function onlyKeys(o: Obj, allowed: readonly string[], where: string): void {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  if (extra.length > 0) throw new PlanProblem(`${where} has unknown key${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')} (known: ${allowed.join(', ')})`);
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new PlanProblem(`${where} must be a string`);
  return v;
}

function num(v: unknown, where: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new PlanProblem(`${where} must be a number from ${min} to ${max}`);
  return v;
}

function globs(v: unknown, where: string): string[] {
  if (!Array.isArray(v)) throw new PlanProblem(`${where} must be an array of globs`);
  return v.map((g, i) => {
    if (typeof g !== 'string' || g.trim() === '' || g.startsWith('/') || g.startsWith('!')) throw new PlanProblem(`${where}[${i}] must be a repo-relative glob (no leading / or !)`);
    try {
      picomatch.makeRe(g, { dot: true });
    } catch (err) {
      throw new PlanProblem(`${where}[${i}] "${g}" is not a valid glob: ${(err as Error).message}`);
    }
    return g;
  });
}

function strings(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new PlanProblem(`${where} must be an array of strings`);
  return v as string[];
}

function readService(v: unknown, name: string): AcceptedService {
  const where = `services.${name}`;
  const o = object(v, where);
  onlyKeys(o, ['api', 'dependsOn', 'modules'], where);
  return { modules: globs(o.modules, `${where}.modules`), api: globs(o.api ?? [], `${where}.api`), dependsOn: strings(o.dependsOn ?? [], `${where}.dependsOn`) };
}

function readAnalysis(v: unknown): AcceptedAnalysis {
  const o = object(v ?? {}, 'analysis');
  onlyKeys(o, ['exclude', 'include', 'tests', 'tsconfig'], 'analysis');
  const a: AcceptedAnalysis = { include: globs(o.include ?? [], 'analysis.include'), exclude: globs(o.exclude ?? [], 'analysis.exclude'), tests: false };
  if (o.tests !== undefined) {
    if (typeof o.tests !== 'boolean') throw new PlanProblem('analysis.tests must be true or false');
    a.tests = o.tests;
  }
  if (o.tsconfig !== undefined) a.tsconfig = str(o.tsconfig, 'analysis.tsconfig');
  return a;
}

function readBudgets(v: unknown): AcceptedBudgets {
  const o = object(v, 'budgets');
  onlyKeys(o, ['about', 'maxCrossServiceRuntimeEdges', 'maxIcp', 'minTableWriteExclusivity'], 'budgets');
  const edges = num(o.maxCrossServiceRuntimeEdges, 'budgets.maxCrossServiceRuntimeEdges', 0, Number.MAX_SAFE_INTEGER);
  if (!Number.isInteger(edges)) throw new PlanProblem('budgets.maxCrossServiceRuntimeEdges must be a whole number');
  return {
    about: o.about === undefined ? '' : str(o.about, 'budgets.about'),
    maxIcp: num(o.maxIcp, 'budgets.maxIcp', 0, 1),
    maxCrossServiceRuntimeEdges: edges,
    minTableWriteExclusivity: num(o.minTableWriteExclusivity, 'budgets.minTableWriteExclusivity', 0, 1),
  };
}

/** Check a parsed plan document; throws PlanProblem with the key at fault. */
export function asAcceptedPlan(raw: unknown): AcceptedPlan {
  const o = object(raw, 'the plan');
  onlyKeys(o, ['$schema', 'about', 'analysis', 'budgets', 'kernel', 'rules', 'services', 'tables', 'unassigned', 'version'], 'the plan');
  if (o.version !== ACCEPTED_PLAN_VERSION) {
    throw new PlanProblem(typeof o.version === 'number' && o.version > ACCEPTED_PLAN_VERSION ? `version ${o.version} was written by a newer Seam; upgrade Seam` : `version must be ${ACCEPTED_PLAN_VERSION}`);
  }
  const servicesRaw = object(o.services, 'services');
  const services: Record<string, AcceptedService> = {};
  for (const name of Object.keys(servicesRaw).sort(compareStrings)) {
    if (!SERVICE_NAME.test(name)) throw new PlanProblem(`service name "${name}" must be lowercase letters, digits, '.', '_' or '-'`);
    services[name] = readService(servicesRaw[name], name);
  }
  if (Object.keys(services).length === 0) throw new PlanProblem('services must name at least one service');
  for (const [name, s] of Object.entries(services)) {
    if (s.modules.length === 0) throw new PlanProblem(`services.${name}.modules must have at least one glob`);
    for (const d of s.dependsOn) {
      if (d === name) throw new PlanProblem(`services.${name}.dependsOn names the service itself`);
      if (!services[d]) throw new PlanProblem(`services.${name}.dependsOn names "${d}", which is not a service of the plan`);
    }
  }
  const tablesRaw = object(o.tables ?? {}, 'tables');
  const tables: Record<string, string> = {};
  for (const [table, owner] of Object.entries(tablesRaw)) {
    if (typeof owner !== 'string' || !services[owner]) throw new PlanProblem(`tables.${table} must name a service of the plan (got ${JSON.stringify(owner)})`);
    tables[table] = owner;
  }
  const rulesRaw = object(o.rules ?? {}, 'rules');
  const rules: Partial<Record<CheckRuleId, RuleLevel>> = {};
  for (const [id, level] of Object.entries(rulesRaw)) {
    if (!(CHECK_RULE_IDS as readonly string[]).includes(id)) throw new PlanProblem(`rules has an unknown rule "${id}" (known: ${CHECK_RULE_IDS.join(', ')})`);
    if (typeof level !== 'string' || !(LEVELS as readonly string[]).includes(level)) throw new PlanProblem(`rules.${id} must be one of ${LEVELS.join(', ')}`);
    rules[id as CheckRuleId] = level as RuleLevel;
  }
  return {
    $schema: o.$schema === undefined ? '' : str(o.$schema, '$schema'),
    version: ACCEPTED_PLAN_VERSION,
    about: o.about === undefined ? '' : str(o.about, 'about'),
    analysis: readAnalysis(o.analysis),
    services,
    kernel: globs(o.kernel ?? [], 'kernel'),
    unassigned: globs(o.unassigned ?? [], 'unassigned'),
    tables,
    budgets: readBudgets(o.budgets),
    rules,
  };
}

/** Parse the text of `file`; every problem is an InputError naming the file (exit 2). */
export function parsePlan(text: string, file: string): AcceptedPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`plan: ${file} is not valid JSON (${(err as Error).message}); fix it, or write it again with 'seam plan accept'`, 'invalid-plan');
  }
  try {
    return asAcceptedPlan(raw);
  } catch (err) {
    if (err instanceof PlanProblem) throw new InputError(`plan: ${file} is not a valid plan: ${err.message}; see schema/seam-plan.schema.json, or write it again with 'seam plan accept'`, 'invalid-plan');
    throw err;
  }
}

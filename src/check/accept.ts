/**
 * acceptPlan(facts, decomposition, options) -> AcceptedPlan: the cut as a team commits it.
 * - module globs: each service's modules (and the kernel's) compressed into the fewest globs
 *   that match exactly them among today's modules (compressGlobs); modules in neither are listed
 *   one by one as unassigned, so a new file next to them is still flagged;
 * - API: the modules of a service other services import at run time today (its current
 *   interface); the architect narrows the list by hand;
 * - dependsOn: the services each one imports at run time today;
 * - tables: owners by write-exclusivity, as the migration plan decides them (src/plan);
 * - budgets: today's values with a little headroom (budgets.ts).
 * Pure and deterministic: the same facts and cut give the same bytes.
 */
import { plan as migrationPlan } from '../plan/index.js';
import { ACCEPTED_PLAN_SCHEMA, ACCEPTED_PLAN_VERSION, type AcceptedAnalysis, type AcceptedPlan, type AcceptedService, type CheckRuleId, type RuleLevel } from '../shared/accepted-plan.js';
import type { Decomposition } from '../shared/decomposition.js';
import type { Facts } from '../shared/facts.js';
import { compareStrings } from '../shared/sort.js';
import { SEAM_VERSION } from '../shared/version.js';
import { budgetsFor, measurePlan } from './budgets.js';
import { claimModules } from './claims.js';
import { compressGlobs, escapeGlob } from './globs.js';
import { RUNTIME_KINDS } from './violations.js';

export interface AcceptOptions {
  analysis: AcceptedAnalysis;
  /** headroom given today's figures when the budgets are set (default 0.05) */
  headroom?: number;
  rules?: Partial<Record<CheckRuleId, RuleLevel>>;
  $schema?: string;
}

export function acceptPlan(facts: Facts, decomposition: Decomposition, options: AcceptOptions): AcceptedPlan {
  const all = facts.modules.map((m) => m.path);
  const present = new Set(all);
  const migration = migrationPlan(facts, decomposition);
  const nameOf = new Map(migration.services.map((s) => [s.id, s.slug]));

  const serviceOf = new Map<string, string>();
  const kernel = new Set<string>();
  const modulesOf = new Map<string, string[]>();
  for (const s of decomposition.services) {
    const name = nameOf.get(s.id)!;
    const mine = s.modules.filter((m) => present.has(m));
    if (mine.length === 0) continue;
    modulesOf.set(name, mine);
    for (const m of mine) serviceOf.set(m, name);
  }
  for (const k of decomposition.shared) if (present.has(k.module) && !serviceOf.has(k.module)) kernel.add(k.module);
  // Set-aside modules that import a service (composition roots such as app.ts, app.module.ts:
  // wiring, not library) cannot be kernel, which by definition depends on no service: they stay
  // with the monolith as unassigned, so a fresh plan does not fail its own check.
  for (const e of facts.imports) if (kernel.has(e.from) && serviceOf.has(e.to)) kernel.delete(e.from);
  const unassigned = all.filter((m) => !serviceOf.has(m) && !kernel.has(m));

  const api = new Map<string, Set<string>>([...modulesOf.keys()].map((n) => [n, new Set()]));
  const dependsOn = new Map<string, Set<string>>([...modulesOf.keys()].map((n) => [n, new Set()]));
  for (const e of facts.imports) {
    if (!RUNTIME_KINDS.has(e.kind)) continue;
    const a = serviceOf.get(e.from);
    const b = serviceOf.get(e.to);
    if (a === undefined || b === undefined || a === b) continue;
    api.get(b)!.add(e.to);
    dependsOn.get(a)!.add(b);
  }

  const services: Record<string, AcceptedService> = {};
  for (const [name, mine] of [...modulesOf].sort(([a], [b]) => compareStrings(a, b))) {
    services[name] = {
      modules: compressGlobs(mine, all),
      api: [...api.get(name)!].sort(compareStrings).map(escapeGlob),
      dependsOn: [...dependsOn.get(name)!].sort(compareStrings),
    };
  }
  const tables: Record<string, string> = {};
  for (const t of migration.tables) {
    const owner = t.owner === null ? undefined : nameOf.get(t.owner);
    if (owner !== undefined && services[owner]) tables[t.table] = owner;
  }

  const draft: AcceptedPlan = {
    $schema: options.$schema ?? ACCEPTED_PLAN_SCHEMA,
    version: ACCEPTED_PLAN_VERSION,
    about:
      `The accepted cut of ${facts.root} into services, written by seam plan accept (Seam ${SEAM_VERSION}); seam check holds every change to it. ` +
      'Edit it by hand and review the diff: narrow a service\'s api, declare a dependency in dependsOn, move a module by naming its path under another ' +
      'service (an explicit path wins over a folder glob), change a table\'s owner, tighten a budget, or set a rule to error, warning or off under rules.',
    analysis: options.analysis,
    services,
    kernel: compressGlobs([...kernel], all),
    unassigned: compressGlobs(unassigned, all, { foldersAllowed: false }),
    tables,
    budgets: { about: '', maxIcp: 1, maxCrossServiceRuntimeEdges: 0, minTableWriteExclusivity: 0 },
    rules: options.rules ?? {},
  };
  const measured = measurePlan(facts, draft, claimModules(draft, all));
  draft.budgets = budgetsFor(measured, options.headroom);
  return draft;
}

/** A cut given as globs (`--cut <file>`): `{ services: { name: [globs] | { modules: [globs] } }, kernel?: [globs] }`. */
export interface CutSpec {
  services: Record<string, string[]>;
  kernel: string[];
}

/** The decomposition a cut of globs makes of today's modules (a module goes to the most specific glob). */
export function decompositionFromCut(facts: Facts, cut: CutSpec, params: Decomposition['params'], constraints: Decomposition['constraints']): Decomposition {
  const modules = facts.modules.map((m) => m.path);
  const pseudo: AcceptedPlan = {
    $schema: '',
    version: ACCEPTED_PLAN_VERSION,
    about: '',
    analysis: { include: [], exclude: [], tests: false },
    services: Object.fromEntries(Object.entries(cut.services).map(([n, g]) => [n, { modules: g, api: [], dependsOn: [] }])),
    kernel: cut.kernel,
    unassigned: [],
    tables: {},
    budgets: { about: '', maxIcp: 1, maxCrossServiceRuntimeEdges: 0, minTableWriteExclusivity: 0 },
    rules: {},
  };
  const claims = claimModules(pseudo, modules);
  const byService = new Map<string, string[]>(Object.keys(cut.services).map((n) => [n, []]));
  const kernel: string[] = [];
  for (const m of modules) {
    const o = claims.owner.get(m);
    if (o?.kind === 'service') byService.get(o.service)!.push(m);
    else if (o?.kind === 'kernel') kernel.push(m);
  }
  return {
    services: [...byService].map(([name, ms]) => ({ id: `svc-${name}`, name, modules: ms.sort(compareStrings), pinned: [] })),
    shared: kernel.sort(compareStrings).map((module) => ({ module, reason: 'kernel in the given cut', byUser: true })),
    params,
    constraints,
  };
}

/**
 * plan(facts, decomposition, options) -> MigrationPlan. Pure: the same inputs give the same plan.
 * 1. place every module (placement.ts);
 * 2. each service's API: routes it takes over, symbols others call, contracts (api.ts);
 * 3. table ownership by write-exclusivity, foreign reads and writes (data-ownership.ts);
 * 4. conflicts with file:line (conflicts.ts);
 * 5. cost, risk, rank and waves, with reasons (waves.ts);
 * 6. a strategy per foreign read, which needs the waves (read-strategy.ts);
 * 7. gateway route groups and strangler phases (gateway-phases.ts).
 */
import type { Decomposition } from '../shared/decomposition.js';
import type { Facts } from '../shared/facts.js';
import type { Metrics } from '../shared/metrics.js';
import { MONOLITH, PLAN_SCHEMA_VERSION, type MigrationPlan, type PlanMetric, type ServicePlan, type TablePlan } from '../shared/plan.js';
import { compareStrings, sortByKeys } from '../shared/sort.js';
import { SEAM_VERSION } from '../shared/version.js';
import { planApi } from './api.js';
import { findConflicts } from './conflicts.js';
import { planData } from './data-ownership.js';
import { planGateway } from './gateway-phases.js';
import { placeModules } from './placement.js';
import { chooseStrategies, eventNames } from './read-strategy.js';
import type { SourceHints } from './source-hints.js';
import { measureCoupling, rankServices } from './waves.js';

export { readSourceHints, routeKey, sourceFilesFor, type SourceHints } from './source-hints.js';
export { pathPattern, compareRoutes } from './gateway-phases.js';
export { openapiPath } from './api.js';
export { slug, uniqueSlugs, useCase } from './names.js';
export { pushTo } from './group.js';

export interface PlanOptions {
  /** the decomposition's Metrics document (from `measure`), flattened into the report */
  metrics?: Metrics | object;
  /** what the shell read from the repository's text (`readSourceHints`) */
  hints?: SourceHints;
}

/** Numbers (and nulls) of a metrics object, flattened to dotted keys and sorted; arrays are left out. */
export function flattenMetrics(metrics: object | undefined): PlanMetric[] {
  const out: PlanMetric[] = [];
  const walk = (v: unknown, key: string, depth: number): void => {
    if (typeof v === 'number') out.push({ key, value: Number.isFinite(v) ? Math.round(v * 10000) / 10000 : null });
    else if (v === null) out.push({ key, value: null });
    else if (typeof v === 'object' && !Array.isArray(v) && depth < 3) for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, key ? `${key}.${k}` : k, depth + 1);
  };
  walk(metrics, '', 0);
  return sortByKeys(out, (m) => m.key);
}

export function plan(facts: Facts, decomposition: Decomposition, options: PlanOptions = {}): MigrationPlan {
  const placement = placeModules(facts, decomposition);
  const api = planApi(facts, placement, options.hints);
  const data = planData(facts, placement);
  const conflicts = findConflicts(facts, placement, data, options.hints);
  const coupling = measureCoupling(facts.imports, placement);
  const { ranked, waves } = rankServices(placement, coupling, api, data, conflicts);
  const waveOf = new Map(ranked.map((r) => [r.id, r.wave]));
  const reads = chooseStrategies(facts, placement, data, waveOf);
  const gateway = planGateway(placement, api, api.unassigned, waves);
  const rankOf = new Map(ranked.map((r) => [r.id, r]));

  const evidenceOf = new Map(decomposition.services.map((s) => [s.id, s.placement]));
  const services: ServicePlan[] = placement.services.map((s) => {
    const a = api.byService.get(s.id)!;
    const r = rankOf.get(s.id)!;
    const evidence = evidenceOf.get(s.id);
    return {
      id: s.id,
      name: s.name,
      slug: s.slug,
      modules: s.modules,
      operations: [...a.routes, ...a.symbols],
      calls: a.calls,
      contracts: a.contracts,
      schemas: a.schemas,
      owns: data.tables.filter((t) => t.owner === s.id).map((t) => t.table),
      reads: reads.filter((x) => x.reader === s.id),
      dependsOn: [...(coupling.dependsOn.get(s.id) ?? [])].sort(compareStrings),
      cost: r.cost,
      rank: r.rank,
      wave: r.wave,
      reasons: r.reasons,
      ...(evidence?.length ? { placement: evidence } : {}),
    };
  });

  const tables: TablePlan[] = data.tables.map((t) => {
    const replicated = reads.some((x) => x.table === t.table && x.strategy === 'replica');
    const out: TablePlan = {
      table: t.table,
      owner: t.owner,
      ownerReason: t.ownerReason,
      writers: t.writers,
      readers: t.readers,
      sites: t.sites,
      events: replicated && t.owner ? eventNames(placement.byId.get(t.owner)!.slug, t.table, t.entity) : [],
      conflicts: conflicts.filter((c) => c.tables.includes(t.table)).map((c) => c.id),
    };
    if (t.entity) out.entity = t.entity;
    return out;
  });

  const notes: string[] = [];
  if (!options.hints) notes.push('no source text was read: request and response schemas, handler locations, transactions and member-level operations are missing; ORM relations come from imports between entity modules');
  if (api.unassigned.length > 0) notes.push(`${api.unassigned.length} route(s) stay in the monolith in every phase (registered in the shared kernel or in no service)`);
  const unowned = data.tables.filter((t) => !t.owner).map((t) => t.table);
  if (unowned.length > 0) notes.push(`no service owns ${unowned.join(', ')}: decide who does`);
  if (facts.diagnostics.some((d) => d.severity === 'error')) notes.push(`the analysis reported ${facts.diagnostics.filter((d) => d.severity === 'error').length} error(s): files it could not read are missing from this plan`);

  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    tool: { name: 'seam', version: SEAM_VERSION },
    root: facts.root,
    services,
    sharedKernel: sortByKeys(decomposition.shared.map((k) => ({ module: k.module, reason: k.reason })), (k) => k.module),
    unplacedModules: facts.modules.map((m) => m.path).filter((m) => placement.of(m) === MONOLITH).sort(compareStrings),
    tables,
    conflicts,
    waves,
    gateway,
    unassignedRoutes: api.unassigned,
    crossings: sortByKeys(
      facts.imports
        .map((e) => ({ from: e.from, to: e.to, fromService: placement.of(e.from), toService: placement.of(e.to), kind: e.kind, line: e.line }))
        .filter((c) => c.fromService !== c.toService && placement.isService(c.toService) && c.fromService !== MONOLITH),
      (c) => c.from,
      (c) => c.line,
      (c) => c.to,
    ),
    coupling: coupling.matrix,
    metrics: flattenMetrics(options.metrics),
    notes,
  };
}

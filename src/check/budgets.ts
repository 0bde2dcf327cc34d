/**
 * Budgets: the coupling the accepted cut may carry, measured on the current code with the same
 * metrics the workbench shows (src/decompose `measure`), over the services as the plan's globs
 * claim them today:
 *   ICP (inter-partition call percentage, Kalia et al. FSE 2021) <= maxIcp;
 *   runtime dependencies between services (cutCost.runtime)     <= maxCrossServiceRuntimeEdges;
 *   table write-exclusivity (exclusive tables / all tables)      >= minTableWriteExclusivity.
 * At acceptance each budget is the current value with 5 % headroom, rounded outward.
 */
import { buildGraph, DEFAULT_RESOLUTION, DEFAULT_SEED, DEFAULT_WEIGHTS, measure } from '../decompose/index.js';
import type { AcceptedPlan, CheckRuleId } from '../shared/accepted-plan.js';
import type { Decomposition } from '../shared/decomposition.js';
import { emptyConstraints } from '../shared/decomposition.js';
import type { Facts } from '../shared/facts.js';
import { compareStrings } from '../shared/sort.js';
import type { Claims } from './claims.js';
import { makeFinding, type Finding } from './finding.js';
import { ruleLevel } from './rules.js';

export interface Measured {
  icp: number;
  crossServiceRuntimeEdges: number;
  /** null when the code touches no table */
  tableWriteExclusivity: number | null;
}

export interface BudgetReading {
  key: 'maxIcp' | 'maxCrossServiceRuntimeEdges' | 'minTableWriteExclusivity';
  rule: CheckRuleId;
  limit: number;
  actual: number | null;
  ok: boolean;
}

/** The current services, as the plan's globs claim the modules, as a Decomposition. */
export function decompositionOf(plan: AcceptedPlan, claims: Claims, modules: readonly string[]): Decomposition {
  const byService = new Map<string, string[]>(Object.keys(plan.services).map((s) => [s, []]));
  const kernel: string[] = [];
  for (const m of modules) {
    const o = claims.owner.get(m);
    if (o?.kind === 'service') byService.get(o.service)!.push(m);
    else if (o?.kind === 'kernel') kernel.push(m);
  }
  return {
    services: [...byService]
      .filter(([, ms]) => ms.length > 0)
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([name, ms]) => ({ id: name, name, modules: ms.sort(compareStrings), pinned: [] })),
    shared: kernel.sort(compareStrings).map((module) => ({ module, reason: 'kernel in the accepted plan', byUser: true })),
    params: { seed: DEFAULT_SEED, resolution: DEFAULT_RESOLUTION, weights: { ...DEFAULT_WEIGHTS } },
    constraints: emptyConstraints(),
  };
}

export function measurePlan(facts: Facts, plan: AcceptedPlan, claims: Claims): Measured {
  const decomposition = decompositionOf(plan, claims, facts.modules.map((m) => m.path));
  const metrics = measure(buildGraph(facts), decomposition, facts);
  return { icp: metrics.icp, crossServiceRuntimeEdges: metrics.cutCost.runtime, tableWriteExclusivity: metrics.tables.writeExclusivity };
}

/** 1-based line of `"key"` in the plan's text, so a budget finding points at the budget. */
function lineOfKey(text: string | undefined, key: string): number {
  if (!text) return 1;
  const i = text.indexOf(`"${key}"`);
  return i < 0 ? 1 : text.slice(0, i).split('\n').length;
}

export function checkBudgets(measured: Measured, plan: AcceptedPlan, planFile: string, planText?: string): { readings: BudgetReading[]; findings: Finding[] } {
  const b = plan.budgets;
  const readings: BudgetReading[] = [
    { key: 'maxIcp', rule: 'budget-icp', limit: b.maxIcp, actual: measured.icp, ok: measured.icp <= b.maxIcp },
    { key: 'maxCrossServiceRuntimeEdges', rule: 'budget-cross-service-runtime-edges', limit: b.maxCrossServiceRuntimeEdges, actual: measured.crossServiceRuntimeEdges, ok: measured.crossServiceRuntimeEdges <= b.maxCrossServiceRuntimeEdges },
    { key: 'minTableWriteExclusivity', rule: 'budget-table-write-exclusivity', limit: b.minTableWriteExclusivity, actual: measured.tableWriteExclusivity, ok: measured.tableWriteExclusivity === null || measured.tableWriteExclusivity >= b.minTableWriteExclusivity },
  ];
  const what: Record<BudgetReading['key'], (r: BudgetReading) => [string, string]> = {
    maxIcp: (r) => [
      `ICP is ${r.actual} (${pct(r.actual!)} of runtime calls cross a service boundary), above the budget of ${r.limit}`,
      `route the new cross-service calls through fewer API calls, or move the modules that call each other into one service; raise budgets.maxIcp in ${planFile} only as a reviewed decision`,
    ],
    maxCrossServiceRuntimeEdges: (r) => [
      `${r.actual} runtime dependencies cross service boundaries, above the budget of ${r.limit}`,
      `remove the new cross-service imports (see the findings above) or batch them behind one API call; raise budgets.maxCrossServiceRuntimeEdges in ${planFile} only as a reviewed decision`,
    ],
    minTableWriteExclusivity: (r) => [
      `table write-exclusivity is ${r.actual} (${pct(r.actual!)} of tables written by one service only), below the budget of ${r.limit}`,
      `let each table's owner alone write it (see foreign-table-write findings); lower budgets.minTableWriteExclusivity in ${planFile} only as a reviewed decision`,
    ],
  };
  const findings: Finding[] = [];
  for (const r of readings) {
    const level = ruleLevel(plan, r.rule);
    if (r.ok || level === 'off') continue;
    const [message, fix] = what[r.key](r);
    findings.push(makeFinding({ rule: r.rule, level, file: planFile, line: lineOfKey(planText, r.key), from: 'budgets', to: r.key, symbols: [], message, fix }));
  }
  return { readings, findings };
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10} %`;
}

/** The budgets to accept for the current values: `headroom` (default 5 %; at least 0.01, or one edge), rounded outward. */
export function budgetsFor(m: Measured, headroom = 0.05): { maxIcp: number; maxCrossServiceRuntimeEdges: number; minTableWriteExclusivity: number; about: string } {
  const up = (x: number): number => Math.ceil(x * 100 - 1e-9) / 100;
  const down = (x: number): number => Math.floor(x * 100 + 1e-9) / 100;
  const maxIcp = Math.min(1, up(m.icp + Math.max(0.01, m.icp * headroom)));
  const maxCrossServiceRuntimeEdges = m.crossServiceRuntimeEdges + Math.max(1, Math.ceil(m.crossServiceRuntimeEdges * headroom));
  const wx = m.tableWriteExclusivity;
  const minTableWriteExclusivity = wx === null ? 0 : Math.max(0, down(wx - Math.max(0.01, wx * headroom)));
  const percent = `${Math.round(headroom * 1000) / 10} %`;
  const about =
    `Set by seam plan accept from the values at acceptance (ICP ${m.icp}, ${m.crossServiceRuntimeEdges} runtime dependencies between services, ` +
    `table write-exclusivity ${wx === null ? 'n/a: no tables' : wx}), each with ${percent} headroom (at least 0.01, or one dependency), rounded outward. ` +
    'Exceeding a budget fails seam check (budgets are never baselined). Tighten them as the migration removes coupling.';
  return { maxIcp, maxCrossServiceRuntimeEdges, minTableWriteExclusivity, about };
}

export const BUDGET_LABELS: Record<BudgetReading['key'], { label: string; op: '<=' | '>=' }> = {
  maxIcp: { label: 'ICP (share of runtime calls crossing services)', op: '<=' },
  maxCrossServiceRuntimeEdges: { label: 'runtime dependencies between services', op: '<=' },
  minTableWriteExclusivity: { label: 'table write-exclusivity', op: '>=' },
};

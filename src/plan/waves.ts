/**
 * Extraction waves, "start small" (Newman, Monolith to Microservices, ch. 2 and 3): extract first
 * what is cheap to take out and safe to get wrong, learn, then go on.
 *
 * cost  = 0.30 inbound + 0.25 size + 0.25 foreign tables + 0.20 conflicts, each factor divided by
 *         its largest value over the services (0 when every service has none of it).
 *   inbound: runtime import edges into the service from other services and from code left in the
 *   monolith (every one becomes a remote call); the shared kernel's wiring (an app module
 *   importing controllers) is not counted, it goes away with the cut. size: lines; foreign
 *   tables: tables of others it reads or writes; conflicts: the conflicts it is part of, weighted
 *   by severity (high 3, medium 2, low 1).
 * risk  = high when the service does critical work (its name or routes say payment, order,
 *         checkout, auth, identity, account, billing, ...) or more than half the other services
 *         depend on it; medium when two or more depend on it or it is in a high-severity conflict;
 *         low otherwise.
 * score = cost + risk penalty (low 0, medium 0.25, high 0.5); services are ranked by score, then
 *         by size, then by name, and extracted one per wave in that order.
 */
import { SHARED_KERNEL, type Conflict, type Risk, type ServiceCost, type Wave } from '../shared/plan.js';
import { compareStrings } from '../shared/sort.js';
import type { ApiPlan } from './api.js';
import type { DataPlan } from './data-ownership.js';
import { words } from './names.js';
import type { Placement } from './placement.js';

const WEIGHTS = { inbound: 0.3, size: 0.25, foreign: 0.25, conflicts: 0.2 } as const;
const RISK_PENALTY: Record<Risk, number> = { low: 0, medium: 0.25, high: 0.5 };
const SEVERITY_WEIGHT = { high: 3, medium: 2, low: 1 } as const;
const CRITICAL = ['payment', 'payments', 'pay', 'billing', 'invoice', 'invoices', 'checkout', 'order', 'orders', 'auth', 'identity', 'login', 'account', 'accounts', 'ledger', 'wallet', 'security', 'user', 'users'];

export interface Ranked {
  id: string;
  cost: ServiceCost;
  rank: number;
  wave: number;
  reasons: string[];
  inboundFrom: string[];
  critical: string | undefined;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function rankServices(
  placement: Placement,
  coupling: Coupling,
  api: ApiPlan,
  data: DataPlan,
  conflicts: Conflict[],
): { ranked: Ranked[]; waves: Wave[] } {
  const n = placement.services.length;
  const base = placement.services.map((s) => {
    const foreign = new Set([...data.foreignReads.filter((r) => r.reader === s.id).map((r) => r.table), ...data.foreignWrites.filter((w) => w.writer === s.id).map((w) => w.table)]);
    const mine = conflicts.filter((c) => c.services.includes(s.id));
    const routes = api.byService.get(s.id)?.routes ?? [];
    const vocabulary = new Set([...words(s.name), ...routes.flatMap((r) => words(r.path.split('/').filter((x) => x && !x.startsWith(':')).slice(0, 3).join(' ')))]);
    const critical = CRITICAL.find((w) => vocabulary.has(w));
    const inboundFrom = [...(coupling.inboundFrom.get(s.id) ?? [])].sort(compareStrings);
    const dependents = inboundFrom.filter((x) => placement.isService(x)).length;
    const risk: Risk = critical || (n > 2 && dependents > (n - 1) / 2) ? 'high' : dependents >= 2 || mine.some((c) => c.severity === 'high') ? 'medium' : 'low';
    return {
      s,
      critical,
      inboundFrom,
      dependents,
      highConflicts: mine.filter((c) => c.severity === 'high').map((c) => c.id),
      conflictWeight: mine.reduce((n, c) => n + SEVERITY_WEIGHT[c.severity], 0),
      foreignList: [...foreign].sort(compareStrings),
      cost: {
        modules: s.modules.length,
        lines: s.lines,
        routes: routes.length,
        inboundRuntime: coupling.inbound.get(s.id) ?? 0,
        inboundServices: dependents,
        foreignTables: foreign.size,
        conflicts: mine.length,
        risk,
        cost: 0,
        score: 0,
      } satisfies ServiceCost,
    };
  });
  const max = (f: (c: ServiceCost) => number): number => Math.max(0, ...base.map((b) => f(b.cost)));
  const scale = { inbound: max((c) => c.inboundRuntime), size: max((c) => c.lines), foreign: max((c) => c.foreignTables), conflicts: Math.max(0, ...base.map((b) => b.conflictWeight)) };
  const part = (v: number, m: number): number => (m === 0 ? 0 : v / m);
  for (const b of base) {
    const c = b.cost;
    c.cost = round(WEIGHTS.inbound * part(c.inboundRuntime, scale.inbound) + WEIGHTS.size * part(c.lines, scale.size) + WEIGHTS.foreign * part(c.foreignTables, scale.foreign) + WEIGHTS.conflicts * part(b.conflictWeight, scale.conflicts));
    c.score = round(c.cost + RISK_PENALTY[c.risk]);
  }
  const order = [...base].sort((a, b) => a.cost.score - b.cost.score || a.cost.lines - b.cost.lines || compareStrings(a.s.name, b.s.name) || compareStrings(a.s.id, b.s.id));
  const sizes = base.map((b) => b.cost.lines).sort((a, b) => a - b);
  const median = sizes.length ? sizes[Math.floor((sizes.length - 1) / 2)]! : 0;
  const name = (id: string): string => placement.byId.get(id)?.name ?? id;

  const ranked: Ranked[] = order.map((b, i) => {
    const c = b.cost;
    const reasons = [
      `rank ${i + 1} of ${n}: score ${c.score} = cost ${c.cost} + ${c.risk} risk (${RISK_PENALTY[c.risk]})`,
      `size: ${plural(c.modules, 'module')}, ${c.lines} lines (median service ${median})${c.lines <= median ? ', small' : ''}`,
      c.inboundRuntime === 0
        ? 'coupling: no runtime import edge into it from other services or the monolith'
        : `coupling: ${plural(c.inboundRuntime, 'runtime edge')} into it from ${b.inboundFrom.map(name).join(', ')}`,
      c.foreignTables === 0 ? 'data: no foreign table' : `data: ${plural(c.foreignTables, 'foreign table')} (${b.foreignList.join(', ')})`,
      c.conflicts === 0 ? 'conflicts: none' : `conflicts: ${c.conflicts} (weight ${b.conflictWeight})${b.highConflicts.length ? `; high: ${b.highConflicts.join(', ')}` : ''}`,
      b.critical
        ? `risk high: critical work ('${b.critical}' in its name or routes)`
        : c.risk === 'high'
          ? `risk high: ${plural(b.dependents, 'service')} of ${n - 1} depend on it`
          : c.risk === 'medium'
            ? `risk medium: ${b.dependents >= 2 ? `${plural(b.dependents, 'service')} depend on it` : 'part of a high-severity conflict'}`
            : 'risk low: not critical, at most one service depends on it',
    ];
    return { id: b.s.id, cost: c, rank: i + 1, wave: i + 1, reasons, inboundFrom: b.inboundFrom, critical: b.critical };
  });

  const waves: Wave[] = ranked.map((r, i) => {
    const before = new Set(ranked.slice(0, i).map((x) => x.id));
    const svc = name(r.id);
    const deps = [...(coupling.dependsOn.get(r.id) ?? [])].filter((d) => placement.isService(d)).sort(compareStrings);
    const later = deps.filter((d) => !before.has(d));
    const reasons =
      i === 0
        ? [`start small: ${svc} has the lowest score (${r.cost.score}): ${r.cost.lines} lines, ${plural(r.cost.inboundRuntime, 'inbound runtime edge')}, ${plural(r.cost.foreignTables, 'foreign table')}, ${r.cost.risk} risk`]
        : [`${svc} next by score (${r.cost.score})`];
    if (deps.length > 0) {
      reasons.push(
        later.length > 0
          ? `depends at run time on ${later.map(name).join(', ')}, still in the monolith: call ${later.length === 1 ? 'it' : 'them'} through the monolith's API until extracted`
          : `depends at run time only on services already extracted (${deps.map(name).join(', ')})`,
      );
    }
    return { index: i + 1, services: [r.id], reasons };
  });
  return { ranked, waves };
}

/** Runtime coupling between placements: edge counts, who depends on whom. */
export interface Coupling {
  /** runtime import edges into each service from other services and the monolith (not the kernel) */
  inbound: Map<string, number>;
  /** placements (services, `shared`, `monolith`) with an edge into each service */
  inboundFrom: Map<string, Set<string>>;
  /** services each service calls at run time */
  dependsOn: Map<string, Set<string>>;
  /** service x service edge counts, in placement.services order */
  matrix: number[][];
}

export function measureCoupling(imports: readonly { from: string; to: string; kind: string }[], placement: Placement): Coupling {
  const index = new Map(placement.services.map((s, i) => [s.id, i]));
  const matrix = placement.services.map(() => placement.services.map(() => 0));
  const inbound = new Map<string, number>();
  const inboundFrom = new Map<string, Set<string>>();
  const dependsOn = new Map<string, Set<string>>();
  for (const e of imports) {
    if (e.kind !== 'runtime' && e.kind !== 'dynamic') continue;
    const a = placement.of(e.from);
    const b = placement.of(e.to);
    if (a === b || a === SHARED_KERNEL || !placement.isService(b)) continue;
    inbound.set(b, (inbound.get(b) ?? 0) + 1);
    inboundFrom.set(b, (inboundFrom.get(b) ?? new Set()).add(a));
    if (placement.isService(a)) {
      matrix[index.get(a)!]![index.get(b)!]!++;
      dependsOn.set(a, (dependsOn.get(a) ?? new Set()).add(b));
    }
  }
  return { inbound, inboundFrom, dependsOn, matrix };
}

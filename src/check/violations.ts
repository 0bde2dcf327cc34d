/**
 * findViolations(facts, plan, claims) -> Finding[]: every place the current code breaks the
 * accepted cut. Imports are judged one edge at a time, as the Facts record them (one per
 * importing module, imported module and kind), so dependency-cruiser run with the rules from
 * `depcruiseConfig(plan)` reports the same import violations.
 *
 * - service -> other service at run time (runtime, dynamic, re-export): the target must be in
 *   the source's `dependsOn` (else undeclared-dependency) and the module one of the target's API
 *   modules (else runtime-import-bypasses-api);
 * - service -> other service, type-only: an API module, or type-import-bypasses-api;
 * - kernel -> service, any kind: kernel-imports-service;
 * - a write by a service or the kernel to a table the plan gives to another service:
 *   foreign-table-write (one finding per module and table);
 * - a module no glob claims: unclaimed-module; claimed twice with equal precedence: ambiguous-module.
 * Modules left unassigned are the monolith's remainder: their imports are not judged.
 */
import type { AcceptedPlan, CheckRuleId } from '../shared/accepted-plan.js';
import type { Facts, ImportKind } from '../shared/facts.js';
import { compareStrings } from '../shared/sort.js';
import type { Claims } from './claims.js';
import { makeFinding, type Finding } from './finding.js';
import { ruleLevel } from './rules.js';

export const RUNTIME_KINDS: ReadonlySet<ImportKind> = new Set(['runtime', 'dynamic', 're-export']);

function list(items: readonly string[], max = 3): string {
  if (items.length === 0) return '(none)';
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

export function findViolations(facts: Facts, plan: AcceptedPlan, claims: Claims, planFile = 'seam.plan.json'): Finding[] {
  const out: Finding[] = [];
  const push = (rule: CheckRuleId, f: Omit<Finding, 'rule' | 'level' | 'fingerprint' | 'baseline'>): void => {
    const level = ruleLevel(plan, rule);
    if (level === 'off') return;
    out.push(makeFinding({ rule, level, ...f }));
  };
  const apiOf = (service: string): string => list(plan.services[service]?.api ?? []);
  const names = (n: readonly string[]): string => (n.length > 0 ? ` (${list(n, 4)})` : '');

  for (const e of facts.imports) {
    const from = claims.owner.get(e.from);
    const to = claims.owner.get(e.to);
    if (!from || !to || to.kind !== 'service') continue;
    const symbols = [...e.names].sort(compareStrings);
    const base = { file: e.from, line: e.line, from: e.from, to: e.to, symbols };
    if (from.kind === 'kernel') {
      push('kernel-imports-service', {
        ...base,
        message: `the shared kernel imports ${e.to}${names(symbols)} from service ${to.service}`,
        fix: `the kernel is a library every service uses: move what it needs from ${to.service} into the kernel, or move ${e.from} into ${to.service} (services.${to.service}.modules in ${planFile})`,
      });
      continue;
    }
    if (from.kind !== 'service' || from.service === to.service) continue;
    const source = from.service;
    const target = to.service;
    if (RUNTIME_KINDS.has(e.kind)) {
      if (!plan.services[source]!.dependsOn.includes(target)) {
        push('undeclared-dependency', {
          ...base,
          message: `${source} imports ${e.to}${names(symbols)} at run time, but ${source} does not depend on ${target}`,
          fix: `remove the import, or declare the dependency: add "${target}" to services.${source}.dependsOn in ${planFile} (a change to the cut, for review)`,
        });
      } else if (!claims.isApi(target, e.to)) {
        push('runtime-import-bypasses-api', {
          ...base,
          message: `${source} imports ${e.to}${names(symbols)} at run time, which is not an API module of ${target}`,
          fix: `call ${target} through its API (${apiOf(target)}), or, if this module is meant to be public, add it to services.${target}.api in ${planFile}`,
        });
      }
    } else if (!claims.isApi(target, e.to)) {
      push('type-import-bypasses-api', {
        ...base,
        message: `${source} imports types from ${e.to}${names(symbols)}, which is not an API module of ${target}`,
        fix: `import the types from the API of ${target} (${apiOf(target)}) or a contract in the kernel, or add the module to services.${target}.api in ${planFile}`,
      });
    }
  }

  const writes = new Map<string, { module: string; table: string; lines: number[] }>();
  for (const d of facts.dataAccess) {
    if (d.access !== 'write') continue;
    const key = `${d.module}\0${d.table}`;
    const w = writes.get(key);
    if (w) w.lines.push(d.line);
    else writes.set(key, { module: d.module, table: d.table, lines: [d.line] });
  }
  for (const w of writes.values()) {
    const owner = plan.tables[w.table];
    const writer = claims.owner.get(w.module);
    if (owner === undefined || !writer || writer.kind === 'unassigned') continue;
    if (writer.kind === 'service' && writer.service === owner) continue;
    const who = writer.kind === 'service' ? writer.service : 'the shared kernel';
    const sites = w.lines.length === 1 ? '' : ` (${w.lines.length} write sites)`;
    push('foreign-table-write', {
      file: w.module,
      line: Math.min(...w.lines),
      from: w.module,
      to: w.table,
      symbols: [],
      message: `${who} writes table ${w.table}${sites}, which ${owner} owns`,
      fix: `let ${owner} write it: call the API of ${owner} (${apiOf(owner)}) instead, or change the owner (tables.${w.table} in ${planFile})`,
    });
  }

  for (const m of claims.unclaimed) {
    push('unclaimed-module', {
      file: m,
      line: 1,
      from: m,
      to: '',
      symbols: [],
      message: `${m} is a new module that no service claims`,
      fix: `add it (or its folder) to a service's modules, the kernel or unassigned in ${planFile}`,
    });
  }
  for (const a of claims.ambiguous) {
    push('ambiguous-module', {
      file: a.module,
      line: 1,
      from: a.module,
      to: a.owners.join(','),
      symbols: [],
      message: `${a.module} is claimed by ${a.owners.join(' and ')} with equally specific globs`,
      fix: `name it explicitly (its path) under the one it belongs to in ${planFile}: an explicit path wins over any glob`,
    });
  }
  return out;
}

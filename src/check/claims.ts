/**
 * Which part of an accepted plan each current module belongs to: a service, the kernel, the
 * modules left unassigned, or nothing (a new module nobody claimed). Globs are matched afresh on
 * every run, so a module that moved within a service's folder is simply re-matched.
 */
import type { AcceptedPlan } from '../shared/accepted-plan.js';
import { compareStrings } from '../shared/sort.js';
import { globMatcher, specificity } from './globs.js';

export type Owner = { kind: 'service'; service: string } | { kind: 'kernel' } | { kind: 'unassigned' };

export interface Claims {
  /** claimed modules and their owner */
  owner: ReadonlyMap<string, Owner>;
  /** modules no glob of the plan matches, sorted */
  unclaimed: string[];
  /** modules that two owners claim with equally specific globs, sorted */
  ambiguous: { module: string; owners: string[] }[];
  /** is `module` one of `service`'s API modules */
  isApi(service: string, module: string): boolean;
  /** service name of a module, when it belongs to a service */
  serviceOf(module: string): string | undefined;
}

export function ownerLabel(o: Owner): string {
  return o.kind === 'service' ? o.service : o.kind === 'kernel' ? '(kernel)' : '(unassigned)';
}

/** Every (owner, glob) entry of the plan, for matching and for the dependency-cruiser rules. */
export function ownerGlobs(plan: AcceptedPlan): { owner: Owner; glob: string }[] {
  const out: { owner: Owner; glob: string }[] = [];
  for (const [service, s] of Object.entries(plan.services)) for (const glob of s.modules) out.push({ owner: { kind: 'service', service }, glob });
  for (const glob of plan.kernel) out.push({ owner: { kind: 'kernel' }, glob });
  for (const glob of plan.unassigned) out.push({ owner: { kind: 'unassigned' }, glob });
  return out;
}

export function claimModules(plan: AcceptedPlan, modules: readonly string[]): Claims {
  const entries = ownerGlobs(plan).map((e) => ({ ...e, label: ownerLabel(e.owner), rank: specificity(e.glob), match: globMatcher(e.glob) }));
  const owner = new Map<string, Owner>();
  const unclaimed: string[] = [];
  const ambiguous: { module: string; owners: string[] }[] = [];
  for (const m of modules) {
    let best = -1;
    let winners: typeof entries = [];
    for (const e of entries) {
      if (e.rank < best || !e.match(m)) continue;
      if (e.rank > best) {
        best = e.rank;
        winners = [e];
      } else winners.push(e);
    }
    const labels = [...new Set(winners.map((w) => w.label))].sort(compareStrings);
    if (winners.length === 0) unclaimed.push(m);
    else if (labels.length > 1) ambiguous.push({ module: m, owners: labels });
    else owner.set(m, winners[0]!.owner);
  }
  const api = new Map(Object.entries(plan.services).map(([name, s]) => [name, s.api.map(globMatcher)]));
  return {
    owner,
    unclaimed: unclaimed.sort(compareStrings),
    ambiguous: ambiguous.sort((a, b) => compareStrings(a.module, b.module)),
    isApi: (service, module) => (api.get(service) ?? []).some((match) => match(module)),
    serviceOf: (module) => {
      const o = owner.get(module);
      return o?.kind === 'service' ? o.service : undefined;
    },
  };
}

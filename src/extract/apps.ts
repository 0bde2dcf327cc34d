/**
 * The app that runs a service's code: the app with entries whose folder holds its modules, else (a
 * monorepo whose domain code lives in workspace packages) the backend apps whose entries reach them at run
 * time. Its entry files start the service, its package.json and tsconfig are the service's models.
 */
import type { AppFact, Facts } from '../shared/facts.js';

export function appsOf(facts: Facts, modules: readonly string[]): AppFact[] {
  const all = facts.apps ?? [];
  // an app with no entry of its own (a workspace package a real app imports) starts nothing
  const holding = all.filter((a) => a.entries.length > 0 && modules.some((m) => a.root === '.' || m.startsWith(a.root + '/')));
  if (holding.length > 0) return holding;
  const own = new Set(modules);
  const next = new Map<string, string[]>();
  for (const e of facts.imports) if (e.kind !== 'type-only') next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const reaches = (entries: readonly string[]): boolean => {
    const seen = new Set<string>(entries);
    const queue = [...entries];
    while (queue.length > 0) {
      const m = queue.pop()!;
      if (own.has(m)) return true;
      for (const t of next.get(m) ?? []) {
        if (seen.has(t)) continue;
        seen.add(t);
        queue.push(t);
      }
    }
    return false;
  };
  return all.filter((a) => a.kind === 'backend' && reaches(a.entries));
}

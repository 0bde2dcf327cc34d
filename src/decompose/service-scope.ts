/**
 * Which modules a cut is made of. A monolith's repository also holds what is not backend:
 * frontends, SDKs, CLIs, tooling, scripts. Those are reported (facts.apps) and kept out of
 * services; a frontend's calls into the API are facts about clients, not modules to cut.
 *
 * The rule: service candidates are the modules a backend reaches, and the wiring that reaches
 * them. Backend evidence is an entry file of a backend or worker app, a module that registers
 * routes, and a module that declares or accesses a table; from there every import is followed
 * (any kind), never into the root of an app whose kind stays out of services (frontend, sdk, cli,
 * tooling; the config can say what each app is). Then the modules that import what was reached
 * join (composition roots no detector recognised), except in script folders (scripts, seeds,
 * migrations, tools, docs, examples): a seed script imports repositories, it is not a service.
 * A repository with no backend evidence at all keeps every module that is not inside such an
 * app or folder.
 */
import { NON_SERVICE_APP_KINDS, type AppConfig } from '../shared/config.js';
import type { AppFact, Facts } from '../shared/facts.js';
import { compareStrings } from '../shared/sort.js';
import { sameCutInput, sameIgnoringPositions } from './same-facts.js';

export interface ServiceScope {
  /** the modules the cut is made of */
  modules: Set<string>;
  /** modules left out, each with the reason */
  left: Array<{ module: string; reason: string }>;
}

type AppLike = Pick<AppFact, 'name' | 'kind' | 'root'> & { entries?: string[] };

/** Folders of code that runs beside the application, not in it. */
const SCRIPT_FOLDER = /(?:^|\/)(?:scripts?|seeds?|seeders?|seeding|migrations?|tools|bin|e2e|cypress|playwright|stories|storybook|docs?|examples?|samples?|benchmarks?|bench)\//;

/** The app each module lies in: the one with the longest root that contains it. */
function appOf(apps: readonly AppLike[], module: string): AppLike | undefined {
  let best: AppLike | undefined;
  for (const a of apps) {
    if (a.root !== '.' && !module.startsWith(`${a.root}/`)) continue;
    if (!best || a.root.length > best.root.length) best = a;
  }
  return best;
}

/**
 * The last scope worked out, with its facts and configured apps: a re-analysis whose facts differ
 * only in layout (lines moved, a file's size and hash) gets it back (the scope reads no position).
 */
let lastScope: { facts: Facts; configured: readonly AppConfig[] | undefined; scope: ServiceScope } | undefined;

export function serviceScope(facts: Facts, configured?: readonly AppConfig[]): ServiceScope {
  if (lastScope && sameIgnoringPositions(lastScope.configured, configured) && sameCutInput(lastScope.facts, facts)) {
    lastScope = { ...lastScope, facts };
  } else lastScope = { facts, configured, scope: scopeOf(facts, configured) };
  // callers may keep and change what they get: a copy each time
  return { modules: new Set(lastScope.scope.modules), left: lastScope.scope.left.map((l) => ({ ...l })) };
}

function scopeOf(facts: Facts, configured?: readonly AppConfig[]): ServiceScope {
  const detected: AppLike[] = facts.apps ?? [];
  // configured apps replace detected ones with the same root, and add the others
  const apps: AppLike[] = configured ? [...configured, ...detected.filter((d) => !configured.some((c) => c.root === d.root))] : detected;
  const outside = new Map<string, AppLike>();
  for (const m of facts.modules) {
    const app = appOf(apps, m.path);
    if (app && NON_SERVICE_APP_KINDS.includes(app.kind)) outside.set(m.path, app);
  }
  const present = new Set(facts.modules.map((m) => m.path));
  const seeds = new Set<string>();
  for (const a of apps) if (a.kind === 'backend' || a.kind === 'worker') for (const e of a.entries ?? []) if (present.has(e)) seeds.add(e);
  for (const r of facts.routes) seeds.add(r.module);
  // a seed script or a migration touches tables too: it is not backend evidence
  for (const e of facts.entities) if (!SCRIPT_FOLDER.test(e.module)) seeds.add(e.module);
  for (const d of facts.dataAccess) if (!SCRIPT_FOLDER.test(d.module)) seeds.add(d.module);
  for (const s of [...seeds]) if (outside.has(s) || !present.has(s)) seeds.delete(s);

  const modules = new Set<string>();
  const left: ServiceScope['left'] = [];
  const script = (m: string) => SCRIPT_FOLDER.test(m);
  if (seeds.size === 0) {
    for (const m of facts.modules) if (!outside.has(m.path) && !script(m.path)) modules.add(m.path);
  } else {
    const next = new Map<string, string[]>();
    const previous = new Map<string, string[]>();
    for (const e of facts.imports) {
      pushTo(next, e.from, e.to);
      pushTo(previous, e.to, e.from);
    }
    const walk = (start: Iterable<string>, edges: Map<string, string[]>, allow: (m: string) => boolean): void => {
      const queue = [...start].sort(compareStrings);
      for (let i = 0; i < queue.length; i++) {
        for (const m of edges.get(queue[i]!) ?? []) {
          if (modules.has(m) || !present.has(m) || outside.has(m) || !allow(m)) continue;
          modules.add(m);
          queue.push(m);
        }
      }
    };
    for (const s of seeds) modules.add(s);
    walk(seeds, next, () => true);
    walk([...modules], previous, (m) => !script(m));
  }
  if (modules.size === 0 && facts.modules.length > 0) {
    // nothing recognisably backend at all (every package looks like a frontend, say): cutting nothing
    // would hide the whole repository, so every module outside script folders and non-service apps stays a candidate
    for (const m of facts.modules) if (!script(m.path) && !outside.has(m.path)) modules.add(m.path);
  }
  for (const m of facts.modules) {
    if (modules.has(m.path)) continue;
    const app = outside.get(m.path);
    left.push({ module: m.path, reason: app ? `in ${app.name} (${app.kind})` : script(m.path) ? 'a script, migration, tool or example folder' : 'no backend entry, route or table reaches it' });
  }
  return { modules, left };
}

function pushTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The facts about `keep` only: every fact naming a module outside it is dropped. */
export function restrictFacts(facts: Facts, keep: ReadonlySet<string>): Facts {
  if (keep.size === facts.modules.length) return facts;
  const k = (m: string) => keep.has(m);
  return {
    ...facts,
    modules: facts.modules.filter((m) => k(m.path)),
    imports: facts.imports.filter((e) => k(e.from) && k(e.to)),
    externalImports: facts.externalImports.filter((e) => k(e.from)),
    symbols: facts.symbols.filter((s) => k(s.from) && k(s.to)),
    routes: facts.routes.filter((r) => k(r.module)),
    entities: facts.entities.filter((e) => k(e.module)),
    dataAccess: facts.dataAccess.filter((d) => k(d.module)),
    sharedState: facts.sharedState.filter((s) => k(s.module)).map((s) => ({ ...s, users: s.users.filter(k) })),
    coChange: facts.coChange.filter((c) => k(c.a) && k(c.b)),
    authors: facts.authors.filter((a) => k(a.module)),
  };
}

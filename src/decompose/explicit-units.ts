/**
 * The code's own boundaries, as strong evidence for the cut: the units its authors declared.
 *
 * - NestJS modules (facts.units): a `@Module` claims the files of its controllers and providers
 *   and, as a feature folder, every file under its own folder (entities, DTOs, repositories,
 *   guards follow their module). A module in a folder under another module's folder (a feature's
 *   persistence or uploader module) is part of that feature. Roots claim nothing: a composition
 *   module (`app.module.ts`), a module imported by none whose folder holds two or more other
 *   modules' folders, and a module that only imports others (an aggregate of features).
 * - Workspace packages that declare no NestJS module: a library package used by one backend app is
 *   one unit; one used by several apps (or named for shared code) is the shared kernel's.
 *
 * - Domain folders, where no module claims the code: a folder named for a domain noun of the
 *   repository (a table, an entity, a route path segment: `companies`, `tasks`, `account`) is that
 *   feature's, and the same noun across layer roots is one feature (`api/admin/companies`,
 *   `modules/company` and `workflows/company` are the company feature). A file belongs to the first
 *   such folder on its path. A folder holding two or more of them (`resources/users`,
 *   `resources/token`) is where the authors put features: its other sub-folders are features too
 *   (`resources/account`), named by the folder.
 *
 * A unit is infrastructure, for the kernel, when its name or folder says so (config, database,
 * prisma, logger, shared, common, core...) and it serves no route: what every service needs, not a
 * capability. The others each seed a service (granularity follows the explicit units); the rest of
 * the modules are placed by coupling. A layered repository (controllers/, services/) declares no
 * such units: it is cut by coupling alone.
 */
import type { AppFact, Facts } from '../shared/facts.js';
import { compareStrings } from '../shared/sort.js';
import { hasCompositionName, INFRASTRUCTURE_FOLDERS, isRouteNoise, LAYER_WORDS, stem, tokens } from './vocabulary.js';

export interface ExplicitUnit {
  /** anchor key: `name:<name>`, the key a user pin or seed naming that service has too */
  key: string;
  /** the service name it suggests (`OrdersModule` -> `orders`) */
  name: string;
  kind: 'nest-module' | 'package' | 'domain-folder';
  /** the modules it claims (in the cut's scope), sorted */
  modules: string[];
  /** infrastructure: its modules go to the shared kernel */
  kernel: boolean;
  /** why it is a unit (and why kernel, when it is) */
  reason: string;
  /** what a module it places in a service says: `NestJS module OrdersModule (src/orders/orders.module.ts)` */
  evidence: string;
}

export interface ExplicitUnits {
  units: ExplicitUnit[];
  /** module -> the unit that claims it */
  unitOf: Map<string, ExplicitUnit>;
}

/** Infrastructure a unit's name can announce (beyond the shared-code folder words). */
const INFRA_UNIT_WORDS = new Set([
  'config', 'configuration', 'database', 'db', 'prisma', 'typeorm', 'mongoose', 'mikro', 'orm', 'knex', 'sequelize', 'redis', 'cache',
  'logger', 'logging', 'log', 'shared', 'common', 'core', 'infra', 'infrastructure', 'utils', 'util', 'helpers', 'lib', 'global',
  'pubsub', 'health', 'i18n', 'throttler', 'terminus', 'env', 'settings', 'telemetry', 'metrics', 'tracing', 'sentry',
]);

const dirOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const under = (dir: string, path: string): boolean => dir === '' || path.startsWith(`${dir}/`);

/** `OrdersModule` -> `orders`; `@acme/billing-lib` -> `billing-lib`. */
function unitName(raw: string): string {
  const words = tokens(raw.replace(/^@[^/]+\//, ''));
  const trimmed = words.length > 1 && words[words.length - 1] === 'module' ? words.slice(0, -1) : words;
  return trimmed.join('-') || raw;
}

/** Folders a package layout puts code in (`packages/billing/src/lib/`): they name no role. */
const PACKAGING_FOLDERS = new Set(['src', 'lib']);

/**
 * Infrastructure by the unit's own name, or by the name of its own folder (`src/config/`,
 * `libs/shared/`). The folders a package layout adds are looked through: a module in
 * `packages/plugins/registry/src/lib/` is named by `registry`, not by `lib`.
 */
function infraByName(name: string, folder: string): boolean {
  const words = tokens(name);
  const named = words.length > 0 && words.every((w) => INFRA_UNIT_WORDS.has(w) || w === 'module');
  const dirs = folder.split('/').filter((d) => d !== '');
  while (dirs.length > 1 && PACKAGING_FOLDERS.has(dirs.at(-1)!.toLowerCase())) dirs.pop();
  const last = dirs.at(-1) ?? '';
  return named || INFRASTRUCTURE_FOLDERS.has(last) || INFRA_UNIT_WORDS.has(last);
}

function nestUnits(facts: Facts, scope: ReadonlySet<string>, routed: ReadonlySet<string>): ExplicitUnit[] {
  const declared = facts.units?.filter((u) => u.kind === 'nest-module' && scope.has(u.module)) ?? [];
  if (declared.length === 0) return [];
  const folders = declared.map((u) => dirOf(u.module));
  // the root: imported by no other module, its folder holding two or more other modules' folders
  // (`AppModule` in `src/`); it claims only its parts. A feature module holding its own sub-modules
  // (persistence, uploaders) is imported by the root, so it stays a feature.
  // A module named as a composition root (`app.module.ts`) is one as well, whatever its folder holds.
  const imported = new Set(declared.flatMap((u) => u.imports));
  // A module that only imports others (no controller, no provider of its own: `AccountsModule`
  // grouping auth, teams and users) aggregates features and absorbs none of them.
  const root = declared.map(
    (u, i) =>
      hasCompositionName(u.module) ||
      (u.members.length === 0 && u.imports.length >= 2) ||
      (!imported.has(u.id) && folders.filter((f, j) => j !== i && f !== folders[i] && under(folders[i]!, f)).length >= 2),
  );
  // one module of substance is no structure to cut along: the repository does not use modules as boundaries
  if (root.filter((r) => !r).length < 2) return [];
  // A module inside another (non-root) module's folder is part of that outer feature (its
  // persistence, its uploader, its API layer), unless it is a feature of its own: it serves
  // routes or declares an entity, it does not import the module enclosing it (one that does
  // extends that feature and cannot run without it: `field/open-api`), and the folders between
  // the two are named for the domain, not for a technical layer (`tasks/statuses/` is a feature;
  // `files/infrastructure/uploader/` is part of files).
  const entityFiles = [...new Set(facts.entities.map((e) => e.module))];
  const ownsSomething = declared.map((u, i) => [u.module, ...u.members].some((m) => routed.has(m)) || entityFiles.some((m) => under(folders[i]!, m)));
  const enclosing = (i: number): number | undefined => {
    let best: number | undefined;
    declared.forEach((_, j) => {
      if (j === i || root[j] || folders[j] === folders[i] || !under(folders[j]!, `${folders[i]}/x`)) return;
      if (best === undefined || folders[j]!.length > folders[best]!.length) best = j;
    });
    return best;
  };
  const standsAlone = declared.map((_, i) => {
    const outer = enclosing(i);
    if (outer === undefined) return true;
    const between = folders[i]!.slice(folders[outer]!.length + 1).split('/');
    return ownsSomething[i]! && !declared[i]!.imports.includes(declared[outer]!.id) && between.every((d) => !LAYER_WORDS.has(d.toLowerCase()) && !INFRASTRUCTURE_FOLDERS.has(d.toLowerCase()) && !INFRA_UNIT_WORDS.has(d.toLowerCase()));
  });
  // each module's feature: a module standing alone is its own (the first of its folder, when a
  // folder declares two); any other joins the nearest feature whose folder holds it
  const rep = declared.map((_, i) => {
    if (root[i]) return i;
    let best: number | undefined;
    declared.forEach((__, j) => {
      if (root[j] || !standsAlone[j]) return;
      const fits = standsAlone[i] ? folders[j] === folders[i] : under(folders[j]!, `${folders[i]}/x`);
      if (!fits) return;
      if (best === undefined || folders[j]!.length > folders[best]!.length || (folders[j]!.length === folders[best]!.length && j < best)) best = j;
    });
    return best ?? i;
  });
  const claims = new Map<string, number[]>();
  const claim = (module: string, i: number): void => {
    if (!scope.has(module)) return;
    const r = rep[i]!;
    const list = claims.get(module);
    if (list) {
      if (!list.includes(r)) list.push(r);
    } else claims.set(module, [r]);
  };
  declared.forEach((u, i) => {
    if (root[i]) return;
    claim(u.module, i);
    for (const m of u.members) claim(m, i);
  });
  // a file listed by several modules belongs to the one whose folder holds it, else to none (coupling decides)
  const owner = new Map<string, number>();
  for (const [m, list] of claims) {
    if (list.length === 1) owner.set(m, list[0]!);
    else {
      const home = list.filter((i) => !root[i] && under(folders[i]!, m)).sort((a, b) => folders[b]!.length - folders[a]!.length);
      if (home.length > 0) owner.set(m, home[0]!);
    }
  }
  // feature folders: the deepest non-root module folder holding the file
  for (const m of [...scope].sort(compareStrings)) {
    if (owner.has(m) || claims.has(m)) continue;
    let best = -1;
    declared.forEach((_, i) => {
      if (root[i] || rep[i] !== i || !under(folders[i]!, m)) return;
      if (best < 0 || folders[i]!.length > folders[best]!.length) best = i;
    });
    if (best >= 0) owner.set(m, best);
  }
  const modulesOf = declared.map(() => [] as string[]);
  for (const [m, i] of owner) modulesOf[i]!.push(m);
  const used = new Map<string, number>();
  return declared.flatMap((u, i) => {
    if (root[i] || rep[i] !== i) return [];
    const modules = modulesOf[i]!.sort(compareStrings);
    if (modules.length === 0) return [];
    let name = unitName(u.name);
    const n = (used.get(name) ?? 0) + 1;
    used.set(name, n);
    if (n > 1) name = `${name}-${n}`;
    const serves = modules.some((m) => routed.has(m));
    const kernel = !serves && infraByName(u.name, folders[i]!);
    return [
      {
        key: `name:${name}`,
        name,
        kind: 'nest-module' as const,
        modules,
        kernel,
        reason: kernel ? `${u.name} (${u.module}): infrastructure by its name or folder, serves no route` : `${u.name} (${u.module}) and its folder`,
        evidence: `NestJS module ${u.name} (${u.module})`,
      },
    ];
  });
}

function packageUnits(facts: Facts, scope: ReadonlySet<string>, taken: ReadonlySet<string>, routed: ReadonlySet<string>): ExplicitUnit[] {
  const apps: AppFact[] = facts.apps ?? [];
  const backends = apps.filter((a) => a.kind === 'backend' || a.kind === 'worker');
  const libraries = apps.filter((a) => a.kind === 'library' && a.root !== '.');
  if (libraries.length === 0) return [];
  const appOf = (m: string): AppFact | undefined => backends.filter((a) => a.root === '.' || m.startsWith(`${a.root}/`)).sort((a, b) => b.root.length - a.root.length)[0];
  const out: ExplicitUnit[] = [];
  for (const lib of libraries) {
    const modules = [...scope].filter((m) => m.startsWith(`${lib.root}/`) && !taken.has(m)).sort(compareStrings);
    if (modules.length === 0) continue;
    const inLib = new Set(modules);
    const users = new Set<string>();
    for (const e of facts.imports) {
      if (!inLib.has(e.to) || inLib.has(e.from)) continue;
      const app = appOf(e.from);
      if (app) users.add(app.root);
    }
    const name = unitName(lib.name);
    const serves = modules.some((m) => routed.has(m));
    const shared = !serves && (users.size >= 2 || infraByName(lib.name, lib.root));
    out.push({
      key: `name:${name}`,
      name,
      kind: 'package',
      modules,
      kernel: shared,
      reason: shared ? `package ${lib.name}: ${users.size >= 2 ? `used by ${users.size} apps` : 'infrastructure by its name'}` : `package ${lib.name}`,
      evidence: `workspace package ${lib.name}`,
    });
  }
  return out;
}

/** A folder or noun as a comparable key: `free-shipping`, `approval_settings` -> words stemmed and joined. */
const nounKey = (name: string): string => tokens(name).map(stem).join('-');

/** The repository's domain nouns (its tables, its entities, the words of its routes' paths), each with where it was first seen: `table orders`. */
function domainNouns(facts: Facts): Map<string, string> {
  const out = new Map<string, string>();
  const add = (name: string, source: string) => {
    const key = nounKey(name);
    if (key && !out.has(key) && !tokens(name).every((w) => LAYER_WORDS.has(w))) out.set(key, source);
  };
  for (const e of facts.entities) {
    add(e.table, `table ${e.table}`);
    add(e.name, `entity ${e.name}`);
  }
  for (const d of facts.dataAccess) add(d.table, `table ${d.table}`);
  for (const r of facts.routes) for (const seg of r.path.split('/')) if (seg && !isRouteNoise(seg) && /^[A-Za-z][\w-]*$/.test(seg)) add(seg, `route ${r.path}`);
  return out;
}

function folderUnits(facts: Facts, scope: ReadonlySet<string>, taken: ReadonlySet<string>, routed: ReadonlySet<string>): ExplicitUnit[] {
  const nouns = domainNouns(facts);
  if (nouns.size === 0) return [];
  const candidates = [...scope].sort(compareStrings).filter((m) => !taken.has(m));
  const nounFolder = (m: string): number => m.split('/').slice(0, -1).findIndex((d) => !LAYER_WORDS.has(d.toLowerCase()) && nouns.has(nounKey(d)));
  // A folder holding two or more domain folders (`resources/users`, `resources/token`) is where
  // its authors put features: its other sub-folders are features too (`resources/account`), even
  // when no table or route names them.
  const featuresIn = new Map<string, Set<string>>();
  for (const m of candidates) {
    const i = nounFolder(m);
    if (i < 0) continue;
    const dirs = m.split('/');
    const parent = dirs.slice(0, i).join('/');
    featuresIn.set(parent, (featuresIn.get(parent) ?? new Set()).add(dirs[i]!));
  }
  // a sibling folder is a feature only if it does something: serves a route or reads or writes a table
  const active = new Set([...routed, ...facts.dataAccess.map((d) => d.module)]);
  const activeFolders = new Map<string, boolean>();
  const siblingOf = new Map<string, string>();
  const byNoun = new Map<string, { modules: string[]; spellings: Map<string, number> }>();
  for (const m of candidates) {
    const dirs = m.split('/').slice(0, -1);
    let i = nounFolder(m);
    if (i < 0) {
      i = dirs.findIndex((d, j) => (featuresIn.get(dirs.slice(0, j).join('/'))?.size ?? 0) >= 2 && !LAYER_WORDS.has(d.toLowerCase()) && !INFRASTRUCTURE_FOLDERS.has(d.toLowerCase()) && !d.startsWith('_'));
      if (i < 0) continue;
      const parent = dirs.slice(0, i).join('/');
      const folder = `${dirs.slice(0, i + 1).join('/')}/`;
      if (!activeFolders.has(folder)) activeFolders.set(folder, candidates.some((c) => c.startsWith(folder) && active.has(c)));
      if (!activeFolders.get(folder)) continue;
      siblingOf.set(nounKey(dirs[i]!), `beside ${[...featuresIn.get(parent)!].sort(compareStrings).join(', ')} in ${parent}`);
    }
    const feature = dirs[i]!;
    const key = nounKey(feature);
    const entry = byNoun.get(key) ?? { modules: [], spellings: new Map<string, number>() };
    entry.modules.push(m);
    entry.spellings.set(feature, (entry.spellings.get(feature) ?? 0) + 1);
    byNoun.set(key, entry);
  }
  const out: ExplicitUnit[] = [];
  for (const [noun, { modules, spellings }] of [...byNoun].sort((a, b) => compareStrings(a[0], b[0]))) {
    // one file is no feature folder
    if (modules.length < 2) continue;
    // named as its folders are spelled most often (`orders`, not the stem `order`)
    const name = [...spellings].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]))[0]![0].toLowerCase();
    const serves = modules.some((m) => routed.has(m));
    out.push({
      key: `name:${name}`,
      name,
      kind: 'domain-folder',
      modules,
      kernel: false,
      reason: `the ${noun} feature's folders${serves ? '' : ' (it serves no route)'}`,
      evidence: `domain folder ${name} (${nouns.get(noun) ?? siblingOf.get(noun)!})`,
    });
  }
  return out;
}

export function explicitUnits(facts: Facts, scope: ReadonlySet<string>): ExplicitUnits {
  const routed = new Set(facts.routes.map((r) => r.module));
  const nest = nestUnits(facts, scope, routed);
  const taken = new Set(nest.flatMap((u) => u.modules));
  const packages = packageUnits(facts, scope, taken, routed);
  for (const u of packages) for (const m of u.modules) taken.add(m);
  const units = [...nest, ...packages, ...folderUnits(facts, scope, taken, routed)];
  const seen = new Set<string>();
  for (const u of units) {
    // two units with one name (a module and a package): keep the keys apart
    for (let k = 2; seen.has(u.key); k++) u.key = `name:${u.name}-${k}`;
    seen.add(u.key);
  }
  const unitOf = new Map<string, ExplicitUnit>();
  for (const u of units) for (const m of u.modules) if (!unitOf.has(m)) unitOf.set(m, u);
  return { units, unitOf };
}

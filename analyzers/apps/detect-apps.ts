/**
 * The repository's deployables (facts.apps): backend apps, workers, frontends, CLIs, SDKs,
 * libraries and tooling, each with its root folder and entry files.
 *
 * Units are the folders with a package.json (declared workspaces or not). Inside a unit, the
 * files that start something (entry-signals.ts), the route modules and, with Next.js, the page
 * files are grouped by the app they belong to: the nearest folder below the unit holding a
 * package.json, project.json or tsconfig*.json, else the unit's first-level folder unless it is
 * a plain source folder (`src`, `lib`, `app`...), so `server/` and `client/` of one package
 * become two apps while `src/` stays the package. Each group's kind follows from its evidence:
 * an HTTP server or routes make a backend, a worker start a worker, a mounted UI a frontend.
 * A unit without entries is a CLI (a `bin`), tooling (config packages), a frontend (a UI
 * framework dependency), an SDK (`sdk`/`client` in its name) or a library.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppFact, AppKind } from '../../src/shared/facts.js';
import { compareStrings, sortByKeys } from '../../src/shared/sort.js';
import type { ManifestInfo } from '../core/plugins.js';
import type { EntrySignals } from './entry-signals.js';

export interface AppDetectionInput {
  rootDir: string;
  modules: readonly string[];
  /** every package.json of the repository */
  packages: readonly ManifestInfo[];
  /** per module, what it starts */
  entries: ReadonlyMap<string, EntrySignals>;
  /** module -> framework of the routes it registers */
  routeModules: ReadonlyMap<string, string>;
  /** every dependency named by a package.json of the repository */
  repoDependencies: ReadonlySet<string>;
}

const PLAIN_SOURCE_FOLDERS = new Set(['src', 'lib', 'source', 'app', 'pages', 'routes', 'api', 'modules', 'controllers', 'server-src']);
const MARKERS = ['package.json', 'project.json', 'tsconfig.json', 'tsconfig.app.json'];
/** An HTTP server framework in a package's dependencies makes its `x.listen(port)` a server start. */
const SERVER_DEPENDENCIES = ['express', 'koa', 'fastify', 'hono', '@hono/node-server', '@nestjs/core', '@hapi/hapi', 'restify', 'polka', 'h3', 'connect', 'micro', 'socket.io', 'ws', 'apollo-server', '@apollo/server'];
const UI_DEPENDENCIES = ['react-dom', 'vue', '@angular/core', 'svelte', 'solid-js', 'react-native', 'preact', 'nuxt', 'expo'];
const TOOLING_NAME = /(?:^|[-/@])(?:eslint|prettier|tsconfig|jest|babel|commitlint|stylelint|tailwind)(?:-config|-preset|-plugin)?(?:[-/]|$)/;
const SDK_NAME = /(?:^|[-/@])(?:sdk|client|api-client|js-client)(?:[-/]|$)/;
/** Next.js pages and layouts (app router) and pages-router pages: what a browser loads. */
const NEXT_PAGE = /(?:^|\/)app\/(?:.*\/)?(?:page|layout|template|loading|error|not-found)\.[jt]sx$|(?:^|\/)pages\/(?!api\/).*\.[jt]sx$/;

interface Group {
  root: string;
  unit: ManifestInfo | undefined;
  server: string[];
  worker: string[];
  ui: Array<{ module: string; framework: string }>;
  routes: Array<{ module: string; framework: string }>;
}

function unitOf(packages: readonly ManifestInfo[], file: string): ManifestInfo | undefined {
  let best: ManifestInfo | undefined;
  for (const p of packages) {
    if (p.dir !== '.' && !file.startsWith(p.dir + '/')) continue;
    if (!best || p.dir.length > best.dir.length) best = p;
  }
  return best;
}

const NO_DEPENDENCIES: ReadonlySet<string> = new Set();
const dependenciesOf = (p: ManifestInfo | undefined): ReadonlySet<string> => p?.dependencies ?? NO_DEPENDENCIES;

/** The app folder of a file inside its unit (see the file comment). */
function appRoot(rootDir: string, unitDir: string, file: string, markerCache: Map<string, boolean>): string {
  const base = unitDir === '.' ? '' : `${unitDir}/`;
  const rest = file.slice(base.length).split('/').slice(0, -1);
  for (let i = rest.length; i >= 1; i--) {
    const dir = base + rest.slice(0, i).join('/');
    let has = markerCache.get(dir);
    if (has === undefined) {
      has = MARKERS.some((m) => existsSync(join(rootDir, dir, m)));
      markerCache.set(dir, has);
    }
    if (has) return dir;
  }
  const first = rest[0];
  if (first === undefined || PLAIN_SOURCE_FOLDERS.has(first)) return unitDir;
  return base + first;
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]))[0]?.[0];
}

function nameOf(root: string, unit: ManifestInfo | undefined): string {
  const base = root === '.' ? '' : root.split('/').pop()!;
  const unitName = unit?.name ?? (unit && unit.dir !== '.' ? unit.dir.split('/').pop() : undefined);
  if (unit && unit.dir === root) return unitName ?? (base || 'app');
  if (unit && unit.dir !== '.' && unitName) return `${unitName}/${root.slice(unit.dir.length + 1)}`;
  return base || unitName || 'app';
}

export function detectApps(input: AppDetectionInput): AppFact[] {
  const markerCache = new Map<string, boolean>();
  // each module's unit, found once (a monorepo has hundreds of packages and thousands of modules)
  const units = new Map<string, ManifestInfo | undefined>();
  const unitOfModule = (module: string): ManifestInfo | undefined => {
    if (!units.has(module)) units.set(module, unitOf(input.packages, module));
    return units.get(module);
  };
  const groups = new Map<string, Group>();
  const usesNext = input.repoDependencies.has('next');
  const groupOf = (module: string): Group => {
    const unit = unitOfModule(module);
    const root = appRoot(input.rootDir, unit?.dir ?? '.', module, markerCache);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { root, unit, server: [], worker: [], ui: [], routes: [] }));
    return g;
  };
  for (const module of input.modules) {
    const s = input.entries.get(module);
    // `x.listen(port)` starts a server only in a package that has a server framework (an event emitter listens too)
    const serves = s?.server === 'start' || (s?.server === 'listen' && SERVER_DEPENDENCIES.some((d) => dependenciesOf(unitOfModule(module)).has(d) || s.imports?.includes(d)));
    if (serves) groupOf(module).server.push(module);
    if (s?.worker) groupOf(module).worker.push(module);
    if (s?.ui) groupOf(module).ui.push({ module, framework: s.ui });
    else if (usesNext && NEXT_PAGE.test(module) && dependenciesOf(unitOfModule(module)).has('next')) groupOf(module).ui.push({ module, framework: 'nextjs' });
    const framework = input.routeModules.get(module);
    if (framework !== undefined) groupOf(module).routes.push({ module, framework });
  }

  const apps: AppFact[] = [];
  const covered = new Set<string>();
  for (const g of groups.values()) {
    let kind: AppKind;
    let framework: string | undefined;
    let entries: string[];
    if (g.server.length > 0 || g.routes.length > 0) {
      kind = 'backend';
      framework = mostCommon(g.routes.map((r) => r.framework));
      entries = g.server.length > 0 ? g.server : [];
    } else if (g.worker.length > 0) {
      kind = 'worker';
      entries = g.worker;
    } else {
      kind = 'frontend';
      framework = mostCommon(g.ui.map((u) => u.framework));
      entries = g.ui.map((u) => u.module).filter((m) => input.entries.get(m)?.ui !== undefined);
      if (entries.length === 0) entries = g.ui.map((u) => u.module).slice(0, 1);
    }
    const app: AppFact = { name: nameOf(g.root, g.unit), kind, root: g.root, entries: [...new Set(entries)].sort(compareStrings) };
    if (framework !== undefined) app.framework = framework;
    apps.push(app);
    covered.add(g.root);
  }

  // packages that start nothing (and hold no app found above): what they are follows from their manifest
  const inside = (dir: string, root: string) => dir === '.' || root === dir || root.startsWith(`${dir}/`);
  const holdingModules = new Set(input.modules.map(unitOfModule));
  for (const p of input.packages) {
    if ([...covered].some((root) => inside(p.dir, root))) continue;
    if (!holdingModules.has(p)) continue;
    const deps = dependenciesOf(p);
    const name = p.name ?? (p.dir === '.' ? 'root' : p.dir.split('/').pop()!);
    let kind: AppKind;
    if (p.bin) kind = 'cli';
    else if (TOOLING_NAME.test(name)) kind = 'tooling';
    else if (UI_DEPENDENCIES.some((d) => deps.has(d))) kind = 'frontend';
    else if (SDK_NAME.test(name)) kind = 'sdk';
    else kind = 'library';
    apps.push({ name, kind, root: p.dir, entries: [] });
  }
  return sortByKeys(apps, (a) => a.root, (a) => a.name);
}

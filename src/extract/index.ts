/**
 * extractService(input) -> Artifact[]: the first real extraction of one service (`seam extract`).
 * Pure, like the exporters: it gets the repository's texts from the shell and returns files.
 *
 *   service/            the service's own code (copied, imports rewritten), its wiring (the monolith's
 *                       composition modules pruned to this service), generated clients of what it
 *                       calls and the internal endpoints of what it serves (src/seam/), package.json,
 *                       tsconfig.json, Dockerfile, README.md
 *   service/kernel/     the shared-kernel code it needs, as a local package it depends on
 *   monolith.patch      the monolith's side as a unified diff (git apply): its callers of the service
 *                       use clients, its composition modules stop wiring the service, the service's
 *                       code is gone (kept sliced where it is still a contract)
 *   monolith-files.json the same changes as data (the shell writes the patched tree from it)
 *   gateway/            the strangler phase that routes the service's paths to it (nginx, Kong, Envoy)
 *   EXTRACTION.md, extraction.json   what could not be carried over, each with file:line and a fix
 */
import { ts } from 'ts-morph';
import { compareRoutes, pathPattern } from '../plan/index.js';
import { render } from '../export/index.js';
import type { Decomposition } from '../shared/decomposition.js';
import { InputError } from '../shared/errors.js';
import type { Facts } from '../shared/facts.js';
import { MONOLITH, type Artifact, type GatewayRoute, type MigrationPlan, type ServicePlan } from '../shared/plan.js';
import { compareStrings } from '../shared/sort.js';
import { appsOf } from './apps.js';
import { carve, uniqueItems, type CarveResult } from './carve.js';
import { importedPackages, packageFiles, type PrismaBuild, type WorkspaceManifest } from './package-files.js';
import { prismaGenerators } from './prisma-client.js';
import { unifiedDiff } from './unified-diff.js';

export { appsOf } from './apps.js';
export { relativeSpecifier } from './carve.js';
export type { CarveProblem } from './carve.js';

export interface ExtractInput {
  facts: Facts;
  decomposition: Decomposition;
  plan: MigrationPlan;
  /** service id, name or slug */
  service: string;
  sources: ReadonlyMap<string, string>;
  /** the app's package.json text and its repo-relative path */
  manifest?: { path: string; text: string };
  /** the monolith's lockfile nearest the app (package-lock.json, yarn.lock, pnpm-lock.yaml) */
  lockfile?: { path: string; text: string };
  /** the app's tsconfig: repo-relative path and text (JSON with comments) */
  tsconfig?: { path: string; text: string };
  /** files code generators need (an ORM schema: `prisma/schema.prisma`), repo-relative path -> text */
  assets?: ReadonlyMap<string, string>;
  /** the repository's declaration files (`.d.ts`), repo-relative path -> text */
  declarations?: ReadonlyMap<string, string>;
  /** the declaration files the app's compiler sees without an import (at its root, listed by its tsconfig), wherever they are */
  appDeclarations?: readonly string[];
  /** the repository's workspace packages, in scope or not (facts.packages when not given) */
  workspacePackages?: readonly WorkspaceManifest[];
  /** the compiler options a folder's code was compiled with (its nearest tsconfig), to keep each tree's checks no stricter than its code's own */
  compilerOptionsOf?: (dir: string) => Record<string, unknown> | undefined;
  /** whether the analyzed scope excludes a repo-relative file (the config's exclude globs) */
  excluded?: (path: string) => boolean;
  /** services extracted before this one (their extraction.json): the gateway phase keeps routing to them */
  previous?: readonly PreviousExtraction[];
}

/** What a later phase needs to know of an earlier extraction: who it is and the routes it serves. */
export interface PreviousExtraction {
  service: { id: string; name: string; slug: string };
  routes: { method: string; path: string; operation: string }[];
}

/** A declaration file that adds to the global scope or to a package's types (`declare global`, `declare module 'express'`, or a script without imports and exports): the code relies on it without importing it. */
/** Checks `strict` turns on (each defaults to `strict`'s value), and checks off unless set. */
const STRICT_CHECKS = ['noImplicitAny', 'noImplicitThis', 'alwaysStrict', 'strictBindCallApply', 'strictFunctionTypes', 'strictNullChecks', 'strictPropertyInitialization', 'useUnknownInCatchVariables', 'strictBuiltinIteratorReturn'];
const OTHER_CHECKS = ['noUnusedLocals', 'noUnusedParameters', 'noImplicitReturns', 'noFallthroughCasesInSwitch', 'noUncheckedIndexedAccess', 'exactOptionalPropertyTypes', 'noImplicitOverride', 'noPropertyAccessFromIndexSignature'];

/** `base` with every check that some of `others` leaves off turned off too (explicitly). */
export function weakestChecks(base: Record<string, unknown>, others: readonly Record<string, unknown>[]): Record<string, unknown> {
  const on = (o: Record<string, unknown>, flag: string): boolean => (typeof o[flag] === 'boolean' ? (o[flag] as boolean) : STRICT_CHECKS.includes(flag) ? o.strict === true : false);
  const out = { ...base };
  for (const flag of [...STRICT_CHECKS, ...OTHER_CHECKS]) if (on(base, flag) && others.some((o) => !on(o, flag))) out[flag] = false;
  return out;
}

function isAmbient(text: string): boolean {
  return /\bdeclare\s+(global|module|namespace)\b/.test(text) || !/^\s*(import|export)\b/m.test(text);
}

export interface ExtractReportItem {
  kind: string;
  side: 'service' | 'monolith';
  file: string;
  line: number;
  message: string;
  fix: string;
}

export interface ExtractResult {
  service: ServicePlan;
  artifacts: Artifact[];
  report: ExtractReportItem[];
  /** monolith changes: path -> new text (added or changed), and deleted paths */
  monolith: { changed: Record<string, string>; deleted: string[] };
  carve: CarveResult;
}

export function findService(plan: MigrationPlan, name: string): ServicePlan {
  const s = plan.services.find((x) => x.id === name || x.name === name || x.slug === name);
  if (!s) throw new InputError(`extract: no service '${name}' in the cut; the services are ${plan.services.map((x) => x.slug).join(', ') || '(none)'}`, 'unknown-service');
  return s;
}

function readTsconfig(tsconfig: { path: string; text: string } | undefined): Record<string, unknown> | undefined {
  if (!tsconfig) return undefined;
  // JSON with comments and trailing commas, read by TypeScript's own reader (never required)
  const parsed = ts.parseConfigFileTextToJson(tsconfig.path, tsconfig.text) as { config?: { compilerOptions?: Record<string, unknown> } };
  return parsed.config?.compilerOptions;
}

/** The routes this extraction hands to the service, as extraction.json records them for later phases. */
export function serviceRoutes(service: ServicePlan): PreviousExtraction['routes'] {
  return service.operations.flatMap((o) => (o.kind === 'route' ? [{ method: o.method, path: o.path, operation: o.id }] : []));
}

function gatewayArtifacts(plan: MigrationPlan, service: ServicePlan, previous: readonly PreviousExtraction[]): Artifact[] {
  const served = [...previous.filter((p) => p.service.slug !== service.slug), { service: { id: service.id, name: service.name, slug: service.slug }, routes: serviceRoutes(service) }];
  const routes: GatewayRoute[] = served
    .flatMap((p) => p.routes.map((r) => ({ method: r.method, path: r.path, pattern: pathPattern(r.path), service: p.service.id, group: p.service.slug, operation: r.operation })))
    .sort(compareRoutes);
  const limit = (id: string): { requestsPerSecond: number; burst: number } => plan.gateway.groups.find((g) => g.id === id)?.rateLimit ?? { requestsPerSecond: 50, burst: 100 };
  const groups = [
    { id: MONOLITH, service: null, rateLimit: limit(MONOLITH), auth: 'monolith' as const },
    // the services run the monolith's own auth middleware (their wiring is the monolith's): no hook
    ...served.map((p) => ({ id: p.service.slug, service: p.service.id, rateLimit: limit(p.service.slug), auth: 'monolith' as const })),
  ];
  const services: ServicePlan[] = served.map((p) => (p.service.id === service.id ? service : { ...service, ...p.service, modules: [], operations: [], calls: [], contracts: [], schemas: {}, owns: [], reads: [], dependsOn: [], reasons: [] }));
  const ids = served.map((p) => p.service.id);
  const phasePlan: MigrationPlan = { ...plan, services, waves: [{ index: 1, services: ids, reasons: [`seam extract ${served.map((p) => p.service.slug).join(', ')}`] }], gateway: { groups, phases: [{ index: 1, services: ids, routes }] } };
  return render(phasePlan, 'gateway').map((a) => ({ path: a.path, contents: a.contents }));
}

function reportItems(input: ExtractInput, service: ServicePlan, result: CarveResult, prisma: readonly PrismaBuild[], appRoot: string): ExtractReportItem[] {
  const items: ExtractReportItem[] = result.problems.map((p) => ({ ...p }));
  // Prisma's CLI finds a schema at prisma/schema.prisma or schema.prisma, or where the manifest or a config names it
  let named: unknown;
  try {
    named = input.manifest ? (JSON.parse(input.manifest.text) as { prisma?: { schema?: unknown } }).prisma?.schema : undefined;
  } catch {
    named = undefined;
  }
  const manifestDir = input.manifest?.path.split('/').slice(0, -1).join('/') ?? '';
  const base = appRoot === '.' ? '' : `${appRoot}/`;
  const found = new Set([`${base}prisma/schema.prisma`, `${base}schema.prisma`, ...(typeof named === 'string' ? [(manifestDir ? `${manifestDir}/` : '') + named.replace(/^\.\//, '')] : [])]);
  // the repository's own packages the copied code still imports by name: their source is not in the scope
  const workspace = new Map((input.workspacePackages ?? input.facts.packages).filter((p) => p.dir !== '.').map((p) => [p.name, p.dir]));
  const seen = new Set<string>();
  for (const [path, text] of [...result.service].sort((a, b) => compareStrings(a[0], b[0]))) {
    for (const pkg of importedPackages(text)) {
      if (!workspace.has(pkg) || seen.has(pkg)) continue;
      seen.add(pkg);
      const line = text.split('\n').findIndex((l) => l.includes(`'${pkg}`) || l.includes(`"${pkg}`)) + 1;
      items.push({ kind: 'workspace-package', side: 'service', file: path.replace(/^kernel\//, ''), line: Math.max(line, 1), message: `imports ${pkg}, the repository's own package in ${workspace.get(pkg)}/, whose source is outside the analyzed scope; it installs from no registry outside the monorepo (its version is workspace:*)`, fix: `add ${workspace.get(pkg)}/ to the scope so its code is carved into the kernel package, or publish it and pin the version` });
    }
  }
  for (const b of prisma) {
    if (b.config || found.has(b.schema)) continue;
    items.push({ kind: 'schema-location', side: 'service', file: b.schema, line: 1, message: `the Prisma schema is not where \`prisma generate\` looks without --schema (${[...found].join(', ')}); the models were read from it`, fix: `the service's build passes --schema ${b.schema}; pass it to every Prisma command (migrate, db push), or name it in package.json's \`prisma.schema\`` });
  }
  const own = new Set(service.modules);
  const servedSymbols = new Set(result.serves.map((o) => `${o.module}#${o.symbol.split('.')[0]}`));
  const bridged = new Set(result.buses.map((b) => `${b.module}#${b.name}`));
  for (const c of input.plan.conflicts) {
    if (!c.services.includes(service.id)) continue;
    // a singleton of this service that others called is served through its operations now; a bridged bus is bridged
    const state = c.kind === 'shared-state' ? c.id.slice('shared-state:'.length) : '';
    if (state && (bridged.has(state) || servedSymbols.has(state))) continue;
    const at = c.locations[0] ?? { file: service.modules[0] ?? '.', line: 1 };
    items.push({ kind: c.kind, side: 'service', file: at.file, line: at.line, message: c.summary, fix: c.resolution });
  }
  for (const s of input.facts.sharedState) {
    if (bridged.has(s.id)) continue;
    const users = [s.module, ...s.users];
    const inside = users.some((u) => own.has(u));
    const outside = users.some((u) => !own.has(u));
    if (!inside || !outside || s.kind === 'singleton') continue;
    items.push({ kind: 'shared-mutable-state', side: own.has(s.module) ? 'service' : 'monolith', file: s.module, line: s.line, message: `${s.kind} ${s.name} is used on both sides of the cut (${users.filter((u) => u !== s.module).slice(0, 4).join(', ')}); each process now has its own copy`, fix: 'move the state to a store both sides reach (database, cache), or publish its changes as events' });
  }
  return uniqueItems(items)
    .sort((a, b) => compareStrings(`${a.file}|${String(a.line).padStart(6, '0')}|${a.kind}|${a.message}`, `${b.file}|${String(b.line).padStart(6, '0')}|${b.kind}|${b.message}`));
}

function reportMarkdown(service: ServicePlan, result: CarveResult, items: ExtractReportItem[], root: string): string {
  const L = [`# Extraction of ${service.name} from ${root}`, ''];
  const count = (role: string, place: string): number => result.roles.filter((r) => r.role === role && r.place === place).length;
  L.push(`- own modules copied: ${count('own', 'service')}; composition modules pruned to this service: ${count('wiring', 'service')}; contracts of other services sliced in: ${count('contract', 'service') + count('contract', 'kernel')}; kernel package modules: ${count('library', 'kernel')}`);
  L.push(`- operations it serves to the monolith (internal endpoints): ${result.serves.length}; operations of the monolith it calls (generated clients): ${result.calls.length}`);
  L.push(`- monolith: ${result.monolithChanged.size} files changed or added, ${result.monolithDeleted.length} deleted (monolith.patch)`);
  L.push('', '## Run it', '', '```sh', 'cd service && npm install && npm run build', `PORT=3000 SEAM_INTERNAL_PORT=4000 SEAM_MONOLITH_URL=http://monolith:4000 npm start`, '```', '');
  L.push('Start the patched monolith with `SEAM_INTERNAL_PORT` (its internal endpoints) and `SEAM_' + service.slug.toUpperCase().replace(/[^A-Z0-9]+/g, '_') + '_URL` (the service\'s), then put the gateway phase in front.', '');
  L.push('## What could not be carried over automatically', '');
  if (items.length === 0) L.push('Nothing: every use across the cut became a client call, a contract or a pruned wiring line.');
  else {
    L.push('| where | side | what | suggested fix |', '|---|---|---|---|');
    const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
    for (const i of items) L.push(`| \`${cell(i.file)}:${i.line}\` | ${i.side} | ${cell(i.kind)}: ${cell(i.message)} | ${cell(i.fix)} |`);
  }
  L.push('');
  return L.join('\n');
}

const PRISMA_CONFIG = /(^|\/)prisma\.config\.(ts|mts|cts|js|mjs|cjs)$/;

/**
 * The `prisma generate` runs the extracted service's build needs: one per schema whose generated
 * client the copied code imports (in the tree the carve placed it), or, for a client generated into
 * node_modules (`@prisma/client`), the service's copy of the schema. Each with the Prisma config
 * beside or above its schema (it names the schema and is loaded by every Prisma command).
 */
function prismaBuilds(assets: ReadonlyMap<string, string>, generators: readonly { schema: string; provider: string }[], result: CarveResult): PrismaBuild[] {
  const schemas = [...assets.keys()].filter((p) => p.endsWith('.prisma'));
  const placed = new Map(result.generated.map((g) => [g.source, g.place]));
  if (placed.size === 0) {
    const importsClient = [...result.service.values()].some((t) => importedPackages(t).includes('@prisma/client'));
    // the schema with a client generator: the first of where Prisma's CLI looks
    const schema = schemas.find((s) => generators.some((g) => g.schema === s && g.provider === 'prisma-client-js')) ?? schemas[0];
    if (importsClient && schema) placed.set(schema, 'service');
  }
  const configs = [...assets.keys()].filter((p) => PRISMA_CONFIG.test(p));
  return [...placed].sort((a, b) => compareStrings(a[0], b[0])).map(([schema, place]) => {
    const config = configs.filter((c) => schema.startsWith(c.replace(PRISMA_CONFIG, '$1'))).sort((a, b) => b.length - a.length)[0];
    const providers = [...new Set(generators.filter((g) => g.schema === schema).map((g) => g.provider))].sort(compareStrings);
    return { schema, place, providers, ...(config ? { config: { path: config, text: assets.get(config)! } } : {}) };
  });
}

export function extractService(input: ExtractInput): ExtractResult {
  const service = findService(input.plan, input.service);
  if (service.modules.length === 0) throw new InputError(`extract: service '${service.slug}' has no modules`, 'empty-service');
  const rootName = (input.plan.root || 'monolith').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'monolith';
  const manifestName = (() => {
    try {
      const n = input.manifest ? (JSON.parse(input.manifest.text) as { name?: unknown }).name : undefined;
      return typeof n === 'string' && /^[a-z0-9@][a-z0-9._/-]*$/.test(n) ? n.replace(/^@[^/]+\//, '') : rootName;
    } catch {
      return rootName;
    }
  })();
  const kernelPackage = `${manifestName}-kernel`;
  const compilerOptions = readTsconfig(input.tsconfig);
  const tsconfigDir = input.tsconfig ? input.tsconfig.path.split('/').slice(0, -1).join('/') : '';
  // the app's ambient declarations go wherever its code goes (the service's tree and the kernel package)
  const appRoot = appsOf(input.facts, service.modules)[0]?.root ?? '.';
  const seen = new Set(input.appDeclarations ?? []);
  const appLevel = (path: string): boolean => appRoot === '.' || path.startsWith(appRoot + '/') || seen.has(path);
  const ambient = new Map([...(input.declarations ?? [])].filter(([path, text]) => appLevel(path) && isAmbient(text)));
  const assets = input.assets ?? new Map<string, string>();
  const generators = prismaGenerators(assets);
  const generated = generators.flatMap((g) => (g.output ? [{ output: g.output, source: g.schema }] : []));
  const result = carve({ facts: input.facts, decomposition: input.decomposition, plan: input.plan, service, sources: input.sources, ambient, ...(compilerOptions ? { compilerOptions } : {}), tsconfigDir, kernelPackage, generated, ...(input.excluded ? { excluded: input.excluded } : {}) });
  for (const d of result.declarationsNeeded) {
    const text = input.declarations?.get(d.module);
    const path = d.place === 'kernel' ? `kernel/${d.module}` : d.module;
    if (text !== undefined && !result.service.has(path)) result.service.set(path, text);
  }
  const prisma = prismaBuilds(assets, generators, result);
  const report = reportItems(input, service, result, prisma, appRoot);

  const artifacts: Artifact[] = [];
  for (const [path, contents] of result.service) artifacts.push({ path: `service/${path}`, contents });
  for (const [path, contents] of assets) if (!result.service.has(path)) artifacts.push({ path: `service/${path}`, contents });
  // a client generated in the kernel: its schema and Prisma config go there too, at the same relative place
  for (const b of prisma) {
    if (b.place !== 'kernel') continue;
    for (const path of [b.schema, ...(b.config ? [b.config.path] : [])]) if (!result.service.has(`kernel/${path}`)) artifacts.push({ path: `service/kernel/${path}`, contents: assets.get(path)! });
  }
  // each tree is compiled as one program: its checks are the weakest of the code it gathers (a
  // monorepo library compiled without strictNullChecks, copied beside an app compiled with them)
  const treeOptions = (place: 'service' | 'kernel'): Record<string, unknown> | undefined => {
    if (!compilerOptions || !input.compilerOptionsOf) return compilerOptions;
    const dirs = [...new Set(result.roles.filter((r) => r.place === place).map((r) => r.module.split('/').slice(0, -1).join('/')))].sort(compareStrings);
    return weakestChecks(compilerOptions, dirs.map((d) => input.compilerOptionsOf!(d)).filter((o): o is Record<string, unknown> => o !== undefined));
  };
  const serviceOptions = treeOptions('service');
  const kernelOptions = treeOptions('kernel');
  artifacts.push(...packageFiles({ service, result, kernelPackage, serviceName: `${manifestName}-${service.slug}`, ...(input.manifest ? { manifest: input.manifest.text } : {}), ...(input.lockfile ? { lockfile: input.lockfile } : {}), ...(serviceOptions ? { compilerOptions: serviceOptions } : {}), ...(kernelOptions ? { kernelCompilerOptions: kernelOptions } : {}), facts: input.facts, prisma, workspacePackages: input.workspacePackages ?? input.facts.packages }));
  artifacts.push(...gatewayArtifacts(input.plan, service, input.previous ?? []));
  const changed: Record<string, string> = {};
  for (const [p, t] of [...result.monolithChanged.entries()].sort((a, b) => compareStrings(a[0], b[0]))) changed[p] = t;
  const patch = [...Object.keys(changed), ...result.monolithDeleted]
    .sort(compareStrings)
    .map((p) => unifiedDiff(p, input.sources.get(p), result.monolithDeleted.includes(p) ? undefined : changed[p]))
    .join('');
  artifacts.push({ path: 'monolith.patch', contents: patch });
  artifacts.push({ path: 'monolith-files.json', contents: JSON.stringify({ changed, deleted: result.monolithDeleted }, null, 2) + '\n' });
  artifacts.push({ path: 'EXTRACTION.md', contents: reportMarkdown(service, result, report, input.plan.root) });
  artifacts.push({
    path: 'extraction.json',
    contents:
      JSON.stringify(
        {
          service: { id: service.id, name: service.name, slug: service.slug },
          routes: serviceRoutes(service),
          previous: (input.previous ?? []).map((p) => p.service.slug),
          roles: result.roles,
          serves: result.serves.map((o) => ({ path: o.path, symbol: o.symbol, module: o.module })),
          calls: result.calls.map((o) => ({ path: o.path, symbol: o.symbol, module: o.module })),
          monolith: { changed: Object.keys(changed), deleted: result.monolithDeleted },
          report,
        },
        null,
        2,
      ) + '\n',
  });
  artifacts.sort((a, b) => compareStrings(a.path, b.path));
  return { service, artifacts, report, monolith: { changed, deleted: result.monolithDeleted }, carve: result };
}

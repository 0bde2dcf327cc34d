/**
 * What `seam extract` reads from the repository, as text (never run): every module the analysis
 * saw (only when its content is still what the analysis saw: same hash), the app's package.json
 * and tsconfig.json, the schema files code generators need, and the rest of the tree as text for
 * the patched copy of the monolith. Paths stay inside the repository (no `..`, no link out).
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, type Dirent } from 'node:fs';
import { ts } from 'ts-morph';
import { join, relative, resolve, sep } from 'node:path';
import { hashContent } from '../../analyzers/core/process-file.js';
import { loadWorkspaces } from '../../analyzers/extract.js';
import { appsOf } from '../extract/index.js';
import { readInside as readInsideRoot } from './source-hints.js';
import type { Facts } from '../shared/facts.js';
import type { Artifact, ServicePlan } from '../shared/plan.js';
import { compareStrings } from '../shared/sort.js';

const MAX_TEXT_BYTES = 2_000_000;
/** a monorepo's lockfile runs to several MB */
const MAX_LOCKFILE_BYTES = 32_000_000;
/** a module the analysis read is carried over whatever its size (a generated table of several MB included) */
const MAX_MODULE_BYTES = 256_000_000;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.seam', 'dist', 'build', 'coverage', '.next', '.turbo', '.cache']);

function readInside(root: string, path: string): Buffer | undefined {
  return readInsideRoot(root, path, MAX_TEXT_BYTES);
}

/** The text of every module whose content is still what the analysis saw; `stale` lists the others. */
export function readModuleSources(root: string, facts: Facts): { sources: Map<string, string>; declarations: Map<string, string>; stale: string[] } {
  const real = realpathSync(root);
  const sources = new Map<string, string>();
  const declarations = new Map<string, string>();
  const stale: string[] = [];
  for (const m of facts.modules) {
    if (m.language === 'dts') {
      const buf = readInside(real, m.path);
      if (buf) declarations.set(m.path, buf.toString('utf8'));
      continue;
    }
    const buf = readInsideRoot(real, m.path, MAX_MODULE_BYTES);
    if (!buf || hashContent(buf) !== m.hash) {
      stale.push(m.path);
      continue;
    }
    sources.set(m.path, buf.toString('utf8'));
  }
  return { sources, declarations, stale };
}

/**
 * A tsconfig's compiler options with those of the configs it `extends` (relative paths inside the
 * repository, followed up to 8 levels) under them, as the compiler sees them. Read as JSON text.
 */
function effectiveCompilerOptions(real: string, path: string, text: string, depth = 0): Record<string, unknown> {
  const parsed = ts.parseConfigFileTextToJson(path, text) as { config?: { compilerOptions?: Record<string, unknown>; extends?: unknown } };
  const own = parsed.config?.compilerOptions ?? {};
  const bases = parsed.config?.extends;
  let inherited: Record<string, unknown> = {};
  for (const base of (Array.isArray(bases) ? bases : bases === undefined ? [] : [bases]).filter((b): b is string => typeof b === 'string')) {
    if (depth >= 8 || !/^\.{1,2}\//.test(base)) continue;
    const parts = path.split('/').slice(0, -1);
    for (const seg of base.split('/')) {
      if (seg === '..') parts.pop();
      else if (seg !== '.') parts.push(seg);
    }
    const basePath = /\.json$/.test(base) ? parts.join('/') : `${parts.join('/')}.json`;
    const buf = readInside(real, basePath);
    if (buf) inherited = { ...inherited, ...effectiveCompilerOptions(real, basePath, buf.toString('utf8'), depth + 1) };
  }
  return { ...inherited, ...own };
}

/** The nearest file named `name` from `dir` (repo-relative) up to the root. */
/** The first of `names` found in `dir` or the nearest folder above it (inside the root). */
function nearest(root: string, dir: string, names: string | string[], max = MAX_TEXT_BYTES): { path: string; text: string } | undefined {
  const real = realpathSync(root);
  const parts = dir === '.' || dir === '' ? [] : dir.split('/');
  for (let i = parts.length; i >= 0; i--) {
    for (const name of typeof names === 'string' ? [names] : names) {
      const path = [...parts.slice(0, i), name].join('/');
      const buf = readInsideRoot(real, path, max);
      if (buf) return { path, text: buf.toString('utf8') };
    }
  }
  return undefined;
}

/**
 * The compiler options each folder's code was compiled with (its nearest tsconfig.json, `extends`
 * followed), for the folders a tree gathers code from: a monorepo's libraries are often less strict
 * than its app.
 */
export function compilerOptionsNear(root: string): (dir: string) => Record<string, unknown> | undefined {
  const real = realpathSync(root);
  const cache = new Map<string, Record<string, unknown> | undefined>();
  return (dir) => {
    if (!cache.has(dir)) {
      const found = nearest(root, dir, 'tsconfig.json');
      cache.set(dir, found ? effectiveCompilerOptions(real, found.path, found.text) : undefined);
    }
    return cache.get(dir);
  };
}

const NOT_PACKAGES = new Set(['node_modules', '.git', 'dist', 'build', 'coverage', '.next', '.turbo', '.cache']);

/**
 * Every workspace package of the repository (root manifest `workspaces`, pnpm-workspace.yaml), the
 * ones outside the analyzed scope too: the service may import one by name whose code was never read.
 * Manifests up to four folders deep; links are not followed. Each comes with its manifest, whose
 * ranges are the versions its files were written against.
 */
export function workspacePackages(root: string): { name: string; dir: string; manifest: string }[] {
  const real = realpathSync(root);
  const manifests: string[] = [];
  const walk = (rel: string, depth: number): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(rel ? join(real, rel) : real, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => compareStrings(a.name, b.name))) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isFile() && (e.name === 'package.json' || /^pnpm-workspace\.ya?ml$/.test(e.name))) manifests.push(path);
      else if (e.isDirectory() && depth < 4 && !NOT_PACKAGES.has(e.name)) walk(path, depth + 1);
    }
  };
  walk('', 0);
  return loadWorkspaces(real, manifests, []).map((p) => ({ name: p.name, dir: p.dir, manifest: JSON.stringify(p.manifest) }));
}

/** The app's manifest, tsconfig and generator schemas for the service's modules. */
export function readAppFiles(root: string, facts: Facts, service: ServicePlan): { manifest?: { path: string; text: string }; lockfile?: { path: string; text: string }; tsconfig?: { path: string; text: string }; assets: Map<string, string>; declarations: Map<string, string> } {
  const app = appsOf(facts, service.modules)[0];
  const dir = app?.root ?? (service.modules[0] ?? '').split('/').slice(0, -1).join('/');
  const manifest = nearest(root, dir, 'package.json');
  const lockfile = nearest(root, dir, ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'], MAX_LOCKFILE_BYTES);
  const found = nearest(root, app?.entries[0]?.split('/').slice(0, -1).join('/') ?? dir, 'tsconfig.json');
  const tsconfig = found ? { path: found.path, text: JSON.stringify({ compilerOptions: effectiveCompilerOptions(realpathSync(root), found.path, found.text) }) } : undefined;
  const assets = new Map<string, string>();
  const real = realpathSync(root);
  const base = dir === '.' ? '' : dir;
  // Prisma's schema: where its CLI looks (prisma/schema.prisma, schema.prisma) or the manifest's `prisma.schema`
  const schemas = ['prisma.config.ts', 'prisma/schema.prisma', 'schema.prisma'].map((rel) => (base ? `${base}/${rel}` : rel));
  try {
    // the manifest's `prisma.schema` is relative to the manifest (a monorepo's root package.json names `tools/prisma/schema.prisma`)
    const configured = manifest ? (JSON.parse(manifest.text) as { prisma?: { schema?: unknown } }).prisma?.schema : undefined;
    const manifestDir = manifest ? manifest.path.split('/').slice(0, -1).join('/') : '';
    if (typeof configured === 'string' && !configured.split('/').includes('..')) {
      const rel = configured.replace(/^\.\//, '');
      schemas.push(manifestDir ? `${manifestDir}/${rel}` : rel);
    }
  } catch {
    // an unreadable manifest names no schema
  }
  for (const path of schemas) {
    const buf = readInside(real, path);
    if (buf) assets.set(path, buf.toString('utf8'));
    // the Prisma config names its schema (`schema: 'db/schema.prisma'`), relative to the config's folder
    const named = path.endsWith('prisma.config.ts') && buf ? /\bschema\s*:\s*['"]([^'"\n]+\.prisma)['"]/.exec(buf.toString('utf8'))?.[1]?.replace(/^\.\//, '') : undefined;
    const namedPath = named && (base ? `${base}/${named}` : named);
    if (named && namedPath && !named.split('/').includes('..') && !named.startsWith('/') && !schemas.includes(namedPath)) schemas.push(namedPath);
  }
  // a schema kept where the CLI does not look (`prisma/postgres/schema.prisma`, generated with
  // `--schema` by a Makefile): the schemas the analysis read the models from, passed with --schema
  if (![...assets.keys()].some((p) => p.endsWith('.prisma'))) {
    const read = [...new Set(facts.entities.filter((e) => e.via === 'prisma' && e.module.endsWith('.prisma')).map((e) => e.module))].sort(compareStrings);
    for (const path of read) {
      const buf = readInside(real, path);
      if (buf) assets.set(path, buf.toString('utf8'));
    }
  }
  // declaration files the app's compiler sees without importing them: at the app's root, and the ones its tsconfig lists
  const declarations = new Map<string, string>();
  const rootDir = base ? join(real, base) : real;
  try {
    for (const name of readdirSync(rootDir).sort(compareStrings)) {
      if (!name.endsWith('.d.ts')) continue;
      const path = base ? `${base}/${name}` : name;
      const buf = readInside(real, path);
      if (buf) declarations.set(path, buf.toString('utf8'));
    }
  } catch {
    // no such folder: nothing to add
  }
  if (found) {
    const tsDir = found.path.split('/').slice(0, -1).join('/');
    for (const m of found.text.matchAll(/"([^"*?\n]+\.d\.ts)"/g)) {
      const rel = m[1]!.replace(/^\.\//, '');
      if (rel.split('/').includes('..')) continue;
      const path = tsDir ? `${tsDir}/${rel}` : rel;
      const buf = readInside(real, path);
      if (buf) declarations.set(path, buf.toString('utf8'));
    }
  }
  return { ...(manifest ? { manifest } : {}), ...(lockfile ? { lockfile } : {}), ...(tsconfig ? { tsconfig } : {}), assets, declarations };
}

function looksBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8000).includes(0);
}

/**
 * The monolith's tree as text artifacts under `monolith/`, with `changed` applied and `deleted`
 * left out. Folders such as node_modules and .git, links, binaries and files over 2 MB are not
 * copied (listed in `skipped`); neither is the output folder when it lies inside the repository.
 */
export function monolithTree(root: string, changed: Record<string, string>, deleted: readonly string[], outDir: string): { artifacts: Artifact[]; skipped: string[] } {
  const real = realpathSync(root);
  const out = resolve(outDir);
  const gone = new Set(deleted);
  const artifacts: Artifact[] = [];
  const skipped: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name))) {
      const abs = join(dir, entry.name);
      const rel = relative(real, abs).split(sep).join('/');
      if (abs === out || out.startsWith(abs + sep) && !entry.isDirectory()) continue;
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name) || abs === out) continue;
        walk(abs);
        continue;
      }
      if (!entry.isFile()) {
        skipped.push(rel);
        continue;
      }
      if (gone.has(rel) || rel in changed) continue;
      const st = lstatSync(abs);
      if (st.size > MAX_TEXT_BYTES) {
        skipped.push(rel);
        continue;
      }
      const buf = readFileSync(abs);
      if (looksBinary(buf)) {
        skipped.push(rel);
        continue;
      }
      artifacts.push({ path: `monolith/${rel}`, contents: buf.toString('utf8') });
    }
  };
  walk(real);
  for (const [p, text] of Object.entries(changed)) artifacts.push({ path: `monolith/${p}`, contents: text });
  return { artifacts, skipped };
}

/**
 * Files the service's code imports by relative path that are no analyzed module (a tool config
 * such as `mikro-orm.config.ts`, which Seam never treats as code, or a JSON file): copied as they
 * are, beside the file that imports them, under `service/` (or `service/kernel/`).
 */
export function unresolvedImports(root: string, unresolved: readonly { module: string; out: string; specifier: string }[], taken: ReadonlySet<string>): { artifacts: Artifact[]; copied: string[] } {
  const real = realpathSync(root);
  const artifacts: Artifact[] = [];
  const copied: string[] = [];
  for (const u of unresolved) {
    const base = u.module.split('/').slice(0, -1);
    const parts = [...base];
    for (const seg of u.specifier.split('/')) {
      if (seg === '..') parts.pop();
      else if (seg !== '.') parts.push(seg);
    }
    const stem = parts.join('/');
    const stemNoJs = stem.replace(/\.(c|m)?js$/, '');
    for (const candidate of [stem, `${stemNoJs}.ts`, `${stemNoJs}.tsx`, `${stem}.js`, `${stem}.json`, `${stem}/index.ts`, `${stem}/index.js`]) {
      const buf = readInside(real, candidate);
      if (!buf) continue;
      const prefix = u.out.startsWith('kernel/') ? 'service/kernel/' : 'service/';
      const path = `${prefix}${candidate}`;
      if (!taken.has(path) && !artifacts.some((a) => a.path === path)) {
        artifacts.push({ path, contents: buf.toString('utf8') });
        copied.push(candidate);
      }
      break;
    }
  }
  return { artifacts, copied };
}

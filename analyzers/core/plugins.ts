/**
 * Which plugins run on a repository: the ones whose enablers (npm package names) appear in a
 * package.json of the repository, as knip decides. A Koa repository is not searched for NestJS
 * controllers, and an Express `server/routes/x.ts` is not taken for a Nuxt file route.
 * Only the manifests' JSON is read; nothing is installed or loaded.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../src/shared/facts.js';
import { compareStrings } from '../../src/shared/sort.js';
import type { Analyzer } from '../types.js';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
const MAX_MANIFEST_BYTES = 1024 * 1024;

/** One package.json of the repository, as the app detection needs it. */
export interface ManifestInfo {
  /** repo-relative folder (`.` for the root) */
  dir: string;
  name: string | undefined;
  dependencies: ReadonlySet<string>;
  bin: boolean;
}

export interface RepoDependencies {
  /** every package named in a dependency field of any package.json of the repository */
  names: ReadonlySet<string>;
  /** package.json files read */
  manifests: number;
  /** each of them */
  packages: ManifestInfo[];
}

/** The dependencies declared by the package.json files among `files` (repo-relative). */
export function repoDependencies(rootDir: string, files: readonly string[], diagnostics: Diagnostic[]): RepoDependencies {
  const names = new Set<string>();
  const packages: ManifestInfo[] = [];
  let manifests = 0;
  for (const file of files) {
    if (!/(?:^|\/)package\.json$/.test(file)) continue;
    let manifest: unknown;
    try {
      const abs = join(rootDir, file);
      const st = statSync(abs);
      if (!st.isFile() || st.size > MAX_MANIFEST_BYTES) continue;
      manifest = JSON.parse(readFileSync(abs, 'utf8')) as unknown;
    } catch (err) {
      diagnostics.push({ severity: 'warning', code: 'invalid-package-json', file, message: `not readable as JSON (${(err as Error).message}); its dependencies do not enable any plugin` });
      continue;
    }
    if (typeof manifest !== 'object' || manifest === null) continue;
    manifests++;
    const own = new Set<string>();
    const m = manifest as Record<string, unknown>;
    for (const field of DEPENDENCY_FIELDS) {
      const deps = m[field];
      if (typeof deps === 'object' && deps !== null && !Array.isArray(deps)) for (const name of Object.keys(deps)) own.add(name);
    }
    for (const n of own) names.add(n);
    const dir = file === 'package.json' ? '.' : file.slice(0, -'/package.json'.length);
    packages.push({ dir, name: typeof m.name === 'string' ? m.name : undefined, dependencies: own, bin: m.bin !== undefined });
  }
  return { names, manifests, packages };
}

/** An enabler is a package name, or a scope wildcard such as `@mikro-orm/*`. */
function matches(enabler: string, names: ReadonlySet<string>): boolean {
  if (!enabler.endsWith('/*')) return names.has(enabler);
  const prefix = enabler.slice(0, -1);
  for (const n of names) if (n.startsWith(prefix)) return true;
  return false;
}

export function isEnabled(plugin: Pick<Analyzer, 'enablers'>, deps: RepoDependencies): boolean {
  if (!plugin.enablers || deps.manifests === 0) return true;
  return plugin.enablers.some((e) => matches(e, deps.names));
}

/** The plugins to run, in registry order; every plugin when the repository has no package.json. */
export function enabledPlugins<A extends Pick<Analyzer, 'name' | 'enablers'>>(plugins: readonly A[], deps: RepoDependencies, diagnostics: Diagnostic[]): A[] {
  if (deps.manifests === 0 && plugins.some((p) => p.enablers)) {
    diagnostics.push({ severity: 'info', code: 'no-package-json', message: 'no package.json found: every framework and ORM plugin runs; add a package.json with the dependencies so only the relevant ones do' });
  }
  return plugins.filter((p) => isEnabled(p, deps));
}

/** Names of the running plugins, sorted: recorded in the facts and part of the per-file cache key. */
export function pluginSignature(plugins: readonly Pick<Analyzer, 'name'>[]): string[] {
  return plugins.map((p) => p.name).sort(compareStrings);
}

/**
 * Resolve import specifiers the way the project's own toolchain would: tsconfig `paths`,
 * `baseUrl`, `extends`, ESM `.js` specifiers that mean `.ts`, index barrels, `exports` maps,
 * and workspace packages (even when node_modules is absent, as in a fresh clone).
 */
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import ts from '../../src/shared/typescript.cjs';
import { defaultCompilerOptions, relPath, type TsProject, type WorkspacePackage } from './project-config.js';

export type Resolution =
  | { kind: 'local'; path: string }
  | { kind: 'external'; package: string }
  | { kind: 'asset'; path: string }
  | { kind: 'unresolved'; reason: string };

const BUILTINS = new Set(builtinModules);
const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.d.ts', '.js', '.jsx', '.mjs', '.cjs'];
const CONDITIONS = ['source', 'types', 'import', 'node', 'require', 'default'];

/**
 * Resolutions of one run, for the next: valid while `key` is the same (see `resolutionKey` in
 * extract.ts: the tree's shape, the modules, the compiler options and the workspace manifests).
 */
export interface ResolutionCache {
  key: string;
  /** resolver key (tsconfig, importing folder, specifier) -> resolution */
  entries: [string, Resolution][];
}

export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') && parts.length > 1 ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier);
}

export class ModuleResolver {
  private readonly fileCache = new Map<string, boolean>();
  private readonly dirCache = new Map<string, boolean>();
  private readonly results = new Map<string, Resolution>();
  private readonly tsCaches = new Map<ts.CompilerOptions, ts.ModuleResolutionCache>();
  /** file texts TypeScript's resolution reads (package.json files, again and again otherwise) */
  private readonly texts = new Map<string, string | undefined>();
  /** real paths, asked for every resolved file (by TypeScript and by localOf) */
  private readonly realpaths = new Map<string, string>();
  private readonly host: ts.ModuleResolutionHost;
  private readonly defaults = defaultCompilerOptions();
  private readonly bundlerFallback = new Map<TsProject | undefined, ts.CompilerOptions>();
  /** importing folder -> its project and the start of its result keys */
  private readonly folders = new Map<string, { project: TsProject | undefined; keyPrefix: string; bareKeyPrefix?: string }>();
  /**
   * Resolutions of bare specifiers (`@nestjs/common`, `@app/core`, `#config`) by what they depend
   * on: the project's options, the nearest package.json (its `imports`, `exports` of itself, its
   * `type`), the node_modules folders above the importing folder, and whether the importing file
   * is `.mts` / `.cts`. A repository imports a few
   * hundred packages from a few thousand folders, and TypeScript's search through every ancestor
   * folder's node_modules is the same for folders that share these.
   */
  private readonly bare = new Map<string, Resolution>();
  /** absolute folder -> its nearest package.json's folder and the folders above it that hold node_modules */
  private readonly lookupScopes = new Map<string, { packageDir: string; nodeModules: string }>();

  constructor(
    private readonly rootDir: string,
    /** the project governing a file (projectIndex) */
    private readonly projectOf: (file: string) => TsProject | undefined,
    private readonly packages: readonly WorkspacePackage[],
    private readonly modules: ReadonlySet<string>,
  ) {
    this.host = {
      fileExists: (f) => this.fileExists(f),
      directoryExists: (d) => this.dirExists(d),
      readFile: (f) => {
        if (!this.texts.has(f)) this.texts.set(f, ts.sys.readFile(f));
        return this.texts.get(f);
      },
      realpath: (p) => this.realpath(p),
      getCurrentDirectory: () => rootDir,
    };
  }

  /** The real path of `p`, or `p` itself when it cannot be had. */
  private realpath(p: string): string {
    let real = this.realpaths.get(p);
    if (real === undefined) {
      try {
        // the system call: one per path, where the JavaScript version lstats every component
        real = realpathSync.native(p);
      } catch {
        real = p;
      }
      this.realpaths.set(p, real);
    }
    return real;
  }

  private fileExists(f: string): boolean {
    let v = this.fileCache.get(f);
    if (v === undefined) {
      const kind = this.entryKind(f);
      if (kind !== undefined) v = kind === 'file';
      else {
        try {
          v = statSync(f).isFile();
        } catch {
          v = false;
        }
      }
      this.fileCache.set(f, v);
    }
    return v;
  }

  /** folder -> its entries (name -> file, folder, or `other` for links and the rest); null: no such folder */
  private readonly listings = new Map<string, Map<string, 'file' | 'dir' | 'other'> | null>();

  /**
   * Whether `f` is a file, answered from its folder's listing: TypeScript probes several
   * candidates per import (`x.ts`, `x.tsx`, `x.d.ts`, `x/index.ts`, ...), mostly missing, and one
   * listing per folder answers them all. Undefined when a stat must tell (a symbolic link, a
   * file system where names match without regard to case).
   */
  private entryKind(f: string): 'file' | 'dir' | 'none' | undefined {
    if (!ts.sys.useCaseSensitiveFileNames) return undefined;
    const dir = dirname(f);
    let entries = this.listings.get(dir);
    if (entries === undefined) {
      try {
        entries = new Map(readdirSync(dir, { withFileTypes: true }).map((e) => [e.name, e.isFile() ? 'file' : e.isDirectory() ? 'dir' : 'other'] as const));
      } catch {
        entries = null;
      }
      this.listings.set(dir, entries);
    }
    if (entries === null) return 'none';
    const kind = entries.get(basename(f));
    return kind === undefined ? 'none' : kind === 'other' ? undefined : kind;
  }

  private dirExists(d: string): boolean {
    let v = this.dirCache.get(d);
    if (v === undefined) {
      try {
        v = statSync(d).isDirectory();
      } catch {
        v = false;
      }
      this.dirCache.set(d, v);
    }
    return v;
  }

  /** Start from the resolutions of an earlier run over the same tree (same cache key). */
  seed(entries: readonly [string, Resolution][]): void {
    for (const [k, r] of entries) this.results.set(k, r);
  }

  /** Every resolution made so far (seeded ones included), for the next run. */
  entries(): [string, Resolution][] {
    return [...this.results];
  }

  resolve(from: string, specifier: string): Resolution {
    // a file's project follows from its folder
    const dir = dirname(from);
    let folder = this.folders.get(dir);
    if (!folder) {
      const found = this.projectOf(from);
      folder = { project: found, keyPrefix: `${found?.file ?? ''}\0${dir}\0` };
      this.folders.set(dir, folder);
    }
    const { project } = folder;
    // a .mts / .cts file is ESM / CommonJS whatever its package says: node16's conditions differ
    const kind = /\.[cm][jt]s$/.test(from) ? from.slice(-3, -2) : '';
    const key = kind ? `${folder.keyPrefix}${kind}\0${specifier}` : folder.keyPrefix + specifier;
    let r = this.results.get(key);
    if (!r) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) r = this.compute(from, specifier, project);
      else {
        if (folder.bareKeyPrefix === undefined) {
          const scope = this.lookupScope(join(this.rootDir, dir));
          folder.bareKeyPrefix = `${project?.file ?? ''}\0${scope.packageDir}\0${scope.nodeModules}\0`;
        }
        const bareKey = `${folder.bareKeyPrefix}${kind}\0${specifier}`;
        r = this.bare.get(bareKey);
        if (!r) {
          r = this.compute(from, specifier, project);
          this.bare.set(bareKey, r);
        }
      }
      this.results.set(key, r);
    }
    return r;
  }

  /** What a bare specifier's resolution reads of the importing folder `abs` (see `bare`). */
  private lookupScope(abs: string): { packageDir: string; nodeModules: string } {
    let scope = this.lookupScopes.get(abs);
    if (!scope) {
      const parent = dirname(abs);
      const above = parent === abs ? { packageDir: '', nodeModules: '' } : this.lookupScope(parent);
      scope = {
        packageDir: this.fileExists(join(abs, 'package.json')) ? abs : above.packageDir,
        nodeModules: this.dirExists(join(abs, 'node_modules')) ? `${abs}\0${above.nodeModules}` : above.nodeModules,
      };
      this.lookupScopes.set(abs, scope);
    }
    return scope;
  }

  private compute(from: string, specifier: string, project: TsProject | undefined): Resolution {
    if (specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0] ?? '')) {
      return { kind: 'external', package: specifier.startsWith('node:') ? specifier : `node:${specifier}` };
    }
    const relative = specifier.startsWith('.') || specifier.startsWith('/');
    const absFrom = join(this.rootDir, from);
    const options = project?.options ?? this.defaults;
    const viaTs = this.tsResolve(specifier, absFrom, options) ?? this.tsResolve(specifier, absFrom, this.bundlerOptions(project, options));
    if (viaTs) {
      const local = this.localOf(viaTs);
      if (local) return local;
    }
    if (relative) {
      const abs = specifier.startsWith('/') ? specifier : join(dirname(absFrom), specifier);
      if (relPath(this.rootDir, abs).startsWith('..')) {
        return { kind: 'unresolved', reason: 'it points outside the analyzed folder; analyze the parent folder to include that code' };
      }
      if (this.fileExists(abs)) {
        const rel = relPath(this.rootDir, abs);
        if (!rel.startsWith('..')) return this.modules.has(rel) ? { kind: 'local', path: rel } : { kind: 'asset', path: rel };
      }
      return { kind: 'unresolved', reason: 'no such file (tried the TypeScript extensions and index files)' };
    }
    const ws = this.resolveWorkspace(specifier);
    if (ws) return ws;
    if (viaTs) return { kind: 'external', package: packageNameOf(specifier) };
    if (/^(?:@\/|~\/|#)/.test(specifier) || specifier === '@' || specifier === '~') {
      return { kind: 'unresolved', reason: 'looks like a path alias, but no tsconfig `paths` or package `imports` entry maps it; pass --tsconfig with the file that defines it' };
    }
    if (this.matchesPathAlias(specifier, options)) {
      return { kind: 'unresolved', reason: 'matches a tsconfig `paths` alias but no file exists at its targets' };
    }
    return { kind: 'external', package: packageNameOf(specifier) };
  }

  private bundlerOptions(project: TsProject | undefined, options: ts.CompilerOptions): ts.CompilerOptions {
    let o = this.bundlerFallback.get(project);
    if (!o) {
      o = { ...options, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext, allowJs: true, resolveJsonModule: true };
      this.bundlerFallback.set(project, o);
    }
    return o;
  }

  private tsResolve(specifier: string, absFrom: string, options: ts.CompilerOptions): string | undefined {
    // one cache per set of options (a project's own, or its bundler fallback): a cache only holds
    // answers that are right for the options it was made with
    let cache = this.tsCaches.get(options);
    if (!cache) {
      cache = ts.createModuleResolutionCache(this.rootDir, (s) => s, options);
      this.tsCaches.set(options, cache);
    }
    // node16 / nodenext: the importing file's format (ESM or CommonJS, from its extension and its
    // package's `type`) picks the `import` or `require` conditions of `exports` maps, as tsc does
    const mode = ts.getImpliedNodeFormatForFile(absFrom, cache.getPackageJsonInfoCache(), this.host, options);
    const res = ts.resolveModuleName(specifier, absFrom, options, this.host, cache, undefined, mode);
    return res.resolvedModule?.resolvedFileName;
  }

  /** A resolved absolute file -> local module when it is one of ours (following workspace symlinks). */
  private localOf(abs: string): Resolution | undefined {
    const rel = relPath(this.rootDir, this.realpath(abs));
    if (rel.startsWith('..') || rel.includes('node_modules/')) return undefined;
    if (this.modules.has(rel)) return { kind: 'local', path: rel };
    const source = this.sourceFor(rel);
    if (source) return { kind: 'local', path: source };
    return { kind: 'asset', path: rel };
  }

  /** Built output (`dist/x.js`, `lib/x.d.ts`) of a workspace package -> its source, when present. */
  private sourceFor(rel: string): string | undefined {
    const stem = rel.replace(/(\.d)?\.[cm]?[jt]sx?$/, '');
    for (const ext of TS_EXTENSIONS) if (this.modules.has(stem + ext)) return stem + ext;
    const m = stem.match(/^(.*?)(?:^|\/)(?:dist|lib|build|out)\/(.*)$/);
    if (m) {
      const base = m[1] ? `${m[1]}/src/${m[2]}` : `src/${m[2]}`;
      for (const ext of TS_EXTENSIONS) if (this.modules.has(base + ext)) return base + ext;
      for (const ext of TS_EXTENSIONS) if (this.modules.has(`${base}/index${ext}`)) return `${base}/index${ext}`;
    }
    return undefined;
  }

  private resolveWorkspace(specifier: string): Resolution | undefined {
    let pkg: WorkspacePackage | undefined;
    for (const p of this.packages) {
      if ((specifier === p.name || specifier.startsWith(p.name + '/')) && (!pkg || p.name.length > pkg.name.length)) pkg = p;
    }
    if (!pkg) return undefined;
    const sub = specifier === pkg.name ? '.' : `./${specifier.slice(pkg.name.length + 1)}`;
    const candidates: string[] = [];
    const exp = pkg.manifest.exports;
    if (exp !== undefined) candidates.push(...exportTargets(exp, sub));
    if (sub === '.') {
      for (const f of [pkg.manifest.source, pkg.manifest.types, pkg.manifest.typings, pkg.manifest.module, pkg.manifest.main]) if (f) candidates.push(f);
      candidates.push('./src/index', './index');
    } else {
      candidates.push(sub, `./src/${sub.slice(2)}`);
    }
    const base = pkg.dir === '.' ? '' : `${pkg.dir}/`;
    for (const c of candidates) {
      const rel = (base + c.replace(/^\.\//, '')).replace(/\/+$/, '');
      const hit = this.findModule(rel);
      if (hit) return { kind: 'local', path: hit };
    }
    return { kind: 'unresolved', reason: `workspace package ${pkg.name} (${pkg.dir}) has no source file for "${sub}"` };
  }

  private findModule(rel: string): string | undefined {
    if (this.modules.has(rel)) return rel;
    const src = this.sourceFor(rel);
    if (src) return src;
    const stem = rel.replace(/\.[cm]?[jt]sx?$/, '');
    for (const ext of TS_EXTENSIONS) if (this.modules.has(stem + ext)) return stem + ext;
    for (const ext of TS_EXTENSIONS) if (this.modules.has(`${rel}/index${ext}`)) return `${rel}/index${ext}`;
    return undefined;
  }

  private matchesPathAlias(specifier: string, options: ts.CompilerOptions): boolean {
    for (const key of Object.keys(options.paths ?? {})) {
      const star = key.indexOf('*');
      if (star < 0 ? specifier === key : specifier.startsWith(key.slice(0, star)) && specifier.endsWith(key.slice(star + 1))) return true;
    }
    return false;
  }

  /** True when `rel` exists in the repo (used for diagnostics). */
  exists(rel: string): boolean {
    return existsSync(join(this.rootDir, rel));
  }
}

/** Targets of a package.json `exports` entry for a subpath, conditions in preference order. */
export function exportTargets(exp: unknown, sub: string): string[] {
  const out: string[] = [];
  const pick = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(pick);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const c of CONDITIONS) if (c in o) pick(o[c]);
    }
  };
  if (typeof exp === 'string' || Array.isArray(exp)) {
    if (sub === '.') pick(exp);
    return out;
  }
  if (!exp || typeof exp !== 'object') return out;
  const map = exp as Record<string, unknown>;
  const keys = Object.keys(map);
  if (!keys.some((k) => k.startsWith('.'))) {
    if (sub === '.') pick(map);
    return out;
  }
  if (sub in map) pick(map[sub]);
  for (const k of keys) {
    const star = k.indexOf('*');
    if (star < 0) continue;
    const pre = k.slice(0, star);
    const post = k.slice(star + 1);
    if (sub.startsWith(pre) && sub.endsWith(post) && sub.length >= pre.length + post.length) {
      const middle = sub.slice(pre.length, sub.length - post.length);
      const before = out.length;
      pick(map[k]);
      for (let i = before; i < out.length; i++) out[i] = out[i]!.split('*').join(middle);
    }
  }
  return out;
}

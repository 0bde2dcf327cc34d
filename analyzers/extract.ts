/**
 * extract(root, options) -> Facts. Reads the repository (never runs it): walk, read the
 * project configuration, parse each file once (workers on larger repos), resolve imports,
 * then let each registered analyzer link its per-file findings into project-wide facts.
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, posix, resolve as resolvePath } from 'node:path';
import { InputError } from '../src/shared/errors.js';
import {
  FACTS_SCHEMA_VERSION,
  type Diagnostic,
  type ExternalImport,
  type Facts,
  type ImportEdge,
  type ModuleFact,
  type SymbolRef,
  type SymbolUsage,
} from '../src/shared/facts.js';
import { compareStrings, sortByKeys } from '../src/shared/sort.js';
import { SEAM_VERSION } from '../src/shared/version.js';
import { parseFiles, defaultWorkerCount } from './core/parse-pool.js';
import { enabledPlugins, pluginSignature, repoDependencies } from './core/plugins.js';
import { detectApps } from './apps/detect-apps.js';
import type { EntrySignals } from './apps/entry-signals.js';
import { crashReason, DEFAULT_MAX_FILE_BYTES, hashContent, processFile, type FileResult, type FileTask } from './core/process-file.js';
import { loadTsProjects, loadWorkspaces, packageOf, projectIndex, type TsProject, type WorkspacePackage } from './core/project-config.js';

/** The workspace packages the root manifest and pnpm-workspace.yaml declare, among the manifests listed (for hosts that look beyond the analyzed scope). */
export { loadWorkspaces };
/** Per-file results as a workspace stores them, and read back (for hosts that keep results between runs). */
export { restoredResult, storableResult, storedResultText } from './core/file-result.js';
import { ModuleResolver, type ResolutionCache } from './core/resolve.js';
import { LinkRecorder, LinkReplay, readLinkMemo } from './core/link-memo.js';
export type { Resolution, ResolutionCache } from './core/resolve.js';
import { isSourcePath, skippedFolderOf, walkRepo } from './core/walk.js';
import { allAnalyzers } from './registry.js';
import { untimed, type Analyzer, type ExtractOptions, type FactsContribution, type LinkContext, type PackageOrigin, type SymbolTarget } from './types.js';

export interface ExtractRun {
  facts: Facts;
  /** per-file parse results (for caching by content hash) */
  files: FileResult[];
  /** how many files were parsed this run (the rest were reused from `options.reuse`) */
  parsedCount: number;
  /** this run's module resolutions, for the next run over the same tree (`options.resolutions`) */
  resolutions: ResolutionCache;
  /** true when `options.resolutions` applied (same key) */
  resolutionsReused: boolean;
  /** path -> stamp and content hash of each module, for the next run over the same files (`options.reuseStamps`) */
  stamps: Map<string, string>;
  /** with `options.keepTexts`: the text of every file parsed this run (reused files are not read) */
  texts?: Map<string, string>;
  /** with `options.recordLinks`: what each link step asked and produced, for the next run (`options.linkMemo`), as JSON */
  linkMemo?: string;
  /** the analyzers whose link step was reused from `options.linkMemo` (sorted) */
  linksReused: string[];
  /** reused files whose stored locals could not be read, parsed again: store their results anew (sorted) */
  reparsed: string[];
}

/**
 * Raised when the resolver answers differently for the same tree (2: node16 / nodenext resolve
 * with the importing file's format), so that resolutions a workspace kept are not reused.
 */
const RESOLVER_REVISION = 2;

/**
 * What module resolution depends on: the tree's shape (every path, the stamps of the folders the
 * walk skips), which files are modules, every project's compiler options, the workspace
 * packages' manifests, and Seam's own version and resolver revision. Never on the content of a source file: a run
 * after an edit to a file's body reuses every resolution.
 */
function resolutionKey(listing: string, modules: ReadonlySet<string>, projects: readonly TsProject[], packages: readonly WorkspacePackage[]): string {
  const h = createHash('sha256');
  h.update(`${SEAM_VERSION}\0${RESOLVER_REVISION}\0${listing}\0`);
  for (const m of [...modules].sort(compareStrings)) h.update(`${m}\0`);
  h.update(JSON.stringify(projects.map((p) => [p.file, p.dir, p.options])));
  h.update(JSON.stringify(packages));
  return h.digest('hex');
}

/**
 * How long a file must have been left alone before its stamp is trusted. A write within the
 * timestamp granularity of the one that set the stamp (up to 2 s on FAT, 1 s on HFS+ and ext3)
 * could change the content and keep size and times; such a file is hashed again next run, as git
 * does with its "racily clean" entries.
 */
const STAMP_SETTLE_MS = 2000;

/**
 * A file's stamp: size, modification and change times and inode, taken before it is read. The
 * change time cannot be set back by a tool that restores the modification time. Undefined when
 * the file cannot be stat'ed or was modified too recently to be trusted (STAMP_SETTLE_MS). The
 * times are the milliseconds Node gives with their fraction (microseconds): plain numbers, which
 * cost a third of bigint stats over 5,000 files.
 */
function stampOf(abs: string, now: number): string | undefined {
  try {
    const st = statSync(abs, { throwIfNoEntry: false });
    if (!st?.isFile() || now - st.mtimeMs < STAMP_SETTLE_MS) return undefined;
    return `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/** What a run records per file: its stamp with the hash of the content read under that stamp. */
function stampOfContent(stamp: string, hash: string): string {
  return `${stamp}:${hash}`;
}

/**
 * Files whose content hash matches the earlier result are reused; the rest are parsed. A file
 * whose stamp matches the one recorded with that result is reused without being read.
 */
function partitionReusable(
  rootDir: string,
  tasks: readonly FileTask[],
  reuse: ReadonlyMap<string, FileResult> | undefined,
  stamps: ReadonlyMap<string, string> | undefined,
  plugins: string,
  stamp: boolean,
): { reused: Map<string, FileResult>; toParse: FileTask[]; taken: Map<string, string> } {
  const reused = new Map<string, FileResult>();
  const taken = new Map<string, string>();
  const now = Date.now();
  const toParse: FileTask[] = [];
  for (const t of tasks) {
    const abs = join(rootDir, t.path);
    const prev = reuse?.get(t.path);
    const known = stamp || (prev !== undefined && stamps !== undefined) ? stampOf(abs, now) : undefined;
    if (known !== undefined && stamp) taken.set(t.path, known);
    let same = false;
    // a result collected by another set of plugins lacks (or carries) some plugin's findings
    if (prev?.module && prev.plugins === plugins) {
      if (known !== undefined && stamps?.get(t.path) === stampOfContent(known, prev.module.hash)) same = true;
      else {
        try {
          same = hashContent(readFileSync(abs)) === prev.module.hash;
        } catch {
          same = false;
        }
      }
    }
    if (same && prev) reused.set(t.path, prev);
    else toParse.push(t);
  }
  return { reused, toParse, taken };
}

function mergeInOrder(tasks: readonly FileTask[], reused: ReadonlyMap<string, FileResult>, parsed: readonly FileResult[]): FileResult[] {
  const byPath = new Map(parsed.map((f) => [f.path, f]));
  const out: FileResult[] = [];
  for (const t of tasks) {
    const f = reused.get(t.path) ?? byPath.get(t.path);
    if (f) out.push(f);
  }
  return out;
}

export function assertAnalyzableRoot(root: string): string {
  let st;
  try {
    st = statSync(root);
  } catch {
    throw new InputError(`extract: ${root} does not exist; pass the folder of the repository to analyze`, 'missing-path');
  }
  if (!st.isDirectory()) {
    throw new InputError(`extract: ${root} is a file, not a folder; pass the repository's root folder (the one with package.json or tsconfig.json)`, 'not-a-folder');
  }
  return realpathSync(resolvePath(root));
}

export async function extract(root: string, options: ExtractOptions = {}, analyzers: readonly Analyzer[] = allAnalyzers): Promise<Facts> {
  return (await extractRun(root, options, analyzers)).facts;
}

export async function extractRun(root: string, options: ExtractOptions = {}, analyzers: readonly Analyzer[] = allAnalyzers): Promise<ExtractRun> {
  const rootDir = assertAnalyzableRoot(root);
  const progress = options.onProgress;
  const time = options.time ?? untimed;
  const diagnostics: Diagnostic[] = [];

  progress?.('walk', 0, 1);
  const walked = time('walk', () => walkRepo(rootDir, { include: options.include, exclude: options.exclude, includeTests: options.includeTests }));
  diagnostics.push(...walked.diagnostics);
  progress?.('walk', 1, 1);

  const { deps, active, projects, packages } = time('config', () => {
    const deps = repoDependencies(rootDir, walked.aux, diagnostics);
    const active = enabledPlugins(analyzers, deps, diagnostics);
    const projects = loadTsProjects(rootDir, walked.aux, options.tsconfig, diagnostics);
    const packages = loadWorkspaces(rootDir, walked.aux, diagnostics);
    return { deps, active, projects, packages };
  });
  const plugins = pluginSignature(active);
  const signature = plugins.join(',');
  // work that runs beside the parse (git log in a child process), picked up at link time
  const started = new Map<string, unknown>();
  for (const a of active) if (a.start) started.set(a.name, time(`start ${a.name}`, () => a.start!(rootDir, options)));

  const projectOf = projectIndex(projects);
  const tasks = walked.sources.map((path) => {
    const o = projectOf(path)?.options;
    const task: FileTask = { path, decoratorMetadata: o ? !!o.emitDecoratorMetadata || !!o.experimentalDecorators : true };
    if (options.keepTexts) task.keepText = true;
    return task;
  });
  const { reused, toParse, taken } = time('reuse', () => partitionReusable(rootDir, tasks, options.reuse, options.reuseStamps, signature, options.stamp === true));
  const parsed = await time('parse', () =>
    parseFiles(rootDir, toParse, active, {
      workers: options.workers ?? defaultWorkerCount(toParse.length),
      maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
      onProgress: progress ? (d, t) => progress('parse', d, t) : undefined,
    }),
  );
  const texts = options.keepTexts ? new Map<string, string>() : undefined;
  for (const f of parsed) {
    f.plugins = signature;
    if (f.text !== undefined) {
      texts?.set(f.path, f.text);
      delete f.text;
    }
  }
  const files = reused.size === 0 ? parsed : mergeInOrder(tasks, reused, parsed);

  const modules: ModuleFact[] = [];
  const byPath = new Map<string, FileResult>();
  for (const f of files) {
    diagnostics.push(...f.diagnostics);
    if (!f.module) continue;
    const pkg = packages.length > 1 ? packageOf(packages, f.path) : undefined;
    modules.push(pkg ? { ...f.module, package: pkg.name } : f.module);
    byPath.set(f.path, f);
  }
  const moduleSet = new Set(modules.map((m) => m.path));
  const resolver = new ModuleResolver(rootDir, projectOf, packages, moduleSet);
  const key = resolutionKey(walked.listing, moduleSet, projects, packages);
  const resolutionsReused = options.resolutions?.key === key;
  if (resolutionsReused) resolver.seed(options.resolutions!.entries);

  progress?.('resolve', 0, files.length);
  const graph = time('resolve', () => linkImports(byPath, resolver, diagnostics, options.include));
  progress?.('resolve', files.length, files.length);

  const allFiles = [...new Set([...walked.sources, ...walked.aux])].sort(compareStrings);
  const usedBy = new Map<string, string[]>();
  const ctx = makeLinkContext(rootDir, options, modules.map((m) => m.path), allFiles, byPath, resolver, diagnostics, usedBy);
  const symbols = time('symbols', () => collectSymbols(byPath, ctx));
  for (const r of symbols) {
    if (!Object.keys(r.usage).some((k) => k !== 'type')) continue;
    const key = `${r.to}\0${r.symbol}`;
    const users = usedBy.get(key);
    if (users) users.push(r.from);
    else usedBy.set(key, [r.from]);
  }

  // A reused result's locals are read when first used (a workspace keeps them apart); one whose
  // stored locals cannot be read is parsed again (same content, same findings) and stored anew.
  const reparsed = new Set<string>();
  const taskOf = new Map(tasks.map((t) => [t.path, t]));
  const localOf = (f: FileResult, name: string): unknown => {
    try {
      return f.locals[name];
    } catch {
      reparsed.add(f.path);
      f.locals = processFile(rootDir, taskOf.get(f.path)!, active, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES).locals;
      return f.locals[name];
    }
  };

  const contribution: Required<FactsContribution> = { routes: [], entities: [], dataAccess: [], ddl: [], sharedState: [], coChange: [], authors: [], history: null, units: [] };
  // a workspace's earlier link steps, valid with the results in options.reuse (see link-memo.ts)
  const memoIn = options.linkMemo !== undefined && options.reuse ? readLinkMemo(options.linkMemo) : undefined;
  const replay = memoIn?.signature === signature ? new LinkReplay(memoIn, ctx, options.reuse!, new Set(parsed.map((f) => f.path))) : undefined;
  const recorder = options.recordLinks ? new LinkRecorder(ctx) : undefined;
  const linksReused: string[] = [];
  for (const [i, a] of active.entries()) {
    progress?.('link', i, active.length);
    // which files carry locals is known without reading them (a workspace reads them when a step runs)
    const carriers = files.filter((f) => a.name in f.locals);
    let part: FactsContribution;
    const memo = a.start || !replay ? undefined : time(`link check ${a.name}`, () => replay.reusable(a.name, carriers));
    try {
      if (memo) {
        part = memo.part;
        for (const d of memo.reports) diagnostics.push(d);
        linksReused.push(a.name);
        recorder?.keep(memo, memoIn!);
      } else {
        const locals = new Map<string, unknown>();
        for (const f of carriers) {
          const local = localOf(f, a.name);
          if (a.name in f.locals) locals.set(f.path, local);
        }
        const recording = a.start ? undefined : recorder?.contextFor(a.name, [...locals.keys()]);
        part = await time(`link ${a.name} (${a.concern})`, () => a.link(recording?.ctx ?? ctx, locals, started.get(a.name)));
        recording?.done(part);
      }
    } catch (err) {
      diagnostics.push({ severity: 'error', code: 'analyzer-crash', message: `stage link:${a.name} crashed: ${crashReason(err)}; the ${a.name} facts are missing from this run, the rest is unaffected (please report it with the repository layout)` });
      continue;
    }
    for (const k of ['routes', 'entities', 'dataAccess', 'ddl', 'sharedState', 'coChange', 'authors', 'units'] as const) {
      const v = part[k];
      if (v) (contribution[k] as unknown[]).push(...v);
    }
    if (part.history !== undefined && part.history !== null) contribution.history = part.history;
  }
  progress?.('link', active.length, active.length);

  const entries = new Map<string, EntrySignals>();
  for (const f of files) {
    if (!f.module || !('app-entries' in f.locals)) continue;
    const signals = localOf(f, 'app-entries');
    if (signals) entries.set(f.path, signals as EntrySignals);
  }
  const routeModules = new Map<string, string>();
  for (const r of sortByKeys(contribution.routes, (x) => x.module, (x) => x.framework)) if (!routeModules.has(r.module)) routeModules.set(r.module, r.framework);
  const apps = time('apps', () => detectApps({ rootDir, modules: modules.map((m) => m.path), packages: deps.packages, entries, routeModules, repoDependencies: deps.names }));

  const facts: Facts = time('facts', () => ({
    schemaVersion: FACTS_SCHEMA_VERSION,
    tool: { name: 'seam', version: SEAM_VERSION },
    root: basename(rootDir),
    tsconfigs: projects.map((p) => p.file),
    packages: packages.map((p) => ({ name: p.name, dir: p.dir })),
    apps,
    units: sortByKeys(contribution.units, (u) => u.id),
    plugins,
    modules: sortByKeys(modules, (m) => m.path),
    imports: sortByKeys(graph.imports, (e) => e.from, (e) => e.to, (e) => e.kind),
    externalImports: sortByKeys(graph.externals, (e) => e.from, (e) => e.package, (e) => e.kind),
    symbols: sortByKeys(symbols, (s) => s.from, (s) => s.to, (s) => s.symbol),
    routes: sortByKeys(contribution.routes, (r) => r.path, (r) => r.method, (r) => r.module, (r) => r.line),
    entities: sortByKeys(contribution.entities, (e) => e.table, (e) => e.name, (e) => e.module, (e) => e.line),
    dataAccess: sortByKeys(contribution.dataAccess, (d) => d.module, (d) => d.table, (d) => d.access, (d) => d.via, (d) => d.line),
    ...(contribution.ddl.length ? { ddl: sortByKeys(contribution.ddl, (d) => d.module, (d) => d.line, (d) => d.table, (d) => d.change) } : {}),
    sharedState: sortByKeys(contribution.sharedState, (s) => s.id),
    history: contribution.history,
    coChange: sortByKeys(contribution.coChange, (c) => c.a, (c) => c.b),
    authors: sortByKeys(contribution.authors, (a) => a.module),
    diagnostics: dedupeDiagnostics(diagnostics),
  }));
  // each module's stamp (taken before it was read) with the hash of what was read: the next run's reuseStamps
  const stamps = new Map<string, string>();
  for (const m of modules) {
    const stamp = taken.get(m.path);
    if (stamp !== undefined) stamps.set(m.path, stampOfContent(stamp, m.hash));
  }
  const linkMemo = recorder ? time('link memo', () => recorder.memo(signature)) : undefined;
  return {
    facts, files, parsedCount: parsed.length, resolutions: { key, entries: resolver.entries() }, resolutionsReused, stamps,
    ...(texts ? { texts } : {}), ...(linkMemo !== undefined ? { linkMemo } : {}), linksReused: linksReused.sort(compareStrings), reparsed: [...reparsed].sort(compareStrings),
  };
}

function dedupeDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of list) {
    const key = `${d.severity}\0${d.code}\0${d.file ?? ''}\0${d.line ?? 0}\0${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return sortByKeys(out, (d) => rank[d.severity], (d) => d.file ?? '', (d) => d.line ?? 0, (d) => d.code, (d) => d.message);
}

function linkImports(byPath: ReadonlyMap<string, FileResult>, resolver: ModuleResolver, diagnostics: Diagnostic[], include: readonly string[] | undefined): { imports: ImportEdge[]; externals: ExternalImport[] } {
  const edges = new Map<string, ImportEdge>();
  const externals = new Map<string, ExternalImport>();
  /** skipped folder -> the imports that resolve into it (source files the walk never reached) */
  const intoSkipped = new Map<string, { from: string; line: number; target: string }[]>();
  for (const [from, f] of byPath) {
    if (!f.core) continue;
    for (const imp of f.core.imports) {
      const r = resolver.resolve(from, imp.specifier);
      if (r.kind === 'local') {
        if (r.path === from) continue;
        const key = `${from}\0${r.path}\0${imp.kind}`;
        const prev = edges.get(key);
        if (prev) {
          prev.names = [...new Set([...prev.names, ...imp.names])].sort(compareStrings);
          prev.line = Math.min(prev.line, imp.line);
        } else {
          edges.set(key, { from, to: r.path, kind: imp.kind, names: [...imp.names], line: imp.line });
        }
      } else if (r.kind === 'external') {
        const key = `${from}\0${r.package}\0${imp.kind}`;
        if (!externals.has(key)) externals.set(key, { from, package: r.package, kind: imp.kind });
      } else if (r.kind === 'asset' && isSourcePath(r.path)) {
        const folder = skippedFolderOf(r.path, include);
        if (folder) intoSkipped.set(folder, [...(intoSkipped.get(folder) ?? []), { from, line: imp.line, target: r.path }]);
      } else if (r.kind === 'unresolved') {
        diagnostics.push({
          severity: 'warning', code: 'unresolved-import', file: from, line: imp.line,
          message: `cannot resolve '${imp.specifier}': ${r.reason}; fix the path, or pass --tsconfig if it relies on compiler options Seam did not find`,
        });
      }
    }
  }
  for (const [folder, hits] of intoSkipped) {
    const first = sortByKeys(hits, (h) => h.from, (h) => h.line)[0]!;
    diagnostics.push({
      severity: 'info', code: 'import-into-skipped-folder', file: folder,
      message: `${hits.length} import${hits.length === 1 ? ' resolves' : 's resolve'} into ${folder}/, a dependency, build or tool folder Seam does not analyze (first: ${first.from}:${first.line} imports ${first.target}); those edges are left out. If it holds source code, add it with --include '${folder}/**' (besides the globs for the rest, e.g. --include '**')`,
    });
  }
  return { imports: [...edges.values()], externals: [...externals.values()] };
}

function makeLinkContext(
  rootDir: string,
  options: ExtractOptions,
  modules: string[],
  allFiles: string[],
  byPath: ReadonlyMap<string, FileResult>,
  resolver: ModuleResolver,
  diagnostics: Diagnostic[],
  /** filled once symbols are collected (before any link): declaring module + name -> using modules */
  usedBy: ReadonlyMap<string, readonly string[]>,
): LinkContext {
  const exportMemo = new Map<string, SymbolTarget | undefined>();
  const fileSet = new Set(allFiles);
  const resolveLocal = (from: string, specifier: string): string | undefined => {
    const r = resolver.resolve(from, specifier);
    return r.kind === 'local' ? r.path : undefined;
  };
  const resolveExport = (module: string, name: string, seen = new Set<string>()): SymbolTarget | undefined => {
    const key = `${module}\0${name}`;
    if (exportMemo.has(key)) return exportMemo.get(key);
    if (seen.has(key)) return undefined;
    seen.add(key);
    const core = byPath.get(module)?.core;
    let result: SymbolTarget | undefined;
    if (!core) {
      result = byPath.has(module) ? { module, name } : undefined;
    } else if (name === '*') {
      result = { module, name: '*' };
    } else if (name in core.exports.local) {
      const local = core.exports.local[name]!;
      result = resolveBindingInner(module, local, seen);
    } else if (name in core.exports.from) {
      const { specifier, imported } = core.exports.from[name]!;
      const target = resolveLocal(module, specifier);
      result = target ? (imported === '*' ? { module: target, name: '*' } : resolveExport(target, imported, seen) ?? { module: target, name: imported }) : undefined;
    } else if (name !== 'default') {
      for (const spec of core.exports.star) {
        const target = resolveLocal(module, spec);
        if (!target) continue;
        const hit = resolveExport(target, name, seen);
        if (hit) {
          result = hit;
          break;
        }
      }
    }
    exportMemo.set(key, result);
    return result;
  };
  const resolveBindingInner = (module: string, localName: string, seen: Set<string>): SymbolTarget | undefined => {
    const core = byPath.get(module)?.core;
    const b = core?.bindings.find((x) => x.local === localName);
    if (!b) return byPath.has(module) ? { module, name: localName } : undefined;
    const target = resolveLocal(module, b.specifier);
    if (!target) return undefined;
    if (b.imported === '*') return { module: target, name: '*' };
    return resolveExport(target, b.imported, seen) ?? { module: target, name: b.imported };
  };
  const isPackage = (from: string, specifier: string): boolean => resolver.resolve(from, specifier).kind === 'external';
  /** `name` as `module` exports it, followed to the package it comes from (if it does). */
  const exportOrigin = (module: string, name: string, seen: Set<string>): PackageOrigin | undefined => {
    const key = `${module}\0${name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const core = byPath.get(module)?.core;
    if (!core) return undefined;
    if (name in core.exports.local) return bindingOrigin(module, core.exports.local[name]!, seen);
    if (name in core.exports.from) {
      const { specifier, imported } = core.exports.from[name]!;
      if (isPackage(module, specifier)) return { specifier, name: imported };
      const target = resolveLocal(module, specifier);
      return target && imported !== '*' ? exportOrigin(target, imported, seen) : undefined;
    }
    if (name === 'default') return undefined;
    const packageStars: string[] = [];
    for (const spec of core.exports.star) {
      if (isPackage(module, spec)) {
        packageStars.push(spec);
        continue;
      }
      const target = resolveLocal(module, spec);
      const hit = target && exportOrigin(target, name, seen);
      if (hit) return hit;
    }
    // `export * from 'pkg'`: the name comes from the package when no local module has it (with
    // one such package only; which of several exports it cannot be told without the packages)
    return packageStars.length === 1 ? { specifier: packageStars[0]!, name } : undefined;
  };
  const bindingOrigin = (module: string, localName: string, seen: Set<string>): PackageOrigin | undefined => {
    const b = byPath.get(module)?.core?.bindings.find((x) => x.local === localName);
    if (!b) return undefined;
    if (isPackage(module, b.specifier)) return { specifier: b.specifier, name: b.imported };
    const target = resolveLocal(module, b.specifier);
    return target && b.imported !== '*' ? exportOrigin(target, b.imported, seen) : undefined;
  };
  // Asked again and again for the same names (every decorator, every receiver), each answer a
  // walk through barrels. Only whole answers are kept: one started afresh depends on nothing but
  // the tree, while the walks inside depend on the names already passed on the way.
  const originMemo = new Map<string, Map<string, PackageOrigin | undefined>>();
  const bindingMemo = new Map<string, Map<string, SymbolTarget | undefined>>();
  return {
    modules,
    allFiles,
    rootDir,
    options,
    resolve: resolveLocal,
    packageOrigin: (module, localName) => remember(originMemo, module, localName, () => bindingOrigin(module, localName, new Set())),
    resolveBinding: (module, localName) => remember(bindingMemo, module, localName, () => resolveBindingInner(module, localName, new Set())),
    resolveExport: (module, name) => resolveExport(module, name),
    usedBy: (module, name) => usedBy.get(`${module}\0${name}`) ?? [],
    readText: (path) => {
      if (!fileSet.has(path) && !byPath.has(path)) return undefined;
      try {
        return readFileSync(join(rootDir, path), 'utf8');
      } catch {
        return undefined;
      }
    },
    readRepoText: (path) => {
      if (outsideRepo(path) || path.split('/').includes('node_modules')) return undefined;
      try {
        const abs = join(rootDir, path);
        const st = statSync(abs);
        return st.isFile() && st.size <= MAX_REPO_READ_BYTES ? readFileSync(abs, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
    exists: (path) => {
      if (outsideRepo(path)) return false;
      try {
        statSync(join(rootDir, path));
        return true;
      } catch {
        return false;
      }
    },
    report: (d) => diagnostics.push(d),
  };
}

/** A path a link step asks about that does not name a place inside the repository. */
function outsideRepo(path: string): boolean {
  return path.startsWith('..') || isAbsolute(path) || posix.isAbsolute(path);
}

/** The largest repository file a link step reads outside the walk (`LinkContext.readRepoText`). */
const MAX_REPO_READ_BYTES = 1024 * 1024;

/** `compute()`, asked once per (module, name); nested maps, as a joined key would cost a new string per question. */
function remember<T>(memo: Map<string, Map<string, T>>, module: string, name: string, compute: () => T): T {
  let names = memo.get(module);
  if (!names) memo.set(module, (names = new Map()));
  if (names.has(name)) return names.get(name)!;
  const value = compute();
  names.set(name, value);
  return value;
}

function collectSymbols(byPath: ReadonlyMap<string, FileResult>, ctx: LinkContext): SymbolRef[] {
  const refs = new Map<string, SymbolRef>();
  for (const [from, f] of byPath) {
    const core = f.core;
    if (!core) continue;
    for (const [key, usage] of Object.entries(core.usages)) {
      const dot = key.indexOf('.');
      const local = dot < 0 ? key : key.slice(0, dot);
      let target = ctx.resolveBinding(from, local);
      if (!target || target.module === from) continue;
      if (target.name === '*' && dot >= 0) {
        const member = key.slice(dot + 1);
        target = ctx.resolveExport(target.module, member) ?? { module: target.module, name: member };
      }
      if (target.module === from) continue;
      const id = `${from}\0${target.module}\0${target.name}`;
      const ref = refs.get(id) ?? { from, to: target.module, symbol: target.name, usage: {} };
      for (const [k, n] of Object.entries(usage) as [SymbolUsage, number][]) ref.usage[k] = (ref.usage[k] ?? 0) + n;
      refs.set(id, ref);
    }
  }
  for (const r of refs.values()) {
    const sorted: SymbolRef['usage'] = {};
    for (const k of Object.keys(r.usage).sort(compareStrings) as SymbolUsage[]) sorted[k] = r.usage[k]!;
    r.usage = sorted;
  }
  return [...refs.values()];
}

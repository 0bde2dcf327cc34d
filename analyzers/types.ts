/**
 * The analyzer contract. Extraction parses every file exactly once; each registered analyzer
 * sees that one AST in `collect` (which may run in a worker thread, so it must return plain,
 * structured-clone-able data), then builds its part of the Facts in `link`, on the main thread,
 * with the whole project's import graph at hand.
 *
 * Nothing here may execute or `require` code from the analyzed repository: read text, walk ASTs.
 */
import type ts from 'typescript';
import type { Diagnostic, Facts } from '../src/shared/facts.js';
import type { FileResult } from './core/file-result.js';
import type { ResolutionCache } from './core/resolve.js';

export interface SourceFileInput {
  /** repo-relative posix path */
  readonly path: string;
  readonly text: string;
  readonly sourceFile: ts.SourceFile;
}

/** A name a module makes available, as seen by `resolveBinding` / `resolveExport`. */
export interface SymbolTarget {
  /** repo-relative module that declares the symbol */
  readonly module: string;
  /** the declared name in that module (`default` for a default export without a name) */
  readonly name: string;
}

/** A name as a package exports it: `specifier` as written (`@nestjs/common/decorators`). */
export interface PackageOrigin {
  readonly specifier: string;
  readonly name: string;
}

export interface LinkContext {
  /** every analyzed source module, sorted */
  readonly modules: readonly string[];
  /** every file the walk found (sources and others such as `prisma/schema.prisma`), sorted */
  readonly allFiles: readonly string[];
  /** absolute path of the repository root (for analyzers that must read git) */
  readonly rootDir: string;
  readonly options: ExtractOptions;
  /** the module an import specifier written in `from` resolves to; undefined for external or unresolvable */
  resolve(from: string, specifier: string): string | undefined;
  /**
   * Follow a local identifier of `module` to its declaration: if it is imported, through the
   * import and any barrels (`export * from`, `export { x } from`) to the declaring module.
   * For a name declared in `module` itself, returns `{ module, name }`. Undefined if unknown
   * (e.g. imported from an external package).
   */
  resolveBinding(module: string, localName: string): SymbolTarget | undefined;
  /** What `module` exports under `exportedName`, followed through re-exports to its declaration. */
  resolveExport(module: string, exportedName: string): SymbolTarget | undefined;
  /**
   * The package a local name of `module` is imported from, followed through local barrels and
   * aliases (`import { Ctrl } from './nest'` where nest.ts has `export { Controller as Ctrl } from
   * '@nestjs/common'` -> `{ specifier: '@nestjs/common', name: 'Controller' }`). Undefined for
   * names declared in the repository and for what cannot be resolved.
   */
  packageOrigin(module: string, localName: string): PackageOrigin | undefined;
  /**
   * The modules whose code uses a declaration (`module` declares `name`) other than as a type:
   * a call, `new`, a read, `extends`, a decorator or JSX, barrels followed. Re-exports and the
   * declaring module itself are not uses.
   */
  usedBy(module: string, name: string): readonly string[];
  /** Text of a repo file (any file in `allFiles`), or undefined when missing/unreadable. */
  readText(path: string): string | undefined;
  /**
   * Text of a repository file the walk may have left out (a JSON file the code imports,
   * `next.config.js`), at most 1 MiB; undefined outside the repository, in `node_modules`, or
   * when missing. Files in `allFiles` come from `readText`.
   */
  readRepoText(path: string): string | undefined;
  /** Whether a repository path (file or folder, `allFiles` or not) exists on disk. */
  exists(path: string): boolean;
  /** Report a problem: it lands in `facts.diagnostics`. */
  report(diagnostic: Diagnostic): void;
}

/** Facts sections an analyzer may contribute (arrays are concatenated, then sorted by extract). */
export type FactsContribution = Partial<
  Pick<Facts, 'routes' | 'entities' | 'dataAccess' | 'ddl' | 'sharedState' | 'coChange' | 'authors' | 'history' | 'units'>
>;

/**
 * A plugin: plain data with the same shape for every framework, ORM and concern (as knip's
 * plugins). Adding a framework is one file exporting one of these and one line in registry.ts.
 */
export interface Analyzer<Local = unknown> {
  /** unique, kebab-case: `express`, `typeorm`, `git-history` */
  readonly name: string;
  /** the concern it serves, for grouping in diagnostics and docs */
  readonly concern: 'routes' | 'data' | 'history' | 'shared-state' | 'apps' | 'structure';
  /**
   * npm packages whose presence in any package.json of the repository (dependencies,
   * devDependencies, peerDependencies, optionalDependencies) turns the plugin on. Absent: always
   * on (raw SQL, git history). A repository without any package.json turns every plugin on.
   */
  readonly enablers?: readonly string[];
  /** Cheap pre-filter on the raw text; return false to skip `collect` for this file. */
  accepts?(text: string, path: string): boolean;
  /** Per file, on the single parsed AST. Must be deterministic and return plain data. */
  collect?(file: SourceFileInput): Local | undefined;
  /**
   * Work to begin when extraction begins, before the files are parsed: a child process that can
   * run on another core while the main thread parses (git-history starts `git log` here). What
   * it returns is handed to `link` as `started`; `link` must also work without it.
   */
  start?(rootDir: string, options: ExtractOptions): unknown;
  /** Whole project. `locals` holds the non-undefined results of `collect`, keyed by module path. */
  link(ctx: LinkContext, locals: ReadonlyMap<string, Local>, started?: unknown): FactsContribution | Promise<FactsContribution>;
}

export interface ExtractOptions {
  /** explicit tsconfig (repo-relative or absolute) */
  tsconfig?: string;
  include?: string[];
  exclude?: string[];
  /** read git history (default true) */
  history?: boolean;
  /** worker threads for parsing; 0 = in-process. Default: chosen from core count and file count */
  workers?: number;
  /** include test files (`*.spec.ts`, `*.test.ts`, `__tests__/`, `test/`); default false */
  includeTests?: boolean;
  /** files larger than this are skipped with a diagnostic (default 2 MiB) */
  maxFileBytes?: number;
  /** co-change thresholds (Code Maat defaults) */
  coChange?: { minRevs?: number; minShared?: number; minDegree?: number; maxFilesPerCommit?: number };
  /**
   * Per-file results of an earlier run (from `extractRun(...).files`, e.g. kept in a workspace):
   * a file whose content hash is unchanged is not parsed again. Only pass results produced by
   * the same Seam version and analyzers.
   */
  reuse?: ReadonlyMap<string, FileResult>;
  /**
   * File stamps of the run that made `reuse` (from `extractRun(...).stamps`): a file whose size,
   * times and inode match its stamp is not even read to be hashed. Without it, every reused file
   * is read and hashed.
   */
  reuseStamps?: ReadonlyMap<string, string>;
  /** take each module's stamp for the next run (`ExtractRun.stamps`; a workspace keeps them). Default off: a stat per file */
  stamp?: boolean;
  /**
   * Module resolutions of an earlier run (from `extractRun(...).resolutions`, e.g. kept in a
   * workspace): used when the tree's shape, modules and configs are the same (same key).
   */
  resolutions?: ResolutionCache;
  /**
   * What the link steps of the run that made `reuse` asked and produced (`ExtractRun.linkMemo`, the
   * JSON text as it was made): a step whose locals and answers are all unchanged is not run again.
   * Only pass it together with that run's results as `reuse`. A text in another shape is ignored.
   */
  linkMemo?: string;
  /** record the link steps for the next run (`ExtractRun.linkMemo`; a workspace keeps it). Default off */
  recordLinks?: boolean;
  /**
   * Keep the text of every file parsed (`ExtractRun.texts`): what the plan's source hints read, so
   * a command that plans in the same process neither reads nor decodes a file a second time.
   */
  keepTexts?: boolean;
  /** progress callback: stage name and done/total */
  onProgress?: (stage: string, done: number, total: number) => void;
  /** wraps each stage of the extraction (see `StageTimer`); default: runs it untimed */
  time?: StageTimer;
}

/**
 * Runs one named stage and returns what it returns (a promise for an asynchronous stage). The
 * composers (`extractRun`, `runPipeline`, the host) wrap each stage in it; only the shell's
 * implementation reads the clock, so the stages themselves never do.
 */
export type StageTimer = <T>(stage: string, run: () => T) => T;

/** The timer that times nothing. */
export const untimed: StageTimer = (_stage, run) => run();

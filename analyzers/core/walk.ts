/**
 * Find the files to analyze. Never follows a symlinked directory (so loops cannot hang the
 * walk), skips dependency, build and tool folders, and reports what it skipped and why.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import type { Diagnostic } from '../../src/shared/facts.js';
import { leaveOutToolConfigs } from './tool-config.js';

const SOURCE_EXT = /\.(?:[cm]?tsx?|[cm]?jsx?)$/;
const AUX_FILE = /(?:\.prisma|(?:^|\/)package\.json|(?:^|\/)tsconfig[^/]*\.json|(?:^|\/)jsconfig\.json|(?:^|\/)pnpm-workspace\.ya?ml)$/;
const SQL_FILE = /\.sql$/i;
/** Dependencies and build output. */
const OUTPUT_DIRS = ['node_modules', 'bower_components', 'jspm_packages', 'dist', 'build', 'out', 'coverage'];
/**
 * The dot-folders of tools: version control, CI, editors (and their local history, which holds
 * copies of the sources), git hooks, package managers, framework build output and caches, docs
 * sites, deploy tools. Any other dot-folder (`src/.internal/`, `.server/`) is source like any
 * folder: skipping every dot-folder made such code vanish without a trace.
 */
const TOOL_DOT_DIRS = [
  '.git', '.hg', '.svn', '.bzr', '.jj',
  '.github', '.gitlab', '.circleci', '.buildkite', '.ci', '.devcontainer', '.gitpod',
  '.vscode', '.idea', '.vs', '.fleet', '.zed', '.cursor', '.history',
  '.husky', '.githooks',
  '.yarn', '.pnpm-store', '.pnpm', '.npm',
  '.next', '.nuxt', '.output', '.svelte-kit', '.angular', '.nx', '.turbo', '.cache', '.parcel-cache', '.vite', '.webpack',
  '.expo', '.docusaurus', '.vitepress', '.vuepress', '.astro', '.react-router', '.vinxi', '.nitro', '.open-next', '.storybook',
  '.vercel', '.netlify', '.serverless', '.wrangler', '.sst', '.amplify', '.firebase', '.aws-sam', '.terraform', '.docker',
  '.temp', '.tmp', '.stryker-tmp', '.nyc_output', '.sass-cache', '.changeset', '.config', '.venv', '.tox', '.direnv', '.devbox',
  '.seam',
];
const SKIP_DIRS = new Set([...OUTPUT_DIRS, ...TOOL_DOT_DIRS]);
const TEST_FILE = /(?:\.(?:spec|test|e2e-spec)\.[cm]?[jt]sx?$)|(?:(?:^|\/)(?:__tests__|__mocks__|__fixtures__)\/)|(?:(?:^|\/)(?:test|tests|e2e)\/)/;

export interface WalkResult {
  sources: string[];
  aux: string[];
  diagnostics: Diagnostic[];
  /**
   * A digest of the tree's shape: every file and folder the walk saw (whatever its kind or
   * scope), and the modification time of each folder it skipped (node_modules, dist...), which
   * changes when entries are added to or removed from it. Module resolution depends on what
   * exists, never on what files contain: its results are reused while this stays the same.
   */
  listing: string;
}

export interface WalkOptions {
  include?: string[] | undefined;
  exclude?: string[] | undefined;
  includeTests?: boolean | undefined;
}

export function isSourcePath(path: string): boolean {
  return SOURCE_EXT.test(path);
}

/**
 * A skipped folder is walked after all when an --include glob names a path inside it
 * (`--include '.generated/**'`): the way to bring back code that sits in a tool-named folder.
 */
function includeNamesInside(include: readonly string[] | undefined, folder: string): boolean {
  return !!include?.some((glob) => glob.startsWith(`${folder}/`));
}

/** The folder the walk skips that holds `path` (`src/.next`), or undefined when the walk reaches it. */
export function skippedFolderOf(path: string, include?: readonly string[]): string | undefined {
  const parts = path.split('/');
  for (let i = 0; i < parts.length - 1; i++) {
    if (!SKIP_DIRS.has(parts[i]!)) continue;
    const folder = parts.slice(0, i + 1).join('/');
    if (!includeNamesInside(include, folder)) return folder;
  }
  return undefined;
}

export function walkRepo(rootDir: string, options: WalkOptions): WalkResult {
  const sources: string[] = [];
  const aux: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const include = options.include?.length ? picomatch(options.include, { dot: true }) : undefined;
  const exclude = options.exclude?.length ? picomatch(options.exclude, { dot: true }) : undefined;
  const rootReal = realpathSync(rootDir);
  const listing = createHash('sha256');

  const walkDir = (abs: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      diagnostics.push({ severity: 'warning', code: 'unreadable-dir', file: rel || '.', message: `cannot read folder: ${(err as Error).message}; check its permissions` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const childAbs = join(abs, e.name);
      listing.update(`${childRel}\0`);
      if (exclude && (exclude(childRel) || exclude(`${childRel}/`))) {
        if (e.isDirectory()) listing.update(`${skippedDirStamp(childAbs)}\0`);
        continue;
      }
      if (e.isSymbolicLink()) {
        handleSymlink(childAbs, childRel);
        continue;
      }
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name) && !includeNamesInside(options.include, childRel)) {
          listing.update(`${skippedDirStamp(childAbs)}\0`);
          continue;
        }
        walkDir(childAbs, childRel);
      } else if (e.isFile()) {
        addFile(childRel);
      }
    }
  };

  const addFile = (rel: string): void => {
    if (AUX_FILE.test(rel)) aux.push(rel);
    // SQL schema and migration files, read for their DDL (tables created only there): like a
    // Prisma schema, they describe the project's database wherever they sit (tests' SQL excepted)
    if (SQL_FILE.test(rel) && (options.includeTests || !TEST_FILE.test(rel))) aux.push(rel);
    if (!SOURCE_EXT.test(rel)) return;
    if (include && !include(rel)) return;
    if (!options.includeTests && TEST_FILE.test(rel)) return;
    sources.push(rel);
  };

  const handleSymlink = (abs: string, rel: string): void => {
    let target: string;
    try {
      target = realpathSync(abs);
    } catch {
      diagnostics.push({ severity: 'warning', code: 'broken-symlink', file: rel, message: 'symlink points nowhere or loops; skipped (remove it or fix its target)' });
      return;
    }
    let st;
    try {
      st = statSync(abs);
    } catch {
      diagnostics.push({ severity: 'warning', code: 'broken-symlink', file: rel, message: 'symlink cannot be followed; skipped' });
      return;
    }
    if (st.isDirectory()) {
      diagnostics.push({ severity: 'info', code: 'symlinked-dir', file: rel, message: `symlinked folder not followed (it points to ${target.startsWith(rootReal) ? 'a folder inside the repo' : 'outside the repo'}); analyze its target directly if it holds code` });
      return;
    }
    if (st.isFile() && target.startsWith(rootReal + '/')) addFile(rel);
  };

  const st = lstatSync(rootDir);
  if (st.isDirectory()) walkDir(rootDir, '');
  const app = leaveOutToolConfigs(sources, aux.filter((p) => p === 'package.json' || p.endsWith('/package.json')), options.include);
  return { sources: app.sources, aux, diagnostics: [...diagnostics, ...app.diagnostics], listing: listing.digest('hex') };
}

function skippedDirStamp(abs: string): string {
  try {
    return String(statSync(abs).mtimeMs);
  } catch {
    return '-';
  }
}

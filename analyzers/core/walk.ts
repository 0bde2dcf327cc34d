/**
 * Find the files to analyze. Never follows a symlinked directory (so loops cannot hang the
 * walk), skips dependency and build folders, and reports what it skipped and why.
 */
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import type { Diagnostic } from '../../src/shared/facts.js';

const SOURCE_EXT = /\.(?:[cm]?tsx?|[cm]?jsx?)$/;
const AUX_FILE = /(?:\.prisma|(?:^|\/)package\.json|(?:^|\/)tsconfig[^/]*\.json|(?:^|\/)jsconfig\.json|(?:^|\/)pnpm-workspace\.ya?ml)$/;
const SQL_FILE = /\.sql$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.turbo', '.cache', '.seam', 'bower_components', 'jspm_packages', '.yarn']);
const TEST_FILE = /(?:\.(?:spec|test|e2e-spec)\.[cm]?[jt]sx?$)|(?:(?:^|\/)(?:__tests__|__mocks__|__fixtures__)\/)|(?:(?:^|\/)(?:test|tests|e2e)\/)/;
/** Tool configuration at the root of a package: not part of the application. */
const CONFIG_FILE = /(?:^|\/)(?:[^/]+\.config|\.[^/]+rc)\.[cm]?[jt]s$/;

export interface WalkResult {
  sources: string[];
  aux: string[];
  diagnostics: Diagnostic[];
}

export interface WalkOptions {
  include?: string[] | undefined;
  exclude?: string[] | undefined;
  includeTests?: boolean | undefined;
}

export function isSourcePath(path: string): boolean {
  return SOURCE_EXT.test(path);
}

export function walkRepo(rootDir: string, options: WalkOptions): WalkResult {
  const sources: string[] = [];
  const aux: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const include = options.include?.length ? picomatch(options.include, { dot: true }) : undefined;
  const exclude = options.exclude?.length ? picomatch(options.exclude, { dot: true }) : undefined;
  const rootReal = realpathSync(rootDir);

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
      if (exclude && (exclude(childRel) || exclude(`${childRel}/`))) continue;
      if (e.isSymbolicLink()) {
        handleSymlink(childAbs, childRel);
        continue;
      }
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name) || (e.name.startsWith('.') && e.name !== '.')) continue;
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
    if (CONFIG_FILE.test(rel) && !rel.includes('/src/') && !rel.startsWith('src/')) return;
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
  return { sources, aux, diagnostics };
}

/**
 * Read the repository's TypeScript and package-manager configuration as data: tsconfig files
 * (with `extends` and project references), npm/yarn workspaces and pnpm-workspace.yaml.
 * Only JSON/YAML text is read; no JS config is ever loaded.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve as resolvePath } from 'node:path';
import picomatch from 'picomatch';
import ts from '../../src/shared/typescript.cjs';
import type { Diagnostic, WorkspacePackageFact } from '../../src/shared/facts.js';

export interface TsProject {
  /** repo-relative path of the tsconfig file */
  file: string;
  /** repo-relative folder the project governs */
  dir: string;
  options: ts.CompilerOptions;
}

export interface WorkspacePackage extends WorkspacePackageFact {
  manifest: PackageManifest;
}

export interface PackageManifest {
  name?: string;
  main?: string;
  module?: string;
  types?: string;
  typings?: string;
  source?: string;
  exports?: unknown;
  workspaces?: string[] | { packages?: string[] };
}

export function toPosix(p: string): string {
  return p.split('\\').join('/');
}

export function relPath(rootDir: string, abs: string): string {
  const r = toPosix(relative(rootDir, abs));
  return r === '' ? '.' : r;
}

const parseHost = (rootDir: string): ts.ParseConfigHost => ({
  useCaseSensitiveFileNames: true,
  // Options are all we need: do not enumerate the project's files here.
  readDirectory: () => [],
  fileExists: (f) => existsSync(f) && statSync(f).isFile(),
  readFile: (f) => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
  },
  trace: undefined,
  ...{ rootDir },
});

const DEFAULT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowJs: true,
  jsx: ts.JsxEmit.ReactJSX,
  resolveJsonModule: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
};

export function defaultCompilerOptions(): ts.CompilerOptions {
  return { ...DEFAULT_OPTIONS };
}

function loadTsconfig(rootDir: string, absFile: string, diagnostics: Diagnostic[], extended: Map<string, ts.ExtendedConfigCacheEntry>): TsProject & { references: string[] } | undefined {
  const rel = relPath(rootDir, absFile);
  const read = ts.readConfigFile(absFile, (f) => parseHost(rootDir).readFile(f));
  if (read.error) {
    diagnostics.push({ severity: 'warning', code: 'tsconfig-invalid', file: rel, message: `cannot read ${rel}: ${ts.flattenDiagnosticMessageText(read.error.messageText, ' ')}; using defaults for its files` });
    return undefined;
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, parseHost(rootDir), dirname(absFile), undefined, absFile, undefined, undefined, extended);
  for (const d of parsed.errors) {
    if (d.code === 18003 /* no inputs */) continue;
    // a problem in a config this one extends is that config's: reported at the file to fix, once
    // however many configs extend it (TypeScript parses a shared base once, for the first of them)
    const where = d.file ? relPath(rootDir, d.file.fileName) : rel;
    diagnostics.push({ severity: 'warning', code: 'tsconfig-problem', file: where, message: `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}` });
  }
  const references = (parsed.projectReferences ?? []).map((r) => {
    const p = r.path;
    return existsSync(p) && statSync(p).isDirectory() ? join(p, 'tsconfig.json') : p;
  });
  return { file: rel, dir: relPath(rootDir, dirname(absFile)), options: parsed.options, references };
}

/**
 * Load the tsconfig projects: the explicit one, or every `tsconfig.json` found by the walk
 * (root first), following project references. Each source file is governed by the project
 * whose folder is its nearest ancestor.
 */
export function loadTsProjects(rootDir: string, auxFiles: readonly string[], explicit: string | undefined, diagnostics: Diagnostic[]): TsProject[] {
  const projects = new Map<string, TsProject>();
  // the configs many extend (a monorepo's tsconfig.base.json) are read and parsed once
  const extended = new Map<string, ts.ExtendedConfigCacheEntry>();
  const queue: string[] = [];
  let explicitAbs: string | undefined;
  if (explicit) {
    explicitAbs = isAbsolute(explicit) ? explicit : resolvePath(rootDir, explicit);
    queue.push(explicitAbs);
  } else {
    for (const f of auxFiles) if (/(?:^|\/)tsconfig\.json$/.test(f)) queue.push(join(rootDir, f));
  }
  while (queue.length) {
    const abs = queue.shift()!;
    const rel = relPath(rootDir, abs);
    // the tsconfig the user names may lie outside the repository (a monorepo's root config when a
    // package is analyzed): it governs the whole analyzed folder; references outside it are left
    const outside = rel.startsWith('..');
    if (projects.has(rel) || (outside && abs !== explicitAbs)) continue;
    if (!existsSync(abs)) {
      diagnostics.push({ severity: 'warning', code: 'tsconfig-missing', file: rel, message: `referenced tsconfig ${rel} does not exist` });
      continue;
    }
    const p = loadTsconfig(rootDir, abs, diagnostics, extended);
    if (!p) continue;
    projects.set(rel, { file: p.file, dir: outside ? '.' : p.dir, options: p.options });
    queue.push(...p.references);
  }
  if (projects.size === 0) {
    diagnostics.push({ severity: 'warning', code: 'no-tsconfig', message: 'no tsconfig.json found: using defaults (bundler resolution, decorators on, JS allowed); pass --tsconfig <file> if the project keeps it elsewhere' });
  }
  return [...projects.values()].sort((a, b) => (a.file < b.file ? -1 : 1));
}

/**
 * `projectFor` remembered per folder (the answer depends on the file's folder only): a run asks
 * for every file and every import, and a monorepo has hundreds of tsconfigs to scan (gauzy: 279).
 */
export function projectIndex(projects: readonly TsProject[]): (file: string) => TsProject | undefined {
  const byFolder = new Map<string, TsProject | undefined>();
  return (file) => {
    const folder = dirname(file);
    if (!byFolder.has(folder)) byFolder.set(folder, projectFor(projects, file));
    return byFolder.get(folder);
  };
}

/** The project governing a file: nearest ancestor folder; among equals, `tsconfig.json`. */
export function projectFor(projects: readonly TsProject[], file: string): TsProject | undefined {
  let best: TsProject | undefined;
  for (const p of projects) {
    if (p.dir !== '.' && !file.startsWith(p.dir + '/')) continue;
    if (!best || p.dir.length > best.dir.length || (p.dir.length === best.dir.length && p.file.endsWith('/tsconfig.json') && !best.file.endsWith('/tsconfig.json'))) best = p;
  }
  return best;
}

function readManifest(abs: string, rel: string, diagnostics: Diagnostic[]): PackageManifest | undefined {
  try {
    return JSON.parse(readFileSync(abs, 'utf8')) as PackageManifest;
  } catch (err) {
    diagnostics.push({ severity: 'warning', code: 'package-json-invalid', file: rel, message: `cannot parse ${rel}: ${(err as Error).message}` });
    return undefined;
  }
}

/** Minimal reader for `packages:` lists in pnpm-workspace.yaml (the only part Seam needs). */
export function parsePnpmWorkspace(text: string): string[] {
  const out: string[] = [];
  let inPackages = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '');
    if (/^packages\s*:/.test(line)) {
      inPackages = true;
      const inline = line.match(/\[(.*)\]/);
      if (inline?.[1]) out.push(...inline[1].split(',').map((s) => s.trim().replace(/^['"]|['"]$/g, '')).filter(Boolean));
      continue;
    }
    if (inPackages) {
      const m = line.match(/^\s*-\s*['"]?([^'"]+?)['"]?\s*$/);
      if (m?.[1]) out.push(m[1]);
      else if (/^\S/.test(line)) inPackages = false;
    }
  }
  return out;
}

/**
 * Workspace packages: every package.json in the repo whose folder matches the root's
 * `workspaces` globs or pnpm-workspace.yaml (negated globs honoured). The root package is
 * included when it has a name.
 */
export function loadWorkspaces(rootDir: string, auxFiles: readonly string[], diagnostics: Diagnostic[]): WorkspacePackage[] {
  const globs: string[] = [];
  const rootManifest = auxFiles.includes('package.json') ? readManifest(join(rootDir, 'package.json'), 'package.json', diagnostics) : undefined;
  const ws = rootManifest?.workspaces;
  if (Array.isArray(ws)) globs.push(...ws);
  else if (ws && Array.isArray(ws.packages)) globs.push(...ws.packages);
  const pnpm = auxFiles.find((f) => /^pnpm-workspace\.ya?ml$/.test(f));
  if (pnpm) globs.push(...parsePnpmWorkspace(readFileSync(join(rootDir, pnpm), 'utf8')));
  const positive = globs.filter((g) => !g.startsWith('!')).map((g) => g.replace(/\/+$/, ''));
  const negative = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1).replace(/\/+$/, ''));
  const isMatch = positive.length ? picomatch(positive) : () => false;
  const isExcluded = negative.length ? picomatch(negative) : () => false;
  const out: WorkspacePackage[] = [];
  if (rootManifest?.name) out.push({ name: rootManifest.name, dir: '.', manifest: rootManifest });
  for (const f of auxFiles) {
    if (!f.endsWith('/package.json')) continue;
    const dir = f.slice(0, -'/package.json'.length);
    if (!isMatch(dir) || isExcluded(dir)) continue;
    const m = readManifest(join(rootDir, f), f, diagnostics);
    if (!m?.name) continue;
    out.push({ name: m.name, dir, manifest: m });
  }
  return out.sort((a, b) => (a.dir < b.dir ? -1 : 1));
}

export function packageOf(packages: readonly WorkspacePackage[], file: string): WorkspacePackage | undefined {
  let best: WorkspacePackage | undefined;
  for (const p of packages) {
    if (p.dir !== '.' && !file.startsWith(p.dir + '/')) continue;
    if (!best || p.dir.length > best.dir.length) best = p;
  }
  return best;
}

/**
 * How the corpus tools run dependency-cruiser on a repository's backend scope: the options a user
 * would have to write for `depcruise --ts-pre-compilation-deps` on a monorepo folder (shared by
 * `npm run eval:corpus` and `npm run bench`).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from '../../src/shared/typescript.cjs';
import type { CorpusRepo } from './manifest.js';

export type DepcruiseScope = Pick<CorpusRepo, 'scope'>;

/**
 * The tsconfig dependency-cruiser gets: the repo's own compiler options (its `extends` chain merged,
 * `baseUrl` made absolute, links to packages that are not installed skipped, as no node_modules
 * exist in the corpus checkouts), over exactly the scope's folders. A user would have to write
 * this much to run depcruise on a monorepo folder; without it depcruise stops on a missing base
 * config or on a tsconfig whose `include` names nothing under the scope.
 */
export function depcruiseTsconfig(repo: DepcruiseScope, dir: string, outDir: string): string | undefined {
  if (!repo.scope.tsconfig || !existsSync(join(dir, repo.scope.tsconfig))) return undefined;
  const options: Record<string, unknown> = {};
  const seen = new Set<string>();
  const merge = (file: string): void => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const { config } = ts.readConfigFile(file, (f) => readFileSync(f, 'utf8')) as { config?: { extends?: string | string[]; compilerOptions?: Record<string, unknown> } };
    if (!config) return;
    for (const base of [config.extends ?? []].flat()) {
      if (base.startsWith('.') || base.startsWith('/')) merge(resolve(dirname(file), base.endsWith('.json') ? base : `${base}.json`));
    }
    const own = { ...(config.compilerOptions ?? {}) };
    if (typeof own.baseUrl === 'string') own.baseUrl = resolve(dirname(file), own.baseUrl);
    else if (own.paths !== undefined) own.baseUrl = dirname(file);
    Object.assign(options, own);
  };
  merge(resolve(dir, repo.scope.tsconfig));
  const file = join(outDir, 'tsconfig.depcruise.json');
  writeFileSync(file, JSON.stringify({ compilerOptions: { ...options, noEmit: true, composite: false }, include: repo.scope.paths.map((p) => resolve(dir, p, '**/*')) }, null, 2));
  return file;
}

/**
 * A scope glob as a plain regular expression for dependency-cruiser, which refuses patterns its
 * safe-regex check calls slow (picomatch's lookaheads, a repeated group around a star): a leading
 * double star and slash matches at any folder boundary, a trailing slash and double star is a
 * prefix, a double star elsewhere any text, `*` and `?` one segment's characters.
 */
export function globRegex(glob: string): string {
  let rest = glob;
  let out = '^';
  if (rest.startsWith('**/')) {
    out = '(^|/)';
    rest = rest.slice(3);
  }
  let end = '$';
  if (rest.endsWith('/**')) {
    end = '/';
    rest = rest.slice(0, -3);
  }
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === '*' && rest[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += /[.+^${}()|[\]\\]/.test(c) ? `\\${c}` : c;
  }
  return out + end;
}

export function depcruiseArgs(repo: DepcruiseScope, dir: string, outDir: string): string[] {
  const exclude = ['(^|/)(node_modules|dist|\\.git)/', ...(repo.scope.exclude ?? []).map(globRegex)].join('|');
  const options: Record<string, unknown> = { tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' }, exclude: { path: exclude } };
  const tsconfig = depcruiseTsconfig(repo, dir, outDir);
  if (tsconfig) options.tsConfig = { fileName: tsconfig };
  const config = join(outDir, 'depcruise.config.cjs');
  writeFileSync(config, `module.exports = { options: ${JSON.stringify(options)} };\n`);
  return ['--config', config, '--output-type', 'json', '--output-to', join(outDir, 'depcruise.json'), ...repo.scope.paths];
}


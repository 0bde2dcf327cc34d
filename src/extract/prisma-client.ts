/**
 * Prisma clients generated into the app's own tree. Prisma's `prisma-client` generator (Prisma 6.6+,
 * the default in 7) writes TypeScript into its `output` folder, a path relative to the schema file
 * that declares the generator; the app runs `prisma generate` before it builds, and the folder is
 * usually gitignored, so the analysis never sees it. An import that points into that folder
 * (relative, baseUrl-relative like `src/generated/prisma/client`, or through a tsconfig `paths`
 * alias) must point at the same place in the extracted tree, where the copied schema regenerates it.
 * See https://www.prisma.io/docs/orm/prisma-schema/overview/generators and
 * https://www.prisma.io/docs/orm/reference/prisma-config-reference.
 */
import { compareStrings } from '../shared/sort.js';

export interface PrismaGenerator {
  /** repo-relative schema file that declares it */
  schema: string;
  name: string;
  provider: string;
  /** repo-relative folder it writes into; absent: the provider's default (node_modules) */
  output?: string;
}

/** The generators Prisma runs in the client's image: the CLI ships them, no package to install. */
export const BUILT_IN_GENERATORS = new Set(['prisma-client', 'prisma-client-js']);

/** `a/b` + `../c` -> `a/c`; undefined when the path climbs out of the repository. */
export function joinPath(dir: string, rel: string): string | undefined {
  const parts = dir === '' || dir === '.' ? [] : dir.split('/');
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** The generator blocks of the `.prisma` files among `assets`, outputs resolved from each file's folder. */
export function prismaGenerators(assets: ReadonlyMap<string, string>): PrismaGenerator[] {
  const out: PrismaGenerator[] = [];
  for (const [path, text] of assets) {
    if (!path.endsWith('.prisma')) continue;
    // line comments go, strings stay (`output = "../x"` never holds `//`, a comment may hold quotes)
    const code = text.replace(/("(?:[^"\\\n]|\\.)*")|\/\/.*$/gm, (_, str: string | undefined) => str ?? '');
    for (const m of code.matchAll(/\bgenerator\s+([A-Za-z_][\w-]*)\s*\{([^}]*)\}/g)) {
      const body = m[2]!;
      const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(body)?.[1];
      if (!provider) continue;
      const rel = /^\s*output\s*=\s*"([^"]*)"/m.exec(body)?.[1];
      const output = rel !== undefined && !rel.startsWith('/') ? joinPath(folderOf(path), rel) : undefined;
      out.push({ schema: path, name: m[1]!, provider, ...(output ? { output } : {}) });
    }
  }
  return out;
}

/** The repo-relative paths an import specifier may denote: relative to its file, or through the tsconfig's `paths` and `baseUrl`. */
export function specifierPaths(from: string, specifier: string, compilerOptions: Record<string, unknown> | undefined, tsconfigDir: string): string[] {
  if (/^\.{1,2}(\/|$)/.test(specifier)) {
    const p = joinPath(folderOf(from), specifier);
    return p === undefined ? [] : [p];
  }
  const out: string[] = [];
  const baseUrl = typeof compilerOptions?.baseUrl === 'string' ? joinPath(tsconfigDir, compilerOptions.baseUrl) : undefined;
  // `paths` targets resolve from baseUrl, or from the tsconfig's folder without one (TypeScript 4.1+)
  const pathsBase = baseUrl ?? tsconfigDir;
  const paths = compilerOptions?.paths;
  if (paths && typeof paths === 'object') {
    for (const [pattern, targets] of Object.entries(paths as Record<string, unknown>)) {
      if (!Array.isArray(targets)) continue;
      const star = pattern.indexOf('*');
      let matched: string | undefined;
      if (star < 0) matched = pattern === specifier ? '' : undefined;
      else {
        const head = pattern.slice(0, star);
        const tail = pattern.slice(star + 1);
        if (specifier.length >= head.length + tail.length && specifier.startsWith(head) && specifier.endsWith(tail)) matched = specifier.slice(head.length, specifier.length - tail.length);
      }
      if (matched === undefined) continue;
      for (const t of targets) {
        if (typeof t !== 'string') continue;
        const p = joinPath(pathsBase, t.replace('*', matched));
        if (p !== undefined) out.push(p);
      }
    }
  }
  if (baseUrl !== undefined) {
    const p = joinPath(baseUrl, specifier);
    if (p !== undefined) out.push(p);
  }
  return out;
}

/** Where an import lands in a generated folder: the folder, and the rest of the specifier (`/client`, or '' for the folder itself). */
export function intoGenerated(paths: readonly string[], outputs: readonly string[]): { output: string; rest: string } | undefined {
  for (const p of paths) {
    for (const o of outputs) {
      if (p === o) return { output: o, rest: '' };
      if (p.startsWith(o + '/')) return { output: o, rest: p.slice(o.length) };
    }
  }
  return undefined;
}

/** A relative specifier from the file `from` to the folder `dir` (both paths in the same tree), followed by `rest`. */
export function specifierToFolder(from: string, dir: string, rest: string): string {
  const a = folderOf(from).split('/').filter(Boolean);
  const b = dir.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const down = b.slice(i).join('/');
  const up = a.length - i;
  const head = up === 0 ? (down ? `./${down}` : '.') : `${'../'.repeat(up)}${down}`.replace(/\/$/, '');
  return `${head}${rest}`;
}

/** The environment variables a Prisma config reads with `env('NAME')` (it throws when one is unset, even for `prisma generate`). */
export function configEnvNames(text: string): string[] {
  return [...new Set([...text.matchAll(/\benv\s*(?:<[^>]*>)?\s*\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/g)].map((m) => m[1]!))].sort(compareStrings);
}

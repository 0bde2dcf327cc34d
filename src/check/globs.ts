/**
 * Module globs of an accepted plan: matching (picomatch, `dot: true`), the precedence between
 * overlapping globs, and compressing a module list into the fewest globs that name exactly it.
 *
 * Precedence: an explicit path beats any glob; between globs, the one with the longer literal
 * base (`src/orders/legacy/**` over `src/orders/**`) wins. So an architect can move one file of
 * a folder to another service by naming it, without touching the folder's glob.
 */
import picomatch from 'picomatch';
import { compareStrings } from '../shared/sort.js';

const SPECIAL = /[*?[\]{}()!+@\\]/g;

/** A repo-relative path as a glob that matches only that path. */
export function escapeGlob(path: string): string {
  return path.replace(SPECIAL, '\\$&');
}

/** How specific a glob is: explicit paths rank above every glob; globs by the length of their literal base. */
export function specificity(glob: string): number {
  const s = picomatch.scan(glob);
  if (!s.isGlob) return Number.MAX_SAFE_INTEGER;
  return s.base.length;
}

export function isExplicitPath(glob: string): boolean {
  return !picomatch.scan(glob).isGlob;
}

const matchers = new Map<string, (path: string) => boolean>();
export function globMatcher(glob: string): (path: string) => boolean {
  let m = matchers.get(glob);
  if (!m) matchers.set(glob, (m = picomatch(glob, { dot: true })));
  return m;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The glob as an anchored regular expression source (for dependency-cruiser's `path`): the two
 * shapes accept writes stay readable (`^src/orders/`, `^src/server\.ts$`), globs of literals,
 * `*`, `?` and whole-segment `**` are translated directly (every `.spec.ts` file:
 * `(^|/)[^/]*\.spec\.ts$`), others are picomatch's.
 *
 * dependency-cruiser runs its `exclude`, `includeOnly` and `doNotFollow` patterns through
 * safe-regex, which refuses lookaheads and more than 25 repetitions in one pattern: picomatch's
 * output for two globs that start with a double star is already refused ("cowardly refusing to run").
 */
export function globRegex(glob: string): string {
  const s = picomatch.scan(glob);
  const unescape = (x: string): string => x.replace(/\\(.)/g, '$1');
  if (!s.isGlob) return `^${escapeRegex(unescape(glob))}$`;
  if (s.glob === '**' && s.base !== '' && glob === `${s.base}/**`) return `^${escapeRegex(unescape(s.base))}/`;
  return plainGlobRegex(glob) ?? picomatch.makeRe(glob, { dot: true }).source;
}

/** `*` and `?` within one segment (any character, dots included, as picomatch with `dot: true`). */
function segmentRegex(segment: string): string {
  return segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
}

/** The regular expression of a glob made of literals, `*`, `?` and whole-segment `**`; undefined for any other glob. */
function plainGlobRegex(glob: string): string | undefined {
  if (/[[\]{}()!+@\\]/.test(glob)) return undefined;
  const segments = glob.split('/');
  const last = segments.length - 1;
  if (segments.some((seg, i) => seg === '' || (seg.includes('**') && seg !== '**') || (seg === '**' && segments[i + 1] === '**')) || glob === '**') return undefined;
  let out = '^';
  let slash = false;
  segments.forEach((seg, i) => {
    if (seg !== '**') {
      out += (slash ? '/' : '') + segmentRegex(seg);
      slash = true;
    } else if (i === 0) {
      out = '(^|/)';
    } else if (i === last) {
      out += '(/|$)';
    } else {
      out += '(/|/.*/)';
      slash = false;
    }
  });
  return segments[last] === '**' ? out : `${out}$`;
}

/**
 * The fewest globs matching every module of `mine` and no other module of `all`: `folder/**`
 * for the highest folder whose modules (of `all`) are all in `mine`, the explicit path otherwise.
 * With `foldersAllowed: false`, explicit paths only.
 */
export function compressGlobs(mine: readonly string[], all: readonly string[], options: { foldersAllowed?: boolean } = {}): string[] {
  const folders = options.foldersAllowed !== false;
  const count = (modules: Iterable<string>): Map<string, number> => {
    const m = new Map<string, number>();
    for (const path of modules) {
      const parts = path.split('/');
      for (let i = 1; i < parts.length; i++) {
        const folder = parts.slice(0, i).join('/');
        m.set(folder, (m.get(folder) ?? 0) + 1);
      }
    }
    return m;
  };
  const mineSet = new Set(mine);
  const inAll = count(new Set([...all, ...mine]));
  const inMine = count(mineSet);
  const out = new Set<string>();
  for (const m of mineSet) {
    const parts = m.split('/');
    let best = escapeGlob(m);
    if (folders) {
      for (let i = parts.length - 1; i >= 1; i--) {
        const folder = parts.slice(0, i).join('/');
        if (inMine.get(folder) !== inAll.get(folder)) break;
        best = `${escapeGlob(folder)}/**`;
      }
    }
    out.add(best);
  }
  return [...out].sort(compareStrings);
}

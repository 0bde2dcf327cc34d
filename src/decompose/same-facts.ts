/**
 * Whether two runs' facts are the same for a stage that does not read positions: equal values,
 * key by key, except a file's layout: where a line sits, the file's size and content hash
 * (`line`, `lines`, `bytes`, `hash`).
 * A comment inserted at the top of a file moves every line below it and changes nothing the
 * coupling graph or the dependencies are made of; comparing is ~20x cheaper than rebuilding.
 * Anything else that differs, in any field (a new field included), counts as different.
 */
import type { Facts } from '../shared/facts.js';

const POSITIONS = new Set(['line', 'lines', 'bytes', 'hash']);

export function sameIgnoringPositions(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameIgnoringPositions(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ka) {
    if (!Object.hasOwn(rb, k)) return false;
    if (POSITIONS.has(k)) continue;
    if (!sameIgnoringPositions(ra[k], rb[k])) return false;
  }
  return true;
}

/**
 * Facts fields no decompose stage that reuses its last result reads (the coupling graph, the
 * service scope): they may differ freely. Every other field is compared, so a field added to
 * Facts later is compared too, until it is listed here.
 */
export const NOT_CUT_INPUT: ReadonlySet<string> = new Set(['tool', 'root', 'tsconfigs', 'externalImports', 'ddl', 'history', 'authors', 'diagnostics']);

/** Two runs' facts are the same but for layout, in every field except those in `NOT_CUT_INPUT`. */
export function sameCutInput(a: Facts, b: Facts): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  return ka.every((k) => NOT_CUT_INPUT.has(k) || (Object.hasOwn(rb, k) && sameIgnoringPositions(ra[k], rb[k])));
}

/** Deterministic ordering helpers: every array Seam emits is sorted with these. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type Key<T> = (item: T) => string | number;

/** Sort in place by the given keys, in order; strings by code unit, numbers numerically. */
export function sortByKeys<T>(items: T[], ...keys: Key<T>[]): T[] {
  return items.sort((x, y) => {
    for (const k of keys) {
      const a = k(x);
      const b = k(y);
      if (a === b) continue;
      if (typeof a === 'number' && typeof b === 'number') return a - b;
      return compareStrings(String(a), String(b));
    }
    return 0;
  });
}

/** A partition of modules: module path -> cluster label. Reference partitions use the same shape. */
export type Partition = Record<string, string>;

/** Clusters of a partition restricted to `objects`, as label -> members (labels sorted). */
export function clustersOf(p: Partition, objects: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const o of objects) {
    const label = p[o]!;
    const list = out.get(label);
    if (list) list.push(o);
    else out.set(label, [o]);
  }
  return new Map([...out].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** Objects both partitions label, sorted. */
export function commonObjects(a: Partition, b: Partition): string[] {
  return Object.keys(a)
    .filter((k) => Object.prototype.hasOwnProperty.call(b, k))
    .sort();
}

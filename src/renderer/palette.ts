/**
 * Service colours: a fixed palette readable on light and dark backgrounds, assigned from each
 * service id (FNV-1a hash, linear probing over the ids in sorted order) so a service keeps its
 * colour across edits and renames and two services never share one while the palette lasts.
 * The shared kernel is always neutral grey.
 */
export const KERNEL_GROUP = 'shared';
export const KERNEL_COLOR = '#8a8f98';

const PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#17becf',
  '#edc948', '#ff9da7', '#9c755f', '#76b7b2', '#bcbd22', '#8c6bb1',
  '#d37295', '#499894', '#86bcb6', '#f1ce63',
];

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** sigma parses hex and rgb() only */
function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number): string => {
    const k = (n + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

export type ColorMap = ReadonlyMap<string, string>;

export function assignColors(serviceIds: readonly string[]): ColorMap {
  const colors = new Map<string, string>([[KERNEL_GROUP, KERNEL_COLOR]]);
  const taken = new Set<number>();
  for (const id of [...new Set(serviceIds)].sort()) {
    if (id === KERNEL_GROUP) continue;
    const hash = fnv1a(id);
    if (taken.size >= PALETTE.length) {
      colors.set(id, hslToHex((hash * 137.508) % 360, 0.55, 0.52));
      continue;
    }
    let slot = hash % PALETTE.length;
    while (taken.has(slot)) slot = (slot + 1) % PALETTE.length;
    taken.add(slot);
    colors.set(id, PALETTE[slot]!);
  }
  return colors;
}

export function colorOf(colors: ColorMap, group: string): string {
  return colors.get(group) ?? KERNEL_COLOR;
}

/**
 * Seeded pseudo-random numbers for the clustering stages: mulberry32 (Tommy Ettinger, public
 * domain), a 32-bit generator that is fast, well distributed for this use and, above all,
 * reproducible: the same seed gives the same sequence on every platform.
 */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

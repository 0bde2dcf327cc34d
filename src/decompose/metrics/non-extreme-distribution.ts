/**
 * Non-extreme distribution (NED), Kalia et al., FSE 2021 (after Wu et al. 2005).
 *
 *   NED = 1 - Σ_{i : lo ≤ N_i ≤ hi} N_i / N
 *
 * The share of modules living in services that are too small or too large: N_i modules in
 * service i, N modules in all services, [lo, hi] the non-extreme band (5 to 20 by default, as in
 * the paper; configurable, since Seam's unit is a module, not a class). Between 0 and 1, lower is
 * better; 0 without modules.
 */
export const DEFAULT_NED_BAND: readonly [number, number] = [5, 20];

export function nonExtremeDistribution(sizes: readonly number[], band: readonly [number, number] = DEFAULT_NED_BAND): number {
  const total = sizes.reduce((s, x) => s + x, 0);
  if (total === 0) return 0;
  const [lo, hi] = band;
  const fine = sizes.filter((n) => n >= lo && n <= hi).reduce((s, x) => s + x, 0);
  return 1 - fine / total;
}

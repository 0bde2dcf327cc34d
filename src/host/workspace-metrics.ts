/**
 * Metric deltas for the workspace: every numeric figure of two Metrics documents side by side
 * (nested objects flattened to `a.b`, per-service arrays left out: they do not pair up across
 * edits that add or remove services).
 */
import type { MetricDelta } from '../shared/edits.js';

function numericLeaves(value: unknown, prefix: string, out: Map<string, number | null>): void {
  if (typeof value === 'number') {
    out.set(prefix, Number.isFinite(value) ? value : null);
    return;
  }
  if (value === null && prefix !== '') {
    out.set(prefix, null);
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  for (const [k, v] of Object.entries(value)) numericLeaves(v, prefix ? `${prefix}.${k}` : k, out);
}

/** the engine rounds every figure to 4 decimals; so are the deltas */
const round = (n: number): number => Math.round(n * 1e4) / 1e4;

export function metricDeltas(before: unknown, after: unknown): MetricDelta[] {
  const a = new Map<string, number | null>();
  const b = new Map<string, number | null>();
  numericLeaves(before, '', a);
  numericLeaves(after, '', b);
  // in the order the Metrics document declares them
  const keys = [...new Set([...b.keys(), ...a.keys()])];
  const rows: MetricDelta[] = [];
  for (const metric of keys) {
    const x = a.get(metric) ?? null;
    const y = b.get(metric) ?? null;
    // a figure absent on both sides (no reference given, no history read) is no news
    if (x !== null || y !== null) rows.push({ metric, before: x, after: y, delta: x === null || y === null ? null : round(y - x) });
  }
  return rows;
}


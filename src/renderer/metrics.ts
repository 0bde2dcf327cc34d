/**
 * The headline metrics the workbench shows, as data: where each figure lives in the host's
 * Metrics document, how to print it, and which direction is an improvement (src/shared/metrics.ts
 * documents the figures: SM and MQ higher is better; ICP, IFN and cut cost lower is better;
 * NED is judged by its distance to the band the host reports in `nedBand`).
 */
import type { MetricsView } from '../shared/contract.js';
import type { MetricDelta } from '../shared/edits.js';

export type Direction = 'higher' | 'lower' | 'band' | 'none';
export type Verdict = 'better' | 'worse' | 'same' | 'unknown';

export interface MetricDef {
  /** dotted path into the Metrics document; also the `metric` of its MetricDelta */
  key: string;
  label: string;
  title: string;
  better: Direction;
  digits: number;
}

export const HEADLINE_METRICS: readonly MetricDef[] = [
  { key: 'sm', label: 'SM', title: 'Structural modularity (higher is better)', better: 'higher', digits: 3 },
  { key: 'mq', label: 'MQ', title: 'Modularization quality, TurboMQ (higher is better)', better: 'higher', digits: 2 },
  { key: 'icp', label: 'ICP', title: 'Inter-partition call percentage (lower is better)', better: 'lower', digits: 3 },
  { key: 'ifn', label: 'IFN', title: 'Interface number, mean per service (lower is better)', better: 'lower', digits: 2 },
  { key: 'ned', label: 'NED', title: 'Non-extreme distribution (closer to its band is better)', better: 'band', digits: 3 },
  { key: 'cutCost.weight', label: 'Cut cost', title: 'Coupling weight of the edges between services (lower is better)', better: 'lower', digits: 1 },
  { key: 'cutCost.runtime', label: 'Runtime deps', title: 'Runtime dependencies between services: network calls once split (lower is better)', better: 'lower', digits: 0 },
  { key: 'cutCost.typeOnly', label: 'Type-only deps', title: 'Type-only dependencies between services: a contracts package absorbs them (lower is better)', better: 'lower', digits: 0 },
  { key: 'services', label: 'Services', title: 'Number of services', better: 'none', digits: 0 },
];

/** Per-service figures shown in the service panel (src/shared/metrics.ts ServiceMetrics). */
export const SERVICE_METRICS: readonly MetricDef[] = [
  { key: 'cohesion', label: 'Cohesion', title: 'μ / N²: internal dependency density (higher is better)', better: 'higher', digits: 3 },
  { key: 'exclusivity', label: 'Exclusivity', title: 'Share of its modules no other service depends on (higher is better)', better: 'higher', digits: 2 },
  { key: 'interfaces', label: 'Interfaces', title: 'Its modules other services depend on (lower is better)', better: 'lower', digits: 0 },
  { key: 'inbound.runtime', label: 'Inbound runtime', title: 'Runtime dependencies of other services on this one', better: 'lower', digits: 0 },
  { key: 'outbound.runtime', label: 'Outbound runtime', title: 'Runtime dependencies of this service on others', better: 'lower', digits: 0 },
  { key: 'businessPurity', label: 'Route purity', title: 'Share of its business routes in its dominant route group (higher is better)', better: 'higher', digits: 2 },
];

export function readMetric(metrics: MetricsView | null | undefined, key: string): number | null {
  let value: unknown = metrics;
  for (const part of key.split('.')) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function readBand(metrics: MetricsView | null | undefined): [number, number] | null {
  const band = metrics?.['nedBand'];
  if (!Array.isArray(band) || typeof band[0] !== 'number' || typeof band[1] !== 'number') return null;
  return [band[0], band[1]];
}

export function formatMetric(value: number | null, digits: number): string {
  if (value === null) return '—';
  return digits === 0 ? String(Math.round(value)) : value.toFixed(digits);
}

export function formatDelta(delta: number, digits: number): string {
  const shown = digits === 0 ? String(Math.round(Math.abs(delta))) : Math.abs(delta).toFixed(digits);
  return `${delta > 0 ? '+' : '−'}${shown}`;
}

function distanceToBand(value: number, band: [number, number]): number {
  return value < band[0] ? band[0] - value : value > band[1] ? value - band[1] : 0;
}

/** Whether going from `before` to `after` improves the metric. */
export function judge(direction: Direction, before: number | null, after: number | null, band: [number, number] | null = null): Verdict {
  if (before === null || after === null) return 'unknown';
  const eps = 1e-9;
  let gain: number;
  switch (direction) {
    case 'higher':
      gain = after - before;
      break;
    case 'lower':
      gain = before - after;
      break;
    case 'band':
      if (!band) return 'unknown';
      gain = distanceToBand(before, band) - distanceToBand(after, band);
      break;
    case 'none':
      return Math.abs(after - before) < eps ? 'same' : 'unknown';
  }
  return gain > eps ? 'better' : gain < -eps ? 'worse' : 'same';
}

export function findDelta(deltas: readonly MetricDelta[], key: string): MetricDelta | undefined {
  return deltas.find((d) => d.metric === key);
}

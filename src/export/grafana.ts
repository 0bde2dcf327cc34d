/**
 * A Grafana dashboard per service over the metrics its skeleton exposes (prom-client defaults and
 * `http_request_duration_seconds`, labelled `service`): traffic, errors, latency, saturation.
 * Importable as is; the Prometheus data source is asked for on import (`DS_PROMETHEUS`).
 */
import type { JsonValue, ServicePlan } from '../shared/plan.js';

interface Panel {
  title: string;
  expr: { expr: string; legend: string }[];
  unit: string;
  description: string;
}

function panel(p: Panel, id: number, x: number, y: number): JsonValue {
  return {
    id,
    type: 'timeseries',
    title: p.title,
    description: p.description,
    datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' },
    gridPos: { h: 8, w: 12, x, y },
    fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
    options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'none' } },
    targets: p.expr.map((e, i) => ({ refId: String.fromCharCode(65 + i), expr: e.expr, legendFormat: e.legend, datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' } })),
  };
}

export function grafanaDashboard(service: ServicePlan): JsonValue {
  const sel = `service="${service.slug}"`;
  const panels: Panel[] = [
    { title: 'Requests per second by route', unit: 'reqps', description: 'Traffic the service takes (excluding /metrics).', expr: [{ expr: `sum by (route) (rate(http_request_duration_seconds_count{${sel}}[5m]))`, legend: '{{route}}' }] },
    {
      title: 'Error ratio (5xx; 501 = not ported yet)',
      unit: 'percentunit',
      description: 'Share of answers with a 5xx status. While routes are stubs they answer 501.',
      expr: [
        { expr: `sum(rate(http_request_duration_seconds_count{${sel},status_code=~"5.."}[5m])) / clamp_min(sum(rate(http_request_duration_seconds_count{${sel}}[5m])), 1e-9)`, legend: '5xx' },
        { expr: `sum(rate(http_request_duration_seconds_count{${sel},status_code="501"}[5m])) / clamp_min(sum(rate(http_request_duration_seconds_count{${sel}}[5m])), 1e-9)`, legend: '501 not ported' },
      ],
    },
    {
      title: 'Latency p50 / p95 / p99',
      unit: 's',
      description: 'From the request-duration histogram.',
      expr: [0.5, 0.95, 0.99].map((q) => ({ expr: `histogram_quantile(${q}, sum by (le) (rate(http_request_duration_seconds_bucket{${sel}}[5m])))`, legend: `p${Math.round(q * 100)}` })),
    },
    { title: 'Event loop lag', unit: 's', description: 'Node.js event loop lag (p99): saturation of the process.', expr: [{ expr: `nodejs_eventloop_lag_p99_seconds{${sel}}`, legend: '{{instance}}' }] },
    { title: 'CPU', unit: 'percentunit', description: 'Process CPU time per second.', expr: [{ expr: `rate(process_cpu_seconds_total{${sel}}[5m])`, legend: '{{instance}}' }] },
    { title: 'Memory', unit: 'bytes', description: 'Resident memory and V8 heap in use.', expr: [{ expr: `process_resident_memory_bytes{${sel}}`, legend: 'rss {{instance}}' }, { expr: `nodejs_heap_size_used_bytes{${sel}}`, legend: 'heap {{instance}}' }] },
  ];
  return {
    __inputs: [{ name: 'DS_PROMETHEUS', label: 'Prometheus', type: 'datasource', pluginId: 'prometheus', pluginName: 'Prometheus' }],
    title: `${service.name} service`,
    uid: `seam-${service.slug}`.slice(0, 40),
    tags: ['seam', service.slug],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    editable: true,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: [] },
    annotations: { list: [] },
    panels: panels.map((p, i) => panel(p, i + 1, (i % 2) * 12, Math.floor(i / 2) * 8)),
  };
}

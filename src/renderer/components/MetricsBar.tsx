/**
 * The headline metrics with the change the last edit made: the arrow says which way the value
 * went, the colour whether that is better (green) or worse (red) for that metric (metrics.ts).
 */
import type { MetricsView } from '../../shared/contract.js';
import type { MetricDelta } from '../../shared/edits.js';
import { findDelta, formatDelta, formatMetric, HEADLINE_METRICS, judge, readBand, readMetric, type Verdict } from '../metrics.js';

const SAID: Record<Verdict, string> = { better: 'better', worse: 'worse', same: 'unchanged', unknown: 'changed' };

export function MetricsBar(props: { metrics: MetricsView; deltas: readonly MetricDelta[]; summary: string | null }) {
  const band = readBand(props.metrics);
  return (
    <section className="metrics-bar" aria-label="Metrics" data-testid="metrics-bar">
      {HEADLINE_METRICS.map((def) => {
        const value = readMetric(props.metrics, def.key);
        const delta = findDelta(props.deltas, def.key);
        const verdict = delta ? judge(def.better, delta.before, delta.after, band) : null;
        const changed = delta && delta.delta !== null && delta.delta !== 0;
        return (
          <div key={def.key} className="metric" title={def.title + (def.key === 'ned' && band ? `; band ${band[0]}–${band[1]}` : '')} data-metric={def.key}>
            <span className="metric-label">{def.label}</span>
            <span className="metric-value" data-testid={`metric-${def.key}`}>
              {formatMetric(value, def.digits)}
            </span>
            {changed && verdict ? (
              <span className={`metric-delta delta-${verdict}`} data-testid={`delta-${def.key}`} aria-label={`${SAID[verdict]} by ${formatDelta(delta.delta!, def.digits)}`}>
                {delta.delta! > 0 ? '▲' : '▼'} {formatDelta(delta.delta!, def.digits)}
              </span>
            ) : (
              <span className="metric-delta" aria-hidden="true" />
            )}
          </div>
        );
      })}
      {props.summary && (
        <div className="metrics-summary muted" data-testid="last-change">
          after: {props.summary}
        </div>
      )}
    </section>
  );
}

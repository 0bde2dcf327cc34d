/** Two scenarios side by side: the headline metrics of each, and the modules placed differently. */
import type { ScenarioComparison } from '../../shared/contract.js';
import { formatDelta, formatMetric, HEADLINE_METRICS, judge } from '../metrics.js';
import { Dialog } from './Dialog.js';

export function CompareView(props: { comparison: ScenarioComparison; nameOf: (service: string) => string; onClose: () => void }) {
  const { comparison } = props;
  const rows = HEADLINE_METRICS.map((def) => ({ def, delta: comparison.metrics.find((m) => m.metric === def.key) })).filter((r) => r.delta);
  return (
    <Dialog title={`Compare ${comparison.a} and ${comparison.b}`} onClose={props.onClose} wide testId="compare-dialog">
      <div className="compare">
        <table className="compact">
          <thead>
            <tr>
              <th>Metric</th>
              <th>{comparison.a}</th>
              <th>{comparison.b}</th>
              <th>B − A</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ def, delta }) => {
              const verdict = judge(def.better, delta!.before, delta!.after, null);
              return (
                <tr key={def.key} title={def.title}>
                  <td>{def.label}</td>
                  <td className="num">{formatMetric(delta!.before, def.digits)}</td>
                  <td className="num">{formatMetric(delta!.after, def.digits)}</td>
                  <td className={`num delta-${verdict}`}>{delta!.delta ? formatDelta(delta!.delta, def.digits) : '='}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div>
          <h3>
            Modules placed differently <span className="muted">({comparison.moved.length})</span>
          </h3>
          {comparison.moved.length === 0 ? (
            <p className="muted">Both scenarios place every module in the same service.</p>
          ) : (
            <table className="compact moved">
              <thead>
                <tr>
                  <th>Module</th>
                  <th>in {comparison.a}</th>
                  <th>in {comparison.b}</th>
                </tr>
              </thead>
              <tbody>
                {comparison.moved.map((m) => (
                  <tr key={m.module}>
                    <td>
                      <code>{m.module}</code>
                    </td>
                    <td>{props.nameOf(m.from)}</td>
                    <td>{props.nameOf(m.to)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </Dialog>
  );
}

/** The right-hand panel when no service is selected: what was analyzed and the edit history. */
import type { AnalysisSummary, WorkbenchState } from '../../shared/contract.js';
import type { EditLogEntry } from '../../shared/edits.js';
import type { StageProgress } from '../state/workbench-state.js';
import { AnalysisProgress } from './AnalysisProgress.js';

interface Props {
  workbench: WorkbenchState;
  analysis: AnalysisSummary | null;
  log: EditLogEntry[] | null;
  /** stages of the last analysis this page watched */
  progress: readonly StageProgress[];
  onLoadLog: () => void;
}

export function Overview(props: Props) {
  const { workbench, analysis } = props;
  const { decomposition } = workbench;
  return (
    <section className="overview" aria-label="Overview">
      <h2 className="panel-title">Overview</h2>
      <p className="muted">Select a service to see its modules, API, tables and conflicts. Drag a module onto another service to move it.</p>
      <dl className="metric-list">
        <div>
          <dt>Services</dt>
          <dd>{decomposition.services.length}</dd>
        </div>
        <div>
          <dt>Modules in services</dt>
          <dd>{decomposition.services.reduce((n, s) => n + s.modules.length, 0)}</dd>
        </div>
        <div>
          <dt>Shared kernel</dt>
          <dd>{decomposition.shared.length}</dd>
        </div>
        <div>
          <dt>Pins · keep-apart</dt>
          <dd>
            {decomposition.constraints.pins.length} · {decomposition.constraints.apart.length}
          </dd>
        </div>
        <div>
          <dt>Seed · resolution</dt>
          <dd>
            {decomposition.params.seed} · {decomposition.params.resolution}
          </dd>
        </div>
      </dl>
      {analysis && (
        <section className="section" aria-label="Last analysis" data-testid="last-analysis">
          <h3>Last analysis</h3>
          <p className="muted">
            {analysis.modules} modules ({analysis.parsed} parsed, {analysis.reused} reused) · {analysis.routes} routes · {analysis.tables} tables · {analysis.diagnostics.length} diagnostics
          </p>
          <AnalysisProgress stages={props.progress} running={false} />
        </section>
      )}
      <details
        className="section"
        onToggle={(e) => {
          if ((e.currentTarget as HTMLDetailsElement).open) props.onLoadLog();
        }}
      >
        <summary>History of {workbench.scenario}</summary>
        {props.log === null ? (
          <p className="muted">Loading…</p>
        ) : (
          <ol className="plain-list history" data-testid="history">
            {props.log.map((entry) => (
              <li key={entry.seq} className={entry.current ? 'current' : entry.superseded ? 'superseded' : undefined} aria-current={entry.current ? 'step' : undefined}>
                {entry.summary}
                {entry.superseded && <span className="muted"> (undone)</span>}
              </li>
            ))}
          </ol>
        )}
      </details>
    </section>
  );
}

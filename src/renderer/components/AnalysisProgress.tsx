/** Analysis progress, one bar per stage in the order the host reports them. */
import type { StageProgress } from '../state/workbench-state.js';

export function AnalysisProgress(props: { stages: readonly StageProgress[]; running: boolean }) {
  if (props.stages.length === 0) return props.running ? <p className="muted" role="status">Starting the analysis…</p> : null;
  return (
    <ol className="progress-list" aria-label="Analysis progress" data-testid="analysis-progress">
      {props.stages.map((s) => (
        <li key={s.stage}>
          <span className="stage-name">{s.stage}</span>
          <progress max={Math.max(1, s.total)} value={Math.min(s.done, Math.max(1, s.total))} aria-label={s.stage} />
          <span className="muted num">{s.total > 0 ? `${s.done}/${s.total}` : s.done}</span>
        </li>
      ))}
    </ol>
  );
}

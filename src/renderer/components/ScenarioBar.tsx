/** Scenarios: the active one, switch to another, save the current cut under a new name, compare two. */
import type { WorkbenchState } from '../../shared/contract.js';

export function ScenarioBar(props: { workbench: WorkbenchState; onSwitch: (name: string) => void; onSaveAs: () => void; onCompare: () => void }) {
  const { workbench } = props;
  return (
    <div className="scenario-bar" role="group" aria-label="Scenarios">
      <label className="inline-field">
        <span>Scenario</span>
        <select data-testid="scenario-select" value={workbench.scenario} onChange={(e) => props.onSwitch(e.target.value)}>
          {workbench.scenarios.map((s) => (
            <option key={s.name} value={s.name} title={`${s.services} services`}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={props.onSaveAs}>
        Save as…
      </button>
      <button type="button" onClick={props.onCompare} disabled={workbench.scenarios.length < 2}>
        Compare…
      </button>
    </div>
  );
}

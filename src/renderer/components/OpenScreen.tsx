/** Before anything is analyzed: open a repository or a workspace file, then analyze it. */
import { useState } from 'react';
import type { SessionInfo } from '../../shared/contract.js';
import type { StageProgress } from '../state/workbench-state.js';
import { AnalysisProgress } from './AnalysisProgress.js';

interface Props {
  session: SessionInfo | null;
  analyzing: boolean;
  progress: readonly StageProgress[];
  onOpen: (target: { root?: string; workspace?: string }) => void;
  onAnalyze: () => void;
}

export function OpenScreen(props: Props) {
  const { session } = props;
  const [root, setRoot] = useState(session?.root ?? '');
  const [workspace, setWorkspace] = useState(session?.workspace ?? '');
  return (
    <main className="open-screen">
      <div className="card">
        <h1>Seam</h1>
        <p className="muted">Find the seams in a TypeScript monolith.</p>
        {session?.root && (
          <section aria-label="Analyze">
            <p>
              Repository <code>{session.root}</code>
              {session.workspace && (
                <>
                  {' '}
                  · workspace <code>{session.workspace}</code>
                </>
              )}
            </p>
            <button type="button" className="primary" onClick={props.onAnalyze} disabled={props.analyzing} data-testid="analyze">
              {props.analyzing ? 'Analyzing…' : 'Analyze'}
            </button>
            <AnalysisProgress stages={props.progress} running={props.analyzing} />
          </section>
        )}
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            props.onOpen(root.trim() ? { root: root.trim() } : { workspace: workspace.trim() });
          }}
        >
          <h2>Open</h2>
          <label className="field" htmlFor="open-root">
            <span>Repository folder</span>
            <input id="open-root" type="text" value={root} spellCheck={false} placeholder="/path/to/monolith" onChange={(e) => setRoot(e.target.value)} />
          </label>
          <label className="field" htmlFor="open-workspace">
            <span>or a workspace file</span>
            <input id="open-workspace" type="text" value={workspace} spellCheck={false} placeholder="/path/to/.seam/workspace.db" onChange={(e) => setWorkspace(e.target.value)} />
          </label>
          <div className="form-actions">
            <button type="submit" disabled={!root.trim() && !workspace.trim()}>
              Open
            </button>
          </div>
        </form>
      </div>
    </main>
  );
}

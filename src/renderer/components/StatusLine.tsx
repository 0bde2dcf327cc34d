/** Bottom line: the host's error (with what to do), notices from the last change, and activity. */
import type { EditNotice } from '../../shared/edits.js';

export function StatusLine(props: { error: { op: string; message: string } | null; notices: readonly EditNotice[]; busy: boolean; onDismiss: () => void }) {
  return (
    <footer className="status-line">
      {props.error ? (
        <div className="error" role="alert" data-testid="error">
          <span>{props.error.message}</span>
          <button type="button" className="link-button" onClick={props.onDismiss}>
            Dismiss
          </button>
        </div>
      ) : props.notices.length > 0 ? (
        <div className="notices" role="status">
          {props.notices.map((n, i) => (
            <span key={i} className="notice" title={n.code}>
              {n.message}
            </span>
          ))}
        </div>
      ) : (
        <span className="muted">Ctrl+Z undo · Ctrl+Shift+Z redo · / search · right-click a module for its actions</span>
      )}
      <span className={`busy${props.busy ? ' on' : ''}`} role="status" aria-live="polite">
        {props.busy ? 'working…' : ''}
      </span>
    </footer>
  );
}

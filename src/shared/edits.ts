/**
 * Edits: the changes an architect makes to a decomposition, as plain data. The UI, the CLI
 * (`seam edit`) and the workspace log all speak this one union; `applyEdit` in src/workspace
 * turns an edit and a decomposition into the next decomposition.
 * Services are named by id (`svc-orders`) or by name (`orders`); modules by repo-relative path.
 */
import type { Decomposition } from './decomposition.js';

export type Edit =
  /** move modules to a service; with `create`, `to` is the name of a new service */
  | { kind: 'move'; modules: string[]; to: string; create?: boolean }
  /** merge services into the first one (which keeps its id); `name` renames the result */
  | { kind: 'merge'; services: string[]; name?: string }
  /** re-cluster one service's modules into `k` services */
  | { kind: 'split'; service: string; k: number }
  | { kind: 'rename'; service: string; name: string }
  /** pin modules to the service they are in now: re-clustering will not move them */
  | { kind: 'pin'; modules: string[] }
  | { kind: 'unpin'; modules: string[] }
  /** keep two modules in different services (`apart: false` lifts the constraint) */
  | { kind: 'apart'; a: string; b: string; apart: boolean }
  /**
   * `shared: true` puts modules in the shared kernel; `shared: false` takes them out (into
   * service `to`, or the service they are most coupled to) and keeps them out of it.
   */
  | { kind: 'shared'; modules: string[]; shared: boolean; to?: string }
  /** re-cluster every module that is not pinned, around the pins */
  | { kind: 'recluster' }
  /** clear the "new, review me" flag that re-analysis put on modules */
  | { kind: 'review'; modules: string[] };

export type EditKind = Edit['kind'];

export const EDIT_KINDS: readonly EditKind[] = ['move', 'merge', 'split', 'rename', 'pin', 'unpin', 'apart', 'shared', 'recluster', 'review'];

/** What an edit or a re-analysis wants a person to know (a module left, a service emptied). */
export interface EditNotice {
  code:
    | 'module-renamed'
    | 'module-deleted'
    | 'module-new'
    | 'service-emptied'
    | 'constraint-dropped'
    | 'apart-violated'
    | 'nothing-to-do';
  message: string;
  module?: string;
  service?: string;
}

/** One metric's value before and after an edit. */
export interface MetricDelta {
  metric: string;
  before: number | null;
  after: number | null;
  /** after - before; null when either side is missing */
  delta: number | null;
}

/** A log entry as the UI shows it: what happened, in order, and where undo/redo stand. */
export interface EditLogEntry {
  seq: number;
  kind: 'create' | 'edit' | 'reanalysis';
  /** the edit (kind `edit`) */
  edit?: Edit;
  /** one-line description: `move 2 modules to orders`, `re-analysis: run 3` */
  summary: string;
  runId: number;
  /** true when this entry is the current state */
  current: boolean;
  /** true when undone and then replaced by a later edit (kept, but off the undo/redo path) */
  superseded: boolean;
  notices: EditNotice[];
}

/** The answer to applying, undoing or redoing an edit. */
export interface EditResult<M = unknown> {
  scenario: string;
  seq: number;
  decomposition: Decomposition;
  metrics: M;
  deltas: MetricDelta[];
  notices: EditNotice[];
  canUndo: boolean;
  canRedo: boolean;
}

export function describeEdit(edit: Edit): string {
  const n = (list: readonly string[], what: string): string => (list.length === 1 ? list[0]! : `${list.length} ${what}s`);
  switch (edit.kind) {
    case 'move':
      return `move ${n(edit.modules, 'module')} to ${edit.create ? 'new service ' : ''}${edit.to}`;
    case 'merge':
      return `merge ${edit.services.join(', ')}${edit.name ? ` as ${edit.name}` : ''}`;
    case 'split':
      return `split ${edit.service} into ${edit.k}`;
    case 'rename':
      return `rename ${edit.service} to ${edit.name}`;
    case 'pin':
      return `pin ${n(edit.modules, 'module')}`;
    case 'unpin':
      return `unpin ${n(edit.modules, 'module')}`;
    case 'apart':
      return `${edit.apart ? 'keep apart' : 'allow together'} ${edit.a} and ${edit.b}`;
    case 'shared':
      return `${edit.shared ? 'mark' : 'unmark'} ${n(edit.modules, 'module')} as shared kernel${edit.to ? ` (to ${edit.to})` : ''}`;
    case 'recluster':
      return 're-cluster around the pins';
    case 'review':
      return `mark ${n(edit.modules, 'module')} reviewed`;
  }
}

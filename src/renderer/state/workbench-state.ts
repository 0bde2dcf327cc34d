/**
 * The workbench's one state container, as a pure reducer: what the host last told us (session,
 * state, views), what the user is looking at (level, tab, selection), and the outcome of the last
 * change (metric deltas). Effects that call the host live in use-workbench.ts and only dispatch
 * these actions.
 */
import type {
  AnalysisSummary,
  GraphView,
  MatrixView,
  ScenarioComparison,
  ServiceDetails,
  SessionInfo,
  WorkbenchState,
} from '../../shared/contract.js';
import type { EditLogEntry, EditNotice, EditResult, MetricDelta } from '../../shared/edits.js';
import type { MetricsView } from '../../shared/contract.js';

export type Level = GraphView['level'];
export type Tab = 'graph' | 'matrix';

export interface StageProgress {
  stage: string;
  done: number;
  total: number;
}

export interface LastChange {
  summary: string;
  deltas: MetricDelta[];
  notices: EditNotice[];
}

export interface UiState {
  /** connecting: asking the host; closed: nothing analyzed yet (open screen); ready: the workbench */
  phase: 'connecting' | 'closed' | 'ready';
  session: SessionInfo | null;
  analyzing: boolean;
  progress: StageProgress[];
  analysis: AnalysisSummary | null;
  workbench: WorkbenchState | null;
  /** edit-log position of the state we show, when known (to ignore our own state-changed events) */
  seq: number | null;
  level: Level;
  tab: Tab;
  graphs: Partial<Record<Level, GraphView>>;
  matrix: MatrixView | null;
  matrixExpand: string[];
  selected: string | null;
  details: ServiceDetails | null;
  lastChange: LastChange | null;
  comparison: ScenarioComparison | null;
  exported: { outDir: string; files: string[] } | null;
  reportHtml: string | null;
  log: EditLogEntry[] | null;
  error: { op: string; message: string } | null;
  /** host calls in flight */
  pending: number;
}

export type Action =
  | { type: 'session'; session: SessionInfo }
  | { type: 'analysis-started' }
  | { type: 'progress'; stage: string; done: number; total: number }
  | { type: 'analysis-finished'; summary: AnalysisSummary | null }
  | { type: 'workbench'; workbench: WorkbenchState }
  | { type: 'graph'; view: GraphView }
  | { type: 'matrix'; view: MatrixView; expand: string[] }
  | { type: 'level'; level: Level }
  | { type: 'tab'; tab: Tab }
  | { type: 'select'; service: string | null }
  | { type: 'details'; details: ServiceDetails }
  | { type: 'edited'; result: EditResult<MetricsView>; summary: string }
  | { type: 'scenario-changed'; workbench: WorkbenchState }
  | { type: 'comparison'; comparison: ScenarioComparison | null }
  | { type: 'exported'; result: { outDir: string; files: string[] } | null }
  | { type: 'report'; html: string | null }
  | { type: 'log'; entries: EditLogEntry[] }
  | { type: 'seq'; seq: number }
  | { type: 'failed'; op: string; message: string }
  | { type: 'dismiss-error' }
  | { type: 'pending'; delta: 1 | -1 };

export function initialState(level: Level = 'modules'): UiState {
  return {
    phase: 'connecting',
    session: null,
    analyzing: false,
    progress: [],
    analysis: null,
    workbench: null,
    seq: null,
    level,
    tab: 'graph',
    graphs: {},
    matrix: null,
    matrixExpand: [],
    selected: null,
    details: null,
    lastChange: null,
    comparison: null,
    exported: null,
    reportHtml: null,
    log: null,
    error: null,
    pending: 0,
  };
}

export function reduce(state: UiState, action: Action): UiState {
  switch (action.type) {
    case 'session': {
      const phase = action.session.analyzed || state.workbench ? 'ready' : 'closed';
      // an analysis the host ran by itself (seam serve's first start) has finished
      const analyzing = state.phase === 'closed' && phase === 'ready' ? false : state.analyzing;
      return { ...state, session: action.session, phase, analyzing };
    }
    case 'analysis-started':
      return { ...state, analyzing: true, progress: [], analysis: null };
    case 'progress': {
      const entry = { stage: action.stage, done: action.done, total: action.total };
      const at = state.progress.findIndex((p) => p.stage === action.stage);
      const progress = at === -1 ? [...state.progress, entry] : state.progress.map((p, i) => (i === at ? entry : p));
      // before anything is analyzed, progress means the host is analyzing on its own
      return { ...state, progress, analyzing: state.analyzing || state.phase === 'closed' };
    }
    case 'analysis-finished':
      // a new run changes every view: drop them so they are fetched again
      return { ...state, analyzing: false, analysis: action.summary, graphs: {}, matrix: null, details: null, lastChange: null };
    case 'workbench': {
      const selected = state.selected && hasService(action.workbench, state.selected) ? state.selected : null;
      return { ...state, workbench: action.workbench, phase: 'ready', selected, details: selected ? state.details : null };
    }
    case 'scenario-changed':
      return { ...reduce(state, { type: 'workbench', workbench: action.workbench }), lastChange: null, seq: null, log: null };
    case 'graph':
      return { ...state, graphs: { ...state.graphs, [action.view.level]: action.view } };
    case 'matrix':
      return { ...state, matrix: action.view, matrixExpand: action.expand };
    case 'level':
      return { ...state, level: action.level };
    case 'tab':
      return { ...state, tab: action.tab };
    case 'select':
      return { ...state, selected: action.service, details: action.service === state.details?.id ? state.details : null };
    case 'details':
      return action.details.id === state.selected ? { ...state, details: action.details } : state;
    case 'edited': {
      const { result } = action;
      const workbench = state.workbench
        ? { ...state.workbench, decomposition: result.decomposition, metrics: result.metrics, canUndo: result.canUndo, canRedo: result.canRedo, notices: result.notices }
        : null;
      // views of the other level are stale now; the current one is refetched right after
      const graphs = { [state.level]: state.graphs[state.level] };
      return {
        ...state,
        workbench,
        seq: result.seq,
        graphs,
        log: null,
        lastChange: { summary: action.summary, deltas: result.deltas, notices: result.notices },
      };
    }
    case 'comparison':
      return { ...state, comparison: action.comparison };
    case 'exported':
      return { ...state, exported: action.result };
    case 'report':
      return { ...state, reportHtml: action.html };
    case 'log':
      return { ...state, log: action.entries };
    case 'seq':
      return { ...state, seq: action.seq };
    case 'failed':
      return { ...state, error: { op: action.op, message: action.message }, analyzing: action.op === 'analysis.run' ? false : state.analyzing };
    case 'dismiss-error':
      return { ...state, error: null };
    case 'pending':
      return { ...state, pending: Math.max(0, state.pending + action.delta) };
  }
}

function hasService(workbench: WorkbenchState, id: string): boolean {
  return id === 'shared' || workbench.decomposition.services.some((s) => s.id === id);
}

/**
 * Effects of the workbench: the only code that calls the host. Views get the state and these
 * intents; every intent calls one or more operations of the contract and dispatches what comes
 * back. Failures become one visible error (the host's message says what to do).
 */
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { ApiResult, ExportRequest, MetricsView, OperationName, RequestOf, ResponseOf, SeamClient } from '../../shared/contract.js';
import { describeEdit, type Edit, type EditResult } from '../../shared/edits.js';
import { initialState, reduce, type Level, type Tab, type UiState } from './workbench-state.js';

export interface Intents {
  open(target: { root?: string; workspace?: string }): void;
  analyze(): void;
  refresh(): void;
  setLevel(level: Level): void;
  setTab(tab: Tab): void;
  select(service: string | null): void;
  toggleExpand(service: string): void;
  /** `summary` describes the edit for the metrics bar (default: describeEdit) */
  edit(edit: Edit, summary?: string): void;
  undo(): void;
  redo(): void;
  loadLog(): void;
  saveScenario(name: string): void;
  switchScenario(name: string): void;
  compare(a: string, b: string): void;
  closeComparison(): void;
  exportArtifacts(request: ExportRequest): void;
  clearExport(): void;
  previewReport(): void;
  closeReport(): void;
  dismissError(): void;
}

export function useWorkbench(client: SeamClient, initialLevel: Level): { state: UiState; intents: Intents } {
  const [state, dispatch] = useReducer(reduce, initialLevel, initialState);
  const current = useRef(state);
  current.current = state;
  /** edits sent and not answered yet: canUndo / canRedo are stale until they are */
  const editsInFlight = useRef(0);

  const call = useCallback(
    async <K extends OperationName>(op: K, req: RequestOf<K>): Promise<ResponseOf<K> | null> => {
      dispatch({ type: 'pending', delta: 1 });
      let result: ApiResult<ResponseOf<K>>;
      try {
        result = await client.call(op, req);
      } catch (error) {
        result = { ok: false, code: 'transport', message: `${op}: ${(error as Error).message}` };
      } finally {
        dispatch({ type: 'pending', delta: -1 });
      }
      if (result.ok) return result.value;
      dispatch({ type: 'failed', op, message: result.message });
      return null;
    },
    [client],
  );

  const loadGraph = useCallback(
    async (level: Level): Promise<void> => {
      const view = await call('graph.get', { level });
      if (view) dispatch({ type: 'graph', view });
    },
    [call],
  );

  const loadMatrix = useCallback(
    async (expand: string[]): Promise<void> => {
      const view = await call('matrix.get', { expand });
      if (view) dispatch({ type: 'matrix', view, expand });
    },
    [call],
  );

  const loadDetails = useCallback(
    async (service: string): Promise<void> => {
      if (service === 'shared') return; // the kernel is shown from the decomposition itself
      const details = await call('service.details', { service });
      if (details) dispatch({ type: 'details', details });
    },
    [call],
  );

  /** Fetch everything the user is looking at, after any change (the graph alongside the state: it is the slow one). */
  const refresh = useCallback(async (): Promise<void> => {
    const s = current.current;
    const [workbench] = await Promise.all([call('state.get', {}), loadGraph(s.level)]);
    if (!workbench) return;
    dispatch({ type: 'workbench', workbench });
    const jobs: Promise<void>[] = [];
    // a merge or split may have removed the selected service: ask only about one that still exists
    if (s.selected && (s.selected === 'shared' || workbench.decomposition.services.some((x) => x.id === s.selected))) jobs.push(loadDetails(s.selected));
    if (s.tab === 'matrix' || s.matrix) jobs.push(loadMatrix(s.matrixExpand));
    await Promise.all(jobs);
  }, [call, loadGraph, loadDetails, loadMatrix]);

  // start: who is the host, is anything analyzed
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const session = await call('session.info', {});
      if (cancelled || !session) return;
      dispatch({ type: 'session', session });
      if (session.analyzed) await refresh();
    })();
    return () => {
      cancelled = true;
    };
  }, [call, refresh]);

  // host events: analysis progress, and changes made elsewhere (another window, the CLI)
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = client.onEvent((event) => {
      if (event.type === 'progress') {
        dispatch({ type: 'progress', stage: event.stage, done: event.done, total: event.total });
        return;
      }
      const s = current.current;
      if (s.phase === 'closed') {
        // the host finished an analysis it started itself: open the workbench
        void (async () => {
          const session = await call('session.info', {});
          if (!session) return;
          dispatch({ type: 'session', session });
          if (session.analyzed) await refresh();
        })();
        return;
      }
      if (s.phase !== 'ready' || s.analyzing) return;
      if (event.seq === s.seq && event.scenario === s.workbench?.scenario) return;
      dispatch({ type: 'seq', seq: event.seq });
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), 150);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [client, call, refresh]);

  const intents = useMemo<Intents>(() => {
    const editWith = (summary: string, request: () => Promise<EditResult<MetricsView> | null>): void => {
      void (async () => {
        editsInFlight.current++;
        const result = await request().finally(() => editsInFlight.current--);
        if (!result) return;
        dispatch({ type: 'edited', result, summary });
        await refresh();
      })();
    };
    return {
      open(target) {
        void (async () => {
          const session = await call('session.open', target);
          if (!session) return;
          dispatch({ type: 'session', session });
          if (session.analyzed) await refresh();
        })();
      },
      analyze() {
        void (async () => {
          dispatch({ type: 'analysis-started' });
          const summary = await call('analysis.run', { history: true });
          dispatch({ type: 'analysis-finished', summary });
          if (!summary) return;
          const session = await call('session.info', {});
          if (session) dispatch({ type: 'session', session });
          await refresh();
        })();
      },
      refresh() {
        void refresh();
      },
      setLevel(level) {
        dispatch({ type: 'level', level });
        if (!current.current.graphs[level]) void loadGraph(level);
      },
      setTab(tab) {
        dispatch({ type: 'tab', tab });
        if (tab === 'matrix' && !current.current.matrix) void loadMatrix(current.current.matrixExpand);
      },
      select(service) {
        dispatch({ type: 'select', service });
        if (service) void loadDetails(service);
      },
      toggleExpand(service) {
        const expand = current.current.matrixExpand;
        void loadMatrix(expand.includes(service) ? expand.filter((s) => s !== service) : [...expand, service].sort());
      },
      edit(edit, summary) {
        editWith(summary ?? describeEdit(edit), () => call('edit.apply', { edit }));
      },
      // a quick Ctrl+Z after an edit is sent even while the flags are stale: the host runs them in order
      undo() {
        if (current.current.workbench?.canUndo || editsInFlight.current > 0) editWith('undo', () => call('edit.undo', {}));
      },
      redo() {
        if (current.current.workbench?.canRedo || editsInFlight.current > 0) editWith('redo', () => call('edit.redo', {}));
      },
      loadLog() {
        void (async () => {
          const entries = await call('edit.log', {});
          if (entries) dispatch({ type: 'log', entries });
        })();
      },
      saveScenario(name) {
        void (async () => {
          const workbench = await call('scenario.save', { name });
          if (!workbench) return;
          dispatch({ type: 'scenario-changed', workbench });
          await refresh();
        })();
      },
      switchScenario(name) {
        void (async () => {
          const workbench = await call('scenario.switch', { name });
          if (!workbench) return;
          dispatch({ type: 'scenario-changed', workbench });
          await refresh();
        })();
      },
      compare(a, b) {
        void (async () => {
          const comparison = await call('scenario.compare', { a, b });
          if (comparison) dispatch({ type: 'comparison', comparison });
        })();
      },
      closeComparison() {
        dispatch({ type: 'comparison', comparison: null });
      },
      exportArtifacts(request) {
        void (async () => {
          dispatch({ type: 'exported', result: null });
          const result = await call('export.run', request);
          if (result) dispatch({ type: 'exported', result });
        })();
      },
      clearExport() {
        dispatch({ type: 'exported', result: null });
      },
      previewReport() {
        void (async () => {
          const report = await call('export.previewReport', {});
          if (report) dispatch({ type: 'report', html: report.html });
        })();
      },
      closeReport() {
        dispatch({ type: 'report', html: null });
      },
      dismissError() {
        dispatch({ type: 'dismiss-error' });
      },
    };
  }, [call, refresh, loadGraph, loadMatrix, loadDetails]);

  return { state, intents };
}

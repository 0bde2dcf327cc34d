/**
 * The host: one implementation of every operation in the UI contract (src/shared/contract.ts),
 * used by both shells. Electron main calls it from its IPC handler, `seam serve` from its HTTP
 * handler; neither adds behaviour of its own.
 *
 * At the edge: every request is validated (validate-request.ts) and every answer is an
 * `ApiResult`; nothing thrown crosses the boundary (an InputError becomes `{ ok: false, code,
 * message }`, anything else an `internal` error whose stack goes to the shell's log, not to the
 * page). Inside: operations run one at a time, in arrival order, so an edit never interleaves
 * with an analysis or with opening another workspace; `session.info` alone answers at once, so
 * the UI can show where it stands while a long analysis runs.
 *
 * Views (graph, matrix, service details, plan) are derived from the active scenario's current
 * state and cached per state (scenario, log entry, run): an edit, undo, redo, switch or
 * re-analysis changes the key, and the next view is computed afresh.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { assertAnalyzableRoot } from '../../analyzers/extract.js';
import { measure, moduleDependencies, type CouplingGraph, type ModuleDependency } from '../decompose/index.js';
import { render, renderAll } from '../export/index.js';
import { plan, type SourceHints } from '../plan/index.js';
import {
  OPERATIONS,
  isOperationName,
  type AnalysisSummary,
  type ApiResult,
  type HostEvent,
  type MetricsView,
  type OperationName,
  type RequestOf,
  type ResponseOf,
  type ScenarioComparison,
  type SessionInfo,
  type WorkbenchState,
} from '../shared/contract.js';
import { DEFAULT_CONFIG, type SeamConfig } from '../shared/config.js';
import type { Decomposition } from '../shared/decomposition.js';
import type { EditResult } from '../shared/edits.js';
import { InputError, SeamError } from '../shared/errors.js';
import type { Facts } from '../shared/facts.js';
import type { Metrics } from '../shared/metrics.js';
import type { ArtifactKind, MigrationPlan } from '../shared/plan.js';
import { SEAM_VERSION } from '../shared/version.js';
import { currentState } from '../workspace/edit-log.js';
import { latestRun } from '../workspace/runs.js';
import { activeScenario, type Placement } from '../workspace/scenarios.js';
import { writeArtifacts } from './artifact-writer.js';
import { graphView } from './graph-view.js';
import { matrixView } from './matrix-view.js';
import { serviceDetails } from './service-details.js';
import { repoSourceHints } from './source-hints.js';
import { validators } from './validate-request.js';
import { dependencySplit, findGroup, viewGroups, type ViewGroups } from './view-groups.js';
import {
  analyzeInto,
  loadRun,
  applyEdit,
  closeWorkspace,
  currentDecomposition,
  defaultWorkspaceFile,
  diffScenarios,
  editLog,
  listScenarios,
  openWorkspace,
  redo,
  saveScenario,
  switchScenario,
  undo,
  workspaceRepo,
  type Workspace,
} from './workspace-ops.js';

export interface HostOptions {
  /** which shell hosts the UI (reported by `session.info`) */
  host: 'electron' | 'serve';
  /** repository to open at start */
  root?: string;
  /** workspace file; default `.seam/workspace.db` in the repository */
  workspace?: string;
  /** may the UI open another repository or workspace (`session.open`)? Electron: yes; `seam serve`: no */
  allowOpen?: boolean;
  /** read git history when analyzing, unless the request says otherwise (default: the config's) */
  history?: boolean;
  /** the effective project configuration (seam.config.json and flags) every analysis uses */
  config?: SeamConfig;
  /** where internal errors (with their stacks) are reported; the page only sees a short message */
  log?: (message: string) => void;
}

export type OperationHandlers = { [K in OperationName]: (req: unknown) => Promise<ApiResult<ResponseOf<K>>> };

export interface Host {
  /** one handler per operation of the contract; each validates its request and never throws */
  readonly handlers: OperationHandlers;
  /** dispatch by name (what the transports call): an unknown name is an error result too */
  call(op: unknown, req: unknown): Promise<ApiResult<unknown>>;
  /** subscribe to progress and state-change events; returns the unsubscribe function */
  onEvent(listener: (event: HostEvent) => void): () => void;
  /** open a repository and/or workspace on behalf of the shell itself (menus, command line), whatever `allowOpen` says */
  open(target: { root?: string; workspace?: string }): Promise<ApiResult<SessionInfo>>;
  /** analyze the open repository when its workspace holds no run yet; `null` when there was nothing to do */
  analyzeIfNeeded(): Promise<ApiResult<AnalysisSummary | null>>;
  /** refuse new work, wait for the operation in progress, close the workspace */
  close(): Promise<void>;
}

type Implementations = { [K in OperationName]: (req: RequestOf<K>) => Promise<ResponseOf<K>> };

interface Snapshot {
  key: string;
  runId: number;
  /** the facts of the cut (what is out of scope left out) */
  facts: Facts;
  /** every fact of the run */
  all: Facts;
  graph: CouplingGraph;
  decomposition: Decomposition;
}

/** Values derived from one key (a run, or a scenario state), dropped when the key changes. */
class KeyedCache {
  private key: string | undefined;
  private readonly values = new Map<string, unknown>();

  get<T>(key: string, name: string, make: () => T): T {
    if (key !== this.key) {
      this.key = key;
      this.values.clear();
    }
    if (!this.values.has(name)) this.values.set(name, make());
    return this.values.get(name) as T;
  }

  clear(): void {
    this.key = undefined;
    this.values.clear();
  }
}

const asView = (metrics: Metrics): MetricsView => metrics as unknown as MetricsView;

function editResultView(r: EditResult<Metrics>): EditResult<MetricsView> {
  return { ...r, metrics: asView(r.metrics) };
}

function placementName(p: Placement): string {
  if (p === null) return 'none';
  return p === 'shared' ? 'shared' : p.name;
}

/** `.seam/` in the repository: keep it out of the repository's history. */
function prepareSeamFolder(file: string): void {
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  const ignore = resolve(dirname(file), '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
}

export async function createHost(options: HostOptions): Promise<Host> {
  let ws: Workspace | undefined;
  let root: string | null = null;
  let closed = false;
  const listeners = new Set<(event: HostEvent) => void>();
  const perRun = new KeyedCache();
  const perState = new KeyedCache();
  const log = options.log ?? (() => undefined);

  const emit = (event: HostEvent): void => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (err) {
        log(`host: an event listener failed: ${(err as Error).stack ?? String(err)}`);
      }
    }
  };

  // ---- session ---------------------------------------------------------------------------

  const needWorkspace = (op: string): Workspace => {
    if (closed) throw new InputError(`${op}: the host is closed`, 'closed');
    if (!ws) throw new InputError(`${op}: no repository is open; open a repository folder or a workspace first`, 'no-session');
    return ws;
  };

  const activeName = (op: string, w: Workspace): string => {
    const active = activeScenario(w.store);
    if (!active) throw new InputError(`${op}: ${w.file} has no analysis yet; run the analysis first`, 'not-analyzed');
    return active.name;
  };

  const sessionInfo = (): SessionInfo => ({
    root,
    workspace: ws?.file ?? null,
    analyzed: ws ? latestRun(ws.store) !== undefined : false,
    scenario: ws ? (activeScenario(ws.store)?.name ?? null) : null,
    host: options.host,
    version: SEAM_VERSION,
  });

  const announce = (): void => {
    if (!ws) return;
    const active = activeScenario(ws.store);
    emit({ type: 'state-changed', scenario: active?.name ?? '', seq: active?.cursor ?? 0 });
  };

  const openTarget = async (target: { root?: string; workspace?: string }): Promise<SessionInfo> => {
    const rootDir = target.root !== undefined ? assertAnalyzableRoot(target.root) : null;
    const file = target.workspace !== undefined ? resolve(target.workspace) : defaultWorkspaceFile(rootDir!);
    if (target.workspace === undefined) prepareSeamFolder(file);
    const next = await openWorkspace(file, { create: rootDir !== null });
    if (ws) closeWorkspace(ws);
    ws = next;
    root = rootDir ?? workspaceRepo(next).root ?? null;
    perRun.clear();
    perState.clear();
    announce();
    return sessionInfo();
  };

  // ---- views -----------------------------------------------------------------------------

  const snapshot = (op: string): Snapshot => {
    const w = needWorkspace(op);
    const state = currentState(w.store, activeName(op, w));
    const run = loadRun(w, state.runId);
    return { key: `${state.scenario.name}\0${state.seq}\0${state.runId}`, runId: state.runId, facts: run.facts, all: run.all, graph: run.graph, decomposition: state.decomposition };
  };

  const dependencies = (s: Snapshot): ModuleDependency[] => perRun.get(String(s.runId), 'deps', () => moduleDependencies(s.facts));
  const hints = (s: Snapshot): SourceHints | undefined =>
    perRun.get(String(s.runId), 'hints', () => {
      if (root === null || !existsSync(root)) return undefined;
      return repoSourceHints(root, s.all);
    });
  const groups = (s: Snapshot): ViewGroups => perState.get(s.key, 'groups', () => viewGroups(s.facts, s.decomposition));
  const metrics = (s: Snapshot): Metrics => perState.get(s.key, 'metrics', () => measure(s.graph, s.decomposition, s.facts));
  const migrationPlan = (s: Snapshot): MigrationPlan =>
    perState.get(s.key, 'plan', () => {
      const h = hints(s);
      return plan(s.all, s.decomposition, { metrics: metrics(s), ...(h ? { hints: h } : {}) });
    });

  const workbenchState = async (scenario?: string): Promise<WorkbenchState> => {
    const w = needWorkspace('state.get');
    activeName('state.get', w);
    const cur = await currentDecomposition(w, scenario !== undefined ? { scenario } : {});
    const per = new Map(cur.metrics.perService.map((m) => [m.serviceId, m]));
    const scenarios = await listScenarios(w);
    return {
      session: sessionInfo(),
      scenario: cur.scenario,
      decomposition: cur.decomposition,
      services: cur.decomposition.services.map((s) => {
        const m = per.get(s.id);
        return { id: s.id, name: s.name, modules: s.modules.length, lines: m?.lines ?? 0, routes: m?.routes ?? 0, tablesOwned: m?.tablesOwned.length ?? 0, pinned: s.pinned.length, flagged: s.flagged?.length ?? 0 };
      }),
      metrics: asView(cur.metrics),
      notices: cur.notices,
      canUndo: cur.canUndo,
      canRedo: cur.canRedo,
      scenarios: scenarios.map((s) => ({ name: s.name, active: s.active, services: s.services })),
    };
  };

  const afterEdit = (r: EditResult<Metrics>): EditResult<MetricsView> => {
    emit({ type: 'state-changed', scenario: r.scenario, seq: r.seq });
    return editResultView(r);
  };

  // ---- operations ------------------------------------------------------------------------

  const runAnalysis = async (history: boolean | undefined): Promise<AnalysisSummary> => {
    const w = needWorkspace('analysis.run');
    if (root === null) throw new InputError(`analysis.run: ${w.file} does not record which repository it analyzed; open the repository folder instead`, 'no-repo');
    let last = '';
    const onProgress = (stage: string, done: number, total: number): void => {
      const step = `${stage}:${total > 0 ? Math.floor((done * 100) / total) : 100}`;
      if (step === last) return;
      last = step;
      emit({ type: 'progress', stage, done, total });
    };
    const base = options.config ?? DEFAULT_CONFIG;
    const r = await analyzeInto(w, root, { config: { ...base, history: history ?? options.history ?? base.history }, extract: { onProgress } });
    const tables = new Set([...r.facts.dataAccess.map((d) => d.table), ...r.facts.entities.map((e) => e.table)]);
    announce();
    return {
      runId: r.runId,
      modules: r.moduleCount,
      parsed: r.parsedCount,
      reused: r.reusedCount,
      routes: r.facts.routes.length,
      tables: tables.size,
      diagnostics: r.facts.diagnostics,
      notices: r.scenarios.flatMap((s) => s.notices),
    };
  };

  const impl: Implementations = {
    'session.info': async () => sessionInfo(),
    'session.open': async (req) => {
      if (!options.allowOpen) throw new InputError("session.open: this host serves one repository; start 'seam serve <folder>' for another", 'forbidden');
      return openTarget(req);
    },
    'analysis.run': async (req) => runAnalysis(req.history),
    'state.get': async (req) => workbenchState(req.scenario),
    'graph.get': async (req) => {
      const s = snapshot('graph.get');
      return perState.get(s.key, `graph:${req.level}`, () => graphView(s.graph, groups(s), perRun.get(String(s.runId), 'split', () => dependencySplit(dependencies(s))), req.level));
    },
    'matrix.get': async (req) => {
      const s = snapshot('matrix.get');
      return matrixView(s.graph, groups(s), dependencies(s), req.expand ?? []);
    },
    'service.details': async (req) => {
      const s = snapshot('service.details');
      const g = groups(s);
      const group = findGroup(g, req.service, 'service.details');
      return serviceDetails(s.facts, g, group, migrationPlan(s), metrics(s));
    },
    'edit.apply': async (req) => {
      const w = needWorkspace('edit.apply');
      activeName('edit.apply', w);
      return afterEdit(await applyEdit(w, req.edit));
    },
    'edit.undo': async () => {
      const w = needWorkspace('edit.undo');
      activeName('edit.undo', w);
      return afterEdit(await undo(w));
    },
    'edit.redo': async () => {
      const w = needWorkspace('edit.redo');
      activeName('edit.redo', w);
      return afterEdit(await redo(w));
    },
    'edit.log': async () => {
      const w = needWorkspace('edit.log');
      activeName('edit.log', w);
      return editLog(w);
    },
    'scenario.save': async (req) => {
      const w = needWorkspace('scenario.save');
      activeName('scenario.save', w);
      await saveScenario(w, req.name);
      announce();
      return workbenchState();
    },
    'scenario.switch': async (req) => {
      const w = needWorkspace('scenario.switch');
      await switchScenario(w, req.name);
      announce();
      return workbenchState();
    },
    'scenario.compare': async (req): Promise<ScenarioComparison> => {
      const w = needWorkspace('scenario.compare');
      const diff = await diffScenarios(w, req.a, req.b);
      return { a: diff.a, b: diff.b, metrics: diff.metrics, moved: diff.modules.map((m) => ({ module: m.module, from: placementName(m.a), to: placementName(m.b) })) };
    },
    'export.run': async (req) => {
      const s = snapshot('export.run');
      const artifacts = renderAll(migrationPlan(s), req.kinds as ArtifactKind[]);
      const files = writeArtifacts(req.outDir, artifacts, { force: req.force === true });
      return { outDir: resolve(req.outDir), files };
    },
    'export.previewReport': async () => {
      const s = snapshot('export.previewReport');
      const html = render(migrationPlan(s), 'report').find((a) => a.path.endsWith('.html'));
      if (!html) throw new Error('export: the report exporter produced no HTML page');
      return { html: html.contents };
    },
  };

  // ---- the edge --------------------------------------------------------------------------

  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const guard = async <T>(op: string, fn: () => Promise<T>): Promise<ApiResult<T>> => {
    try {
      return { ok: true, value: await fn() };
    } catch (err) {
      if (err instanceof SeamError) return { ok: false, code: err.code, message: err.message };
      log(`host: ${op} failed: ${(err as Error).stack ?? String(err)}`);
      return { ok: false, code: 'internal', message: `${op}: internal error (${(err as Error).message ?? String(err)}); please report it` };
    }
  };

  const handler = <K extends OperationName>(op: K): ((req: unknown) => Promise<ApiResult<ResponseOf<K>>>) => {
    const run = impl[op] as (req: RequestOf<K>) => Promise<ResponseOf<K>>;
    const validate = validators[op] as (req: unknown) => RequestOf<K>;
    return (req: unknown) =>
      guard(op, () => {
        const valid = validate(req);
        return op === 'session.info' ? run(valid) : serial(() => run(valid));
      });
  };

  const handlers = Object.fromEntries(OPERATIONS.map((op) => [op, handler(op)])) as OperationHandlers;

  if (options.root !== undefined || options.workspace !== undefined) {
    await openTarget({ ...(options.root !== undefined ? { root: options.root } : {}), ...(options.workspace !== undefined ? { workspace: options.workspace } : {}) });
  }

  return {
    handlers,
    call(op, req) {
      if (!isOperationName(op)) {
        return Promise.resolve({ ok: false, code: 'unknown-operation', message: `unknown operation '${String(op).slice(0, 80)}'; the operations are ${OPERATIONS.join(', ')}` });
      }
      return (handlers[op] as (req: unknown) => Promise<ApiResult<unknown>>)(req);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    open(target) {
      return guard('open', () => serial(() => openTarget(target)));
    },
    analyzeIfNeeded() {
      return guard('analysis.run', () => serial(async () => (ws && latestRun(ws.store) === undefined ? runAnalysis(undefined) : null)));
    },
    async close() {
      closed = true;
      await queue;
      listeners.clear();
      if (ws) closeWorkspace(ws);
      ws = undefined;
    },
  };
}

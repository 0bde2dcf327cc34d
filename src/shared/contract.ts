/**
 * The one contract between the UI and its host. The renderer never knows whether it runs in
 * Electron (preload + IPC) or in a browser (`seam serve`: HTTP + server-sent events): both
 * transports carry exactly these named operations, and both hosts call the same src/host
 * implementation, which validates every request at the edge.
 *
 * Adding an operation: add it to `SeamApi` and to `OPERATIONS`; the transports pick it up.
 */
import type { Decomposition } from './decomposition.js';
import type { Edit, EditLogEntry, EditNotice, EditResult, MetricDelta } from './edits.js';
import type { Diagnostic, RouteFact } from './facts.js';

/**
 * Metrics as the UI receives them: the engine's Metrics document (src/shared/metrics.ts),
 * carried as plain JSON. The metrics bar reads the headline figures by key (`sm`, `icp`, `ifn`,
 * `ned`, `mq`, `cutCost.runtime`, `cutCost.typeOnly`); deltas come flattened in `MetricDelta`s.
 */
export type MetricsView = Record<string, unknown>;

export interface SessionInfo {
  /** absolute path of the analyzed repository, when one is open */
  root: string | null;
  /** workspace file in use */
  workspace: string | null;
  /** true when the workspace holds at least one analysis run */
  analyzed: boolean;
  /** name of the active scenario */
  scenario: string | null;
  /** which shell hosts the UI */
  host: 'electron' | 'serve';
  version: string;
}

export interface AnalysisSummary {
  runId: number;
  modules: number;
  parsed: number;
  reused: number;
  routes: number;
  tables: number;
  diagnostics: Diagnostic[];
  notices: EditNotice[];
}

export interface ServiceSummary {
  id: string;
  name: string;
  modules: number;
  lines: number;
  routes: number;
  tablesOwned: number;
  pinned: number;
  flagged: number;
}

export interface WorkbenchState {
  session: SessionInfo;
  scenario: string;
  decomposition: Decomposition;
  services: ServiceSummary[];
  metrics: MetricsView;
  notices: EditNotice[];
  canUndo: boolean;
  canRedo: boolean;
  scenarios: { name: string; active: boolean; services: number }[];
}

export interface GraphNode {
  id: string;
  label: string;
  /** service id, or `shared` for the kernel */
  group: string;
  kind: 'module' | 'service' | 'kernel';
  /** lines of code (modules) or summed lines (services) */
  size: number;
  /** initial position, deterministic (the renderer may refine it) */
  x: number;
  y: number;
  pinned?: boolean;
  flagged?: boolean;
}

export interface GraphEdge {
  source: string;
  target: string;
  /** total coupling weight */
  weight: number;
  runtime: number;
  typeOnly: number;
}

export interface GraphView {
  level: 'modules' | 'services';
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface MatrixCell {
  /** import edges from row to column */
  runtime: number;
  typeOnly: number;
  /** coupling weight from the graph (all layers) */
  weight: number;
}

export interface MatrixView {
  /** row/column keys in display order (sorted so diagonal blocks show): service ids, or module paths of expanded services */
  keys: string[];
  labels: string[];
  /** for each key: the service it belongs to */
  groups: string[];
  /** cells[i][j]: from keys[i] to keys[j] */
  cells: MatrixCell[][];
}

export interface TableUse {
  table: string;
  access: 'read' | 'write';
  modules: string[];
  /**
   * for foreign tables: the owning service and the suggested strategy: for reads the plan's
   * `api`, `replica` or `view`; for writes `command` (call the owner's API instead of writing)
   */
  owner?: string;
  strategy?: string;
}

export interface ServiceDetails {
  id: string;
  name: string;
  modules: { path: string; lines: number; pinned: boolean; flagged: boolean }[];
  routes: RouteFact[];
  /** exported symbols other services use: `module#symbol` with the calling services */
  api: { module: string; symbol: string; usedBy: string[] }[];
  ownedTables: TableUse[];
  foreignTables: TableUse[];
  /** shared mutable state the service holds or uses that spans a cut; `users`: the groups (service ids, `shared`, `monolith`) holding or using it */
  sharedState: { id: string; kind: string; users: string[] }[];
  /** the plan's conflicts involving the service; `message` is the summary and the suggested resolution, `file`/`line` the first place */
  conflicts: { kind: string; message: string; file?: string; line?: number }[];
  /** per-service metrics */
  metrics: MetricsView;
}

export interface ScenarioComparison {
  a: string;
  b: string;
  metrics: MetricDelta[];
  /** modules whose service differs between a and b; `from`/`to` are service names, `shared` for the kernel, `none` when absent */
  moved: { module: string; from: string; to: string }[];
}

export interface ExportRequest {
  /** `skeletons`, `gateway`, `openapi`, `data`, `report`, `rules` */
  kinds: string[];
  /** absolute target folder */
  outDir: string;
  force?: boolean;
}

/** Every operation: request and response types, by name. */
export interface SeamApi {
  'session.info': { req: Record<string, never>; res: SessionInfo };
  /** open a repository (and its default workspace) or a workspace file; Electron only unless the server allows it */
  'session.open': { req: { root?: string; workspace?: string }; res: SessionInfo };
  /** (re-)analyze the open repository into the workspace; progress arrives as `progress` events */
  'analysis.run': { req: { history?: boolean }; res: AnalysisSummary };
  'state.get': { req: { scenario?: string }; res: WorkbenchState };
  'graph.get': { req: { level: 'modules' | 'services' }; res: GraphView };
  'matrix.get': { req: { expand?: string[] }; res: MatrixView };
  'service.details': { req: { service: string }; res: ServiceDetails };
  'edit.apply': { req: { edit: Edit }; res: EditResult<MetricsView> };
  'edit.undo': { req: Record<string, never>; res: EditResult<MetricsView> };
  'edit.redo': { req: Record<string, never>; res: EditResult<MetricsView> };
  'edit.log': { req: Record<string, never>; res: EditLogEntry[] };
  'scenario.save': { req: { name: string }; res: WorkbenchState };
  'scenario.switch': { req: { name: string }; res: WorkbenchState };
  'scenario.compare': { req: { a: string; b: string }; res: ScenarioComparison };
  'export.run': { req: ExportRequest; res: { outDir: string; files: string[] } };
  'export.previewReport': { req: Record<string, never>; res: { html: string } };
}

export type OperationName = keyof SeamApi;
export type RequestOf<K extends OperationName> = SeamApi[K]['req'];
export type ResponseOf<K extends OperationName> = SeamApi[K]['res'];

export const OPERATIONS: readonly OperationName[] = [
  'session.info',
  'session.open',
  'analysis.run',
  'state.get',
  'graph.get',
  'matrix.get',
  'service.details',
  'edit.apply',
  'edit.undo',
  'edit.redo',
  'edit.log',
  'scenario.save',
  'scenario.switch',
  'scenario.compare',
  'export.run',
  'export.previewReport',
];

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && (OPERATIONS as readonly string[]).includes(name);
}

/** What a transport returns: never a thrown error across the boundary. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/** Events pushed by the host (SSE in the browser, IPC events in Electron). */
export type HostEvent =
  | { type: 'progress'; stage: string; done: number; total: number }
  /** after an edit, undo, redo, scenario change, analysis or opening a workspace (`scenario` is '' and `seq` 0 before the first analysis): re-read what you show */
  | { type: 'state-changed'; scenario: string; seq: number };

/** The object the preload exposes as `window.seam`, and the browser client implements. */
export interface SeamClient {
  call<K extends OperationName>(op: K, req: RequestOf<K>): Promise<ApiResult<ResponseOf<K>>>;
  /** subscribe to host events; returns an unsubscribe function */
  onEvent(listener: (event: HostEvent) => void): () => void;
}

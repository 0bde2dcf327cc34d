/**
 * Workspace operations shared by the UI (Electron main, `seam serve`) and the CLI: open a
 * workspace, analyze a repository into it (incrementally), read and edit the current
 * decomposition with undo/redo, and manage scenarios. Plain async functions over a `Workspace`
 * handle; every change is one transaction in the store (src/workspace).
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { assertAnalyzableRoot, restoredResult, storedResultText } from '../../analyzers/extract.js';
import type { FileResult } from '../../analyzers/core/process-file.js';
import type { Resolution, ResolutionCache } from '../../analyzers/extract.js';
import { GitError, runGit } from '../../analyzers/history/safe-git.js';
import { untimed, type ExtractOptions } from '../../analyzers/types.js';
import { buildGraph, couplingEdges, measure, type CouplingGraph } from '../decompose/index.js';
import type { ServiceScope } from '../decompose/index.js';
import { cutFacts, extractOptionsOf, proposeCut, runPipeline } from '../engine/pipeline.js';
import { DEFAULT_CONFIG, type SeamConfig } from '../shared/config.js';
import type { Decomposition } from '../shared/decomposition.js';
import { describeEdit, type Edit, type EditLogEntry, type EditNotice, type EditResult, type MetricDelta } from '../shared/edits.js';
import { InputError } from '../shared/errors.js';
import type { Facts } from '../shared/facts.js';
import type { Metrics } from '../shared/metrics.js';
import { SEAM_VERSION } from '../shared/version.js';
import { editProblem, packJsonAsync } from '../workspace/codec.js';
import { advanceRun, appendEntry, currentState, readLog, redo as redoEntry, undo as undoEntry, type ScenarioState } from '../workspace/edit-log.js';
import { applyEdit as applyEditPure } from '../workspace/edits.js';
import { fingerprint, reconcile, type ModuleRename } from '../workspace/reconcile.js';
import { fingerprintedHashes, getRun, insertRun, latestRun, readCache, reusableResults, runFacts, runHashes, storedFingerprints, writeCache, type RunInfo } from '../workspace/runs.js';
import { activeScenario, diffDecompositions, findScenario, getScenario, insertScenario, listScenarios as listScenarioRows, switchScenario as switchScenarioRow, type DecompositionDiff, type ScenarioInfo } from '../workspace/scenarios.js';
import { DEFAULT_WORKSPACE, fileState, openStore, type Store } from '../workspace/store.js';
import { metricDeltas } from './workspace-metrics.js';

export const DEFAULT_SCENARIO = 'proposal';

/** A run as the cut sees it: loading it is the slow part of an edit, so a handle keeps the last one. */
export interface LoadedRun {
  runId: number;
  /** the facts the cut is made of (frontends, SDKs, CLIs and tooling left out) */
  facts: Facts;
  /** every fact of the run (the plan places what the cut leaves out in the monolith) */
  all: Facts;
  graph: CouplingGraph;
  /** the effective configuration the run was made with */
  config: SeamConfig;
}

export interface Workspace {
  readonly file: string;
  readonly store: Store;
  loaded?: LoadedRun;
  /** per-file results of the last run analyzed through this handle: the next re-analysis in this session need not read them back */
  lastRun?: {
    runId: number;
    /** when the run was recorded: with the id, which run of which file this is (a file copied over the workspace may reuse ids) */
    createdAt: string;
    results: ReadonlyMap<string, FileResult>;
    stamps?: ReadonlyMap<string, string>;
    linkMemo?: string;
    /** the module resolutions as stored in the workspace */
    resolutions?: ResolutionCache;
  };
}

export function defaultWorkspaceFile(repoRoot: string): string {
  return join(repoRoot, DEFAULT_WORKSPACE);
}

export async function openWorkspace(file: string, options: { create?: boolean; readonly?: boolean; unchangedSince?: string } = {}): Promise<Workspace> {
  const store = openStore(file, options);
  return { file: store.file, store };
}

export function closeWorkspace(ws: Workspace): void {
  ws.store.close();
}

/**
 * What a resident process (src/cli/daemon) keeps of each workspace between commands: the last
 * run's results, by workspace file (used only while the workspace's latest run has their id and
 * time). The file itself is opened, checked and closed by every command, as in a process of its
 * own: nothing holds it between commands (a connection left open would write its WAL back into
 * whatever the file has become by the time it closes: a damaged file, a backup copied over it).
 * Only the page check is skipped, when the file is as this process closed it (see `fileState`).
 */
let kept: Map<string, { lastRun?: Workspace['lastRun']; closedAs: string }> | undefined;

/** Keep each workspace's last run in memory from one command to the next (a resident process). */
export function keepRunsBetweenCommands(): void {
  kept ??= new Map();
}

async function withWorkspace<T>(file: string, create: boolean, fn: (ws: Workspace) => Promise<T>): Promise<T> {
  const before = kept?.get(resolve(file));
  const ws = await openWorkspace(file, { create, ...(before ? { unchangedSince: before.closedAs } : {}) });
  if (before?.lastRun) ws.lastRun = before.lastRun;
  try {
    return await fn(ws);
  } finally {
    closeWorkspace(ws);
    kept?.set(ws.file, { ...(ws.lastRun ? { lastRun: ws.lastRun } : {}), closedAs: fileState(ws.file) });
  }
}

function now(): string {
  return new Date().toISOString();
}

// ---------------------------------------------------------------------------------------------
// Analysis

export interface AnalyzeIntoOptions {
  /** workspace file; default `.seam/workspace.db` in the analyzed folder */
  workspace?: string;
  /** the effective configuration, recorded with the run; its seed, resolution, services and weights make the first proposal (later runs keep the scenarios' own) */
  config?: SeamConfig;
  /** progress, and settings on top of the config (older callers) */
  extract?: Omit<ExtractOptions, 'reuse'>;
}

export interface ScenarioReconciliation {
  scenario: string;
  renames: ModuleRename[];
  deleted: string[];
  added: string[];
  notices: EditNotice[];
}

export interface AnalyzeIntoResult {
  file: string;
  runId: number;
  facts: Facts;
  head: string | null;
  moduleCount: number;
  parsedCount: number;
  reusedCount: number;
  /** the analyzers whose link step was reused from the previous run (nothing it read had changed) */
  linksReused: string[];
  /** the facts the cut is made of, and what was left out of it (`cutFacts` with the run's config) */
  scoped: { facts: Facts; scope: ServiceScope };
  /** true when this run created the workspace's first scenario */
  firstRun: boolean;
  scenarios: ScenarioReconciliation[];
  /** the active scenario's cut after this run (read without loading the run: no graph, no metrics) */
  active: Decomposition | undefined;
}

/** The options that shape the facts, and the whole effective config; stored with the run. */
function recordedOptions(o: Omit<ExtractOptions, 'reuse'>, config: SeamConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['tsconfig', 'include', 'exclude', 'history', 'includeTests', 'maxFileBytes', 'coChange'] as const) if (o[k] !== undefined) out[k] = o[k];
  out.config = config;
  return out;
}

/** A config with the older callers' extraction settings folded in. */
function configWith(config: SeamConfig, o: Omit<ExtractOptions, 'reuse'> | undefined): SeamConfig {
  if (!o) return config;
  const c = structuredClone(config);
  if (o.history !== undefined) c.history = o.history;
  if (o.includeTests !== undefined) c.tests = o.includeTests;
  if (o.include !== undefined) c.include = [...o.include];
  if (o.exclude !== undefined) c.exclude = [...o.exclude];
  if (o.tsconfig !== undefined) c.tsconfig = o.tsconfig;
  if (o.workers !== undefined) c.workers = o.workers;
  return c;
}

/** The effective config a run was made with (runs recorded before configs existed: the defaults with their options). */
export function configOfRun(store: Store, runId: number): SeamConfig {
  const options = getRun(store, runId).options;
  if (typeof options.config === 'object' && options.config !== null) return { ...structuredClone(DEFAULT_CONFIG), ...(options.config as Partial<SeamConfig>) };
  return configWith(DEFAULT_CONFIG, options as Omit<ExtractOptions, 'reuse'>);
}

/** Per-file results can be reused when the parse itself would come out the same. */
function reusable(prev: RunInfo, options: Record<string, unknown>): boolean {
  return prev.seamVersion === SEAM_VERSION && prev.options.maxFileBytes === options.maxFileBytes && prev.options.tsconfig === options.tsconfig;
}

async function gitHead(rootDir: string): Promise<string | null> {
  try {
    const head = (await runGit(rootDir, ['rev-parse', '--verify', '--end-of-options', 'HEAD^{commit}'])).trim();
    return /^[0-9a-f]{40,64}$/.test(head) ? head : null;
  } catch (err) {
    if (err instanceof GitError) return null;
    throw err;
  }
}

/** Renames between a commit and the work tree (committed or staged), paths relative to the analyzed folder. */
async function gitRenames(rootDir: string, since: string): Promise<{ from: string; to: string }[]> {
  if (!/^[0-9a-f]{40,64}$/.test(since)) return [];
  let out: string;
  try {
    out = await runGit(rootDir, ['diff', '--name-status', '-z', '-M50%', '--diff-filter=R', '--relative', '--no-ext-diff', since, '--']);
  } catch (err) {
    if (err instanceof GitError) return []; // the old HEAD is gone (rebased, shallow): content similarity still applies
    throw err;
  }
  const parts = out.split('\0');
  const renames: { from: string; to: string }[] = [];
  for (let i = 0; i + 2 < parts.length; i += 3) {
    if (parts[i]!.startsWith('R')) renames.push({ from: parts[i + 1]!, to: parts[i + 2]! });
  }
  return renames;
}

export async function analyzeIntoWorkspace(root: string, options: AnalyzeIntoOptions = {}): Promise<AnalyzeIntoResult> {
  const rootDir = assertAnalyzableRoot(root);
  const file = options.workspace ?? defaultWorkspaceFile(rootDir);
  if (options.workspace === undefined && !existsSync(file)) {
    // Seam's own folder in the repository: keep it out of the repository's history
    const ignore = join(dirname(file), '.gitignore');
    mkdirSync(dirname(file), { recursive: true });
    if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
  }
  return withWorkspace(file, true, (ws) => analyzeInto(ws, rootDir, options));
}

export async function analyzeInto(ws: Workspace, root: string, options: AnalyzeIntoOptions = {}): Promise<AnalyzeIntoResult> {
  const { store } = ws;
  const rootDir = assertAnalyzableRoot(root);
  assertSameRepo(store, rootDir);
  const config = configWith(options.config ?? DEFAULT_CONFIG, options.extract);
  const extractOptions: Omit<ExtractOptions, 'reuse'> = { ...extractOptionsOf(config), ...(options.extract?.maxFileBytes !== undefined ? { maxFileBytes: options.extract.maxFileBytes } : {}) };
  const recorded = recordedOptions(extractOptions, config);
  const time = options.extract?.time ?? untimed;
  const prev = latestRun(store);

  // the previous run as this handle holds it, or as stored
  const last = prev && reusable(prev, recorded) ? (isRun(ws.lastRun, prev) ? ws.lastRun! : time('workspace read', () => readRun(store, prev))) : undefined;
  const reuse = new Map<string, FileResult>(last?.results ?? []);
  const reuseStamps = last?.stamps;
  /** the link memo of the run reused (its text: not written again when this run's is the same) */
  const memoBefore = last?.linkMemo;
  const resolutions = last ? last.resolutions : time('workspace read', () => asResolutionCache(readCache(store, RESOLUTIONS_CACHE)));
  const onProgress = options.extract?.onProgress;
  const [run, head] = await Promise.all([
    runPipeline({ root: rootDir, config, until: 'extract', reuse, ...(reuseStamps ? { reuseStamps } : {}), stamp: true, ...(resolutions ? { resolutions } : {}), ...(memoBefore !== undefined ? { linkMemo: memoBefore } : {}), recordLinks: true, ...(onProgress ? { onProgress } : {}), time }),
    gitHead(rootDir),
  ]);
  const facts = run.facts;
  const packedFacts = packJsonAsync(facts);
  const after = new Map(facts.modules.map((m) => [m.path, m.hash]));

  const storedPrints = fingerprintedHashes(store);
  const known = (hash: string): boolean => storedPrints.has(hash);
  const fingerprints = new Map<string, Uint32Array>();
  time('fingerprints', () => {
    for (const m of facts.modules) {
      if (fingerprints.has(m.hash) || known(m.hash)) continue;
      try {
        fingerprints.set(m.hash, fingerprint(readFileSync(join(rootDir, m.path), 'utf8')));
      } catch {
        // vanished since extraction: it will be matched by hash alone
      }
    }
  });
  const parsedByPath = new Map(run.files.map((f) => [f.path, f]));
  const repaired = new Set(run.reparsed ?? []);
  const files = facts.modules.map((m) => {
    const fresh = reuse.get(m.path)?.module?.hash === m.hash && !repaired.has(m.path) ? undefined : parsedByPath.get(m.path);
    return fresh ? { path: m.path, hash: m.hash, result: storedResultText(fresh) } : { path: m.path, hash: m.hash };
  });

  const scenarioNames = listScenarioRows(store).map((s) => s.name);
  const firstRun = scenarioNames.length === 0;
  const scoped = time('scope', () => cutFacts(facts, config));
  const cut = scoped.facts;
  let graph: CouplingGraph | undefined;
  const graphOf = (): CouplingGraph => (graph ??= buildGraph(cut, config.weights));

  // what reconciling each scenario needs from outside the transaction: old hashes, git's renames, fingerprints
  const prepared = new Map<string, { before: Map<string, string>; changed: boolean; renames: { from: string; to: string }[] }>();
  const renamesSince = new Map<string, { from: string; to: string }[]>();
  for (const name of scenarioNames) {
    const s = getScenario(store, name);
    const before = runHashes(store, s.runId);
    const gone = [...before].filter(([p]) => !after.has(p));
    const added = [...after].filter(([p]) => !before.has(p));
    if (gone.length === 0 && added.length === 0) {
      prepared.set(name, { before, changed: false, renames: [] });
      continue;
    }
    const oldHead = getRun(store, s.runId).head;
    if (oldHead && head && gone.length > 0 && !renamesSince.has(oldHead)) renamesSince.set(oldHead, await gitRenames(rootDir, oldHead));
    const missing = [...gone, ...added].map(([, h]) => h).filter((h) => !fingerprints.has(h));
    for (const [hash, lines] of storedFingerprints(store, missing)) fingerprints.set(hash, lines);
    prepared.set(name, { before, changed: true, renames: (oldHead && renamesSince.get(oldHead)) || [] });
    if (added.length > 0) graphOf();
  }
  const firstDecomposition = firstRun ? time('kernel+cluster', () => proposeCut(cut, config, graphOf())) : undefined;

  const createdAt = now();
  const packed = await time('workspace pack', () => packedFacts);
  const reconciliations: ScenarioReconciliation[] = [];
  let storedResolutions = resolutions;
  const runId = time('workspace write', () => store.write(() => {
    const id = insertRun(store, { seamVersion: SEAM_VERSION, root: rootDir, head, options: recorded, facts, packedFacts: packed, parsedCount: run.parsedCount, files, fingerprints: onlyNew(fingerprints, known), createdAt });
    setMeta(store, 'repo_root', rootDir);
    writeCache(store, STAMPS_CACHE, { entries: [...(run.stamps ?? [])] });
    if (run.linkMemo !== undefined) {
      if (run.linkMemo !== memoBefore) writeCache(store, LINKS_CACHE, run.linkMemo);
      writeCache(store, LINKS_RUN_CACHE, { runId: id });
    }
    if (run.resolutions && (run.resolutions.key !== resolutions?.key || run.resolutions.entries.length !== resolutions.entries.length)) {
      writeCache(store, RESOLUTIONS_CACHE, run.resolutions);
      storedResolutions = run.resolutions;
    }
    if (firstDecomposition && !findScenario(store, DEFAULT_SCENARIO)) {
      insertScenario(store, DEFAULT_SCENARIO, { kind: 'create', summary: `proposed by seam analyze (run ${id})`, runId: id, decomposition: firstDecomposition, notices: [], createdAt }, true);
    }
    for (const name of scenarioNames) {
      const p = prepared.get(name)!;
      if (!p.changed) {
        advanceRun(store, name, id);
        reconciliations.push({ scenario: name, renames: [], deleted: [], added: [], notices: [] });
        continue;
      }
      appendEntry(store, name, (current) => {
        const r = reconcile({ decomposition: current.decomposition, before: p.before, after, gitRenames: p.renames, fingerprints, graph });
        reconciliations.push({ scenario: name, renames: r.renames, deleted: r.deleted, added: r.added, notices: r.notices });
        return { kind: 'reanalysis', summary: `re-analysis: run ${id} (${r.renames.length} renamed, ${r.deleted.length} deleted, ${r.added.length} new)`, runId: id, decomposition: r.decomposition, notices: r.notices, createdAt };
      });
    }
    return id;
  }));
  if (graph) ws.loaded = { runId, facts: cut, all: facts, graph, config };
  ws.lastRun = { runId, createdAt, results: new Map(run.files.filter((f) => f.module).map((f) => [f.path, f])), stamps: run.stamps ?? new Map(), ...(run.linkMemo !== undefined ? { linkMemo: run.linkMemo } : {}), ...(storedResolutions ? { resolutions: storedResolutions } : {}) };
  return {
    file: store.file,
    runId,
    facts,
    head,
    moduleCount: facts.modules.length,
    parsedCount: run.parsedCount,
    reusedCount: run.files.length - run.parsedCount,
    linksReused: run.linksReused ?? [],
    scoped,
    firstRun,
    scenarios: reconciliations,
    active: time('workspace scenario', () => {
      const name = activeScenario(store)?.name;
      return name === undefined ? undefined : currentState(store, name).decomposition;
    }),
  };
}

/** The per-file results, stamps and link steps of run `runId`, as stored (what a re-analysis reuses). */
function isRun(held: Workspace['lastRun'], run: RunInfo): boolean {
  return held !== undefined && held.runId === run.id && held.createdAt === run.createdAt;
}

function readRun(store: Store, run: RunInfo): NonNullable<Workspace['lastRun']> {
  const runId = run.id;
  const results = new Map<string, FileResult>();
  for (const [path, stored] of reusableResults(store, runId, SEAM_VERSION)) {
    const r = restoredResult(path, stored.hash, stored.result, stored.lazy);
    if (r) results.set(path, r);
  }
  const stamps = asStamps(readCache(store, STAMPS_CACHE));
  // the link steps are only valid with the results they saw: those of the same run
  let linkMemo: string | undefined;
  if ((readCache(store, LINKS_RUN_CACHE) as { runId?: unknown } | undefined)?.runId === runId) {
    const text = readCache(store, LINKS_CACHE);
    if (typeof text === 'string') linkMemo = text;
  }
  const resolutions = asResolutionCache(readCache(store, RESOLUTIONS_CACHE));
  return { runId, createdAt: run.createdAt, results, ...(stamps ? { stamps } : {}), ...(linkMemo !== undefined ? { linkMemo } : {}), ...(resolutions ? { resolutions } : {}) };
}

/**
 * Read a workspace's latest run's results into memory, as a re-analysis would find them after its
 * own run (a resident Seam does this when it starts, so that its first run is a warm one).
 */
export async function preloadLatestRun(file: string): Promise<void> {
  await withWorkspace(file, false, async (ws) => {
    const prev = latestRun(ws.store);
    if (!prev || prev.seamVersion !== SEAM_VERSION) return;
    if (!isRun(ws.lastRun, prev)) ws.lastRun = readRun(ws.store, prev);
    // and its coupling edges: the next run's are these when its facts differ only in layout (couplingEdges)
    const config = configOfRun(ws.store, prev.id);
    couplingEdges(cutFacts(runFacts(ws.store, prev.id), config).facts, config.weights);
  });
}

const RESOLUTIONS_CACHE = 'resolutions';
/** path -> the file's stamp and content hash at the latest run (see extractRun's `stamps`) */
const STAMPS_CACHE = 'stamps';
/** the link steps of the latest run, their JSON text (see analyzers/core/link-memo.ts), valid with that run's results */
const LINKS_CACHE = 'links';
/** `{ runId }`: the run the stored link steps belong to */
const LINKS_RUN_CACHE = 'links-run';

/** The stored stamps, if they have the shape this Seam writes (anything else is ignored: every file is then hashed). */
function asStamps(value: unknown): Map<string, string> | undefined {
  const entries = typeof value === 'object' && value !== null ? (value as { entries?: unknown }).entries : undefined;
  if (!Array.isArray(entries)) return undefined;
  const out = new Map<string, string>();
  for (const e of entries as unknown[]) {
    if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string' || typeof e[1] !== 'string') return undefined;
    out.set(e[0], e[1]);
  }
  return out;
}
const RESOLUTION_KINDS = new Set(['local', 'external', 'asset', 'unresolved']);

/** The stored resolutions, if they have the shape this Seam writes (anything else is ignored: it is only a cache). */
function asResolutionCache(value: unknown): ResolutionCache | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { key, entries } = value as { key?: unknown; entries?: unknown };
  if (typeof key !== 'string' || !Array.isArray(entries)) return undefined;
  for (const e of entries as unknown[]) {
    if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string') return undefined;
    const r = e[1] as { kind?: unknown } | null;
    if (typeof r !== 'object' || r === null || typeof r.kind !== 'string' || !RESOLUTION_KINDS.has(r.kind)) return undefined;
    const field = r.kind === 'external' ? 'package' : r.kind === 'unresolved' ? 'reason' : 'path';
    if (typeof (r as Record<string, unknown>)[field] !== 'string') return undefined;
  }
  return { key, entries: entries as [string, Resolution][] };
}

function onlyNew(fingerprints: ReadonlyMap<string, Uint32Array>, known: (hash: string) => boolean): Map<string, Uint32Array> {
  return new Map([...fingerprints].filter(([h]) => !known(h)));
}

function getMeta(store: Store, key: string): string | undefined {
  const v = store.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key);
  return typeof v === 'string' ? v : undefined;
}

function setMeta(store: Store, key: string, value: string): void {
  store.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** One workspace per repository; a repository that moved on disk may follow. */
function assertSameRepo(store: Store, rootDir: string): void {
  const recorded = getMeta(store, 'repo_root');
  if (recorded === undefined || recorded === rootDir) return;
  let stillThere = false;
  try {
    stillThere = realpathSync(recorded) === recorded;
  } catch {
    stillThere = false;
  }
  if (stillThere) {
    throw new InputError(`workspace: ${store.file} belongs to ${recorded}, not ${rootDir}; pass --workspace with another file for this repository`, 'workspace-other-repo');
  }
}

export function workspaceRepo(ws: Workspace): { root: string | undefined; latestRun: RunInfo | undefined } {
  return { root: getMeta(ws.store, 'repo_root'), latestRun: latestRun(ws.store) };
}

// ---------------------------------------------------------------------------------------------
// Decomposition, edits, undo / redo

function requireScenario(ws: Workspace, name: string | undefined): string {
  if (name !== undefined) return getScenario(ws.store, name).name;
  const active = activeScenario(ws.store);
  if (!active) throw new InputError(`workspace: ${ws.file} has no scenario yet; run 'seam analyze <repo> --workspace ${ws.file}' first`, 'no-scenario');
  return active.name;
}

/** The run as the cut sees it (cached on the handle): its facts, the in-scope part, the graph, its config. */
export function loadRun(ws: Workspace, runId: number): LoadedRun {
  if (ws.loaded?.runId !== runId) {
    const all = runFacts(ws.store, runId);
    const config = configOfRun(ws.store, runId);
    const facts = cutFacts(all, config).facts;
    ws.loaded = { runId, facts, all, graph: buildGraph(facts, config.weights), config };
  }
  return ws.loaded;
}

const context = loadRun;

export interface CurrentDecomposition {
  scenario: string;
  seq: number;
  runId: number;
  decomposition: Decomposition;
  metrics: Metrics;
  /** what the last edit or re-analysis wants a person to know */
  notices: EditNotice[];
  canUndo: boolean;
  canRedo: boolean;
}

function describe(ws: Workspace, state: ScenarioState): CurrentDecomposition {
  const ctx = context(ws, state.runId);
  return {
    scenario: state.scenario.name,
    seq: state.seq,
    runId: state.runId,
    decomposition: state.decomposition,
    metrics: measure(ctx.graph, state.decomposition, ctx.facts),
    notices: state.notices,
    canUndo: state.canUndo,
    canRedo: state.canRedo,
  };
}

export async function currentDecomposition(ws: Workspace, options: { scenario?: string } = {}): Promise<CurrentDecomposition> {
  return describe(ws, currentState(ws.store, requireScenario(ws, options.scenario)));
}

class StaleRun extends Error {}

function result(ws: Workspace, before: Decomposition, state: ScenarioState, notices: EditNotice[]): EditResult<Metrics> {
  const ctx = context(ws, state.runId);
  const beforeMetrics = measure(ctx.graph, before, ctx.facts);
  const metrics = measure(ctx.graph, state.decomposition, ctx.facts);
  return {
    scenario: state.scenario.name,
    seq: state.seq,
    decomposition: state.decomposition,
    metrics,
    deltas: metricDeltas(beforeMetrics, metrics),
    notices,
    canUndo: state.canUndo,
    canRedo: state.canRedo,
  };
}

/** Apply an edit to the scenario (default: the active one), log it, and return the new metrics and their deltas. */
export async function applyEdit(ws: Workspace, edit: Edit, options: { scenario?: string } = {}): Promise<EditResult<Metrics>> {
  const problem = editProblem(edit);
  if (problem) throw new InputError(`edit: ${problem}`, 'usage');
  const name = requireScenario(ws, options.scenario);
  let runId = currentState(ws.store, name).runId;
  for (let attempt = 0; ; attempt++) {
    const ctx = context(ws, runId);
    let before: Decomposition | undefined;
    let notices: EditNotice[] = [];
    try {
      const state = appendEntry(ws.store, name, (current) => {
        // a re-analysis committed since the facts were loaded: load the new ones and try again
        if (current.runId !== ctx.runId) throw new StaleRun(String(current.runId));
        before = current.decomposition;
        const out = applyEditPure(current.decomposition, edit, ctx);
        notices = out.notices;
        // an edit that changes nothing (a module moved where it already is) is not logged
        if (JSON.stringify(out.decomposition) === JSON.stringify(current.decomposition)) return null;
        return { kind: 'edit', edit, summary: describeEdit(edit), runId: current.runId, decomposition: out.decomposition, notices, createdAt: now() };
      });
      return result(ws, before!, state, notices);
    } catch (err) {
      if (!(err instanceof StaleRun) || attempt >= 3) throw err;
      runId = Number(err.message);
    }
  }
}

export async function undo(ws: Workspace, options: { scenario?: string } = {}): Promise<EditResult<Metrics>> {
  const name = requireScenario(ws, options.scenario);
  const before = currentState(ws.store, name).decomposition;
  const state = undoEntry(ws.store, name);
  return result(ws, before, state, state.notices);
}

export async function redo(ws: Workspace, options: { scenario?: string } = {}): Promise<EditResult<Metrics>> {
  const name = requireScenario(ws, options.scenario);
  const before = currentState(ws.store, name).decomposition;
  const state = redoEntry(ws.store, name);
  return result(ws, before, state, state.notices);
}

export async function editLog(ws: Workspace, options: { scenario?: string } = {}): Promise<EditLogEntry[]> {
  return readLog(ws.store, requireScenario(ws, options.scenario));
}

// ---------------------------------------------------------------------------------------------
// Scenarios

export interface ScenarioSummary extends ScenarioInfo {
  services: number;
  modules: number;
  sharedKernel: number;
  canUndo: boolean;
  canRedo: boolean;
}

export async function listScenarios(ws: Workspace): Promise<ScenarioSummary[]> {
  return listScenarioRows(ws.store).map((s) => {
    const state = currentState(ws.store, s.name);
    const d = state.decomposition;
    return { ...s, services: d.services.length, modules: d.services.reduce((n, x) => n + x.modules.length, 0), sharedKernel: d.shared.length, canUndo: state.canUndo, canRedo: state.canRedo };
  });
}

/** Save the active scenario's current decomposition under `name`; the new scenario becomes the active one. */
export async function saveScenario(ws: Workspace, name: string): Promise<ScenarioInfo> {
  const from = requireScenario(ws, undefined);
  return ws.store.write(() => {
    const state = currentState(ws.store, from);
    return insertScenario(ws.store, name, { kind: 'create', summary: `saved from ${from} (entry ${state.seq})`, runId: state.runId, decomposition: state.decomposition, notices: [], createdAt: now() }, true);
  });
}

export async function switchScenario(ws: Workspace, name: string): Promise<ScenarioInfo> {
  return switchScenarioRow(ws.store, name);
}

export interface ScenarioDiff extends DecompositionDiff {
  a: string;
  b: string;
  /** metrics of a and b side by side; delta = b - a */
  metrics: MetricDelta[];
}

export async function diffScenarios(ws: Workspace, a: string, b: string): Promise<ScenarioDiff> {
  const sa = await currentDecomposition(ws, { scenario: a });
  const sb = await currentDecomposition(ws, { scenario: b });
  return { a: sa.scenario, b: sb.scenario, metrics: metricDeltas(sa.metrics, sb.metrics), ...diffDecompositions(sa.decomposition, sb.decomposition) };
}

/** A workspace scenario read for a command that exports it: its cut, the run's facts and config, the repository folder it records. */
export interface ScenarioCut {
  decomposition: Decomposition;
  facts: Facts;
  config: SeamConfig;
  root: string | undefined;
}

/** Reads the scenario (default: the active one) of the workspace file, read-only, and closes it. */
export async function readScenarioCut(file: string, scenario: string | undefined): Promise<ScenarioCut> {
  const ws = await openWorkspace(file, { readonly: true });
  try {
    const current = await currentDecomposition(ws, scenario !== undefined ? { scenario } : {});
    const run = loadRun(ws, current.runId);
    return { decomposition: current.decomposition, facts: run.all, config: structuredClone(run.config), root: workspaceRepo(ws).root };
  } finally {
    closeWorkspace(ws);
  }
}

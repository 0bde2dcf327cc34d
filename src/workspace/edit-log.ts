/**
 * The edit log: every state a scenario has been in, in order, with the edit that led to it.
 *
 * Each entry stores the decomposition *after* it (a snapshot, deflated), and the scenario keeps
 * a cursor on the entry that is its current state. Undo moves the cursor to the previous entry,
 * redo to the next; a new edit after an undo marks the undone entries `superseded` (kept for the
 * record, off the undo/redo path) and goes on top.
 *
 * Snapshots rather than replaying edits from a base: replay would re-run `split` and `recluster`,
 * whose results depend on the engine version and on the facts, so an upgrade of Seam or a
 * re-analysis would silently change what "undo" returns to. A snapshot is exactly what the
 * architect saw. The cost (one deflated decomposition per edit, a few kB to a few hundred kB)
 * is small beside the facts.
 *
 * Creation and re-analysis entries are barriers: undo stops there, because the states before
 * a re-analysis describe modules of an older run (they stay in the log and can be read).
 *
 * Every append, undo and redo is one immediate transaction that reads the cursor afresh, so two
 * processes editing the same scenario serialise and neither loses an edit.
 */
import type { Decomposition } from '../shared/decomposition.js';
import type { Edit, EditLogEntry, EditNotice } from '../shared/edits.js';
import { InputError } from '../shared/errors.js';
import { asDecomposition, asEdit, asNotices, packJson, parseJsonText, unpackJson } from './codec.js';
import { getScenario, type ScenarioInfo } from './scenario-rows.js';
import type { Store } from './store.js';

export type EntryKind = EditLogEntry['kind'];

export interface ScenarioState {
  scenario: ScenarioInfo;
  seq: number;
  kind: EntryKind;
  /** the run the state applies to: the scenario's latest run (a re-analysis that changed no module set moves it on without a log entry) */
  runId: number;
  decomposition: Decomposition;
  notices: EditNotice[];
  canUndo: boolean;
  canRedo: boolean;
}

export interface NewEntry {
  kind: EntryKind;
  edit?: Edit;
  summary: string;
  runId: number;
  decomposition: Decomposition;
  notices: EditNotice[];
  createdAt: string;
}

interface EntryRow {
  seq: number;
  kind: string;
  edit: string | null;
  summary: string;
  run_id: number;
  state: unknown;
  notices: string;
  superseded: number;
}

function entryRow(store: Store, scenarioId: number, seq: number): EntryRow {
  const row = store.db.prepare('SELECT seq, kind, edit, summary, run_id, state, notices, superseded FROM edit_log WHERE scenario_id = ? AND seq = ?').get(scenarioId, seq) as EntryRow | undefined;
  if (!row) throw new InputError(`workspace: ${store.file}: scenario ${scenarioId} points at log entry ${seq}, which is missing; the file is damaged`, 'workspace-row');
  return row;
}

function neighbour(store: Store, scenarioId: number, seq: number, direction: 'before' | 'after'): number | undefined {
  const sql =
    direction === 'before'
      ? 'SELECT max(seq) FROM edit_log WHERE scenario_id = ? AND superseded = 0 AND seq < ?'
      : 'SELECT min(seq) FROM edit_log WHERE scenario_id = ? AND superseded = 0 AND seq > ?';
  const v = store.db.prepare(sql).pluck().get(scenarioId, seq);
  return typeof v === 'number' ? v : undefined;
}

function isKind(kind: string): kind is EntryKind {
  return kind === 'create' || kind === 'edit' || kind === 'reanalysis';
}

function readState(store: Store, scenario: ScenarioInfo): ScenarioState {
  const row = entryRow(store, scenario.id, scenario.cursor);
  const what = `scenario '${scenario.name}' entry ${row.seq}`;
  if (!isKind(row.kind)) throw new InputError(`workspace: ${store.file}: ${what} has unknown kind '${row.kind}'`, 'workspace-row');
  return {
    scenario,
    seq: row.seq,
    kind: row.kind,
    runId: scenario.runId,
    decomposition: asDecomposition(unpackJson(row.state, store.file, what), store.file, what),
    notices: asNotices(parseJsonText(row.notices, store.file, what), store.file, what),
    canUndo: row.kind === 'edit',
    canRedo: neighbour(store, scenario.id, row.seq, 'after') !== undefined,
  };
}

export function currentState(store: Store, scenarioName: string): ScenarioState {
  return readState(store, getScenario(store, scenarioName));
}

/** Insert the first entry of a new scenario; call inside `store.write`. */
export function insertFirstEntry(store: Store, scenarioId: number, entry: NewEntry): void {
  insertEntry(store, scenarioId, 1, entry);
}

function insertEntry(store: Store, scenarioId: number, seq: number, entry: NewEntry): void {
  store.db
    .prepare(
      `INSERT INTO edit_log (scenario_id, seq, kind, edit, summary, run_id, state, notices, superseded, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
    )
    .run(scenarioId, seq, entry.kind, entry.edit ? JSON.stringify(entry.edit) : null, entry.summary, entry.runId, packJson(entry.decomposition), JSON.stringify(entry.notices), entry.createdAt);
}

/**
 * Append an entry computed from the current state, in one transaction: `next` sees the state as
 * committed at that moment (after any other process's edits) and returns the entry to add, or
 * null when there is nothing to record (the state is returned unchanged).
 */
export function appendEntry(store: Store, scenarioName: string, next: (current: ScenarioState) => NewEntry | null): ScenarioState {
  return store.write(() => {
    const scenario = getScenario(store, scenarioName);
    const current = readState(store, scenario);
    const entry = next(current);
    if (entry === null) return current;
    store.db.prepare('UPDATE edit_log SET superseded = 1 WHERE scenario_id = ? AND seq > ? AND superseded = 0').run(scenario.id, scenario.cursor);
    const seq = ((store.db.prepare('SELECT max(seq) FROM edit_log WHERE scenario_id = ?').pluck().get(scenario.id) as number | null) ?? 0) + 1;
    insertEntry(store, scenario.id, seq, entry);
    store.db.prepare('UPDATE scenarios SET cursor = ?, run_id = ? WHERE id = ?').run(seq, entry.runId, scenario.id);
    return readState(store, { ...scenario, cursor: seq, runId: entry.runId });
  });
}

export function undo(store: Store, scenarioName: string): ScenarioState {
  return store.write(() => {
    const scenario = getScenario(store, scenarioName);
    const row = entryRow(store, scenario.id, scenario.cursor);
    if (row.kind !== 'edit') {
      const why = row.kind === 'create' ? `scenario '${scenario.name}' has no edits to undo` : `the analysis was re-run after the last edit of scenario '${scenario.name}', and undo stops there (the earlier states are kept in the log)`;
      throw new InputError(`edit: nothing to undo: ${why}`, 'nothing-to-undo');
    }
    const prev = neighbour(store, scenario.id, scenario.cursor, 'before');
    if (prev === undefined) throw new InputError(`workspace: ${store.file}: scenario '${scenario.name}' has an edit with no state before it; the file is damaged`, 'workspace-row');
    return moveCursor(store, scenario, prev);
  });
}

export function redo(store: Store, scenarioName: string): ScenarioState {
  return store.write(() => {
    const scenario = getScenario(store, scenarioName);
    const next = neighbour(store, scenario.id, scenario.cursor, 'after');
    if (next === undefined) throw new InputError(`edit: nothing to redo in scenario '${scenario.name}'`, 'nothing-to-redo');
    return moveCursor(store, scenario, next);
  });
}

function moveCursor(store: Store, scenario: ScenarioInfo, seq: number): ScenarioState {
  store.db.prepare('UPDATE scenarios SET cursor = ? WHERE id = ?').run(seq, scenario.id);
  return readState(store, { ...scenario, cursor: seq });
}

/** The analysis was re-run and no module came or went: the scenario's states hold as they are. Call inside `store.write`. */
export function advanceRun(store: Store, scenarioName: string, runId: number): void {
  store.db.prepare('UPDATE scenarios SET run_id = ? WHERE name = ?').run(runId, scenarioName);
}

/** The scenario's log, oldest first, superseded entries included. */
export function readLog(store: Store, scenarioName: string): EditLogEntry[] {
  const scenario = getScenario(store, scenarioName);
  const rows = store.db
    .prepare('SELECT seq, kind, edit, summary, run_id, notices, superseded FROM edit_log WHERE scenario_id = ? ORDER BY seq')
    .all(scenario.id) as Omit<EntryRow, 'state'>[];
  return rows.map((r) => {
    const what = `scenario '${scenario.name}' entry ${r.seq}`;
    if (!isKind(r.kind)) throw new InputError(`workspace: ${store.file}: ${what} has unknown kind '${r.kind}'`, 'workspace-row');
    const entry: EditLogEntry = {
      seq: r.seq,
      kind: r.kind,
      summary: r.summary,
      runId: r.run_id,
      current: r.seq === scenario.cursor,
      superseded: r.superseded === 1,
      notices: asNotices(parseJsonText(r.notices, store.file, what), store.file, what),
    };
    if (r.edit !== null) entry.edit = asEdit(parseJsonText(r.edit, store.file, what), store.file, what);
    return entry;
  });
}

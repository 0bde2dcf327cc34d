/** Scenario rows: a named decomposition, the run it belongs to, and the cursor into its log. */
import { InputError } from '../shared/errors.js';
import { RowError } from './codec.js';
import type { Store } from './store.js';

export interface ScenarioInfo {
  id: number;
  name: string;
  /** the run the scenario's current state was made for */
  runId: number;
  /** seq of the log entry that is the current state */
  cursor: number;
  active: boolean;
  createdAt: string;
}

interface ScenarioRow {
  id: number;
  name: string;
  run_id: number;
  cursor: number;
  created_at: string;
}

const ACTIVE_KEY = 'active_scenario';

function toInfo(store: Store, row: ScenarioRow, active: string | undefined): ScenarioInfo {
  if (typeof row.name !== 'string' || typeof row.cursor !== 'number' || typeof row.run_id !== 'number') {
    throw new RowError(store.file, `scenario ${String(row.id)}`, 'unexpected column types');
  }
  return { id: row.id, name: row.name, runId: row.run_id, cursor: row.cursor, active: row.name === active, createdAt: row.created_at };
}

export function activeScenarioName(store: Store): string | undefined {
  const v = store.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(ACTIVE_KEY);
  return typeof v === 'string' ? v : undefined;
}

export function setActiveScenarioName(store: Store, name: string): void {
  store.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(ACTIVE_KEY, name);
}

export function listScenarioRows(store: Store): ScenarioInfo[] {
  const active = activeScenarioName(store);
  const rows = store.db.prepare('SELECT id, name, run_id, cursor, created_at FROM scenarios ORDER BY name').all() as ScenarioRow[];
  return rows.map((r) => toInfo(store, r, active));
}

export function findScenario(store: Store, name: string): ScenarioInfo | undefined {
  const row = store.db.prepare('SELECT id, name, run_id, cursor, created_at FROM scenarios WHERE name = ?').get(name) as ScenarioRow | undefined;
  return row ? toInfo(store, row, activeScenarioName(store)) : undefined;
}

export function getScenario(store: Store, name: string): ScenarioInfo {
  const s = findScenario(store, name);
  if (s) return s;
  const names = listScenarioRows(store).map((r) => r.name);
  throw new InputError(
    `scenario: no scenario named '${name}' in ${store.file}${names.length ? `; the scenarios are ${names.join(', ')}` : `; it has none yet, run 'seam analyze --workspace ${store.file}' first`}`,
    'unknown-scenario',
  );
}

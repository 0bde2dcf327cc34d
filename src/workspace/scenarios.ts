/**
 * Scenarios: named decompositions of one repository. One is active (the one edits go to);
 * `save` stores the active one's current state under a new name and makes that one active,
 * `switch` activates another, and `diffDecompositions` says which modules two of them place
 * differently. Services are matched by id, which survives renames and edits.
 */
import type { Decomposition } from '../shared/decomposition.js';
import { InputError } from '../shared/errors.js';
import { compareStrings } from '../shared/sort.js';
import { insertFirstEntry, type NewEntry } from './edit-log.js';
import { findScenario, getScenario, listScenarioRows, setActiveScenarioName, activeScenarioName, type ScenarioInfo } from './scenario-rows.js';
import type { Store } from './store.js';

export { listScenarioRows as listScenarios, getScenario, findScenario, type ScenarioInfo };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function assertScenarioName(name: string): void {
  if (!NAME.test(name)) {
    throw new InputError(`scenario: '${name}' is not a usable scenario name; use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`, 'usage');
  }
}

/** Create a scenario whose first state is `entry`; with `activate`, edits go to it from now on. Call inside `store.write`. */
export function insertScenario(store: Store, name: string, entry: NewEntry, activate: boolean): ScenarioInfo {
  assertScenarioName(name);
  if (findScenario(store, name)) throw new InputError(`scenario: '${name}' already exists in ${store.file}; choose another name`, 'scenario-exists');
  const info = store.db.prepare('INSERT INTO scenarios (name, run_id, cursor, created_at) VALUES (?, ?, 1, ?)').run(name, entry.runId, entry.createdAt);
  const id = Number(info.lastInsertRowid);
  insertFirstEntry(store, id, entry);
  if (activate) setActiveScenarioName(store, name);
  return getScenario(store, name);
}

export function activeScenario(store: Store): ScenarioInfo | undefined {
  const name = activeScenarioName(store);
  return name === undefined ? undefined : findScenario(store, name);
}

export function switchScenario(store: Store, name: string): ScenarioInfo {
  return store.write(() => {
    getScenario(store, name);
    setActiveScenarioName(store, name);
    return getScenario(store, name);
  });
}

/** Where a module sits in one decomposition. */
export type Placement = { service: string; name: string } | 'shared' | null;

export interface ModuleDifference {
  module: string;
  a: Placement;
  b: Placement;
}

export interface DecompositionDiff {
  /** modules placed differently (another service, in or out of the shared kernel, present in one only), sorted */
  modules: ModuleDifference[];
  /** services (by id) only in a / only in b, and those present in both under different names */
  servicesOnlyInA: { id: string; name: string }[];
  servicesOnlyInB: { id: string; name: string }[];
  renamed: { id: string; a: string; b: string }[];
}

function placements(d: Decomposition): Map<string, Placement> {
  const out = new Map<string, Placement>();
  for (const s of d.services) for (const m of s.modules) out.set(m, { service: s.id, name: s.name });
  for (const k of d.shared) out.set(k.module, 'shared');
  return out;
}

function samePlacement(x: Placement, y: Placement): boolean {
  if (x === null || y === null || x === 'shared' || y === 'shared') return x === y;
  return x.service === y.service;
}

export function diffDecompositions(a: Decomposition, b: Decomposition): DecompositionDiff {
  const pa = placements(a);
  const pb = placements(b);
  const all = [...new Set([...pa.keys(), ...pb.keys()])].sort(compareStrings);
  const modules: ModuleDifference[] = [];
  for (const m of all) {
    const x = pa.get(m) ?? null;
    const y = pb.get(m) ?? null;
    if (!samePlacement(x, y)) modules.push({ module: m, a: x, b: y });
  }
  const byIdA = new Map(a.services.map((s) => [s.id, s.name]));
  const byIdB = new Map(b.services.map((s) => [s.id, s.name]));
  const pick = (from: Map<string, string>, not: Map<string, string>): { id: string; name: string }[] =>
    [...from].filter(([id]) => !not.has(id)).map(([id, name]) => ({ id, name })).sort((p, q) => compareStrings(p.id, q.id));
  const renamed = [...byIdA]
    .filter(([id, name]) => byIdB.has(id) && byIdB.get(id) !== name)
    .map(([id, name]) => ({ id, a: name, b: byIdB.get(id)! }))
    .sort((p, q) => compareStrings(p.id, q.id));
  return { modules, servicesOnlyInA: pick(byIdA, byIdB), servicesOnlyInB: pick(byIdB, byIdA), renamed };
}

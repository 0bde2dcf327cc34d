/**
 * How values sit in the workspace file, and the checks they pass when read back. Large values
 * (facts, decompositions, per-file results) are deflated JSON: JSON so that any Seam (CLI on
 * Node, the app on Electron's V8) can read what another wrote; deflate because a decomposition
 * is stored after every edit and facts after every run. Rows are validated here, at the edge;
 * beyond this file the engine trusts the types.
 */
import { deflate, deflateSync, inflateSync, constants } from 'node:zlib';
import { promisify } from 'node:util';
import { PLACEMENT_EVIDENCE, type Decomposition } from '../shared/decomposition.js';
import type { Edit, EditNotice } from '../shared/edits.js';
import { EDIT_KINDS } from '../shared/edits.js';
import { FACTS_SCHEMA_VERSION, type Facts } from '../shared/facts.js';
import { InputError } from '../shared/errors.js';
import { utf8Bytes } from '../shared/utf8.js';

export function packJson(value: unknown): Buffer {
  return deflateSync(utf8Bytes(JSON.stringify(value)), { level: constants.Z_BEST_SPEED });
}

const deflateAsync = promisify(deflate);

/** The same as packJson, with the compression on libuv's thread pool (for facts: several MB). */
export async function packJsonAsync(value: unknown): Promise<Buffer> {
  return deflateAsync(utf8Bytes(JSON.stringify(value)), { level: constants.Z_BEST_SPEED });
}

export class RowError extends InputError {
  constructor(file: string, what: string, why: string) {
    super(
      `workspace: ${file}: ${what} cannot be read (${why}); the file was changed by something other than Seam or is damaged. Restore it from a backup, or start a new workspace`,
      'workspace-row',
    );
  }
}

export function unpackJson(blob: unknown, file: string, what: string): unknown {
  if (!(blob instanceof Uint8Array)) throw new RowError(file, what, 'not a blob');
  try {
    return JSON.parse(inflateSync(blob).toString('utf8')) as unknown;
  } catch (err) {
    throw new RowError(file, what, (err as Error).message);
  }
}

export function parseJsonText(text: unknown, file: string, what: string): unknown {
  if (typeof text !== 'string') throw new RowError(file, what, 'not text');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new RowError(file, what, (err as Error).message);
  }
}

type Check = (value: unknown, at: string) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str: Check = (v, at) => (typeof v === 'string' ? undefined : `${at} is not a string`);
const num: Check = (v, at) => (typeof v === 'number' && Number.isFinite(v) ? undefined : `${at} is not a number`);
const bool: Check = (v, at) => (typeof v === 'boolean' ? undefined : `${at} is not a boolean`);
const optional = (c: Check): Check => (v, at) => (v === undefined ? undefined : c(v, at));
const arrayOf = (c: Check): Check => (v, at) => {
  if (!Array.isArray(v)) return `${at} is not an array`;
  for (const [i, x] of v.entries()) {
    const e = c(x, `${at}[${i}]`);
    if (e) return e;
  }
  return undefined;
};
const shape = (fields: Record<string, Check>): Check => (v, at) => {
  if (!isObject(v)) return `${at} is not an object`;
  for (const [k, c] of Object.entries(fields)) {
    const e = c(v[k], `${at}.${k}`);
    if (e) return e;
  }
  return undefined;
};
const numberRecord: Check = (v, at) => {
  if (!isObject(v)) return `${at} is not an object`;
  for (const [k, x] of Object.entries(v)) {
    const e = num(x, `${at}.${k}`);
    if (e) return e;
  }
  return undefined;
};

const strings = arrayOf(str);
const evidence: Check = (v, at) => ((PLACEMENT_EVIDENCE as readonly unknown[]).includes(v) ? undefined : `${at} is not one of ${PLACEMENT_EVIDENCE.join(', ')}`);
const placementCheck: Check = shape({ module: str, evidence, reason: str });
const serviceCheck: Check = shape({ id: str, name: str, modules: strings, pinned: strings, flagged: optional(strings), placement: optional(arrayOf(placementCheck)) });
const sharedCheck: Check = shape({ module: str, reason: str, byUser: optional(bool) });
const decompositionCheck: Check = shape({
  services: arrayOf(serviceCheck),
  shared: arrayOf(sharedCheck),
  params: shape({ seed: num, resolution: num, targetServices: optional(num), weights: numberRecord }),
  constraints: shape({
    pins: arrayOf(shape({ module: str, service: str })),
    apart: arrayOf(shape({ a: str, b: str })),
    seeds: arrayOf(shape({ service: str, routePrefix: optional(str), folder: optional(str) })),
    shared: arrayOf(shape({ module: str, shared: bool })),
  }),
});

export function asDecomposition(value: unknown, file: string, what: string): Decomposition {
  const e = decompositionCheck(value, 'decomposition');
  if (e) throw new RowError(file, what, e);
  return value as Decomposition;
}

const noticeCheck: Check = shape({ code: str, message: str, module: optional(str), service: optional(str) });

export function asNotices(value: unknown, file: string, what: string): EditNotice[] {
  const e = arrayOf(noticeCheck)(value, 'notices');
  if (e) throw new RowError(file, what, e);
  return value as EditNotice[];
}

const editChecks: Record<Edit['kind'], Record<string, Check>> = {
  move: { modules: strings, to: str, create: optional(bool) },
  merge: { services: strings, name: optional(str) },
  split: { service: str, k: num },
  rename: { service: str, name: str },
  pin: { modules: strings },
  unpin: { modules: strings },
  apart: { a: str, b: str, apart: bool },
  shared: { modules: strings, shared: bool, to: optional(str) },
  recluster: {},
  review: { modules: strings },
};

/** Checks an edit from any edge (a log row, a CLI line, a request from the UI); returns why it is not one. */
export function editProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'an edit is an object with a kind';
  const kind = value.kind;
  if (typeof kind !== 'string' || !(EDIT_KINDS as readonly string[]).includes(kind)) return `unknown edit kind '${String(kind)}' (one of ${EDIT_KINDS.join(', ')})`;
  return shape(editChecks[kind as Edit['kind']])(value, kind);
}

export function asEdit(value: unknown, file: string, what: string): Edit {
  const e = editProblem(value);
  if (e) throw new RowError(file, what, e);
  return value as Edit;
}

/** Facts are Seam's own output: check the envelope and the arrays the workspace relies on. */
export function asFacts(value: unknown, file: string, what: string): Facts {
  const e = shape({
    schemaVersion: (v, at) => (v === FACTS_SCHEMA_VERSION ? undefined : `${at} is ${String(v)}, expected ${FACTS_SCHEMA_VERSION}`),
    root: str,
    modules: arrayOf(shape({ path: str, hash: str, lines: num })),
    imports: arrayOf(shape({ from: str, to: str })),
  })(value, 'facts');
  if (e) throw new RowError(file, what, e);
  return value as Facts;
}


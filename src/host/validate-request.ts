/**
 * Requests from the UI, checked once at the host's edge (whichever transport carried them).
 * Hand-written rather than a schema library: each rule is one line, and each message names the
 * operation and the field and says what would be accepted. Unknown fields are refused, so a typo
 * in the renderer (`{ levle: 'modules' }`) fails loudly instead of falling back to a default.
 */
import type { OperationName, RequestOf } from '../shared/contract.js';
import { EDIT_KINDS, type Edit, type EditKind } from '../shared/edits.js';
import { InputError } from '../shared/errors.js';
import { ARTIFACT_KINDS } from '../shared/plan.js';

export const INVALID_REQUEST = 'invalid-request';

/** Longest text field and longest list the UI has any reason to send. */
const MAX_TEXT = 4096;
const MAX_LIST = 20_000;

type Fields = Record<string, unknown>;

class RequestProblem extends InputError {
  constructor(op: string, message: string) {
    super(`${op}: ${message}`, INVALID_REQUEST);
  }
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

function isPlainObject(value: unknown): value is Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The request as an object with only `allowed` fields; an absent request is an empty one. */
function fields(op: string, value: unknown, allowed: readonly string[], at = 'request'): Fields {
  if (value === undefined || value === null) {
    if (at === 'request') return {};
    throw new RequestProblem(op, `'${at}' must be an object (got ${show(value)})`);
  }
  if (!isPlainObject(value)) throw new RequestProblem(op, `${at === 'request' ? 'the request' : `'${at}'`} must be an object (got ${show(value)})`);
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const where = at === 'request' ? '' : `${at}.`;
      throw new RequestProblem(op, `unknown field '${where}${key}'${allowed.length ? ` (allowed: ${allowed.map((k) => where + k).join(', ')})` : '; this operation takes no fields'}`);
    }
  }
  return value;
}

function text(op: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new RequestProblem(op, `field '${name}' must be a non-empty string (got ${show(value)})`);
  if (value.length > MAX_TEXT || value.includes('\0')) throw new RequestProblem(op, `field '${name}' is not a usable value (longer than ${MAX_TEXT} characters or contains NUL)`);
  return value;
}

function optionalText(op: string, name: string, value: unknown): string | undefined {
  return value === undefined ? undefined : text(op, name, value);
}

function flag(op: string, name: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new RequestProblem(op, `field '${name}' must be true or false (got ${show(value)})`);
  return value;
}

function texts(op: string, name: string, value: unknown, options: { min: number }): string[] {
  if (!Array.isArray(value) || value.length < options.min || value.length > MAX_LIST) {
    throw new RequestProblem(op, `field '${name}' must be a list of ${options.min > 0 ? `${options.min} or more ` : ''}strings (got ${Array.isArray(value) ? `${value.length} entries` : show(value)})`);
  }
  return value.map((v, i) => text(op, `${name}[${i}]`, v));
}

function oneOf<T extends string>(op: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new RequestProblem(op, `field '${name}' must be ${allowed.map((a) => `'${a}'`).join(' or ')} (got ${show(value)})`);
  }
  return value as T;
}

function absolutePath(op: string, name: string, value: unknown): string {
  const p = text(op, name, value);
  if (!(p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'))) throw new RequestProblem(op, `field '${name}' must be an absolute path (got ${show(p)})`);
  return p;
}

const EDIT_FIELDS: Record<EditKind, readonly string[]> = {
  move: ['kind', 'modules', 'to', 'create'],
  merge: ['kind', 'services', 'name'],
  split: ['kind', 'service', 'k'],
  rename: ['kind', 'service', 'name'],
  pin: ['kind', 'modules'],
  unpin: ['kind', 'modules'],
  apart: ['kind', 'a', 'b', 'apart'],
  shared: ['kind', 'modules', 'shared', 'to'],
  recluster: ['kind'],
  review: ['kind', 'modules'],
};

/** Largest number of services a split may ask for. */
const MAX_SPLIT = 50;

export function validateEdit(op: string, value: unknown): Edit {
  if (!isPlainObject(value)) throw new RequestProblem(op, `field 'edit' must be an object with a kind (got ${show(value)})`);
  const kind = oneOf(op, 'edit.kind', value.kind, EDIT_KINDS);
  const e = fields(op, value, EDIT_FIELDS[kind], 'edit');
  const need = (name: string): unknown => {
    if (e[name] === undefined) throw new RequestProblem(op, `a '${kind}' edit needs field 'edit.${name}'`);
    return e[name];
  };
  const modules = (): string[] => texts(op, 'edit.modules', need('modules'), { min: 1 });
  switch (kind) {
    case 'move': {
      const create = flag(op, 'edit.create', e.create);
      return { kind, modules: modules(), to: text(op, 'edit.to', need('to')), ...(create ? { create } : {}) };
    }
    case 'merge': {
      const name = optionalText(op, 'edit.name', e.name);
      return { kind, services: texts(op, 'edit.services', need('services'), { min: 2 }), ...(name ? { name } : {}) };
    }
    case 'split': {
      const k = need('k');
      if (typeof k !== 'number' || !Number.isInteger(k) || k < 2 || k > MAX_SPLIT) throw new RequestProblem(op, `field 'edit.k' must be a whole number from 2 to ${MAX_SPLIT} (got ${show(k)})`);
      return { kind, service: text(op, 'edit.service', need('service')), k };
    }
    case 'rename':
      return { kind, service: text(op, 'edit.service', need('service')), name: text(op, 'edit.name', need('name')) };
    case 'pin':
    case 'unpin':
    case 'review':
      return { kind, modules: modules() };
    case 'apart':
      return { kind, a: text(op, 'edit.a', need('a')), b: text(op, 'edit.b', need('b')), apart: flag(op, 'edit.apart', need('apart'))! };
    case 'shared': {
      const to = optionalText(op, 'edit.to', e.to);
      return { kind, modules: modules(), shared: flag(op, 'edit.shared', need('shared'))!, ...(to ? { to } : {}) };
    }
    case 'recluster':
      return { kind };
  }
}

type Validators = { [K in OperationName]: (req: unknown) => RequestOf<K> };

const none =
  <K extends OperationName>(op: K) =>
  (req: unknown): RequestOf<K> => {
    fields(op, req, []);
    return {} as RequestOf<K>;
  };

/** One validator per operation: returns the request as its contract type, or throws an InputError naming the bad field. */
export const validators: Validators = {
  'session.info': none('session.info'),
  'session.open': (req) => {
    const op = 'session.open';
    const f = fields(op, req, ['root', 'workspace']);
    const root = f.root === undefined ? undefined : absolutePath(op, 'root', f.root);
    const workspace = f.workspace === undefined ? undefined : absolutePath(op, 'workspace', f.workspace);
    if (root === undefined && workspace === undefined) throw new RequestProblem(op, "give 'root' (a repository folder) or 'workspace' (a workspace file), or both");
    return { ...(root ? { root } : {}), ...(workspace ? { workspace } : {}) };
  },
  'analysis.run': (req) => {
    const f = fields('analysis.run', req, ['history']);
    const history = flag('analysis.run', 'history', f.history);
    return history === undefined ? {} : { history };
  },
  'state.get': (req) => {
    const f = fields('state.get', req, ['scenario']);
    const scenario = optionalText('state.get', 'scenario', f.scenario);
    return scenario ? { scenario } : {};
  },
  'graph.get': (req) => {
    const f = fields('graph.get', req, ['level']);
    return { level: oneOf('graph.get', 'level', f.level, ['modules', 'services'] as const) };
  },
  'matrix.get': (req) => {
    const f = fields('matrix.get', req, ['expand']);
    return f.expand === undefined ? {} : { expand: texts('matrix.get', 'expand', f.expand, { min: 0 }) };
  },
  'service.details': (req) => {
    const f = fields('service.details', req, ['service']);
    return { service: text('service.details', 'service', f.service) };
  },
  'edit.apply': (req) => {
    const f = fields('edit.apply', req, ['edit']);
    if (f.edit === undefined) throw new RequestProblem('edit.apply', "field 'edit' is required");
    return { edit: validateEdit('edit.apply', f.edit) };
  },
  'edit.undo': none('edit.undo'),
  'edit.redo': none('edit.redo'),
  'edit.log': none('edit.log'),
  'scenario.save': (req) => ({ name: text('scenario.save', 'name', fields('scenario.save', req, ['name']).name) }),
  'scenario.switch': (req) => ({ name: text('scenario.switch', 'name', fields('scenario.switch', req, ['name']).name) }),
  'scenario.compare': (req) => {
    const f = fields('scenario.compare', req, ['a', 'b']);
    return { a: text('scenario.compare', 'a', f.a), b: text('scenario.compare', 'b', f.b) };
  },
  'export.run': (req) => {
    const op = 'export.run';
    const f = fields(op, req, ['kinds', 'outDir', 'force']);
    const kinds = texts(op, 'kinds', f.kinds, { min: 1 });
    for (const [i, k] of kinds.entries()) oneOf(op, `kinds[${i}]`, k, ARTIFACT_KINDS);
    const force = flag(op, 'force', f.force);
    return { kinds: [...new Set(kinds)], outDir: absolutePath(op, 'outDir', f.outDir), ...(force === undefined ? {} : { force }) };
  },
  'export.previewReport': none('export.previewReport'),
};

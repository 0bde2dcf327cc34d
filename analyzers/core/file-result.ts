/** What parsing one file yields: plain data, cached per content hash for incremental runs. */
import type { Diagnostic, ModuleFact } from '../../src/shared/facts.js';
import type { CoreFileFacts } from './module-collector.js';

export interface FileTask {
  path: string;
  decoratorMetadata: boolean;
  /** hand the decoded text back in `text` (for the plan's source hints, in the same process) */
  keepText?: boolean;
}

export interface FileResult {
  path: string;
  /** undefined when the file is not a module at all (binary, unreadable) */
  module?: ModuleFact;
  core?: CoreFileFacts;
  /** analyzer name -> its collect() result */
  locals: Record<string, unknown>;
  diagnostics: Diagnostic[];
  /** the plugins that collected `locals` (comma-separated names): reuse needs the same set */
  plugins?: string;
  /** the text that was parsed, when the task asked for it (never stored with the result) */
  text?: string;
}

/**
 * The marker a stored result puts where a locals property repeats one stored earlier in the same
 * result: the data analyzers (TypeORM, SQL, Prisma, Knex, Mongoose, Medusa) share one call-flow
 * record per file, which JSON would otherwise write once per analyzer (a fifth of the stored
 * bytes of a TypeORM service).
 */
const SAME_AS = '$seamSameAs';

/** The result as it is stored: plain JSON data, each shared locals value written once. */
export function storableResult(f: FileResult): FileResult {
  const seen = new Map<object, string>();
  let locals: Record<string, unknown> | undefined;
  for (const [name, local] of Object.entries(f.locals)) {
    if (typeof local !== 'object' || local === null || Array.isArray(local)) continue;
    let copy: Record<string, unknown> | undefined;
    for (const [prop, value] of Object.entries(local)) {
      if (typeof value !== 'object' || value === null) continue;
      const first = seen.get(value);
      if (first === undefined) {
        seen.set(value, `${name}.${prop}`);
        continue;
      }
      copy ??= { ...(local as Record<string, unknown>) };
      copy[prop] = { [SAME_AS]: first };
    }
    if (copy) (locals ??= { ...f.locals })[name] = copy;
  }
  return locals ? { ...f, locals } : f;
}

/**
 * The text a workspace stores for a result: the result without its locals, as JSON with the
 * names of its locals (`localKeys`), a newline (which JSON text never holds), then the locals as
 * JSON. A reader parses the first part and the locals only when a link step needs them: a
 * re-analysis whose link steps are reused never does (they are over half of the bytes).
 */
export function storedResultText(f: FileResult): string {
  const { locals, text: _text, ...rest } = storableResult(f);
  return `${JSON.stringify({ ...rest, localKeys: Object.keys(locals) })}\n${JSON.stringify(locals)}`;
}

export { splitStoredResult } from '../../src/shared/stored-result.js';

/**
 * Locals read when first asked for: `name in locals` answers from the stored names, and the first
 * read of a value parses them all. Locals that cannot be read then call `unreadable`, which throws
 * (extractRun catches it and parses the file again: see its `reparsed`).
 */
function lazyLocals(keys: readonly string[], text: string, unreadable: (why: string) => never): Record<string, unknown> {
  const locals: Record<string, unknown> = {};
  const load = (): Record<string, unknown> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch (err) {
      unreadable((err as Error).message);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) unreadable('the locals are not an object');
    const values = parsed as Record<string, unknown>;
    if (Object.keys(values).join('\0') !== keys.join('\0')) unreadable('the locals do not match their names');
    if (!sharedAgain(values)) unreadable('a shared value points nowhere');
    for (const k of keys) Object.defineProperty(locals, k, { value: values[k], enumerable: true, writable: true, configurable: true });
    return values;
  };
  for (const k of keys) Object.defineProperty(locals, k, { get: () => load()[k], enumerable: true, configurable: true });
  return locals;
}

/**
 * A stored result read back, if it is one for `path` at content `hash` (anything else is not
 * reused: the file is parsed again). Values written once are shared again, as the parse left them.
 * With `lazy` (the second part of storedResultText), the locals are read when first used.
 */
export function restoredResult(path: string, hash: string, value: unknown, lazy?: { locals: string; unreadable: (why: string) => never }): FileResult | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<FileResult> & { localKeys?: unknown };
  if (r.path !== path || r.module?.hash !== hash || !Array.isArray(r.diagnostics)) return undefined;
  if (lazy) {
    if (!Array.isArray(r.localKeys) || !r.localKeys.every((k) => typeof k === 'string')) return undefined;
    const keys = r.localKeys as string[];
    delete r.localKeys;
    r.locals = lazyLocals(keys, lazy.locals, lazy.unreadable);
    return r as FileResult;
  }
  if (typeof r.locals !== 'object' || r.locals === null) return undefined;
  return sharedAgain(r.locals as Record<string, unknown>) ? (r as FileResult) : undefined;
}

/** Put the values written once back in each place that shares them; false when a reference points nowhere. */
function sharedAgain(locals: Record<string, unknown>): boolean {
  for (const local of Object.values(locals)) {
    if (typeof local !== 'object' || local === null || Array.isArray(local)) continue;
    const props = local as Record<string, unknown>;
    for (const [prop, value] of Object.entries(props)) {
      if (typeof value !== 'object' || value === null || !(SAME_AS in value)) continue;
      const ref = (value as Record<string, unknown>)[SAME_AS];
      const [name, other] = typeof ref === 'string' ? ref.split('.') : [];
      const target = name !== undefined && other !== undefined && Object.hasOwn(locals, name) ? (locals[name] as Record<string, unknown> | null) : undefined;
      const shared = target && typeof target === 'object' && Object.hasOwn(target, other!) ? target[other!] : undefined;
      if (typeof shared !== 'object' || shared === null || SAME_AS in shared) return false;
      props[prop] = shared;
    }
  }
  return true;
}

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
 * A stored result read back, if it is one for `path` at content `hash` (anything else is not
 * reused: the file is parsed again). Values written once are shared again, as the parse left them.
 */
export function restoredResult(path: string, hash: string, value: unknown): FileResult | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<FileResult>;
  if (r.path !== path || r.module?.hash !== hash || typeof r.locals !== 'object' || r.locals === null || !Array.isArray(r.diagnostics)) return undefined;
  const locals = r.locals as Record<string, unknown>;
  for (const local of Object.values(locals)) {
    if (typeof local !== 'object' || local === null || Array.isArray(local)) continue;
    const props = local as Record<string, unknown>;
    for (const [prop, value] of Object.entries(props)) {
      if (typeof value !== 'object' || value === null || !(SAME_AS in value)) continue;
      const ref = (value as Record<string, unknown>)[SAME_AS];
      const [name, other] = typeof ref === 'string' ? ref.split('.') : [];
      const target = name !== undefined && other !== undefined && Object.hasOwn(locals, name) ? (locals[name] as Record<string, unknown> | null) : undefined;
      const shared = target && typeof target === 'object' && Object.hasOwn(target, other!) ? target[other!] : undefined;
      if (typeof shared !== 'object' || shared === null || SAME_AS in shared) return undefined;
      props[prop] = shared;
    }
  }
  return r as FileResult;
}

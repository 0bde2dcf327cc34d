/**
 * Source hints: what the plan learns from the analyzed repository's text beyond the facts
 * (handler declarations and DTO schemas, transaction spans, ORM relations, member calls).
 * Pure: the shell reads the files named by `sourceFilesFor(facts)` and passes their texts in;
 * nothing is executed, imported or resolved on disk here. Without hints the plan still works,
 * it just sees less (and says so in its notes).
 */
import ts from '../shared/typescript.cjs';
import type { Facts, RouteFact } from '../shared/facts.js';
import type { JsonSchema } from '../shared/plan.js';
import { compareStrings, sortByKeys } from '../shared/sort.js';
import { memberCalls, prismaRelations, relations, transactions, type MemberCall, type RelationHint, type TransactionSpan } from './code-patterns.js';
import { TypeSchemas } from './dto-schemas.js';
import { pushTo } from './group.js';
import { HandlerFinder, type HandlerHint } from './handlers.js';

export type { HandlerHint, MemberCall, RelationHint, TransactionSpan };

export interface SourceHints {
  /** by `routeKey(route)` */
  handlers: Record<string, HandlerHint>;
  /** DTO schemas the handlers refer to, by component name */
  schemas: Record<string, JsonSchema>;
  transactions: TransactionSpan[];
  relations: RelationHint[];
  memberCalls: MemberCall[];
}

/** Largest file the hints read (a generated or vendored blob is no DTO). */
export const MAX_HINT_FILE_BYTES = 1_000_000;

export function routeKey(r: Pick<RouteFact, 'method' | 'path' | 'module' | 'line'>): string {
  return `${r.method} ${r.path} ${r.module}:${r.line}`;
}

/** The repo-relative files whose text the hints need: every source module, and schema files that declare entities. */
export function sourceFilesFor(facts: Facts): string[] {
  const files = new Set<string>();
  for (const m of facts.modules) if (m.language !== 'dts' && m.bytes <= MAX_HINT_FILE_BYTES) files.add(m.path);
  for (const e of facts.entities) files.add(e.module);
  return [...files].sort(compareStrings);
}

function scriptKind(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * Hints are best effort: a file the parser or a walk throws on gives no hints (the analysis that
 * produced the facts already reported it as `analyzer-crash`), and the plan goes on without them.
 */
function skipOnCrash<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

export function readSourceHints(facts: Facts, files: Readonly<Record<string, string>>): SourceHints {
  const parsed = new Map<string, ts.SourceFile>();
  const prisma: [string, string][] = [];
  for (const path of Object.keys(files).sort(compareStrings)) {
    const text = files[path]!;
    if (path.endsWith('.prisma')) prisma.push([path, text]);
    else if (/\.[cm]?[jt]sx?$/.test(path)) {
      const sf = skipOnCrash(() => ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path)));
      if (sf) parsed.set(path, sf);
    }
  }
  const types = new TypeSchemas(parsed, facts);
  const finder = new HandlerFinder(parsed, types);

  const handlers: Record<string, HandlerHint> = {};
  for (const r of facts.routes) {
    const h = skipOnCrash(() => finder.describe(r));
    if (h) handlers[routeKey(r)] = h;
  }
  const entitiesByModule = new Map<string, string[]>();
  for (const e of sortByKeys([...facts.entities], (x) => x.module, (x) => x.name)) pushTo(entitiesByModule, e.module, e.name);

  const tx: TransactionSpan[] = [];
  const rel: RelationHint[] = [];
  const calls: MemberCall[] = [];
  for (const [path, sf] of parsed) {
    const found = skipOnCrash(() => {
      const imported = new Map<string, string>();
      for (const [local, imp] of types.fileIndex(path)?.imports ?? []) if (imp.module) imported.set(local, imp.imported);
      return { tx: transactions(path, sf), rel: relations(path, sf, entitiesByModule.get(path) ?? []), calls: memberCalls(path, sf, imported) };
    });
    if (!found) continue;
    tx.push(...found.tx);
    rel.push(...found.rel);
    calls.push(...found.calls);
  }
  for (const [path, text] of prisma) rel.push(...(skipOnCrash(() => prismaRelations(path, text)) ?? []));

  const schemas: Record<string, JsonSchema> = {};
  for (const k of [...types.components.keys()].sort(compareStrings)) schemas[k] = types.components.get(k)!;
  return {
    handlers,
    schemas,
    transactions: sortByKeys(tx, (t) => t.module, (t) => t.line, (t) => t.endLine),
    relations: sortByKeys(rel, (r) => r.module, (r) => r.line, (r) => r.from, (r) => r.to),
    memberCalls: sortByKeys(calls, (c) => c.module, (c) => c.symbol, (c) => c.member),
  };
}

/**
 * Everything Seam does to one file, in one place: read it (guarding against huge, binary and
 * badly encoded files), parse it once, run the core collector and every analyzer's `collect`.
 * Used in-process and inside parse workers alike; returns plain data.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, ModuleFact } from '../../src/shared/facts.js';
import type { Analyzer } from '../types.js';
import type { FileResult, FileTask } from './file-result.js';
import { collectModule, MAX_PARSE_ERRORS, parseSource } from './module-collector.js';

export type { FileResult, FileTask } from './file-result.js';

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lossy = new TextDecoder('utf-8', { fatal: false });

export function languageOf(path: string): ModuleFact['language'] {
  if (/\.d\.[cm]?ts$/.test(path)) return 'dts';
  if (path.endsWith('.tsx')) return 'tsx';
  if (path.endsWith('.jsx')) return 'jsx';
  if (/\.[cm]?ts$/.test(path)) return 'ts';
  return 'js';
}

export function hashContent(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex').slice(0, 16);
}

function countLines(buf: Uint8Array): number {
  let n = 1;
  for (let i = 0; i < buf.length; i++) if (buf[i] === 10) n++;
  return n;
}

/**
 * A per-file stage that threw: the parser (`parse`), the core collector (`collect-core`), one
 * analyzer's `collect` (`collect:<name>`), or reading and decoding the file (`read`). A hostile
 * file must cost one diagnostic, never the run: the TypeScript parser itself throws on some
 * inputs ("Debug Failure. False expression." on `@x await`) and overflows the stack on deep
 * nesting, and no visitor can be proven never to throw.
 */
export interface StageCrash {
  stage: string;
  error: unknown;
}

export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

export function crashReason(error: unknown): string {
  if (isStackOverflow(error)) return 'the code is nested too deeply for the parser or a visitor (stack overflow)';
  const e = error instanceof Error ? error : new Error(String(error));
  // first line only: the message must not depend on where Seam is installed (stack frames do)
  return `${e.name}: ${e.message.split('\n')[0]}`;
}

/** Run one stage of one file; a throw (stack overflows included) is recorded, not raised. */
export function guardStage<T>(stage: string, crashes: StageCrash[], run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    crashes.push({ stage, error });
    return undefined;
  }
}

/**
 * At most one "not fully analyzed" diagnostic per file, so a bad file is one line in the report:
 * a crash names the first stage that threw (and any other), a file that only has syntax
 * errors gets one `parse-error` at the first of them.
 */
export function fileDiagnostic(path: string, crashes: readonly StageCrash[], parseErrors: readonly { line: number; message: string }[]): Diagnostic | undefined {
  const [first, ...more] = crashes;
  const syntax = parseErrors[0];
  const moreSyntax = parseErrors.length > 1 ? ` (+${parseErrors.length - 1}${parseErrors.length >= MAX_PARSE_ERRORS ? ' or more' : ''} further syntax errors)` : '';
  if (!first) {
    if (!syntax) return undefined;
    return { severity: 'error', code: 'parse-error', file: path, line: syntax.line, message: `syntax error: ${syntax.message}${moreSyntax} (facts for this file are partial; fix the syntax to analyze it fully)` };
  }
  const others = more.length > 0 ? `; ${more.map((c) => c.stage).join(', ')} crashed too` : '';
  const blind = first.stage === 'read' || first.stage === 'parse' || first.stage === 'collect-core';
  const consequence = first.stage === 'read' ? 'the file is not analyzed' : first.stage === 'parse' ? 'the file is kept as a module without imports' : first.stage === 'collect-core' ? 'its imports and exports are missing' : `the ${first.stage.slice('collect:'.length)} facts of this file are missing`;
  const alsoSyntax = syntax ? `; it also has a syntax error at line ${syntax.line}: ${syntax.message}${moreSyntax}` : '';
  return {
    severity: blind || syntax ? 'error' : 'warning', code: 'analyzer-crash', file: path,
    message: `stage ${first.stage} crashed on this file: ${crashReason(first.error)}${others}; ${consequence}, the rest of the run is unaffected${alsoSyntax} (exclude the file with --exclude if it is generated, or report it with the file)`,
  };
}

export function processFile(rootDir: string, task: FileTask, analyzers: readonly Analyzer[], maxFileBytes: number): FileResult {
  return processFileStages(rootDir, task, analyzers, maxFileBytes).result;
}

/** `processFile`, also returning the stages that crashed (a worker may add one: see parse-worker.ts). */
export function processFileStages(rootDir: string, task: FileTask, analyzers: readonly Analyzer[], maxFileBytes: number): { result: FileResult; crashes: StageCrash[] } {
  const { path } = task;
  const crashes: StageCrash[] = [];
  const result = guardStage('read', crashes, () => processReadable(rootDir, task, analyzers, maxFileBytes, crashes));
  return { result: result ?? { path, locals: {}, diagnostics: [fileDiagnostic(path, crashes, [])!] }, crashes };
}

function processReadable(rootDir: string, task: FileTask, analyzers: readonly Analyzer[], maxFileBytes: number, crashes: StageCrash[]): FileResult {
  const { path } = task;
  const diagnostics: Diagnostic[] = [];
  const locals: Record<string, unknown> = {};
  let buf: Buffer;
  try {
    const size = statSync(join(rootDir, path)).size;
    if (size > maxFileBytes) {
      const head = readFileSync(join(rootDir, path));
      diagnostics.push({
        severity: 'warning', code: 'skipped-large-file', file: path,
        message: `${(size / 1024 / 1024).toFixed(1)} MB is over the ${(maxFileBytes / 1024 / 1024).toFixed(1)} MB limit: kept as a module, not parsed (likely generated; exclude it with --exclude or raise the limit)`,
      });
      return { path, module: { path, lines: countLines(head), bytes: size, language: languageOf(path), hash: hashContent(head), partial: true }, locals, diagnostics };
    }
    buf = readFileSync(join(rootDir, path));
  } catch (err) {
    diagnostics.push({ severity: 'warning', code: 'unreadable-file', file: path, message: `cannot read: ${(err as Error).message}` });
    return { path, locals, diagnostics };
  }
  if (buf.subarray(0, 8000).includes(0)) {
    diagnostics.push({ severity: 'warning', code: 'skipped-binary', file: path, message: 'binary content (NUL bytes) in a source file: skipped; exclude it if it is an asset' });
    return { path, locals, diagnostics };
  }
  let text: string;
  try {
    text = utf8.decode(buf);
  } catch {
    text = utf8Lossy.decode(buf);
    diagnostics.push({ severity: 'warning', code: 'invalid-utf8', file: path, message: 'not valid UTF-8: analyzed with the bad bytes replaced; re-save the file as UTF-8' });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const module: ModuleFact = { path, lines: countLines(buf), bytes: buf.length, language: languageOf(path), hash: hashContent(buf) };
  const sourceFile = guardStage('parse', crashes, () => parseSource(path, text));
  const core = sourceFile && guardStage('collect-core', crashes, () => collectModule(sourceFile, { decoratorMetadata: task.decoratorMetadata }));
  if (sourceFile) {
    for (const a of analyzers) {
      if (!a.collect) continue;
      const collect = a.collect.bind(a);
      const local = guardStage(`collect:${a.name}`, crashes, () => (a.accepts && !a.accepts(text, path) ? undefined : collect({ path, text, sourceFile })));
      if (local !== undefined) locals[a.name] = local;
    }
  }
  const problem = fileDiagnostic(path, crashes, core?.parseErrors ?? []);
  if (problem) diagnostics.push(problem);
  if (core) module.lines = core.lines;
  if (!core || core.partial || crashes.length > 0) module.partial = true;
  const kept = task.keepText ? { text } : {};
  return core ? { path, module, core, locals, diagnostics, ...kept } : { path, module, locals, diagnostics, ...kept };
}

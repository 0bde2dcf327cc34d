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
import { collectModule, parseSource } from './module-collector.js';

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

export function processFile(rootDir: string, task: FileTask, analyzers: readonly Analyzer[], maxFileBytes: number): FileResult {
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
  const sourceFile = parseSource(path, text);
  const core = collectModule(sourceFile, { decoratorMetadata: task.decoratorMetadata });
  for (const e of core.parseErrors.slice(0, 3)) {
    diagnostics.push({ severity: 'error', code: 'parse-error', file: path, line: e.line, message: `syntax error: ${e.message} (facts for this file are partial; fix the syntax to analyze it fully)` });
  }
  for (const a of analyzers) {
    if (!a.collect) continue;
    if (a.accepts && !a.accepts(text, path)) continue;
    try {
      const local = a.collect({ path, text, sourceFile });
      if (local !== undefined) locals[a.name] = local;
    } catch (err) {
      diagnostics.push({ severity: 'warning', code: 'analyzer-failed', file: path, message: `analyzer ${a.name} failed on this file: ${(err as Error).message}` });
    }
  }
  const module: ModuleFact = { path, lines: core.lines, bytes: buf.length, language: languageOf(path), hash: hashContent(buf) };
  if (core.partial) module.partial = true;
  return { path, module, core, locals, diagnostics, ...(task.keepText ? { text } : {}) };
}

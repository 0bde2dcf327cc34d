/**
 * Where a finding is, as the reader of a report needs it: repo-relative posix path (the
 * analyzed folder's path from the working directory, usually the repository root, prefixed).
 */
import { posix } from 'node:path';
import type { Finding } from '../finding.js';

export interface ReportContext {
  /** posix path of the analyzed folder relative to the working directory ('' when it is the working directory) */
  prefix: string;
}

export function locate(f: Pick<Finding, 'file'>, ctx: ReportContext): string {
  return ctx.prefix ? posix.normalize(posix.join(ctx.prefix, f.file)) : f.file;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

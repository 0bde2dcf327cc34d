/**
 * A finding of `seam check`, and its identity. The fingerprint names what is wrong — rule, the
 * module that does it, the module or table it reaches, the imported names — and never a line
 * number, so a baseline survives edits elsewhere in the file.
 */
import { createHash } from 'node:crypto';
import type { CheckRuleId } from '../shared/accepted-plan.js';
import { sortByKeys } from '../shared/sort.js';

export interface Finding {
  rule: CheckRuleId;
  level: 'error' | 'warning';
  /** path relative to the analyzed folder (the plan file's path for budgets) */
  file: string;
  line: number;
  /** what is wrong, in one sentence */
  message: string;
  /** what to do about it */
  fix: string;
  /** identity: the module (or `budget`) that breaks the rule */
  from: string;
  /** identity: the module, table or budget it reaches ('' when none) */
  to: string;
  /** identity: imported names, sorted */
  symbols: string[];
  fingerprint: string;
  /** true when the baseline records it: reported, never fails the check */
  baseline: boolean;
}

export function fingerprintOf(rule: string, from: string, to: string, symbols: readonly string[]): string {
  return createHash('sha256').update([rule, from, to, [...symbols].join(',')].join('\0')).digest('hex').slice(0, 16);
}

export function makeFinding(f: Omit<Finding, 'fingerprint' | 'baseline'>): Finding {
  return { ...f, fingerprint: fingerprintOf(f.rule, f.from, f.to, f.symbols), baseline: false };
}

export function sortFindings(findings: Finding[]): Finding[] {
  return sortByKeys(findings, (f) => f.file, (f) => f.line, (f) => f.rule, (f) => f.to, (f) => f.fingerprint);
}

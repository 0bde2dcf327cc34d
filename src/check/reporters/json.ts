/** JSON report: the whole result, paths repo-relative, stable key order. */
import { SEAM_VERSION } from '../../shared/version.js';
import type { CheckResult } from '../check.js';
import { locate, type ReportContext } from './location.js';

export const CHECK_REPORT_VERSION = 1 as const;

export function renderJson(r: CheckResult, ctx: ReportContext): string {
  const doc = {
    version: CHECK_REPORT_VERSION,
    tool: { name: 'seam', version: SEAM_VERSION },
    root: r.root,
    plan: locate({ file: r.planFile }, ctx),
    exitCode: r.exitCode,
    counts: r.counts,
    budgets: r.budgets,
    findings: r.findings.map((f) => ({
      rule: f.rule,
      level: f.level,
      baseline: f.baseline,
      file: locate(f, ctx),
      line: f.line,
      message: f.message,
      fix: f.fix,
      from: f.from,
      to: f.to,
      symbols: f.symbols,
      fingerprint: f.fingerprint,
    })),
    fixed: r.fixed,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Text report: one block per finding (file:line, level, rule, what is wrong, what to do), budgets, one summary line. */
import { BUDGET_LABELS } from '../budgets.js';
import { escapeForTerminal } from '../../shared/terminal-text.js';
import type { CheckResult } from '../check.js';
import type { Finding } from '../finding.js';
import { locate, plural, type ReportContext } from './location.js';

/** Findings quote file, module and service names from the repository: each goes through escapeForTerminal. */
function block(f: Finding, ctx: ReportContext): string {
  return `${escapeForTerminal(locate(f, ctx))}:${f.line}  ${f.level}${f.baseline ? ' (baseline)' : ''}  ${f.rule}\n  ${escapeForTerminal(f.message)}\n  fix: ${escapeForTerminal(f.fix)}\n`;
}

export function summaryLine(r: CheckResult): string {
  const c = r.counts;
  const scope = `${plural(r.modules, 'module')}, ${plural(r.services, 'service')}, plan ${escapeForTerminal(r.planFile)}`;
  const known = c.baselined > 0 ? `; ${c.baselined} known in the baseline` : '';
  const fixed = c.fixed > 0 ? `; ${plural(c.fixed, 'baseline entry', 'baseline entries')} fixed (run 'seam check --update-baseline' to drop ${c.fixed === 1 ? 'it' : 'them'})` : '';
  if (c.newErrors === 0 && c.newWarnings === 0) return `seam check: the plan holds${known}${fixed} (${scope})`;
  return `seam check: ${plural(c.newErrors, 'new error')}, ${plural(c.newWarnings, 'new warning')}${known}${fixed} (${scope})`;
}

export function renderText(r: CheckResult, ctx: ReportContext): string {
  const fresh = r.findings.filter((f) => !f.baseline);
  const known = r.findings.filter((f) => f.baseline);
  const parts: string[] = [];
  if (fresh.length > 0) parts.push(fresh.map((f) => block(f, ctx)).join('\n'));
  if (known.length > 0) parts.push(`known violations (in the baseline, not failing):\n\n${known.map((f) => block(f, ctx)).join('\n')}`);
  const width = Math.max(...Object.values(BUDGET_LABELS).map((b) => b.label.length));
  const budgets = r.budgets.map((b) => `  ${BUDGET_LABELS[b.key].label.padEnd(width)}  ${String(b.actual ?? 'n/a').padStart(6)} ${BUDGET_LABELS[b.key].op} ${String(b.limit).padEnd(6)}  ${b.ok ? 'ok' : 'EXCEEDED'}`);
  parts.push(`budgets:\n${budgets.join('\n')}\n`);
  parts.push(`${summaryLine(r)}\n`);
  return parts.join('\n');
}

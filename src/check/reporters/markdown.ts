/**
 * Markdown for a pull-request comment: a verdict, a summary table per rule (new / baseline),
 * the budgets, and the top findings (new ones first) with what to do.
 */
import { CHECK_RULE_IDS } from '../../shared/accepted-plan.js';
import { escapeForTerminal } from '../../shared/terminal-text.js';
import { BUDGET_LABELS } from '../budgets.js';
import type { CheckResult } from '../check.js';
import type { Finding } from '../finding.js';
import { locate, plural, type ReportContext } from './location.js';

export const MARKDOWN_TOP = 10;

// Both also make control characters visible (escapeForTerminal): a comment is read on a
// terminal too (`gh pr view`), and the characters are invisible in a rendered one.
function cell(s: string): string {
  return escapeForTerminal(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/([<>*_[\]`])/g, '\\$1');
}

function code(s: string): string {
  const clean = escapeForTerminal(s).replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');
  return clean.includes('`') ? `\`\` ${clean} \`\`` : `\`${clean}\``;
}

function row(f: Finding, ctx: ReportContext): string {
  const status = f.baseline ? 'baseline' : f.level === 'error' ? '**new error**' : 'new warning';
  return `| ${status} | ${code(f.rule)} | ${code(`${locate(f, ctx)}:${f.line}`)} | ${cell(f.message)}. Fix: ${cell(f.fix)}. |`;
}

export function renderMarkdown(r: CheckResult, ctx: ReportContext): string {
  const c = r.counts;
  const verdict =
    r.exitCode === 0
      ? `### Seam check: the plan holds${c.newWarnings > 0 ? ` (${plural(c.newWarnings, 'new warning')})` : ''}`
      : `### Seam check: the plan is broken (${plural(c.newErrors, 'new error')}${c.newWarnings > 0 ? `, ${plural(c.newWarnings, 'new warning')}` : ''})`;
  const out = [verdict, '', `${plural(r.modules, 'module')} in ${plural(r.services, 'service')}, checked against ${code(locate({ file: r.planFile }, ctx))}.`, ''];
  const ruleRows = CHECK_RULE_IDS.map((id) => {
    const fs = r.findings.filter((f) => f.rule === id);
    return { id, fresh: fs.filter((f) => !f.baseline).length, known: fs.filter((f) => f.baseline).length };
  }).filter((x) => x.fresh + x.known > 0);
  if (ruleRows.length > 0) {
    out.push('| rule | new | in baseline |', '|---|---:|---:|', ...ruleRows.map((x) => `| ${code(x.id)} | ${x.fresh} | ${x.known} |`), '');
  }
  out.push('| budget | now | limit | |', '|---|---:|---:|---|');
  for (const b of r.budgets) out.push(`| ${BUDGET_LABELS[b.key].label} | ${b.actual ?? 'n/a'} | ${BUDGET_LABELS[b.key].op.replace('<=', '≤').replace('>=', '≥')} ${b.limit} | ${b.ok ? 'ok' : '**exceeded**'} |`);
  out.push('');
  const ordered = [...r.findings.filter((f) => !f.baseline && f.level === 'error'), ...r.findings.filter((f) => !f.baseline && f.level === 'warning'), ...r.findings.filter((f) => f.baseline)];
  if (ordered.length > 0) {
    const top = ordered.slice(0, MARKDOWN_TOP);
    out.push(`#### ${ordered.length > MARKDOWN_TOP ? `Top ${MARKDOWN_TOP} of ${ordered.length} findings` : 'Findings'}`, '', '| | rule | where | what to do |', '|---|---|---|---|', ...top.map((f) => row(f, ctx)), '');
  }
  if (c.fixed > 0) out.push(`${plural(c.fixed, 'baseline entry', 'baseline entries')} no longer occur: run ${code('seam check --update-baseline')} to drop them.`, '');
  return `${out.join('\n')}`;
}

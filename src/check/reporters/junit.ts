/**
 * JUnit XML, for CI test-report views (GitLab, Jenkins, Azure): one testsuite per rule, one
 * testcase per finding. A new error is a <failure>; a warning or a baselined finding is a
 * testcase marked <skipped> with its message (reported, not failing); a rule with no finding
 * has one passing testcase. Budgets: one testcase per budget.
 */
import { CHECK_RULE_IDS, type CheckRuleId } from '../../shared/accepted-plan.js';
import { BUDGET_LABELS } from '../budgets.js';
import type { CheckResult } from '../check.js';
import type { Finding } from '../finding.js';
import { locate, type ReportContext } from './location.js';

/** Text as XML character data or attribute value: escaped, characters XML 1.0 forbids dropped. */
export function xml(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function testcase(rule: CheckRuleId, f: Finding, ctx: ReportContext): { text: string; failed: boolean; skipped: boolean } {
  const where = `${locate(f, ctx)}:${f.line}`;
  const name = f.to ? `${where} ${f.to}` : where;
  const open = `    <testcase classname="${xml(rule)}" name="${xml(name)}" file="${xml(locate(f, ctx))}" line="${f.line}">`;
  if (!f.baseline && f.level === 'error') {
    return { text: `${open}\n      <failure type="${xml(rule)}" message="${xml(f.message)}">${xml(`${where}\n${f.message}\nfix: ${f.fix}`)}</failure>\n    </testcase>`, failed: true, skipped: false };
  }
  const why = f.baseline ? `in the baseline: ${f.message}` : `warning: ${f.message}`;
  return { text: `${open}\n      <skipped message="${xml(why)}"/>\n    </testcase>`, failed: false, skipped: true };
}

export function renderJunit(r: CheckResult, ctx: ReportContext): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  const budgetOf = new Map(r.budgets.map((b) => [b.rule, b]));
  for (const rule of CHECK_RULE_IDS) {
    const budget = budgetOf.get(rule);
    const findings = r.findings.filter((f) => f.rule === rule);
    let cases: { text: string; failed: boolean; skipped: boolean }[];
    if (budget) {
      const label = BUDGET_LABELS[budget.key];
      const f = findings[0];
      cases = [f ? testcase(rule, f, ctx) : { text: `    <testcase classname="${xml(rule)}" name="${xml(`${label.label} ${label.op} ${budget.limit}`)}"/>`, failed: false, skipped: false }];
    } else {
      cases = findings.length > 0 ? findings.map((f) => testcase(rule, f, ctx)) : [{ text: `    <testcase classname="${xml(rule)}" name="no findings"/>`, failed: false, skipped: false }];
    }
    const failed = cases.filter((c) => c.failed).length;
    const skip = cases.filter((c) => c.skipped).length;
    tests += cases.length;
    failures += failed;
    skipped += skip;
    suites.push(`  <testsuite name="${xml(rule)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="${skip}">\n${cases.map((c) => c.text).join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="seam check" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">\n${suites.join('\n')}\n</testsuites>\n`;
}

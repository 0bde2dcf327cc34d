/**
 * GitHub Actions workflow commands: `::error file=…,line=…,title=…::message` per finding, so the
 * pull request shows them on the changed lines. Warnings are `::warning`, baselined findings
 * `::notice`. Escaping as the runner expects (% CR LF in data; also : and , in properties).
 */
import { escapeForTerminal } from '../../shared/terminal-text.js';
import type { CheckResult } from '../check.js';
import { locate, type ReportContext } from './location.js';
import { summaryLine } from './text.js';

/** The log viewer renders ANSI sequences: control characters from the repository are made visible first. */
function data(s: string): string {
  return escapeForTerminal(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderGithub(r: CheckResult, ctx: ReportContext): string {
  const lines = r.findings.map((f) => {
    const command = f.baseline ? 'notice' : f.level;
    const title = f.baseline ? `${f.rule} (baseline)` : f.rule;
    return `::${command} file=${property(locate(f, ctx))},line=${Math.max(1, f.line)},title=${property(title)}::${data(`${f.message}. Fix: ${f.fix}.`)}`;
  });
  return `${[...lines, summaryLine(r)].join('\n')}\n`;
}

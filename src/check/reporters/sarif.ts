/**
 * SARIF 2.1.0 report (OASIS), as GitHub code scanning takes it: every rule in `tool.driver.rules`
 * (id, shortDescription, helpUri to the README), each finding a result with its rule, level,
 * message (what is wrong and what to do), repo-relative location and line, and the
 * line-independent fingerprint as `partialFingerprints`, so alerts follow code that moves.
 * Baselined findings carry `baselineState: "unchanged"`, new ones `"new"`.
 */
import { CHECK_RULE_IDS } from '../../shared/accepted-plan.js';
import { SEAM_VERSION } from '../../shared/version.js';
import type { CheckResult } from '../check.js';
import { CHECK_RULES, RULES_HELP_URI } from '../rules.js';
import { locate, type ReportContext } from './location.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

function pascal(id: string): string {
  return id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

export function renderSarif(r: CheckResult, ctx: ReportContext): string {
  const index = new Map<string, number>(CHECK_RULE_IDS.map((id, i) => [id, i]));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'seam',
            version: SEAM_VERSION,
            informationUri: RULES_HELP_URI,
            rules: CHECK_RULE_IDS.map((id) => ({
              id,
              name: pascal(id),
              shortDescription: { text: CHECK_RULES[id].title },
              helpUri: `${RULES_HELP_URI}`,
              defaultConfiguration: { level: CHECK_RULES[id].level },
            })),
          },
        },
        results: r.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule)!,
          level: f.level,
          message: { text: `${f.message}. Fix: ${f.fix}.` },
          locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(locate(f, ctx)) }, region: { startLine: Math.max(1, f.line) } } }],
          partialFingerprints: { 'seamFinding/v1': f.fingerprint },
          baselineState: f.baseline ? 'unchanged' : 'new',
        })),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * The baseline: the violations a team knows about and has not fixed yet. They are still
 * reported, but only findings outside it fail the check, so CI can ratchet. Entries are matched
 * by fingerprint (rule, module, target, imported names: never line numbers); their readable
 * parts are kept beside it so the file reviews well. Budget findings are never baselined: the
 * budget itself, in the plan, is the place to change.
 */
import { InputError } from '../shared/errors.js';
import { sortByKeys } from '../shared/sort.js';
import { fingerprintOf, type Finding } from './finding.js';
import { canonicalJson } from './plan-file.js';
import { CHECK_RULES } from './rules.js';

export const BASELINE_VERSION = 1 as const;

export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  from: string;
  to: string;
  symbols: string[];
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  about: string;
  findings: BaselineEntry[];
}

export function baselineOf(findings: readonly Finding[]): Baseline {
  const entries = new Map<string, BaselineEntry>();
  for (const f of findings) {
    if (!CHECK_RULES[f.rule].baselinable) continue;
    entries.set(f.fingerprint, { fingerprint: f.fingerprint, rule: f.rule, from: f.from, to: f.to, symbols: [...f.symbols] });
  }
  return {
    version: BASELINE_VERSION,
    about: "Known violations of the accepted plan, written by 'seam check --update-baseline'. seam check still reports them but fails only on others. Remove entries as the code is fixed (or run --update-baseline again).",
    findings: sortByKeys([...entries.values()], (e) => e.rule, (e) => e.from, (e) => e.to, (e) => e.fingerprint),
  };
}

export function serializeBaseline(b: Baseline): string {
  return canonicalJson({ ...b, findings: b.findings.map((e) => ({ ...e })) });
}

/** Marks the findings the baseline knows; returns the baseline entries nothing matched any more (fixed). */
export function applyBaseline(findings: Finding[], baseline: Baseline | undefined): BaselineEntry[] {
  if (!baseline) return [];
  // matched by what the entry says (a hand-edited entry still counts), not by the stored hash
  const known = new Map(baseline.findings.map((e) => [fingerprintOf(e.rule, e.from, e.to, e.symbols), e]));
  const seen = new Set<string>();
  for (const f of findings) {
    if (CHECK_RULES[f.rule].baselinable && known.has(f.fingerprint)) {
      f.baseline = true;
      seen.add(f.fingerprint);
    }
  }
  return baseline.findings.filter((e) => !seen.has(fingerprintOf(e.rule, e.from, e.to, e.symbols)));
}

export function parseBaseline(text: string, file: string): Baseline {
  const bad = (why: string): InputError => new InputError(`baseline: ${file} is not a valid baseline: ${why}; write it again with 'seam check --update-baseline'`, 'invalid-baseline');
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (err) {
    throw bad(`not JSON (${(err as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('it must be an object');
  const o = raw as Record<string, unknown>;
  if (o.version !== BASELINE_VERSION) throw bad(`version must be ${BASELINE_VERSION}`);
  if (!Array.isArray(o.findings)) throw bad('findings must be an array');
  const findings = o.findings.map((e: unknown, i): BaselineEntry => {
    const x = e as Record<string, unknown>;
    if (typeof e !== 'object' || e === null || typeof x.fingerprint !== 'string' || typeof x.rule !== 'string' || typeof x.from !== 'string' || typeof x.to !== 'string') {
      throw bad(`findings[${i}] needs string fingerprint, rule, from and to`);
    }
    const symbols = Array.isArray(x.symbols) ? x.symbols.filter((s): s is string => typeof s === 'string') : [];
    return { fingerprint: x.fingerprint, rule: x.rule, from: x.from, to: x.to, symbols };
  });
  return { version: BASELINE_VERSION, about: typeof o.about === 'string' ? o.about : '', findings };
}

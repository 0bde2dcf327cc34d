/**
 * `seam check [dir] --plan seam.plan.json`: re-analyze the repository with the options the plan
 * records (reusing a workspace's per-file results where the content is unchanged), hold it to
 * the accepted plan, and report in one or more formats. Exit 0 when no new error, 1 when one,
 * 2 when the plan, baseline or a flag is unusable.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FileResult } from '../../analyzers/core/process-file.js';
import { assertAnalyzableRoot, restoredResult } from '../../analyzers/extract.js';
import { baselineOf, check, CHECK_FORMATS, claimModules, parseBaseline, parsePlan, reporters, serializeBaseline, summaryLine, type Baseline, type CheckFormat, type ReportContext } from '../check/index.js';
import { runPipeline } from '../engine/pipeline.js';
import { writeOutputFile } from '../host/artifact-writer.js';
import { readRegularFile, resolveConfig } from '../host/config.js';
import type { AcceptedPlan } from '../shared/accepted-plan.js';
import type { SeamConfig } from '../shared/config.js';
import { InputError } from '../shared/errors.js';
import type { Facts } from '../shared/facts.js';
import { SEAM_VERSION } from '../shared/version.js';
import { latestRun, reusableResults } from '../workspace/runs.js';
import { DEFAULT_WORKSPACE, openStore } from '../workspace/store.js';
import { parseCommandArgs, type OptionSpec } from './args.js';
import { configOverrides, SCOPE_HELP, SCOPE_OPTIONS } from './config-options.js';
import { RUN_HELP, RUN_OPTIONS, runReporting } from './run-options.js';

export const DEFAULT_PLAN_FILE = 'seam.plan.json';
export const DEFAULT_BASELINE_FILE = 'seam.baseline.json';

const OPTIONS: OptionSpec = {
  ...SCOPE_OPTIONS,
  ...RUN_OPTIONS,
  plan: { type: 'string', short: 'p' },
  baseline: { type: 'string', short: 'b' },
  'update-baseline': { type: 'boolean', default: false },
  'no-baseline': { type: 'boolean' },
  format: { type: 'string', short: 'f', multiple: true },
  out: { type: 'string', short: 'o' },
  workspace: { type: 'string', short: 'w' },
};

export const checkHelp = `Usage: seam check [dir] [options]

Holds the repository in [dir] (default: the current folder) to its accepted plan (seam.plan.json,
written by 'seam plan accept'). It re-analyzes the code (only the files the plan's analysis
options name; per-file results of a workspace are reused when a file is unchanged) and reports:
  runtime-import-bypasses-api   a runtime import of another service's module that is not its API
  undeclared-dependency         a runtime import of a service not in the importer's dependsOn
  type-import-bypasses-api      the same for type-only imports (a warning by default)
  kernel-imports-service        the shared kernel importing a service
  foreign-table-write           a write to a table another service owns
  unclaimed-module              a new module no glob of the plan claims
  ambiguous-module              a module two owners claim with equally specific globs
  budget-*                      ICP, runtime dependencies between services, table write-exclusivity
A rule's level (error, warning, off) can be set under "rules" in the plan.

Options:
  --plan, -p <file>         the accepted plan (default: <dir>/seam.plan.json)
  --baseline, -b <file>     known violations: reported, but only others fail
                            (default: seam.baseline.json beside the plan, when it exists)
  --update-baseline         write every current violation to the baseline and exit 0
  --no-baseline             ignore the baseline: every violation counts
  --format, -f <fmt>[=<file>]
                            text | json | sarif | junit | markdown | github (default text);
                            repeat it for several reports: -f github -f sarif=seam.sarif
  --out, -o <file>          write the (single) report to <file> instead of stdout
  --workspace, -w <file>    reuse this workspace's per-file results for unchanged files (only read).
                            Off by default: the verdict comes from the repository's content alone.
                            A workspace inside the checked-out tree (such as ${DEFAULT_WORKSPACE.split(sep).join('/')})
                            is something a pull request can change: name it only on a trusted checkout.

${SCOPE_HELP}
  (the plan records what to analyze; these flags override it, and the config's workers apply)

${RUN_HELP}

Exit codes: 0 no new error (warnings and baselined findings are reported), 1 a new error,
2 unusable input (missing or invalid plan or baseline, bad flag).
`;

interface Output {
  format: CheckFormat;
  file?: string;
}

function parseOutputs(raw: unknown, out: unknown): Output[] {
  const values = Array.isArray(raw) && raw.length > 0 ? (raw as string[]) : ['text'];
  const outputs = values.map((v): Output => {
    const eq = v.indexOf('=');
    const format = eq < 0 ? v : v.slice(0, eq);
    const file = eq < 0 ? undefined : v.slice(eq + 1);
    if (!(CHECK_FORMATS as readonly string[]).includes(format)) throw new InputError(`--format must be one of ${CHECK_FORMATS.join(', ')}, optionally with =<file> (got '${v}')`, 'usage');
    if (file === '') throw new InputError(`--format ${format}= needs a file name after '='`, 'usage');
    return file === undefined ? { format: format as CheckFormat } : { format: format as CheckFormat, file };
  });
  const toStdout = outputs.filter((o) => o.file === undefined);
  if (typeof out === 'string') {
    if (toStdout.length !== 1) throw new InputError('--out names the file of one report; with several formats, give each its file: --format sarif=seam.sarif', 'usage');
    toStdout[0]!.file = out;
  } else if (toStdout.length > 1) {
    throw new InputError(`only one report can go to stdout; give the others a file: --format ${toStdout[1]!.format}=<file>`, 'usage');
  }
  return outputs;
}

/** Plans and baselines are reviewed text files; only regular files are opened (a FIFO would block the gate). */
function readText(file: string, what: string, hint: string): string {
  return readRegularFile(file, what, hint, 64 * 1024 * 1024);
}

/** Per-file results of the workspace's latest run, when they were made the way this check parses. */
function cachedResults(file: string, plan: AcceptedPlan): Map<string, FileResult> {
  if (!existsSync(file)) throw new InputError(`--workspace: no workspace at ${file}`, 'missing-workspace');
  const store = openStore(file, { readonly: true });
  try {
    const run = latestRun(store);
    const out = new Map<string, FileResult>();
    if (!run || run.seamVersion !== SEAM_VERSION || run.options.tsconfig !== plan.analysis.tsconfig || run.options.maxFileBytes !== undefined) return out;
    for (const [path, stored] of reusableResults(store, run.id, SEAM_VERSION)) {
      const r = restoredResult(path, stored.hash, stored.result, stored.lazy);
      if (r) out.set(path, r);
    }
    return out;
  } finally {
    store.close();
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function posixRelative(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}

export async function runCheck(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('check', argv, OPTIONS);
  if (positionals.length > 1) throw new InputError(`expected at most one folder, got ${positionals.length}; run 'seam check --help'`, 'usage');
  const dir = assertAnalyzableRoot(resolve(positionals[0] ?? '.'));
  const outputs = parseOutputs(values.format, values.out);
  const updateBaseline = values['update-baseline'] === true;
  // node's parseArgs reads --no-baseline as `baseline: false` (allowNegative) or as the flag itself
  const noBaseline = values.baseline === false || values['no-baseline'] === true;
  if (noBaseline && updateBaseline) throw new InputError('--no-baseline cannot be combined with --update-baseline', 'usage');

  const planPath = resolve(typeof values.plan === 'string' ? values.plan : join(dir, DEFAULT_PLAN_FILE));
  // suggest writing the plan exactly where this command looks for it
  const suggestedOut = typeof values.plan === 'string' ? values.plan : positionals[0] ? join(positionals[0], DEFAULT_PLAN_FILE) : DEFAULT_PLAN_FILE;
  const planText = readText(planPath, 'plan', `write one with 'seam plan accept ${positionals[0] ?? '.'} --out ${suggestedOut}', or pass --plan <file>`);
  const plan = parsePlan(planText, planPath);

  const baselinePath = noBaseline ? undefined : resolve(typeof values.baseline === 'string' ? values.baseline : join(dirname(planPath), DEFAULT_BASELINE_FILE));
  let baseline: Baseline | undefined;
  if (baselinePath && !updateBaseline && (typeof values.baseline === 'string' || existsSync(baselinePath))) {
    baseline = parseBaseline(readText(baselinePath, 'baseline', "create it with 'seam check --update-baseline', or leave --baseline out"), baselinePath);
  }

  // what to analyze: the plan's recorded analysis, the config file and flags on top; never history
  const fromPlan: Partial<SeamConfig> = { include: plan.analysis.include, exclude: plan.analysis.exclude, tests: plan.analysis.tests };
  // the plan's tsconfig is relative to the repository, not to the current folder as a flag's is
  if (plan.analysis.tsconfig) fromPlan.tsconfig = resolve(dir, plan.analysis.tsconfig);
  const { config } = resolveConfig(dir, { ...(typeof values.config === 'string' ? { configFile: values.config } : {}), overrides: { ...fromPlan, ...configOverrides(values), history: false } });
  const workspace = typeof values.workspace === 'string' ? resolve(values.workspace) : undefined;
  if (workspace && isInside(dir, workspace)) {
    process.stderr.write(`seam check: warning: ${posixRelative(process.cwd(), workspace)} lies inside the checked-out tree; a pull request can change it, so this verdict trusts it (leave --workspace out in CI)\n`);
  }
  const reuse = workspace ? cachedResults(workspace, plan) : undefined;
  const stdoutFormat = outputs.find((o) => !o.file)?.format;
  const reporting = runReporting('check', values, { json: stdoutFormat !== undefined && stdoutFormat !== 'text' && stdoutFormat !== 'github' });
  const run = await runPipeline({ root: dir, config, until: 'extract', ...(reuse ? { reuse } : {}), ...reporting.pipeline });
  const facts: Facts = run.facts;
  if (workspace) process.stderr.write(`seam check: reused ${run.files.length - run.parsedCount} of ${run.files.length} files from ${posixRelative(process.cwd(), workspace)}, parsed ${run.parsedCount}\n`);
  if (facts.modules.length === 0) {
    throw new InputError(`no TypeScript or JavaScript module to check in ${dir}${config.include.length ? ` matching ${config.include.join(' ')}` : ''}; run seam check in the repository the plan is about (the gate fails closed)`, 'no-modules');
  }
  const claims = claimModules(plan, facts.modules.map((m) => m.path));
  if (claims.owner.size === 0) {
    throw new InputError(`no glob of ${posixRelative(process.cwd(), planPath) || planPath} matches a module of ${dir}: it is not this repository's plan, or the code moved; re-accept it with 'seam plan accept' (the gate fails closed)`, 'plan-matches-nothing');
  }
  const unparsed = facts.diagnostics.filter((d) => d.severity === 'error').length;
  if (unparsed > 0) process.stderr.write(`seam check: ${unparsed} file(s) could not be read or parsed (run 'seam analyze' for the diagnostics); their imports are missing from this check\n`);

  const planFile = posixRelative(dir, planPath);
  const result = (reporting.pipeline.time ?? ((_s, f) => f()))('check', () => check(facts, plan, { planFile, planText, ...(baseline ? { baseline } : {}) }));

  const rel = posixRelative(process.cwd(), dir);
  const ctx: ReportContext = { prefix: rel === '' || rel.startsWith('..') || isAbsolute(rel) ? '' : rel };
  let textOnStdout = false;
  for (const o of outputs) {
    const text = reporters[o.format](result, ctx);
    if (o.file) writeOutputFile(o.file, text, '--format');
    else {
      process.stdout.write(text);
      textOnStdout = o.format === 'text' || o.format === 'github';
    }
  }
  if (updateBaseline && baselinePath) {
    const next = baselineOf(result.findings);
    writeOutputFile(baselinePath, serializeBaseline(next), '--baseline');
    process.stderr.write(`seam check: wrote ${posixRelative(process.cwd(), baselinePath) || baselinePath} (${next.findings.length} known violation${next.findings.length === 1 ? '' : 's'})\n`);
    reporting.done();
    return 0;
  }
  if (!textOnStdout) process.stderr.write(`${summaryLine(result)}\n`);
  reporting.done();
  return result.exitCode;
}

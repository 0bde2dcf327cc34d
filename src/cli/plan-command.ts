/**
 * `seam plan accept`: write the accepted plan (seam.plan.json) from a workspace scenario, an
 * analyze document, or a fresh analysis (the proposed cut, or a cut given as globs).
 * `seam plan rules`: the accepted plan's import rules as a dependency-cruiser configuration.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extract } from '../../analyzers/extract.js';
import type { ExtractOptions } from '../../analyzers/types.js';
import { acceptPlan, decompositionFromCut, depcruiseConfig, parsePlan, serializePlan, type CutSpec } from '../check/index.js';
import { buildGraph, cluster, DEFAULT_RESOLUTION, DEFAULT_SEED, DEFAULT_WEIGHTS } from '../decompose/index.js';
import { closeWorkspace, currentDecomposition, openWorkspace } from '../host/workspace-ops.js';
import type { AcceptedAnalysis } from '../shared/accepted-plan.js';
import { emptyConstraints, type Decomposition } from '../shared/decomposition.js';
import { InputError } from '../shared/errors.js';
import type { Facts } from '../shared/facts.js';
import { escapeForTerminal } from '../shared/terminal-text.js';
import { getRun } from '../workspace/runs.js';
import { numberOption, parseCommandArgs, readJson, type OptionSpec } from './args.js';
import { DEFAULT_PLAN_FILE } from './check-command.js';
import { progressReporter } from './progress.js';
import { writeFileAtomic } from './write-file.js';

const ACCEPT_OPTIONS: OptionSpec = {
  out: { type: 'string', short: 'o' },
  force: { type: 'boolean', default: false },
  workspace: { type: 'string', short: 'w' },
  scenario: { type: 'string' },
  from: { type: 'string' },
  cut: { type: 'string' },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  tests: { type: 'boolean', default: false },
  tsconfig: { type: 'string' },
  history: { type: 'boolean', default: true },
  workers: { type: 'string' },
  seed: { type: 'string' },
  resolution: { type: 'string' },
  services: { type: 'string' },
};

const RULES_OPTIONS: OptionSpec = {
  plan: { type: 'string', short: 'p' },
  out: { type: 'string', short: 'o' },
};

export const planHelp = `Usage: seam plan accept [dir] [options]
       seam plan rules [dir] [--plan <file>] [--out <file>]

accept: writes the accepted plan (seam.plan.json) to commit in the analyzed repository, for
'seam check' to hold every pull request to it: each service with its module globs, its public
API modules (by default the modules other services import at run time today) and the services
it depends on; the shared kernel; the table owners (by write-exclusivity); budgets (today's
ICP, runtime dependencies between services and table write-exclusivity, with 5 % headroom).
The cut comes from, in order:
  --workspace <file> [--scenario <name>]   a workspace scenario (default: the active one)
  --from <file>                            an analyze document ('seam analyze -f json'): its
                                           decomposition, or the proposed one when it has none
  [dir]                                    a fresh analysis of [dir] (default: the current folder)
and --cut <file> replaces the cut by globs: {"services": {"orders": ["src/orders/**"]},
"kernel": ["src/shared/**"]} (an existing seam.plan.json works: its module globs are kept).

Options (accept):
  --out, -o <file>        where to write (default: stdout); an existing file needs --force
  --force                 replace an existing --out file
  --include <glob>, --exclude <glob>, --tests, --tsconfig <file>
                          what to analyze, recorded in the plan so 'seam check' analyzes the same
                          (with --workspace they come from the workspace's run)
  --no-history            do not read git history (fresh analysis)
  --workers <n>           parse on n worker threads (0 = in-process)
  --seed <n>, --resolution <r>, --services <n>
                          clustering parameters of a fresh analysis (as 'seam analyze')

rules: prints (or writes with --out) a dependency-cruiser configuration with the plan's import
rules (default plan: <dir>/seam.plan.json); dependency-cruiser run with it reports the same import
violations as 'seam check': npx depcruise --config <file> src

Exit codes: 0 written, 2 unusable input (bad flag, unreadable file, existing --out without --force).
`;


function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `--cut <file>`: services as globs (or a seam.plan.json), kernel as globs. */
export function readCut(raw: unknown, file: string): CutSpec {
  const bad = (why: string): InputError => new InputError(`--cut: ${file} ${why}; expected {"services": {"orders": ["src/orders/**"]}, "kernel": ["src/shared/**"]}`, 'usage');
  if (!isObj(raw) || !isObj(raw.services)) throw bad('has no "services" object');
  const globs = (v: unknown, where: string): string[] => {
    if (!Array.isArray(v) || v.some((g) => typeof g !== 'string' || g === '')) throw bad(`: ${where} must be an array of globs`);
    return v as string[];
  };
  const services: Record<string, string[]> = {};
  for (const [name, v] of Object.entries(raw.services)) services[name] = globs(isObj(v) ? v.modules : v, `services.${name}`);
  if (Object.keys(services).length === 0) throw bad('names no service');
  return { services, kernel: raw.kernel === undefined ? [] : globs(raw.kernel, 'kernel') };
}

/** `--from <file>`: an analyze document (Facts, with the decomposition when it proposed one). */
function readAnalyzeDocument(file: string): { facts: Facts; decomposition?: Decomposition } {
  const raw = readJson(file, '--from');
  if (!isObj(raw) || raw.schemaVersion !== 1 || !Array.isArray(raw.modules) || !Array.isArray(raw.imports) || !Array.isArray(raw.dataAccess)) {
    throw new InputError(`--from: ${file} is not an analyze document; write one with 'seam analyze <dir> --format json --out ${file}'`, 'usage');
  }
  const { decomposition, ...facts } = raw;
  delete facts.metrics;
  return isObj(decomposition) && Array.isArray(decomposition.services) ? { facts: facts as unknown as Facts, decomposition: decomposition as unknown as Decomposition } : { facts: facts as unknown as Facts };
}

function analysisFromFlags(values: Record<string, unknown>): AcceptedAnalysis {
  const a: AcceptedAnalysis = { include: Array.isArray(values.include) ? (values.include as string[]) : [], exclude: Array.isArray(values.exclude) ? (values.exclude as string[]) : [], tests: values.tests === true };
  if (typeof values.tsconfig === 'string') a.tsconfig = values.tsconfig;
  return a;
}

function analysisFromRun(options: Record<string, unknown>): AcceptedAnalysis {
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const a: AcceptedAnalysis = { include: strings(options.include), exclude: strings(options.exclude), tests: options.includeTests === true };
  if (typeof options.tsconfig === 'string') a.tsconfig = options.tsconfig;
  return a;
}

async function runAccept(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('plan', argv, ACCEPT_OPTIONS);
  if (positionals.length > 1) throw new InputError(`expected at most one folder, got ${positionals.length}; run 'seam plan --help'`, 'usage');
  const workspace = typeof values.workspace === 'string' ? resolve(values.workspace) : undefined;
  const from = typeof values.from === 'string' ? resolve(values.from) : undefined;
  if (workspace && from) throw new InputError('--workspace and --from are two sources of the cut: pass one', 'usage');
  if (values.scenario !== undefined && !workspace) throw new InputError('--scenario needs --workspace <file>', 'usage');
  const analysisFlags = values.include !== undefined || values.exclude !== undefined || values.tests === true || values.tsconfig !== undefined;
  if (workspace && analysisFlags) throw new InputError("--include, --exclude, --tests and --tsconfig come from the workspace's analysis with --workspace; leave them out", 'usage');
  const out = typeof values.out === 'string' ? resolve(values.out) : undefined;
  if (out && existsSync(out) && values.force !== true) throw new InputError(`${values.out} exists; pass --force to replace it (review the diff before committing)`, 'usage');
  const seed = numberOption('plan', 'seed', values.seed, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0');
  const resolution = numberOption('plan', 'resolution', values.resolution, (n) => n > 0 && n <= 100, 'a number in (0, 100]');
  const targetServices = numberOption('plan', 'services', values.services, (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1');
  const cut = typeof values.cut === 'string' ? readCut(readJson(resolve(values.cut), '--cut'), values.cut) : undefined;

  let facts: Facts;
  let decomposition: Decomposition | undefined;
  let analysis: AcceptedAnalysis;
  if (workspace) {
    const ws = await openWorkspace(workspace, { readonly: true });
    try {
      const current = await currentDecomposition(ws, typeof values.scenario === 'string' ? { scenario: values.scenario } : {});
      decomposition = current.decomposition;
      facts = ws.loaded!.facts;
      analysis = analysisFromRun(getRun(ws.store, current.runId).options);
    } finally {
      closeWorkspace(ws);
    }
  } else if (from) {
    ({ facts, decomposition } = readAnalyzeDocument(from));
    analysis = analysisFromFlags(values);
  } else {
    analysis = analysisFromFlags(values);
    const options: ExtractOptions = { history: values.history !== false && !cut, includeTests: analysis.tests, onProgress: progressReporter() };
    if (analysis.include.length > 0) options.include = analysis.include;
    if (analysis.exclude.length > 0) options.exclude = analysis.exclude;
    if (analysis.tsconfig) options.tsconfig = analysis.tsconfig;
    if (values.workers !== undefined) options.workers = Math.max(0, Math.floor(Number(values.workers)) || 0);
    facts = await extract(resolve(positionals[0] ?? '.'), options);
  }
  if (cut) {
    decomposition = decompositionFromCut(facts, cut, decomposition?.params ?? { seed: DEFAULT_SEED, resolution: DEFAULT_RESOLUTION, weights: { ...DEFAULT_WEIGHTS } }, decomposition?.constraints ?? emptyConstraints());
  } else if (!decomposition) {
    decomposition = cluster(buildGraph(facts), facts, {
      ...(seed !== undefined ? { seed } : {}),
      ...(resolution !== undefined ? { resolution } : {}),
      ...(targetServices !== undefined ? { targetServices } : {}),
    });
  }

  const accepted = acceptPlan(facts, decomposition, { analysis });
  const text = serializePlan(accepted);
  if (out) {
    writeFileAtomic(out, text);
    const services = Object.keys(accepted.services);
    process.stderr.write(`seam plan accept: wrote ${values.out} (${services.length} services: ${escapeForTerminal(services.join(', '))}; ${Object.keys(accepted.tables).length} owned tables). Commit it, then run 'seam check' in CI.\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

async function runRules(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('plan', argv, RULES_OPTIONS);
  if (positionals.length > 1) throw new InputError(`expected at most one folder, got ${positionals.length}; run 'seam plan --help'`, 'usage');
  const planPath = resolve(typeof values.plan === 'string' ? values.plan : join(positionals[0] ?? '.', DEFAULT_PLAN_FILE));
  let planText: string;
  try {
    planText = readFileSync(planPath, 'utf8');
  } catch (err) {
    throw new InputError(`plan rules: cannot read the plan ${planPath} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); write one with 'seam plan accept --out ${DEFAULT_PLAN_FILE}', or pass --plan <file>`, 'missing-plan');
  }
  const text = `${JSON.stringify(depcruiseConfig(parsePlan(planText, planPath)), null, 2)}\n`;
  if (typeof values.out === 'string') {
    writeFileAtomic(resolve(values.out), text);
    process.stderr.write(`seam plan rules: wrote ${values.out}; run it with 'npx depcruise --config ${values.out} <folders>'\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

export async function runPlan(argv: readonly string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (action === 'accept') return runAccept(rest);
  if (action === 'rules') return runRules(rest);
  throw new InputError(`${action === undefined ? 'an action is needed' : `unknown action '${action}'`}: use 'seam plan accept' or 'seam plan rules'; run 'seam plan --help'`, 'usage');
}

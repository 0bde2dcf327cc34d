/**
 * `seam plan accept`: write the accepted plan (seam.plan.json) from a workspace scenario, an
 * analyze document, or a fresh analysis (the proposed cut, or a cut given as globs).
 * `seam plan rules`: the accepted plan's import rules as a dependency-cruiser configuration.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertAnalyzableRoot } from '../../analyzers/extract.js';
import { acceptPlan, decompositionFromCut, depcruiseConfig, parsePlan, serializePlan, type CutSpec } from '../check/index.js';
import { DEFAULT_RESOLUTION, DEFAULT_SEED, DEFAULT_WEIGHTS } from '../decompose/index.js';
import { runPipeline } from '../engine/pipeline.js';
import { writeOutputFile } from '../host/artifact-writer.js';
import { readRegularFile, resolveConfig } from '../host/config.js';
import { readScenarioCut } from '../host/workspace-ops.js';
import type { AcceptedAnalysis } from '../shared/accepted-plan.js';
import { NON_SERVICE_APP_KINDS, type SeamConfig } from '../shared/config.js';
import { emptyConstraints, type Decomposition } from '../shared/decomposition.js';
import { InputError } from '../shared/errors.js';
import type { Facts } from '../shared/facts.js';
import { escapeForTerminal } from '../shared/terminal-text.js';
import { parseCommandArgs, readJson, type OptionSpec } from './args.js';
import { DEFAULT_PLAN_FILE } from './check-command.js';
import { configOverrides, CUT_HELP, CUT_OPTIONS, hasFlags, SCOPE_HELP, SCOPE_OPTIONS } from './config-options.js';
import { RUN_HELP, RUN_OPTIONS, runReporting } from './run-options.js';

const ACCEPT_OPTIONS: OptionSpec = {
  ...SCOPE_OPTIONS,
  ...CUT_OPTIONS,
  ...RUN_OPTIONS,
  out: { type: 'string', short: 'o' },
  force: { type: 'boolean', default: false },
  workspace: { type: 'string', short: 'w' },
  scenario: { type: 'string' },
  from: { type: 'string' },
  cut: { type: 'string' },
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

${SCOPE_HELP}
  (recorded in the plan so 'seam check' analyzes the same; with --workspace they come from the
  workspace's run; the roots of frontends, SDKs, CLIs and tooling are recorded as excluded)

${CUT_HELP}
  (for a fresh analysis)

${RUN_HELP}

rules: prints (or writes with --out) a dependency-cruiser configuration with the plan's import
rules (default plan: <dir>/seam.plan.json); dependency-cruiser run with it reports the same import
violations as 'seam check': npx depcruise --config <file> src (JSON, or a module when --out ends
in .cjs or .mjs)

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

/** `--from <file>`: an analyze document (Facts, with the decomposition when it proposed one, and the config it was made with). */
function readAnalyzeDocument(file: string): { facts: Facts; decomposition?: Decomposition; config?: SeamConfig } {
  const raw = readJson(file, '--from');
  if (!isObj(raw) || raw.schemaVersion !== 1 || !Array.isArray(raw.modules) || !Array.isArray(raw.imports) || !Array.isArray(raw.dataAccess)) {
    throw new InputError(`--from: ${file} is not an analyze document; write one with 'seam analyze <dir> --format json --out ${file}'`, 'usage');
  }
  const { decomposition, config, ...facts } = raw;
  delete facts.metrics;
  delete facts.leftOut;
  const out: { facts: Facts; decomposition?: Decomposition; config?: SeamConfig } = { facts: facts as unknown as Facts };
  if (isObj(decomposition) && Array.isArray(decomposition.services)) out.decomposition = decomposition as unknown as Decomposition;
  if (isObj(config)) out.config = config as unknown as SeamConfig;
  return out;
}

/**
 * What 'seam check' must analyze to see what was accepted: the config's scope, with the roots of
 * the apps kept out of services (frontends, SDKs, CLIs, tooling) excluded too.
 */
function analysisOf(config: SeamConfig, facts: Facts): AcceptedAnalysis {
  const apps = [...(config.apps ?? []), ...(facts.apps ?? []).filter((a) => !config.apps?.some((c) => c.root === a.root))];
  const outside = apps.filter((a) => NON_SERVICE_APP_KINDS.includes(a.kind) && a.root !== '.').map((a) => `${a.root}/**`);
  const a: AcceptedAnalysis = { include: [...config.include], exclude: [...new Set([...config.exclude, ...outside])].sort(), tests: config.tests };
  if (config.tsconfig !== undefined) a.tsconfig = config.tsconfig;
  return a;
}

async function runAccept(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('plan', argv, ACCEPT_OPTIONS);
  if (positionals.length > 1) throw new InputError(`expected at most one folder, got ${positionals.length}; run 'seam plan --help'`, 'usage');
  const workspace = typeof values.workspace === 'string' ? resolve(values.workspace) : undefined;
  const from = typeof values.from === 'string' ? resolve(values.from) : undefined;
  if (workspace && from) throw new InputError('--workspace and --from are two sources of the cut: pass one', 'usage');
  if (values.scenario !== undefined && !workspace) throw new InputError('--scenario needs --workspace <file>', 'usage');
  if (workspace && hasFlags(values, SCOPE_OPTIONS)) throw new InputError("--include, --exclude, --tests, --tsconfig, --history and --workers come from the workspace's analysis with --workspace; leave them out", 'usage');
  const out = typeof values.out === 'string' ? resolve(values.out) : undefined;
  const reporting = runReporting('plan accept', values, { json: !out });
  if (out && existsSync(out) && values.force !== true) throw new InputError(`${values.out} exists; pass --force to replace it (review the diff before committing)`, 'usage');
  const cut = typeof values.cut === 'string' ? readCut(readJson(resolve(values.cut), '--cut'), values.cut) : undefined;
  const root = positionals[0] !== undefined || (!workspace && !from) ? assertAnalyzableRoot(resolve(positionals[0] ?? '.')) : undefined;

  let facts: Facts;
  let decomposition: Decomposition | undefined;
  let config: SeamConfig;
  if (workspace) {
    ({ decomposition, facts, config } = await readScenarioCut(workspace, typeof values.scenario === 'string' ? values.scenario : undefined));
  } else if (from) {
    const doc = readAnalyzeDocument(from);
    facts = doc.facts;
    decomposition = doc.decomposition;
    const base = root ?? process.cwd();
    config = resolveConfig(base, { ...(typeof values.config === 'string' ? { configFile: values.config } : {}), overrides: { ...(doc.config ? pickScope(doc.config, base) : {}), ...configOverrides(values) } }).config;
  } else {
    config = resolveConfig(root!, { ...(typeof values.config === 'string' ? { configFile: values.config } : {}), overrides: configOverrides(values) }).config;
    // a cut given as globs needs no history (it only shapes a proposal)
    const result = await runPipeline({ root: root!, config: cut ? { ...config, history: false } : config, until: cut ? 'extract' : 'cut', ...reporting.pipeline });
    facts = result.facts;
    decomposition = result.decomposition;
  }
  if (facts.modules.length === 0) {
    // a plan of no services claims nothing: seam check would have nothing to hold the code to
    const where = root ?? workspace ?? from ?? '.';
    throw new InputError(`no TypeScript or JavaScript module to plan in ${where}${config.include.length ? ` matching --include ${config.include.join(' ')}` : ''}; point Seam at the repository's root, or check --include / --exclude`, 'no-modules');
  }
  if (cut) {
    decomposition = decompositionFromCut(facts, cut, decomposition?.params ?? { seed: DEFAULT_SEED, resolution: DEFAULT_RESOLUTION, weights: { ...DEFAULT_WEIGHTS } }, decomposition?.constraints ?? emptyConstraints());
  } else if (!decomposition) {
    decomposition = (await runPipeline({ root: root ?? process.cwd(), config, facts, until: 'cut', ...reporting.pipeline })).decomposition!;
  }

  if (decomposition.services.length === 0) {
    // seam check refuses a plan of no services: do not write one it cannot hold the code to
    const left = decomposition.shared.length;
    throw new InputError(
      `no service to plan: the cut of ${facts.modules.length} modules has no service (${left} in the shared kernel, the rest kept out as not backend); name the backend with 'apps' in seam.config.json or pass --cut <file>`,
      'no-services',
    );
  }
  const accepted = acceptPlan(facts, decomposition, { analysis: analysisOf(config, facts), headroom: config.check.headroom });
  const text = serializePlan(accepted);
  if (out) {
    writeOutputFile(out, text);
    const services = Object.keys(accepted.services);
    process.stderr.write(`seam plan accept: wrote ${values.out} (${services.length} services: ${escapeForTerminal(services.join(', '))}; ${Object.keys(accepted.tables).length} owned tables). Commit it, then run 'seam check' in CI.\n`);
  } else {
    process.stdout.write(text);
  }
  reporting.done();
  return 0;
}

/** The scope part of a config recorded in an analyze document; its tsconfig is relative to the repository `root`, not to the current folder as a flag's is. */
function pickScope(c: SeamConfig, root: string): Partial<SeamConfig> {
  const out: Partial<SeamConfig> = { include: c.include, exclude: c.exclude, tests: c.tests };
  if (c.tsconfig !== undefined) out.tsconfig = resolve(root, c.tsconfig);
  return out;
}

async function runRules(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('plan', argv, RULES_OPTIONS);
  if (positionals.length > 1) throw new InputError(`expected at most one folder, got ${positionals.length}; run 'seam plan --help'`, 'usage');
  const planPath = resolve(typeof values.plan === 'string' ? values.plan : join(positionals[0] ?? '.', DEFAULT_PLAN_FILE));
  const planText = readRegularFile(planPath, 'plan', `write one with 'seam plan accept --out ${DEFAULT_PLAN_FILE}', or pass --plan <file>`, 64 * 1024 * 1024);
  const json = JSON.stringify(depcruiseConfig(parsePlan(planText, planPath)), null, 2);
  // dependency-cruiser loads a .cjs or .mjs config as a module: bare JSON there is a syntax error
  const out = typeof values.out === 'string' ? values.out : undefined;
  const text = out?.endsWith('.cjs') ? `module.exports = ${json};\n` : out?.endsWith('.mjs') ? `export default ${json};\n` : `${json}\n`;
  if (typeof values.out === 'string') {
    writeOutputFile(values.out, text);
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

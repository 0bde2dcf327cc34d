/** `seam analyze [dir]`: extract facts, propose services, measure them, and print them. */
import { resolve } from 'node:path';
import { assertAnalyzableRoot } from '../../analyzers/extract.js';
import { untimed } from '../../analyzers/types.js';
import { writeOutputFile } from '../host/artifact-writer.js';
import { resolveConfig } from '../host/config.js';
import { analyzeIntoWorkspace, keepRunsBetweenCommands, preloadLatestRun } from '../host/workspace-ops.js';
import { runPipeline } from '../engine/pipeline.js';
import { compactHeap } from './heap.js';
import { InputError } from '../shared/errors.js';
import { compareStrings } from '../shared/sort.js';
import { formatOption, parseCommandArgs, type OptionSpec } from './args.js';
import { configOverrides, CUT_HELP, CUT_OPTIONS, SCOPE_HELP, SCOPE_OPTIONS } from './config-options.js';
import { formatFactsText } from './format-facts.js';
import { processIo, type CommandIo } from './io.js';
import { formatProposalText } from './format-proposal.js';
import { RUN_HELP, RUN_OPTIONS, runReporting } from './run-options.js';
import { readTruthFile } from './truth-file.js';
import { formatRecordedRun } from './scenario-command.js';

export const ANALYZE_OPTIONS: OptionSpec = {
  ...SCOPE_OPTIONS,
  ...CUT_OPTIONS,
  ...RUN_OPTIONS,
  out: { type: 'string', short: 'o' },
  format: { type: 'string', short: 'f' },
  workspace: { type: 'string', short: 'w' },
  truth: { type: 'string' },
  propose: { type: 'boolean', default: true },
  daemon: { type: 'boolean' },
};

export const analyzeHelp = `Usage: seam analyze [dir] [options]

Reads the TypeScript repository in [dir] (default: the current folder) without running any of it,
and reports its apps, modules, import edges (runtime / type-only / dynamic / re-export), symbol
references, HTTP routes as served, database tables and who reads or writes them, shared mutable
state, git co-change, and diagnostics for everything it could not read. Then it proposes a cut of
the backend into services (a shared kernel set aside; frontends, SDKs, CLIs and tooling left out)
and measures it.

${SCOPE_HELP}

${CUT_HELP}

Output:
  --out, -o <file>      write the document to <file> (atomically) instead of stdout
  --format, -f <fmt>    text | json (default: text on a terminal, json otherwise or with --out)
  --workspace <file>    record the run in this workspace (created if missing) for scenarios, edits,
                        and re-analysis that parses only changed files and keeps your decisions;
                        the services shown are then the workspace's active scenario
  --no-daemon           with --workspace: run in this process, not in the workspace's resident Seam
                        (see 'Resident Seam' below; SEAM_DAEMON=0 does the same for every command)
  --truth <file>        reference partition (seam.truth.json): prints MoJoFM and ARI against it
  --no-propose          facts only, no services

${RUN_HELP}

Resident Seam (with --workspace; not in CI, not on Windows): after a run in its own process,
seam analyze starts a resident Seam for the workspace in the background, and later runs hand it
the command: it keeps the last run's results in memory, so a re-analysis after an edit skips
Node's start-up and reading the workspace back. The output is the same byte for byte. It serves
only this user (a Unix socket in a 0700 folder), only this build of Seam, and ends after 15 idle
minutes (SEAM_DAEMON_IDLE_SECONDS); 'seam daemon status' lists residents, 'seam daemon stop'
ends them. Off when CI is set, with SEAM_DAEMON=0, or with --no-daemon.

Exit codes: 0 analyzed (diagnostics included), 2 unusable input (missing folder, a file, bad flag,
bad config, no TypeScript to analyze).
`;

/**
 * For a resident Seam (src/cli/daemon): keep each workspace's last run in memory between the
 * commands it runs, and read `workspace`'s latest run now, so that its first command is warm.
 */
export async function residentAnalyze(workspace: string): Promise<void> {
  keepRunsBetweenCommands();
  await preloadLatestRun(workspace);
}

/** The modules left out of services, counted by reason (--format json lists each one under `leftOut`). */
function formatLeftOut(left: ReadonlyArray<{ module: string; reason: string }>): string {
  const byReason = new Map<string, number>();
  for (const l of left) byReason.set(l.reason, (byReason.get(l.reason) ?? 0) + 1);
  const lines = [...byReason].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0])).map(([reason, n]) => `  ${String(n).padStart(5)}  ${reason}`);
  return `\nLeft out of services (${left.length} module${left.length === 1 ? '' : 's'}; --format json lists each under leftOut)\n${lines.join('\n')}\n`;
}

export async function runAnalyze(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  const { values, positionals } = parseCommandArgs('analyze', argv, ANALYZE_OPTIONS);
  if (positionals.length > 1) throw new InputError(`expected at most one folder, got ${positionals.length}; run 'seam analyze --help'`, 'usage');
  const dir = assertAnalyzableRoot(resolve(positionals[0] ?? '.'));
  const format = formatOption('analyze', values.format, ['text', 'json'], io.stdout.isTTY === true && !values.out ? 'text' : 'json');
  const effective = resolveConfig(dir, { ...(typeof values.config === 'string' ? { configFile: values.config } : {}), overrides: configOverrides(values) });
  const { config } = effective;
  const reference = typeof values.truth === 'string' ? readTruthFile(resolve(values.truth)) : undefined;
  const reporting = runReporting('analyze', values, { json: format === 'json' && typeof values.out !== 'string' }, io);
  const time = reporting.pipeline.time ?? untimed;

  let result;
  if (typeof values.workspace === 'string') {
    // the workspace decides the services shown: its active scenario (the first run proposes it with these settings)
    const run = await analyzeIntoWorkspace(dir, { workspace: resolve(values.workspace), config, extract: reporting.pipeline });
    io.stderr.write(formatRecordedRun(run));
    if (!run.firstRun && (effective.sources.seed === 'flag' || effective.sources.resolution === 'flag' || effective.sources.services === 'flag')) {
      io.stderr.write(`seam analyze: --seed, --resolution and --services shape a workspace's first proposal; its scenarios keep their own (re-cluster one with 'seam edit ${values.workspace} recluster')\n`);
    }
    const decomposition = values.propose !== false ? run.active : undefined;
    result = await runPipeline({ root: dir, config, facts: run.facts, scoped: run.scoped, until: values.propose === false ? 'extract' : 'cut', ...(decomposition ? { decomposition } : {}), ...(reference ? { reference } : {}), time });
  } else {
    result = await runPipeline({ root: dir, config, until: values.propose === false ? 'extract' : 'cut', ...(reference ? { reference } : {}), ...reporting.pipeline, compactHeap });
  }
  const { facts } = result;
  if (facts.modules.length === 0) {
    throw new InputError(`analyze: no TypeScript or JavaScript module to analyze in ${dir}${config.include.length ? ` matching --include ${config.include.join(' ')}` : ''}; point Seam at the repository's root, or check --include / --exclude`, 'no-modules');
  }
  // the config as it shapes the output (how many threads parsed it does not)
  const { workers: _workers, ...shaping } = config;
  // the modules the cut is not made of, each with its reason (frontends, SDKs, CLIs, tooling, scripts)
  const leftOut = result.scope.left;
  let document: object = { ...facts, config: shaping, leftOut };
  let text = format === 'text' ? formatFactsText(facts) : '';
  if (result.decomposition && result.metrics) {
    document = { ...facts, config: shaping, leftOut, decomposition: result.decomposition, metrics: result.metrics };
    if (format === 'text') {
      text += formatProposalText(result.decomposition, result.metrics);
      if (leftOut.length > 0) text += formatLeftOut(leftOut);
    }
  }
  const output = time('output', () => (format === 'json' ? JSON.stringify(document, null, 2) + '\n' : text));
  const out = values.out;
  if (typeof out === 'string') {
    time('output', () => writeOutputFile(out, output));
    io.stderr.write(`seam analyze: wrote ${values.out} (${facts.modules.length} modules, ${facts.routes.length} routes, ${facts.diagnostics.length} diagnostics)\n`);
  } else {
    io.stdout.write(output);
  }
  reporting.done();
  return 0;
}

/** `seam analyze [dir]`: extract facts (and, from issue 2/6 on, propose services) and print them. */
import { resolve } from 'node:path';
import { extract } from '../../analyzers/extract.js';
import { analyzeIntoWorkspace } from '../host/workspace-ops.js';
import type { ExtractOptions } from '../../analyzers/types.js';
import { formatFactsText } from './format-facts.js';
import { formatOption, parseCommandArgs, type OptionSpec } from './args.js';
import { writeFileAtomic } from './write-file.js';
import { progressReporter } from './progress.js';
import { formatRecordedRun } from './scenario-command.js';
import { numberOption } from './args.js';
import { formatProposalText } from './format-proposal.js';
import { propose, readTruthFile, readWeightsFile, type ProposeOptions } from './propose.js';
import { closeWorkspace, currentDecomposition, openWorkspace } from '../host/workspace-ops.js';
import { buildGraph, measure } from '../decompose/index.js';

const OPTIONS: OptionSpec = {
  tsconfig: { type: 'string' },
  out: { type: 'string', short: 'o' },
  format: { type: 'string', short: 'f' },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  history: { type: 'boolean', default: true },
  tests: { type: 'boolean', default: false },
  workers: { type: 'string' },
  workspace: { type: 'string', short: 'w' },
  seed: { type: 'string' },
  resolution: { type: 'string' },
  services: { type: 'string' },
  weights: { type: 'string' },
  truth: { type: 'string' },
  propose: { type: 'boolean', default: true },
};

export const analyzeHelp = `Usage: seam analyze [dir] [options]

Reads the TypeScript repository in [dir] (default: the current folder) without running any of it,
and reports modules, import edges (runtime / type-only / dynamic / re-export), symbol references,
HTTP routes, database tables and who reads or writes them, shared mutable state, git co-change,
and diagnostics for everything it could not read. Then it proposes a cut into services (a shared
kernel set aside) and measures it.

Options:
  --tsconfig <file>     tsconfig to use (default: every tsconfig.json found, nearest one per file)
  --out, -o <file>      write the document to <file> (atomically) instead of stdout
  --format, -f <fmt>    text | json (default: text on a terminal, json otherwise or with --out)
  --include <glob>      only analyze matching files (repeatable), e.g. --include 'src/**'
  --exclude <glob>      skip matching files or folders (repeatable), e.g. --exclude 'src/generated/**'
  --no-history          do not read git history
  --tests               include test files (*.spec.ts, *.test.ts, __tests__/, test/); off by default
  --workers <n>         parse on n worker threads (0 = in-process; default: by core and file count)
  --workspace <file>    record the run in this workspace (created if missing) for scenarios, edits,
                        and re-analysis that parses only changed files and keeps your decisions;
                        the services shown are then the workspace's active scenario
  --seed <n>            seed of the clustering (default 42); same input + seed = same output
  --resolution <x>      Louvain resolution (default 1; higher gives more, smaller services)
  --services <n>        aim for n services
  --weights <file>      JSON object overriding coupling weights, e.g. {"sharedTableWrite": 6}
  --truth <file>        reference partition (seam.truth.json): prints MoJoFM and ARI against it
  --no-propose          facts only, no services

Exit codes: 0 analyzed (diagnostics included), 2 unusable input (missing folder, a file, bad flag).
`;

export async function runAnalyze(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('analyze', argv, OPTIONS);
  const dir = resolve(positionals[0] ?? '.');
  const format = formatOption('analyze', values.format, ['text', 'json'], process.stdout.isTTY && !values.out ? 'text' : 'json');
  const options: ExtractOptions = {
    history: values.history !== false,
    includeTests: values.tests === true,
    onProgress: progressReporter(),
  };
  if (typeof values.tsconfig === 'string') options.tsconfig = values.tsconfig;
  if (Array.isArray(values.include)) options.include = values.include;
  if (Array.isArray(values.exclude)) options.exclude = values.exclude;
  if (values.workers !== undefined) options.workers = Math.max(0, Math.floor(Number(values.workers)) || 0);
  const run = typeof values.workspace === 'string' ? await analyzeIntoWorkspace(dir, { workspace: resolve(values.workspace), extract: options }) : undefined;
  if (run) process.stderr.write(formatRecordedRun(run));
  const proposeOptions: ProposeOptions = {};
  const seed = numberOption('analyze', 'seed', values.seed, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0');
  const resolution = numberOption('analyze', 'resolution', values.resolution, (n) => n > 0 && n <= 100, 'a number in (0, 100]');
  const services = numberOption('analyze', 'services', values.services, (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1');
  if (seed !== undefined) proposeOptions.seed = seed;
  if (resolution !== undefined) proposeOptions.resolution = resolution;
  if (services !== undefined) proposeOptions.targetServices = services;
  if (typeof values.weights === 'string') proposeOptions.weights = readWeightsFile(resolve(values.weights));
  if (typeof values.truth === 'string') proposeOptions.reference = readTruthFile(resolve(values.truth));
  const facts = run ? run.facts : await extract(dir, options);
  let document: object = facts;
  let text = format === 'text' ? formatFactsText(facts) : '';
  if (values.propose !== false) {
    let proposal = propose(facts, proposeOptions);
    if (run) {
      const ws = await openWorkspace(run.file);
      try {
        const current = await currentDecomposition(ws);
        const graph = buildGraph(facts, proposeOptions.weights);
        proposal = { decomposition: current.decomposition, metrics: measure(graph, current.decomposition, facts, proposeOptions.reference ? { reference: proposeOptions.reference } : {}) };
      } finally {
        closeWorkspace(ws);
      }
    }
    document = { ...facts, decomposition: proposal.decomposition, metrics: proposal.metrics };
    if (format === 'text') text += formatProposalText(proposal.decomposition, proposal.metrics);
  }
  const output = format === 'json' ? JSON.stringify(document, null, 2) + '\n' : text;
  if (typeof values.out === 'string') {
    writeFileAtomic(resolve(values.out), output);
    process.stderr.write(`seam analyze: wrote ${values.out} (${facts.modules.length} modules, ${facts.routes.length} routes, ${facts.diagnostics.length} diagnostics)\n`);
  } else {
    process.stdout.write(output);
  }
  return 0;
}

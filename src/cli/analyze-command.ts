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
};

export const analyzeHelp = `Usage: seam analyze [dir] [options]

Reads the TypeScript repository in [dir] (default: the current folder) without running any of it,
and reports modules, import edges (runtime / type-only / dynamic / re-export), symbol references,
HTTP routes, database tables and who reads or writes them, shared mutable state, git co-change,
and diagnostics for everything it could not read.

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
                        and re-analysis that parses only changed files and keeps your decisions

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
  const facts = run ? run.facts : await extract(dir, options);
  const output = format === 'json' ? JSON.stringify(facts, null, 2) + '\n' : formatFactsText(facts);
  if (typeof values.out === 'string') {
    writeFileAtomic(resolve(values.out), output);
    process.stderr.write(`seam analyze: wrote ${values.out} (${facts.modules.length} modules, ${facts.routes.length} routes, ${facts.diagnostics.length} diagnostics)\n`);
  } else {
    process.stdout.write(output);
  }
  return 0;
}

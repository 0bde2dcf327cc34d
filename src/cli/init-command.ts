/**
 * `seam init [dir]`: write `seam.config.json` from what Seam detects in the repository (its apps,
 * workspace packages, tsconfig files), and say what it chose and why. The file is JSON and is
 * only ever read as data; every command picks it up from the repository root.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertAnalyzableRoot } from '../../analyzers/extract.js';
import { runPipeline } from '../engine/pipeline.js';
import { writeOutputFile } from '../host/artifact-writer.js';
import { resolveConfig } from '../host/config.js';
import { CONFIG_FILE, CONFIG_SCHEMA, NON_SERVICE_APP_KINDS, type SeamConfig } from '../shared/config.js';
import { InputError } from '../shared/errors.js';
import type { AppFact } from '../shared/facts.js';
import { parseCommandArgs, type OptionSpec } from './args.js';
import { configOverrides, SCOPE_HELP, SCOPE_OPTIONS } from './config-options.js';
import { RUN_HELP, RUN_OPTIONS, runReporting } from './run-options.js';

const OPTIONS: OptionSpec = {
  ...SCOPE_OPTIONS,
  ...RUN_OPTIONS,
  out: { type: 'string', short: 'o' },
  force: { type: 'boolean', default: false },
  print: { type: 'boolean', default: false },
};

export const initHelp = `Usage: seam init [dir] [options]

Writes ${CONFIG_FILE} in [dir] (default: the current folder) from what Seam detects there: the
repository's apps (backend apps and workers are cut into services; frontends, SDKs, CLIs and
tooling are listed and kept out), and the defaults of every other setting, so the team can review
and commit them. It prints what it chose and why. Nothing of the repository is run.

Options:
  --out, -o <file>   where to write (default: <dir>/${CONFIG_FILE})
  --force            replace an existing file
  --print            print the config instead of writing it

${SCOPE_HELP}
  (what init analyzes to detect the apps, recorded in the config it writes; init reads no
  config, so --config is refused)

${RUN_HELP}

Exit codes: 0 written, 2 unusable input (existing config without --force, bad flag).
`;

function why(app: AppFact): string {
  if (app.kind === 'backend') return app.entries.length ? `starts a server in ${app.entries.slice(0, 2).join(', ')}` : `serves ${app.framework ?? 'file'} routes`;
  if (app.kind === 'worker') return `starts a non-HTTP process in ${app.entries.slice(0, 2).join(', ')}`;
  if (app.kind === 'frontend') return app.entries.length ? `mounts a ${app.framework ?? ''} UI in ${app.entries[0]}`.replace('  ', ' ') : 'depends on a UI framework and starts no server';
  if (app.kind === 'cli') return 'its package.json declares a bin';
  if (app.kind === 'tooling') return 'a configuration package';
  if (app.kind === 'sdk') return 'a client package (its name says so) that starts nothing';
  return 'a package that starts nothing: used by the apps that import it';
}

export async function runInit(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('init', argv, OPTIONS);
  if (positionals.length > 1) throw new InputError(`expected at most one folder, got ${positionals.length}; run 'seam init --help'`, 'usage');
  // init writes a config and never reads one: a --config given here would be silently ignored
  if (values.config !== undefined) throw new InputError("seam init reads no config (it writes one from what it detects); leave out --config, and use --out to choose where to write", 'usage');
  const root = assertAnalyzableRoot(resolve(positionals[0] ?? '.'));
  const target = typeof values.out === 'string' ? resolve(values.out) : join(root, CONFIG_FILE);
  if (values.print !== true && existsSync(target) && values.force !== true) {
    throw new InputError(`${target} exists; pass --force to replace it, or --print to see what init would write`, 'usage');
  }
  const overrides = { ...configOverrides(values), history: false };
  // an existing config is not read: init describes the repository afresh
  const { config: effective } = resolveConfig(root, { overrides, ignoreFile: true });
  const reporting = runReporting('init', values, { json: values.print === true });
  const { facts, scope } = await runPipeline({ root, config: effective, until: 'extract', ...reporting.pipeline });
  if (facts.modules.length === 0) throw new InputError(`init: no TypeScript or JavaScript module in ${root}; point it at the repository's root`, 'no-modules');
  const apps = facts.apps ?? [];

  const config: SeamConfig & { $schema: string } = {
    $schema: CONFIG_SCHEMA,
    include: effective.include,
    exclude: effective.exclude,
    tests: effective.tests,
    history: values.history === false ? false : true,
    apps: apps.map((a) => ({ name: a.name, kind: a.kind, root: a.root, ...(a.entries.length ? { entries: a.entries } : {}) })),
    weights: {},
    seed: effective.seed,
    resolution: effective.resolution,
    export: effective.export,
    check: effective.check,
  };
  if (effective.tsconfig !== undefined) config.tsconfig = effective.tsconfig;
  if (effective.workers !== undefined) config.workers = effective.workers;
  const text = `${JSON.stringify(config, null, 2)}\n`;

  const lines: string[] = [`seam init: ${facts.modules.length} modules, ${facts.packages.length || 1} package${facts.packages.length > 1 ? 's' : ''}, plugins: ${(facts.plugins ?? []).filter((p) => !['app-entries', 'git-history', 'shared-state', 'sql'].includes(p)).join(', ') || 'none'}`];
  lines.push(apps.length ? 'apps:' : 'apps: none detected (every module is a service candidate)');
  for (const a of apps) lines.push(`  ${NON_SERVICE_APP_KINDS.includes(a.kind) ? 'out' : 'cut'}  ${a.kind.padEnd(8)} ${a.name} (${a.root}): ${why(a)}`);
  lines.push(`${scope.modules.size} of ${facts.modules.length} modules are service candidates (reached from a backend entry, route or table); ${scope.left.length} are left out`);
  lines.push(`Change an app's "kind" to bring it into the cut or keep it out; every command reads ${CONFIG_FILE}, flags override it.`);
  if (values.print === true) {
    process.stdout.write(text);
    process.stderr.write(`${lines.join('\n')}\n`);
    reporting.done();
    return 0;
  }
  writeOutputFile(target, text);
  process.stdout.write(`${lines.join('\n')}\nwrote ${target}\n`);
  reporting.done();
  return 0;
}

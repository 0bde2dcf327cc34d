/**
 * `seam export [dir] --out <dir>`: analyze (or read a workspace scenario), plan the migration,
 * render the artifacts and write them. The only reads of the repository besides extraction are
 * the source texts the plan's hints need (`repoSourceHints`: files whose content is still what the
 * analysis saw), taken as text and never run.
 */
import { resolve } from 'node:path';
import { assertAnalyzableRoot } from '../../analyzers/extract.js';
import { runPipeline } from '../engine/pipeline.js';
import { exporters } from '../export/index.js';
import { assertArtifactTarget, writeArtifacts } from '../host/artifact-writer.js';
import { check, resolveConfig } from '../host/config.js';
import { repoSourceHints } from '../host/source-hints.js';
import { readScenarioCut } from '../host/workspace-ops.js';
import type { SourceHints } from '../plan/index.js';
import type { SeamConfig } from '../shared/config.js';
import type { Decomposition } from '../shared/decomposition.js';
import { InputError } from '../shared/errors.js';
import type { Facts } from '../shared/facts.js';
import { ARTIFACT_KINDS } from '../shared/plan.js';
import { escapeForTerminal } from '../shared/terminal-text.js';
import { parseCommandArgs, type OptionSpec } from './args.js';
import { configOverrides, CUT_HELP, CUT_OPTIONS, hasFlags, SCOPE_HELP, SCOPE_OPTIONS } from './config-options.js';
import { RUN_HELP, RUN_OPTIONS, runReporting } from './run-options.js';

const OPTIONS: OptionSpec = {
  ...SCOPE_OPTIONS,
  ...CUT_OPTIONS,
  ...RUN_OPTIONS,
  out: { type: 'string', short: 'o' },
  kinds: { type: 'string', short: 'k' },
  workspace: { type: 'string', short: 'w' },
  scenario: { type: 'string' },
  force: { type: 'boolean', default: false },
};

export const exportHelp = `Usage: seam export [dir] --out <folder> [options]

Turns the proposed cut of the repository in [dir] (or a workspace scenario) into a migration plan
and writes what executing it needs:
${ARTIFACT_KINDS.map((k) => `  ${k.padEnd(10)} ${exporters[k].summary}`).join('\n')}

Options:
  --out, -o <folder>      where to write (must be empty or new, unless --force)
  --kinds, -k <list>      comma-separated kinds (default: the config's export.kinds, else all of them)
  --workspace, -w <file>  export a scenario of this workspace instead of analyzing [dir] afresh
  --scenario <name>       the scenario to export (default: the active one); needs --workspace
  --force                 write into a non-empty folder (files with the same names are replaced)

${SCOPE_HELP}

${CUT_HELP}
(With --workspace the scope and the cut come from the workspace's run and scenario.)

${RUN_HELP}

The same plan always gives byte-identical files. Nothing from the repository is executed.
Exit codes: 0 written, 2 unusable input (bad flag or config, non-empty --out, unknown scenario).
`;

function hintsReader(root: string | undefined): (facts: Facts, texts?: ReadonlyMap<string, string>) => SourceHints | undefined {
  return (facts, texts) => {
    if (!root) return undefined;
    try {
      return repoSourceHints(root, facts, texts);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        process.stderr.write(`seam export: ${escapeForTerminal(root)} is gone; exporting without reading source texts (no DTO schemas or handler locations)\n`);
        return undefined;
      }
      throw err;
    }
  };
}

export async function runExport(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('export', argv, OPTIONS);
  if (typeof values.out !== 'string' || values.out === '') throw new InputError("--out <folder> is required; run 'seam export --help'", 'usage');
  if (positionals.length > 1) throw new InputError(`expected at most one folder, got ${positionals.length}; run 'seam export --help'`, 'usage');
  const force = values.force === true;
  assertArtifactTarget(values.out, { force, name: '--out' });
  const workspace = typeof values.workspace === 'string' ? resolve(values.workspace) : undefined;
  if (values.scenario !== undefined && !workspace) throw new InputError('--scenario needs --workspace <file>', 'usage');
  if (workspace && hasFlags(values, { ...SCOPE_OPTIONS, ...CUT_OPTIONS })) {
    throw new InputError("with --workspace the scope and the cut come from the workspace's run and scenario; leave out --include, --exclude, --tsconfig, --tests, --history, --workers, --seed, --resolution, --services and --weights", 'usage');
  }

  let root: string | undefined;
  let config: SeamConfig;
  let facts: Facts | undefined;
  let decomposition: Decomposition | undefined;
  if (workspace) {
    const scenario = await readScenarioCut(workspace, typeof values.scenario === 'string' ? values.scenario : undefined);
    ({ decomposition, facts, config } = scenario);
    root = positionals[0] !== undefined ? resolve(positionals[0]) : scenario.root;
    if (typeof values.config === 'string' && root) config.export = resolveConfig(root, { configFile: values.config }).config.export;
  } else {
    root = assertAnalyzableRoot(resolve(positionals[0] ?? '.'));
    config = resolveConfig(root, { ...(typeof values.config === 'string' ? { configFile: values.config } : {}), overrides: configOverrides(values) }).config;
  }
  if (values.kinds !== undefined) config.export = { kinds: check.kinds('--kinds', values.kinds) };

  const reporting = runReporting('export', values, { json: false });
  const result = await runPipeline({
    root: root ?? '.',
    config,
    until: 'artifacts',
    ...(facts ? { facts } : {}),
    ...(decomposition ? { decomposition } : {}),
    hints: hintsReader(root),
    ...reporting.pipeline,
  });
  if (result.facts.modules.length === 0) {
    // an export of no services would write empty skeletons, gateway configs and a report that look like a result
    const where = root ?? workspace ?? '.';
    throw new InputError(`no TypeScript or JavaScript module to export in ${where}${config.include.length ? ` matching --include ${config.include.join(' ')}` : ''}; point Seam at the repository's root, or check --include / --exclude`, 'no-modules');
  }
  const migration = result.plan!;
  const artifacts = result.artifacts!;
  writeArtifacts(values.out, artifacts, { force, name: '--out' });
  process.stderr.write(`seam export: wrote ${artifacts.length} files to ${resolve(values.out)} (${config.export.kinds.join(', ')}; ${migration.services.length} services, ${migration.waves.length} waves, ${migration.conflicts.length} conflicts)\n`);
  reporting.done();
  return 0;
}

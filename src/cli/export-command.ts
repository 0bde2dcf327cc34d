/**
 * `seam export [dir] --out <dir>`: analyze (or read a workspace scenario), plan the migration,
 * render the artifacts and write them. The only reads of the repository besides extraction are
 * the source texts the plan's hints need (`repoSourceHints`: files whose content is still what the
 * analysis saw), taken as text and never run.
 */
import { resolve } from 'node:path';
import { extract } from '../../analyzers/extract.js';
import type { ExtractOptions } from '../../analyzers/types.js';
import { buildGraph, cluster, measure } from '../decompose/index.js';
import { exporters, renderAll } from '../export/index.js';
import { closeWorkspace, currentDecomposition, openWorkspace, workspaceRepo } from '../host/workspace-ops.js';
import { repoSourceHints } from '../host/source-hints.js';
import { plan, type SourceHints } from '../plan/index.js';
import type { Decomposition } from '../shared/decomposition.js';
import { InputError } from '../shared/errors.js';
import type { Facts } from '../shared/facts.js';
import type { Metrics } from '../shared/metrics.js';
import { ARTIFACT_KINDS, type ArtifactKind } from '../shared/plan.js';
import { escapeForTerminal } from '../shared/terminal-text.js';
import { numberOption, parseCommandArgs, type OptionSpec } from './args.js';
import { progressReporter } from './progress.js';
import { assertUsableOut, writeArtifacts } from './write-artifacts.js';

const OPTIONS: OptionSpec = {
  out: { type: 'string', short: 'o' },
  kinds: { type: 'string', short: 'k' },
  workspace: { type: 'string', short: 'w' },
  scenario: { type: 'string' },
  force: { type: 'boolean', default: false },
  seed: { type: 'string' },
  resolution: { type: 'string' },
  services: { type: 'string' },
  history: { type: 'boolean', default: true },
  workers: { type: 'string' },
};

export const exportHelp = `Usage: seam export [dir] --out <folder> [options]

Turns the proposed cut of the repository in [dir] (or a workspace scenario) into a migration plan
and writes what executing it needs:
${ARTIFACT_KINDS.map((k) => `  ${k.padEnd(10)} ${exporters[k].summary}`).join('\n')}

Options:
  --out, -o <folder>      where to write (must be empty or new, unless --force)
  --kinds, -k <list>      comma-separated kinds (default: all of them)
  --workspace, -w <file>  export a scenario of this workspace instead of analyzing [dir] afresh
  --scenario <name>       the scenario to export (default: the active one); needs --workspace
  --force                 write into a non-empty folder (files with the same names are replaced)
  --seed <n>, --resolution <r>, --services <n>
                          clustering parameters when not using a workspace (as 'seam analyze')
  --no-history            do not read git history (without a workspace)
  --workers <n>           parse on n worker threads (0 = in-process)

The same plan always gives byte-identical files. Nothing from the repository is executed.
Exit codes: 0 written, 2 unusable input (bad flag, non-empty --out, unknown scenario).
`;

function parseKinds(raw: unknown): ArtifactKind[] {
  if (raw === undefined) return [...ARTIFACT_KINDS];
  const list = String(raw)
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const bad = list.filter((k) => !(ARTIFACT_KINDS as readonly string[]).includes(k));
  if (list.length === 0 || bad.length > 0) throw new InputError(`--kinds: unknown kind${bad.length === 1 ? '' : 's'} ${bad.map((b) => `'${b}'`).join(', ') || "''"}; use a comma-separated list of ${ARTIFACT_KINDS.join(', ')}`, 'usage');
  return ARTIFACT_KINDS.filter((k) => list.includes(k));
}

function hintsFor(root: string | undefined, facts: Facts): SourceHints | undefined {
  if (!root) return undefined;
  try {
    return repoSourceHints(root, facts);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`seam export: ${escapeForTerminal(root)} is gone; exporting without reading source texts (no DTO schemas or handler locations)\n`);
      return undefined;
    }
    throw err;
  }
}

export async function runExport(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('export', argv, OPTIONS);
  if (typeof values.out !== 'string' || values.out === '') throw new InputError("--out <folder> is required; run 'seam export --help'", 'usage');
  if (positionals.length > 1) throw new InputError(`expected at most one folder, got ${positionals.length}; run 'seam export --help'`, 'usage');
  const kinds = parseKinds(values.kinds);
  assertUsableOut(values.out, { force: values.force === true });
  const workspace = typeof values.workspace === 'string' ? resolve(values.workspace) : undefined;
  if (values.scenario !== undefined && !workspace) throw new InputError('--scenario needs --workspace <file>', 'usage');
  const seed = numberOption('export', 'seed', values.seed, Number.isInteger, 'an integer');
  const resolution = numberOption('export', 'resolution', values.resolution, (n) => n > 0, 'a positive number');
  const targetServices = numberOption('export', 'services', values.services, (n) => Number.isInteger(n) && n >= 1, 'a positive integer');
  if (workspace && (seed !== undefined || resolution !== undefined || targetServices !== undefined)) {
    throw new InputError('--seed, --resolution and --services apply without --workspace (a scenario keeps its own parameters)', 'usage');
  }

  let facts: Facts;
  let decomposition: Decomposition;
  let metrics: Metrics | object;
  let root: string | undefined;
  if (workspace) {
    const ws = await openWorkspace(workspace, { readonly: true });
    try {
      const current = await currentDecomposition(ws, typeof values.scenario === 'string' ? { scenario: values.scenario } : {});
      decomposition = current.decomposition;
      metrics = current.metrics;
      facts = ws.loaded!.facts;
      root = positionals[0] !== undefined ? resolve(positionals[0]) : workspaceRepo(ws).root;
    } finally {
      closeWorkspace(ws);
    }
  } else {
    root = resolve(positionals[0] ?? '.');
    const options: ExtractOptions = { history: values.history !== false, onProgress: progressReporter() };
    if (values.workers !== undefined) options.workers = Math.max(0, Math.floor(Number(values.workers)) || 0);
    facts = await extract(root, options);
    const graph = buildGraph(facts);
    decomposition = cluster(graph, facts, {
      ...(seed !== undefined ? { seed } : {}),
      ...(resolution !== undefined ? { resolution } : {}),
      ...(targetServices !== undefined ? { targetServices } : {}),
    });
    metrics = measure(graph, decomposition, facts);
  }

  const hints = hintsFor(root, facts);
  const migration = plan(facts, decomposition, { metrics, ...(hints ? { hints } : {}) });
  const artifacts = renderAll(migration, kinds);
  const out = writeArtifacts(values.out, artifacts, { force: values.force === true });
  process.stderr.write(`seam export: wrote ${artifacts.length} files to ${out} (${kinds.join(', ')}; ${migration.services.length} services, ${migration.waves.length} waves, ${migration.conflicts.length} conflicts)\n`);
  return 0;
}

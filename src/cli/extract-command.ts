/**
 * `seam extract <service> [dir] --out <folder>`: carve one service of the cut out of the monolith
 * (src/extract): its code with imports rewritten, a kernel package, generated clients and internal
 * endpoints, the monolith's patch and patched tree, the gateway phase, and a report of what could
 * not be carried over. Reads the repository as text; runs none of it.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import picomatch from 'picomatch';
import { assertAnalyzableRoot } from '../../analyzers/extract.js';
import { runPipeline } from '../engine/pipeline.js';
import { extractService, type PreviousExtraction } from '../extract/index.js';
import { assertArtifactTarget, writeArtifacts } from '../host/artifact-writer.js';
import { resolveConfig } from '../host/config.js';
import { compilerOptionsNear, monolithTree, readAppFiles, readModuleSources, unresolvedImports, workspacePackages } from '../host/extract-files.js';
import { repoSourceHints } from '../host/source-hints.js';
import { readScenarioCut } from '../host/workspace-ops.js';
import type { SeamConfig } from '../shared/config.js';
import type { Decomposition } from '../shared/decomposition.js';
import { InputError } from '../shared/errors.js';
import type { Facts } from '../shared/facts.js';
import { escapeForTerminal } from '../shared/terminal-text.js';
import { parseCommandArgs, type OptionSpec } from './args.js';
import { configOverrides, CUT_HELP, CUT_OPTIONS, hasFlags, SCOPE_HELP, SCOPE_OPTIONS } from './config-options.js';
import { RUN_HELP, RUN_OPTIONS, runReporting } from './run-options.js';

const OPTIONS: OptionSpec = {
  ...SCOPE_OPTIONS,
  ...CUT_OPTIONS,
  ...RUN_OPTIONS,
  out: { type: 'string', short: 'o' },
  workspace: { type: 'string', short: 'w' },
  scenario: { type: 'string' },
  after: { type: 'string', multiple: true },
  force: { type: 'boolean', default: false },
};

export const extractHelp = `Usage: seam extract <service> [dir] --out <folder> [options]

Carves <service> (its id, name or slug in the cut) out of the monolith in [dir] and writes:
  service/           the service's own modules (copied, imports rewritten), the monolith's
                     composition modules pruned to this service, the kernel code it needs as a
                     local package (service/kernel), generated typed clients of the monolith
                     operations it calls and the internal endpoints of those it serves
                     (src/seam/), package.json, tsconfig.json, Dockerfile, README.md
  monolith/          the monolith with the service carved out: its callers use clients, its
                     composition no longer wires the service
  monolith.patch     the same change as a unified diff (git apply)
  gateway/           the strangler phase routing the service's paths to it (nginx, Kong, Envoy)
  EXTRACTION.md      what could not be carried over automatically, each with file:line and a fix
  extraction.json    the same, and every module's role, as data

Options:
  --out, -o <folder>      where to write (must be empty or new, unless --force)
  --workspace, -w <file>  use a scenario of this workspace instead of analyzing [dir] afresh
  --scenario <name>       the scenario (default: the active one); needs --workspace
  --after <folder>        an earlier extraction's --out folder (repeatable): [dir] is its patched
                          monolith, and the gateway phase keeps routing that service's paths to it
  --force                 write into a non-empty folder (files with the same names are replaced)

${SCOPE_HELP}

${CUT_HELP}

${RUN_HELP}

Nothing from the repository is executed. The same input gives byte-identical files.
Exit codes: 0 written, 2 unusable input (unknown service, bad flag, non-empty --out, changed files).
`;

/** An earlier extraction's service and routes, from its extraction.json (checked: it is input). */
function readPrevious(dir: string): PreviousExtraction {
  const file = join(resolve(dir), 'extraction.json');
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(`--after ${dir}: cannot read ${file} (${(err as Error).message}); name the --out folder of an earlier seam extract`, 'usage');
  }
  const d = doc as { service?: { id?: unknown; name?: unknown; slug?: unknown }; routes?: unknown };
  const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length < 200;
  const routes = Array.isArray(d.routes) ? d.routes : undefined;
  if (!d.service || !str(d.service.id) || !str(d.service.name) || !str(d.service.slug) || !/^[a-z][a-z0-9-]*$/.test(d.service.slug) || !routes || !routes.every((r: { method?: unknown; path?: unknown; operation?: unknown }) => str(r?.method) && /^[A-Z]+$/.test(r.method) && str(r?.path) && r.path.startsWith('/') && str(r?.operation))) {
    throw new InputError(`--after ${dir}: ${file} is not an extraction.json of seam extract (service and routes missing or malformed)`, 'usage');
  }
  return { service: { id: d.service.id, name: d.service.name, slug: d.service.slug }, routes: routes as PreviousExtraction['routes'] };
}

export async function runExtract(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('extract', argv, OPTIONS);
  if (positionals.length === 0) throw new InputError("name the service to extract: seam extract <service> [dir] --out <folder>; 'seam analyze' lists the services", 'usage');
  if (positionals.length > 2) throw new InputError(`expected a service and at most one folder, got ${positionals.length} arguments; run 'seam extract --help'`, 'usage');
  if (typeof values.out !== 'string' || values.out === '') throw new InputError("--out <folder> is required; run 'seam extract --help'", 'usage');
  const force = values.force === true;
  assertArtifactTarget(values.out, { force, name: '--out' });
  const workspace = typeof values.workspace === 'string' ? resolve(values.workspace) : undefined;
  if (values.scenario !== undefined && !workspace) throw new InputError('--scenario needs --workspace <file>', 'usage');
  if (workspace && hasFlags(values, { ...SCOPE_OPTIONS, ...CUT_OPTIONS })) throw new InputError("with --workspace the scope and the cut come from the workspace's run and scenario", 'usage');

  let root: string;
  let config: SeamConfig;
  let facts: Facts | undefined;
  let decomposition: Decomposition | undefined;
  if (workspace) {
    const scenario = await readScenarioCut(workspace, typeof values.scenario === 'string' ? values.scenario : undefined);
    ({ decomposition, facts, config } = scenario);
    const recorded = positionals[1] !== undefined ? resolve(positionals[1]) : scenario.root;
    if (!recorded) throw new InputError(`the workspace ${workspace} records no repository folder; pass it: seam extract <service> <dir> --workspace ${workspace}`, 'usage');
    root = recorded;
  } else {
    root = assertAnalyzableRoot(resolve(positionals[1] ?? '.'));
    config = resolveConfig(root, { ...(typeof values.config === 'string' ? { configFile: values.config } : {}), overrides: configOverrides(values) }).config;
  }

  const reporting = runReporting('extract', values, { json: false });
  const result = await runPipeline({
    root,
    config,
    until: 'plan',
    ...(facts ? { facts } : {}),
    ...(decomposition ? { decomposition } : {}),
    hints: (f, texts) => repoSourceHints(root, f, texts),
    ...reporting.pipeline,
  });
  if (result.facts.modules.length === 0) throw new InputError(`no TypeScript or JavaScript module to extract from in ${root}; point Seam at the repository's root`, 'no-modules');
  const migration = result.plan!;
  const wanted = positionals[0]!;
  const service = migration.services.find((s) => s.id === wanted || s.name === wanted || s.slug === wanted);
  if (!service) throw new InputError(`no service '${wanted}' in the cut; the services are: ${migration.services.map((s) => s.slug).join(', ') || '(none)'}`, 'unknown-service');

  const { sources, declarations, stale } = readModuleSources(root, result.facts);
  const staleHere = stale.filter((m) => service.modules.includes(m));
  if (staleHere.length > 0) throw new InputError(`${staleHere.length} of the service's files changed since the analysis or can no longer be read (${staleHere.slice(0, 3).join(', ')}); analyze again, then extract`, 'stale-files');
  const previous = (Array.isArray(values.after) ? values.after : []).map((dir) => readPrevious(String(dir)));
  const app = readAppFiles(root, result.facts, service);
  const extraction = extractService({ facts: result.facts, decomposition: result.decomposition!, plan: migration, service: service.id, sources, previous, ...app, declarations: new Map([...app.declarations, ...declarations]), appDeclarations: [...app.declarations.keys()], compilerOptionsOf: compilerOptionsNear(root), workspacePackages: workspacePackages(root), ...(config.exclude.length > 0 ? { excluded: picomatch(config.exclude, { dot: true }) } : {}) });
  const tree = monolithTree(root, extraction.monolith.changed, extraction.monolith.deleted, values.out);
  const extra = unresolvedImports(root, extraction.carve.unresolved, new Set(extraction.artifacts.map((a) => a.path)));
  writeArtifacts(values.out, [...extraction.artifacts, ...extra.artifacts, ...tree.artifacts], { force, name: '--out' });
  if (extra.copied.length > 0) process.stderr.write(`seam extract: copied as they are (imported by the service's code, not analyzed): ${escapeForTerminal(extra.copied.join(', '))}\n`);
  const out = resolve(values.out);
  const n = extraction.report.length;
  process.stderr.write(
    `seam extract: ${escapeForTerminal(service.name)} written to ${escapeForTerminal(out)}: ${extraction.carve.service.size} service files, ` +
      `${extraction.carve.serves.length} operations served, ${extraction.carve.calls.length} called; monolith: ${Object.keys(extraction.monolith.changed).length} files changed or added, ${extraction.monolith.deleted.length} deleted; ` +
      `${n === 0 ? 'nothing left to do by hand' : `${n} item${n === 1 ? '' : 's'} to do by hand (EXTRACTION.md)`}\n`,
  );
  if (tree.skipped.length > 0) process.stderr.write(`seam extract: ${tree.skipped.length} files not copied into monolith/ (links, binaries, files over 2 MB): copy them yourself, e.g. ${escapeForTerminal(tree.skipped.slice(0, 3).join(', '))}\n`);
  reporting.done();
  return 0;
}

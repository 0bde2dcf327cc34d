/**
 * The flags every command that analyzes a repository takes, parsed and validated once: the
 * project config file, what to analyze (scope), how to cut. They override `seam.config.json`
 * (src/host/config.ts holds the one validation both go through).
 */
import { check, type ConfigOverrides } from '../host/config.js';
import { InputError } from '../shared/errors.js';
import type { OptionSpec } from './args.js';
import { readJson } from './args.js';

/** `--config` and the scope: what is analyzed. */
export const SCOPE_OPTIONS: OptionSpec = {
  config: { type: 'string', short: 'c' },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  tsconfig: { type: 'string' },
  tests: { type: 'boolean' },
  history: { type: 'boolean' },
  workers: { type: 'string' },
};

/** How the cut is made. */
export const CUT_OPTIONS: OptionSpec = {
  seed: { type: 'string' },
  resolution: { type: 'string' },
  services: { type: 'string' },
  weights: { type: 'string' },
};

export const SCOPE_HELP = `Project config and scope (every analyzing command; flags override seam.config.json):
  --config, -c <file>   the project config (default: <dir>/seam.config.json when present)
  --include <glob>      only analyze matching files (repeatable), e.g. --include 'src/**'
  --exclude <glob>      skip matching files or folders (repeatable)
  --tsconfig <file>     tsconfig for every file (default: the nearest tsconfig.json per file)
  --tests / --no-tests  include test files (*.spec.ts, *.test.ts, __tests__/, test/); off by default
  --no-history          do not read git history
  --workers <n>         parse on n worker threads (0 = in-process; at most the core count)`;

export const CUT_HELP = `The cut:
  --seed <n>            seed of the clustering (default 42); same input + seed = same output
  --resolution <x>      Louvain resolution (default 1; higher gives more, smaller services)
  --services <n>        aim for n backend services
  --weights <file>      JSON object overriding coupling weights, e.g. {"sharedTableWrite": 6}`;

type Values = Record<string, string | boolean | string[] | undefined>;

/** The overrides the flags in `values` make; a flag absent leaves the config file's value. */
export function configOverrides(values: Values): ConfigOverrides {
  const o: ConfigOverrides = {};
  if (Array.isArray(values.include)) o.include = values.include;
  if (Array.isArray(values.exclude)) o.exclude = values.exclude;
  if (typeof values.tsconfig === 'string') {
    if (values.tsconfig === '') throw new InputError('--tsconfig needs a file', 'usage');
    o.tsconfig = values.tsconfig;
  }
  if (typeof values.tests === 'boolean') o.tests = values.tests;
  if (typeof values.history === 'boolean') o.history = values.history;
  if (values.workers !== undefined) o.workers = check.workers('--workers', values.workers);
  if (values.seed !== undefined) o.seed = check.seed('--seed', values.seed);
  if (values.resolution !== undefined) o.resolution = check.resolution('--resolution', values.resolution);
  if (values.services !== undefined) o.services = check.services('--services', values.services);
  if (typeof values.weights === 'string') o.weights = check.weights(`--weights ${values.weights}`, readJson(values.weights, '--weights'));
  return o;
}

/** True when any scope or cut flag was given (some sources of a cut, such as a workspace scenario, fix them). */
export function hasFlags(values: Values, spec: OptionSpec): boolean {
  return Object.keys(spec).some((k) => k !== 'config' && values[k] !== undefined);
}

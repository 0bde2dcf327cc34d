/**
 * Reading and resolving the project configuration, in one place for every shell: the file
 * (`seam.config.json` at the repository root, or `--config <file>`), then the flags on top.
 * The dependency-cruiser convention: a file at the root is picked up, `--config` points
 * elsewhere. The file is JSON, validated here with messages that name the file and the key;
 * it is refused unless it is a regular file (a FIFO or a device would block the read).
 */
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';
import { DEFAULT_WEIGHTS } from '../decompose/index.js';
import { CONFIG_FILE, CONFIG_SCHEMA, DEFAULT_CONFIG, type AppConfig, type ConfigSource, type EffectiveConfig, type SeamConfig } from '../shared/config.js';
import { InputError } from '../shared/errors.js';
import { APP_KINDS, type AppKind } from '../shared/facts.js';
import { ARTIFACT_KINDS } from '../shared/plan.js';

const MAX_CONFIG_BYTES = 1024 * 1024;
const KEYS: ReadonlyArray<keyof SeamConfig | '$schema'> = ['$schema', 'include', 'exclude', 'tsconfig', 'tests', 'history', 'workers', 'apps', 'weights', 'seed', 'resolution', 'services', 'export', 'check'];

/** Settings a shell may pass on top of the file; the same checks apply to both. */
export type ConfigOverrides = Partial<SeamConfig>;

/** Read a file a flag or a default names: refuse what is not a regular file before opening it. */
export function readRegularFile(file: string, what: string, hint: string, maxBytes = MAX_CONFIG_BYTES): string {
  let st;
  try {
    st = statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `no ${what} at ${file}; ${hint}` : `cannot read ${what} ${file}: ${code ?? (err as Error).message}`, code === 'ENOENT' ? `missing-${what.replace(/\W+/g, '-')}` : 'unreadable');
  }
  if (!st.isFile()) throw new InputError(`${what} ${file} is not a regular file (a folder, FIFO or device); pass a file`, 'not-a-file');
  if (st.size > maxBytes) throw new InputError(`${what} ${file} is ${st.size} bytes, more than Seam reads for a ${what} (${Math.round(maxBytes / 1024 / 1024)} MiB)`, 'too-large');
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'unreadable');
  }
}

/** `where` is a file (the message names the key) or a flag such as `--workers` (the flag is the key). */
function fail(where: string, key: string, what: string): never {
  if (where.startsWith('--')) throw new InputError(where.slice(2).split(' ')[0] === key ? `${where} ${what}` : `${where}: "${key}" ${what}`, 'usage');
  throw new InputError(`${where}: "${key}" ${what}; see ${CONFIG_SCHEMA}`, 'config');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A flag's value is text and is read as a number; in the file a number must be a JSON number, as
 * the schema says (`"seed": "7"` is a wrong type, not a seed).
 */
const numeric = (where: string, v: unknown): unknown => (where.startsWith('--') && typeof v === 'string' && v.trim() !== '' ? Number(v) : v);

/** Refuse keys of a nested object the schema does not know (a typo such as `"entry"` must not be ignored). */
function knownKeys(where: string, key: string, v: Record<string, unknown>, known: readonly string[]): void {
  for (const k of Object.keys(v)) if (!known.includes(k)) fail(where, `${key}.${k}`, `is not a setting; known: ${known.join(', ')}`);
}

function globs(where: string, key: string, v: unknown): string[] {
  if (!Array.isArray(v) || v.some((g) => typeof g !== 'string' || g === '')) fail(where, key, 'must be an array of non-empty glob strings');
  return v as string[];
}

/** The one validation of every numeric and enumerated setting, for the file and for flags. */
export const check = {
  workers(where: string, v: unknown): number {
    const n = numeric(where, v);
    const max = availableParallelism();
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) fail(where, 'workers', `must be a whole number from 0 (parse in-process) to ${max} (the cores here), got ${JSON.stringify(v)}`);
    if (n > max) fail(where, 'workers', `must be at most ${max}, the number of cores here (got ${n})`);
    return n;
  },
  seed(where: string, v: unknown): number {
    const n = numeric(where, v);
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) fail(where, 'seed', `must be a whole number ≥ 0, got ${JSON.stringify(v)}`);
    return n;
  },
  resolution(where: string, v: unknown): number {
    const n = numeric(where, v);
    if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || n > 100) fail(where, 'resolution', `must be a number in (0, 100], got ${JSON.stringify(v)}`);
    return n;
  },
  services(where: string, v: unknown): number {
    const n = numeric(where, v);
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1000) fail(where, 'services', `must be a whole number from 1 to 1000, got ${JSON.stringify(v)}`);
    return n;
  },
  weights(where: string, v: unknown): SeamConfig['weights'] {
    if (!isObject(v)) fail(where, 'weights', 'must be an object such as {"sharedTableWrite": 6}');
    const out: Record<string, number> = {};
    for (const [k, x] of Object.entries(v)) {
      if (!(k in DEFAULT_WEIGHTS)) fail(where, 'weights', `has an unknown weight "${k}"; known: ${Object.keys(DEFAULT_WEIGHTS).join(', ')}`);
      if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > 1000) fail(where, `weights.${k}`, 'must be a number from 0 to 1000');
      out[k] = x;
    }
    return out as SeamConfig['weights'];
  },
  kinds(where: string, v: unknown): string[] {
    const list = where.startsWith('--') && typeof v === 'string' ? v.split(',').map((k) => k.trim()).filter(Boolean) : v;
    if (!Array.isArray(list) || list.length === 0 || list.some((k) => typeof k !== 'string')) fail(where, 'export.kinds', `must list some of ${ARTIFACT_KINDS.join(', ')} (got ${JSON.stringify(v)})`);
    const bad = (list as string[]).filter((k) => !(ARTIFACT_KINDS as readonly string[]).includes(k));
    if (bad.length > 0) fail(where, 'export.kinds', `has the unknown kind${bad.length === 1 ? '' : 's'} ${bad.map((b) => `'${b}'`).join(', ')}; use a comma-separated list of ${ARTIFACT_KINDS.join(', ')}`);
    return ARTIFACT_KINDS.filter((k) => (list as string[]).includes(k));
  },
  headroom(where: string, v: unknown): number {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) fail(where, 'check.headroom', 'must be a number from 0 to 1 (0.05 = 5 %)');
    return v;
  },
  apps(where: string, v: unknown): AppConfig[] {
    if (!Array.isArray(v)) fail(where, 'apps', 'must be an array of {"name", "kind", "root"}');
    return v.map((a, i) => {
      if (!isObject(a) || typeof a.name !== 'string' || typeof a.root !== 'string' || !(APP_KINDS as readonly string[]).includes(String(a.kind))) {
        fail(where, `apps[${i}]`, `must be {"name": string, "kind": one of ${APP_KINDS.join(' | ')}, "root": folder}`);
      }
      knownKeys(where, `apps[${i}]`, a, ['name', 'kind', 'root', 'entries']);
      if (a.root.startsWith('/') || a.root.split('/').includes('..')) fail(where, `apps[${i}].root`, 'must be a folder inside the repository, relative to its root');
      const app: AppConfig = { name: a.name, kind: a.kind as AppKind, root: a.root.replace(/\/+$/, '') || '.' };
      if (a.entries !== undefined) app.entries = globs(where, `apps[${i}].entries`, a.entries);
      return app;
    });
  },
};

/** Validate a parsed config file; unknown keys are refused (a typo must not be silently ignored). */
export function parseConfig(raw: unknown, where: string): Partial<SeamConfig> {
  if (!isObject(raw)) throw new InputError(`${where}: must hold a JSON object; see ${CONFIG_SCHEMA}`, 'config');
  for (const k of Object.keys(raw)) if (!(KEYS as readonly string[]).includes(k)) fail(where, k, `is not a setting; known: ${KEYS.filter((x) => x !== '$schema').join(', ')}`);
  const out: Partial<SeamConfig> = {};
  if (raw.include !== undefined) out.include = globs(where, 'include', raw.include);
  if (raw.exclude !== undefined) out.exclude = globs(where, 'exclude', raw.exclude);
  if (raw.tsconfig !== undefined) {
    if (typeof raw.tsconfig !== 'string' || raw.tsconfig === '') fail(where, 'tsconfig', 'must be a path relative to the repository root');
    out.tsconfig = raw.tsconfig;
  }
  for (const k of ['tests', 'history'] as const) {
    if (raw[k] === undefined) continue;
    if (typeof raw[k] !== 'boolean') fail(where, k, 'must be true or false');
    out[k] = raw[k];
  }
  if (raw.workers !== undefined) out.workers = check.workers(where, raw.workers);
  if (raw.apps !== undefined) out.apps = check.apps(where, raw.apps);
  if (raw.weights !== undefined) out.weights = check.weights(where, raw.weights);
  if (raw.seed !== undefined) out.seed = check.seed(where, raw.seed);
  if (raw.resolution !== undefined) out.resolution = check.resolution(where, raw.resolution);
  if (raw.services !== undefined) out.services = check.services(where, raw.services);
  if (raw.export !== undefined) {
    if (!isObject(raw.export)) fail(where, 'export', 'must be an object such as {"kinds": ["gateway", "report"]}');
    knownKeys(where, 'export', raw.export, ['kinds']);
    out.export = { kinds: raw.export.kinds === undefined ? [...DEFAULT_CONFIG.export.kinds] : check.kinds(where, raw.export.kinds) };
  }
  if (raw.check !== undefined) {
    if (!isObject(raw.check)) fail(where, 'check', 'must be an object such as {"headroom": 0.05}');
    knownKeys(where, 'check', raw.check, ['headroom']);
    out.check = { headroom: raw.check.headroom === undefined ? DEFAULT_CONFIG.check.headroom : check.headroom(where, raw.check.headroom) };
  }
  return out;
}

/** The config file of `root`: `--config <file>` (resolved against the current folder), else `<root>/seam.config.json` when present. */
export function readConfigFile(root: string, explicit?: string): { file: string; config: Partial<SeamConfig> } | undefined {
  let file: string;
  if (explicit !== undefined) file = explicit;
  else {
    file = join(root, CONFIG_FILE);
    try {
      statSync(file);
    } catch {
      return undefined;
    }
  }
  const text = readRegularFile(file, 'config file', explicit !== undefined ? 'check the --config path' : `remove it or fix it`);
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`${file}: not valid JSON (${(err as Error).message}); fix it, or write a fresh one with 'seam init'`, 'config');
  }
  return { file, config: parseConfig(raw, file) };
}

/**
 * The effective configuration: defaults, then the file, then the overrides (flags), and where each
 * setting came from. `tsconfig` from a flag is relative to the current folder and is stored relative
 * to the repository; from the file it is already repository-relative.
 */
export function resolveConfig(root: string, options: { configFile?: string; overrides?: ConfigOverrides; ignoreFile?: boolean } = {}): EffectiveConfig {
  const fromFile = options.ignoreFile ? undefined : readConfigFile(root, options.configFile);
  const config: SeamConfig = structuredClone(DEFAULT_CONFIG);
  const sources: EffectiveConfig['sources'] = {};
  const apply = (part: Partial<SeamConfig>, source: ConfigSource): void => {
    for (const [k, v] of Object.entries(part) as [keyof SeamConfig, unknown][]) {
      if (v === undefined) continue;
      (config as unknown as Record<string, unknown>)[k] = v;
      sources[k] = source;
    }
  };
  if (fromFile) apply(fromFile.config, 'file');
  if (options.overrides) {
    const o = { ...options.overrides };
    if (o.tsconfig !== undefined) o.tsconfig = repoRelative(root, o.tsconfig);
    apply(o, 'flag');
  }
  if (config.tsconfig !== undefined) assertTsconfig(root, config.tsconfig, sources.tsconfig === 'flag' ? '--tsconfig' : `"tsconfig" in ${fromFile?.file ?? CONFIG_FILE}`);
  const out: EffectiveConfig = { config, sources };
  if (fromFile) out.file = fromFile.file;
  return out;
}

/** A path given on the command line (relative to the current folder) as a repository-relative one. */
function repoRelative(root: string, path: string): string {
  const abs = isAbsolute(path) ? path : join(process.cwd(), path);
  return relative(root, abs).split(sep).join('/') || '.';
}

function assertTsconfig(root: string, tsconfig: string, where: string): void {
  const abs = isAbsolute(tsconfig) ? tsconfig : join(root, tsconfig);
  let st;
  try {
    st = statSync(abs);
  } catch {
    throw new InputError(`${where}: no tsconfig at ${abs}; give an existing file (relative to the current folder on the command line, to the repository root in the config file)`, 'missing-tsconfig');
  }
  if (!st.isFile()) throw new InputError(`${where}: ${abs} is not a regular file`, 'not-a-file');
}

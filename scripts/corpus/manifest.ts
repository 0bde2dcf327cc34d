/**
 * The corpus manifest (`corpus/corpus.json`) and the hand-checked expectations
 * (`corpus/expected/<name>.json`), read and validated against their JSON schemas.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';

export interface CorpusApp {
  name: string;
  kind: 'backend' | 'frontend' | 'worker' | 'cli' | 'sdk' | 'library' | 'tooling';
  root: string;
  entry?: string[];
  framework?: string;
}

export interface CorpusRepo {
  name: string;
  github: string;
  commit: string;
  description?: string;
  scope: { paths: string[]; exclude?: string[]; tsconfig?: string };
  apps: CorpusApp[];
  frameworks: string[];
  orms: string[];
  size: { tsFiles: number; tsFilesInScope: number };
  monorepo?: boolean;
  covers: string[];
}

export interface ExpectedRoute {
  method: string;
  path: string;
  module: string;
  app?: string;
  handler?: string;
  note?: string;
}

export interface ExpectedTable {
  name: string;
  module: string;
  entity?: string;
  via?: string;
  readers: string[];
  writers: string[];
  note?: string;
}

export interface Expected {
  name: string;
  commit: string;
  method: { routes: string; tables: string; dataAccess: string; partition: string };
  notes?: string[];
  routes: ExpectedRoute[];
  tables: ExpectedTable[];
  partition: { basis: string; units: Record<string, string> } | null;
}

/** `corpus/` of this Seam checkout, from source or from dist/. */
export function corpusDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'corpus', 'corpus.json'))) return join(dir, 'corpus');
    dir = dirname(dir);
  }
  const fromCwd = join(process.cwd(), 'corpus');
  if (existsSync(join(fromCwd, 'corpus.json'))) return fromCwd;
  throw new Error('eval:corpus: cannot find corpus/corpus.json; run it from the root of the Seam repository');
}

function validator(schemaFile: string): (doc: unknown, file: string) => void {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
  return (doc, file) => {
    if (validate(doc)) return;
    const errors = (validate.errors ?? []).slice(0, 8).map((e) => `  ${e.instancePath || '/'} ${e.message ?? ''}`);
    throw new Error(`${file} does not match ${schemaFile}:\n${errors.join('\n')}`);
  };
}

function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    throw new Error(`${file}: not readable JSON (${(err as Error).message})`);
  }
}

export function loadManifest(dir = corpusDir()): CorpusRepo[] {
  const file = join(dir, 'corpus.json');
  const doc = readJsonFile(file);
  validator(join(dir, 'corpus.schema.json'))(doc, file);
  const repos = (doc as { repos: CorpusRepo[] }).repos;
  const names = new Set<string>();
  for (const r of repos) {
    if (names.has(r.name)) throw new Error(`${file}: the name ${r.name} is used twice`);
    names.add(r.name);
  }
  return repos;
}

export function loadExpected(name: string, dir = corpusDir()): Expected | undefined {
  const file = join(dir, 'expected', `${name}.json`);
  if (!existsSync(file)) return undefined;
  const doc = readJsonFile(file);
  validator(join(dir, 'expected.schema.json'))(doc, file);
  const expected = doc as Expected;
  if (expected.name !== name) throw new Error(`${file}: its name is ${expected.name}, not ${name}`);
  return expected;
}

/** The include globs of a repo's scope, as `seam analyze --include` takes them (none when the scope is the whole repo). */
export function scopeIncludes(repo: CorpusRepo): string[] {
  return repo.scope.paths.length === 1 && repo.scope.paths[0] === '.' ? [] : repo.scope.paths.map((p) => `${p}/**`);
}

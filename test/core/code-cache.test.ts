/**
 * TypeScript's compiled code is kept in V8's code cache between runs of the built CLI
 * (src/shared/code-cache.cts), on Node versions without a compile cache of their own. Each case
 * runs the built module in a fresh process with its own temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const TS_MODULE = join(import.meta.dirname, '..', '..', 'dist', 'src', 'shared', 'typescript.cjs');
const CODE_CACHE = join(import.meta.dirname, '..', '..', 'dist', 'src', 'shared', 'code-cache.cjs');
// Node 22.1+ caches compiled modules itself; the loader then stands aside
const nodeCaches = typeof (module as unknown as { enableCompileCache?: unknown }).enableCompileCache === 'function';

const PROBE = `
const ts = require(${JSON.stringify(TS_MODULE)});
const sf = ts.createSourceFile('a.ts', 'export const a: number = 1;', ts.ScriptTarget.Latest, true);
const state = require(${JSON.stringify(CODE_CACHE)}).codeCacheStates.get('typescript');
console.log(JSON.stringify({ status: state.status, kind: ts.SyntaxKind[sf.statements[0].kind], same: require('typescript') === ts }));
`;

interface Probe {
  status: string;
  kind: string;
  same: boolean;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function probe(tmp: string, env: Record<string, string> = {}): Probe {
  const base: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp, TEMP: tmp, TMP: tmp, ...env };
  if (!('NODE_DISABLE_COMPILE_CACHE' in env)) delete base['NODE_DISABLE_COMPILE_CACHE'];
  const r = spawnSync(process.execPath, ['-e', PROBE], { encoding: 'utf8', env: base });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Probe;
}

function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'seam-code-cache-test-'));
  dirs.push(d);
  return d;
}

function cacheFiles(tmp: string): string[] {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  try {
    return readdirSync(join(tmp, `seam-code-cache-${uid}`)).filter((f) => f.endsWith('.bin'));
  } catch {
    return [];
  }
}

describe.skipIf(nodeCaches)('code cache for TypeScript', () => {
  it('writes the cache at exit, and the next process uses it; the compiler works either way and is the one require() gives', () => {
    const tmp = scratch();
    const first = probe(tmp);
    expect(first).toEqual({ status: 'missing', kind: 'FirstStatement', same: true });
    expect(cacheFiles(tmp)).toHaveLength(1);
    const second = probe(tmp);
    expect(second).toEqual({ status: 'hit', kind: 'FirstStatement', same: true });
  });

  it('a damaged cache is rejected by V8, compiled normally and written again', () => {
    const tmp = scratch();
    probe(tmp);
    const [file] = cacheFiles(tmp);
    const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
    writeFileSync(join(tmp, `seam-code-cache-${uid}`, file!), Buffer.alloc(4096, 7));
    expect(probe(tmp).status).toBe('rejected');
    expect(probe(tmp).status).toBe('hit');
  });

  it.skipIf(typeof process.getuid !== 'function')('a cache folder others can write is not used, nor written to', () => {
    const tmp = scratch();
    const folder = join(tmp, `seam-code-cache-${process.getuid!()}`);
    probe(tmp);
    chmodSync(folder, 0o777);
    rmSync(join(folder, cacheFiles(tmp)[0]!));
    expect(probe(tmp)).toEqual({ status: 'off', kind: 'FirstStatement', same: true });
    expect(cacheFiles(tmp)).toEqual([]);
  });

  it('NODE_DISABLE_COMPILE_CACHE turns it off', () => {
    const tmp = scratch();
    expect(probe(tmp, { NODE_DISABLE_COMPILE_CACHE: '1' }).status).toBe('off');
    expect(cacheFiles(tmp)).toEqual([]);
  });
});

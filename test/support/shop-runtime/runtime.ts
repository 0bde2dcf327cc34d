/**
 * A runnable copy of fixtures/monoliths/shop: its dependencies installed from the npm registry with
 * the lockfile committed next to this file, the Prisma client generated, and `tsc` run, cached under
 * test-artifacts/shop-runtime/ (gitignored). The dependencies are reused while package.json, the
 * lockfile and the Prisma schema are unchanged; the build while the fixture's files are unchanged too.
 *
 * To update the lockfile after changing the fixture's package.json: copy the package.json into an
 * empty folder, run `npm install --package-lock-only --ignore-scripts` there, and copy
 * package-lock.json back here.
 */
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cleanEnv } from './process.js';

const REPO = join(import.meta.dirname, '..', '..', '..');
export const SHOP_FIXTURE = join(REPO, 'fixtures', 'monoliths', 'shop');
export const SHOP_SUPPORT = import.meta.dirname;
const CACHE = join(REPO, 'test-artifacts', 'shop-runtime');
const COMPLETE = '.complete';

export interface ShopRuntime {
  /** the runnable copy of the fixture (src/, dist/, node_modules/) */
  dir: string;
  /** the built entry, relative to `dir` */
  entry: string;
  /** node arguments the entry needs: the path aliases (@lib/*) resolved to dist/ */
  nodeArgs: string[];
  /** environment the entry needs besides its own configuration */
  env: Record<string, string>;
  /** what was reused from the cache */
  cached: { dependencies: boolean; build: boolean };
}

function hashOf(parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Runs a command without blocking the test worker; rejects with its output when it fails. */
export function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code, signal) =>
      code === 0
        ? done()
        : fail(new Error(`shop-runtime: \`${cmd} ${args.join(' ')}\` failed in ${cwd} (exit ${code ?? signal}):\n${output.slice(-6000)}`)),
    );
  });
}

/**
 * One installer at a time (the extract tests may ask for the runtime while this one builds it):
 * an exclusive lock folder, taken over when older than 15 minutes (a killed run).
 */
async function withCacheLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(CACHE, { recursive: true });
  const lock = join(CACHE, '.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = existsSync(lock) ? Date.now() - statSync(lock).mtimeMs : 0;
      if (age > 15 * 60_000) rmSync(lock, { recursive: true, force: true });
      else await new Promise((done) => setTimeout(done, 500));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds `dir` in a temp folder beside it and renames it into place once `build` succeeded. */
async function cachedDir(dir: string, build: (tmp: string) => Promise<void>): Promise<boolean> {
  if (existsSync(join(dir, COMPLETE))) return true;
  rmSync(dir, { recursive: true, force: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    await build(tmp);
    writeFileSync(join(tmp, COMPLETE), new Date().toISOString() + '\n');
    renameSync(tmp, dir);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  return false;
}

/** Removes cached folders of `prefix` other than `keep` (older lockfiles and sources). */
function prune(prefix: string, keep: string): void {
  if (!existsSync(CACHE)) return;
  for (const name of readdirSync(CACHE)) {
    if (name.startsWith(prefix) && join(CACHE, name) !== keep && !name.includes('.tmp-')) {
      rmSync(join(CACHE, name), { recursive: true, force: true });
    }
  }
}

/** The tsconfig-paths configuration that maps the fixture's aliases (src/lib/* ...) to the built dist/ files. */
function runtimePaths(): string {
  const tsconfig = JSON.parse(readFileSync(join(SHOP_FIXTURE, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { baseUrl?: string; rootDir?: string; outDir?: string; paths?: Record<string, string[]> };
  };
  const { rootDir = 'src', outDir = 'dist', baseUrl = '.', paths = {} } = tsconfig.compilerOptions;
  const toDist = (target: string): string => target.replace(new RegExp(`^(\\./)?${rootDir}/`), `${outDir}/`);
  const mapped = Object.fromEntries(Object.entries(paths).map(([alias, targets]) => [alias, targets.map(toDist)]));
  return JSON.stringify({ compilerOptions: { baseUrl, paths: mapped } }, null, 2) + '\n';
}

/** Installs, generates and builds the shop runtime, or reuses the cached one. */
export function installShopRuntime(): Promise<ShopRuntime> {
  return withCacheLock(install);
}

async function install(): Promise<ShopRuntime> {
  const packageJson = readFileSync(join(SHOP_FIXTURE, 'package.json'));
  const lockfile = readFileSync(join(SHOP_SUPPORT, 'package-lock.json'));
  const schema = readFileSync(join(SHOP_FIXTURE, 'prisma', 'schema.prisma'));
  const depsDir = join(CACHE, `deps-${hashOf([process.version, packageJson, lockfile, schema])}`);

  const depsCached = await cachedDir(depsDir, async (tmp) => {
    writeFileSync(join(tmp, 'package.json'), packageJson);
    writeFileSync(join(tmp, 'package-lock.json'), lockfile);
    // no install scripts: the only ones (@prisma/engines, prisma, @nestjs/core) download engines or print ads
    await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], tmp);
    mkdirSync(join(tmp, 'prisma'));
    writeFileSync(join(tmp, 'prisma', 'schema.prisma'), schema);
    // prisma-client-js writes into node_modules/.prisma/client, which @prisma/client re-exports;
    // generating needs no engine download (the schema engine is only for migrations)
    await run(process.execPath, [join(tmp, 'node_modules', 'prisma', 'build', 'index.js'), 'generate', '--schema', 'prisma/schema.prisma'], tmp, {
      PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    });
  });

  const sources = filesUnder(SHOP_FIXTURE).filter((file) => !file.includes(`${join(SHOP_FIXTURE, 'node_modules')}`));
  const appDir = join(
    CACHE,
    `app-${hashOf([depsDir, ...sources.flatMap((file) => [relative(SHOP_FIXTURE, file), readFileSync(file)])])}`,
  );
  const buildCached = await cachedDir(appDir, async (tmp) => {
    cpSync(SHOP_FIXTURE, tmp, { recursive: true });
    symlinkSync(join(depsDir, 'node_modules'), join(tmp, 'node_modules'), 'dir');
    writeFileSync(join(tmp, 'tsconfig.runtime.json'), runtimePaths());
    await run(process.execPath, [join(tmp, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], tmp);
  });
  prune('app-', appDir);
  prune('deps-', depsDir);

  return {
    dir: appDir,
    entry: 'dist/main.js',
    nodeArgs: ['-r', 'tsconfig-paths/register'],
    env: { TS_NODE_PROJECT: join(appDir, 'tsconfig.runtime.json') },
    cached: { dependencies: depsCached, build: buildCached },
  };
}

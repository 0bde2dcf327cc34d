/**
 * Building and running what `seam extract` wrote, for the replay test: the patched monolith (built
 * like the shop runtime: its own dependencies, its path aliases resolved at run time), an
 * extracted service (the same dependencies, its kernel package linked as npm would link it), and
 * the generated nginx phase in front of them on loopback ports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { wrapperConfig, NGINX } from '../export/nginx-harness.js';
import { run, waitFor, type ShopRuntime } from '../support/shop-runtime/index.js';

export interface Built {
  dir: string;
  entry: string;
  nodeArgs: string[];
  env: Record<string, string>;
}

function depsOf(runtime: ShopRuntime): string {
  return realpathSync(join(runtime.dir, 'node_modules'));
}

function tsc(runtime: ShopRuntime): string {
  return join(depsOf(runtime), 'typescript', 'bin', 'tsc');
}

/** The patched monolith tree (`--out/monolith`), built like the shop runtime. */
export async function buildMonolith(runtime: ShopRuntime, tree: string, dir: string): Promise<Built> {
  rmSync(dir, { recursive: true, force: true });
  cpSync(tree, dir, { recursive: true });
  symlinkSync(depsOf(runtime), join(dir, 'node_modules'), 'dir');
  cpSync(join(runtime.dir, 'tsconfig.runtime.json'), join(dir, 'tsconfig.runtime.json'));
  await run(process.execPath, [tsc(runtime), '-p', 'tsconfig.json'], dir);
  return { dir, entry: 'dist/main.js', nodeArgs: runtime.nodeArgs, env: { TS_NODE_PROJECT: join(dir, 'tsconfig.runtime.json') } };
}

/**
 * An extracted service (`--out/service`): node_modules holds the shop's installed packages (links)
 * and the kernel package linked from ./kernel, as `npm install` does for a `file:` dependency;
 * then its own build (`tsc` on the kernel, then on the service).
 */
export async function buildService(runtime: ShopRuntime, tree: string, dir: string): Promise<Built> {
  rmSync(dir, { recursive: true, force: true });
  cpSync(tree, dir, { recursive: true });
  const deps = depsOf(runtime);
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(deps)) symlinkSync(join(deps, entry), join(dir, 'node_modules', entry));
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };
  for (const [name, version] of Object.entries(pkg.dependencies)) {
    if (version !== 'file:./kernel') continue;
    if (existsSync(join(dir, 'node_modules', name))) rmSync(join(dir, 'node_modules', name));
    symlinkSync(join(dir, 'kernel'), join(dir, 'node_modules', name), 'dir');
  }
  await run(process.execPath, [tsc(runtime), '-p', join('kernel', 'tsconfig.json')], dir);
  await run(process.execPath, [tsc(runtime), '-p', 'tsconfig.json'], dir);
  return { dir, entry: pkg.main, nodeArgs: [], env: {} };
}

export interface Gateway {
  baseUrl: string;
  /** nginx's JSON access log lines */
  log(): { request_id: string; upstream: string; 'url.path': string }[];
  stop(): Promise<void>;
}

/**
 * The generated nginx phase with its backends pointed at loopback ports (the generated config names
 * them as containers: `http://customers:3000`) and its listen port moved to `port`.
 */
export async function startGateway(conf: string, dir: string, port: number, backends: Record<string, number>): Promise<Gateway> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let text = readFileSync(conf, 'utf8');
  for (const [host, p] of Object.entries(backends)) text = text.split(`http://${host}:3000`).join(`http://127.0.0.1:${p}`);
  text = text.replace(/listen \d+;/, `listen 127.0.0.1:${port};`).replace(/access_log \/dev\/stdout seam_json;/, `access_log ${join(dir, 'access.json')} seam_json;`);
  const include = join(dir, 'phase.conf');
  writeFileSync(include, text);
  const wrapper = wrapperConfig(dir, include);
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-e', join(dir, 'error.log'), '-c', wrapper], { stdio: 'ignore' });
  const baseUrl = `http://127.0.0.1:${port}`;
  const up = await waitFor(async () => {
    try {
      return (await fetch(`${baseUrl}/_seam/healthz`)).ok ? true : undefined;
    } catch {
      return undefined;
    }
  }, 20_000);
  if (!up) {
    child.kill('SIGKILL');
    throw new Error(`nginx did not start on ${baseUrl}: ${existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8').slice(-2000) : ''}`);
  }
  return {
    baseUrl,
    log: () =>
      existsSync(join(dir, 'access.json'))
        ? readFileSync(join(dir, 'access.json'), 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as { request_id: string; upstream: string; 'url.path': string })
        : [],
    stop: () =>
      new Promise((done) => {
        child.once('close', () => done());
        child.kill('SIGQUIT');
      }),
  };
}

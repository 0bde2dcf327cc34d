/** Child processes for the runtime tests: free ports, polling, and booting a built Node service. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A port of 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Calls `probe` every 100 ms until it returns a value or `timeoutMs` passes (then undefined). */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) return undefined;
    await new Promise((done) => setTimeout(done, 100));
  }
}

/**
 * The environment without the variables npm sets for the script it runs (`npm test`'s package and
 * lifecycle), which a child npm or app must not take for its own; npm's configuration (npm_config_*:
 * registry, cache) is kept.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^npm_(package_|lifecycle_|command$|execpath$|node_execpath$)/i.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

export interface NodeService {
  baseUrl: string;
  port: number;
  /** everything the process wrote to stdout so far */
  logs(): string;
  /** everything the process wrote to stderr so far */
  errors(): string;
  stop(): Promise<void>;
}

export interface StartNodeOptions {
  /** working folder of the process */
  dir: string;
  /** script to run, relative to `dir` */
  entry: string;
  env?: Record<string, string>;
  /** arguments for node before the entry, e.g. ['-r', 'tsconfig-paths/register'] */
  nodeArgs?: string[];
  /** the port the service reads from $PORT (default: a free one) */
  port?: number;
  /** answered with 2xx once the service is up (default /health) */
  healthPath?: string;
  timeoutMs?: number;
}

/** Boots a built Node service with $PORT set and waits until its health path answers 2xx. */
export async function startNode(options: StartNodeOptions): Promise<NodeService> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.entry], {
    cwd: options.dir,
    env: cleanEnv({ ...options.env, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exitCode: number | null | undefined;
  const exit = new Promise<void>((done) =>
    // 'close', not 'exit': by then stdout and stderr have been read to the end
    child.once('close', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      done();
    }),
  );

  const stop = async (): Promise<void> => {
    if (exitCode !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(timer);
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const health = `${baseUrl}${options.healthPath ?? '/health'}`;
  const up = await waitFor(async () => {
    if (exitCode !== undefined) return 'exited' as const;
    try {
      const response = await fetch(health);
      return response.ok ? ('up' as const) : undefined;
    } catch {
      return undefined;
    }
  }, options.timeoutMs ?? 60_000);
  if (up !== 'up') {
    await stop();
    throw new Error(
      `shop-runtime: ${options.entry} in ${options.dir} did not answer ${health} (${up === 'exited' ? `exited with ${exitCode}` : 'timed out'})\n` +
        `--- stdout ---\n${stdout.slice(-4000)}\n--- stderr ---\n${stderr.slice(-4000)}`,
    );
  }
  return { baseUrl, port, logs: () => stdout, errors: () => stderr, stop };
}

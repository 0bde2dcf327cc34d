/**
 * The `seam analyze --workspace` side of the resident Seam: hand the command to the workspace's
 * resident when one answers, else run it here and start one for the next run. Loaded before the
 * engine (main.ts), so it stays small: Node built-ins and the paths module.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildId, daemonAllowed, daemonDir, daemonPaths, envDigest, idleMillis } from './paths.js';
import { FRAME, FrameReader, type Request } from './protocol.js';

export interface Handed {
  /** the command ran in the resident: its exit code */
  exitCode?: number;
  /** run the command here; when it succeeds, start a resident for this workspace */
  startAfter?: string;
}

/** How long to wait for a resident to accept the connection (it may be busy with another client's run, which is fine: that wait is on the answer). */
const CONNECT_TIMEOUT_MS = 2000;

/** The `--workspace` value and the `--daemon` / `--no-daemon` choice (the last one given wins); anything else is the command's to check. */
export function residentArgs(argv: readonly string[]): { workspace?: string; daemon?: boolean } {
  let daemon: boolean | undefined;
  for (const a of argv) {
    if (a === '--') break;
    if (a === '--daemon') daemon = true;
    if (a === '--no-daemon') daemon = false;
  }
  let workspace: string | undefined;
  try {
    const { values } = parseArgs({ args: [...argv], options: { workspace: { type: 'string', short: 'w' } }, strict: false, allowPositionals: true });
    if (typeof values.workspace === 'string' && values.workspace !== '') workspace = values.workspace;
  } catch {
    // the command itself reports a bad argument list
  }
  return { ...(workspace !== undefined ? { workspace } : {}), ...(daemon !== undefined ? { daemon } : {}) };
}

/** Connect to a resident's socket; undefined when no one accepts within CONNECT_TIMEOUT_MS. */
export function connectTo(socketPath: string): Promise<Socket | undefined> {
  return new Promise((done) => {
    const socket = connect(socketPath);
    const timer = setTimeout(() => {
      socket.destroy();
      done(undefined);
    }, CONNECT_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      done(socket);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      done(undefined);
    });
  });
}

type Outcome = { exitCode: number } | { declined: string } | { lost: boolean };

/** Send the request and relay the answer's frames to this process's stdout and stderr. */
function exchange(socket: Socket, request: Request): Promise<Outcome> {
  return new Promise((done) => {
    let settled = false;
    let wroteStdout = false;
    const settle = (o: Outcome): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      done(o);
    };
    const reader = new FrameReader((type, body) => {
      if (type === FRAME.stdout) {
        wroteStdout = true;
        process.stdout.write(body);
      } else if (type === FRAME.stderr) process.stderr.write(body);
      else if (type === FRAME.exit) settle({ exitCode: Number(body.toString('utf8')) });
      else if (type === FRAME.declined) settle({ declined: body.toString('utf8') });
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('error', () => settle({ lost: wroteStdout }));
    socket.on('close', () => settle({ lost: wroteStdout }));
    socket.write(`${JSON.stringify(request)}\n`);
  });
}

export async function analyzeInResident(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<Handed> {
  if (daemonAllowed(env).off !== undefined) return {};
  const args = residentArgs(argv);
  if (args.workspace === undefined || args.daemon === false) return {};
  const workspace = resolve(args.workspace);
  const dir = daemonDir(env);
  if (dir === undefined) return {};
  // a new workspace is made here, by the first run; the resident comes after
  if (!existsSync(workspace)) return { startAfter: workspace };
  const socket = await connectTo(daemonPaths(dir, workspace).socket);
  if (!socket) return { startAfter: workspace };
  const cpu = process.cpuUsage();
  const outcome = await exchange(socket, {
    kind: 'analyze',
    build: buildId(),
    env: envDigest(env),
    argv: [...argv],
    cwd: process.cwd(),
    stdout: { isTTY: process.stdout.isTTY === true },
    stderr: { isTTY: process.stderr.isTTY === true },
    startup: { wallMs: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000 },
  });
  if ('exitCode' in outcome) return { exitCode: Number.isInteger(outcome.exitCode) ? outcome.exitCode : 3 };
  // another build's resident ends itself on declining: start this build's after the run
  if ('declined' in outcome) return outcome.declined === 'build' ? { startAfter: workspace } : {};
  if (outcome.lost) {
    process.stderr.write(`seam analyze: the resident Seam for ${workspace} stopped in the middle of the run (its log: ${daemonPaths(dir, workspace).log}); run the command again, or with --no-daemon\n`);
    return { exitCode: 3 };
  }
  process.stderr.write(`seam analyze: the resident Seam for ${workspace} stopped before answering; running in this process\n`);
  return {};
}

const BIN = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..', 'bin', 'seam.js');

/** Start the workspace's resident in the background (detached: it outlives this process), and say so. */
export function startResident(workspace: string, env: NodeJS.ProcessEnv): void {
  if (!existsSync(BIN) || !existsSync(workspace)) return;
  try {
    const child = spawn(process.execPath, [BIN, 'daemon', 'run', workspace], { detached: true, stdio: 'ignore', cwd: dirname(workspace), env });
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) return;
    const idle = Math.round(idleMillis(env) / 60_000);
    process.stderr.write(
      `seam analyze: started a resident Seam for this workspace (pid ${child.pid}): the next 'seam analyze --workspace' hands it the run and skips start-up; it ends after ${idle} idle minute${idle === 1 ? '' : 's'} or with 'seam daemon stop' (--no-daemon or SEAM_DAEMON=0: none)\n`,
    );
  } catch {
    // no resident: every run stays in its own process, as before
  }
}

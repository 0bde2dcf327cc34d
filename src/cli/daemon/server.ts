/**
 * The resident Seam of one workspace (`seam daemon run <workspace>`, started in the background by
 * `seam analyze --workspace`): it keeps the workspace's last run's results (and coupling edges) in
 * memory, and runs the `seam analyze` commands clients hand it, one at a time, with their folder,
 * arguments and streams. What it prints and writes is what the command would have in its own
 * process; only the time differs (no Node start-up, no reading the workspace back).
 *
 * It keeps runs, not the file: each command opens the workspace, checks it and closes it, as in a
 * process of its own (a damaged file is refused untouched; a file another process wrote to is
 * read as it is now), and the results in memory are used only while the workspace's latest run is
 * the one they came from. It serves only its own build and environment, and ends after its idle
 * time, on `seam daemon stop`, SIGTERM or SIGINT.
 */
import { appendFileSync, chmodSync, lstatSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { parseCommandArgs } from '../args.js';
import { ANALYZE_OPTIONS, residentAnalyze, runAnalyze } from '../analyze-command.js';
import { reportCommandError } from '../command-error.js';
import { compactHeap } from '../heap.js';
import type { CommandIo, OutStream } from '../io.js';
import { buildId, daemonDir, daemonPaths, envDigest, idleMillis, type DaemonPaths } from './paths.js';
import { FRAME, MAX_REQUEST_BYTES, frame, parseRequest, type Request, type ResidentStatus } from './protocol.js';
import { InputError } from '../../shared/errors.js';

export async function runDaemon(workspaceArg: string, env: NodeJS.ProcessEnv): Promise<number> {
  const workspace = resolve(workspaceArg);
  const dir = daemonDir(env);
  if (dir === undefined) throw new InputError(`daemon: no private folder for the resident's socket (XDG_RUNTIME_DIR or the temporary folder has a seam-<uid> folder that is not this user's 0700 folder); remove it, or run without a resident (SEAM_DAEMON=0)`, 'usage');
  const paths = daemonPaths(dir, workspace);
  const build = buildId();
  const myEnv = envDigest(env);
  const log = (message: string): void => {
    try {
      appendFileSync(paths.log, `${new Date().toISOString()} pid ${process.pid}: ${message}\n`, { mode: 0o600 });
    } catch {
      // no log: nothing else to tell
    }
  };

  // read the workspace's latest run (checked, as every command checks it) before accepting anyone
  await residentAnalyze(workspace);
  compactHeap();

  const server = createServer();
  const listening = await listen(server, paths.socket);
  if (!listening) {
    log('another resident already serves this workspace; ending');
    return 0;
  }
  const socketIno = lstatSync(paths.socket).ino;
  chmodSync(paths.socket, 0o600);
  const status: ResidentStatus = { pid: process.pid, workspace, build, startedAt: new Date().toISOString(), served: 0 };
  writeInfo(paths, status);
  log(`serving ${workspace}`);

  let ended = false;
  let finish: (code: number) => void = () => undefined;
  const done = new Promise<number>((r) => (finish = r));
  const end = (why: string): void => {
    if (ended) return;
    ended = true;
    log(`ending: ${why}`);
    clearTimeout(idle);
    // the socket and info are ours only while the socket file is the one this process bound
    // (checked before closing the server, which removes its socket file)
    try {
      if (lstatSync(paths.socket).ino === socketIno) rmSync(paths.info, { force: true });
    } catch {
      // already gone
    }
    server.close();
    finish(0);
  };
  let idle = setTimeout(() => end('idle'), idleMillis(env));
  process.once('SIGTERM', () => end('SIGTERM'));
  process.once('SIGINT', () => end('SIGINT'));

  // one command at a time: the run kept in memory and the process's folder are shared
  let queue: Promise<void> = Promise.resolve();
  server.on('connection', (socket: Socket) => {
    readRequest(socket, (request) => {
      // status and stop answer at once, even while a run is under way
      if (request.kind !== 'analyze') return void serve(request, socket);
      queue = queue.then(async () => {
        if (ended) return void socket.destroy();
        clearTimeout(idle);
        try {
          await serve(request, socket);
        } catch (err) {
          log(`request failed: ${(err as Error).stack ?? String(err)}`);
          socket.destroy();
        }
        if (!ended) idle = setTimeout(() => end('idle'), idleMillis(env));
        // collect the run's garbage now, while the user reads the answer, not during the next run
        setImmediate(compactHeap);
      });
    });
  });

  const serve = async (request: Request, socket: Socket): Promise<void> => {
    const send = (type: (typeof FRAME)[keyof typeof FRAME], payload: string | Buffer): void => {
      if (!socket.destroyed) socket.write(frame(type, payload));
    };
    if (request.kind === 'status') {
      send(FRAME.status, JSON.stringify(status));
      socket.end();
      return;
    }
    if (request.kind === 'stop') {
      send(FRAME.exit, '0');
      socket.end();
      end('seam daemon stop');
      return;
    }
    if (request.build !== build) {
      decline(socket, 'build');
      end('a client of another build of Seam');
      return;
    }
    if (request.env !== myEnv) return decline(socket, 'env');
    let values: Record<string, unknown>;
    try {
      values = parseCommandArgs('analyze', request.argv, ANALYZE_OPTIONS).values;
    } catch {
      return decline(socket, 'arguments'); // the client's own run reports them
    }
    if (typeof values.workspace !== 'string' || resolve(request.cwd, values.workspace) !== workspace) return decline(socket, 'workspace');
    try {
      process.chdir(request.cwd);
    } catch {
      return decline(socket, 'cwd');
    }
    const stream = (type: typeof FRAME.stdout | typeof FRAME.stderr, shape: { isTTY: boolean }): OutStream => ({
      write: (text: string) => send(type, text),
      isTTY: shape.isTTY,
    });
    const io: CommandIo = {
      stdout: stream(FRAME.stdout, request.stdout),
      stderr: stream(FRAME.stderr, request.stderr),
      env,
      origin: { wallMs: request.startup.wallMs, cpuMs: request.startup.cpuMs, by: `the resident Seam, pid ${process.pid}` },
    };
    let code: number;
    try {
      code = await runAnalyze(request.argv, io);
    } catch (err) {
      code = reportCommandError('analyze', err, io.stderr);
    }
    status.served++;
    send(FRAME.exit, String(code));
    socket.end();
  };

  return done;
}

function decline(socket: Socket, why: string): void {
  if (!socket.destroyed) socket.write(frame(FRAME.declined, why));
  socket.end();
}

/** Read the request line; anything that is not one is dropped. */
function readRequest(socket: Socket, onRequest: (r: Request) => void): void {
  let text = '';
  const onData = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    const nl = text.indexOf('\n');
    if (nl < 0) {
      if (text.length > MAX_REQUEST_BYTES) socket.destroy();
      return;
    }
    socket.off('data', onData);
    const request = parseRequest(text.slice(0, nl));
    if (request) onRequest(request);
    else socket.destroy();
  };
  socket.on('data', onData);
  socket.on('error', () => socket.destroy());
}

/** Listen on the socket; a stale socket file (its resident died) is replaced, a live one is left alone (false). */
async function listen(server: Server, path: string): Promise<boolean> {
  const attempt = (): Promise<NodeJS.ErrnoException | undefined> =>
    new Promise((done) => {
      const onError = (err: NodeJS.ErrnoException): void => done(err);
      server.once('error', onError);
      server.listen(path, () => {
        server.off('error', onError);
        done(undefined);
      });
    });
  let err = await attempt();
  if (err?.code === 'EADDRINUSE' && !(await answers(path))) {
    rmSync(path, { force: true });
    err = await attempt();
  }
  if (err?.code === 'EADDRINUSE') return false;
  if (err) throw err;
  return true;
}

function answers(path: string): Promise<boolean> {
  return new Promise((done) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      done(true);
    });
    s.once('error', () => done(false));
  });
}

function writeInfo(paths: DaemonPaths, status: ResidentStatus): void {
  const tmp = `${paths.info}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(status), { mode: 0o600 });
  renameSync(tmp, paths.info);
}

/** `seam daemon status|stop|run`: the resident Seams that keep workspaces warm for `seam analyze`. */
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../shared/errors.js';
import { escapeForTerminal } from '../shared/terminal-text.js';
import { parseCommandArgs, type OptionSpec } from './args.js';
import { connectTo } from './daemon/client.js';
import { daemonAllowed, daemonDir, daemonPaths, DEFAULT_IDLE_SECONDS } from './daemon/paths.js';
import { FRAME, FrameReader, type ResidentStatus } from './daemon/protocol.js';

export const daemonHelp = `Usage: seam daemon status
       seam daemon stop [workspace]
       seam daemon run <workspace>

A resident Seam keeps one workspace open, with its last run's results in memory, and runs the
'seam analyze --workspace' commands of this user for it: a re-analysis after an edit then skips
Node's start-up and reading every file's results back from the workspace. 'seam analyze' starts
one in the background after a run in its own process (not in CI, not on Windows, not with
SEAM_DAEMON=0 or --no-daemon). It listens on a Unix socket in a folder only you can enter
($XDG_RUNTIME_DIR/seam-<uid>, else the temporary folder), serves only the same build of Seam, and
ends after ${DEFAULT_IDLE_SECONDS / 60} idle minutes (SEAM_DAEMON_IDLE_SECONDS sets another time).

  status              list this user's residents: pid, workspace, runs served, since when
  stop [workspace]    end the resident of a workspace, or every resident
  run <workspace>     be the resident of a workspace, in this process (what analyze starts)
`;

const OPTIONS: OptionSpec = {};

/** Ask the resident listening at `socket` one thing; undefined when no one answers (within 5 s of connecting). */
async function ask(socket: string, kind: 'status' | 'stop'): Promise<ResidentStatus | true | undefined> {
  const s = await connectTo(socket);
  if (!s) return undefined;
  return new Promise((done) => {
    const timer = setTimeout(() => settle(undefined), 5000);
    const settle = (v: ResidentStatus | true | undefined): void => {
      clearTimeout(timer);
      s.destroy();
      done(v);
    };
    const reader = new FrameReader((type, body) => {
      if (type === FRAME.status) {
        try {
          settle(JSON.parse(body.toString('utf8')) as ResidentStatus);
        } catch {
          settle(undefined);
        }
      } else if (type === FRAME.exit) settle(true);
    });
    s.on('data', (chunk: Buffer) => reader.push(chunk));
    s.once('error', () => settle(undefined));
    s.once('close', () => settle(undefined));
    s.write(`${JSON.stringify({ kind })}\n`);
  });
}

interface Known {
  socket: string;
  info: string;
  status: ResidentStatus | undefined;
}

/** The residents with an info file in the folder, asked for their status (stale files of dead ones are removed). */
async function residents(dir: string): Promise<Known[]> {
  const out: Known[] = [];
  for (const name of readdirSync(dir).filter((n) => /^[0-9a-f]{16}\.json$/.test(n)).sort()) {
    const info = join(dir, name);
    const socket = join(dir, name.replace(/\.json$/, '.sock'));
    const answer = await ask(socket, 'status');
    if (answer === undefined || answer === true) {
      rmSync(info, { force: true });
      continue;
    }
    out.push({ socket, info, status: answer });
  }
  return out;
}

export async function runDaemonCommand(argv: readonly string[]): Promise<number> {
  const { positionals } = parseCommandArgs('daemon', argv, OPTIONS);
  const [action, target, ...extra] = positionals;
  if (extra.length > 0 || (action !== 'status' && action !== 'stop' && action !== 'run')) {
    throw new InputError(`daemon: expected 'status', 'stop [workspace]' or 'run <workspace>'; run 'seam daemon --help'`, 'usage');
  }
  const allowed = daemonAllowed(process.env);
  if (action === 'run') {
    if (target === undefined) throw new InputError(`daemon run: name the workspace file`, 'usage');
    if (allowed.off !== undefined) throw new InputError(`daemon run: no resident Seam here (${allowed.off})`, 'usage');
    const { runDaemon } = await import('./daemon/server.js');
    return runDaemon(target, process.env);
  }
  if (allowed.off !== undefined && allowed.off === 'not on Windows') {
    process.stdout.write(`seam daemon: no resident Seams on Windows\n`);
    return 0;
  }
  const dir = daemonDir(process.env);
  if (dir === undefined) throw new InputError(`daemon: the folder for residents' sockets is not this user's private folder; see 'seam daemon --help'`, 'usage');
  if (action === 'status') {
    if (target !== undefined) throw new InputError(`daemon status takes no argument`, 'usage');
    const all = await residents(dir);
    if (all.length === 0) process.stdout.write(`seam daemon: no resident Seam is running${allowed.off ? ` (and none will start: ${allowed.off})` : ''}\n`);
    for (const r of all) {
      const s = r.status!;
      process.stdout.write(`pid ${s.pid}  ${escapeForTerminal(s.workspace)}  ${s.served} run${s.served === 1 ? '' : 's'} served  since ${s.startedAt}\n`);
    }
    return 0;
  }
  const wanted = target === undefined ? undefined : resolve(target);
  const all = wanted === undefined ? await residents(dir) : [{ socket: daemonPaths(dir, wanted).socket, info: daemonPaths(dir, wanted).info, status: undefined }];
  let stopped = 0;
  for (const r of all) {
    const label = r.status?.workspace ?? wanted!;
    if ((await ask(r.socket, 'stop')) === true) {
      stopped++;
      process.stdout.write(`seam daemon: stopped the resident Seam of ${escapeForTerminal(label)}\n`);
    } else if (wanted !== undefined) process.stdout.write(`seam daemon: no resident Seam for ${escapeForTerminal(label)}\n`);
  }
  if (wanted === undefined && stopped === 0) process.stdout.write(`seam daemon: no resident Seam is running\n`);
  return 0;
}

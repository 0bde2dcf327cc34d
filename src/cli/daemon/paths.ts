/**
 * Where the resident Seam of a workspace listens, and when a command may use one. Loaded by every
 * `seam analyze` before anything heavy, so it imports Node built-ins only.
 *
 * One resident per workspace file, listening on a Unix socket in a folder only this user can
 * enter (`$XDG_RUNTIME_DIR/seam-<uid>`, else `<tmpdir>/seam-<uid>`, mode 0700). A folder that is a
 * link, belongs to someone else or lets others in is never used: the command then runs in its own
 * process. Not on Windows (named pipes are open to every local user by default).
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEAM_VERSION } from '../../shared/version.js';

/** A resident with no request for this long ends itself (SEAM_DAEMON_IDLE_SECONDS overrides). */
export const DEFAULT_IDLE_SECONDS = 15 * 60;

/** The environment variables that change what an analysis reads (git's configuration and binary, Node's flags). */
const ENV_THAT_MATTERS = ['PATH', 'HOME', 'XDG_CONFIG_HOME', 'NODE_OPTIONS'] as const;

export interface DaemonEnvChoice {
  /** why a resident is not used, or undefined when it may be */
  off?: string;
}

/** Whether this environment allows a resident: not on Windows, not in CI, not turned off. */
export function daemonAllowed(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): DaemonEnvChoice {
  if (platform === 'win32') return { off: 'not on Windows' };
  if (env.SEAM_DAEMON === '0' || env.SEAM_DAEMON === 'false') return { off: 'SEAM_DAEMON=0' };
  if (env.CI && env.CI !== '0' && env.CI !== 'false') return { off: 'CI is set' };
  if (typeof process.getuid !== 'function') return { off: 'no user id on this platform' };
  return {};
}

/**
 * The folder of this user's residents, created 0700 when missing; undefined when it exists but
 * is not safe (a link, someone else's, open to others).
 */
export function daemonDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const uid = process.getuid!();
  const base = env.XDG_RUNTIME_DIR && env.XDG_RUNTIME_DIR.startsWith('/') ? env.XDG_RUNTIME_DIR : tmpdir();
  const dir = join(base, `seam-${uid}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o077) !== 0) return undefined;
  } catch {
    return undefined;
  }
  return dir;
}

export interface DaemonPaths {
  socket: string;
  /** `{ pid, workspace, build, started }` of the resident listening there */
  info: string;
  /** the resident's own log (its errors; it has no terminal) */
  log: string;
}

/** The files of the resident of `workspace` (an absolute path) in `dir`. */
export function daemonPaths(dir: string, workspace: string): DaemonPaths {
  const id = createHash('sha256').update(workspace).digest('hex').slice(0, 16);
  return { socket: join(dir, `${id}.sock`), info: join(dir, `${id}.json`), log: join(dir, `${id}.log`) };
}

/**
 * This Seam's build: its version, the Node running it, and when its compiled files were written.
 * A client and a resident of different builds never talk (a rebuilt Seam must not be answered by
 * the code it replaced).
 */
export function buildId(): string {
  const here = fileURLToPath(import.meta.url);
  const stamps = ['../main.js', '../../../analyzers/extract.js', '../../host/workspace-ops.js', '../../decompose/coupling-graph.js'].map((rel) => {
    try {
      const st = statSync(join(here, '..', rel));
      return `${st.size}:${st.mtimeMs}`;
    } catch {
      return '-';
    }
  });
  return createHash('sha256').update([SEAM_VERSION, process.version, process.execPath, ...stamps].join('\n')).digest('hex').slice(0, 16);
}

/** A digest of the environment variables that change an analysis: a resident only serves clients with the same. */
export function envDigest(env: NodeJS.ProcessEnv): string {
  return createHash('sha256').update(ENV_THAT_MATTERS.map((k) => `${k}=${env[k] ?? ''}`).join('\0')).digest('hex').slice(0, 16);
}

/** The idle time after which a resident ends, in milliseconds. */
export function idleMillis(env: NodeJS.ProcessEnv): number {
  const s = Number(env.SEAM_DAEMON_IDLE_SECONDS);
  return (Number.isFinite(s) && s > 0 ? s : DEFAULT_IDLE_SECONDS) * 1000;
}

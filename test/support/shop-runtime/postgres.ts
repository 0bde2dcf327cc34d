/**
 * A throwaway PostgreSQL cluster for the runtime tests: `initdb` into a temp folder, one `postgres`
 * process on a free port of 127.0.0.1, stopped and deleted by `stop()`. No system service, no fixed port.
 * PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user (Debian's package
 * creates it) and its folder belongs to that user.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './process.js';

export interface PostgresServer {
  /** connection URL of the cluster's `postgres` database (user postgres, trust auth, 127.0.0.1) */
  adminUrl: string;
  host: string;
  port: number;
  /** the folder holding initdb, postgres and psql */
  binDir: string;
  /** stdout and stderr of the server so far */
  logs(): string;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  "shop-runtime: PostgreSQL server binaries (initdb, postgres, psql) not found under /usr/lib/postgresql/*/bin or $SEAM_PG_BIN; install Debian's postgresql package: apt-get install -y postgresql";

/** The newest /usr/lib/postgresql/<major>/bin that has a server, or $SEAM_PG_BIN. Throws with the install hint. */
export function findPostgresBin(): string {
  const candidates: string[] = [];
  if (process.env.SEAM_PG_BIN) candidates.push(process.env.SEAM_PG_BIN);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const majors = readdirSync(root)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...majors.map((major) => join(root, major, 'bin')));
  }
  const found = candidates.find((dir) => ['initdb', 'postgres', 'psql'].every((tool) => existsSync(join(dir, tool))));
  if (!found) throw new Error(INSTALL_HINT);
  return found;
}

/** Runs `argv` as the postgres user when we are root (PostgreSQL will not run as root), else as ourselves. */
function asPostgresUser(argv: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', ...argv]] : [argv[0]!, argv.slice(1)];
}

function postgresOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export async function startPostgres(): Promise<PostgresServer> {
  const binDir = findPostgresBin();
  const root = mkdtempSync(join(tmpdir(), 'seam-pg-'));
  const dataDir = join(root, 'data');
  const owner = postgresOwner();
  if (owner) chownSync(root, owner.uid, owner.gid);

  const [initCmd, initArgs] = asPostgresUser([
    join(binDir, 'initdb'), '-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '--no-instructions', '-E', 'UTF8', '--locale=C',
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`shop-runtime: initdb failed (exit ${init.status}): ${init.stderr || init.stdout}`);
  }

  const host = '127.0.0.1';
  const port = await freePort();
  const [cmd, args] = asPostgresUser([
    join(binDir, 'postgres'), '-D', dataDir, '-p', String(port), '-k', root, '-c', `listen_addresses=${host}`,
    // a throwaway cluster: durability buys nothing here
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
  ]);
  const server: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((done) => server.once('exit', () => ((exited = true), done())));

  const stop = async (): Promise<void> => {
    if (!exited) {
      // runuser may not pass signals on: signal the postmaster itself (fast shutdown)
      const pidFile = join(dataDir, 'postmaster.pid');
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : server.pid;
      try {
        if (pid) process.kill(pid, 'SIGINT');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    }
    rmSync(root, { recursive: true, force: true });
  };

  const ready = await waitFor(() => {
    if (exited) return 'exited';
    const probe = spawnSync(join(binDir, 'pg_isready'), ['-h', host, '-p', String(port), '-U', 'postgres'], { encoding: 'utf8' });
    return probe.status === 0 ? 'ready' : undefined;
  }, 30_000);
  if (ready !== 'ready') {
    await stop();
    throw new Error(`shop-runtime: postgres did not start (${ready ?? 'timed out'}):\n${output}`);
  }
  return { adminUrl: `postgres://postgres@${host}:${port}/postgres`, host, port, binDir, logs: () => output, stop };
}

/** Runs SQL through psql against `url`, stopping at the first error. */
export function psql(server: PostgresServer, url: string, input: { sql?: string; files?: string[] }): void {
  const args = [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1'];
  for (const file of input.files ?? []) args.push('-f', file);
  if (input.sql) args.push('-c', input.sql);
  const r = spawnSync(join(server.binDir, 'psql'), args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`shop-runtime: psql failed (exit ${r.status}): ${r.stderr}`);
}

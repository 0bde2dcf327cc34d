/** Run the real `seam` bin in a child process, as a user or CI would. */
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const SEAM_BIN = join(import.meta.dirname, '..', '..', 'bin', 'seam.js');

export interface SeamRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `timeout` (ms, default 120 s) kills a run that hangs: its `code` is then -1. */
export function runSeam(args: string[], opts: { cwd?: string; env?: Record<string, string>; timeout?: number } = {}): SeamRun {
  const r = spawnSync(process.execPath, [SEAM_BIN, ...args], {
    cwd: opts.cwd ?? process.cwd(),
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
    maxBuffer: 256 * 1024 * 1024,
    timeout: opts.timeout ?? 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The same as `runSeam`, without blocking: independent runs can go side by side (the CLI's start-up dominates a run that fails on a flag). */
export function runSeamAsync(args: string[], opts: { cwd?: string; env?: Record<string, string>; timeout?: number } = {}): Promise<SeamRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [SEAM_BIN, ...args],
      { cwd: opts.cwd ?? process.cwd(), encoding: 'utf8', env: { ...process.env, ...opts.env }, maxBuffer: 256 * 1024 * 1024, timeout: opts.timeout ?? 120_000, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' && !err.killed ? err.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

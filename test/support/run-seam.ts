/** Run the real `seam` bin in a child process, as a user or CI would. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const SEAM_BIN = join(import.meta.dirname, '..', '..', 'bin', 'seam.js');

export interface SeamRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runSeam(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): SeamRun {
  const r = spawnSync(process.execPath, [SEAM_BIN, ...args], {
    cwd: opts.cwd ?? process.cwd(),
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

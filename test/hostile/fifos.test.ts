/**
 * Issue 14, point 4, hostile input: a FIFO where Seam reads a file. Opening a FIFO blocks until
 * something writes into it, so a pull request that commits one (git stores FIFOs only as their
 * absence, but a CI step, a cache restore or a checked-out tarball can make one) would hang the
 * gate. Every file Seam opens by default or by flag is refused with exit 2 instead, without
 * blocking and without touching it: the plan, the baseline, the workspace (.seam/workspace.db,
 * for serve, scenario, edit, analyze and check --workspace) and --weights.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plantedCopy } from '../check/helpers.js';
import { runSeam, runSeamAsync, type SeamRun } from '../support/run-seam.js';

const mkfifo = (path: string): string => {
  execFileSync('mkfifo', [path]);
  return path;
};
/** A run that blocks on a FIFO is killed at the timeout: its code is then -1. */
const run = (args: string[], cwd: string): Promise<SeamRun> => runSeamAsync(args, { cwd, timeout: 30_000 });

describe('a FIFO in place of a file seam check reads by default', () => {
  it('seam.plan.json: exit 2 naming the plan, without blocking', async () => {
    const dir = plantedCopy();
    rmSync(join(dir, 'seam.plan.json'));
    mkfifo(join(dir, 'seam.plan.json'));
    expect(await run(['check', '.'], dir)).toEqual({ code: 2, stdout: '', stderr: `seam check: plan ${join(dir, 'seam.plan.json')} is not a regular file (a folder, FIFO or device); pass a file\n` });
  });

  it('seam.baseline.json beside the plan: exit 2 naming the baseline, without blocking', async () => {
    const dir = plantedCopy();
    mkfifo(join(dir, 'seam.baseline.json'));
    expect(await run(['check', '.'], dir)).toEqual({ code: 2, stdout: '', stderr: `seam check: baseline ${join(dir, 'seam.baseline.json')} is not a regular file (a folder, FIFO or device); pass a file\n` });
  });
});

describe('a FIFO at .seam/workspace.db', () => {
  const notAFile = (dir: string): string => `workspace: ${join(dir, '.seam', 'workspace.db')} is not a regular file (a FIFO or a device); Seam left it untouched`;

  it('does not reach a plain seam check, which reads no workspace: the usual verdict', async () => {
    const clean = runSeam(['check', '.', '-f', 'json'], { cwd: plantedCopy() });
    const dir = plantedCopy();
    mkdirSync(join(dir, '.seam'));
    mkfifo(join(dir, '.seam', 'workspace.db'));
    const r = await run(['check', '.', '-f', 'json'], dir);
    expect(r.code).toBe(1);
    expect(r).toEqual(clean);
  });

  it('is refused with exit 2 by every command that opens a workspace (serve, scenario show, edit, analyze and check --workspace), and left as it was', async () => {
    const dir = plantedCopy();
    mkdirSync(join(dir, '.seam'));
    const ws = mkfifo(join(dir, '.seam', 'workspace.db'));
    const commands: Array<[string, string[]]> = [
      ['serve', ['serve', '.', '--no-open', '--port', '0', '--no-history']],
      ['scenario', ['scenario', 'show', '-w', '.seam/workspace.db']],
      ['edit', ['edit', '.seam/workspace.db', 'rename', 'billing', 'payments']],
      ['analyze', ['analyze', '.', '--workspace', '.seam/workspace.db', '--no-history']],
      ['check', ['check', '.', '--workspace', '.seam/workspace.db']],
    ];
    const runs = await Promise.all(commands.map(([, args]) => run(args, dir)));
    expect(runs.map((r, i) => ({ name: commands[i]![0], code: r.code, refused: r.stderr.includes(`seam ${commands[i]![0]}: ${notAFile(dir)}`) }))).toEqual(
      commands.map(([name]) => ({ name, code: 2, refused: true })),
    );
    expect(lstatSync(ws).isFIFO()).toBe(true);
    expect(readdirSync(join(dir, '.seam'))).toEqual(['workspace.db']);
  });
});

describe('a FIFO named by --weights', () => {
  it('is refused with exit 2, without blocking', async () => {
    const dir = plantedCopy();
    const weights = mkfifo(join(dir, 'weights.json'));
    expect(await run(['analyze', '.', '--no-history', '--weights', weights], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: `seam analyze: --weights: ${weights} is not a regular file; pass a JSON file\n`,
    });
  });
});

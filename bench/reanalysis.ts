/**
 * Incremental re-analysis: analyze a repository into a fresh workspace (cold), then change one
 * file and analyze again (warm: only the changed file is parsed; every other file's results are
 * reused). Each warm figure is the median of `runs` one-file edits, four ways:
 * - warmSeconds: in the app's session (the host keeps the workspace open between analyses);
 * - warmReopenSeconds: in-process, opening the workspace and reading every stored result back;
 * - warmCliSeconds: `seam analyze --workspace` in a new process that runs it itself (--no-daemon:
 *   Node start-up, module loading, reading the workspace back and writing the document included);
 * - warmResidentSeconds: the same command, handed to the workspace's resident Seam (what a user
 *   gets from the second run on, outside CI): the new process's start-up, the run in the
 *   resident, and the document written, all included.
 * The edit appends a line to a module in the middle of the list. A second edit kind, timed as a new
 * process too (warmCliShiftSeconds, warmResidentShiftSeconds), inserts a comment line at the top of
 * a module with data access: every finding of that file moves down a line, as most real edits do.
 * The repository is restored afterwards, and the resident stopped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeInto, analyzeIntoWorkspace, closeWorkspace, openWorkspace } from '../src/host/workspace-ops.js';
import { median } from './measure.js';

export interface ReanalysisBench {
  modules: number;
  coldSeconds: number;
  warmSeconds: number;
  warmReopenSeconds: number;
  /** files parsed by each warm run (1 when incremental analysis works) */
  warmParsed: number;
  warmCliSeconds: number;
  /** a new process after a comment line is inserted at the top of a module with data access (its findings' lines move) */
  warmCliShiftSeconds?: number;
  /** the module that edit went to */
  shiftTarget?: string;
  /** handed to the resident Seam (undefined where there is none: Windows) */
  warmResidentSeconds?: number;
  warmResidentShiftSeconds?: number;
  /** the outputs of the resident's runs were byte-identical to the own-process runs' of the same edits */
  residentSameOutput?: boolean;
}

const SEAM = join(import.meta.dirname, '..', '..', 'bin', 'seam.js');

/** Wait until the resident has read the workspace and listens (its info file is written then). */
async function residentListening(env: NodeJS.ProcessEnv): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const r = spawnSync(process.execPath, [SEAM, 'daemon', 'status'], { encoding: 'utf8', env });
    if (/pid \d+ /.test(r.stdout)) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error('the resident Seam did not come up within a minute');
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

export async function benchReanalysis(dir: string, runs = 3): Promise<ReanalysisBench> {
  const scratch = mkdtempSync(join(tmpdir(), 'seam-reanalysis-'));
  const workspace = join(scratch, 'workspace.db');
  const touched = new Map<string, string>();
  const ws = await openWorkspace(workspace, { create: true });
  try {
    let t = process.hrtime.bigint();
    const cold = await analyzeInto(ws, dir);
    const coldSeconds = seconds(t);

    const modules = cold.facts.modules.map((m) => m.path);
    const target = join(dir, modules[Math.floor(modules.length / 2)]!);
    touched.set(target, readFileSync(target, 'utf8'));
    let edits = 0;
    // the resident's sockets in a folder of this bench's own; every own-process run says --no-daemon
    const env = { ...process.env, SEAM_DAEMON: '1', CI: '', XDG_RUNTIME_DIR: scratch };
    const cliRun = (into: number[], how: 'own' | 'resident' = 'own', out = 'facts.json'): string => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [SEAM, 'analyze', dir, '--workspace', workspace, '--out', join(scratch, out), ...(how === 'own' ? ['--no-daemon'] : ['--timings'])], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env });
      into.push(seconds(t0));
      if (r.status !== 0) throw new Error(`seam analyze --workspace exited ${String(r.status)}: ${r.stderr.slice(-2000)}`);
      if (how === 'resident' && !r.stderr.includes('run by the resident Seam')) throw new Error(`seam analyze --workspace was not handed to the resident: ${r.stderr.slice(-2000)}`);
      return readFileSync(join(scratch, out), 'utf8');
    };
    const touch = () => writeFileSync(target, `${touched.get(target)!}\nexport const seamBenchTouch${++edits} = ${edits};\n`);

    const session: number[] = [];
    const reopen: number[] = [];
    const cli: number[] = [];
    const shifted: number[] = [];
    let warmParsed = 0;
    for (let i = 1; i <= runs; i++) {
      touch();
      t = process.hrtime.bigint();
      const run = await analyzeInto(ws, dir);
      session.push(seconds(t));
      warmParsed = Math.max(warmParsed, run.parsedCount);
    }
    closeWorkspace(ws);
    for (let i = 1; i <= runs; i++) {
      touch();
      t = process.hrtime.bigint();
      const run = await analyzeIntoWorkspace(dir, { workspace });
      reopen.push(seconds(t));
      warmParsed = Math.max(warmParsed, run.parsedCount);
    }
    for (let i = 1; i <= runs; i++) {
      touch();
      cliRun(cli);
    }
    // lines inserted above a file's findings: a module with data access, in the middle of their list
    const queried = [...new Set(cold.facts.dataAccess.map((d) => d.module))].sort();
    const shiftTarget = queried[Math.floor(queried.length / 2)];
    if (shiftTarget !== undefined) {
      const file = join(dir, shiftTarget);
      if (!touched.has(file)) touched.set(file, readFileSync(file, 'utf8'));
      for (let i = 1; i <= runs; i++) {
        writeFileSync(file, `${'// seam bench: a line inserted above\n'.repeat(i)}${touched.get(file)!}`);
        cliRun(shifted);
      }
    }
    // the resident: started the way analyze starts it, after a run in its own process
    let resident: Pick<ReanalysisBench, 'warmResidentSeconds' | 'warmResidentShiftSeconds' | 'residentSameOutput'> = {};
    if (process.platform !== 'win32') {
      const start = spawnSync(process.execPath, [SEAM, 'analyze', dir, '--workspace', workspace, '--out', join(scratch, 'facts.json')], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env });
      if (start.status !== 0 || !start.stderr.includes('started a resident Seam')) throw new Error(`no resident Seam started: ${start.stderr.slice(-2000)}`);
      await residentListening(env);
      const handed: number[] = [];
      const handedShift: number[] = [];
      let last = '';
      for (let i = 1; i <= runs; i++) {
        touch();
        last = cliRun(handed, 'resident', 'resident.json');
      }
      if (shiftTarget !== undefined) {
        const file = join(dir, shiftTarget);
        for (let i = 1; i <= runs; i++) {
          writeFileSync(file, `${'// seam bench: a line inserted above (resident)\n'.repeat(i)}${touched.get(file)!}`);
          last = cliRun(handedShift, 'resident', 'resident.json');
        }
      }
      spawnSync(process.execPath, [SEAM, 'daemon', 'stop', workspace], { stdio: 'ignore', env });
      // the same tree once more, in a process of its own: the same document
      const same = last === cliRun([], 'own');
      resident = { warmResidentSeconds: median(handed), ...(shiftTarget !== undefined ? { warmResidentShiftSeconds: median(handedShift) } : {}), residentSameOutput: same };
    }
    return {
      modules: modules.length, coldSeconds, warmSeconds: median(session), warmReopenSeconds: median(reopen), warmParsed, warmCliSeconds: median(cli),
      ...(shiftTarget !== undefined ? { warmCliShiftSeconds: median(shifted), shiftTarget } : {}),
      ...resident,
    };
  } finally {
    if (ws.store.db.open) closeWorkspace(ws);
    for (const [file, text] of touched) writeFileSync(file, text);
    rmSync(scratch, { recursive: true, force: true });
  }
}

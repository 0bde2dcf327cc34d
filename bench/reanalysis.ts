/**
 * Incremental re-analysis: analyze a repository into a fresh workspace (cold), then change one
 * file and analyze again (warm: only the changed file is parsed; every other file's results are
 * reused). Each warm figure is the median of `runs` one-file edits, three ways:
 * - warmSeconds: in the app's session (the host keeps the workspace open between analyses);
 * - warmReopenSeconds: in-process, opening the workspace and reading every stored result back;
 * - warmCliSeconds: `seam analyze --workspace` in a new process (Node start-up, module loading
 *   and writing the facts to a file included).
 * The edit appends a line to a module in the middle of the list. A second edit kind, timed as a new
 * process too (warmCliShiftSeconds), inserts a comment line at the top of a module with data
 * access: every finding of that file moves down a line, as most real edits do.
 * The repository is restored afterwards.
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
}

const SEAM = join(import.meta.dirname, '..', '..', 'bin', 'seam.js');

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
    const cliRun = (into: number[]): void => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [SEAM, 'analyze', dir, '--workspace', workspace, '--out', join(scratch, 'facts.json')], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
      into.push(seconds(t0));
      if (r.status !== 0) throw new Error(`seam analyze --workspace exited ${String(r.status)}: ${r.stderr.slice(-2000)}`);
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
    return {
      modules: modules.length, coldSeconds, warmSeconds: median(session), warmReopenSeconds: median(reopen), warmParsed, warmCliSeconds: median(cli),
      ...(shiftTarget !== undefined ? { warmCliShiftSeconds: median(shifted), shiftTarget } : {}),
    };
  } finally {
    if (ws.store.db.open) closeWorkspace(ws);
    for (const [file, text] of touched) writeFileSync(file, text);
    rmSync(scratch, { recursive: true, force: true });
  }
}

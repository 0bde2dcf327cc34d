/**
 * `seam check` fails closed and trusts only the repository's content: a folder with nothing to
 * check or a plan that claims nothing is exit 2 (not a pass); a workspace is read only when named
 * with --workspace, so a workspace a pull request planted or doctored cannot change the verdict
 * of a plain `seam check`; plan and baseline files that are FIFOs are refused without blocking.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runSeam, type SeamRun } from '../support/run-seam.js';
import { PLANTED, plantedCopy } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'seam-fail-closed-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const lastLine = (r: SeamRun): string => r.stdout.trimEnd().split('\n').pop() ?? '';

describe('seam check fails closed', () => {
  it('exits 2 on a folder without TypeScript, with or without a plan', () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'README.md'), '# not code\n');
    const withPlan = runSeam(['check', empty, '--plan', join(PLANTED, 'seam.plan.json')]);
    expect(withPlan).toEqual({
      code: 2,
      stdout: '',
      stderr: `seam check: no TypeScript or JavaScript module to check in ${empty}; run seam check in the repository the plan is about (the gate fails closed)\n`,
    });
    const withoutPlan = runSeam(['check', empty]);
    expect(withoutPlan.code).toBe(2);
    expect(withoutPlan.stderr).toBe(`seam check: no plan at ${join(empty, 'seam.plan.json')}; write one with 'seam plan accept ${empty} --out ${join(empty, 'seam.plan.json')}', or pass --plan <file>\n`);
  });

  it('exits 2 when no glob of the plan matches a module', () => {
    writeFileSync(join(tmp, 'elsewhere.plan.json'), readFileSync(join(PLANTED, 'seam.plan.json'), 'utf8').replaceAll('"src/', '"lib/'));
    const repo = join(process.cwd(), PLANTED);
    const r = runSeam(['check', repo, '--plan', 'elsewhere.plan.json'], { cwd: tmp });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `seam check: no glob of elsewhere.plan.json matches a module of ${repo}: it is not this repository's plan, or the code moved; re-accept it with 'seam plan accept' (the gate fails closed)\n`,
    });
  });

  it('exits 2 when the include globs the plan records match no module (0 modules used to be "the plan holds", exit 0)', () => {
    const plan = JSON.parse(readFileSync(join(PLANTED, 'seam.plan.json'), 'utf8')) as { analysis: { include: string[] } };
    plan.analysis.include = ['lib/**'];
    writeFileSync(join(tmp, 'include.plan.json'), JSON.stringify(plan, null, 2));
    const repo = join(process.cwd(), PLANTED);
    const r = runSeam(['check', repo, '--plan', 'include.plan.json'], { cwd: tmp });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `seam check: no TypeScript or JavaScript module to check in ${repo} matching lib/**; run seam check in the repository the plan is about (the gate fails closed)\n`,
    });
  });

  it('refuses a relative --plan or --baseline that is a FIFO, without blocking', () => {
    const dir = plantedCopy();
    execFileSync('mkfifo', [join(dir, 'plan.fifo')]);
    const plan = runSeam(['check', '--plan', 'plan.fifo'], { cwd: dir, timeout: 30_000 });
    expect(plan).toEqual({ code: 2, stdout: '', stderr: `seam check: plan ${join(dir, 'plan.fifo')} is not a regular file (a folder, FIFO or device); pass a file\n` });
    const baseline = runSeam(['check', '--baseline', 'plan.fifo'], { cwd: dir, timeout: 30_000 });
    expect(baseline).toEqual({ code: 2, stdout: '', stderr: `seam check: baseline ${join(dir, 'plan.fifo')} is not a regular file (a folder, FIFO or device); pass a file\n` });
  });
});

describe('seam check reads no workspace unless named', () => {
  it('checks normally beside a garbage .seam/workspace.db it never opens', () => {
    const clean = runSeam(['check', '.', '-f', 'json'], { cwd: plantedCopy() });
    const dir = plantedCopy();
    mkdirSync(join(dir, '.seam'));
    writeFileSync(join(dir, '.seam', 'workspace.db'), 'not a database\n');
    const r = runSeam(['check', '.', '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r).toEqual(clean);
    expect(readFileSync(join(dir, '.seam', 'workspace.db'), 'utf8')).toBe('not a database\n');
  });

  it('is not fooled by a doctored workspace: a changed file carrying its old, clean cached result', () => {
    const dir = plantedCopy();
    const ws = join(dir, '.seam', 'workspace.db');
    // a plan the code keeps, and a workspace recording the code as it is
    expect(runSeam(['plan', 'accept', '.', '--out', 'seam.plan.json', '--force', '--no-history'], { cwd: dir }).code).toBe(0);
    expect(runSeam(['check', '.'], { cwd: dir }).code).toBe(0);
    expect(runSeam(['analyze', '.', '--workspace', ws, '--no-history', '--format', 'json'], { cwd: dir }).code).toBe(0);

    // the pull request: catalog reaches into orders' repository, which the plan forbids ...
    const file = 'src/catalog/api.ts';
    appendFileSync(join(dir, file), "\nimport { findOrderRow } from '../orders/order-repository';\n\nexport const lookupOrder = findOrderRow;\n");
    // ... and the workspace says the new content parsed to the old, clean result
    const newHash = createHash('sha256').update(readFileSync(join(dir, file))).digest('hex').slice(0, 16);
    const db = new Database(ws);
    try {
      const run = db.prepare('SELECT max(id) FROM runs').pluck().get() as number;
      const oldHash = db.prepare('SELECT hash FROM run_files WHERE run_id = ? AND path = ?').pluck().get(run, file) as string;
      expect(oldHash).not.toBe(newHash);
      // a stored result is its JSON, a newline, then its locals' JSON
      const text = db.prepare('SELECT result FROM file_results WHERE path = ? AND hash = ?').pluck().get(file, oldHash) as string;
      const cut = text.indexOf('\n');
      const cached = JSON.parse(text.slice(0, cut)) as { module: { hash: string } };
      cached.module.hash = newHash;
      db.prepare('UPDATE run_files SET hash = ? WHERE run_id = ? AND path = ?').run(newHash, run, file);
      db.prepare('UPDATE file_results SET hash = ?, result = ? WHERE path = ? AND hash = ?').run(newHash, `${JSON.stringify(cached)}${text.slice(cut)}`, file, oldHash);
    } finally {
      db.close();
    }

    const plain = runSeam(['check', '.'], { cwd: dir });
    expect(plain.stderr).toBe('');
    expect(plain.stdout).toContain(`${file}:11  error  undeclared-dependency\n  products imports src/orders/order-repository.ts (findOrderRow) at run time, but products does not depend on orders\n`);
    expect(lastLine(plain)).toBe('seam check: 2 new errors, 1 new warning (13 modules, 3 services, plan seam.plan.json)');
    expect(plain.code).toBe(1);

    // named, the workspace is trusted, as the warning says: the doctored result hides the import
    const trusting = runSeam(['check', '.', '--workspace', '.seam/workspace.db'], { cwd: dir });
    expect(trusting.stderr).toBe(
      'seam check: warning: .seam/workspace.db lies inside the checked-out tree; a pull request can change it, so this verdict trusts it (leave --workspace out in CI)\n' +
        'seam check: reused 13 of 13 files from .seam/workspace.db, parsed 0\n',
    );
    expect(trusting.stdout).not.toContain('undeclared-dependency');
    expect(lastLine(trusting)).toBe('seam check: 0 new errors, 1 new warning (13 modules, 3 services, plan seam.plan.json)');
    expect(trusting.code).toBe(0);
  });
});

/**
 * Issue 14, point 12: a folder with no TypeScript or JavaScript module (empty, or only other
 * languages) is exit 2 with a word about it on every command that would otherwise produce a
 * result of nothing: an analysis of 0 modules, an export of empty skeletons, a plan of no
 * services. (seam check: test/check/fail-closed.test.ts; seam init: test/cli/init.test.ts.)
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTree } from '../../analyzers/testing.js';
import { runSeamAsync } from '../support/run-seam.js';

const tmp = mkdtempSync(join(tmpdir(), 'seam-empty-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const empty = join(tmp, 'empty');
writeTree(empty, { 'README.md': '# nothing here yet\n' });
const python = join(tmp, 'python');
writeTree(python, { 'package.json': JSON.stringify({ name: 'tools', private: true }), 'app/main.py': 'print("hello")\n', 'tsconfig.json': '{}' });

describe('a repository without TypeScript or JavaScript', () => {
  it.each([
    ['empty', empty],
    ['with only Python', python],
  ])('%s: analyze, export and plan accept exit 2 naming the folder, and write nothing', async (_name, dir) => {
    const out = join(tmp, `out-${_name.replace(/\W/g, '')}`);
    const runs = await Promise.all([
      runSeamAsync(['analyze', dir, '--no-history']),
      runSeamAsync(['export', dir, '--out', `${out}-export`, '--no-history']),
      runSeamAsync(['plan', 'accept', dir, '--out', `${out}-plan.json`, '--no-history']),
    ]);
    expect(runs).toEqual([
      { code: 2, stdout: '', stderr: `seam analyze: analyze: no TypeScript or JavaScript module to analyze in ${dir}; point Seam at the repository's root, or check --include / --exclude\n` },
      { code: 2, stdout: '', stderr: `seam export: no TypeScript or JavaScript module to export in ${dir}; point Seam at the repository's root, or check --include / --exclude\n` },
      { code: 2, stdout: '', stderr: `seam plan: no TypeScript or JavaScript module to plan in ${dir}; point Seam at the repository's root, or check --include / --exclude\n` },
    ]);
    expect([existsSync(`${out}-export`), existsSync(`${out}-plan.json`)]).toEqual([false, false]);
  });
});

describe('a repository with code but no service', () => {
  it('plan accept exits 2 instead of writing a plan of no services that seam check would refuse', async () => {
    // three unrelated modules: nothing serves a route, nothing is coupled, so the cut has no service
    const loose = join(tmp, 'loose');
    writeTree(loose, {
      'package.json': JSON.stringify({ name: 'loose', private: true }),
      'src/a.ts': 'export const a = 1;\n',
      'src/b.ts': 'export const b = 2;\n',
      'src/c.ts': 'export const c = 3;\n',
    });
    const plan = join(tmp, 'loose-plan.json');
    const run = await runSeamAsync(['plan', 'accept', loose, '--out', plan, '--no-history']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^seam plan: no service to plan: the cut of 3 modules has no service \(3 in the shared kernel/);
    expect(existsSync(plan)).toBe(false);
  });
});

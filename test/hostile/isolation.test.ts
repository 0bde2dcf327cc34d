/**
 * Issue 6/7, hostile input: a file that makes a parser or a visitor throw is one diagnostic
 * naming the file and the stage, never a lost run (../shared/ARCHITECTURE.md).
 * `@x await` (15 bytes) makes TypeScript 5.9's parser fail an internal assertion
 * ("Debug Failure. False expression.") inside ts.createSourceFile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileDiagnostic } from '../../analyzers/core/process-file.js';
import { allAnalyzers } from '../../analyzers/registry.js';
import { analyzeSources, writeTree } from '../../analyzers/testing.js';
import type { Analyzer } from '../../analyzers/types.js';
import type { Diagnostic, Facts } from '../../src/shared/facts.js';
import { runSeam } from '../support/run-seam.js';

const PARSER_THROWS = '@x await';

const repo = {
  'package.json': JSON.stringify({ name: 'shop', dependencies: { express: '4.19.2' } }),
  'src/bad.ts': PARSER_THROWS,
  'src/app.ts': "import express from 'express';\nimport { total } from './orders';\nimport './bad';\nconst app = express();\napp.get('/orders', (_req, res) => res.json(total()));\n",
  'src/orders.ts': 'export function total(): number {\n  return 1;\n}\n',
};

const crashes = (facts: Facts): Diagnostic[] => facts.diagnostics.filter((d) => d.code === 'analyzer-crash');

const tmp = mkdtempSync(join(tmpdir(), 'seam-isolation-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a file the TypeScript parser throws on', () => {
  it('is one analyzer-crash naming the file and the parse stage; the rest of the repository is analyzed', async () => {
    const facts = await analyzeSources(repo);
    expect(crashes(facts)).toEqual([
      {
        severity: 'error', code: 'analyzer-crash', file: 'src/bad.ts',
        message: expect.stringMatching(/^stage parse crashed on this file: Error: Debug Failure\. False expression\.; the file is kept as a module without imports, the rest of the run is unaffected/),
      },
    ]);
    expect(facts.modules.find((m) => m.path === 'src/bad.ts')).toMatchObject({ partial: true, bytes: PARSER_THROWS.length, lines: 1 });
    expect(facts.imports.map((e) => `${e.from} -> ${e.to}`)).toEqual(['src/app.ts -> src/bad.ts', 'src/app.ts -> src/orders.ts']);
    expect(facts.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /orders']);
  });

  it('is reported the same way by seam analyze on worker threads and in-process, exit 0', () => {
    const dir = join(tmp, 'workers');
    writeTree(dir, repo);
    const inProcess = runSeam(['analyze', dir, '--format', 'json', '--no-history', '--no-propose', '--workers', '0']);
    const onWorkers = runSeam(['analyze', dir, '--format', 'json', '--no-history', '--no-propose', '--workers', '2']);
    expect([inProcess.code, onWorkers.code]).toEqual([0, 0]);
    expect(onWorkers.stdout).toBe(inProcess.stdout);
    const facts = JSON.parse(onWorkers.stdout) as Facts;
    expect(crashes(facts).map((d) => [d.file, d.message.slice(0, 'stage parse'.length)])).toEqual([['src/bad.ts', 'stage parse']]);
  });

  it('does not stop seam export, which reads the source texts again for its hints', () => {
    const dir = join(tmp, 'export');
    writeTree(dir, repo);
    const r = runSeam(['export', dir, '--out', join(tmp, 'export-out'), '--kinds', 'openapi', '--no-history']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
  });

  it('does not stop seam plan accept and seam check', () => {
    const dir = join(tmp, 'check');
    writeTree(dir, repo);
    const plan = join(dir, 'seam.plan.json');
    expect(runSeam(['plan', 'accept', dir, '--out', plan, '--no-history']).code).toBe(0);
    const r = runSeam(['check', dir]);
    expect(r.stderr).toContain('seam check: 1 file(s) could not be read or parsed');
    expect(r.code).toBe(0);
  });
});

describe('an analyzer that throws on one file', () => {
  const thrower = (name: string, collect: Analyzer['collect']): Analyzer => ({ name, concern: 'routes', collect, link: () => ({}) });
  const boom = thrower('boom', (file) => {
    if (file.path === 'src/orders.ts') throw new TypeError("Cannot read properties of undefined (reading 'kind')");
    return undefined;
  });
  const deep = thrower('deep', (file) => {
    const dive = (n: number): number => (file.path === 'src/orders.ts' ? dive(n + 1) + 1 : n);
    return dive(0) === 0 ? undefined : 1;
  });

  it('is one analyzer-crash naming the file and collect:<analyzer>; the other analyzers still collect that file', async () => {
    const facts = await analyzeSources(
      { ...repo, 'src/bad.ts': 'export {};\n', 'src/orders.ts': "import express from 'express';\nconst r = express.Router();\nr.post('/pay', () => 1);\nexport function total(): number {\n  return 1;\n}\n" },
      { analyzers: [boom, ...allAnalyzers] },
    );
    expect(crashes(facts)).toEqual([
      {
        severity: 'warning', code: 'analyzer-crash', file: 'src/orders.ts',
        message: expect.stringMatching(/^stage collect:boom crashed on this file: TypeError: Cannot read properties of undefined \(reading 'kind'\); the boom facts of this file are missing, the rest of the run is unaffected/),
      },
    ]);
    // nothing mounts the router of orders.ts: since the routes merge its route is kept under an unknown mount
    expect(facts.routes.map((r) => `${r.method} ${r.path} ${r.module}`)).toEqual(['GET /orders src/app.ts', 'POST /{unknown:mount_of_r}/pay src/orders.ts']);
    expect(facts.modules.find((m) => m.path === 'src/orders.ts')?.partial).toBe(true);
  });

  it('reports a stack overflow (RangeError) as nesting too deep, not as a lost run', async () => {
    const facts = await analyzeSources({ ...repo, 'src/bad.ts': 'export {};\n' }, { analyzers: [deep, ...allAnalyzers] });
    expect(crashes(facts)).toEqual([
      expect.objectContaining({ file: 'src/orders.ts', message: expect.stringContaining('stage collect:deep crashed on this file: the code is nested too deeply for the parser or a visitor (stack overflow)') }),
    ]);
  });

  it('whose link throws loses only its own facts, and the diagnostic names it', async () => {
    const broken: Analyzer = { name: 'broken-link', concern: 'data', link: () => { throw new Error('no such table'); } };
    const facts = await analyzeSources({ ...repo, 'src/bad.ts': 'export {};\n' }, { analyzers: [...allAnalyzers, broken] });
    expect(crashes(facts)).toEqual([
      { severity: 'error', code: 'analyzer-crash', message: expect.stringMatching(/^stage link:broken-link crashed: Error: no such table; the broken-link facts are missing from this run/) },
    ]);
    expect(facts.routes).toHaveLength(1);
  });
});

describe('one diagnostic per bad file', () => {
  const errors = Array.from({ length: 5 }, (_, i) => ({ line: i + 2, message: "';' expected." }));

  it('gives a file with syntax errors one parse-error at the first of them, with the count', () => {
    expect(fileDiagnostic('src/a.ts', [], errors)).toEqual({
      severity: 'error', code: 'parse-error', file: 'src/a.ts', line: 2,
      message: "syntax error: ';' expected. (+4 further syntax errors) (facts for this file are partial; fix the syntax to analyze it fully)",
    });
  });

  it('folds the syntax errors into the crash when the core collector also threw, and says what is missing', () => {
    const d = fileDiagnostic('src/a.ts', [{ stage: 'collect-core', error: new Error('x') }, { stage: 'collect:express', error: new Error('y') }], errors);
    expect(d).toMatchObject({ severity: 'error', code: 'analyzer-crash', file: 'src/a.ts' });
    expect(d?.message).toBe(
      "stage collect-core crashed on this file: Error: x; collect:express crashed too; its imports and exports are missing, the rest of the run is unaffected; it also has a syntax error at line 2: ';' expected. (+4 further syntax errors) (exclude the file with --exclude if it is generated, or report it with the file)",
    );
  });
});

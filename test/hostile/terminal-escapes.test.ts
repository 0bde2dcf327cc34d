/**
 * Issue 6/7, hostile input: terminal escape sequences in names from the repository. A file named
 * `ESC ] 0 ; pwned BEL .ts` sets the terminal's title when printed raw, `ESC [ 2 J` clears the
 * screen. Every text output shows such characters as escapes (`\x1b`); JSON output keeps the
 * names exactly as they are.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTree } from '../../analyzers/testing.js';
import type { Facts } from '../../src/shared/facts.js';
import { escapeForTerminal } from '../../src/shared/terminal-text.js';
import { plantedCopy } from '../check/helpers.js';
import { runSeam } from '../support/run-seam.js';

const ESC = '\u001b';
const BEL = '\u0007';
const TITLE = `src/${ESC}]0;pwned${BEL}.ts`;
const CLEAR = `src/${ESC}[2J${ESC}[Hclear.ts`;
const BIDI = 'src/invoice\u202egpj.ts';
const SERVICE_FOLDER = `src/${ESC}[1mbilling`;

/** Anything a terminal acts on: C0 except the newline the formatter writes, DEL, C1, bidirectional controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const tmp = mkdtempSync(join(tmpdir(), 'seam-escapes-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('escapeForTerminal', () => {
  it('shows C0 and C1 controls, ESC/CSI/OSC sequences and bidirectional controls as escapes', () => {
    expect(escapeForTerminal(`${ESC}]0;pwned${BEL}`)).toBe('\\x1b]0;pwned\\x07');
    expect(escapeForTerminal(`${ESC}[2J\u009b31m\u009d0;x\u009c`)).toBe('\\x1b[2J\\x9b31m\\x9d0;x\\x9c');
    expect(escapeForTerminal('a\nb\r\tc\u0000\u007f')).toBe('a\\nb\\r\\tc\\x00\\x7f');
    expect(escapeForTerminal('invoice\u202egpj.ts \u2066x\u2069 \u2028')).toBe('invoice\\u202egpj.ts \\u2066x\\u2069 \\u2028');
  });

  it('leaves everything else alone, other Unicode included', () => {
    const plain = "src/orders/order-service.ts GET /api/v1/orders/:id café 注文 🚀 'quoted' \\ back";
    expect(escapeForTerminal(plain)).toBe(plain);
  });
});

describe('text output of names from the repository', () => {
  const repo = join(tmp, 'repo');
  writeTree(repo, {
    'package.json': JSON.stringify({ name: 'shop', dependencies: { express: '4.19.2' } }),
    [TITLE]: 'export const title = 1;\n',
    // the route module reaches the hostile names: only modules a backend reaches are cut into services
    [CLEAR]: `import { title } from './${ESC}]0;pwned${BEL}';\nimport { invoice } from './invoice\u202egpj';\nexport const clear = title + invoice;\n`,
    [BIDI]: 'export const invoice = 3;\n',
    [`${SERVICE_FOLDER}/charge.ts`]: `import { title } from '../${ESC}]0;pwned${BEL}';\nexport const charge = title;\n`,
    [`${SERVICE_FOLDER}/refund.ts`]: "import { charge } from './charge';\nexport const refund = charge;\n",
    'src/app.ts':
      "import express from 'express';\n" +
      `import { clear } from './${ESC}[2J${ESC}[Hclear';\n` +
      `import './missing${ESC}[31m';\n` +
      'const app = express();\n' +
      `app.get('/orders${ESC}[8m/hidden\u009b2J', (_req, res) => res.json(clear));\n`,
  });

  it('seam analyze --format text prints every name escaped; --format json keeps them exact', () => {
    const text = runSeam(['analyze', repo, '--format', 'text', '--no-history']);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(UNSAFE);
    expect(text.stdout).toContain('  GET  /orders\\x1b[8m/hidden\\x9b2J  express  src/app.ts:5');
    expect(text.stdout).toContain("cannot resolve './missing\\x1b[31m'");
    const json = runSeam(['analyze', repo, '--format', 'json', '--no-history']);
    const facts = JSON.parse(json.stdout) as Facts;
    expect(facts.modules.map((m) => m.path)).toEqual(expect.arrayContaining([TITLE, CLEAR, BIDI]));
    expect(facts.routes.map((r) => r.path)).toEqual([`/orders${ESC}[8m/hidden\u009b2J`]);
  });

  it('seam scenario and seam edit print service and module names escaped', () => {
    const ws = join(tmp, 'ws.db');
    expect(runSeam(['analyze', repo, '--workspace', ws, '--format', 'json', '--no-history']).code).toBe(0);
    const show = runSeam(['scenario', 'show', '--workspace', ws, '--format', 'text']);
    expect(show.code).toBe(0);
    expect(show.stdout).not.toMatch(UNSAFE);
    const edit = runSeam(['edit', ws, 'move', TITLE, BIDI, '--to', `x${ESC}]0;t${BEL}`, '--new', '--format', 'text']);
    expect(edit.code).toBe(0);
    expect(edit.stdout).not.toMatch(UNSAFE);
    expect(edit.stdout).toContain('to new service x\\x1b]0;t\\x07');
    const log = runSeam(['scenario', 'log', '--workspace', ws, '--format', 'text']);
    expect(log.stdout).not.toMatch(UNSAFE);
    const usage = runSeam(['edit', ws, 'rename', `no${ESC}[2Jsuch`, 'y']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).not.toMatch(UNSAFE);
    expect(usage.stderr).toContain("no service 'no\\x1b[2Jsuch'");
  });
});

describe('seam check reports', () => {
  it('show a hostile file name escaped in text, markdown and github output, and exactly in JSON', () => {
    const dir = plantedCopy();
    cpSync(join(dir, 'src/reports/sales-report.ts'), join(dir, 'src/reports', `${ESC}]0;pwned${BEL}.ts`));
    const md = join(tmp, 'check.md');
    const gh = join(tmp, 'check.github');
    const js = join(tmp, 'check.json');
    const r = runSeam(['check', dir, '-f', 'text', '-f', `markdown=${md}`, '-f', `github=${gh}`, '-f', `json=${js}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(UNSAFE);
    for (const out of [r.stdout, readFileSync(md, 'utf8'), readFileSync(gh, 'utf8')]) {
      expect(out).not.toMatch(UNSAFE);
      expect(out).toContain('\\x1b]0;pwned\\x07.ts');
    }
    const report = JSON.parse(readFileSync(js, 'utf8')) as { findings: { file: string }[] };
    expect(report.findings.map((f) => f.file)).toContain(`src/reports/${ESC}]0;pwned${BEL}.ts`);
  });
});

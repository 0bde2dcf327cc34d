/**
 * Issue 6/7, hostile input: a fuzz run in CI. 3,000 files from a fixed seed (valid snippets in
 * every framework's style, truncated ones, byte-mutated ones, deep nesting of every kind, UTF-16
 * with a BOM, Latin-1, NULs, lone surrogates, decorators in odd places, huge single lines,
 * unterminated templates, regular expressions and comments, odd file names) in one repository.
 * The promises: the run finishes (no hang, exit 0), and a bad file costs at most one
 * `analyzer-crash` or `parse-error` diagnostic, naming it. Only the TypeScript parser may crash;
 * Seam's own stages never do. `npm run fuzz -- --files 10000` is the long version.
 *
 * The work is bounded: about 15 s of CPU for each of the two runs on these 2-core machines. The
 * timeouts are four times that, so that a CI machine busy with other jobs does not fail the test
 * while a hang still does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../../analyzers/extract.js';
import { checkHostileRun, hostileCorpus, writeHostileRepo } from '../../fixtures/generate/hostile.js';
import type { Facts } from '../../src/shared/facts.js';
import { SEAM_BIN } from '../support/run-seam.js';

const corpus = hostileCorpus({ files: 3000, seed: 6, maxDepth: 1000 });
const tmp = mkdtempSync(join(tmpdir(), 'seam-fuzz-'));
const repo = join(tmp, 'repo');

beforeAll(() => writeHostileRepo(repo, corpus));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a hostile repository of 3,000 generated files (seed 6)', () => {
  it('holds every kind of hostile file', () => {
    expect(new Set(corpus.map((f) => f.kind))).toEqual(new Set(['valid', 'truncated', 'mutated', 'deep', 'encoding', 'decorators', 'long-line', 'unterminated']));
  });

  it('is extracted in-process; every bad file costs at most one crash or parse error naming it, and only the parser crashes', async () => {
    const facts = await extract(repo, { history: false, workers: 0 });
    const check = checkHostileRun(corpus, facts.diagnostics);
    expect(check.violations).toEqual([]);
    expect(Object.keys(check.crashesByStage).filter((stage) => stage !== 'parse')).toEqual([]);
    expect(facts.modules.length).toBeGreaterThan(2500);
    expect(facts.imports.length).toBeGreaterThan(100);
  }, 240_000);

  it('is analyzed by seam analyze --format json --out (exit 0, within the timeout) with the same promises', () => {
    const out = join(tmp, 'facts.json');
    const r = spawnSync(process.execPath, [SEAM_BIN, 'analyze', repo, '--format', 'json', '--out', out, '--no-history'], { encoding: 'utf8', timeout: 180_000 });
    expect(r.signal, 'seam analyze did not finish within 180 s').toBeNull();
    expect(r.stderr).not.toContain('internal error');
    expect(r.status).toBe(0);
    const document = JSON.parse(readFileSync(out, 'utf8')) as Facts & { decomposition?: unknown };
    const check = checkHostileRun(corpus, document.diagnostics);
    expect(check.violations).toEqual([]);
    expect(Object.keys(check.crashesByStage).filter((stage) => stage !== 'parse')).toEqual([]);
    expect(document.decomposition).toBeDefined();
  }, 240_000);
});

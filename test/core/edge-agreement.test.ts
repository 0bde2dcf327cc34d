/**
 * The bar from issue 1/6: on every fixture Seam finds at least 99 % of the local edges that
 * `depcruise --ts-pre-compilation-deps` finds with the same tsconfig.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extract } from '../../analyzers/extract.js';
import { writeMonolith } from '../../fixtures/generate/generate.js';
import { depcruiseEdges } from '../support/depcruise.js';

const TEST_FILE = /(?:\.(?:spec|test|e2e-spec)\.[cm]?[jt]sx?$)|(?:(?:^|\/)(?:__tests__|__mocks__|__fixtures__|test|tests|e2e)\/)|(?:^|\/)(?:[^/]+\.config|\.[^/]+rc)\.[cm]?[jt]s$/;

async function agreement(dir: string, tsconfig: string | undefined, refExclude?: string) {
  const facts = await extract(dir, { history: false, workers: 0 });
  const ref = await depcruiseEdges(dir, tsconfig, refExclude);
  const ours = new Set(facts.imports.map((e) => `${e.from} -> ${e.to}`));
  const modules = new Set(facts.modules.map((m) => m.path));
  // Seam leaves out test files and root tool configs by default; compare on the modules both consider code.
  const refEdges = [...new Set(ref.edges.filter((e) => !TEST_FILE.test(e.from) && !TEST_FILE.test(e.to)).map((e) => `${e.from} -> ${e.to}`))];
  // Binary files with a source extension are skipped on purpose, with a diagnostic.
  const skipped = new Set(facts.diagnostics.filter((d) => d.code === 'skipped-binary').map((d) => d.file));
  const missingModules = ref.modules.filter((m) => !TEST_FILE.test(m) && !modules.has(m) && !skipped.has(m));
  const missed = refEdges.filter((e) => !ours.has(e) && !skipped.has(e.split(' -> ')[1]));
  return { refCount: refEdges.length, found: refEdges.length - missed.length, missed, missingModules, ours: ours.size };
}

// dependency-cruiser itself dies with ELOOP on the broken fixture's symlink loop, so it is told to skip the links.
const fixtures: [string, string | undefined, string?][] = [
  ['fixtures/monoliths/shop', 'tsconfig.json'],
  ['fixtures/monoliths/modular', 'tsconfig.base.json'],
  ['fixtures/monoliths/broken', undefined, '^src/(loop|self)(/|$)'],
];

describe('import edges agree with dependency-cruiser', () => {
  for (const [dir, tsconfig, refExclude] of fixtures) {
    it(`finds at least 99 % of depcruise's local edges on ${dir}`, async () => {
      const r = await agreement(dir, tsconfig, refExclude);
      expect(r.refCount).toBeGreaterThan(5);
      expect(r.missingModules).toEqual([]);
      const recall = r.found / r.refCount;
      if (recall < 0.99) expect(r.missed).toEqual([]);
      expect(recall).toBeGreaterThanOrEqual(0.99);
    });
  }

  const tmp = mkdtempSync(join(tmpdir(), 'seam-agree-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  it('finds at least 99 % of depcruise\'s local edges on a generated 400-file monolith', async () => {
    const dir = join(tmp, 'gen');
    await writeMonolith(dir, { files: 400, seed: 7, layout: 'layered' });
    const r = await agreement(dir, 'tsconfig.json');
    expect(r.refCount).toBeGreaterThan(400);
    expect(r.missingModules).toEqual([]);
    expect(r.found / r.refCount).toBeGreaterThanOrEqual(0.99);
  });
});

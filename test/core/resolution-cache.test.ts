import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extractRun } from '../../analyzers/extract.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'seam-resolutions-'));
  dirs.push(dir);
  write(dir, files);
  return dir;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

const TSCONFIG = (paths: Record<string, string[]>) => JSON.stringify({ compilerOptions: { baseUrl: '.', paths } });

const base = {
  'package.json': '{"name":"app"}',
  'tsconfig.json': TSCONFIG({ '@lib/*': ['src/lib/*'] }),
  'src/main.ts': "import { a } from '@lib/a';\nimport { b } from './b';\nexport const main = a + b;\n",
  'src/b.ts': "import { a } from '@lib/a';\nexport const b = a;\n",
  'src/lib/a.ts': 'export const a = 1;\n',
};

async function run(dir: string, previous?: Awaited<ReturnType<typeof extractRun>>) {
  return extractRun(dir, { history: false, workers: 0, ...(previous ? { resolutions: previous.resolutions } : {}) });
}

describe('module resolutions kept from one run for the next', () => {
  it('are reused after an edit to a file body, and give the same facts as a fresh run', async () => {
    const dir = repo(base);
    const cold = await run(dir);
    expect(cold.resolutionsReused).toBe(false);
    write(dir, { 'src/b.ts': "import { a } from '@lib/a';\nexport const b = a * 2;\n" });
    const warm = await run(dir, cold);
    expect(warm.resolutionsReused).toBe(true);
    expect(warm.resolutions.key).toBe(cold.resolutions.key);
    expect(warm.facts).toEqual((await run(dir)).facts);
  });

  it('resolve a specifier an edit adds, beside the reused ones', async () => {
    const dir = repo(base);
    const cold = await run(dir);
    write(dir, { 'src/b.ts': "import { a } from '@lib/a';\nimport { main } from './main';\nexport const b = a + main;\n" });
    const warm = await run(dir, cold);
    expect(warm.resolutionsReused).toBe(true);
    expect(warm.facts.imports.filter((e) => e.from === 'src/b.ts').map((e) => e.to)).toEqual(['src/lib/a.ts', 'src/main.ts']);
  });

  it('are not reused when a file appears, even one that is no module (an index, a package.json)', async () => {
    const dir = repo(base);
    const cold = await run(dir);
    write(dir, { 'src/lib/a/index.ts': 'export const a = 2;\n' });
    const added = await run(dir, cold);
    expect(added.resolutionsReused).toBe(false);
    write(dir, { 'src/lib/README.md': 'docs\n' });
    expect((await run(dir, added)).resolutionsReused).toBe(false);
  });

  it('are not reused when the compiler options change', async () => {
    const dir = repo({ ...base, 'src/other/a.ts': 'export const a = 3;\n' });
    const cold = await run(dir);
    write(dir, { 'tsconfig.json': TSCONFIG({ '@lib/*': ['src/other/*'] }) });
    const changed = await run(dir, cold);
    expect(changed.resolutionsReused).toBe(false);
    expect(changed.facts.imports.filter((e) => e.from === 'src/main.ts').map((e) => e.to)).toEqual(['src/b.ts', 'src/other/a.ts']);
  });
});

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extractRun } from '../../analyzers/extract.js';

// A bare specifier's resolution is shared by the folders that have the same project, the same
// nearest package.json and the same node_modules folders above them (analyzers/core/resolve.ts):
// two folders that differ in one of these must still get their own answer.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'seam-bare-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function targets(dir: string, from: string): Promise<{ local: string[]; external: string[] }> {
  const run = await extractRun(dir, { history: false, workers: 0 });
  return {
    local: run.facts.imports.filter((e) => e.from === from).map((e) => e.to),
    external: run.facts.externalImports.filter((e) => e.from === from).map((e) => e.package),
  };
}

describe('bare specifiers resolved once per lookup scope', () => {
  it('keep a node_modules link that only one folder has', async () => {
    const dir = repo({
      'tsconfig.json': '{"compilerOptions":{"module":"commonjs"}}',
      'package.json': '{"name":"root"}',
      'a/x.ts': "import { shared } from 'shared-lib';\nexport const x = shared;\n",
      'b/y.ts': "import { shared } from 'shared-lib';\nexport const y = shared;\n",
      'lib/index.ts': 'export const shared = 1;\n',
    });
    mkdirSync(join(dir, 'a', 'node_modules'));
    symlinkSync(join(dir, 'lib'), join(dir, 'a', 'node_modules', 'shared-lib'));
    expect(await targets(dir, 'a/x.ts')).toEqual({ local: ['lib/index.ts'], external: [] });
    expect(await targets(dir, 'b/y.ts')).toEqual({ local: [], external: ['shared-lib'] });
  });

  it('keep a .cts file its CommonJS conditions in an ESM package (node16)', async () => {
    const dir = repo({
      'tsconfig.json': '{"compilerOptions":{"module":"node16","moduleResolution":"node16"}}',
      'package.json': '{"name":"root","type":"module"}',
      'lib/package.json': '{"name":"lib","exports":{".":{"import":"./esm.ts","require":"./cjs.ts"}}}',
      'lib/esm.ts': 'export const v = 1;\n',
      'lib/cjs.ts': 'export const v = 2;\n',
      'a/x.cts': "import { v } from 'lib';\nexport const x = v;\n",
      'b/y.ts': "import { v } from 'lib';\nexport const y = v;\n",
    });
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(join(dir, 'lib'), join(dir, 'node_modules', 'lib'));
    expect((await targets(dir, 'a/x.cts')).local).toEqual(['lib/cjs.ts']);
    expect((await targets(dir, 'b/y.ts')).local).toEqual(['lib/esm.ts']);
  });

  it('keep each package its own `imports` map', async () => {
    const imports = '{"name":"%","type":"module","imports":{"#db":"./src/db.ts"}}';
    const dir = repo({
      'tsconfig.json': '{"compilerOptions":{"module":"nodenext","moduleResolution":"nodenext"}}',
      'p1/package.json': imports.replace('%', 'p1'),
      'p1/src/x.ts': "import { db } from '#db';\nexport const x = db;\n",
      'p1/src/db.ts': 'export const db = 1;\n',
      'p2/package.json': imports.replace('%', 'p2'),
      'p2/src/y.ts': "import { db } from '#db';\nexport const y = db;\n",
      'p2/src/db.ts': 'export const db = 2;\n',
    });
    expect((await targets(dir, 'p1/src/x.ts')).local).toEqual(['p1/src/db.ts']);
    expect((await targets(dir, 'p2/src/y.ts')).local).toEqual(['p2/src/db.ts']);
  });
});

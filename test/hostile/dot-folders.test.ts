/**
 * Issue 6/7, hostile input: code in dot-folders. Only the folders of tools (version control, CI,
 * editors, package managers, framework output and caches) are skipped; code in any other
 * dot-folder is analyzed, and an import into a skipped folder is said out loud, not dropped.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSources } from '../../analyzers/testing.js';
import type { Facts } from '../../src/shared/facts.js';

const repo = {
  'package.json': JSON.stringify({ name: 'dots' }),
  'src/app.ts': "import { secret } from './.internal/secret';\nimport { cached } from './.cache/generated';\nexport const app = secret + cached;\n",
  'src/.internal/secret.ts': "import { helper } from '../.server/helper';\nexport const secret = helper();\n",
  'src/.server/helper.ts': 'export const helper = (): number => 1;\n',
  'src/.cache/generated.ts': 'export const cached = 2;\n',
  'src/pages.ts': "import page from '../.next/server/page.js';\nimport other from '../.next/server/other.js';\nexport default [page, other];\n",
  '.next/server/page.js': 'module.exports = 1;\n',
  '.next/server/other.js': 'module.exports = 2;\n',
  '.git/hooks/pre-commit.js': "require('child_process');\n",
  '.vscode/extension.ts': 'export const x = 1;\n',
  '.history/src/app_20240101.ts': 'export const app = 0;\n',
  '.github/scripts/release.ts': 'export const release = 1;\n',
};

const edges = (facts: Facts): string[] => facts.imports.map((e) => `${e.from} -> ${e.to}`);

describe('dot-folders', () => {
  it('analyzes source files in dot-folders that are not tool folders, with their imports', async () => {
    const facts = await analyzeSources(repo);
    expect(facts.modules.map((m) => m.path)).toEqual(['src/.internal/secret.ts', 'src/.server/helper.ts', 'src/app.ts', 'src/pages.ts']);
    expect(edges(facts)).toEqual(['src/.internal/secret.ts -> src/.server/helper.ts', 'src/app.ts -> src/.internal/secret.ts']);
  });

  it('says, once per skipped folder, that imports resolve into it, naming the first and how to bring it back', async () => {
    const facts = await analyzeSources(repo);
    expect(facts.diagnostics.filter((d) => d.code === 'import-into-skipped-folder')).toEqual([
      {
        severity: 'info', code: 'import-into-skipped-folder', file: '.next',
        message: "2 imports resolve into .next/, a dependency, build or tool folder Seam does not analyze (first: src/pages.ts:1 imports .next/server/page.js); those edges are left out. If it holds source code, add it with --include '.next/**' (besides the globs for the rest, e.g. --include '**')",
      },
      {
        severity: 'info', code: 'import-into-skipped-folder', file: 'src/.cache',
        message: "1 import resolves into src/.cache/, a dependency, build or tool folder Seam does not analyze (first: src/app.ts:2 imports src/.cache/generated.ts); those edges are left out. If it holds source code, add it with --include 'src/.cache/**' (besides the globs for the rest, e.g. --include '**')",
      },
    ]);
    expect(facts.diagnostics.filter((d) => d.code === 'unresolved-import')).toEqual([]);
  });

  it('walks a skipped folder that an --include glob names, and then reports nothing about it', async () => {
    const facts = await analyzeSources(repo, { include: ['**', 'src/.cache/**'] });
    expect(facts.modules.map((m) => m.path)).toContain('src/.cache/generated.ts');
    expect(edges(facts)).toContain('src/app.ts -> src/.cache/generated.ts');
    expect(facts.diagnostics.filter((d) => d.code === 'import-into-skipped-folder').map((d) => d.file)).toEqual(['.next']);
  });
});

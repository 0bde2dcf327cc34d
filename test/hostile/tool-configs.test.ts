/**
 * Issue 6/7, hostile input: tool configuration at a package root (`knexfile.ts`, `.eslintrc.cjs`,
 * `gulpfile.js`) configures tools, it is not part of the application: left out by default, with
 * one note that lists it and says how to bring a file back. Nothing is executed either way.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSources } from '../../analyzers/testing.js';

const CONFIG = "const path = require('path');\nmodule.exports = { client: 'pg', connection: { host: 'db' }, entities: [path.join(__dirname, 'src/orders.ts')] };\n";

const repo = {
  'package.json': JSON.stringify({ name: 'shop', workspaces: ['packages/*'], dependencies: { knex: '3.1.0', typeorm: '0.3.20' } }),
  '.dependency-cruiser.js': CONFIG,
  '.eslintrc.cjs': CONFIG,
  '.prettierrc.js': CONFIG,
  'Gruntfile.js': CONFIG,
  'gulpfile.js': CONFIG,
  'jest.config.ts': CONFIG,
  'knexfile.js': CONFIG,
  'knexfile.ts': CONFIG,
  'ormconfig.ts': CONFIG,
  'webpack.config.js': CONFIG,
  'src/orders.ts': "import knex from 'knex';\nconst db = knex({});\nexport const list = () => db('orders').select();\n",
  'config/database.config.ts': "export const database = { host: 'db' };\n",
  'src/config/app.config.ts': "import { database } from '../../config/database.config';\nexport const app = { database };\n",
  'packages/billing/package.json': JSON.stringify({ name: '@shop/billing' }),
  'packages/billing/knexfile.ts': CONFIG,
  'packages/billing/vite.config.mts': CONFIG,
  'packages/billing/index.ts': "export const charge = (): number => 1;\n",
};

describe('tool configuration at package roots', () => {
  it('is left out of the modules, at the repository root and at each package root, with one note listing it', async () => {
    const facts = await analyzeSources(repo);
    expect(facts.modules.map((m) => m.path)).toEqual(['config/database.config.ts', 'packages/billing/index.ts', 'src/config/app.config.ts', 'src/orders.ts']);
    expect(facts.diagnostics.filter((d) => d.code === 'tool-configs-left-out')).toEqual([
      {
        severity: 'info', code: 'tool-configs-left-out',
        message:
          'left out 12 tool configuration files at package roots, which configure tools rather than make up the application: ' +
          '.dependency-cruiser.js, .eslintrc.cjs, .prettierrc.js, Gruntfile.js, gulpfile.js, jest.config.ts, knexfile.js, knexfile.ts, ormconfig.ts, ' +
          "packages/billing/knexfile.ts, packages/billing/vite.config.mts, webpack.config.js. To analyze one, name it with --include (besides the globs for the rest), e.g. --include '**' --include '.dependency-cruiser.js'",
      },
    ]);
  });

  it('is ordinary code below a package root (config/database.config.ts is the application\'s own)', async () => {
    const facts = await analyzeSources(repo);
    expect(facts.imports.map((e) => `${e.from} -> ${e.to}`)).toEqual(['src/config/app.config.ts -> config/database.config.ts']);
  });

  it('comes back when an --include glob names the file', async () => {
    const facts = await analyzeSources(repo, { include: ['**', 'knexfile.ts', 'packages/*/knexfile.ts'] });
    expect(facts.modules.map((m) => m.path)).toEqual(expect.arrayContaining(['knexfile.ts', 'packages/billing/knexfile.ts']));
    expect(facts.modules.map((m) => m.path)).not.toContain('knexfile.js');
    expect(facts.diagnostics.find((d) => d.code === 'tool-configs-left-out')?.message).toMatch(/^left out 10 tool configuration files/);
  });
});

/**
 * Migrations are schema history (facts.ddl), never data access; a table created there and not
 * dropped is still a table; seeds are not the application's data access.
 */
import { describe, expect, it } from 'vitest';
import { ddlStatements } from '../../analyzers/data/ddl.js';
import { isMigrationPath, isSeedPath } from '../../analyzers/data/data-files.js';
import { pluginsOf } from '../../analyzers/registry.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { Facts } from '../../src/shared/facts.js';

const lines = (...l: string[]): string => l.join('\n');
const ddl = (facts: Facts): string[] => (facts.ddl ?? []).map((d) => `${d.module}:${d.line} ${d.change} ${d.table}`);
const entities = (facts: Facts): string[] => facts.entities.map((e) => `${e.table} ${e.via} ${e.module}:${e.line}`);
const run = (files: Record<string, string>): Promise<Facts> => analyzeSources(files, { analyzers: pluginsOf('data') });

describe('DDL statements in SQL text', () => {
  it('reads CREATE / ALTER ... RENAME TO / DROP / RENAME TABLE, skipping temporary tables, views, comments and strings', () => {
    const sql = lines(
      'CREATE TABLE IF NOT EXISTS "public"."Users" (id int);',
      "-- CREATE TABLE commented_out (id int);",
      "CREATE TEMP TABLE scratch AS SELECT 'CREATE TABLE in_a_string' AS x;",
      'CREATE MATERIALIZED VIEW stats AS SELECT 1;',
      'ALTER TABLE new_orders RENAME TO orders;',
      'ALTER TABLE orders ADD COLUMN total int;',
      'DROP TABLE IF EXISTS legacy, `old_carts`;',
      'RENAME TABLE db.events TO db.events_old, db.events_new TO db.events;',
    );
    expect(ddlStatements(sql).map((d) => `${d.line} ${d.change} ${d.table}${d.view ? ' (view)' : ''}${d.renameTo ? ` -> ${d.renameTo}` : ''}`)).toEqual([
      '1 create Users',
      '4 create stats (view)',
      '5 alter new_orders -> orders',
      '6 alter orders',
      '7 drop legacy',
      '7 drop old_carts',
      '8 alter events -> events_old',
      '8 alter events_new -> events',
    ]);
  });
});

describe('migrations and seeds', () => {
  it('knows migration and seed files by the tools\' folder and file name conventions', () => {
    expect(['src/migrations/1614355563-Init.ts', 'db/migration/x.ts', 'src/1700000000000-AddUsers.ts', 'src/Migration20191019195930.ts', 'src/migrator/index.ts'].map(isMigrationPath)).toEqual([
      true, true, true, true, false,
    ]);
    expect(['prisma/seed.ts', 'src/seeders/test.seeder.ts', 'src/database/seeds/user/user-seed.service.ts', 'src/users/users.seed.ts', 'src/seedling.ts'].map(isSeedPath)).toEqual([
      true, true, true, true, false,
    ]);
  });

  it('keeps SQL migrations as DDL history and the tables they leave as tables, in migration order, without the undo files', async () => {
    const facts = await run({
      'migrations/001.do.users.sql': 'CREATE TABLE users (id int);\n',
      'migrations/001.undo.users.sql': 'DROP TABLE users;\n',
      'migrations/002.do.tasks.sql': 'CREATE TABLE tasks (id int);\nCREATE TABLE user_tasks (user_id int, task_id int);\n',
      'migrations/003.do.drop-tasks.sql': lines('-- tasks moved to another service', 'DROP TABLE tasks;', '-- migrate:down', 'CREATE TABLE tasks (id int);'),
    });
    expect(ddl(facts)).toEqual([
      'migrations/001.do.users.sql:1 create users',
      'migrations/002.do.tasks.sql:1 create tasks',
      'migrations/002.do.tasks.sql:2 create user_tasks',
      'migrations/003.do.drop-tasks.sql:2 drop tasks',
    ]);
    expect(entities(facts)).toEqual(['user_tasks sql migrations/002.do.tasks.sql:2', 'users sql migrations/001.do.users.sql:1']);
    expect(facts.dataAccess).toEqual([]);
  });

  it('reads DDL of TypeORM and knex migrations (up only) and never counts a migration\'s statements as data access', async () => {
    const facts = await run({
      'package.json': JSON.stringify({ dependencies: { typeorm: '0.3.0', knex: '3.0.0', pg: '8.0.0' } }),
      'src/migrations/1614355563-Init.ts': lines(
        "import { MigrationInterface, QueryRunner } from 'typeorm';",
        'export class Init1614355563 implements MigrationInterface {',
        '  async up(queryRunner: QueryRunner): Promise<void> {',
        '    await queryRunner.query(`CREATE TABLE "invoice" (id serial PRIMARY KEY)`);',
        "    await queryRunner.query(`INSERT INTO invoice (id) SELECT id FROM legacy_invoice`);",
        '  }',
        '  async down(queryRunner: QueryRunner): Promise<void> {',
        '    await queryRunner.query(`DROP TABLE "invoice"`);',
        '  }',
        '}',
      ),
      'db/migrations/20200211220920_links.ts': lines(
        "import { Knex } from 'knex';",
        'export async function up(knex: Knex): Promise<void> {',
        "  await knex.schema.createTable('links', (t) => t.increments('id'));",
        "  await knex.schema.renameTable('links', 'short_links');",
        "  await knex('short_links').update({ visits: 0 });",
        '}',
        'export async function down(knex: Knex): Promise<void> {',
        "  await knex.schema.dropTable('short_links');",
        '}',
      ),
    });
    expect(ddl(facts)).toEqual([
      'db/migrations/20200211220920_links.ts:3 create links',
      'db/migrations/20200211220920_links.ts:4 drop links',
      'db/migrations/20200211220920_links.ts:4 create short_links',
      'src/migrations/1614355563-Init.ts:4 create invoice',
    ]);
    expect(entities(facts)).toEqual(['invoice sql src/migrations/1614355563-Init.ts:4', 'short_links knex db/migrations/20200211220920_links.ts:4']);
    expect(facts.dataAccess).toEqual([]);
  });

  it('takes a schema file beside the migrations for the current schema, the migrations for its history', async () => {
    const facts = await run({
      'db/schema.sql': 'CREATE TABLE events (id int);\nCREATE TABLE revenue (id int);\n',
      'db/migrations/01_split.sql': 'CREATE TABLE events_new (id int);\nRENAME TABLE events TO events_old, events_new TO events;\n',
    });
    expect(entities(facts)).toEqual(['events sql db/schema.sql:1', 'revenue sql db/schema.sql:2']);
  });

  it('leaves the reads and writes of seed files out, with one diagnostic per file', async () => {
    const facts = await run({
      'package.json': JSON.stringify({ dependencies: { pg: '8.0.0' } }),
      'src/orders.ts': "import { pool } from './db';\nexport const list = () => pool.query('SELECT * FROM orders');\n",
      'src/seeds/orders.seed.ts': "import { pool } from '../db';\nexport const seed = () => pool.query('INSERT INTO orders (id) VALUES (1)');\n",
      'src/db.ts': "import { Pool } from 'pg';\nexport const pool = new Pool();\n",
    });
    expect(facts.dataAccess.map((d) => `${d.module} ${d.access} ${d.table}`)).toEqual(['src/orders.ts read orders']);
    expect(facts.diagnostics.filter((d) => d.code === 'seed-access-excluded').map((d) => d.file)).toEqual(['src/seeds/orders.seed.ts']);
  });
});

import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { collectKnex, knexAnalyzer } from '../../analyzers/data/knex.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { Facts } from '../../src/shared/facts.js';

const lines = (...l: string[]): string => l.join('\n');
const accesses = (facts: Facts): string[] => facts.dataAccess.map((d) => `${d.module}:${d.line} ${d.access} ${d.table}`);
const run = (files: Record<string, string>): Promise<Facts> => analyzeSources(files, { analyzers: [knexAnalyzer] });

describe('knex analyzer', () => {
  it('follows an instance created from the knex factory to the queries made with it in other files', async () => {
    const facts = await run({
      'src/lib/database.ts': lines(
        "import createKnex, { type Knex } from 'knex';",
        "export const warehouse: Knex = createKnex({ client: 'pg', connection: process.env.DATABASE_URL });",
      ),
      'src/jobs/restock.ts': lines(
        "import { warehouse } from '../lib/database';",
        'export async function restock(sku: string) {',
        "  const levels = await warehouse('stock_levels as s')",
        "    .join('warehouses as w', 'w.id', 's.warehouse_id')",
        "    .where('s.sku', sku);",
        "  await warehouse('stock_levels').where({ sku }).update({ reserved: 0 });",
        "  await warehouse.insert({ sku }).into('stock_movements');",
        "  await warehouse.from('audit').whereIn('id', warehouse('stale_ids').select('id')).del();",
        "  await warehouse.raw('TRUNCATE TABLE scratch');",
        "  await warehouse.schema.createTable('tmp', () => undefined);",
        '  return levels;',
        '}',
      ),
    });
    expect(accesses(facts)).toEqual([
      'src/jobs/restock.ts:8 write audit',
      'src/jobs/restock.ts:9 write scratch',
      'src/jobs/restock.ts:8 read stale_ids',
      'src/jobs/restock.ts:3 read stock_levels',
      'src/jobs/restock.ts:6 write stock_levels',
      'src/jobs/restock.ts:7 write stock_movements',
      'src/jobs/restock.ts:3 read warehouses',
    ]);
  });

  it('treats transactions, Knex-typed members and knex/db/trx names as instances, and nothing else', async () => {
    const facts = await run({
      'src/db.js': "const knex = require('knex')({ client: 'sqlite3' });\nmodule.exports = { knex };\n",
      'src/orders/orders.repo.ts': lines(
        "import type { Knex } from 'knex';",
        'export class OrdersRepo {',
        '  constructor(private readonly conn: Knex) {}',
        '  place(order: object) {',
        '    return this.conn.transaction(async (t) => {',
        "      await t('orders').insert(order);",
        "      await t({ l: 'order_lines' }).insert([]);",
        '    });',
        '  }',
        '}',
        "export const byName = (db: any) => db('customers').first();",
        "export const notKnex = (translate: (k: string) => string) => translate('orders.title');",
      ),
    });
    expect(accesses(facts)).toEqual([
      'src/orders/orders.repo.ts:11 read customers',
      'src/orders/orders.repo.ts:7 write order_lines',
      'src/orders/orders.repo.ts:6 write orders',
    ]);
  });
});

describe('knex in CommonJS', () => {
  it('follows an instance exported with module.exports to a destructuring require', async () => {
    const facts = await run({
      'lib/connection.js': "const pg = require('knex')({ client: 'pg' });\nmodule.exports = { pg };\n",
      'jobs/cleanup.js': "const { pg } = require('../lib/connection');\nexports.run = () => pg('sessions').where('expired', true).del();\n",
      'jobs/other.js': "const pg = require('./not-knex');\nexports.run = () => pg('sessions');\n",
    });
    expect(accesses(facts)).toEqual(['jobs/cleanup.js:2 write sessions']);
  });
});

describe('knex collect', () => {
  it('records module-level instances and the queries with how they name their instance', () => {
    const sf = ts.createSourceFile(
      'src/x.ts',
      lines("import knex from 'knex';", 'export const db = knex({});', "export const list = () => db('orders').select('*');"),
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TS,
    );
    expect(collectKnex(sf)).toEqual({
      instances: { db: true },
      queries: [{ root: { kind: 'name', name: 'db' }, tables: [{ table: 'orders', access: 'read' }], line: 3, owner: '#list' }],
    });
  });
});

describe('knex common table expressions', () => {
  it('does not take a name the file defines with .with() for a table, nor the database catalogs', async () => {
    const facts = await run({
      'src/stats.ts': lines(
        "import { Knex } from 'knex';",
        "const ALIAS = 'main_table';",
        'export class Stats {',
        '  constructor(private readonly knex: Knex) {}',
        '  build() {',
        "    return this.knex.with(ALIAS, (qb) => qb.select('*').from('records'));",
        '  }',
        '  run() {',
        "    return this.knex.from(ALIAS).join('fields', 'fields.id', 'main_table.field_id');",
        '  }',
        '  columns() {',
        "    return this.knex('information_schema.columns').where('table_name', 'records');",
        '  }',
        '}',
      ),
    });
    expect(accesses(facts)).toEqual(['src/stats.ts:9 read fields']);
  });
});

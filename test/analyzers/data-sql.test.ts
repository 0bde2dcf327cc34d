import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { collectSql, sqlAnalyzer } from '../../analyzers/data/sql.js';
import { isSqlStatement, sqlTables } from '../../analyzers/data/sql-tables.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { Facts } from '../../src/shared/facts.js';

const lines = (...l: string[]): string => l.join('\n');
const accesses = (facts: Facts): string[] => facts.dataAccess.map((d) => `${d.module}:${d.line} ${d.access} ${d.table}`);
const tables = (sql: string): string[] => sqlTables(sql).map((t) => `${t.access} ${t.table}`);

describe('sql table extraction', () => {
  it('reads FROM and JOIN tables, with aliases and comma lists', () => {
    expect(tables('SELECT o.id FROM orders o JOIN customers AS c ON c.id = o.customer_id, regions r LEFT OUTER JOIN countries ON true')).toEqual([
      'read orders',
      'read customers',
      'read regions',
      'read countries',
    ]);
  });

  it('writes INSERT INTO, UPDATE, DELETE FROM, MERGE INTO and TRUNCATE targets, and reads their sources', () => {
    expect(tables('INSERT INTO audit_log (a, b) SELECT a, b FROM events')).toEqual(['write audit_log', 'read events']);
    expect(tables('UPDATE inventory SET qty = qty - 1 FROM reservations r WHERE r.sku = inventory.sku')).toEqual(['write inventory', 'read reservations']);
    expect(tables('DELETE FROM sessions USING users WHERE sessions.user_id = users.id')).toEqual(['write sessions', 'read users']);
    expect(tables('MERGE INTO stock s USING incoming i ON s.id = i.id WHEN MATCHED THEN UPDATE SET qty = i.qty WHEN NOT MATCHED THEN INSERT (id) VALUES (i.id)')).toEqual([
      'write stock',
      'read incoming',
    ]);
    expect(tables('TRUNCATE TABLE carts, cart_items')).toEqual(['write carts', 'write cart_items']);
  });

  it('does not take the database catalogs or the select list after DISTINCT ON for tables', () => {
    expect(tables('SELECT DISTINCT ON (oa.client_id, oa.scope) oa.*, oc.id, oc."avatarUrl" FROM oauth_authentications oa JOIN oauth_clients oc ON oc.id = oa.client_id')).toEqual([
      'read oauth_authentications',
      'read oauth_clients',
    ]);
    expect(tables("SELECT column_name FROM information_schema.columns c JOIN pg_catalog.pg_class k ON true, pg_stat_activity WHERE table_name = 'x'")).toEqual([]);
    expect(tables('SELECT name FROM sqlite_master UNION SELECT name FROM mysql.user')).toEqual([]);
  });

  it('does not take CTE names, subquery aliases, table functions or FOR/DO UPDATE for tables', () => {
    expect(
      tables(
        lines(
          'WITH RECURSIVE tree(id) AS (SELECT id FROM categories), recent AS MATERIALIZED (SELECT * FROM orders)',
          'SELECT * FROM tree, recent JOIN (SELECT * FROM payments) p ON p.order_id = recent.id',
          'CROSS JOIN LATERAL unnest(recent.tags) t, generate_series(1, 3) g FOR UPDATE',
        ),
      ),
    ).toEqual(['read categories', 'read orders', 'read payments']);
    expect(tables('INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET a = excluded.a')).toEqual(['write t']);
    expect(tables('INSERT INTO hits (k) VALUES (?) ON DUPLICATE KEY UPDATE n = n + 1')).toEqual(['write hits']);
  });

  it('ignores FROM inside EXTRACT/SUBSTRING/TRIM and IS DISTINCT FROM, and strings and comments', () => {
    expect(
      tables(
        lines(
          "SELECT EXTRACT(YEAR FROM created_at), SUBSTRING(name FROM 1 FOR 3), TRIM(BOTH ' ' FROM code), 'FROM fake' AS s",
          '-- FROM commented',
          '/* JOIN hidden */',
          'FROM shipments WHERE carrier IS DISTINCT FROM $1',
        ),
      ),
    ).toEqual(['read shipments']);
  });

  it('lower-cases unquoted names, strips quotes and keeps schema qualifiers', () => {
    expect(tables('select * from Public.Orders join "Sales"."LineItems" on true join `shop`.`carts` on true join [dbo].[Users] on true')).toEqual([
      'read public.orders',
      'read Sales.LineItems',
      'read shop.carts',
      'read dbo.Users',
    ]);
  });

  it('recognises statements by their first keyword only', () => {
    expect(['  -- note\n  select 1', '(SELECT 1)', 'with x as (select 1) select * from x', 'Selected items', 'update your profile', 'hello'].map(isSqlStatement)).toEqual([
      true, true, true, false, true, false,
    ]);
    expect(tables('update your profile')).toEqual(['write your']);
  });
});

describe('sql analyzer', () => {
  it('reads statements passed to query-like calls as literals, templates, concatenations, constants and configs', async () => {
    const facts = await analyzeSources(
      {
        'src/queries.ts': "export const TOP_PRODUCTS = `SELECT p.id FROM products p JOIN order_items i ON i.product_id = p.id`;\n",
        'src/reports/report-repo.ts': lines(
          "import { Pool } from 'pg';",
          "import { TOP_PRODUCTS } from '../queries';",
          'const pool = new Pool();',
          "const DAILY = 'SELECT day, total FROM daily_sales WHERE day >= $1';",
          'export async function run(id: string, table: string) {',
          '  await pool.query(DAILY, [id]);',
          '  await pool.query(TOP_PRODUCTS);',
          "  await pool.query('UPDATE orders SET seen = true WHERE id = ' + id);",
          '  await pool.query(`DELETE FROM ${table} WHERE id = ${id}`);',
          "  await pool.query({ text: 'INSERT INTO report_runs (id) VALUES ($1)', values: [id] });",
          "  await pool.query(['SELECT *', 'FROM customers'].join(' '));",
          "  console.log('SELECT * FROM not_a_query');",
          "  await pool.query('Selecting nothing');",
          '}',
        ),
        'src/reports/tagged.ts': lines(
          "import sql from './sql-client';",
          'export const recent = () => sql`SELECT * FROM notifications WHERE sent_at > now()`;',
          "export const prismaOnly = (prisma: any) => prisma.$queryRaw`SELECT * FROM ignored_by_sql`;",
          "export const knexOnly = (knex: any) => knex.raw('SELECT * FROM ignored_too');",
        ),
      },
      { analyzers: [sqlAnalyzer] },
    );
    expect(accesses(facts)).toEqual([
      'src/reports/report-repo.ts:11 read customers',
      'src/reports/report-repo.ts:6 read daily_sales',
      'src/reports/report-repo.ts:7 read order_items',
      'src/reports/report-repo.ts:8 write orders',
      'src/reports/report-repo.ts:7 read products',
      'src/reports/report-repo.ts:10 write report_runs',
      'src/reports/tagged.ts:2 read notifications',
    ]);
  });
});

describe('sql in CommonJS', () => {
  it('reads statements exported from one file and required by another', async () => {
    const facts = await analyzeSources(
      {
        'db/queries.js': "const LIST = 'SELECT * FROM invoices';\nmodule.exports = { LIST, PAY: `UPDATE invoices SET paid = true WHERE id = $1` };\n",
        'routes/invoices.js': "const { LIST, PAY } = require('../db/queries');\nexports.list = (db) => db.query(LIST);\nexports.pay = (db, id) => db.query(PAY, [id]);\n",
      },
      { analyzers: [sqlAnalyzer] },
    );
    expect(accesses(facts)).toEqual(['routes/invoices.js:2 read invoices', 'routes/invoices.js:3 write invoices']);
  });
});

describe('sql collect', () => {
  it('records tables per statement, imported constants and SQL constants for other files', () => {
    const sf = ts.createSourceFile(
      'src/x.ts',
      lines(
        "import { Q } from './q';",
        "export const LIST = 'SELECT * FROM a';",
        'export const f = (db: any) => { db.execute(Q); return db.one(LIST); };',
      ),
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TS,
    );
    expect(collectSql(sf)).toEqual({
      statements: [{ tables: [{ table: 'a', access: 'read' }], line: 3, owner: '#f' }],
      importedConstants: [{ name: 'Q', line: 3 }],
      constants: { LIST: [{ table: 'a', access: 'read' }] },
    });
  });
});

describe('tables without a name', () => {
  it('reports a table name computed at run time as a diagnostic with file and line, never as a table', async () => {
    const facts = await analyzeSources(
      {
        'src/report.ts': lines(
          "import { Pool } from 'pg';",
          'const pool = new Pool();',
          'export const read = (tenant: string) => pool.query(`SELECT * FROM ${tenant}_orders`);',
          "export const count = () => pool.query('SELECT count(*) FROM orders');",
        ),
      },
      { analyzers: [sqlAnalyzer] },
    );
    expect(accesses(facts)).toEqual(['src/report.ts:4 read orders']);
    expect(facts.diagnostics.filter((d) => d.code === 'table-name-unknown').map((d) => `${d.file}:${d.line} ${d.message.split(';')[0]}`)).toEqual([
      'src/report.ts:3 this access names a table Seam cannot read statically ("…_orders")',
    ]);
  });
});

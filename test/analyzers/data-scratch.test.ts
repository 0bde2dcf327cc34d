import { sqlTables, isSqlStatement } from '/work/main/analyzers/data/sql-tables.js';
import { it } from "vitest"; it("x", () => {});
const cases = [
 'SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id',
 'select * from public.orders, "Line_Items" li where li.x in (select id from skus)',
 'WITH recent AS (SELECT * FROM orders WHERE created_at > now()) SELECT * FROM recent JOIN users u ON u.id = recent.user_id',
 'INSERT INTO audit_log (a, b) SELECT a, b FROM events',
 'UPDATE inventory SET qty = qty - 1 FROM reservations r WHERE r.sku = inventory.sku',
 'DELETE FROM sessions WHERE expires_at < now()',
 'INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET a = excluded.a',
 'SELECT * FROM accounts WHERE id = ? FOR UPDATE',
 'SELECT EXTRACT(YEAR FROM created_at), a IS DISTINCT FROM b FROM `shop`.`orders`',
 'TRUNCATE TABLE a, b',
 'MERGE INTO stock s USING incoming i ON s.id = i.id WHEN MATCHED THEN UPDATE SET qty = i.qty WHEN NOT MATCHED THEN INSERT (id) VALUES (i.id)',
 'SELECT * FROM generate_series(1, 10) g, lateral unnest(x) u',
 'SELECT * FROM (SELECT * FROM orders) sub, products p',
 'INSERT INTO dbo.[Order Lines] VALUES (1)',
];
for (const c of cases) console.log(isSqlStatement(c), JSON.stringify(sqlTables(c)));
console.log(isSqlStatement('  -- hi\n /* x */ (select 1'), isSqlStatement('Selection'), isSqlStatement('hello'));

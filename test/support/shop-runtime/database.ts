/** The shop's database: schema.sql and seed.sql (beside this file) loaded into a fresh `shop` database. */
import { join } from 'node:path';
import { psql, type PostgresServer } from './postgres.js';
import { SHOP_SUPPORT } from './runtime.js';

/** What seed.sql puts in the database, for the request suite. */
export const SEED = {
  admin: { email: 'admin@shop.example', password: 'admin-password-1', userId: '00000000-0000-4000-8000-a00000000001' },
  ada: {
    email: 'ada@shop.example',
    password: 'ada-password-1815',
    userId: '00000000-0000-4000-8000-a00000000002',
    customerId: '00000000-0000-4000-8000-c00000000001',
  },
  brunelCustomerId: '00000000-0000-4000-8000-c00000000002',
  categories: { lighting: '00000000-0000-4000-8000-ca0000000001', kitchen: '00000000-0000-4000-8000-ca0000000002' },
  products: {
    deskLamp: '00000000-0000-4000-8000-d00000000001',
    kettle: '00000000-0000-4000-8000-d00000000002',
    mugSet: '00000000-0000-4000-8000-d00000000003',
    /** a draft, never sold */
    pendant: '00000000-0000-4000-8000-d00000000004',
  },
  warehouses: ['BER1', 'HAM1'],
  /** the 2024 orders and daily_sales rows fall in this range (to is exclusive) */
  salesRange: { from: '2024-01-01', to: '2024-02-01' },
} as const;

/** Drops and recreates the `shop` database with the schema and the seed; returns its URL. */
export function resetDatabase(server: PostgresServer, name = 'shop'): string {
  psql(server, server.adminUrl, { sql: `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)` });
  psql(server, server.adminUrl, { sql: `CREATE DATABASE "${name}"` });
  const url = `postgres://postgres@${server.host}:${server.port}/${name}`;
  psql(server, url, { files: [join(SHOP_SUPPORT, 'schema.sql'), join(SHOP_SUPPORT, 'seed.sql')] });
  return url;
}

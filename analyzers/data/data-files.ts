/**
 * Files whose data access is not the application's: migrations (schema history) and seeds
 * (development and test data). Decided from the path alone, by the conventions of the migration
 * and seed tools:
 *
 * - migrations: any file under a folder named `migration(s)` (TypeORM, MikroORM, Knex,
 *   Sequelize CLI, Prisma, Postgrator, golang-migrate, dbmate defaults), or named like one:
 *   `1614355563-CreateUsers.ts` (a 10+ digit timestamp first), `Migration20191019195930.ts` (MikroORM);
 * - seeds: any file under a folder named `seed(s)` / `seeder(s)` (Knex `seeds`, Sequelize CLI
 *   `seeders`, MikroORM `seeders`), or named `seed.ts`, `seeds.ts`, `seeder.ts`, `*.seed.ts`,
 *   `*.seeder.ts` (Prisma's `prisma/seed.ts`).
 *
 * Their reads and writes are left out of the data access (a migration's DDL is kept as
 * `facts.ddl`); a seed file gets one `seed-access-excluded` diagnostic.
 */

const MIGRATION_DIR = /(?:^|\/)migrations?\//i;
const MIGRATION_FILE = /(?:^|\/)(?:\d{10,}[-_.]?[^/]*|Migration\d{14}[^/]*)\.[cm]?[jt]s$/;
const SEED_DIR = /(?:^|\/)(?:seeds?|seeders?)\//i;
const SEED_FILE = /(?:^|\/)(?:seeds?|seeder|[^/]+\.seeds?|[^/]+\.seeder)\.[cm]?[jt]s$/i;

export function isMigrationPath(path: string): boolean {
  return MIGRATION_DIR.test(path) || MIGRATION_FILE.test(path);
}

export function isSeedPath(path: string): boolean {
  return SEED_DIR.test(path) || SEED_FILE.test(path);
}

/**
 * The migration set a file belongs to: the folder up to the last `migration(s)` segment
 * (`prisma/migrations/20240101_init/migration.sql` -> `prisma/migrations`), applied in file name
 * order; other files (a `schema.sql`) are a set of their own.
 */
export function migrationSet(path: string): string {
  const m = /^(.*(?:^|\/)migrations?)\//i.exec(path);
  return m ? m[1]! : path;
}

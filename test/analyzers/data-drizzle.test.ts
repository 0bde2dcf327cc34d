import { describe, expect, it } from 'vitest';
import { drizzleAnalyzer } from '../../analyzers/data/drizzle.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { Facts } from '../../src/shared/facts.js';

const lines = (...l: string[]): string => l.join('\n');
const drizzlePackage = JSON.stringify({ dependencies: { 'drizzle-orm': '0.36.4' } });
const run = (files: Record<string, string>): Promise<Facts> => analyzeSources({ 'package.json': drizzlePackage, ...files }, { analyzers: [drizzleAnalyzer] });
const entities = (facts: Facts): string[] => facts.entities.map((e) => `${e.name} ${e.table} ${e.module}:${e.line}`);
const accesses = (facts: Facts): string[] =>
  facts.dataAccess.map((d) => `${d.module}:${d.line} ${d.access} ${d.table} (${d.entity ?? '-'})${d.statement ? ' statement' : ''}`);

const schema = lines(
  "import { relations } from 'drizzle-orm';",
  "import { integer, pgTable, serial, text } from 'drizzle-orm/pg-core';",
  "export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });",
  "export const posts = pgTable('blog_posts', (t) => ({ id: t.serial().primaryKey(), authorId: integer('author_id') }));",
  "export const comments = pgTable('comments', { id: serial('id'), postId: integer('post_id') });",
  'export const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));',
  'export const postsRelations = relations(posts, ({ one, many }) => ({',
  '  author: one(users, { fields: [posts.authorId], references: [users.id] }),',
  '  comments: many(comments),',
  '}));',
);
const client = lines(
  "import { drizzle } from 'drizzle-orm/node-postgres';",
  "import * as schema from './schema';",
  'export const db = drizzle(process.env.DATABASE_URL!, { schema });',
);

describe('drizzle analyzer', () => {
  it('declares a table per pgTable/mysqlTable/sqliteTable variable, schema tables qualified, creator names applied', async () => {
    const facts = await run({
      'src/db/pg.ts': lines(
        "import { pgSchema, pgTable, pgTableCreator, serial } from 'drizzle-orm/pg-core';",
        "export const accounts = pgTable('accounts', { id: serial('id') });",
        "const billing = pgSchema('billing');",
        "export const invoices = billing.table('invoices', { id: serial('id') });",
        "export const refunds = pgSchema('billing').table('refunds', { id: serial('id') });",
        "const createTable = pgTableCreator((name) => `shop_${name}`);",
        "export const carts = createTable('carts', { id: serial('id') });",
        "export const secrets = pgTable('secrets', { id: serial('id') }).enableRLS();",
        "export const billingSchema = billing;",
      ),
      'src/db/more.ts': lines(
        "import { serial } from 'drizzle-orm/pg-core';",
        "import { billingSchema } from './pg';",
        "export const credits = billingSchema.table('credits', { id: serial('id') });",
      ),
      'src/db/mysql.ts': lines(
        "import { int, mysqlTable } from 'drizzle-orm/mysql-core';",
        "export const events = mysqlTable('events', { id: int('id') });",
      ),
      'src/db/sqlite.ts': lines(
        "import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';",
        "const TABLE = 'kv';",
        'export const kv = sqliteTable(TABLE, { id: integer() });',
      ),
    });
    expect(entities(facts)).toEqual([
      'accounts accounts src/db/pg.ts:2',
      'credits billing.credits src/db/more.ts:3',
      'invoices billing.invoices src/db/pg.ts:4',
      'refunds billing.refunds src/db/pg.ts:5',
      'events events src/db/mysql.ts:2',
      'kv kv src/db/sqlite.ts:3',
      'secrets secrets src/db/pg.ts:8',
      'carts shop_carts src/db/pg.ts:7',
    ]);
    expect(facts.entities.every((e) => e.via === 'drizzle')).toBe(true);
  });

  it('reads select-from and its joins as one statement, writes insert/update/delete, through a db imported from another module', async () => {
    const facts = await run({
      'src/db/schema.ts': schema,
      'src/db/index.ts': client,
      'src/posts/repository.ts': lines(
        "import { eq } from 'drizzle-orm';",
        "import { db } from '../db';",
        "import { comments, posts, users } from '../db/schema';",
        'export function feed() {',
        '  return db',
        '    .select()',
        '    .from(posts)',
        '    .innerJoin(users, eq(posts.authorId, users.id))',
        '    .leftJoin(comments, eq(comments.postId, posts.id));',
        '}',
        'export const create = (title: string) => db.insert(posts).values({ title });',
        'export const rename = (id: number, name: string) => db.update(users).set({ name }).where(eq(users.id, id));',
        'export const purge = (id: number) => db.delete(comments).where(eq(comments.id, id));',
        'export const count = () => db.$count(users);',
      ),
    });
    expect(accesses(facts)).toEqual([
      'src/posts/repository.ts:5 read blog_posts (posts) statement',
      'src/posts/repository.ts:11 write blog_posts (posts) statement',
      'src/posts/repository.ts:5 read comments (comments) statement',
      'src/posts/repository.ts:13 write comments (comments) statement',
      'src/posts/repository.ts:5 read users (users) statement',
      'src/posts/repository.ts:14 read users (users) statement',
      'src/posts/repository.ts:12 write users (users) statement',
    ]);
  });

  it('follows tables through transactions, class members, namespace imports, barrels and alias()', async () => {
    const facts = await run({
      'src/db/schema.ts': schema,
      'src/db/tables.ts': "export * from './schema';\n",
      'src/db/index.ts': client,
      'src/users/service.ts': lines(
        "import { eq } from 'drizzle-orm';",
        "import { alias } from 'drizzle-orm/pg-core';",
        "import type { NodePgDatabase } from 'drizzle-orm/node-postgres';",
        "import * as tables from '../db/tables';",
        "import { posts, users } from '../db/tables';",
        'export class UserService {',
        '  constructor(private readonly db: NodePgDatabase) {}',
        '  register(name: string) {',
        '    return this.db.transaction(async (tx) => {',
        '      const [user] = await tx.insert(users).values({ name }).returning();',
        '      await tx.insert(tables.posts).values({ authorId: user!.id });',
        '    });',
        '  }',
        '  managers() {',
        "    const manager = alias(users, 'manager');",
        '    return this.db.select().from(users).leftJoin(manager, eq(manager.id, users.id));',
        '  }',
        '}',
      ),
    });
    expect(accesses(facts)).toEqual([
      'src/users/service.ts:11 write blog_posts (posts) statement',
      'src/users/service.ts:16 read users (users) statement',
      'src/users/service.ts:10 write users (users) statement',
    ]);
  });

  it('reads the table of a relational query by its schema export name, and every table its with-relations include', async () => {
    const facts = await run({
      'src/db/schema.ts': schema,
      'src/db/index.ts': client,
      'src/feed.ts': lines(
        "import { db } from './db';",
        'export const authorPage = (id: number) =>',
        '  db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, id), with: { posts: { with: { comments: true } } } });',
        'export const postList = () => db.query.posts.findMany({ with: { author: true, comments: false } });',
        'export const unknown = () => db.query.drafts.findMany();',
      ),
    });
    expect(accesses(facts)).toEqual([
      'src/feed.ts:3 read blog_posts (posts) statement',
      'src/feed.ts:4 read blog_posts (posts) statement',
      'src/feed.ts:3 read comments (comments) statement',
      'src/feed.ts:3 read users (users) statement',
      'src/feed.ts:4 read users (users) statement',
    ]);
  });

  it('ignores what is not a declared table: parameters, locals, strings, other receivers with unrelated arguments', async () => {
    const facts = await run({
      'src/db/schema.ts': schema,
      'src/db/index.ts': client,
      'src/misc.ts': lines(
        "import { db } from './db';",
        "import { users } from './db/schema';",
        'export function generic(table: typeof users) { return db.select().from(table); }',
        'export function shadow() { const users = [1]; return Array.from(users); }',
        "export const cache = new Map<string, number>(); cache.delete('users');",
        "export const items = Array.from('users');",
      ),
    });
    expect(accesses(facts)).toEqual([]);
  });

  it('reports a table whose name it cannot read, and makes up no name for it', async () => {
    const facts = await run({
      'src/db/schema.ts': lines(
        "import { pgTable, serial } from 'drizzle-orm/pg-core';",
        "import { defineModel } from './models';",
        "export const scoped = pgTable(`${process.env.TENANT}_orders`, { id: serial('id') });",
        "export const legacy = defineModel('legacy_orders', { id: serial('id') });",
      ),
      'src/db/models.ts': 'export const defineModel = (name: string, columns: object) => ({ name, columns });\n',
    });
    expect(facts.entities).toEqual([]);
    expect(facts.diagnostics.filter((d) => d.code === 'drizzle-table-unknown').map((d) => `${d.severity} ${d.file}:${d.line}`)).toEqual([
      'warning src/db/schema.ts:3',
      'info src/db/schema.ts:4',
    ]);
  });

  it('is not enabled in a repository that does not depend on drizzle-orm', async () => {
    const facts = await analyzeSources({
      'package.json': JSON.stringify({ dependencies: { knex: '3.1.0' } }),
      'src/db/schema.ts': schema,
      'src/db/index.ts': client,
      'src/repo.ts': "import { db } from './db';\nimport { users } from './db/schema';\nexport const all = () => db.select().from(users);\n",
    });
    expect(facts.plugins).not.toContain('drizzle');
    expect(facts.entities).toEqual([]);
    expect(facts.dataAccess).toEqual([]);
  });
});

import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { collectPrisma, prismaAnalyzer } from '../../analyzers/data/prisma.js';
import { parsePrismaSchema } from '../../analyzers/data/prisma-schema.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { Facts } from '../../src/shared/facts.js';

const lines = (...l: string[]): string => l.join('\n');
const accesses = (facts: Facts): string[] =>
  facts.dataAccess.map((d) => `${d.module}:${d.line} ${d.access} ${d.table}${d.entity ? ` (${d.entity})` : ''} ${d.via}`);
const run = (files: Record<string, string>): Promise<Facts> => analyzeSources(files, { analyzers: [prismaAnalyzer] });

const SCHEMA = lines(
  'generator client {',
  '  provider = "prisma-client-js"',
  '}',
  '',
  '// Orders placed by customers',
  'model Order {',
  '  id    Int         @id @default(autoincrement())',
  '  items OrderItem[]',
  '  note  String      @default("a // not a comment")',
  '  @@map("orders")',
  '}',
  '',
  'model OrderItem {',
  '  id      Int   @id',
  '  orderId Int',
  '  order   Order @relation(fields: [orderId], references: [id])',
  '  @@map(name: "order_items")',
  '}',
  '',
  'model AuditEntry {',
  '  id Int @id',
  '}',
  '',
  'enum Status {',
  '  OPEN',
  '  CLOSED',
  '}',
);

describe('prisma schema reader', () => {
  it('reads models, @@map and lines, and skips other blocks', () => {
    expect(parsePrismaSchema(SCHEMA)).toEqual({
      models: [
        { name: 'Order', table: 'orders', line: 6, kind: 'model', fields: [{ name: 'items', type: 'OrderItem', list: true, line: 8 }] },
        { name: 'OrderItem', table: 'order_items', line: 13, kind: 'model', fields: [{ name: 'order', type: 'Order', list: false, line: 16 }] },
        { name: 'AuditEntry', table: 'AuditEntry', line: 20, kind: 'model', fields: [] },
      ],
      problems: [],
    });
  });

  it('reports an unclosed block and text outside blocks, keeping what it could read', () => {
    const parsed = parsePrismaSchema(lines('model A {', '  id Int @id', 'model B {', '  @@map("bs")', '}', 'oops'));
    expect(parsed.models).toEqual([
      { name: 'A', table: 'A', line: 1, kind: 'model', fields: [] },
      { name: 'B', table: 'bs', line: 3, kind: 'model', fields: [] },
    ]);
    expect(parsed.problems).toEqual([
      { line: 1, message: '`model A` is not closed before line 3' },
      { line: 6, message: 'expected a block such as `model Name {`, found `oops`' },
    ]);
  });
});

describe('prisma analyzer', () => {
  it('finds model delegate calls on any client, in transactions, and raw queries', async () => {
    const facts = await run({
      'prisma/schema.prisma': SCHEMA,
      'src/db.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n",
      'src/orders/order-service.ts': lines(
        "import { prisma } from '../db';",
        'export async function place(customerId: number) {',
        '  return prisma.$transaction(async (tx) => {',
        '    const order = await tx.order.create({ data: {} });',
        '    await tx.orderItem.createMany({ data: [{ orderId: order.id }] });',
        '    return order;',
        '  });',
        '}',
        'export const open = () => prisma.order.findMany({ where: {} });',
        'export const totals = () => prisma.$queryRaw`SELECT o.id, count(*) FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.id = ${1}`;',
        "export const purge = () => prisma.$executeRawUnsafe('DELETE FROM \"AuditEntry\" WHERE id < $1', 10);",
        'export const unknownModel = () => prisma.invoice.findMany();',
      ),
      'src/orders/order-repo.ts': lines(
        "import type { PrismaClient } from '@prisma/client';",
        'export class OrderRepo {',
        '  constructor(private readonly db: PrismaClient) {}',
        '  count() { return this.db.order.count(); }',
        '  lines(id: number) { return this.db.orderItem.findMany({ where: { orderId: id } }); }',
        '}',
      ),
    });
    expect(accesses(facts)).toEqual([
      'src/orders/order-repo.ts:5 read order_items (OrderItem) prisma',
      'src/orders/order-repo.ts:4 read orders (Order) prisma',
      'src/orders/order-service.ts:11 write AuditEntry (AuditEntry) prisma',
      'src/orders/order-service.ts:10 read order_items (OrderItem) prisma',
      'src/orders/order-service.ts:5 write order_items (OrderItem) prisma',
      'src/orders/order-service.ts:9 read orders (Order) prisma',
      'src/orders/order-service.ts:10 read orders (Order) prisma',
      'src/orders/order-service.ts:4 write orders (Order) prisma',
    ]);
    expect(facts.entities.map((e) => `${e.name} -> ${e.table} ${e.module}:${e.line}`)).toEqual([
      'AuditEntry -> AuditEntry prisma/schema.prisma:20',
      'OrderItem -> order_items prisma/schema.prisma:13',
      'Order -> orders prisma/schema.prisma:6',
    ]);
  });

  it('reads models from every .prisma file and reports a schema it cannot parse, with file and line', async () => {
    const facts = await run({
      'prisma/schema/order.prisma': 'model Order {\n  id Int @id\n  @@map("orders")\n}\n',
      'prisma/schema/broken.prisma': 'model Broken {\n  id Int @id\n',
      'src/a.ts': 'export const f = (db: any) => db.broken.delete({ where: {} });\n',
    });
    expect(accesses(facts)).toEqual(['src/a.ts:1 write Broken (Broken) prisma']);
    expect(facts.diagnostics.filter((d) => d.code === 'prisma-parse-error')).toEqual([
      {
        severity: 'warning',
        code: 'prisma-parse-error',
        file: 'prisma/schema/broken.prisma',
        line: 1,
        message: '`model Broken` is not closed (missing `}`); models after this point may be missing (run `prisma validate`)',
      },
    ]);
  });
});

describe('prisma collect', () => {
  it('records delegate calls and raw SQL tables, not `this.<x>.<method>` on ordinary classes', () => {
    const sf = ts.createSourceFile(
      'src/x.ts',
      lines(
        'class UsersService {',
        '  constructor(private prisma: any, private users: any) {}',
        '  a() { return this.prisma.user.findUnique({ where: { id: 1 } }); }',
        '  b() { return this.users.create({}); }',
        "  c() { return this.prisma.$queryRawUnsafe('UPDATE users SET seen = now()'); }",
        '}',
      ),
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TS,
    );
    const { flow, ...local } = collectPrisma(sf)!;
    expect(local).toEqual({
      calls: [{ delegate: 'user', access: 'read', line: 3, owner: 'UsersService#a', args: { where: { id: 1 } } }],
      raw: [{ tables: [{ table: 'users', access: 'write' }], line: 5 }],
    });
    expect(flow?.calls.map((c) => `${c.owner} ${c.method}`)).toEqual(['UsersService#b create', 'UsersService#c $queryRawUnsafe']);
  });
});

describe('prisma relations', () => {
  const BLOG = lines(
    'model User {',
    '  id         Int       @id',
    '  articles   Article[]',
    '  favorites  Article[] @relation("UserFavorites")',
    '  followedBy User[]    @relation("UserFollows")',
    '  following  User[]    @relation("UserFollows")',
    '}',
    'model Article {',
    '  id          Int    @id',
    '  authorId    Int',
    '  author      User   @relation(fields: [authorId], references: [id])',
    '  favoritedBy User[] @relation("UserFavorites")',
    '  tagList     Tag[]',
    '  comments    Comment[]',
    '}',
    'model Tag {',
    '  id       Int       @id',
    '  articles Article[]',
    '}',
    'model Comment {',
    '  id        Int     @id',
    '  articleId Int',
    '  article   Article @relation(fields: [articleId], references: [id])',
    '}',
  );

  it('names implicit many-to-many tables _<relation name>, by default _<A>To<B> in alphabetical order', async () => {
    const facts = await run({ 'prisma/schema.prisma': BLOG });
    expect(facts.entities.map((e) => `${e.name} -> ${e.table} ${e.module}:${e.line}`)).toEqual([
      'Article -> Article prisma/schema.prisma:8',
      'Comment -> Comment prisma/schema.prisma:20',
      'Tag -> Tag prisma/schema.prisma:16',
      'User -> User prisma/schema.prisma:1',
      '_ArticleToTag -> _ArticleToTag prisma/schema.prisma:13',
      '_UserFavorites -> _UserFavorites prisma/schema.prisma:4',
      '_UserFollows -> _UserFollows prisma/schema.prisma:5',
    ]);
  });

  it('counts relation reads (include, select, relation filters) and nested writes as accesses of the calling module', async () => {
    const facts = await run({
      'prisma/schema.prisma': BLOG,
      'src/article.service.ts': lines(
        "import { PrismaClient } from '@prisma/client';",
        'const prisma = new PrismaClient();',
        'export const feed = (id: number) =>',
        '  prisma.article.findMany({',
        '    where: { author: { followedBy: { some: { id } } } },',
        '    include: { tagList: true, _count: { select: { comments: true } } },',
        '  });',
        'export const create = (tags: string[]) =>',
        '  prisma.article.create({',
        '    data: { tagList: { connectOrCreate: tags.map((name) => ({ where: { name }, create: { name } })) }, author: { connect: { id: 1 } } },',
        '  });',
        'export const follow = (id: number) => prisma.user.update({ where: { id }, data: { followedBy: { connect: { id: 2 } } } });',
      ),
    });
    expect(accesses(facts)).toEqual([
      'src/article.service.ts:4 read Article (Article) prisma',
      'src/article.service.ts:9 write Article (Article) prisma',
      'src/article.service.ts:4 read Comment (Comment) prisma',
      'src/article.service.ts:4 read Tag (Tag) prisma',
      'src/article.service.ts:9 write Tag (Tag) prisma',
      'src/article.service.ts:4 read User (User) prisma',
      'src/article.service.ts:12 write User (User) prisma',
      'src/article.service.ts:4 read _ArticleToTag prisma',
      'src/article.service.ts:9 write _ArticleToTag prisma',
      'src/article.service.ts:4 read _UserFollows prisma',
      'src/article.service.ts:12 write _UserFollows prisma',
    ]);
  });
});

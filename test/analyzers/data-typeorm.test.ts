import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { collectEntityOrm } from '../../analyzers/data/entity-orm.js';
import { typeormAnalyzer, typeormFlavor } from '../../analyzers/data/typeorm.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { Facts } from '../../src/shared/facts.js';

const lines = (...l: string[]): string => l.join('\n');

/** `module:line access table (Entity)`, in the order the facts come. */
function accesses(facts: Facts): string[] {
  return facts.dataAccess.map((d) => `${d.module}:${d.line} ${d.access} ${d.table}${d.entity ? ` (${d.entity})` : ''} ${d.via}`);
}

function entities(facts: Facts): string[] {
  return facts.entities.map((e) => `${e.name} -> ${e.table} ${e.module}:${e.line}`);
}

const run = (files: Record<string, string>): Promise<Facts> => analyzeSources(files, { analyzers: [typeormAnalyzer] });

const ENTITIES = {
  'src/orders/order.entity.ts': lines(
    "import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';",
    "@Entity('orders')",
    'export class Order {',
    '  @PrimaryGeneratedColumn() id!: number;',
    '}',
  ),
  'src/orders/order-line.entity.ts': lines(
    "import { Entity, PrimaryColumn } from 'typeorm';",
    "@Entity({ name: 'order_lines' })",
    'export class OrderLine { @PrimaryColumn() id!: number; }',
  ),
  'src/shipping/shipment-event.entity.ts': lines(
    "import { Entity, ViewEntity } from 'typeorm';",
    '@Entity()',
    'export class ShipmentEvent {}',
    "@ViewEntity({ name: 'daily_shipments', expression: 'SELECT 1' })",
    'export class DailyShipments {}',
  ),
  'src/entities/index.ts': lines("export * from '../orders/order.entity';", "export { OrderLine } from '../orders/order-line.entity';"),
};

describe('typeorm analyzer', () => {
  it('names entity tables from @Entity, @Entity({ name }), the default naming strategy and @ViewEntity', async () => {
    const facts = await run(ENTITIES);
    expect(entities(facts)).toEqual([
      'DailyShipments -> daily_shipments src/shipping/shipment-event.entity.ts:5',
      'OrderLine -> order_lines src/orders/order-line.entity.ts:3',
      'Order -> orders src/orders/order.entity.ts:3',
      'ShipmentEvent -> shipment_event src/shipping/shipment-event.entity.ts:3',
    ]);
    expect(facts.dataAccess).toEqual([]);
  });

  it('follows injected repositories, getRepository and entity managers to the entity across files and barrels', async () => {
    const facts = await run({
      ...ENTITIES,
      'src/orders/orders.service.ts': lines(
        "import { Injectable } from '@nestjs/common';",
        "import { InjectRepository } from '@nestjs/typeorm';",
        "import { DataSource, EntityManager, Repository } from 'typeorm';",
        "import { Order, OrderLine } from '../entities';",
        "import { ShipmentEvent } from '../shipping/shipment-event.entity';",
        '@Injectable()',
        'export class OrdersService {',
        '  constructor(',
        '    @InjectRepository(Order) private readonly orders: Repository<Order>,',
        '    private readonly dataSource: DataSource,',
        '  ) {}',
        '  list() { return this.orders.find({ where: {} }); }',
        '  async place(lines: unknown[]) {',
        '    const lineRepo = this.dataSource.getRepository(OrderLine);',
        '    await lineRepo.insert(lines as never);',
        '    return this.dataSource.transaction(async (em: EntityManager) => {',
        '      await em.save(ShipmentEvent, { kind: "placed" });',
        '      return em.count(Order);',
        '    });',
        '  }',
        '  cancel(id: number) { return this.orders.softDelete(id); }',
        '  helpers() { return [1, 2].find((x) => x > 1); }',
        '}',
      ),
    });
    expect(accesses(facts)).toEqual([
      'src/orders/orders.service.ts:15 write order_lines (OrderLine) typeorm',
      'src/orders/orders.service.ts:12 read orders (Order) typeorm',
      'src/orders/orders.service.ts:18 read orders (Order) typeorm',
      'src/orders/orders.service.ts:21 write orders (Order) typeorm',
      'src/orders/orders.service.ts:17 write shipment_event (ShipmentEvent) typeorm',
    ]);
  });

  it('reads query builders unless the chain inserts, updates or deletes', async () => {
    const facts = await run({
      ...ENTITIES,
      'src/orders/order-report.ts': lines(
        "import { Repository } from 'typeorm';",
        "import { AppDataSource } from '../data-source';",
        "import { Order } from '../orders/order.entity';",
        "import { OrderLine } from '../orders/order-line.entity';",
        'export class OrderReport {',
        '  constructor(private readonly repo: Repository<Order>) {}',
        "  open() { return this.repo.createQueryBuilder('o').where('o.open').getMany(); }",
        '  close() {',
        '    return this.repo',
        "      .createQueryBuilder('o')",
        '      .update()',
        '      .set({ open: false })',
        '      .execute();',
        '  }',
        "  purge() { return AppDataSource.createQueryBuilder().delete().from(OrderLine).where('1=1').execute(); }",
        '}',
      ),
      'src/data-source.ts': "import { DataSource } from 'typeorm';\nexport const AppDataSource = new DataSource({ type: 'postgres' });\n",
    });
    expect(accesses(facts)).toEqual([
      'src/orders/order-report.ts:15 write order_lines (OrderLine) typeorm',
      'src/orders/order-report.ts:7 read orders (Order) typeorm',
      'src/orders/order-report.ts:9 write orders (Order) typeorm',
    ]);
  });

  it('resolves custom repositories, including accesses a generic base class makes for its subclasses', async () => {
    const facts = await run({
      ...ENTITIES,
      'src/common/base.repository.ts': lines(
        "import { ObjectLiteral, Repository } from 'typeorm';",
        'export abstract class BaseRepository<T extends ObjectLiteral> {',
        '  constructor(protected readonly repo: Repository<T>) {}',
        '  all() { return this.repo.find(); }',
        '  store(e: T) { return this.repo.save(e); }',
        '}',
      ),
      'src/orders/order.repository.ts': lines(
        "import { InjectRepository } from '@nestjs/typeorm';",
        "import { Repository } from 'typeorm';",
        "import { BaseRepository } from '../common/base.repository';",
        "import { Order } from './order.entity';",
        '',
        'export class OrderRepository extends BaseRepository<Order> {',
        '  constructor(@InjectRepository(Order) repo: Repository<Order>) { super(repo); }',
        "  pending() { return this.repo.findBy({ status: 'pending' }); }",
        '}',
      ),
      'src/orders/order-line.repository.ts': lines(
        "import { Repository } from 'typeorm';",
        "import { OrderLine } from './order-line.entity';",
        'export class OrderLineRepository extends Repository<OrderLine> {',
        '  forOrder(id: number) { return this.find({ where: { id } }); }',
        '}',
      ),
      'src/orders/checkout.ts': lines(
        "import { OrderLineRepository } from './order-line.repository';",
        'export class Checkout {',
        '  constructor(private readonly lines: OrderLineRepository) {}',
        '  run() { return this.lines.delete({}); }',
        '}',
      ),
    });
    expect(accesses(facts)).toEqual([
      'src/orders/checkout.ts:4 write order_lines (OrderLine) typeorm',
      'src/orders/order-line.repository.ts:4 read order_lines (OrderLine) typeorm',
      'src/orders/order.repository.ts:6 read orders (Order) typeorm',
      'src/orders/order.repository.ts:8 read orders (Order) typeorm',
      'src/orders/order.repository.ts:6 write orders (Order) typeorm',
    ]);
  });

  it('handles repository.extend(), active record entities, @ChildEntity tables and entity names as strings', async () => {
    const facts = await run({
      'src/content/content.entity.ts': lines(
        "import { BaseEntity, ChildEntity, Entity, TableInheritance } from 'typeorm';",
        "@Entity('contents')",
        "@TableInheritance({ column: { type: 'varchar', name: 'type' } })",
        'export class Content extends BaseEntity {}',
        '@ChildEntity()',
        'export class Article extends Content {}',
      ),
      'src/content/article.repository.ts': lines(
        "import { AppDataSource } from '../data-source';",
        "import { Article } from './content.entity';",
        'export const ArticleRepository = AppDataSource.getRepository(Article).extend({',
        '  published() { return this.findBy({ published: true }); },',
        '});',
      ),
      'src/content/publisher.ts': lines(
        "import { AppDataSource } from '../data-source';",
        "import { ArticleRepository } from './article.repository';",
        "import { Article, Content } from './content.entity';",
        'export async function publish(id: number) {',
        '  const article = await Article.findOneBy({ id });',
        '  await ArticleRepository.save({ id, published: true });',
        "  await AppDataSource.getRepository('Content').increment({ id }, 'views', 1);",
        '  return Content.count();',
        '}',
      ),
      'src/data-source.ts': "import { DataSource } from 'typeorm';\nexport const AppDataSource = new DataSource({ type: 'postgres' });\n",
    });
    expect(entities(facts)).toEqual(['Article -> contents src/content/content.entity.ts:6', 'Content -> contents src/content/content.entity.ts:4']);
    expect(accesses(facts)).toEqual([
      'src/content/article.repository.ts:4 read contents (Article) typeorm',
      'src/content/publisher.ts:5 read contents (Article) typeorm',
      'src/content/publisher.ts:8 read contents (Content) typeorm',
      'src/content/publisher.ts:6 write contents (Article) typeorm',
      'src/content/publisher.ts:7 write contents (Content) typeorm',
    ]);
  });

  it('leaves MikroORM entities to the mikroorm analyzer', async () => {
    const facts = await run({
      'src/invoice.entity.ts': "import { Entity } from '@mikro-orm/core';\n@Entity()\nexport class Invoice {}\n",
      'src/invoice.service.ts': "import { EntityManager } from '@mikro-orm/core';\nimport { Invoice } from './invoice.entity';\nexport const list = (em: EntityManager) => em.find(Invoice, {});\n",
    });
    expect(facts.entities).toEqual([]);
    expect(facts.dataAccess).toEqual([]);
  });
});

describe('typeorm collect', () => {
  const collect = (text: string) =>
    collectEntityOrm(ts.createSourceFile('src/x.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS), typeormFlavor);

  it('records entity references for cross-file resolution, not tables', () => {
    const local = collect(
      lines(
        "import { Repository } from 'typeorm';",
        "import { Order } from './order.entity';",
        'export class S {',
        '  constructor(private readonly orders: Repository<Order>) {}',
        '  a() { return this.orders.count(); }',
        '}',
        'export const repo = ds.getRepository(Order);',
      ),
    );
    const { flow, ...orm } = local!;
    expect(orm).toEqual({
      entities: [],
      classes: [{ name: 'S', line: 3, typeParams: [], members: { orders: { kind: 'name', name: 'Order' } } }],
      consts: { repo: { kind: 'name', name: 'Order' } },
      uses: [{ ref: { kind: 'member', class: 'S', prop: 'orders' }, access: 'read', line: 5, owner: 'S#a' }],
    });
    expect(flow?.calls).toEqual([
      { owner: 'S#a', recv: { kind: 'member', prop: 'orders' }, method: 'count', line: 5 },
      { owner: '', recv: { kind: 'name', name: 'ds' }, method: 'getRepository', line: 7 },
    ]);
    expect(structuredClone(local)).toEqual(local);
  });

  it('returns nothing for a file without entities or accesses', () => {
    expect(collect('export const x = [1].map((n) => n + 1);')).toBeUndefined();
  });
});

describe('typeorm join tables', () => {
  it('names @JoinTable tables as DefaultNamingStrategy.joinTableName does, and writes them where the relation array changes', async () => {
    const facts = await run({
      'src/article.entity.ts': lines(
        "import { Entity, ManyToMany, PrimaryGeneratedColumn } from 'typeorm';",
        "import { Tag } from './tag.entity';",
        "@Entity('article')",
        'export class ArticleEntity {',
        '  @PrimaryGeneratedColumn() id!: number;',
        '  @ManyToMany(() => Tag, (t) => t.articles)',
        '  tags!: Tag[];',
        '}',
      ),
      'src/tag.entity.ts': lines(
        "import { Entity, JoinTable, ManyToMany } from 'typeorm';",
        "import { ArticleEntity } from './article.entity';",
        '@Entity()',
        'export class Tag {',
        '  @ManyToMany(() => ArticleEntity, (a) => a.tags)',
        '  @JoinTable()',
        '  articles!: ArticleEntity[];',
        '}',
      ),
      'src/user.entity.ts': lines(
        "import { Entity, JoinTable, ManyToMany } from 'typeorm';",
        "import { ArticleEntity } from './article.entity';",
        "@Entity('user')",
        'export class UserEntity {',
        '  @ManyToMany(() => ArticleEntity)',
        "  @JoinTable({ name: 'user_likes' })",
        '  likedArticles!: ArticleEntity[];',
        '  @ManyToMany((type) => ArticleEntity)',
        '  @JoinTable()',
        '  readLater!: ArticleEntity[];',
        '}',
      ),
      'src/article.service.ts': lines(
        "import { Repository } from 'typeorm';",
        "import { UserEntity } from './user.entity';",
        "import { ArticleEntity } from './article.entity';",
        'export class ArticleService {',
        '  constructor(private readonly users: Repository<UserEntity>) {}',
        '  async later(user: UserEntity, article: ArticleEntity) {',
        '    user.readLater.push(article);',
        '    return this.users.save(user);',
        '  }',
        '  async untag(article: ArticleEntity) { article.tags.splice(0, 1); }',
        '}',
      ),
    });
    expect(entities(facts)).toEqual([
      'ArticleEntity -> article src/article.entity.ts:4',
      'Tag -> tag src/tag.entity.ts:4',
      'Tag.articles -> tag_articles_article src/tag.entity.ts:7',
      'UserEntity -> user src/user.entity.ts:4',
      'UserEntity.likedArticles -> user_likes src/user.entity.ts:7',
      'UserEntity.readLater -> user_read_later_article src/user.entity.ts:10',
    ]);
    expect(accesses(facts)).toEqual([
      'src/article.service.ts:10 write tag_articles_article typeorm',
      'src/article.service.ts:8 write user (UserEntity) typeorm',
      'src/article.service.ts:7 write user_read_later_article typeorm',
    ]);
  });
});

describe('typeorm entities through a project decorator', () => {
  // the layout of a multi-ORM monorepo: a decorator that applies TypeORM's (and MikroORM's)
  // @Entity, exported through a barrel, and relation decorators wrapping ManyToMany
  const WRAPPED = {
    'src/core/decorators/entity/entity.decorator.ts': lines(
      "import { Entity as MikroOrmEntity } from '@mikro-orm/core';",
      "import { Entity as TypeOrmEntity } from 'typeorm';",
      'export function MultiORMEntity(nameOrOptions?: string | object, maybeOptions?: object): ClassDecorator {',
      "  const mikroOrmOptions: any = typeof nameOrOptions === 'string' ? { tableName: nameOrOptions, ...maybeOptions } : {};",
      '  return (target: any) => {',
      '    MikroOrmEntity(mikroOrmOptions)(target);',
      '    TypeOrmEntity(nameOrOptions as any, maybeOptions)(target);',
      '  };',
      '}',
    ),
    'src/core/decorators/entity/relations/type-orm.ts': lines(
      "import { ManyToMany } from 'typeorm';",
      'export { ManyToMany as TypeOrmManyToMany };',
    ),
    'src/core/decorators/entity/relations/many-to-many.decorator.ts': lines(
      "import { TypeOrmManyToMany } from './type-orm';",
      'export function MultiORMManyToMany(target: any, inverse?: any): PropertyDecorator {',
      '  return (t: any, key: string | symbol) => { TypeOrmManyToMany(target, inverse)(t, key as string); };',
      '}',
    ),
    'src/core/decorators/entity/relations/index.ts': "export * from './many-to-many.decorator';",
    'src/core/decorators/entity/index.ts': lines("export * from './entity.decorator';", "export * from './relations';"),
    'src/tag/tag.entity.ts': lines(
      "import { MultiORMEntity } from '../core/decorators/entity';",
      "@MultiORMEntity('tag')",
      'export class Tag {}',
    ),
    'src/warehouse/warehouse.entity.ts': lines(
      "import { JoinTable } from 'typeorm';",
      "import { Injectable } from '@nestjs/common';",
      "import { MultiORMEntity, MultiORMManyToMany } from './../core/decorators/entity';",
      "import { Tag } from '../tag/tag.entity';",
      "@MultiORMEntity('warehouse', { mikroOrmRepository: () => undefined })",
      'export class Warehouse {',
      '  @MultiORMManyToMany(() => Tag)',
      "  @JoinTable({ name: 'tag_warehouse' })",
      '  tags?: Tag[];',
      '  @MultiORMManyToMany(() => Tag)',
      '  @JoinTable()',
      '  labels?: Tag[];',
      '}',
      '@Injectable()',
      'export class NotAnEntity {}',
    ),
    'src/warehouse/warehouse.service.ts': lines(
      "import { InjectRepository } from '@nestjs/typeorm';",
      "import { Repository } from 'typeorm';",
      "import { Warehouse } from './warehouse.entity';",
      'export class WarehouseService {',
      '  constructor(@InjectRepository(Warehouse) private readonly repo: Repository<Warehouse>) {}',
      '  list() { return this.repo.find(); }',
      '}',
    ),
  };

  it('takes a class decorated with a function that applies TypeORM\'s @Entity as an entity, and @JoinTable on a wrapped @ManyToMany', async () => {
    const facts = await run(WRAPPED);
    expect(entities(facts)).toEqual([
      'Tag -> tag src/tag/tag.entity.ts:3',
      'Warehouse.tags -> tag_warehouse src/warehouse/warehouse.entity.ts:9',
      'Warehouse -> warehouse src/warehouse/warehouse.entity.ts:6',
      'Warehouse.labels -> warehouse_labels_tag src/warehouse/warehouse.entity.ts:12',
    ]);
    expect(accesses(facts)).toEqual(['src/warehouse/warehouse.service.ts:6 read warehouse (Warehouse) typeorm']);
  });

  it('takes no class whose decorator does not apply @Entity', async () => {
    const facts = await run({
      'src/audit.ts': lines(
        "import { Entity } from 'typeorm';",
        'export function Audited(): ClassDecorator { return () => undefined; }',
        'export const table = () => Entity;',
      ),
      'src/order.ts': lines("import { Audited } from './audit';", "@Audited('orders')", 'export class Order {}'),
    });
    expect(entities(facts)).toEqual([]);
  });
});

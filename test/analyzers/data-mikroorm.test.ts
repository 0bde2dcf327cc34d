import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { collectEntityOrm } from '../../analyzers/data/entity-orm.js';
import { mikroormAnalyzer, mikroormFlavor } from '../../analyzers/data/mikroorm.js';
import { typeormAnalyzer } from '../../analyzers/data/typeorm.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { Facts } from '../../src/shared/facts.js';

const lines = (...l: string[]): string => l.join('\n');
const accesses = (facts: Facts): string[] =>
  facts.dataAccess.map((d) => `${d.module}:${d.line} ${d.access} ${d.table}${d.entity ? ` (${d.entity})` : ''} ${d.via}`);

const ENTITIES = {
  'src/billing/invoice.entity.ts': lines(
    "import { Entity, PrimaryKey } from '@mikro-orm/core';",
    "@Entity({ tableName: 'invoices' })",
    'export class Invoice {',
    '  @PrimaryKey() id!: string;',
    '  constructor(public customerId: string) {}',
    '}',
  ),
  'src/billing/invoice-line.entity.ts': lines(
    "import { Entity, PrimaryKey } from '@mikro-orm/postgresql';",
    '@Entity()',
    'export class InvoiceLine { @PrimaryKey() id!: string; }',
  ),
};

describe('mikroorm analyzer', () => {
  it('names tables from @Entity({ tableName }) and the underscore naming strategy', async () => {
    const facts = await analyzeSources(ENTITIES, { analyzers: [mikroormAnalyzer, typeormAnalyzer] });
    expect(facts.entities).toEqual([
      { name: 'InvoiceLine', table: 'invoice_line', via: 'mikroorm', module: 'src/billing/invoice-line.entity.ts', line: 3 },
      { name: 'Invoice', table: 'invoices', via: 'mikroorm', module: 'src/billing/invoice.entity.ts', line: 3 },
    ]);
  });

  it('reads em.find/count, and writes what is persisted or removed when its entity is visible in the same function', async () => {
    const facts = await analyzeSources(
      {
        ...ENTITIES,
        'src/billing/invoices.service.ts': lines(
          "import { EntityManager } from '@mikro-orm/postgresql';",
          "import { Invoice } from './invoice.entity';",
          "import { InvoiceLine } from './invoice-line.entity';",
          'export class InvoicesService {',
          '  constructor(private readonly em: EntityManager) {}',
          '  list() { return this.em.find(Invoice, {}); }',
          '  async open(customerId: string) {',
          '    const invoice = new Invoice(customerId);',
          '    await this.em.persistAndFlush(invoice);',
          '  }',
          '  async drop(id: string) {',
          '    const line = await this.em.findOneOrFail(InvoiceLine, { id });',
          '    this.em.remove(line);',
          '  }',
          '  async get(id: string): Promise<Invoice> { return this.em.findOneOrFail(Invoice, { id }); }',
          '  async close(id: string) {',
          '    const invoice = await this.get(id);',
          '    await this.em.removeAndFlush(invoice);',
          '  }',
          "  renumber() { return this.em.nativeUpdate(Invoice, {}, { number: 'x' }); }",
          '  persistUnknown(x: object) { this.em.persist(x); }',
          '}',
        ),
      },
      { analyzers: [mikroormAnalyzer] },
    );
    expect(accesses(facts)).toEqual([
      'src/billing/invoices.service.ts:12 read invoice_line (InvoiceLine) mikroorm',
      'src/billing/invoices.service.ts:13 write invoice_line (InvoiceLine) mikroorm',
      'src/billing/invoices.service.ts:6 read invoices (Invoice) mikroorm',
      'src/billing/invoices.service.ts:15 read invoices (Invoice) mikroorm',
      'src/billing/invoices.service.ts:9 write invoices (Invoice) mikroorm',
      'src/billing/invoices.service.ts:18 write invoices (Invoice) mikroorm',
      'src/billing/invoices.service.ts:20 write invoices (Invoice) mikroorm',
    ]);
  });

  it('follows injected repositories, em.getRepository and custom EntityRepository classes', async () => {
    const facts = await analyzeSources(
      {
        ...ENTITIES,
        'src/billing/invoice.repository.ts': lines(
          "import { EntityRepository } from '@mikro-orm/postgresql';",
          "import { Invoice } from './invoice.entity';",
          'export class InvoiceRepository extends EntityRepository<Invoice> {',
          "  overdue() { return this.find({ status: 'overdue' }); }",
          '}',
        ),
        'src/billing/billing.service.ts': lines(
          "import { EntityManager, EntityRepository } from '@mikro-orm/postgresql';",
          "import { InjectRepository } from '@mikro-orm/nestjs';",
          "import { InvoiceLine } from './invoice-line.entity';",
          "import { InvoiceRepository } from './invoice.repository';",
          "import { Invoice } from './invoice.entity';",
          'export class BillingService {',
          '  private readonly lines: EntityRepository<InvoiceLine>;',
          '  constructor(',
          '    private readonly em: EntityManager,',
          '    @InjectRepository(Invoice) private readonly invoices: InvoiceRepository,',
          '  ) {',
          '    this.lines = em.getRepository(InvoiceLine);',
          '  }',
          '  all() { return this.lines.findAll(); }',
          '  add(data: object) { return this.lines.create(data); }',
          '  count() { return this.invoices.count(); }',
          "  stale() { return this.em.createQueryBuilder(Invoice).update({ stale: true }).where({ id: 1 }).execute(); }",
          '}',
        ),
      },
      { analyzers: [mikroormAnalyzer] },
    );
    expect(accesses(facts)).toEqual([
      'src/billing/billing.service.ts:14 read invoice_line (InvoiceLine) mikroorm',
      'src/billing/billing.service.ts:15 write invoice_line (InvoiceLine) mikroorm',
      'src/billing/billing.service.ts:16 read invoices (Invoice) mikroorm',
      'src/billing/billing.service.ts:17 write invoices (Invoice) mikroorm',
      'src/billing/invoice.repository.ts:4 read invoices (Invoice) mikroorm',
    ]);
  });
});

describe('mikroorm collect', () => {
  it('leaves @Entity imported from typeorm alone', () => {
    const sf = ts.createSourceFile('src/x.ts', "import { Entity } from 'typeorm';\n@Entity()\nexport class Order {}\n", ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    expect(collectEntityOrm(sf, mikroormFlavor)?.entities).toEqual([]);
  });
});

describe('mikroorm pivot tables', () => {
  it('names pivot tables as UnderscoreNamingStrategy.joinTableName does, and writes them where a collection changes', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { '@mikro-orm/core': '6.0.0' } }),
        'src/user.entity.ts': lines(
          "import { Collection, Entity, ManyToMany } from '@mikro-orm/core';",
          "import { Article } from './article.entity';",
          '@Entity()',
          'export class User {',
          '  @ManyToMany() favorites = new Collection<Article>(this);',
          "  @ManyToMany({ entity: () => User, inversedBy: (u) => u.followed, owner: true, pivotTable: 'user_to_follower' })",
          '  followers = new Collection<User>(this);',
          '  @ManyToMany(() => User, (u) => u.followers)',
          '  followed = new Collection<User>(this);',
          '}',
        ),
        'src/article.entity.ts': lines("import { Entity } from '@mikro-orm/core';", "@Entity({ tableName: 'articles' })", 'export class Article {}'),
        'src/profile.service.ts': lines(
          "import { EntityManager } from '@mikro-orm/core';",
          "import { User } from './user.entity';",
          'export class ProfileService {',
          '  constructor(private readonly em: EntityManager) {}',
          '  async follow(me: User, other: User) {',
          '    me.followed.add(other);',
          '    await this.em.flush();',
          '  }',
          '}',
        ),
      },
      { analyzers: [mikroormAnalyzer] },
    );
    expect(facts.entities.map((e) => `${e.name} -> ${e.table}`)).toEqual([
      'Article -> articles',
      'User -> user',
      'User.favorites -> user_favorites',
      'User.followers -> user_to_follower',
    ]);
    expect(facts.dataAccess.map((d) => `${d.module}:${d.line} ${d.access} ${d.table}`)).toEqual(['src/profile.service.ts:6 write user_to_follower']);
  });
});

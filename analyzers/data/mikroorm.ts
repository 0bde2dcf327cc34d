/**
 * MikroORM: `@Entity` classes imported from `@mikro-orm/*`, and the reads and writes made
 * through `EntityManager` (`em.find(Invoice, ...)`, `em.persist(invoice)`), repositories
 * (`em.getRepository(Invoice)`, `@InjectRepository(Invoice) repo: EntityRepository<Invoice>`,
 * `class InvoiceRepository extends EntityRepository<Invoice>`) and query builders.
 * See entity-orm.ts for how references are resolved across files.
 *
 * Tables: `@Entity({ tableName })` (or `collection`), else MikroORM's UnderscoreNamingStrategy
 * (`InvoiceLine` -> `invoice_line`).
 * Writes: `persist`/`persistAndFlush`/`remove`/`removeAndFlush` of an instance whose entity is
 * visible in the same function (`new Invoice()`, `em.create(Invoice, ...)`, `repo.create(...)`,
 * an entity loaded with `em.findOne(Invoice, ...)`, or a parameter typed `Invoice`); `create`
 * itself counts as a write, since MikroORM 6 persists what it creates (`persistOnCreate`).
 */
import ts from '../../src/shared/typescript.cjs';
import { arrowTarget, decoratorTable, inverseProperty, makeEntityOrmAnalyzer, type EntityOrmFlavor } from './entity-orm.js';
import { stringValue } from './string-value.js';
import { literalBoolean, literalText, objectProperty, skipOuter } from './syntax.js';
import { mikroormTableName } from './table-naming.js';
import { textFilter } from './text-filter.js';

const READ = ['find', 'findOne', 'findOneOrFail', 'findAll', 'findAndCount', 'findByCursor', 'count', 'stream'];
const WRITE = ['create', 'nativeInsert', 'nativeUpdate', 'nativeDelete', 'insert', 'insertMany', 'upsert', 'upsertMany'];

export const mikroormFlavor: EntityOrmFlavor = {
  enablers: ['@mikro-orm/*'],
  name: 'mikroorm',
  via: 'mikroorm',
  ownsPackage: (s) => s.startsWith('@mikro-orm/'),
  otherPackage: (s) => s === 'typeorm' || s.startsWith('typeorm/'),
  claimsUnknownEntity: false,
  tableFromDecorator: (d) => decoratorTable(d, ['tableName', 'collection'], false),
  defaultTable: mikroormTableName,
  // `@ManyToMany(() => Tag, 'articles', { pivotTable })` or `@ManyToMany({ entity, mappedBy | inversedBy, owner, pivotTable })`:
  // the owning side is the one with `owner: true` or `inversedBy`, or without `mappedBy`
  manyToMany: (decorators, prop, line) => {
    const m2m = decorators.find((d) => d.name === 'ManyToMany');
    if (!m2m) return undefined;
    const first = m2m.args[0] && skipOuter(m2m.args[0]);
    const options = first && ts.isObjectLiteralExpression(first) ? first : m2m.args.find((a) => ts.isObjectLiteralExpression(skipOuter(a)));
    const entity = first && !ts.isObjectLiteralExpression(first) ? first : objectProperty(options, 'entity');
    const target = arrowTarget(entity) ?? literalText(entity);
    const mappedBy = (first && !ts.isObjectLiteralExpression(first) ? inverseProperty(m2m.args[1]) : undefined) ?? inverseProperty(objectProperty(options, 'mappedBy'));
    const inversedBy = inverseProperty(objectProperty(options, 'inversedBy'));
    const owner = literalBoolean(objectProperty(options, 'owner')) === true || inversedBy !== undefined || mappedBy === undefined;
    const pivot = objectProperty(options, 'pivotTable');
    const table = pivot ? stringValue(pivot) : undefined;
    const inverse = owner ? inversedBy : mappedBy;
    return { prop, line, owner, ...(target !== undefined ? { target } : {}), ...(inverse !== undefined ? { inverse } : {}), ...(table !== undefined ? { table } : {}) };
  },
  // UnderscoreNamingStrategy.joinTableName(sourceEntity, targetEntity, propertyName, tableName) =
  // classToTableName(sourceEntity, tableName) + '_' + classToTableName(propertyName) (packages/core/src/naming-strategy)
  joinTableName: (owner, prop) => `${owner.table}_${mikroormTableName(prop)}`,
  relationMutators: new Set(['add', 'remove', 'set', 'removeAll']),
  entityDecorators: new Set(['Entity']),
  childEntityDecorators: new Set(),
  repositoryTypes: new Set(['EntityRepository', 'SqlEntityRepository', 'MongoEntityRepository']),
  repositoryFactories: new Set(['getRepository']),
  readMethods: new Set(READ),
  writeMethods: new Set(WRITE),
  instanceWriteMethods: new Set(['persist', 'persistAndFlush', 'remove', 'removeAndFlush']),
  queryBuilderMethods: new Set(['createQueryBuilder', 'qb']),
  queryBuilderWrites: new Set(['insert', 'update', 'delete', 'truncate']),
  queryBuilderEntityArgs: new Map(),
};

export const mikroormAnalyzer = makeEntityOrmAnalyzer(
  mikroormFlavor,
  textFilter(['mikro-orm', 'EntityRepository', 'EntityManager', 'persist', 'Entity'], [...READ, ...WRITE]),
);

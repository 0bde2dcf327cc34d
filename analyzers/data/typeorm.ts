/**
 * TypeORM: `@Entity` / `@ViewEntity` / `@ChildEntity` classes imported from `typeorm`, and the
 * reads and writes made through repositories, entity managers and query builders.
 * See entity-orm.ts for how references are resolved across files.
 *
 * Tables: `@Entity('orders')`, `@Entity({ name: 'orders' })`, else TypeORM's default naming
 * (`ShipmentEvent` -> `shipment_event`); a `@ChildEntity` uses its parent's table. Schema
 * options are ignored. A class decorated with a project function that applies `@Entity`
 * (`@MultiORMEntity('warehouse')`, see entity-orm.ts entityWrappers) is an entity too, its table
 * the decorator's first string argument. Relations joined by property path (`leftJoinAndSelect('o.items', 'i')`)
 * are not followed: that needs the relation metadata.
 */
import { arrowTarget, decoratorTable, inverseProperty, makeEntityOrmAnalyzer, type EntityOrmFlavor } from './entity-orm.js';
import { stringValue } from './string-value.js';
import { objectProperty } from './syntax.js';
import { typeormTableName } from './table-naming.js';
import { textFilter } from './text-filter.js';

const READ = [
  'find', 'findBy', 'findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'findAndCount', 'findAndCountBy',
  'findByIds', 'count', 'countBy', 'exist', 'exists', 'existsBy', 'sum', 'average', 'minimum', 'maximum', 'query',
  'preload', 'findTrees', 'findRoots', 'findDescendants', 'findDescendantsTree', 'findAncestors', 'findAncestorsTree',
  'countDescendants', 'countAncestors',
];
const WRITE = [
  'save', 'insert', 'update', 'upsert', 'delete', 'remove', 'softDelete', 'softRemove', 'restore', 'recover',
  'increment', 'decrement', 'clear',
];

export const typeormFlavor: EntityOrmFlavor = {
  enablers: ['typeorm', '@nestjs/typeorm'],
  name: 'typeorm',
  via: 'typeorm',
  ownsPackage: (s) => s === 'typeorm' || s.startsWith('typeorm/'),
  otherPackage: (s) => s.startsWith('@mikro-orm/'),
  claimsUnknownEntity: true,
  tableFromDecorator: (d) => decoratorTable(d, ['name'], true),
  defaultTable: typeormTableName,
  // `@ManyToMany(() => Tag, (t) => t.articles)` with `@JoinTable()` (or `@JoinTable({ name })`) on the owning side.
  // `@JoinTable` only goes on a many-to-many property, so with a project decorator wrapping
  // `ManyToMany` (`@MultiORMManyToMany(() => Tag, ...)`) the relation is the decorator whose first
  // argument names the target class.
  manyToMany: (decorators, prop, line) => {
    const join = decorators.find((d) => d.name === 'JoinTable');
    const m2m = decorators.find((d) => d.name === 'ManyToMany') ?? (join ? decorators.find((d) => d !== join && arrowTarget(d.args[0]) !== undefined) : undefined);
    if (!m2m) return undefined;
    const nameArg = join ? objectProperty(join.args[0], 'name') : undefined;
    const table = nameArg ? stringValue(nameArg) : undefined;
    const target = arrowTarget(m2m.args[0]);
    const inverse = inverseProperty(m2m.args[1]);
    return { prop, line, owner: !!join, ...(target !== undefined ? { target } : {}), ...(inverse !== undefined ? { inverse } : {}), ...(table !== undefined ? { table } : {}) };
  },
  // DefaultNamingStrategy.joinTableName(firstTableName, secondTableName, firstPropertyName) =
  // snakeCase(firstTableName + '_' + firstPropertyName + '_' + secondTableName) (typeorm src/naming-strategy/DefaultNamingStrategy.ts)
  joinTableName: (owner, prop, target) => (target ? typeormTableName(`${owner.table}_${prop.replace(/\./g, '_')}_${target.table}`) : undefined),
  relationMutators: new Set(['push', 'splice', 'unshift']),
  entityDecorators: new Set(['Entity', 'ViewEntity']),
  childEntityDecorators: new Set(['ChildEntity']),
  repositoryTypes: new Set(['Repository', 'TreeRepository', 'MongoRepository']),
  repositoryFactories: new Set(['getRepository', 'getTreeRepository', 'getMongoRepository', 'getCustomRepository']),
  readMethods: new Set(READ),
  writeMethods: new Set(WRITE),
  instanceWriteMethods: new Set(['save', 'remove', 'softRemove', 'recover']),
  queryBuilderMethods: new Set(['createQueryBuilder']),
  queryBuilderWrites: new Set(['insert', 'update', 'delete', 'softDelete', 'restore']),
  queryBuilderEntityArgs: new Map<string, 'read' | 'write' | undefined>([
    ['from', undefined],
    ['into', 'write'],
    ['update', 'write'],
    ...['innerJoin', 'leftJoin', 'innerJoinAndSelect', 'leftJoinAndSelect', 'innerJoinAndMapOne', 'innerJoinAndMapMany', 'leftJoinAndMapOne', 'leftJoinAndMapMany'].map(
      (m) => [m, 'read'] as [string, 'read'],
    ),
  ]),
};

export const typeormAnalyzer = makeEntityOrmAnalyzer(
  typeormFlavor,
  textFilter(['typeorm', 'Repository', 'Entity', 'anager', 'createQueryBuilder'], [...READ, ...WRITE]),
);

/**
 * Data access through repositories (analyzers/data/repository-effects.ts): a module that calls a
 * repository's method reads or writes what that method does, for every ORM plugin.
 */
import { describe, expect, it } from 'vitest';
import { knexAnalyzer } from '../../analyzers/data/knex.js';
import { mongooseAnalyzer } from '../../analyzers/data/mongoose.js';
import { sqlAnalyzer } from '../../analyzers/data/sql.js';
import { typeormAnalyzer } from '../../analyzers/data/typeorm.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { Facts } from '../../src/shared/facts.js';

const lines = (...l: string[]): string => l.join('\n');
/** `module access table`, one per (module, table, access), sorted. */
const triples = (facts: Facts): string[] => [...new Set(facts.dataAccess.map((d) => `${d.module} ${d.access} ${d.table}`))].sort();
const entities = (facts: Facts): string[] => facts.entities.map((e) => `${e.name} -> ${e.table} ${e.module}:${e.line}`);

describe('repositories over Mongoose models', () => {
  const dal = {
    'package.json': JSON.stringify({ dependencies: { mongoose: '8.0.0', '@nestjs/common': '10.0.0' } }),
    'libs/dal/base-repository.ts': lines(
      "import { Model } from 'mongoose';",
      'export class BaseRepository<T_DBModel, T_Entity> {',
      '  public _model: Model<T_DBModel>;',
      '  constructor(protected MongooseModel: Model<T_DBModel>, protected entity: new () => T_Entity) {',
      '    this._model = MongooseModel;',
      '  }',
      '  async findOne(query: object) { return this.MongooseModel.findOne(query); }',
      '  async create(data: object) { return this.MongooseModel.create(data); }',
      '  async count(query: object) { return this._model.countDocuments(query); }',
      '}',
    ),
    'libs/dal/user/user.schema.ts': lines(
      "import mongoose, { Schema } from 'mongoose';",
      'const userSchema = new Schema({ email: String });',
      "export const User = (mongoose.models.User as mongoose.Model<unknown>) || mongoose.model('User', userSchema);",
    ),
    'libs/dal/control/control.schema.ts': lines(
      "import mongoose, { Schema } from 'mongoose';",
      'const controlSchema = new Schema({});',
      "export const Control = mongoose.models.Control || mongoose.model('controls', controlSchema) || mongoose.model('inputs', controlSchema);",
    ),
    'libs/dal/user/community-user.repository.ts': lines(
      "import { BaseRepository } from '../base-repository';",
      "import { User } from './user.schema';",
      'export class CommunityUserRepository extends BaseRepository<object, object> {',
      '  constructor() { super(User, Object); }',
      '  findByEmail(email: string) { return this.findOne({ email }); }',
      '}',
    ),
    'libs/dal/user/user.repository.ts': lines(
      "import { Inject } from '@nestjs/common';",
      'export interface IUserRepository { findByEmail(email: string): Promise<unknown>; create(data: object): Promise<unknown>; }',
      '/** A facade: the implementation is bound to a string token. */',
      'export class UserRepository {',
      "  constructor(@Inject('USER_REPOSITORY') private users: IUserRepository) {}",
      '  findByEmail(email: string) { return this.users.findByEmail(email); }',
      '  create(data: object) { return this.users.create(data); }',
      '}',
    ),
    'libs/dal/control/control.repository.ts': lines(
      "import { BaseRepository } from '../base-repository';",
      "import { Control } from './control.schema';",
      'export class ControlRepository extends BaseRepository<object, object> {',
      '  constructor() { super(Control, Object); }',
      '}',
    ),
    'apps/api/providers.ts': lines(
      "import { CommunityUserRepository } from '../../libs/dal/user/community-user.repository';",
      "export const providers = [{ provide: 'USER_REPOSITORY', useClass: CommunityUserRepository }];",
    ),
  };

  it('binds a generic BaseRepository to the model its subclass passes to super(), through a facade bound to a string token', async () => {
    const facts = await analyzeSources(
      {
        ...dal,
        'apps/api/sign-up.usecase.ts': lines(
          "import { UserRepository } from '../../libs/dal/user/user.repository';",
          'export class SignUp {',
          '  constructor(private userRepository: UserRepository) {}',
          '  async execute(email: string) {',
          '    const existing = await this.userRepository.findByEmail(email);',
          '    return existing ?? this.userRepository.create({ email });',
          '  }',
          '}',
        ),
        'apps/api/count-controls.usecase.ts': lines(
          "import { ControlRepository } from '../../libs/dal/control/control.repository';",
          'export class CountControls {',
          '  constructor(private controls: ControlRepository) {}',
          '  execute() { return this.controls.count({}); }',
          '}',
        ),
        'apps/api/report.service.ts': lines(
          "import { SignUp } from './sign-up.usecase';",
          '/** calls a use case, not a repository: no data access of its own */',
          'export class ReportService {',
          '  constructor(private signUp: SignUp) {}',
          "  run() { return this.signUp.execute('a@b.c'); }",
          '}',
        ),
      },
      { analyzers: [mongooseAnalyzer] },
    );
    expect(entities(facts)).toEqual([
      'controls -> controls libs/dal/control/control.schema.ts:3',
      'User -> users libs/dal/user/user.schema.ts:3',
    ]);
    expect(triples(facts)).toEqual([
      'apps/api/count-controls.usecase.ts read controls',
      'apps/api/sign-up.usecase.ts read users',
      'apps/api/sign-up.usecase.ts write users',
      'libs/dal/user/community-user.repository.ts read users',
      'libs/dal/user/user.repository.ts read users',
      'libs/dal/user/user.repository.ts write users',
    ]);
  });

  it('finds the model of a member typed with a global type alias (declare global { namespace Models { ... } })', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { mongoose: '8.0.0', typedi: '0.10.0' } }),
        'src/interfaces/IUser.ts': 'export interface IUser { email: string }',
        'src/models/user.ts': lines(
          "import mongoose from 'mongoose';",
          "import { IUser } from '../interfaces/IUser';",
          'const User = new mongoose.Schema({ email: String });',
          "export default mongoose.model<IUser & mongoose.Document>('User', User);",
        ),
        'src/types/index.d.ts': lines(
          "import { Document, Model } from 'mongoose';",
          "import { IUser } from '../interfaces/IUser';",
          'declare global {',
          '  namespace Models {',
          '    export type UserModel = Model<IUser & Document>;',
          '  }',
          '}',
        ),
        'src/services/auth.ts': lines(
          "import { Inject, Service } from 'typedi';",
          '@Service()',
          'export default class AuthService {',
          "  constructor(@Inject('userModel') private userModel: Models.UserModel) {}",
          '  signUp(email: string) { return this.userModel.create({ email }); }',
          '}',
        ),
      },
      { analyzers: [mongooseAnalyzer] },
    );
    expect(triples(facts)).toEqual(['src/services/auth.ts write users']);
  });
});

describe('repository ports (NestJS custom providers)', () => {
  it('follows an abstract repository port to every implementation bound by { provide: Port, useClass: Impl }', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { typeorm: '0.3.0', mongoose: '8.0.0', '@nestjs/typeorm': '10.0.0', '@nestjs/mongoose': '10.0.0' } }),
        'src/users/persistence/user.repository.ts': lines(
          'export abstract class UserRepository {',
          '  abstract create(data: object): Promise<object>;',
          '  abstract update(id: string, data: object): Promise<object | null>;',
          '}',
        ),
        'src/users/persistence/relational/user.entity.ts': lines(
          "import { Entity, PrimaryGeneratedColumn } from 'typeorm';",
          "@Entity({ name: 'user' })",
          'export class UserEntity { @PrimaryGeneratedColumn() id!: number; }',
        ),
        'src/users/persistence/relational/users-relational.repository.ts': lines(
          "import { InjectRepository } from '@nestjs/typeorm';",
          "import { Repository } from 'typeorm';",
          "import { UserEntity } from './user.entity';",
          "import { UserRepository } from '../user.repository';",
          'export class UsersRelationalRepository implements UserRepository {',
          '  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}',
          '  create(data: object) { return this.users.save(this.users.create(data)); }',
          '  async update(id: string, data: object) {',
          '    const found = await this.users.findOne({ where: { id: Number(id) } });',
          '    return found ? this.users.save({ ...found, ...data }) : null;',
          '  }',
          '}',
        ),
        'src/users/persistence/relational/relational.module.ts': lines(
          "import { Module } from '@nestjs/common';",
          "import { UserRepository } from '../user.repository';",
          "import { UsersRelationalRepository } from './users-relational.repository';",
          '@Module({ providers: [{ provide: UserRepository, useClass: UsersRelationalRepository }], exports: [UserRepository] })',
          'export class RelationalUserPersistenceModule {}',
        ),
        'src/users/persistence/document/user.schema.ts': lines(
          "import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';",
          '@Schema()',
          'export class UserSchemaClass { @Prop() email!: string; }',
          'export const UserSchema = SchemaFactory.createForClass(UserSchemaClass);',
        ),
        'src/users/persistence/document/users-document.repository.ts': lines(
          "import { InjectModel } from '@nestjs/mongoose';",
          "import { Model } from 'mongoose';",
          "import { UserSchemaClass } from './user.schema';",
          "import { UserRepository } from '../user.repository';",
          'export class UsersDocumentRepository implements UserRepository {',
          '  constructor(@InjectModel(UserSchemaClass.name) private readonly users: Model<UserSchemaClass>) {}',
          '  create(data: object) { return new this.users(data).save(); }',
          '  update(id: string, data: object) { return this.users.findOneAndUpdate({ _id: id }, data); }',
          '}',
        ),
        'src/users/persistence/document/document.module.ts': lines(
          "import { Module } from '@nestjs/common';",
          "import { UserRepository } from '../user.repository';",
          "import { UsersDocumentRepository } from './users-document.repository';",
          '@Module({ providers: [{ provide: UserRepository, useClass: UsersDocumentRepository }] })',
          'export class DocumentUserPersistenceModule {}',
        ),
        'src/users/users.service.ts': lines(
          "import { Injectable } from '@nestjs/common';",
          "import { UserRepository } from './persistence/user.repository';",
          '@Injectable()',
          'export class UsersService {',
          '  constructor(private readonly usersRepository: UserRepository) {}',
          '  rename(id: string, name: string) { return this.usersRepository.update(id, { name }); }',
          '}',
        ),
        'src/users/users.controller.ts': lines(
          "import { UsersService } from './users.service';",
          '/** a controller calls the service, not a repository: no data access */',
          'export class UsersController {',
          '  constructor(private readonly users: UsersService) {}',
          "  patch() { return this.users.rename('1', 'n'); }",
          '}',
        ),
      },
      { analyzers: [typeormAnalyzer, mongooseAnalyzer] },
    );
    expect(triples(facts)).toEqual([
      'src/users/persistence/document/users-document.repository.ts write userschemaclasses',
      'src/users/persistence/relational/users-relational.repository.ts read user',
      'src/users/persistence/relational/users-relational.repository.ts write user',
      'src/users/users.service.ts read user',
      'src/users/users.service.ts write user',
      'src/users/users.service.ts write userschemaclasses',
    ]);
  });
});

describe('repository modules and singletons', () => {
  it('follows a module namespace used as an object, directly or through a registry of namespaces, to what its function does', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { knex: '3.0.0' } }),
        'server/knex.ts': "import knex from 'knex';\nexport default knex({ client: 'pg' });\n",
        'server/queries/link.ts': lines(
          "import knex from '../knex';",
          "export const find = (id: number) => knex('links').where({ id }).first();",
          'export const update = async (id: number, patch: object) => {',
          "  const query = knex('links').where({ id });",
          '  return query.update(patch);',
          '};',
        ),
        'server/queries/user.ts': "import knex from '../knex';\nexport const find = (email: string) => knex('users').where({ email }).first();\n",
        'server/queries/index.ts': lines("import * as link from './link';", "import * as user from './user';", 'const queries = { link, user };', 'export default queries;'),
        'server/handlers/links.ts': lines(
          "import query from '../queries';",
          'export async function edit(id: number) {',
          '  const link = await query.link.find(id);',
          '  return query.link.update(id, { ...link });',
          '}',
        ),
        'server/handlers/users.ts': lines("import * as users from '../queries/user';", "export const me = () => users.find('a@b.c');"),
        'server/handlers/direct.ts': lines("import { find } from '../queries/user';", '/** a plain function call is a service call, not a repository object */', "export const me = () => find('a@b.c');"),
      },
      { analyzers: [knexAnalyzer] },
    );
    expect(triples(facts)).toEqual([
      'server/handlers/links.ts read links',
      'server/handlers/links.ts write links',
      'server/handlers/users.ts read users',
      'server/queries/link.ts read links',
      'server/queries/link.ts write links',
      'server/queries/user.ts read users',
    ]);
  });

  it('follows a module-level repository singleton (export const orders = new OrderRepository()) to the SQL its methods run', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { pg: '8.0.0' } }),
        'src/db.ts': "import { Pool } from 'pg';\nexport const db = new Pool();\n",
        'src/repositories/report-repository.ts': lines(
          "import { db } from '../db';",
          'class ReportRepository {',
          "  daily() { return db.query('SELECT day, total FROM daily_sales'); }",
          '  async record(day: string) {',
          "    await db.query('DELETE FROM daily_sales WHERE day = $1', [day]);",
          "    return db.query('INSERT INTO daily_sales (day) SELECT day FROM orders');",
          '  }',
          '}',
          'export const reportRepository = new ReportRepository();',
        ),
        'src/services/report-service.ts': lines(
          "import { reportRepository } from '../repositories/report-repository';",
          'export class ReportService {',
          '  rebuild(day: string) { return reportRepository.record(day); }',
          '}',
        ),
      },
      { analyzers: [sqlAnalyzer] },
    );
    expect(triples(facts)).toEqual([
      'src/repositories/report-repository.ts read daily_sales',
      'src/repositories/report-repository.ts read orders',
      'src/repositories/report-repository.ts write daily_sales',
      'src/services/report-service.ts read orders',
      'src/services/report-service.ts write daily_sales',
    ]);
  });
});

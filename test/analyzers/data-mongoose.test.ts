import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { collectMongoose, mongooseAnalyzer } from '../../analyzers/data/mongoose.js';
import { mongooseCollectionName } from '../../analyzers/data/table-naming.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { Facts } from '../../src/shared/facts.js';

const lines = (...l: string[]): string => l.join('\n');
const accesses = (facts: Facts): string[] =>
  facts.dataAccess.map((d) => `${d.module}:${d.line} ${d.access} ${d.table}${d.entity ? ` (${d.entity})` : ''}`);
const entities = (facts: Facts): string[] => facts.entities.map((e) => `${e.name} -> ${e.table} ${e.module}:${e.line}`);
const run = (files: Record<string, string>): Promise<Facts> => analyzeSources(files, { analyzers: [mongooseAnalyzer] });

describe('mongoose analyzer', () => {
  it('names collections from model(), the schema collection option, and mongoose pluralisation', async () => {
    const facts = await run({
      'src/models/order.model.ts': lines(
        "import mongoose, { Schema, model } from 'mongoose';",
        'const orderSchema = new Schema({ total: Number });',
        "export const Order = model('Order', orderSchema);",
        "const auditSchema = new mongoose.Schema({ at: Date }, { collection: 'audit_trail' });",
        "export const Audit = mongoose.model('Audit', auditSchema);",
        "export const Category = model<{ name: string }>('Category', new Schema({}), 'catalog_categories');",
        "export const Person = mongoose.model('Person', new Schema({}));",
      ),
    });
    expect(entities(facts)).toEqual([
      'Audit -> audit_trail src/models/order.model.ts:5',
      'Category -> catalog_categories src/models/order.model.ts:6',
      'Order -> orders src/models/order.model.ts:3',
      'Person -> people src/models/order.model.ts:7',
    ]);
  });

  it('follows static model calls and documents across files', async () => {
    const facts = await run({
      'src/models/order.model.ts': lines(
        "import { Schema, model } from 'mongoose';",
        "const orderSchema = new Schema({ total: Number }, { collection: 'orders' });",
        "export default model('Order', orderSchema);",
      ),
      'src/models/index.ts': "export { default as Order } from './order.model';\n",
      'src/orders/order-service.ts': lines(
        "import { Order } from '../models';",
        'export async function list() { return Order.find({}).lean(); }',
        'export async function place(total: number) {',
        '  const order = new Order({ total });',
        '  await order.save();',
        '  return order;',
        '}',
        'export async function close(id: string) {',
        '  const order = await Order.findById(id);',
        '  await order!.deleteOne();',
        '}',
        'export async function report() {',
        "  return Order.aggregate([{ $lookup: { from: 'customers', localField: 'c', foreignField: '_id', as: 'c' } }, { $out: 'order_report' }]);",
        '}',
        'export const unclear = (doc: { save(): void }) => doc.save();',
      ),
    });
    expect(accesses(facts)).toEqual([
      'src/orders/order-service.ts:13 read customers',
      'src/orders/order-service.ts:13 write order_report',
      'src/orders/order-service.ts:2 read orders (Order)',
      'src/orders/order-service.ts:9 read orders (Order)',
      'src/orders/order-service.ts:13 read orders (Order)',
      'src/orders/order-service.ts:5 write orders (Order)',
      'src/orders/order-service.ts:10 write orders (Order)',
    ]);
  });

  it('resolves NestJS @InjectModel(User.name) models through HydratedDocument and intersection aliases', async () => {
    const facts = await run({
      'src/users/user.schema.ts': lines(
        "import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';",
        "import type { Document, HydratedDocument } from 'mongoose';",
        "@Schema({ collection: 'app_users' })",
        'export class User { @Prop() email!: string; }',
        'export type UserDocument = HydratedDocument<User>;',
        'export const UserSchema = SchemaFactory.createForClass(User);',
        '@Schema()',
        'export class AuditLog { @Prop() what!: string; }',
        'export type AuditLogDocument = AuditLog & Document;',
      ),
      'src/users/users.service.ts': lines(
        "import { InjectModel } from '@nestjs/mongoose';",
        "import type { Model } from 'mongoose';",
        "import { AuditLog, User, type AuditLogDocument, type UserDocument } from './user.schema';",
        'export class UsersService {',
        '  constructor(',
        '    @InjectModel(User.name) private readonly users: Model<UserDocument>,',
        "    @InjectModel('AuditLog') private readonly audit: Model<AuditLogDocument>,",
        '    private readonly typedOnly: Model<AuditLogDocument>,',
        '  ) {}',
        '  byEmail(email: string) { return this.users.findOne({ email }).exec(); }',
        '  async register(email: string) {',
        '    await new this.users({ email }).save();',
        "    await this.audit.create({ what: 'register' });",
        '    return this.typedOnly.countDocuments();',
        '  }',
        '}',
      ),
    });
    expect(accesses(facts)).toEqual([
      'src/users/users.service.ts:10 read app_users (User)',
      'src/users/users.service.ts:12 write app_users (User)',
      'src/users/users.service.ts:14 read auditlogs (AuditLog)',
      'src/users/users.service.ts:13 write auditlogs (AuditLog)',
    ]);
    expect(entities(facts)).toEqual(['User -> app_users src/users/user.schema.ts:4', 'AuditLog -> auditlogs src/users/user.schema.ts:8']);
  });
});

describe('mongoose in CommonJS', () => {
  it('follows module.exports and destructuring require between JavaScript files', async () => {
    const facts = await run({
      'src/models/order.js': lines(
        "const mongoose = require('mongoose');",
        "const orderSchema = new mongoose.Schema({ total: Number }, { collection: 'shop_orders' });",
        "module.exports = mongoose.model('Order', orderSchema);",
      ),
      'src/models/user.js': lines("const { Schema, model } = require('mongoose');", "exports.User = model('User', new Schema({}));"),
      'src/models/index.js': lines("const Order = require('./order');", "const { User } = require('./user');", 'module.exports = { Order, User };'),
      'src/routes/orders.js': lines(
        "const { Order, User } = require('../models');",
        'exports.list = async () => Order.find();',
        'exports.signUp = async (email) => User.create({ email });',
      ),
    });
    expect(accesses(facts)).toEqual(['src/routes/orders.js:2 read shop_orders (Order)', 'src/routes/orders.js:3 write users (User)']);
    expect(entities(facts)).toEqual(['Order -> shop_orders src/models/order.js:3', 'User -> users src/models/user.js:2']);
  });
});

describe('mongoose collection naming', () => {
  it('pluralises as mongoose does', () => {
    expect(['Order', 'Category', 'Person', 'Box', 'Status', 'Address', 'users', 'Child'].map(mongooseCollectionName)).toEqual([
      'orders', 'categories', 'people', 'boxes', 'status', 'addresses', 'users', 'children',
    ]);
  });
});

describe('mongoose collect', () => {
  it('records models, schema classes, aliases and uses as plain data', () => {
    const sf = ts.createSourceFile(
      'src/x.ts',
      lines(
        "import { model, Schema } from 'mongoose';",
        "export const Team = model('Team', new Schema({}, { collection: 'teams' }));",
        'export type TeamDoc = ReturnType<typeof Team.hydrate>;',
        'export const remove = (id: string) => Team.deleteMany({ id });',
      ),
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TS,
    );
    const local = collectMongoose(sf);
    expect(local).toEqual({
      models: { Team: { model: 'Team', line: 2, collection: 'teams' } },
      unnamedModels: [],
      schemaClasses: {},
      schemas: {},
      typeAliases: { TeamDoc: ['ReturnType', 'Team.hydrate'] },
      uses: [{ ref: { kind: 'name', name: 'Team' }, access: 'write', line: 4, owner: '#remove' }],
      pipelineCollections: [],
      flow: { classes: [], bindings: [], calls: [{ owner: '#remove', recv: { kind: 'name', name: 'Team' }, method: 'deleteMany', line: 4 }] },
    });
    expect(structuredClone(local)).toEqual(local);
  });
});

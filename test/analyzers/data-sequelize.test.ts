import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { collectSequelize, sequelizeAnalyzer } from '../../analyzers/data/sequelize.js';
import { sequelizeTableName } from '../../analyzers/data/table-naming.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { Facts } from '../../src/shared/facts.js';

const lines = (...l: string[]): string => l.join('\n');
const accesses = (facts: Facts): string[] =>
  facts.dataAccess.map((d) => `${d.module}:${d.line} ${d.access} ${d.table}${d.entity ? ` (${d.entity})` : ''}`);
const entities = (facts: Facts): string[] => facts.entities.map((e) => `${e.name} -> ${e.table} ${e.module}:${e.line}`);
const run = (files: Record<string, string>): Promise<Facts> => analyzeSources(files, { analyzers: [sequelizeAnalyzer] });

const MODELS = {
  'src/db.ts': "import { Sequelize } from 'sequelize';\nexport const sequelize = new Sequelize('sqlite::memory:');\n",
  'src/models/order.ts': lines(
    "import { DataTypes, Model } from 'sequelize';",
    "import { sequelize } from '../db';",
    'export class Order extends Model {',
    '  declare id: number;',
    '}',
    "Order.init({ id: { type: DataTypes.INTEGER, primaryKey: true } }, { sequelize, tableName: 'sales_orders' });",
  ),
  'src/models/category.ts': lines(
    "import { DataTypes } from 'sequelize';",
    "import { sequelize } from '../db';",
    "export const Category = sequelize.define('Category', { name: DataTypes.STRING });",
    "export const LineItem = sequelize.define('LineItem', { qty: DataTypes.INTEGER }, { underscored: true });",
    "export const Settings = sequelize.define('Settings', {}, { freezeTableName: true });",
  ),
  'src/models/customer.ts': lines(
    "import { Column, Model, Table } from 'sequelize-typescript';",
    "@Table({ tableName: 'customers' })",
    'export class Customer extends Model { @Column declare email: string; }',
  ),
};

describe('sequelize analyzer', () => {
  it('names tables from tableName, freezeTableName, underscored and the pluralised model name', async () => {
    const facts = await run(MODELS);
    expect(entities(facts)).toEqual([
      'Category -> Categories src/models/category.ts:3',
      'Settings -> Settings src/models/category.ts:5',
      'Customer -> customers src/models/customer.ts:3',
      'LineItem -> line_items src/models/category.ts:4',
      'Order -> sales_orders src/models/order.ts:3',
    ]);
  });

  it('finds static calls, injected models and visible instances across files', async () => {
    const facts = await run({
      ...MODELS,
      'src/orders/order-service.ts': lines(
        "import { Order } from '../models/order';",
        "import { Category } from '../models/category';",
        'export async function list() { return Order.findAll({ include: [Category] }); }',
        'export async function rename(id: number, name: string) {',
        '  const category = await Category.findByPk(id);',
        '  category!.set({ name });',
        '  await category!.save();',
        '}',
        'export const bump = (order: Order) => order.increment("version");',
        'export const unclear = (thing: { save(): void }) => thing.save();',
        'export const drop = () => Order.destroy({ where: {} });',
      ),
      'src/customers/customers.service.ts': lines(
        "import { InjectModel } from '@nestjs/sequelize';",
        "import { Customer } from '../models/customer';",
        'export class CustomersService {',
        '  constructor(@InjectModel(Customer) private readonly customers: typeof Customer) {}',
        '  count() { return this.customers.count(); }',
        '  create(email: string) { return this.customers.create({ email }); }',
        '}',
      ),
      'src/legacy/report.js': lines(
        "const db = require('../models/registry');",
        'exports.run = () => db.Settings.findOne();',
      ),
    });
    expect(accesses(facts)).toEqual([
      'src/customers/customers.service.ts:5 read customers (Customer)',
      'src/customers/customers.service.ts:6 write customers (Customer)',
      'src/legacy/report.js:2 read Settings (Settings)',
      'src/orders/order-service.ts:5 read Categories (Category)',
      'src/orders/order-service.ts:7 write Categories (Category)',
      'src/orders/order-service.ts:3 read sales_orders (Order)',
      'src/orders/order-service.ts:9 write sales_orders (Order)',
      'src/orders/order-service.ts:11 write sales_orders (Order)',
    ]);
  });
});

describe('sequelize instances in destructured, typed parameters', () => {
  it('takes the elements of a loaded list for instances: for...of, array callbacks, filtered copies, find/[0]/??', async () => {
    const facts = await run({
      ...MODELS,
      'src/jobs/expire.ts': lines(
        "import { Order } from '../models/order';",
        "import { Customer } from '../models/customer';",
        'export async function expire() {',
        '  const orders = await Order.scope("stale").findAll({ where: {} });',
        '  await Promise.all(orders.map(async (order) => { await order.save(); }));',
        '}',
        'export async function purge() {',
        '  const customers = await Customer.findAll();',
        '  const old = customers.filter((c) => !c.email);',
        '  for (const customer of old) await customer.destroy();',
        '}',
        'export async function first() {',
        '  const orders = await Order.findAll();',
        '  const order = orders.find((o) => o.id > 1) ?? orders[0];',
        '  await order.destroy();',
        '}',
        'export function unclear(list: { save(): void }[]) { list.forEach((x) => x.save()); }',
      ),
    });
    expect(accesses(facts)).toEqual([
      'src/jobs/expire.ts:8 read customers (Customer)',
      'src/jobs/expire.ts:10 write customers (Customer)',
      'src/jobs/expire.ts:4 read sales_orders (Order)',
      'src/jobs/expire.ts:13 read sales_orders (Order)',
      'src/jobs/expire.ts:5 write sales_orders (Order)',
      'src/jobs/expire.ts:15 write sales_orders (Order)',
    ]);
  });

  it('follows an association property of a visible instance to the associated model, a HasMany mixin named with the singular, this.constructor as the model, a same-file function\'s declared return type (sequelize-typescript)', async () => {
    const facts = await run({
      'src/models/batch.ts': lines(
        "import { BelongsTo, Column, Model, Table } from 'sequelize-typescript';",
        "import { Job } from './job';",
        "@Table({ tableName: 'batches' })",
        'export class Batch extends Model {',
        '  @BelongsTo(() => Job, "jobId") job: Job;',
        '  @Column state: string;',
        '}',
      ),
      'src/models/job.ts': lines(
        "import { Column, HasMany, Model, Table } from 'sequelize-typescript';",
        "import { Step } from './step';",
        "@Table({ tableName: 'jobs' })",
        'export class Job extends Model {',
        '  @Column state: string;',
        '  async refresh() {',
        '    const fresh = await (this.constructor as typeof Job).findByPk(this.id);',
        '    await fresh!.update({ state: "fresh" });',
        '  }',
        '  @HasMany(() => Step) steps: Step[];',
        '}',
      ),
      'src/models/step.ts': lines(
        "import { Column, Model, Table } from 'sequelize-typescript';",
        "@Table({ tableName: 'job_steps' })",
        'export class Step extends Model { @Column name: string; }',
      ),
      'src/auth/touch.ts': lines(
        "import { Job } from '../models/job';",
        'async function load(id: string): Promise<{ job: Job; token: string }> {',
        '  return { job: (await Job.findByPk(id))!, token: "" };',
        '}',
        'export async function touch(id: string) {',
        '  const { job } = await load(id);',
        '  await job.save();',
        '}',
      ),
      'src/tasks/fail.ts': lines(
        "import { Batch } from '../models/batch';",
        'export async function fail(id: string) {',
        '  const batch = await Batch.findByPk(id);',
        '  const job = batch!.job;',
        '  job.state = "failed";',
        '  await job.save();',
        '  await batch!.state.toString();',
        '  await job.$create("step", { name: "failed" });',
        '  return job.$get("steps");',
        '}',
        'export async function drop(batches: Batch[]) {',
        '  let chosen: Batch<unknown> | undefined;',
        '  for (const b of batches) chosen = b;',
        '  const { job } = chosen!;',
        '  await job.destroy();',
        '}',
      ),
    });
    expect(accesses(facts)).toEqual([
      'src/auth/touch.ts:3 read jobs (Job)',
      'src/auth/touch.ts:7 write jobs (Job)',
      'src/models/job.ts:7 read jobs (Job)',
      'src/models/job.ts:8 write jobs (Job)',
      'src/tasks/fail.ts:3 read batches (Batch)',
      'src/tasks/fail.ts:9 read job_steps (Step)',
      'src/tasks/fail.ts:8 write job_steps (Step)',
      'src/tasks/fail.ts:6 write jobs (Job)',
      'src/tasks/fail.ts:15 write jobs (Job)',
    ]);
  });

  it('reads the property type of a destructured parameter from a type alias, an interface (and its base) or an inline type', async () => {
    const facts = await run({
      ...MODELS,
      'src/commands/order-updater.ts': lines(
        "import { Order } from '../models/order';",
        "import { Customer } from '../models/customer';",
        'type Props = { order: Order; note: string };',
        'interface Base { customer: Customer }',
        'interface WithCustomer extends Base { id: number }',
        'export async function updateOrder({ order, note }: Props) { await order.update({ note }); }',
        'export async function touch({ customer: c }: WithCustomer) { await c.save(); }',
        'export async function drop({ order }: { order: Order } & { force: boolean }) { await order.destroy(); }',
        'export async function unknown({ thing }: { thing: { save(): void } }) { thing.save(); }',
      ),
    });
    expect(accesses(facts).filter((a) => a.startsWith('src/commands/'))).toEqual([
      'src/commands/order-updater.ts:7 write customers (Customer)',
      'src/commands/order-updater.ts:6 write sales_orders (Order)',
      'src/commands/order-updater.ts:8 write sales_orders (Order)',
    ]);
  });
});

describe('sequelize in CommonJS', () => {
  it('finds models defined in sequelize-cli factories and used through the models registry', async () => {
    const facts = await run({
      'models/order.js': lines(
        "'use strict';",
        'module.exports = (sequelize, DataTypes) => {',
        "  const Order = sequelize.define('Order', { total: DataTypes.INTEGER }, { tableName: 'orders' });",
        '  return Order;',
        '};',
      ),
      'models/coupon.js': lines(
        "const { DataTypes } = require('sequelize');",
        "const sequelize = require('../db');",
        "module.exports = sequelize.define('Coupon', { code: DataTypes.STRING });",
      ),
      'routes/orders.js': lines(
        "const db = require('../models');",
        "const Coupon = require('../models/coupon');",
        'exports.list = () => db.Order.findAll();',
        'exports.redeem = (code) => Coupon.destroy({ where: { code } });',
      ),
    });
    expect(accesses(facts)).toEqual(['routes/orders.js:4 write Coupons (Coupon)', 'routes/orders.js:3 read orders (Order)']);
  });
});

describe('sequelize naming and collect', () => {
  it('pluralises model names as inflection does, keeping the case, and snake-cases them when underscored', () => {
    expect(['Order', 'Category', 'Address', 'Box', 'Day', 'Person', 'Status', 'Analysis', 'Data', 'Information', 'Users'].map((n) => sequelizeTableName(n))).toEqual([
      'Orders', 'Categories', 'Addresses', 'Boxes', 'Days', 'People', 'Statuses', 'Analyses', 'Data', 'Information', 'Users',
    ]);
    expect(sequelizeTableName('OrderLine', true)).toBe('order_lines');
  });

  it('ignores define() calls that are not Sequelize models', () => {
    const sf = ts.createSourceFile('src/x.ts', "customElements.define('x-card', Card);\n", ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const local = collectSequelize(sf);
    expect([local?.models, local?.unnamedModels, local?.uses]).toEqual([{}, [], []]);
  });
});

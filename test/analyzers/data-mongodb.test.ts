import { describe, expect, it } from 'vitest';
import { mongodbAnalyzer } from '../../analyzers/data/mongodb.js';
import { extract } from '../../analyzers/extract.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { Facts } from '../../src/shared/facts.js';

const lines = (...l: string[]): string => l.join('\n');
const accesses = (facts: Facts): string[] => facts.dataAccess.map((d) => `${d.module}:${d.line} ${d.access} ${d.table}`);
const entities = (facts: Facts): string[] => facts.entities.map((e) => `${e.table} ${e.module}:${e.line}`);
const diagnostics = (facts: Facts): string[] => facts.diagnostics.map((d) => `${d.code} ${d.file}${d.line === undefined ? '' : `:${d.line}`}`);
const run = (files: Record<string, string>): Promise<Facts> => analyzeSources(files, { analyzers: [mongodbAnalyzer] });

const DB = lines("import { Database } from '@paralect/node-mongo';", "export default new Database('mongodb://localhost', 'app');");

describe('mongodb analyzer on fixtures/monoliths/node-mongo', () => {
  const factsPromise = extract('fixtures/monoliths/node-mongo', { history: false, workers: 0 }, [mongodbAnalyzer]);

  it('makes a table of every collection a driver handle or a node-mongo service names, where its module first names it', async () => {
    expect(entities(await factsPromise)).toEqual([
      'audit_log src/events/event-log.ts:14',
      'events src/admin/reports.ts:4',
      'events src/events/event-log.ts:6',
      'tokens src/tokens/token.service.ts:8',
      'users src/users/user.service.ts:6',
    ]);
  });

  it('gives each module the reads and writes it makes, through imported services and their merged functions', async () => {
    expect(accesses(await factsPromise)).toEqual([
      // tokenService.findValid reads, and deletes an expired token through remove()
      'src/account/sign-in.ts:7 read tokens',
      'src/account/sign-in.ts:7 write tokens',
      'src/account/sign-in.ts:6 read users',
      // userService.markSeen: service.atomic.updateOne; toPublic and the plain record() are not data access
      'src/account/sign-in.ts:9 write users',
      'src/account/sign-up.ts:7 write audit_log',
      'src/account/sign-up.ts:5 read users',
      'src/account/sign-up.ts:6 write users',
      // a class property handle, and a handle used in place
      'src/admin/reports.ts:7 read events',
      'src/admin/reports.ts:11 write events',
      // a handle held in a local variable, and one used in place
      'src/events/event-log.ts:11 read events',
      'src/events/event-log.ts:6 write events',
      'src/tokens/token.service.ts:13 read tokens',
      'src/tokens/token.service.ts:10 write tokens',
      'src/users/user.service.ts:13 read users',
      'src/users/user.service.ts:10 write users',
    ]);
  });

  it('leaves out a computed collection name and the seed file, with a diagnostic each', async () => {
    expect(diagnostics(await factsPromise)).toEqual([
      'table-name-unknown src/admin/reports.ts:15',
      'table-name-unknown src/admin/reports.ts:15',
      'seed-access-excluded src/seeds/users.ts',
    ]);
  });
});

describe('mongodb analyzer', () => {
  it('reads collection names from a namespace import and follows CommonJS exports and require', async () => {
    const facts = await run({
      'src/names.ts': "export const ORDERS = 'orders';\n",
      'src/orders.ts': lines(
        "import { MongoClient } from 'mongodb';",
        "import * as names from './names';",
        "const db = new MongoClient('mongodb://localhost').db('shop');",
        'export const orders = db.collection(names.ORDERS);',
      ),
      'src/checkout.ts': lines("import { orders } from './orders';", 'export const place = (total: number) => orders.insertOne({ total });'),
      'src/legacy/db.js': lines("const { MongoClient } = require('mongodb');", "module.exports = new MongoClient('mongodb://localhost').db('shop');"),
      'src/legacy/refunds.js': lines(
        "const db = require('./db');",
        "const refunds = db.collection('refunds');",
        'async function refund(id) { return refunds.updateOne({ _id: id }, { $set: { done: true } }); }',
        'module.exports = { refunds, refund };',
      ),
      'src/legacy/report.js': lines("const { refunds } = require('./refunds');", 'exports.count = () => refunds.countDocuments();'),
      'src/legacy/admin.js': lines("const refundsModule = require('./refunds');", 'exports.undo = (id) => refundsModule.refund(id);'),
    });
    expect(entities(facts)).toEqual(['orders src/orders.ts:4', 'refunds src/legacy/refunds.js:2']);
    expect(accesses(facts)).toEqual([
      'src/checkout.ts:2 write orders',
      'src/legacy/admin.js:2 write refunds',
      'src/legacy/refunds.js:3 write refunds',
      'src/legacy/report.js:2 read refunds',
    ]);
  });

  it('follows the functions of a plain object exported by the module holding the handle, and no further', async () => {
    const facts = await run({
      'src/db.ts': DB,
      'src/log/log.service.ts': lines(
        "import db from '../db';",
        "const service = db.createService('__log');",
        "const start = (id: string) => service.atomic.updateOne({ _id: id }, { $set: { at: 1 } });",
        'const last = () => service.findOne({});',
        'export default { start, last };',
      ),
      'src/log/run.ts': lines("import log from './log.service';", 'export async function run() {', "  await log.start('1');", '  return log.last();', '}'),
      // a service over the log service: it holds no handle, so calling it is not data access
      'src/account/account.service.ts': lines("import log from '../log/log.service';", 'const signIn = () => log.last();', 'export default { signIn };'),
      'src/account/router.ts': lines("import account from './account.service';", 'export const handler = () => account.signIn();'),
    });
    expect(accesses(facts)).toEqual([
      'src/account/account.service.ts:2 read __log',
      'src/log/log.service.ts:4 read __log',
      'src/log/log.service.ts:3 write __log',
      'src/log/run.ts:4 read __log',
      'src/log/run.ts:3 write __log',
    ]);
  });

  it('ignores services that are not node-mongo, collection() of other APIs and methods on plain values', async () => {
    const facts = await run({
      'src/service-base.ts': 'export class Service { constructor(readonly a: string, readonly b: number) {} find() { return []; } }\n',
      'src/mail.ts': lines(
        "import { Service } from './service-base';",
        "import { collection, getFirestore } from 'firebase/firestore';",
        'class EmailService { constructor(readonly host: string, readonly port: number) {} }',
        "export const mailer = new EmailService('smtp.local', 25);",
        "export const svc = new Service('not-a-collection', 1);",
        'export const found = svc.find();',
        "export const people = collection(getFirestore(), 'people');",
        'const items = [1, 2];',
        'export const first = items.find((x) => x > 1);',
        'export function local() { const items = { count: () => 1 }; return items.count(); }',
      ),
    });
    expect(entities(facts)).toEqual([]);
    expect(accesses(facts)).toEqual([]);
  });
});

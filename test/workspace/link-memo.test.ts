/**
 * A re-analysis reuses an analyzer's link step only when nothing the step read has changed (see
 * analyzers/core/link-memo.ts): its files' locals, every answer the context gave it (bindings
 * through barrels, file texts such as a Prisma schema), the lists it read. Each case edits a
 * planted repository, analyzes it again with the earlier run's results and memo, and holds the
 * facts to a cold run of the edited tree.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { asLinkMemo, lineShift, shiftRecord, type LinkRecord } from '../../analyzers/core/link-memo.js';
import { extractRun, type ExtractRun } from '../../analyzers/extract.js';
import type { Analyzer, ExtractOptions, LinkContext } from '../../analyzers/types.js';
import { writeTree } from '../../analyzers/testing.js';
import { analyzeIntoWorkspace } from '../../src/host/workspace-ops.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('link-memo');
afterAll(() => tmp.cleanup());
const folder = tmp.folder;

const FILES = {
  'package.json': JSON.stringify({ name: 'orders', dependencies: { typeorm: '0.3.20', express: '4.19.2', '@prisma/client': '5.0.0' } }),
  'prisma/schema.prisma': 'model User {\n  id Int @id\n  @@map("users")\n}\n',
  'src/order.entity.ts': `import { Entity, PrimaryGeneratedColumn } from 'typeorm';\n@Entity('orders')\nexport class Order {\n  @PrimaryGeneratedColumn() id!: number;\n}\n`,
  'src/invoice.entity.ts': `import { Entity, PrimaryGeneratedColumn } from 'typeorm';\n@Entity('invoices')\nexport class Invoice {\n  @PrimaryGeneratedColumn() id!: number;\n}\n`,
  // a barrel: which entity `Order` names is decided here, not in the service that uses it
  'src/entities.ts': `export { Order } from './order.entity';\n`,
  'src/order.service.ts': `import { Repository } from 'typeorm';\nimport { Order } from './entities';\nexport class OrderService {\n  constructor(private readonly orders: Repository<Order>) {}\n  list() {\n    return this.orders.find();\n  }\n}\n`,
  'src/db.ts': `import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n`,
  'src/users.ts': `import { prisma } from './db';\nexport function listUsers() {\n  return prisma.user.findMany();\n}\n`,
  'src/app.ts': `import express from 'express';\nimport { OrderService } from './order.service';\nimport { listUsers } from './users';\nconst app = express();\nconst service = new OrderService(undefined as never);\napp.get('/orders', (_req, res) => res.json(service.list()));\napp.get('/users', (_req, res) => res.json(listUsers()));\n`,
};

function run(dir: string, prev?: ExtractRun): Promise<ExtractRun> {
  return extractRun(dir, { history: false, workers: 0, recordLinks: true, ...(prev ? { reuse: new Map(prev.files.map((f) => [f.path, f])) } : {}), ...(prev?.linkMemo !== undefined ? { linkMemo: prev.linkMemo } : {}) });
}

/** The run's facts must be those of a cold run of the same tree. */
async function expectCold(dir: string, warm: ExtractRun): Promise<void> {
  const cold = await extractRun(dir, { history: false, workers: 0 });
  expect(JSON.stringify(warm.facts)).toBe(JSON.stringify(cold.facts));
}

function tables(r: ExtractRun): string[] {
  return [...new Set(r.facts.dataAccess.map((d) => `${d.module} ${d.table}`))].sort();
}

describe('link memo', () => {
  it('an edit that changes no locals and no answer reuses every step, with the facts of a cold run', async () => {
    const dir = folder();
    writeTree(dir, FILES);
    const first = await run(dir);
    expect(first.linksReused).toEqual([]);
    expect(first.linkMemo).toBeDefined();
    appendFileSync(join(dir, 'src/order.service.ts'), 'export const touched = 1;\n');
    const second = await run(dir, first);
    expect(second.parsedCount).toBe(1);
    expect(second.linksReused).toEqual(expect.arrayContaining(['express', 'prisma', 'typeorm']));
    await expectCold(dir, second);
    // the memo made from reused steps serves the next run as well
    appendFileSync(join(dir, 'src/order.service.ts'), 'export const again = 2;\n');
    const third = await run(dir, second);
    expect(third.linksReused).toEqual(second.linksReused);
    // made of the same steps, the memo is the same text (a workspace does not write it again)
    expect(third.linkMemo).toBe(second.linkMemo);
    await expectCold(dir, third);
  });

  it("lines inserted above a file's code move its facts' lines: the steps are reused, the facts a cold run's", async () => {
    const dir = folder();
    writeTree(dir, FILES);
    const first = await run(dir);
    const lines = (r: ExtractRun) => [...r.facts.routes.map((x) => `${x.path} ${x.line}`), ...r.facts.dataAccess.map((d) => `${d.module} ${d.table} ${d.line}`)];
    writeFileSync(join(dir, 'src/app.ts'), `// the app\n\n${FILES['src/app.ts']}`);
    writeFileSync(join(dir, 'src/order.service.ts'), FILES['src/order.service.ts'].replace('  list() {', '  // every order\n  list() {'));
    const second = await run(dir, first);
    expect(second.parsedCount).toBe(2);
    // the data steps are reused with their lines moved; the route step keeps source offsets in
    // its locals (to read path expressions again), which moved too: it runs again
    expect(second.linksReused).toEqual(expect.arrayContaining(['prisma', 'sql', 'typeorm']));
    expect(second.linksReused).not.toContain('express');
    expect(lines(second)).not.toEqual(lines(first));
    await expectCold(dir, second);
    // the memo keeps the moved lines: the next edit starts from them
    writeFileSync(join(dir, 'src/app.ts'), `// the app\n${FILES['src/app.ts']}`);
    const third = await run(dir, second);
    expect(third.linksReused).toEqual(expect.arrayContaining(['prisma', 'sql', 'typeorm']));
    await expectCold(dir, third);
  });

  it('lines move only one to one and in order; other changes, or lines the output cannot place, run the step again', () => {
    const before = { calls: [{ owner: 'A#f', line: 3 }, { owner: 'A#g', line: 8 }], line: 1 };
    expect(lineShift(before, { calls: [{ owner: 'A#f', line: 5 }, { owner: 'A#g', line: 10 }], line: 1 })).toEqual(new Map([[3, 5], [8, 10], [1, 1]]));
    // out of order (a method moved above another), two places for one line, another value changed
    expect(lineShift(before, { calls: [{ owner: 'A#f', line: 9 }, { owner: 'A#g', line: 4 }], line: 1 })).toBeUndefined();
    expect(lineShift({ a: [{ line: 3 }, { line: 3 }] }, { a: [{ line: 4 }, { line: 5 }] })).toBeUndefined();
    expect(lineShift(before, { calls: [{ owner: 'A#h', line: 5 }, { owner: 'A#g', line: 10 }], line: 1 })).toBeUndefined();
    expect(lineShift({ n: 3 }, { n: 4 })).toBeUndefined();

    const record = (part: LinkRecord['part'], reports: LinkRecord['reports'] = []): LinkRecord => ({ analyzer: 'x', locals: { count: 1, paths: '' }, asked: [], answers: '', read: {}, reports, part });
    const shifts = new Map([['src/a.ts', new Map([[3, 5], [8, 10]])]]);
    const route = { method: 'GET', path: '/a', framework: 'express', module: 'src/a.ts', line: 8 };
    const moved = shiftRecord(record({ routes: [route, { ...route, module: 'src/b.ts', line: 3 }] }, [{ severity: 'info', code: 'c', file: 'src/a.ts', line: 3, message: 'm' }]), shifts);
    expect(moved?.part.routes?.map((r) => `${r.module}:${r.line}`)).toEqual(['src/a.ts:10', 'src/b.ts:3']);
    expect(moved?.reports.map((d) => d.line)).toEqual([5]);
    expect(route.line).toBe(8); // the remembered record itself is left as it was
    expect(shiftRecord(record({ routes: [{ ...route, line: 4 }] }), shifts)).toBeUndefined();
    expect(shiftRecord(record({ routes: [{ ...route, module: 'src/b.ts', notes: ['PREFIX read at src/a.ts:3'] }] }), shifts)).toBeUndefined();
    expect(shiftRecord(record({}, [{ severity: 'info', code: 'c', line: 3, message: 'm' }]), shifts)).toBeUndefined();
  });

  it("a file whose locals change runs its analyzers' steps again; the others are reused", async () => {
    const dir = folder();
    writeTree(dir, FILES);
    const first = await run(dir);
    // the service's repository call changes (TypeORM's locals), its routes do not (it has none)
    writeFileSync(join(dir, 'src/order.service.ts'), FILES['src/order.service.ts'].replace('this.orders.find()', 'this.orders.save({})'));
    const second = await run(dir, first);
    expect(second.linksReused).not.toContain('typeorm');
    expect(second.linksReused).toContain('express');
    expect(second.facts.dataAccess.filter((d) => d.module === 'src/order.service.ts').map((d) => `${d.table} ${d.access}`)).toEqual(['orders write']);
    await expectCold(dir, second);
  });

  it('a barrel that now names another entity changes an answer: the step runs again though no locals changed', async () => {
    const dir = folder();
    writeTree(dir, FILES);
    const first = await run(dir);
    expect(tables(first)).toContain('src/order.service.ts orders');
    writeFileSync(join(dir, 'src/entities.ts'), `export { Invoice as Order } from './invoice.entity';\n`);
    const second = await run(dir, first);
    expect(second.parsedCount).toBe(1);
    expect(second.linksReused).not.toContain('typeorm');
    expect(tables(second)).toContain('src/order.service.ts invoices');
    await expectCold(dir, second);
  });

  it('a file a step read (the Prisma schema) changes: the step runs again though no source changed', async () => {
    const dir = folder();
    writeTree(dir, FILES);
    const first = await run(dir);
    expect(tables(first)).toContain('src/users.ts users');
    writeFileSync(join(dir, 'prisma/schema.prisma'), 'model User {\n  id Int @id\n  @@map("accounts")\n}\n');
    const second = await run(dir, first);
    expect(second.parsedCount).toBe(0);
    expect(second.linksReused).not.toContain('prisma');
    expect(tables(second)).toContain('src/users.ts accounts');
    await expectCold(dir, second);
  });

  it('a memo whose answers no longer hold is not used, and one in another shape is refused', async () => {
    const dir = folder();
    writeTree(dir, FILES);
    const first = await run(dir);
    const memo = asLinkMemo(JSON.parse(first.linkMemo!) as unknown)!;
    for (const r of memo.records) r.answers = '0'.repeat(24);
    const reused = new Map(first.files.map((f) => [f.path, f]));
    const second = await extractRun(dir, { history: false, workers: 0, reuse: reused, linkMemo: JSON.stringify(memo) });
    expect(second.linksReused).toEqual([]);
    // the same memo untouched is used; a text that is not a memo is ignored
    expect((await extractRun(dir, { history: false, workers: 0, reuse: reused, linkMemo: first.linkMemo! })).linksReused).not.toEqual([]);
    expect((await extractRun(dir, { history: false, workers: 0, reuse: reused, linkMemo: '{"format":2' })).linksReused).toEqual([]);
    expect(asLinkMemo({ ...memo, format: 1 })).toBeUndefined();
    expect(asLinkMemo({ ...memo, questions: [99, 0, 0] })).toBeUndefined();
    expect(asLinkMemo({ ...memo, records: [{ ...memo.records[0]!, asked: [memo.questions.length] }] })).toBeUndefined();
  });

  it('a step that read the options or the module list runs again when they change', async () => {
    const dir = folder();
    writeTree(dir, FILES);
    let runs = 0;
    // a plugin whose step reads an option and the module list (workers steer the work: not read)
    const probe: Analyzer = {
      name: 'probe',
      concern: 'structure',
      collect: () => ({ seen: true }),
      link: (ctx: LinkContext) => {
        runs++;
        return { units: [{ id: `probe:${ctx.options.coChange?.minRevs ?? 0}:${ctx.modules.length}`, kind: 'package', name: 'probe', modules: [] }] };
      },
    } as unknown as Analyzer;
    const go = (prev: ExtractRun | undefined, options: ExtractOptions) =>
      extractRun(dir, { history: false, recordLinks: true, ...options, ...(prev ? { reuse: new Map(prev.files.map((f) => [f.path, f])), linkMemo: prev.linkMemo! } : {}) }, [probe]);
    const first = await go(undefined, { workers: 0, coChange: { minRevs: 5 } });
    const same = await go(first, { workers: 0, coChange: { minRevs: 5 } });
    expect(same.linksReused).toEqual(['probe']);
    expect(runs).toBe(1);
    const other = await go(same, { workers: 0, coChange: { minRevs: 6 } });
    expect(other.linksReused).toEqual([]);
    expect(runs).toBe(2);
    writeFileSync(join(dir, 'src/extra.ts'), 'export const extra = 1;\n');
    const more = await go(other, { workers: 0, coChange: { minRevs: 6 } });
    expect(more.linksReused).toEqual([]);
    expect((more.facts.units ?? []).map((u) => u.id)).toEqual([`probe:6:${first.facts.modules.length + 1}`]);
  });

  it('a workspace keeps the memo with its run: a new process reuses the steps, and the facts are a cold run\'s', async () => {
    const dir = folder();
    writeTree(dir, FILES);
    const workspace = join(dir, '.seam', 'workspace.db');
    await analyzeIntoWorkspace(dir, { workspace, extract: { history: false } });
    appendFileSync(join(dir, 'src/users.ts'), 'export const touched = 1;\n');
    const again = await analyzeIntoWorkspace(dir, { workspace, extract: { history: false } });
    expect(again.parsedCount).toBe(1);
    expect(again.linksReused).toEqual(expect.arrayContaining(['express', 'prisma', 'typeorm']));
    const cold = await extractRun(dir, { history: false });
    expect(JSON.stringify(again.facts)).toBe(JSON.stringify(cold.facts));
    // a memo recorded with another run's results is not used
    const db = new Database(workspace);
    db.prepare(`UPDATE meta SET value = '{"runId":1}' WHERE key = 'cache:links-run'`).run();
    db.close();
    appendFileSync(join(dir, 'src/users.ts'), 'export const twice = 2;\n');
    const third = await analyzeIntoWorkspace(dir, { workspace, extract: { history: false } });
    expect(third.linksReused).toEqual([]);
  });
});

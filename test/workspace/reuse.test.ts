/**
 * What a re-analysis reuses, and what it must not: a file left alone since the last run is
 * recognised by its stamp (size, times, inode) without being read; a file edited since is parsed
 * again even when the edit kept its size and its modification time; a stored result keeps a value
 * the data analyzers share only once, and shares it again when read back.
 */
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { restoredResult, splitStoredResult, storableResult, storedResultText, type FileResult } from '../../analyzers/core/file-result.js';
import { extract, extractRun } from '../../analyzers/extract.js';
import { writeTree } from '../../analyzers/testing.js';
import { analyzeIntoWorkspace } from '../../src/host/workspace-ops.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('reuse');
afterAll(() => tmp.cleanup());
const folder = tmp.folder;

const FILES = {
  'package.json': JSON.stringify({ name: 'orders', dependencies: { typeorm: '0.3.20', express: '4.19.2' } }),
  'src/order.entity.ts': `import { Entity, PrimaryGeneratedColumn, Column } from 'typeorm';\n@Entity('orders')\nexport class Order {\n  @PrimaryGeneratedColumn() id!: number;\n  @Column() total!: number;\n}\n`,
  'src/order.service.ts': `import { Repository } from 'typeorm';\nimport { Order } from './order.entity';\nexport class OrderService {\n  constructor(private readonly orders: Repository<Order>) {}\n  list() {\n    return this.orders.find();\n  }\n  place(order: Order) {\n    return this.orders.save(order);\n  }\n}\n`,
  'src/app.ts': `import express from 'express';\nimport { OrderService } from './order.service';\nconst app = express();\nconst service = new OrderService(undefined as never);\napp.get('/orders', (_req, res) => res.json(service.list()));\n`,
};

/** An hour ago: the time every file is set to, settled as files are between two runs. */
const PAST = new Date(Date.now() - 3_600_000);

function settle(dir: string): void {
  for (const rel of Object.keys(FILES)) utimesSync(join(dir, rel), PAST, PAST);
}

describe('file stamps', () => {
  it('reuses a settled file without reading it: a matching stamp is trusted over the content', async () => {
    const dir = folder();
    writeTree(dir, FILES);
    settle(dir);
    const first = await extractRun(dir, { history: false, workers: 0, stamp: true });
    expect(first.stamps.size).toBe(3);
    // a run that keeps no workspace takes none (a stat per file for nothing)
    expect((await extractRun(dir, { history: false, workers: 0 })).stamps.size).toBe(0);
    const service = first.files.find((f) => f.path === 'src/order.service.ts')!;
    // a result whose hash no longer matches the content: only a file that is not read keeps it
    const stale: FileResult = { ...service, module: { ...service.module!, hash: '0000000000000000' } };
    const reuse = new Map(first.files.map((f) => [f.path, f.path === service.path ? stale : f]));
    const stamps = new Map([...first.stamps].map(([p, s]) => [p, p === service.path ? s.replace(/:[0-9a-f]{16}$/, ':0000000000000000') : s]));
    const trusted = await extractRun(dir, { history: false, workers: 0, reuse, reuseStamps: stamps });
    expect(trusted.parsedCount).toBe(0);
    // without the stamps, the file is read, its hash differs, and it is parsed again
    const read = await extractRun(dir, { history: false, workers: 0, reuse });
    expect(read.parsedCount).toBe(1);
  });

  it('does not stamp a file written in the last two seconds (a write in the same clock tick could keep its stamp)', async () => {
    const dir = folder();
    writeTree(dir, FILES);
    settle(dir);
    writeFileSync(join(dir, 'src/app.ts'), `${FILES['src/app.ts']}// touched\n`);
    const run = await extractRun(dir, { history: false, workers: 0, stamp: true });
    expect([...run.stamps.keys()].sort()).toEqual(['src/order.entity.ts', 'src/order.service.ts']);
  });

  it('parses again a file edited in place with its size and modification time kept, and gets the facts a cold run gets', async () => {
    const dir = folder();
    const workspace = join(folder(), 'workspace.db');
    writeTree(dir, FILES);
    settle(dir);
    const first = await analyzeIntoWorkspace(dir, { workspace, extract: { history: false } });
    expect(first.parsedCount).toBe(3);
    const second = await analyzeIntoWorkspace(dir, { workspace, extract: { history: false } });
    expect(second.parsedCount).toBe(0);

    // `save` becomes `find`: same length, then the modification time is set back to what it was
    const file = join(dir, 'src/order.service.ts');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('this.orders.save(order)', 'this.orders.find(order)'));
    settle(dir);
    const third = await analyzeIntoWorkspace(dir, { workspace, extract: { history: false } });
    expect(third.parsedCount).toBe(1);
    const cold = await extract(dir, { history: false });
    expect(JSON.stringify(third.facts)).toBe(JSON.stringify(cold));
    expect(new Set(third.facts.dataAccess.filter((a) => a.module === 'src/order.service.ts').map((a) => a.access))).toEqual(new Set(['read']));
  });
});

describe('stored results', () => {
  it('write a value the data analyzers share once, and share it again when read back', async () => {
    const dir = folder();
    const workspace = join(folder(), 'workspace.db');
    writeTree(dir, FILES);
    const run = await analyzeIntoWorkspace(dir, { workspace, extract: { history: false } });
    expect(run.facts.dataAccess.length).toBeGreaterThan(0);
    const db = new Database(workspace, { readonly: true });
    const [hash, text] = db.prepare(`SELECT hash, result FROM file_results WHERE path = 'src/order.service.ts'`).raw().get() as [string, string];
    db.close();
    // the result, then its locals apart (read only when a link step needs them)
    const { head, locals: localsText } = splitStoredResult(text);
    expect(localsText).toBeDefined();
    const stored = JSON.parse(head) as FileResult & { localKeys: string[] };
    expect(stored.localKeys).toEqual(expect.arrayContaining(['typeorm', 'sql']));
    const locals = JSON.parse(localsText!) as Record<string, { flow?: unknown }>;
    // the TypeORM and SQL analyzers share the file's call flow: one copy, one reference
    expect(locals.typeorm?.flow).toBeTypeOf('object');
    expect(locals.sql?.flow).toEqual({ $seamSameAs: 'typeorm.flow' });
    expect(text.split(JSON.stringify(locals.typeorm!.flow)).length - 1).toBe(1);

    let reads = 0;
    const restored = restoredResult('src/order.service.ts', hash, stored, {
      get locals() {
        reads++;
        return localsText!;
      },
      unreadable: (why) => {
        throw new Error(why);
      },
    })!;
    // the names answer without reading the locals; the first value read reads them all, once
    expect('typeorm' in restored.locals && 'sql' in restored.locals).toBe(true);
    const back = restored.locals as Record<string, { flow?: unknown }>;
    expect(back.sql!.flow).toBe(back.typeorm!.flow);
    expect(back.typeorm!.flow).toBe(back.typeorm!.flow);
    expect(reads).toBe(1);
  });

  it('a stored result whose locals cannot be read is parsed again when a step needs them, and stored anew', async () => {
    const dir = folder();
    const workspace = join(folder(), 'workspace.db');
    writeTree(dir, FILES);
    await analyzeIntoWorkspace(dir, { workspace, extract: { history: false } });
    const row = `SELECT result FROM file_results WHERE path = 'src/order.service.ts'`;
    const db = new Database(workspace);
    const text = db.prepare(row).pluck().get() as string;
    db.prepare(`UPDATE file_results SET result = ? WHERE path = 'src/order.service.ts'`).run(`${splitStoredResult(text).head}\n{"typeorm":`);
    db.close();
    // the entity's table changes: the TypeORM step runs again and reads the service's locals
    writeFileSync(join(dir, 'src/order.entity.ts'), FILES['src/order.entity.ts'].replace("'orders'", "'purchases'"));
    const run = await analyzeIntoWorkspace(dir, { workspace, extract: { history: false } });
    expect(run.parsedCount).toBe(1);
    expect(run.facts.dataAccess.filter((d) => d.module === 'src/order.service.ts').map((d) => d.table)).toContain('purchases');
    expect(JSON.stringify(run.facts)).toBe(JSON.stringify((await extractRun(dir, { history: false })).facts));
    const after = new Database(workspace, { readonly: true });
    const stored = after.prepare(row).pluck().get() as string;
    after.close();
    expect(JSON.parse(splitStoredResult(stored).locals!)).toHaveProperty('typeorm');
  });

  it('locals read later that cannot be read name the damage instead of giving other facts', () => {
    const f: FileResult = { path: 'a.ts', module: { path: 'a.ts', lines: 1, bytes: 1, language: 'ts', hash: 'h' }, locals: { typeorm: { flow: { calls: [] } } }, diagnostics: [] };
    const { head, locals } = splitStoredResult(storedResultText(f));
    for (const bad of [locals!.slice(0, -1), '{"sql":{}}', '{"typeorm":{"flow":{"$seamSameAs":"nowhere.flow"}}}']) {
      const r = restoredResult('a.ts', 'h', JSON.parse(head), { locals: bad, unreadable: (why) => { throw new Error(`damaged: ${why}`); } })!;
      expect('typeorm' in r.locals).toBe(true);
      expect(() => r.locals['typeorm']).toThrow(/damaged/);
    }
    const good = restoredResult('a.ts', 'h', JSON.parse(head), { locals: locals!, unreadable: (why) => { throw new Error(why); } })!;
    expect(good.locals['typeorm']).toEqual({ flow: { calls: [] } });
  });

  it('are not reused when a shared reference does not point at a value', () => {
    const result = (locals: Record<string, unknown>): FileResult => ({ path: 'a.ts', module: { path: 'a.ts', lines: 1, bytes: 1, language: 'ts', hash: 'h' }, locals, diagnostics: [] });
    const flow = { calls: [] };
    const stored = JSON.parse(JSON.stringify(storableResult(result({ typeorm: { flow }, sql: { flow } })))) as FileResult;
    expect(restoredResult('a.ts', 'h', stored)).toBeDefined();
    for (const bad of [{ $seamSameAs: 'nowhere.flow' }, { $seamSameAs: 'typeorm.missing' }, { $seamSameAs: 7 }, { $seamSameAs: 'sql.flow' }]) {
      expect(restoredResult('a.ts', 'h', result({ typeorm: { flow }, sql: { flow: bad } }))).toBeUndefined();
    }
  });
});

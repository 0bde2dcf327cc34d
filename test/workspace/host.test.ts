/**
 * The workspace operations end to end, on real folders: analysis into a workspace, incremental
 * re-analysis, decisions surviving renames / deletions / additions (in a real git repository and
 * without git), scenarios, and two processes editing one workspace at once.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../../analyzers/extract.js';
import { writeTree } from '../../analyzers/testing.js';
import {
  analyzeIntoWorkspace,
  applyEdit,
  closeWorkspace,
  currentDecomposition,
  diffScenarios,
  editLog,
  openWorkspace,
  saveScenario,
  switchScenario,
  type Workspace,
} from '../../src/host/workspace-ops.js';
import type { Decomposition } from '../../src/shared/decomposition.js';
import { tempDir } from './helpers.js';

const SHOP = resolve(import.meta.dirname, '..', '..', 'fixtures', 'monoliths', 'shop');
const HOST = pathToFileURL(resolve(import.meta.dirname, '..', '..', 'dist', 'src', 'host', 'workspace-ops.js')).href;
const tmp = tempDir('host');
afterAll(() => tmp.cleanup());

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'user.name=Seam Test', '-c', 'user.email=test@seam.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
}

function serviceOf(d: Decomposition, module: string): string | undefined {
  return d.services.find((s) => s.modules.includes(module))?.name;
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

describe('decisions survive re-analysis in a git repository', () => {
  const repo = join(tmp.dir, 'shop');
  const ws = join(tmp.dir, 'shop.db');
  const LOYALTY = 'src/services/loyalty-service.ts';
  const MOVED = 'src/loyalty/loyalty-service.ts';
  const GONE = 'src/jobs/abandoned-cart-job.ts';
  const NEW = 'src/services/gift-card-service.ts';
  let first: Awaited<ReturnType<typeof analyzeIntoWorkspace>>;
  let second: Awaited<ReturnType<typeof analyzeIntoWorkspace>>;
  let after: Decomposition;

  beforeAll(async () => {
    cpSync(SHOP, repo, { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'shop');
    first = await analyzeIntoWorkspace(repo, { workspace: ws, extract: { history: false } });

    // the architect's decisions: loyalty goes to orders (a move pins it)
    const w = await openWorkspace(ws);
    await applyEdit(w, { kind: 'move', modules: [LOYALTY], to: 'orders' });
    closeWorkspace(w);

    // the code moves on: a rename (importers updated), a deletion, a new module
    mkdirSync(join(repo, 'src', 'loyalty'));
    git(repo, 'mv', LOYALTY, MOVED);
    edit(join(repo, 'src/controllers/customer-controller.ts'), "'../services/loyalty-service'", "'../loyalty/loyalty-service'");
    edit(join(repo, 'src/services/order-service.ts'), "'./loyalty-service'", "'../loyalty/loyalty-service'");
    git(repo, 'rm', '-q', GONE);
    writeFileSync(join(repo, NEW), "import { paymentService } from './payment-service';\nimport { paymentRepository } from '../repositories/payment-repository';\n\nexport function redeemGiftCard(code: string): unknown {\n  return paymentService && paymentRepository && code;\n}\n");
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'move loyalty, drop abandoned carts, gift cards');
    second = await analyzeIntoWorkspace(repo, { workspace: ws, extract: { history: false } });
    const w2 = await openWorkspace(ws);
    after = (await currentDecomposition(w2)).decomposition;
    closeWorkspace(w2);
  });

  it('records the git HEAD of each run and parses only the changed files the second time', () => {
    expect(first.head).toMatch(/^[0-9a-f]{40}$/);
    expect(second.head).not.toBe(first.head);
    expect(first.parsedCount).toBe(first.moduleCount);
    // the moved file, its two importers, the new file
    expect(second.parsedCount).toBe(4);
    expect(second.reusedCount).toBe(second.moduleCount - 4);
  });

  it('produces the same facts as a cold analysis', async () => {
    const cold = await extract(repo, { history: false });
    expect(JSON.stringify(second.facts)).toBe(JSON.stringify(cold));
  });

  it('keeps a renamed module in the service it was moved to, pinned', () => {
    expect(second.scenarios[0]!.renames).toEqual([{ from: LOYALTY, to: MOVED, by: 'git' }]);
    const orders = after.services.find((s) => s.name === 'orders')!;
    expect(orders.modules).toContain(MOVED);
    expect(orders.pinned).toEqual([MOVED]);
    expect(after.constraints.pins).toEqual([{ module: MOVED, service: 'orders' }]);
  });

  it('lets a deleted module go with a notice', () => {
    expect(second.scenarios[0]!.deleted).toEqual([GONE]);
    expect(second.scenarios[0]!.notices).toContainEqual({ code: 'module-deleted', module: GONE, service: 'svc-cart', message: `${GONE} no longer exists; it left service cart` });
    expect(after.services.some((s) => s.modules.includes(GONE))).toBe(false);
  });

  it('proposes a service for a new module and flags it for review', () => {
    expect(second.scenarios[0]!.added).toEqual([NEW]);
    expect(after.services.find((s) => s.modules.includes(NEW))).toMatchObject({ name: 'payments', flagged: [NEW] });
  });

  it('keeps what placed each module through save, edit and re-analysis', () => {
    const reason = (module: string) => after.services.flatMap((s) => s.placement ?? []).find((p) => p.module === module);
    expect(reason(MOVED)).toEqual({ module: MOVED, evidence: 'user', reason: 'moved here by the user' });
    expect(reason(NEW)).toEqual({ module: NEW, evidence: 'new', reason: 'new since the last analysis: most coupled with this service' });
    expect(reason('src/controllers/auth-controller.ts')).toEqual({ module: 'src/controllers/auth-controller.ts', evidence: 'coupling', reason: 'coupling: 3 of 3 links (100 % of their weight) stay in this service' });
    for (const s of after.services) expect(s.placement!.map((p) => p.module)).toEqual(s.modules);
  });

  it('logs the re-analysis as a barrier that undo does not cross', async () => {
    const w = await openWorkspace(ws);
    const log = await editLog(w);
    expect(log.map((e) => [e.kind, e.summary])).toEqual([
      ['create', 'proposed by seam analyze (run 1)'],
      ['edit', `move ${LOYALTY} to orders`],
      ['reanalysis', 're-analysis: run 2 (1 renamed, 1 deleted, 1 new)'],
    ]);
    closeWorkspace(w);
  });
});

describe('the default workspace', () => {
  it('is .seam/workspace.db in the analyzed folder, which git is told to ignore', async () => {
    const repo = join(tmp.dir, 'default-location');
    writeTree(repo, { 'package.json': '{ "name": "x" }\n', 'src/a.ts': "import { b } from './b';\nexport const a = b;\n", 'src/b.ts': 'export const b = 1;\n' });
    const run = await analyzeIntoWorkspace(repo, { extract: { history: false } });
    expect(run.file).toBe(join(realpathSync(repo), '.seam', 'workspace.db'));
    expect(readFileSync(join(repo, '.seam', '.gitignore'), 'utf8')).toBe('*\n');
    expect(run.moduleCount).toBe(2);
  });
});

describe('decisions survive re-analysis without git', () => {
  it('recognises a moved and lightly edited file by its content', async () => {
    const repo = join(tmp.dir, 'plain');
    const body = (extra: string) =>
      `import { db } from '${extra}lib/db';\n\nexport class OrderService {\n  async place(id: string): Promise<void> {\n    await db.insert('orders', { id });\n  }\n\n  async cancel(id: string): Promise<void> {\n    await db.remove('orders', id);\n  }\n\n  async list(): Promise<string[]> {\n    return db.all('orders');\n  }\n}\n`;
    writeTree(repo, {
      'package.json': '{ "name": "plain" }\n',
      'src/lib/db.ts': 'export const db = { insert: async (..._a: unknown[]) => {}, remove: async (..._a: unknown[]) => {}, all: async (_t: string) => [] as string[] };\n',
      'src/orders/order-service.ts': body('../'),
      'src/orders/order-controller.ts': "import { OrderService } from './order-service';\nexport const orders = new OrderService();\n",
    });
    const ws = join(tmp.dir, 'plain.db');
    await analyzeIntoWorkspace(repo, { workspace: ws, extract: { history: false } });
    const w = await openWorkspace(ws);
    const before = (await currentDecomposition(w)).decomposition;
    const home = serviceOf(before, 'src/orders/order-service.ts')!;
    await applyEdit(w, { kind: 'pin', modules: ['src/orders/order-service.ts'] });
    closeWorkspace(w);

    mkdirSync(join(repo, 'src/sales/core'), { recursive: true });
    renameSync(join(repo, 'src/orders/order-service.ts'), join(repo, 'src/sales/core/order-service.ts'));
    writeFileSync(join(repo, 'src/sales/core/order-service.ts'), body('../../').replace("return db.all('orders');", "return db.all('orders').then((ids) => ids.sort());"));
    edit(join(repo, 'src/orders/order-controller.ts'), "'./order-service'", "'../sales/core/order-service'");
    const run = await analyzeIntoWorkspace(repo, { workspace: ws, extract: { history: false } });
    expect(run.head).toBeNull();
    expect(run.scenarios[0]!.renames).toEqual([{ from: 'src/orders/order-service.ts', to: 'src/sales/core/order-service.ts', by: 'similarity', similarity: 0.75 }]);
    const w2 = await openWorkspace(ws);
    const d = (await currentDecomposition(w2)).decomposition;
    closeWorkspace(w2);
    expect(serviceOf(d, 'src/sales/core/order-service.ts')).toBe(home);
    expect(d.services.find((s) => s.name === home)!.pinned).toEqual(['src/sales/core/order-service.ts']);
  });
});

describe('scenarios', () => {
  it('saves, switches and compares: metrics side by side and the modules that differ', async () => {
    const repo = join(tmp.dir, 'shop-scenarios');
    cpSync(SHOP, repo, { recursive: true });
    const ws = join(tmp.dir, 'scenarios.db');
    await analyzeIntoWorkspace(repo, { workspace: ws, extract: { history: false } });
    const w = await openWorkspace(ws);
    const saved = await saveScenario(w, 'carts-in-orders');
    expect(saved).toMatchObject({ name: 'carts-in-orders', active: true });
    await applyEdit(w, { kind: 'merge', services: ['orders', 'cart'] });
    await applyEdit(w, { kind: 'rename', service: 'orders', name: 'checkout' });
    const diff = await diffScenarios(w, 'proposal', 'carts-in-orders');
    const proposal = (await currentDecomposition(w, { scenario: 'proposal' })).decomposition;
    const cart = proposal.services.find((s) => s.name === 'cart')!.modules;
    expect(diff.modules).toEqual(cart.map((m) => ({ module: m, a: { service: 'svc-cart', name: 'cart' }, b: { service: 'svc-orders', name: 'checkout' } })));
    expect(diff.renamed).toEqual([{ id: 'svc-orders', a: 'orders', b: 'checkout' }]);
    expect(diff.servicesOnlyInA).toEqual([{ id: 'svc-cart', name: 'cart' }]);
    expect(diff.servicesOnlyInB).toEqual([]);
    expect(diff.metrics.length).toBeGreaterThan(0);
    for (const m of diff.metrics) expect(m.delta).toBe(m.before === null || m.after === null ? null : Math.round((m.after - m.before) * 1e6) / 1e6);
    const noop = await applyEdit(w, { kind: 'move', modules: [cart[0]!], to: 'checkout' });
    expect(noop.seq).toBe(3);
    expect(noop.notices).toEqual([{ code: 'nothing-to-do', module: cart[0], service: 'svc-orders', message: `${cart[0]} is already in checkout` }]);
    expect((await editLog(w)).map((e) => e.summary)).toEqual(['saved from proposal (entry 1)', 'merge orders, cart', 'rename orders to checkout']);
    await switchScenario(w, 'proposal');
    expect((await currentDecomposition(w)).scenario).toBe('proposal');
    closeWorkspace(w);
  });
});

describe('two processes editing one workspace', () => {
  it('loses no edit and never fails with "database is locked"', async () => {
    const repo = join(tmp.dir, 'shop-concurrent');
    cpSync(SHOP, repo, { recursive: true });
    const ws = join(tmp.dir, 'concurrent.db');
    await analyzeIntoWorkspace(repo, { workspace: ws, extract: { history: false } });
    const script = join(tmp.dir, 'editor.mjs');
    writeFileSync(
      script,
      `import { openWorkspace, applyEdit, closeWorkspace, currentDecomposition } from '${HOST}';
const [file, service, prefix] = process.argv.slice(2);
const ws = await openWorkspace(file);
await currentDecomposition(ws); // facts and graph loaded: from here on only edits
process.stdout.write('ready\\n');
await new Promise((go) => process.stdin.once('data', go));
let current = service;
for (let i = 1; i <= 50; i++) {
  const name = prefix + '-' + i;
  const r = await applyEdit(ws, { kind: 'rename', service: current, name });
  current = name;
  process.stdout.write('ok ' + r.seq + ' ' + name + '\\n');
}
closeWorkspace(ws);
process.stdin.destroy();
`,
    );
    // both editors start editing at the same moment, once each has loaded the workspace
    let ready = 0;
    const children: ChildProcess[] = [];
    const run = (service: string, prefix: string) =>
      new Promise<{ code: number | null; out: string; err: string }>((done) => {
        const child = spawn(process.execPath, [script, ws, service, prefix], { stdio: ['pipe', 'pipe', 'pipe'] });
        children.push(child);
        let out = '';
        let err = '';
        let isReady = false;
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (isReady || !out.startsWith('ready\n')) return;
          isReady = true;
          if (++ready === 2) for (const k of children) k.stdin!.write('go\n');
        });
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        child.on('exit', (code) => done({ code, out: out.replace(/^ready\n/, ''), err }));
      });
    const [a, b] = await Promise.all([run('orders', 'a'), run('payments', 'b')]);
    expect({ a: a.err, b: b.err }).toEqual({ a: '', b: '' });
    expect([a.code, b.code]).toEqual([0, 0]);

    const w: Workspace = await openWorkspace(ws);
    const log = (await editLog(w)).filter((e) => e.kind === 'edit');
    closeWorkspace(w);
    if (log.length !== 100) expect({ logged: log.map((e) => e.summary), a: a.out, b: b.out }).toEqual({});
    expect(log).toHaveLength(100);
    // they did edit at the same time: the log interleaves the two
    const order = log.map((e) => (e.edit?.kind === 'rename' ? e.edit.name[0] : '?')).join('');
    expect(order).not.toMatch(/^(a{50}b{50}|b{50}a{50})$/);
    const names = (p: string) => log.map((e) => (e.edit?.kind === 'rename' ? e.edit.name : '')).filter((n) => n.startsWith(`${p}-`));
    expect(names('a')).toEqual(Array.from({ length: 50 }, (_, i) => `a-${i + 1}`));
    expect(names('b')).toEqual(Array.from({ length: 50 }, (_, i) => `b-${i + 1}`));
    // every reported seq is the one in the log
    for (const line of [...a.out.trim().split('\n'), ...b.out.trim().split('\n')]) {
      const [, seq, name] = line.split(' ');
      expect(log.find((e) => e.seq === Number(seq))?.edit).toMatchObject({ kind: 'rename', name });
    }
  });
});


/**
 * Every operation of the UI contract through `createHost`, on a copy of the shop fixture: the
 * same calls Electron's IPC and `seam serve` make, with the answers the UI relies on.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../src/host/operations.js';
import { closeWorkspace, currentDecomposition, openWorkspace } from '../../src/host/workspace-ops.js';
import type { ApiResult, GraphView, HostEvent, MatrixView, OperationName, ResponseOf, WorkbenchState } from '../../src/shared/contract.js';
import { OPERATIONS } from '../../src/shared/contract.js';
import type { Metrics } from '../../src/shared/metrics.js';
import { tempDir } from '../workspace/helpers.js';

const SHOP = resolve(import.meta.dirname, '..', '..', 'fixtures', 'monoliths', 'shop');
const LOYALTY = 'src/services/loyalty-service.ts';
const STOCK_JOB = 'src/jobs/stock-reconciliation-job.ts';

const tmp = tempDir('host-ops');
const repo = join(tmp.dir, 'shop');
let host: Host;
const events: HostEvent[] = [];

function value<T>(r: ApiResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r.value;
}

async function call<K extends OperationName>(op: K, req: unknown): Promise<ResponseOf<K>> {
  return value((await host.handlers[op](req)) as ApiResult<ResponseOf<K>>);
}

async function refusal(op: string, req: unknown): Promise<{ code: string; message: string }> {
  const r = await host.call(op, req);
  if (r.ok) throw new Error(`expected ${op} to be refused`);
  return { code: r.code, message: r.message };
}

beforeAll(async () => {
  cpSync(SHOP, repo, { recursive: true });
  host = await createHost({ host: 'serve', root: repo, history: false });
  host.onEvent((e) => events.push(e));
});

afterAll(async () => {
  await host.close();
  tmp.cleanup();
});

describe('session and analysis', () => {
  it('opens the repository with its default workspace and reports it is not analyzed yet', async () => {
    const info = await call('session.info', {});
    expect(info).toEqual({ root: realpathSync(repo), workspace: join(realpathSync(repo), '.seam', 'workspace.db'), analyzed: false, scenario: null, host: 'serve', version: '0.1.0' });
    expect(readFileSync(join(repo, '.seam', '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('refuses views before the first analysis, saying what to do', async () => {
    const r = await refusal('graph.get', { level: 'modules' });
    expect(r.code).toBe('not-analyzed');
    expect(r.message).toMatch(/^graph\.get: .*workspace\.db has no analysis yet; run the analysis first$/);
  });

  it('analyzes the shop: 110 modules, 63 routes, 24 tables, with progress and a state change', async () => {
    const summary = await call('analysis.run', {});
    expect({ ...summary, diagnostics: summary.diagnostics.length }).toEqual({ runId: 1, modules: 110, parsed: 110, reused: 0, routes: 63, tables: 24, diagnostics: 0, notices: [] });
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.some((e) => e.type === 'progress' && e.stage === 'link' && e.done === e.total)).toBe(true);
    expect(events[events.length - 1]).toEqual({ type: 'state-changed', scenario: 'proposal', seq: 1 });
    expect((await call('session.info', {})).analyzed).toBe(true);
  });

  it('does not analyze again at start when the workspace already has a run', async () => {
    expect(value(await host.analyzeIfNeeded())).toBeNull();
  });

  it('re-analyzes incrementally on request: nothing changed, nothing parsed', async () => {
    const summary = await call('analysis.run', { history: false });
    expect([summary.runId, summary.parsed, summary.reused]).toEqual([2, 0, 110]);
  });

  it('refuses to open another repository over HTTP (serve)', async () => {
    expect(await refusal('session.open', { root: tmp.dir })).toEqual({ code: 'forbidden', message: "session.open: this host serves one repository; start 'seam serve <folder>' for another" });
  });
});

describe('state and views', () => {
  let state: WorkbenchState;
  let metrics: Metrics;
  beforeAll(async () => {
    state = await call('state.get', {});
    metrics = state.metrics as unknown as Metrics;
  });

  it('returns the proposal: 10 services over 88 modules, 22 in the shared kernel', () => {
    expect(state.scenario).toBe('proposal');
    expect(state.services.map((s) => [s.name, s.modules])).toEqual([
      ['auth', 8], ['cart', 8], ['catalog', 9], ['customers', 9], ['inventory', 9],
      ['notifications', 10], ['orders', 12], ['payments', 8], ['reports', 7], ['shipments', 8],
    ]);
    expect(state.decomposition.shared).toHaveLength(22);
    expect(state.services.find((s) => s.name === 'orders')).toEqual({ id: 'svc-orders', name: 'orders', modules: 12, lines: 766, routes: 8, tablesOwned: 1, pinned: 0, flagged: 0 });
    expect([metrics.services, metrics.modules, metrics.sharedModules]).toEqual([10, 88, 22]);
    expect([state.canUndo, state.canRedo]).toEqual([false, false]);
    expect(state.scenarios).toEqual([{ name: 'proposal', active: true, services: 10 }]);
    expect(state.session.scenario).toBe('proposal');
  });

  it('draws one node per module, grouped by service, kernel modules in group shared, and every coupling edge', async () => {
    const g: GraphView = await call('graph.get', { level: 'modules' });
    expect(g.nodes).toHaveLength(110);
    const groupOf = new Map(g.nodes.map((n) => [n.id, n.group]));
    for (const s of state.decomposition.services) for (const m of s.modules) expect(groupOf.get(m)).toBe(s.id);
    for (const k of state.decomposition.shared) expect(groupOf.get(k.module)).toBe('shared');
    expect(g.nodes.find((n) => n.id === 'src/services/order-service.ts')).toMatchObject({ label: 'order-service', kind: 'module', size: 271 });

    const ws = await openWorkspace(join(repo, '.seam', 'workspace.db'));
    try {
      await currentDecomposition(ws);
      expect(g.edges).toHaveLength(ws.loaded!.graph.size);
    } finally {
      closeWorkspace(ws);
    }
    // runtime / type-only counts add up to the cut cost of the metrics bar
    const services = new Set(state.decomposition.services.map((s) => s.id));
    const crossing = g.edges.filter((e) => groupOf.get(e.source) !== groupOf.get(e.target) && services.has(groupOf.get(e.source)!) && services.has(groupOf.get(e.target)!));
    expect(crossing.reduce((n, e) => n + e.runtime, 0)).toBe(metrics.cutCost.runtime);
    expect(crossing.reduce((n, e) => n + e.typeOnly, 0)).toBe(metrics.cutCost.typeOnly);
  });

  it('lays modules out so the first paint is readable: each module nearer its own service than any other', async () => {
    const g = await call('graph.get', { level: 'modules' });
    const centre = new Map<string, { x: number; y: number; n: number }>();
    for (const n of g.nodes) {
      const c = centre.get(n.group) ?? { x: 0, y: 0, n: 0 };
      centre.set(n.group, { x: c.x + n.x, y: c.y + n.y, n: c.n + 1 });
    }
    const dist = (n: { x: number; y: number }, c: { x: number; y: number; n: number }): number => Math.hypot(n.x - c.x / c.n, n.y - c.y / c.n);
    for (const n of g.nodes) {
      const own = dist(n, centre.get(n.group)!);
      for (const [group, c] of centre) if (group !== n.group) expect(own).toBeLessThan(dist(n, c));
    }
  });

  it('gives the same layout every time, in a fresh host too', async () => {
    const first = await call('graph.get', { level: 'modules' });
    const other = await createHost({ host: 'electron', workspace: join(repo, '.seam', 'workspace.db') });
    try {
      expect(value(await other.handlers['graph.get']({ level: 'modules' }))).toEqual(first);
    } finally {
      await other.close();
    }
  });

  it('draws the service level: one node per service plus the kernel at the centre, no self edges', async () => {
    const g = await call('graph.get', { level: 'services' });
    expect(g.nodes.map((n) => n.id)).toEqual([...state.decomposition.services.map((s) => s.id), 'shared']);
    expect(g.nodes.find((n) => n.id === 'shared')).toMatchObject({ kind: 'kernel', x: 0, y: 0, label: 'shared kernel' });
    expect(g.nodes.find((n) => n.id === 'svc-orders')).toMatchObject({ kind: 'service', label: 'orders', size: 766 });
    expect(g.edges.every((e) => e.source !== e.target && e.source < e.target)).toBe(true);
    const between = g.edges.filter((e) => e.source !== 'shared' && e.target !== 'shared');
    expect(between.reduce((n, e) => n + e.runtime, 0)).toBe(metrics.cutCost.runtime);
  });

  it('orders the matrix so services are diagonal blocks: largest first, coupled ones next, the kernel last', async () => {
    const m: MatrixView = await call('matrix.get', {});
    expect(m.keys).toHaveLength(11);
    expect(m.keys[0]).toBe('svc-orders');
    expect(m.keys[10]).toBe('shared');
    expect(m.labels[10]).toBe('shared kernel');
    expect(m.groups).toEqual(m.keys);
    expect(m.cells.every((row) => row.length === 11)).toBe(true);
    // each service's row, over the other services, is its outbound dependencies in the metrics
    for (const s of metrics.perService) {
      const i = m.keys.indexOf(s.serviceId);
      const row = m.cells[i]!.filter((_c, j) => j !== i && m.keys[j] !== 'shared');
      expect([row.reduce((n, c) => n + c.runtime, 0), row.reduce((n, c) => n + c.typeOnly, 0)]).toEqual([s.outbound.runtime, s.outbound.typeOnly]);
    }
  });

  it('expands a service into its modules, kept together in path order', async () => {
    const m = await call('matrix.get', { expand: ['orders'] });
    const orders = state.decomposition.services.find((s) => s.name === 'orders')!.modules;
    expect(m.keys).toHaveLength(10 + orders.length);
    expect(m.keys.slice(0, orders.length)).toEqual(orders);
    expect(m.groups.slice(0, orders.length)).toEqual(orders.map(() => 'svc-orders'));
    expect(m.labels[0]).toBe('order-controller');
    expect(m.cells).toHaveLength(m.keys.length);
  });

  it('names the service it cannot expand', async () => {
    expect((await refusal('matrix.get', { expand: ['warehouse'] })).message).toBe(
      "matrix.get: no service 'warehouse'; the services are auth, cart, catalog, customers, inventory, notifications, orders, payments, reports, shipments",
    );
  });

  it('details a service: modules, routes, API used by others, owned and foreign tables with strategies, conflicts', async () => {
    const d = await call('service.details', { service: 'orders' });
    expect(d.id).toBe('svc-orders');
    expect(d.modules).toHaveLength(12);
    expect(d.modules[0]).toEqual({ path: 'src/controllers/order-controller.ts', lines: 72, pinned: false, flagged: false });
    expect(d.routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/orders', 'POST /api/orders', 'GET /api/orders/:id', 'POST /api/orders/:id/cancel', 'PATCH /api/orders/:id/status',
      'GET /api/orders/:orderId/items', 'GET /api/orders/:orderId/items/:itemId', 'POST /api/orders/:orderId/items/:itemId/returns',
    ]);
    expect(d.api).toContainEqual({ module: 'src/events/order-events.ts', symbol: 'ORDER_PLACED', usedBy: ['svc-notifications', 'svc-reports'] });
    expect(d.ownedTables.map((t) => `${t.table}:${t.access}`)).toEqual(['order_items:write', 'orders:write']);
    expect(d.foreignTables).toEqual([]);
    expect(d.conflicts.length).toBeGreaterThan(0);
    expect(d.conflicts.every((c) => c.message.length > 0)).toBe(true);
    expect(d.metrics).toMatchObject({ serviceId: 'svc-orders', modules: 12, lines: 766, routes: 8 });

    const payments = await call('service.details', { service: 'svc-payments' });
    expect(payments.foreignTables).toEqual([
      // the service that calls the repository reads and writes through it too
      { table: 'customers', access: 'read', modules: ['src/repositories/payment-repository.ts', 'src/services/payment-service.ts'], owner: 'svc-customers', strategy: 'replica' },
      { table: 'orders', access: 'write', modules: ['src/repositories/payment-repository.ts', 'src/services/payment-service.ts'], owner: 'svc-orders', strategy: 'command' },
    ]);
    const inventory = await call('service.details', { service: 'inventory' });
    expect(inventory.foreignTables.map((t) => [t.table, t.owner, t.strategy])).toEqual([
      ['order_items', 'svc-orders', 'view'],
      ['orders', 'svc-orders', 'view'],
    ]);
    expect(inventory.sharedState.every((s) => s.users.length > 1 && s.users.includes('svc-inventory'))).toBe(true);
  });

  it('refuses details of a service that does not exist', async () => {
    expect(await refusal('service.details', { service: 'warehouse' })).toMatchObject({ code: 'unknown-service' });
  });
});

describe('edits, undo and redo', () => {
  let home: string;
  beforeAll(async () => {
    home = (await call('state.get', {})).decomposition.services.find((s) => s.modules.includes(LOYALTY))!.name;
  });

  it('moves a module and answers the new metrics with their deltas, and tells listeners', async () => {
    events.length = 0;
    const r = await call('edit.apply', { edit: { kind: 'move', modules: [LOYALTY], to: 'orders' } });
    const orders = r.decomposition.services.find((s) => s.name === 'orders')!;
    expect(orders.modules).toContain(LOYALTY);
    expect(orders.pinned).toContain(LOYALTY);
    expect([r.scenario, r.seq, r.canUndo, r.canRedo]).toEqual(['proposal', 2, true, false]);
    const cut = r.deltas.find((d) => d.metric === 'cutCost.runtime')!;
    expect(cut.before).toBe(14);
    expect(cut.delta).toBe(cut.after! - cut.before!);
    expect(r.deltas.some((d) => d.delta !== 0)).toBe(true);
    expect(events).toEqual([{ type: 'state-changed', scenario: 'proposal', seq: 2 }]);
  });

  it('undoes the move and redoes it', async () => {
    const undone = await call('edit.undo', {});
    expect(undone.decomposition.services.find((s) => s.modules.includes(LOYALTY))!.name).toBe(home);
    expect([undone.canUndo, undone.canRedo]).toEqual([false, true]);
    const redone = await call('edit.redo', {});
    expect(redone.decomposition.services.find((s) => s.modules.includes(LOYALTY))!.name).toBe('orders');
    expect([redone.canUndo, redone.canRedo]).toEqual([true, false]);
  });

  it('serves views of the edited state, not a cached one', async () => {
    const g = await call('graph.get', { level: 'modules' });
    expect(g.nodes.find((n) => n.id === LOYALTY)).toMatchObject({ group: 'svc-orders', pinned: true });
    const d = await call('service.details', { service: 'orders' });
    expect(d.modules.find((m) => m.path === LOYALTY)).toEqual({ path: LOYALTY, lines: expect.any(Number), pinned: true, flagged: false });
  });

  it('applies edits sent at once one after the other', async () => {
    const [a, b] = await Promise.all([
      host.handlers['edit.apply']({ edit: { kind: 'rename', service: 'reports', name: 'reporting' } }),
      host.handlers['edit.apply']({ edit: { kind: 'rename', service: 'reporting', name: 'analytics' } }),
    ]);
    expect([value(a).seq, value(b).seq]).toEqual([3, 4]);
    expect(value(b).decomposition.services.map((s) => s.name)).toContain('analytics');
  });

  it('lists the log with the current entry marked', async () => {
    const log = await call('edit.log', {});
    expect(log.map((e) => [e.seq, e.kind, e.current])).toEqual([
      [1, 'create', false], [2, 'edit', false], [3, 'edit', false], [4, 'edit', true],
    ]);
    expect(log[1]!.summary).toBe(`move ${LOYALTY} to orders`);
  });

  it('says why an edit cannot apply, without an internal error', async () => {
    const r = await refusal('edit.apply', { edit: { kind: 'move', modules: ['src/nowhere.ts'], to: 'orders' } });
    expect(r.code).not.toBe('internal');
    expect(r.message).toContain('src/nowhere.ts');
  });
});

describe('scenarios', () => {
  it('saves the current state as a new active scenario', async () => {
    const s = await call('scenario.save', { name: 'alt' });
    expect(s.scenario).toBe('alt');
    expect(s.scenarios).toEqual([
      { name: 'alt', active: true, services: 10 },
      { name: 'proposal', active: false, services: 10 },
    ]);
  });

  it('edits the saved scenario, switches back, and compares the two', async () => {
    const inAlt = await call('edit.apply', { edit: { kind: 'move', modules: [STOCK_JOB], to: 'orders' } });
    expect(inAlt.scenario).toBe('alt');
    const back = await call('scenario.switch', { name: 'proposal' });
    expect(back.scenario).toBe('proposal');
    expect(back.decomposition.services.find((s) => s.name === 'orders')!.modules).not.toContain(STOCK_JOB);
    const cmp = await call('scenario.compare', { a: 'proposal', b: 'alt' });
    expect([cmp.a, cmp.b]).toEqual(['proposal', 'alt']);
    expect(cmp.moved).toEqual([{ module: STOCK_JOB, from: 'inventory', to: 'orders' }]);
    expect(cmp.metrics.find((d) => d.metric === 'services')).toEqual({ metric: 'services', before: 10, after: 10, delta: 0 });
  });

  it('refuses an unknown scenario, naming the ones there are', async () => {
    const r = await refusal('scenario.switch', { name: 'nope' });
    expect(r.code).toBe('unknown-scenario');
    expect(r.message).toContain('the scenarios are alt, proposal');
  });
});

describe('export', () => {
  it('writes the chosen artifacts into a new folder and lists them', async () => {
    const out = join(tmp.dir, 'out');
    const r = await call('export.run', { kinds: ['report', 'openapi'], outDir: out });
    expect(r.outDir).toBe(out);
    expect(r.files).toContain('report/report.html');
    expect(r.files.some((f) => f.startsWith('openapi/'))).toBe(true);
    expect(r.files.every((f) => existsSync(join(out, f)))).toBe(true);
    expect(readFileSync(join(out, 'report/report.html'), 'utf8')).toContain('orders');
  });

  it('refuses a folder that is not empty unless forced', async () => {
    const out = join(tmp.dir, 'busy');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine\n');
    expect(await refusal('export.run', { kinds: ['rules'], outDir: out })).toMatchObject({ code: 'out-not-empty' });
    const r = await call('export.run', { kinds: ['rules'], outDir: out, force: true });
    expect(r.files.length).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  it('previews the HTML report of the current state', async () => {
    const { html } = await call('export.previewReport', {});
    expect(html.toLowerCase().startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('orders');
  });
});

describe('requests are checked at the edge', () => {
  it.each([
    ['graph.get', {}, "graph.get: field 'level' must be 'modules' or 'services' (got nothing)"],
    ['graph.get', { level: 'modules', zoom: 2 }, "graph.get: unknown field 'zoom' (allowed: level)"],
    ['session.info', 'hello', 'session.info: the request must be an object (got "hello")'],
    ['edit.undo', { steps: 2 }, "edit.undo: unknown field 'steps'; this operation takes no fields"],
    ['edit.apply', {}, "edit.apply: field 'edit' is required"],
    ['edit.apply', { edit: { kind: 'teleport' } }, "edit.apply: field 'edit.kind' must be 'move' or 'merge' or 'split' or 'rename' or 'pin' or 'unpin' or 'apart' or 'shared' or 'recluster' or 'review' (got \"teleport\")"],
    ['edit.apply', { edit: { kind: 'split', service: 'orders', k: 1 } }, "edit.apply: field 'edit.k' must be a whole number from 2 to 50 (got 1)"],
    ['edit.apply', { edit: { kind: 'move', modules: [LOYALTY], to: 'orders', force: true } }, "edit.apply: unknown field 'edit.force' (allowed: edit.kind, edit.modules, edit.to, edit.create)"],
    ['edit.apply', { edit: { kind: 'move', modules: [LOYALTY] } }, "edit.apply: a 'move' edit needs field 'edit.to'"],
    ['edit.apply', { edit: { kind: 'merge', services: ['orders'] } }, "edit.apply: field 'edit.services' must be a list of 2 or more strings (got 1 entries)"],
    ['matrix.get', { expand: 'orders' }, "matrix.get: field 'expand' must be a list of strings (got \"orders\")"],
    ['service.details', { service: '' }, "service.details: field 'service' must be a non-empty string (got \"\")"],
    ['export.run', { kinds: ['report'], outDir: 'relative/out' }, "export.run: field 'outDir' must be an absolute path (got \"relative/out\")"],
    ['export.run', { kinds: ['pdf'], outDir: '/tmp/x' }, "export.run: field 'kinds[0]' must be 'skeletons' or 'gateway' or 'openapi' or 'data' or 'report' or 'rules' (got \"pdf\")"],
    ['export.run', { kinds: ['report'], outDir: '/tmp/x', force: 'yes' }, "export.run: field 'force' must be true or false (got \"yes\")"],
    ['scenario.compare', { a: 'proposal' }, "scenario.compare: field 'b' must be a non-empty string (got nothing)"],
  ])('refuses %s %j', async (op, req, message) => {
    expect(await refusal(op, req)).toEqual({ code: 'invalid-request', message });
  });

  it('refuses an operation that is not in the contract', async () => {
    expect((await refusal('fs.read', {})).code).toBe('unknown-operation');
  });

  it('has a handler for every operation of the contract', () => {
    expect(Object.keys(host.handlers).sort()).toEqual([...OPERATIONS].sort());
  });
});

describe('a host with nothing open', () => {
  it('reports an empty session and refuses views until something is opened', async () => {
    const empty = await createHost({ host: 'electron', allowOpen: true });
    try {
      expect(value(await empty.handlers['session.info']({}))).toEqual({ root: null, workspace: null, analyzed: false, scenario: null, host: 'electron', version: '0.1.0' });
      expect(await empty.call('graph.get', { level: 'services' })).toEqual({ ok: false, code: 'no-session', message: 'graph.get: no repository is open; open a repository folder or a workspace first' });
      const opened = value(await empty.handlers['session.open']({ workspace: join(repo, '.seam', 'workspace.db') }));
      expect([opened.root, opened.analyzed, opened.scenario]).toEqual([realpathSync(repo), true, 'proposal']);
      expect(value(await empty.handlers['graph.get']({ level: 'services' })).nodes).toHaveLength(11);
    } finally {
      await empty.close();
    }
  });

  it('refuses to open a folder that does not exist', async () => {
    const empty = await createHost({ host: 'electron', allowOpen: true });
    try {
      const r = await empty.call('session.open', { root: join(tmp.dir, 'missing') });
      expect(r).toMatchObject({ ok: false, code: 'missing-path' });
    } finally {
      await empty.close();
    }
  });
});

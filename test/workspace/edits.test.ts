import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/decompose/index.js';
import type { Decomposition } from '../../src/shared/decomposition.js';
import { InputError } from '../../src/shared/errors.js';
import { asDecomposition, packJson, unpackJson } from '../../src/workspace/codec.js';
import { applyEdit, type EditContext } from '../../src/workspace/edits.js';
import { decomposition, facts } from './helpers.js';

// two tight triangles (orders, billing) joined by one import, and a logger everyone imports
const O = ['src/orders/a.ts', 'src/orders/b.ts', 'src/orders/c.ts'];
const B = ['src/billing/x.ts', 'src/billing/y.ts', 'src/billing/z.ts'];
const LOG = 'src/lib/logger.ts';
const f = facts([...O, ...B, LOG], [
  [O[0]!, O[1]!], [O[1]!, O[2]!], [O[2]!, O[0]!],
  [B[0]!, B[1]!], [B[1]!, B[2]!], [B[2]!, B[0]!],
  [O[0]!, B[0]!],
  ...[...O, ...B].map((m) => [m, LOG] as [string, string]),
]);
const ctx: EditContext = { facts: f, graph: buildGraph(f) };
const base = (): Decomposition => decomposition({ orders: O, billing: B }, [LOG]);

function services(d: Decomposition): Record<string, string[]> {
  return Object.fromEntries(d.services.map((s) => [s.name, s.modules]));
}

describe('applyEdit', () => {
  it('moves a module, pins it where it was put, and leaves the input untouched', () => {
    const d = base();
    const before = JSON.stringify(d);
    const { decomposition: out, notices } = applyEdit(d, { kind: 'move', modules: [O[2]!], to: 'billing' }, ctx);
    expect(services(out)).toEqual({ orders: [O[0], O[1]], billing: [B[0], B[1], B[2], O[2]].sort() });
    expect(out.services.find((s) => s.name === 'billing')!.pinned).toEqual([O[2]]);
    expect(out.constraints.pins).toEqual([{ module: O[2], service: 'billing' }]);
    expect(notices).toEqual([]);
    expect(JSON.stringify(d)).toBe(before);
  });

  it('moves modules into a new service when asked to create it', () => {
    const { decomposition: out } = applyEdit(base(), { kind: 'move', modules: [B[1]!, B[2]!], to: 'Invoicing', create: true }, ctx);
    expect(out.services.map((s) => [s.id, s.name, s.modules])).toEqual([
      ['svc-orders', 'orders', O],
      ['svc-billing', 'billing', [B[0]]],
      ['svc-invoicing', 'Invoicing', [B[1], B[2]]],
    ]);
  });

  it('removes a service emptied by a move, with a notice', () => {
    const { decomposition: out, notices } = applyEdit(base(), { kind: 'move', modules: B, to: 'svc-orders' }, ctx);
    expect(out.services.map((s) => s.id)).toEqual(['svc-orders']);
    expect(notices).toEqual([{ code: 'service-emptied', service: 'svc-billing', message: 'service billing has no modules left and was removed' }]);
  });

  it('names the services when the target service does not exist', () => {
    expect(() => applyEdit(base(), { kind: 'move', modules: [O[0]!], to: 'payments' }, ctx)).toThrow("edit: no service 'payments'; the services are orders (svc-orders), billing (svc-billing)");
  });

  it('refuses a module that is not in the decomposition', () => {
    expect(() => applyEdit(base(), { kind: 'pin', modules: ['src/nope.ts'] }, ctx)).toThrow(InputError);
  });

  it('merges services into the first, which keeps its id and takes the new name; pins follow', () => {
    const pinned = applyEdit(base(), { kind: 'pin', modules: [B[0]!] }, ctx).decomposition;
    const { decomposition: out } = applyEdit(pinned, { kind: 'merge', services: ['orders', 'billing'], name: 'commerce' }, ctx);
    expect(out.services.map((s) => [s.id, s.name, s.modules.length, s.pinned])).toEqual([['svc-orders', 'commerce', 6, [B[0]]]]);
    expect(out.constraints.pins).toEqual([{ module: B[0], service: 'commerce' }]);
  });

  it('splits a service into k with the engine, the part with its pins keeping its id', () => {
    const merged = applyEdit(base(), { kind: 'merge', services: ['orders', 'billing'] }, ctx).decomposition;
    const pinned = applyEdit(merged, { kind: 'pin', modules: [O[1]!] }, ctx).decomposition;
    const { decomposition: out } = applyEdit(pinned, { kind: 'split', service: 'svc-orders', k: 2 }, ctx);
    expect(out.services).toHaveLength(2);
    const keeper = out.services.find((s) => s.id === 'svc-orders')!;
    expect(keeper.modules).toEqual(O);
    expect(out.services.find((s) => s.id !== 'svc-orders')!.modules).toEqual(B);
  });

  it('refuses to split into fewer than 2 or more parts than modules', () => {
    expect(() => applyEdit(base(), { kind: 'split', service: 'orders', k: 4 }, ctx)).toThrow('edit: cannot split orders into 4: k must be a whole number from 2 to its 3 modules');
  });

  it('renames a service and carries its pins to the new name; a taken name is refused', () => {
    const pinned = applyEdit(base(), { kind: 'pin', modules: [O[0]!] }, ctx).decomposition;
    const { decomposition: out } = applyEdit(pinned, { kind: 'rename', service: 'orders', name: 'sales' }, ctx);
    expect(out.services[0]).toEqual({ id: 'svc-orders', name: 'sales', modules: O, pinned: [O[0]], placement: [{ module: O[0], evidence: 'pin', reason: 'pinned by the user' }] });
    expect(out.constraints.pins).toEqual([{ module: O[0], service: 'sales' }]);
    expect(() => applyEdit(out, { kind: 'rename', service: 'sales', name: 'billing' }, ctx)).toThrow("edit: a service named 'billing' already exists (svc-billing)");
  });

  it('pins and unpins', () => {
    const pinned = applyEdit(base(), { kind: 'pin', modules: [O[0]!, B[2]!] }, ctx).decomposition;
    expect(pinned.services.map((s) => s.pinned)).toEqual([[O[0]], [B[2]]]);
    expect(pinned.constraints.pins).toEqual([{ module: B[2], service: 'billing' }, { module: O[0], service: 'orders' }]);
    const unpinned = applyEdit(pinned, { kind: 'unpin', modules: [B[2]!] }, ctx).decomposition;
    expect(unpinned.services.map((s) => s.pinned)).toEqual([[O[0]], []]);
    expect(unpinned.constraints.pins).toEqual([{ module: O[0], service: 'orders' }]);
  });

  it('keeps two modules apart, warning when they share a service now, and lifts it again', () => {
    const { decomposition: out, notices } = applyEdit(base(), { kind: 'apart', a: O[1]!, b: O[0]!, apart: true }, ctx);
    expect(out.constraints.apart).toEqual([{ a: O[0], b: O[1] }]);
    expect(notices.map((n) => n.code)).toEqual(['apart-violated']);
    expect(applyEdit(out, { kind: 'apart', a: O[0]!, b: O[1]!, apart: false }, ctx).decomposition.constraints.apart).toEqual([]);
  });

  it('marks a module shared kernel (lifting its pin) and unmarks it into the service it is most coupled to', () => {
    const pinned = applyEdit(base(), { kind: 'pin', modules: [O[0]!] }, ctx).decomposition;
    const marked = applyEdit(pinned, { kind: 'shared', modules: [O[0]!], shared: true }, ctx);
    expect(marked.decomposition.shared).toEqual([
      { module: LOG, reason: 'used by every service' },
      { module: O[0], reason: 'marked shared kernel by the user', byUser: true },
    ]);
    expect(marked.decomposition.constraints).toEqual({ pins: [], apart: [], seeds: [], shared: [{ module: O[0], shared: true }] });
    expect(marked.notices.map((n) => n.code)).toEqual(['constraint-dropped']);
    const unmarked = applyEdit(marked.decomposition, { kind: 'shared', modules: [O[0]!], shared: false }, ctx).decomposition;
    expect(services(unmarked)).toEqual({ orders: O, billing: B });
    expect(unmarked.constraints.shared).toEqual([{ module: O[0], shared: false }]);
  });

  it('re-clusters around the pins: a pinned module stays where the architect put it', () => {
    const moved = applyEdit(base(), { kind: 'move', modules: [O[0]!], to: 'billing' }, ctx).decomposition;
    const unpinnedMove = applyEdit(base(), { kind: 'move', modules: [O[1]!], to: 'billing' }, ctx).decomposition;
    const loose = applyEdit(unpinnedMove, { kind: 'unpin', modules: [O[1]!] }, ctx).decomposition;
    const around = applyEdit(moved, { kind: 'recluster' }, ctx).decomposition;
    expect(around.services.find((s) => s.modules.includes(O[0]!))).toMatchObject({ id: 'svc-billing', name: 'billing', pinned: [O[0]] });
    const reclustered = applyEdit(loose, { kind: 'recluster' }, ctx).decomposition;
    expect(reclustered.services.find((s) => s.modules.includes(O[1]!))!.modules).toContain(O[2]);
  });

  it('clears the review flag', () => {
    const d = base();
    d.services[0]!.flagged = [O[1]!];
    const out = applyEdit(d, { kind: 'review', modules: [O[1]!] }, ctx).decomposition;
    expect(out.services[0]!.flagged).toBeUndefined();
  });

  it('refuses an edit that is not one, naming the kinds', () => {
    expect(() => applyEdit(base(), { kind: 'explode' } as never, ctx)).toThrow(/unknown edit kind 'explode' \(one of move, merge, split/);
  });
});

describe('applyEdit records what placed a module', () => {
  const reasonOf = (d: Decomposition, module: string) => d.services.flatMap((s) => s.placement ?? []).find((p) => p.module === module);

  it('says the user moved it, and keeps one entry per module in module order', () => {
    const { decomposition: out } = applyEdit(base(), { kind: 'move', modules: [O[2]!], to: 'billing' }, ctx);
    expect(out.services.find((s) => s.name === 'billing')!.placement).toEqual([{ module: O[2], evidence: 'user', reason: 'moved here by the user' }]);
    const back = applyEdit(out, { kind: 'move', modules: [O[2]!], to: 'orders' }, ctx).decomposition;
    expect(back.services.map((s) => s.placement)).toEqual([[{ module: O[2], evidence: 'user', reason: 'moved here by the user' }], []]);
  });

  it('says a module unpinned stays where the user pinned it', () => {
    const pinned = applyEdit(base(), { kind: 'pin', modules: [B[2]!] }, ctx).decomposition;
    expect(reasonOf(pinned, B[2]!)).toEqual({ module: B[2], evidence: 'pin', reason: 'pinned by the user' });
    const unpinned = applyEdit(pinned, { kind: 'unpin', modules: [B[2]!] }, ctx).decomposition;
    expect(reasonOf(unpinned, B[2]!)).toEqual({ module: B[2], evidence: 'user', reason: 'kept where the user pinned it (unpinned since)' });
  });

  it('says a module taken out of the kernel went where it is most coupled', () => {
    const marked = applyEdit(base(), { kind: 'shared', modules: [O[0]!], shared: true }, ctx).decomposition;
    const unmarked = applyEdit(marked, { kind: 'shared', modules: [O[0]!], shared: false }, ctx).decomposition;
    expect(reasonOf(unmarked, O[0]!)).toEqual({ module: O[0], evidence: 'user', reason: 'taken out of the shared kernel by the user; most coupled with this service' });
  });

  it('carries each module\'s evidence through a merge', () => {
    const moved = applyEdit(base(), { kind: 'move', modules: [O[2]!], to: 'billing' }, ctx).decomposition;
    const merged = applyEdit(moved, { kind: 'merge', services: ['orders', 'billing'] }, ctx).decomposition;
    expect(merged.services[0]!.placement).toEqual([{ module: O[2], evidence: 'user', reason: 'moved here by the user' }]);
  });
});

describe('a stored decomposition with placement', () => {
  const moved = applyEdit(base(), { kind: 'move', modules: [O[2]!], to: 'billing' }, ctx).decomposition;

  it('reads back as it was written, and one written before placement existed still reads', () => {
    expect(asDecomposition(unpackJson(packJson(moved), 'ws.db', 'scenario main'), 'ws.db', 'scenario main')).toEqual(moved);
    expect(asDecomposition(unpackJson(packJson(base()), 'ws.db', 'scenario main'), 'ws.db', 'scenario main')).toEqual(base());
  });

  it('is refused when an entry names an evidence kind Seam does not know', () => {
    const bad = structuredClone(moved) as unknown as { services: { placement?: { evidence: string }[] }[] };
    bad.services.find((s) => s.placement?.length)!.placement![0]!.evidence = 'hunch';
    expect(() => asDecomposition(bad, 'ws.db', 'scenario main')).toThrow(/decomposition\.services\[1\]\.placement\[0\]\.evidence is not one of pin, user, seed/);
  });
});

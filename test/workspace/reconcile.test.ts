import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/decompose/index.js';
import { fingerprint, jaccard, matchRenames, reconcile } from '../../src/workspace/reconcile.js';
import { decomposition, facts } from './helpers.js';

const SERVICE = `import { Order } from '../entities/order';
import { logger } from '../lib/logger';

export class OrderService {
  private readonly orders = new Map<string, Order>();

  place(order: Order): void {
    logger.info('placing order', order.id);
    this.orders.set(order.id, order);
  }

  cancel(id: string): boolean {
    return this.orders.delete(id);
  }
}
`;

describe('fingerprint', () => {
  it('sees through a move: import paths and indentation differ, the code is the same', () => {
    const moved = SERVICE.replace("'../entities/order'", "'../../orders/entities/order'").replace(/^ {2}/gm, '    ');
    expect(jaccard(fingerprint(SERVICE), fingerprint(moved))).toBe(1);
  });

  it('scores an edited file by the share of lines kept', () => {
    const edited = SERVICE.replace("logger.info('placing order', order.id);", "logger.debug('order', order.id);");
    expect(jaccard(fingerprint(SERVICE), fingerprint(edited))).toBe(6 / 8);
  });
});

describe('matchRenames', () => {
  const print = new Map([
    ['h-old', fingerprint(SERVICE)],
    ['h-new', fingerprint(SERVICE.replace('cancel', 'abort'))],
    ['h-other', fingerprint('export const a = 1;\nexport const b = 2;\nexport const c = 3;\n')],
  ]);

  it('takes git renames first, then identical content, then similar content', () => {
    const renames = matchRenames({
      before: new Map([['src/a.ts', 'h1'], ['src/b.ts', 'h2'], ['src/order-service.ts', 'h-old'], ['src/same.ts', 'h3']]),
      after: new Map([['lib/a.ts', 'h9'], ['lib/b.ts', 'h2'], ['src/orders/order-service.ts', 'h-new'], ['src/same.ts', 'h3']]),
      gitRenames: [{ from: 'src/a.ts', to: 'lib/a.ts' }],
      fingerprints: print,
    });
    expect(renames).toEqual([
      { from: 'src/a.ts', to: 'lib/a.ts', by: 'git' },
      { from: 'src/b.ts', to: 'lib/b.ts', by: 'content', similarity: 1 },
      { from: 'src/order-service.ts', to: 'src/orders/order-service.ts', by: 'similarity', similarity: 0.75 },
    ]);
  });

  it('does not pair files that share less than half their lines', () => {
    const renames = matchRenames({
      before: new Map([['src/order-service.ts', 'h-old']]),
      after: new Map([['src/consts.ts', 'h-other']]),
      gitRenames: [],
      fingerprints: print,
    });
    expect(renames).toEqual([]);
  });
});

describe('reconcile', () => {
  const before = new Map([['src/o1.ts', 'a'], ['src/o2.ts', 'b'], ['src/b1.ts', 'c'], ['src/b2.ts', 'd'], ['src/old.ts', 'e']]);
  const after = new Map([['src/orders/o1.ts', 'a'], ['src/o2.ts', 'b'], ['src/b1.ts', 'c'], ['src/b2.ts', 'd'], ['src/b3.ts', 'f']]);
  const f = facts([...after.keys()], [['src/b3.ts', 'src/b1.ts'], ['src/b3.ts', 'src/b2.ts'], ['src/b3.ts', 'src/o2.ts']]);
  const d = decomposition({ orders: ['src/o1.ts', 'src/o2.ts', 'src/old.ts'], billing: ['src/b1.ts', 'src/b2.ts'] });
  d.services[0]!.pinned = ['src/o1.ts'];
  d.constraints.pins = [{ module: 'src/o1.ts', service: 'orders' }];
  d.constraints.apart = [{ a: 'src/b1.ts', b: 'src/o1.ts' }, { a: 'src/b2.ts', b: 'src/old.ts' }];

  const r = reconcile({ decomposition: d, before, after, gitRenames: [], fingerprints: new Map(), graph: buildGraph(f) });

  it('keeps a renamed module in its service, with its pin and constraints', () => {
    expect(r.renames).toEqual([{ from: 'src/o1.ts', to: 'src/orders/o1.ts', by: 'content', similarity: 1 }]);
    expect(r.decomposition.services[0]).toEqual({ id: 'svc-orders', name: 'orders', modules: ['src/o2.ts', 'src/orders/o1.ts'], pinned: ['src/orders/o1.ts'] });
    expect(r.decomposition.constraints.pins).toEqual([{ module: 'src/orders/o1.ts', service: 'orders' }]);
    expect(r.decomposition.constraints.apart).toEqual([{ a: 'src/b1.ts', b: 'src/orders/o1.ts' }]);
  });

  it('lets a deleted module go with a notice, and drops the constraints that named it', () => {
    expect(r.deleted).toEqual(['src/old.ts']);
    expect(r.notices.filter((n) => n.code !== 'module-renamed')).toEqual([
      { code: 'module-deleted', module: 'src/old.ts', service: 'svc-orders', message: 'src/old.ts no longer exists; it left service orders' },
      { code: 'constraint-dropped', message: '1 keep-apart constraint(s) named a deleted module and were dropped' },
      { code: 'module-new', module: 'src/b3.ts', service: 'svc-billing', message: 'src/b3.ts is new: proposed for billing, flagged for review' },
    ]);
  });

  it('proposes the most coupled service for a new module and flags it for review', () => {
    expect(r.added).toEqual(['src/b3.ts']);
    expect(r.decomposition.services[1]).toEqual({
      id: 'svc-billing',
      name: 'billing',
      modules: ['src/b1.ts', 'src/b2.ts', 'src/b3.ts'],
      pinned: [],
      flagged: ['src/b3.ts'],
      placement: [{ module: 'src/b3.ts', evidence: 'new', reason: 'new since the last analysis: most coupled with this service' }],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { assignNames, nameCandidates, namingIndex } from '../../src/decompose/service-names.js';
import { access, makeFacts, route, sym } from './facts-builder.js';

describe('service names', () => {
  it('come first from the dominant route group, past `api` and version segments', () => {
    const facts = makeFacts(['src/a.ts', 'src/b.ts'], {
      routes: [route('GET', '/api/v1/orders', 'src/a.ts'), route('POST', '/api/v1/orders/:id/items', 'src/a.ts'), route('GET', '/api/payments', 'src/b.ts')],
    });
    expect(nameCandidates(['src/a.ts', 'src/b.ts'], namingIndex(facts))[0]).toBe('orders');
  });

  it('come from the table the service writes most when it serves no route', () => {
    const facts = makeFacts(['src/a.ts', 'src/b.ts'], {
      dataAccess: [access('src/a.ts', 'order_items', 'write'), access('src/b.ts', 'products', 'read'), access('src/b.ts', 'order_items', 'read')],
    });
    expect(nameCandidates(['src/a.ts', 'src/b.ts'], namingIndex(facts))[0]).toBe('order-items');
  });

  it('come from file names with layer words stripped when there is nothing else', () => {
    const modules = ['src/controllers/order-item.controller.ts', 'src/repositories/order-item.repository.ts', 'src/services/order-item.service.ts', 'src/dto/cart.dto.ts'];
    expect(nameCandidates(modules, namingIndex(makeFacts(modules)))[0]).toBe('order-item');
  });

  it('count symbol names declared in the service as a weaker vote', () => {
    const modules = ['src/services/handlers.ts', 'src/services/index.ts'];
    const facts = makeFacts([...modules, 'src/y.ts'], { symbols: [sym('src/y.ts', 'src/services/handlers.ts', 'InvoiceService', { call: 1 })] });
    expect(nameCandidates(modules, namingIndex(facts))[0]).toBe('invoice');
  });

  it('are never `cluster-N`: a service of nothing but layer words is named after its first file', () => {
    const modules = ['src/index.ts', 'src/types.ts'];
    expect(nameCandidates(modules, namingIndex(makeFacts(modules)))).toEqual(['index']);
  });

  it('go to the larger service first; the other takes its next candidate rather than a stem of a taken name', () => {
    const facts = makeFacts(['a1.ts', 'a2.ts', 'b1.ts'], {
      routes: [route('GET', '/api/orders', 'a1.ts'), route('GET', '/api/orders/:id', 'a2.ts'), route('GET', '/api/order', 'b1.ts'), route('GET', '/api/returns', 'b1.ts')],
    });
    const names = assignNames([{ modules: ['b1.ts'] }, { modules: ['a1.ts', 'a2.ts'] }], namingIndex(facts));
    expect(names).toEqual(['returns', 'orders']);
  });

  it('keep a name the user gave and suffix a clash only when no other candidate is left', () => {
    const modules = ['src/api/index.ts', 'src/routes/index.ts', 'src/orders.ts'];
    const facts = makeFacts(modules, { routes: modules.map((m) => route('GET', '/api/orders', m)) });
    const names = assignNames([{ modules: ['src/orders.ts'], fixed: 'checkout' }, { modules: ['src/routes/index.ts'] }, { modules: ['src/api/index.ts'] }], namingIndex(facts));
    expect(names).toEqual(['checkout', 'orders-2', 'orders']);
  });
});

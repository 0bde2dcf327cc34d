import { describe, expect, it } from 'vitest';
import { parseAccessLog, servedBy } from '../support/shop-runtime/access-log.js';
import { diffRecordings, RecordingNormaliser, type Recording } from '../support/shop-runtime/recording.js';
import { routeOf, shopRoutes } from '../support/shop-runtime/suite.js';

const RUN = Date.parse('2026-06-01T12:00:00.000Z');

describe('recording normaliser', () => {
  it('numbers run-time uuids and timestamps by first appearance and keeps seed ids and older timestamps', () => {
    const n = new RecordingNormaliser(RUN);
    const body = {
      id: '9b2f6a0e-1c3d-4e5f-8a9b-0c1d2e3f4a5b',
      customerId: '00000000-0000-4000-8000-c00000000001',
      createdAt: '2026-06-01T12:00:01.250Z',
      seededAt: '2024-01-05T10:00:00.000Z',
      email: 'erased+9b2f6a0e-1c3d-4e5f-8a9b-0c1d2e3f4a5b@invalid.example',
      other: '11111111-2222-4333-8444-555555555555',
      uptime: 12,
    };
    expect(n.normalise(body, true)).toEqual({
      id: '<uuid:1>',
      customerId: '00000000-0000-4000-8000-c00000000001',
      createdAt: '<time:1>',
      seededAt: '2024-01-05T10:00:00.000Z',
      email: 'erased+<uuid:1>@invalid.example',
      other: '<uuid:2>',
      uptime: '<uptime>',
    });
    expect(n.normaliseString('/api/orders/9b2f6a0e-1c3d-4e5f-8a9b-0c1d2e3f4a5b/items')).toBe('/api/orders/<uuid:1>/items');
  });

  it('gives every issued token its own placeholder, and a later mention the newest one', () => {
    const n = new RecordingNormaliser(RUN);
    expect(n.normalise({ accessToken: 'abc', refreshToken: 'r1' }, true)).toEqual({ accessToken: '<token:1>', refreshToken: '<token:2>' });
    // the same access token signed again within the same second is still a new issue
    expect(n.normalise({ accessToken: 'abc', refreshToken: 'r2' }, true)).toEqual({ accessToken: '<token:3>', refreshToken: '<token:4>' });
    expect(n.normalise({ refreshToken: 'r1' })).toEqual({ refreshToken: '<token:2>' });
    expect(n.normalise({ token: 'abc' })).toEqual({ token: '<token:3>' });
  });
});

describe('diffRecordings', () => {
  const exchange = { step: 'read the order', requestId: 'suite-001', method: 'GET', path: '/api/orders/<uuid:1>', status: 200, body: { status: 'paid', totals: { totalCents: 100 } } };

  it('is empty for equal recordings and names each difference by exchange and field', () => {
    const a: Recording = { exchanges: [exchange] };
    const b: Recording = { exchanges: [{ ...exchange, status: 500, body: { status: 'paid', totals: { totalCents: 90 } } }, exchange] };
    expect(diffRecordings(a, { exchanges: [{ ...exchange }] })).toEqual([]);
    expect(diffRecordings(a, b)).toEqual([
      '#1 GET /api/orders/<uuid:1> (read the order): status: 200 -> 500',
      '#1 GET /api/orders/<uuid:1> (read the order): totals.totalCents: 100 -> 90',
      '#2 GET /api/orders/<uuid:1> (read the order): only in the second recording',
    ]);
  });
});

describe('access log', () => {
  const stdout = [
    '{"ts":"2026-06-01T12:00:00.000Z","level":"info","scope":"shop:main","msg":"shop-api listening","port":3000}',
    '[Nest] 123  - 06/01/2026, 12:00:00 PM     LOG [RoutesResolver] ProductController {/api/catalog/products}',
    'prisma:query SELECT 1',
    '{"ts":"2026-06-01T12:00:01.000Z","level":"info","scope":"shop:http","msg":"request","requestId":"suite-001","method":"GET","path":"/health","status":200,"ms":3}',
    '{"ts":"2026-06-01T12:00:02.000Z","level":"info","scope":"shop:http","msg":"request","requestId":"suite-002","method":"POST","path":"/api/catalog/products","status":201,"ms":9}',
  ].join('\n');

  it('reads one entry per request line and skips everything else', () => {
    expect(parseAccessLog(stdout)).toEqual([
      { scope: 'shop:http', requestId: 'suite-001', method: 'GET', path: '/health', status: 200 },
      { scope: 'shop:http', requestId: 'suite-002', method: 'POST', path: '/api/catalog/products', status: 201 },
    ]);
  });

  it('tells which process served which request', () => {
    expect(servedBy(['suite-001', 'suite-002', 'suite-003'], { monolith: stdout, other: '' })).toEqual({
      'suite-001': ['monolith'],
      'suite-002': ['monolith'],
      'suite-003': [],
    });
  });
});

describe('routeOf', () => {
  it('prefers a literal segment over a parameter, as the routers do', () => {
    const routes = shopRoutes();
    expect(routeOf(routes, 'GET', '/api/shipments/rates?country=DE')?.path).toBe('/api/shipments/rates');
    expect(routeOf(routes, 'GET', '/api/shipments/<uuid:1>')?.path).toBe('/api/shipments/:id');
    expect(routeOf(routes, 'GET', '/api/payments/orders/<uuid:2>')?.path).toBe('/api/payments/orders/:orderId');
    expect(routeOf(routes, 'GET', '/api/nothing-here')).toBeUndefined();
  });
});

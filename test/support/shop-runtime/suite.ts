/**
 * The request suite: one realistic session against the shop that exercises every route in the
 * fixture's seam.expected.json (its routes are the ones the truth labels), mostly on their success
 * path: sign in, browse and edit the catalog, fill a cart, check out, get paid through the provider's
 * webhook, ship, deliver, return, refund, cancel, read the reports. Ids flow from responses into later
 * requests. Each exchange is recorded and normalised (see recording.ts).
 *
 * The shop's domain events are handled asynchronously after the response; the one read that depends
 * on them (the notification inbox) waits until the events have landed before it is recorded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED } from './database.js';
import { chargeIdForOrder, DECLINED_CARD, signWebhook } from './payment-gateway.js';
import { RecordingNormaliser, type RecordedExchange, type Recording } from './recording.js';
import { SHOP_FIXTURE } from './runtime.js';

export interface SuiteOptions {
  /** the shop's $PSP_WEBHOOK_SECRET, to sign the provider's webhooks */
  webhookSecret: string;
  /** x-request-id prefix of the suite's requests (default `suite`) */
  requestIdPrefix?: string;
}

interface CallOptions {
  token?: string;
  body?: unknown;
  /** sent as is, with content-type application/json (webhooks sign the exact bytes) */
  rawBody?: string;
  headers?: Record<string, string>;
}

interface Response {
  status: number;
  body: unknown;
}

interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

type Json = Record<string, unknown>;

class SuiteClient {
  readonly exchanges: RecordedExchange[] = [];
  private readonly normaliser = new RecordingNormaliser(Date.now());

  constructor(
    private readonly baseUrl: string,
    private readonly requestIdPrefix: string,
  ) {}

  private async send(method: string, path: string, options: CallOptions, requestId: string): Promise<Response> {
    const headers: Record<string, string> = { 'x-request-id': requestId, ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text === '' ? null : text;
    if (text !== '' && (response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
    return { status: response.status, body: parsed };
  }

  /** Sends one request and records it. */
  async call(step: string, method: string, path: string, options: CallOptions = {}): Promise<Response> {
    const requestId = `${this.requestIdPrefix}-${String(this.exchanges.length + 1).padStart(3, '0')}`;
    const response = await this.send(method, path, options, requestId);
    const request =
      options.rawBody !== undefined ? this.normaliser.normaliseString(options.rawBody) : options.body === undefined ? undefined : this.normaliser.normalise(options.body);
    this.exchanges.push({
      step,
      requestId,
      method,
      path: this.normaliser.normaliseString(path),
      ...(request === undefined ? {} : { request }),
      status: response.status,
      body: this.normaliser.normalise(response.body, true),
    });
    return response;
  }

  /** Polls (unrecorded) until `settled` holds, for up to 10 s, then records the request once. */
  async eventually(step: string, method: string, path: string, options: CallOptions, settled: (body: unknown) => boolean): Promise<Response> {
    const requestId = `${this.requestIdPrefix}-${String(this.exchanges.length + 1).padStart(3, '0')}-poll`;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const response = await this.send(method, path, options, requestId);
      if (response.status < 300 && settled(response.body)) break;
      await new Promise((done) => setTimeout(done, 50));
    }
    return this.call(step, method, path, options);
  }
}

function field<T = string>(response: Response, name: string): T {
  const value = (response.body as Json | null)?.[name];
  if (value === undefined) {
    throw new Error(`shop suite: response ${response.status} has no "${name}": ${JSON.stringify(response.body).slice(0, 300)}`);
  }
  return value as T;
}

function tokens(response: Response): TokenPair {
  return { accessToken: field(response, 'accessToken'), refreshToken: field(response, 'refreshToken') };
}

/** Runs the suite against the shop at `baseUrl` (a freshly reset database) and returns the recording. */
export async function runSuite(baseUrl: string, options: SuiteOptions): Promise<Recording> {
  const c = new SuiteClient(baseUrl, options.requestIdPrefix ?? 'suite');
  const { products, categories } = SEED;
  const adaId = SEED.ada.customerId;

  // identity
  await c.call('health check before anything else (empty cache)', 'GET', '/health');
  const admin = tokens(await c.call('sign in as admin', 'POST', '/api/auth/login', { body: { email: SEED.admin.email, password: SEED.admin.password } }));
  const adaFirst = tokens(await c.call('sign in as a customer', 'POST', '/api/auth/login', { body: { email: SEED.ada.email, password: SEED.ada.password } }));
  await c.call('a wrong password is refused', 'POST', '/api/auth/login', { body: { email: SEED.ada.email, password: 'not-her-password' } });
  const grace = tokens(
    await c.call('register a new customer account', 'POST', '/api/auth/register', {
      body: { email: 'grace@shop.example', password: 'compilers-1952', firstName: 'Grace', lastName: 'Hopper', marketingConsent: true },
    }),
  );
  await c.call('who am I', 'GET', '/api/auth/me', { token: adaFirst.accessToken });
  const ada = tokens(await c.call('rotate the refresh token', 'POST', '/api/auth/refresh', { body: { refreshToken: adaFirst.refreshToken } }));
  await c.call('a rotated refresh token is spent', 'POST', '/api/auth/refresh', { body: { refreshToken: adaFirst.refreshToken } });
  await c.call('sign out', 'POST', '/api/auth/logout', { body: { refreshToken: grace.refreshToken } });
  await c.call('a signed-out refresh token is refused', 'POST', '/api/auth/refresh', { body: { refreshToken: grace.refreshToken } });
  await c.call('the new account can still read itself with its access token', 'GET', '/api/auth/me', { token: grace.accessToken });
  const asAdmin = { token: admin.accessToken };
  const asAda = { token: ada.accessToken };

  // ops
  await c.call('read the feature flags', 'GET', '/internal/flags', asAdmin);
  await c.call('set a feature flag (to its current value)', 'POST', '/internal/flags', { ...asAdmin, body: { freeShippingThresholdCents: 5000 } });
  await c.call('customers may not read the flags', 'GET', '/internal/flags', asAda);

  // catalog (NestJS)
  await c.call('list categories', 'GET', '/api/catalog/categories');
  await c.call('create a category', 'POST', '/api/catalog/categories', { ...asAdmin, body: { slug: 'garden', name: 'Garden', position: 3 } });
  await c.call('customers may not create categories', 'POST', '/api/catalog/categories', { ...asAda, body: { slug: 'toys', name: 'Toys' } });
  await c.call('list categories again', 'GET', '/api/catalog/categories');
  await c.call('products in a category', 'GET', '/api/catalog/categories/kitchen/products?page=1&pageSize=10');
  await c.call('list active products', 'GET', '/api/catalog/products');
  await c.call('search products', 'GET', '/api/catalog/products?q=lamp');
  await c.call('list draft products', 'GET', '/api/catalog/products?status=draft', asAdmin);
  const floorLamp = field(
    await c.call('create a product', 'POST', '/api/catalog/products', {
      ...asAdmin,
      body: { sku: 'floor-lamp-01', name: 'Floor lamp', description: 'Tall brass floor lamp', categoryId: categories.lighting, priceCents: 12900, weightGrams: 4200 },
    }),
    'id',
  );
  await c.call('a duplicate sku is refused', 'POST', '/api/catalog/products', { ...asAdmin, body: { sku: 'FLOOR-LAMP-01', name: 'Again', priceCents: 100 } });
  await c.call('read a product', 'GET', `/api/catalog/products/${floorLamp}`);
  await c.call('reprice and activate a product', 'PUT', `/api/catalog/products/${floorLamp}`, { ...asAdmin, body: { priceCents: 11900, status: 'active' } });
  await c.call('read a product after the change', 'GET', `/api/catalog/products/${floorLamp}`);
  await c.call('price history', 'GET', `/api/catalog/products/${floorLamp}/price-history?days=30`);
  await c.call('delete a draft product', 'DELETE', `/api/catalog/products/${products.pendant}`, asAdmin);
  await c.call('a deleted product is gone', 'GET', `/api/catalog/products/${products.pendant}`);
  await c.call('a malformed product id is refused', 'GET', '/api/catalog/products/not-a-uuid');

  // inventory
  await c.call('list warehouses', 'GET', '/api/inventory/warehouses');
  await c.call('stock of a product', 'GET', `/api/inventory/products/${products.deskLamp}`);
  await c.call('set a stock level', 'PUT', `/api/inventory/products/${floorLamp}/warehouses/BER1`, { ...asAdmin, body: { onHand: 6, reorderPoint: 2 } });
  await c.call('book a stock receipt', 'POST', '/api/inventory/adjustments', {
    ...asAdmin,
    body: { productId: products.kettle, warehouseId: 'BER1', delta: 4, reason: 'receipt', reference: 'PO-1001' },
  });
  await c.call('stock after the receipt', 'GET', `/api/inventory/products/${products.kettle}`);

  // customers
  await c.call('list customers', 'GET', '/api/customers?page=1&pageSize=10', asAdmin);
  await c.call('search customers', 'GET', '/api/customers?q=brunel', asAdmin);
  const linus = field(
    await c.call('create a customer', 'POST', '/api/customers', {
      ...asAdmin,
      body: { email: 'linus@shop.example', firstName: 'Linus', lastName: 'Torvalds', phone: '+358 1991', segment: 'business' },
    }),
    'id',
  );
  await c.call('malformed JSON is refused (and still logged)', 'POST', '/api/customers', { ...asAdmin, rawBody: '{"email": ' });
  await c.call('read a customer', 'GET', `/api/customers/${linus}`, asAdmin);
  await c.call('update a customer', 'PATCH', `/api/customers/${linus}`, { ...asAdmin, body: { vatId: 'FI12345678', marketingConsent: true } });
  await c.call('a customer reads themselves', 'GET', `/api/customers/${adaId}`, asAda);
  await c.call('a customer may not read another customer', 'GET', `/api/customers/${SEED.brunelCustomerId}`, asAda);
  await c.call('save a first address (becomes the default)', 'POST', `/api/customers/${adaId}/addresses`, {
    ...asAda,
    body: { label: 'Home', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'de' },
  });
  const office = field(
    await c.call('save a second address', 'POST', `/api/customers/${adaId}/addresses`, {
      ...asAda,
      body: { label: 'Office', line1: 'Friedrichstrasse 68', line2: '3rd floor', city: 'Berlin', postalCode: '10117', country: 'DE' },
    }),
    'id',
  );
  await c.call('list addresses', 'GET', `/api/customers/${adaId}/addresses`, asAda);
  await c.call('remove an address', 'DELETE', `/api/customers/${adaId}/addresses/${office}`, asAda);
  await c.call('list addresses after the removal', 'GET', `/api/customers/${adaId}/addresses`, asAda);
  await c.call('erase a customer (GDPR)', 'DELETE', `/api/customers/${linus}`, asAdmin);
  await c.call('an erased customer is gone', 'GET', `/api/customers/${linus}`, asAdmin);

  // notification preferences
  await c.call('default notification preferences', 'GET', '/api/notifications/preferences', asAda);
  await c.call('change notification preferences', 'PUT', '/api/notifications/preferences', {
    ...asAda,
    body: { marketingOptIn: true, quietHours: { from: '22:00', to: '07:00' } },
  });

  // cart
  await c.call('an empty cart', 'GET', '/api/cart', asAda);
  await c.call('add a product to the cart', 'POST', '/api/cart/items', { ...asAda, body: { productId: products.deskLamp, quantity: 2 } });
  await c.call('add another product', 'POST', '/api/cart/items', { ...asAda, body: { productId: products.kettle, quantity: 1 } });
  await c.call('more than is in stock is refused', 'POST', '/api/cart/items', { ...asAda, body: { productId: products.kettle, quantity: 50 } });
  await c.call('change a quantity', 'PATCH', `/api/cart/items/${products.deskLamp}`, { ...asAda, body: { quantity: 1 } });
  await c.call('remove a line', 'DELETE', `/api/cart/items/${products.kettle}`, asAda);
  await c.call('clear the cart', 'DELETE', '/api/cart', asAda);
  await c.call('fill the cart again', 'POST', '/api/cart/items', { ...asAda, body: { productId: products.deskLamp, quantity: 2 } });
  await c.call('and add a mug set', 'POST', '/api/cart/items', { ...asAda, body: { productId: products.mugSet, quantity: 1 } });
  await c.call('the cart before checkout', 'GET', '/api/cart', asAda);

  // order 1: checkout to the saved address, paid, shipped, delivered, partly returned and refunded
  const order = field(await c.call('check out to the default address', 'POST', '/api/orders', { ...asAda, body: { paymentMethodToken: 'tok_visa' } }), 'id');
  await c.call('list my orders', 'GET', '/api/orders', asAda);
  await c.call('list all open orders (back office)', 'GET', '/api/orders?status=placed', asAdmin);
  await c.call('read the order', 'GET', `/api/orders/${order}`, asAda);
  const items = (await c.call('the order lines', 'GET', `/api/orders/${order}/items`, asAda)).body as { id: string; sku: string }[];
  const lampLine = items.find((item) => item.sku === 'DESK-LAMP-01')?.id ?? 'missing-line';
  await c.call('one order line', 'GET', `/api/orders/${order}/items/${lampLine}`, asAda);
  const payment = field(await c.call('the payment for the order', 'GET', `/api/payments/orders/${order}`, asAda), 'id');
  await c.call('read the payment', 'GET', `/api/payments/${payment}`, asAda);
  const captured = JSON.stringify({ id: 'evt_capture_1', type: 'charge.captured', data: { chargeId: chargeIdForOrder(order), amount: 0 } });
  await c.call('the provider reports the capture', 'POST', '/api/payments/webhooks/gateway', {
    rawBody: captured,
    headers: { 'x-payflow-signature': signWebhook(captured, options.webhookSecret) },
  });
  await c.call('a webhook with a bad signature is refused', 'POST', '/api/payments/webhooks/gateway', {
    rawBody: captured,
    headers: { 'x-payflow-signature': 'forged' },
  });
  await c.call('the order is paid', 'GET', `/api/orders/${order}`, asAda);
  await c.call('loyalty points after the purchase', 'GET', `/api/customers/${adaId}/loyalty`, asAda);
  await c.call('redeem loyalty points', 'POST', `/api/customers/${adaId}/loyalty/redeem`, { ...asAda, body: { points: 200 } });
  await c.call('start fulfilment', 'PATCH', `/api/orders/${order}/status`, { ...asAdmin, body: { status: 'fulfilling' } });
  await c.call('a transition the back office may not make', 'PATCH', `/api/orders/${order}/status`, { ...asAdmin, body: { status: 'placed' } });
  await c.call('shipping rates at home', 'GET', '/api/shipments/rates?country=DE&weightGrams=3000&subtotalCents=9570');
  await c.call('shipping rates abroad', 'GET', '/api/shipments/rates?country=FR&weightGrams=3000');
  const shipment = field(await c.call('create a shipment', 'POST', '/api/shipments', { ...asAdmin, body: { orderId: order, warehouseId: 'BER1' } }), 'id');
  await c.call('read the shipment', 'GET', `/api/shipments/${shipment}`, asAda);
  await c.call('dispatch the shipment', 'POST', `/api/shipments/${shipment}/dispatch`, asAdmin);
  await c.call('a dispatched shipment cannot be dispatched again', 'POST', `/api/shipments/${shipment}/dispatch`, asAdmin);
  await c.call('tracking events so far', 'GET', `/api/shipments/${shipment}/events`, asAda);
  await c.call('mark the order delivered', 'PATCH', `/api/orders/${order}/status`, { ...asAdmin, body: { status: 'delivered' } });
  await c.call('return one lamp', 'POST', `/api/orders/${order}/items/${lampLine}/returns`, { ...asAda, body: { quantity: 1, reason: 'arrived scratched' } });
  await c.call('refund a goodwill amount', 'POST', `/api/payments/${payment}/refunds`, { ...asAdmin, body: { amountCents: 500, reason: 'late delivery' } });
  await c.call('the payment after the refunds', 'GET', `/api/payments/${payment}`, asAda);

  // order 2: checkout to a given address, then cancelled by the customer
  await c.call('put a kettle in the cart', 'POST', '/api/cart/items', { ...asAda, body: { productId: products.kettle, quantity: 1 } });
  const second = field(
    await c.call('check out to a given address', 'POST', '/api/orders', {
      ...asAda,
      body: {
        paymentMethodToken: 'tok_visa',
        shippingAddress: { name: 'Ada Lovelace', line1: 'Kurfuerstendamm 21', city: 'Berlin', postalCode: '10719', country: 'de' },
      },
    }),
    'id',
  );
  await c.call('cancel the order', 'POST', `/api/orders/${second}/cancel`, { ...asAda, body: { reason: 'ordered by mistake' } });
  await c.call('a cancelled order cannot be cancelled again', 'POST', `/api/orders/${second}/cancel`, { ...asAda, body: {} });

  // order 3: the card is declined
  await c.call('put a mug set in the cart', 'POST', '/api/cart/items', { ...asAda, body: { productId: products.mugSet, quantity: 1 } });
  await c.call('check out with a card that is declined', 'POST', '/api/orders', { ...asAda, body: { paymentMethodToken: DECLINED_CARD } });

  // notifications: order 1 placed and dispatched, order 2 placed and cancelled
  const inbox = (
    await c.eventually('the notification inbox', 'GET', '/api/notifications', asAda, (body) => (body as { total?: number }).total === 4)
  ).body as { items: { id: string }[] };
  await c.call('mark a notification read', 'POST', `/api/notifications/${inbox.items[0]?.id ?? 'none'}/read`, asAda);
  await c.call('the inbox after reading', 'GET', '/api/notifications?page=1&pageSize=2', asAda);

  // reporting (NestJS, raw SQL)
  const range = `from=${SEED.salesRange.from}&to=${SEED.salesRange.to}`;
  await c.call('daily sales', 'GET', `/api/reports/sales/daily?${range}`, asAdmin);
  await c.call('a range without dates is refused', 'GET', '/api/reports/sales/daily', asAdmin);
  await c.call('top products', 'GET', `/api/reports/sales/top-products?${range}&limit=5`, asAdmin);
  await c.call('sales summary of a customer', 'GET', `/api/reports/sales/customers/${adaId}`, asAdmin);
  const snapshot = field<number>(
    await c.call('freeze a report snapshot', 'POST', '/api/reports/snapshots', { ...asAdmin, body: { kind: 'top-products', ...SEED.salesRange } }),
    'id',
  );
  await c.call('list report snapshots', 'GET', '/api/reports/snapshots?limit=10', asAdmin);
  await c.call('read a report snapshot', 'GET', `/api/reports/snapshots/${snapshot}`, asAdmin);
  await c.call('customers may not read reports', 'GET', `/api/reports/snapshots/${snapshot}`, asAda);

  await c.call('an unknown route', 'GET', '/api/nothing-here', asAda);
  return { exchanges: c.exchanges };
}

export interface ShopRoute {
  method: string;
  path: string;
  framework: string;
}

/** The routes of the shop fixture, from its seam.expected.json. */
export function shopRoutes(): ShopRoute[] {
  const expected = JSON.parse(readFileSync(join(SHOP_FIXTURE, 'seam.expected.json'), 'utf8')) as { routes: ShopRoute[] };
  return expected.routes.map(({ method, path, framework }) => ({ method, path, framework }));
}

/**
 * The route that serves `method path`: the matching route template with the fewest parameters
 * (a literal segment wins over a parameter, as in both routers: /api/shipments/rates is not /:id).
 */
export function routeOf(routes: ShopRoute[], method: string, path: string): ShopRoute | undefined {
  const bare = path.split('?')[0]!;
  const params = (route: ShopRoute): number => route.path.split('/').filter((segment) => segment.startsWith(':')).length;
  return routes
    .filter((route) => route.method === method)
    .filter((route) => new RegExp(`^${route.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(bare))
    .sort((a, b) => params(a) - params(b))[0];
}

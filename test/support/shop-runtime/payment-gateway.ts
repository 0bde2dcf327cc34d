/**
 * A stand-in for the shop's payment provider (src/services/payment-gateway.ts talks to $PSP_BASE_URL),
 * and for the mail and carrier APIs, so the shop never reaches the network. Charge ids are derived from
 * the order they are for, so a request suite can send the provider's webhooks for them.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';

/** The payment method token the stub declines (decline code `card_declined`). */
export const DECLINED_CARD = 'tok_declined';

/** The charge id the stub answers for an order's authorization (`reference` is `order:<id>`). */
export function chargeIdForOrder(orderId: string): string {
  return `ch_${orderId}`;
}

/** The signature header value the shop expects on a webhook: HMAC-SHA256 of the raw body, hex. */
export function signWebhook(rawBody: string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

export interface GatewayRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface PaymentGatewayStub {
  url: string;
  /** every request received so far */
  requests: GatewayRequest[];
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((done) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      try {
        done(raw ? JSON.parse(raw) : null);
      } catch {
        done(raw);
      }
    });
  });
}

export function startPaymentGatewayStub(): Promise<PaymentGatewayStub> {
  const requests: GatewayRequest[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const path = req.url ?? '/';
      requests.push({ method: req.method ?? 'GET', path, body });
      const reply = (status: number, payload: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const fields = (body ?? {}) as { reference?: string; payment_method?: string };
      if (req.method === 'POST' && path === '/charges') {
        const orderId = String(fields.reference ?? '').replace(/^order:/, '');
        const declined = fields.payment_method === DECLINED_CARD;
        reply(201, declined
          ? { id: chargeIdForOrder(orderId), status: 'declined', decline_code: 'card_declined' }
          : { id: chargeIdForOrder(orderId), status: 'authorized' });
        return;
      }
      const refund = /^\/charges\/([^/]+)\/refunds$/.exec(path);
      if (req.method === 'POST' && refund) {
        const key = String(req.headers['idempotency-key'] ?? path);
        reply(201, { id: `re_${createHash('sha256').update(key).digest('hex').slice(0, 16)}` });
        return;
      }
      // the mail API (notification dispatch) and the carrier's tracking API (shipment tracking)
      if (path.startsWith('/mail')) return reply(202, { queued: true });
      if (path.startsWith('/tracking')) return reply(404, { error: { message: 'unknown parcel' } });
      reply(404, { error: { message: `no stub for ${req.method} ${path}` } });
    });
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      done({
        url: `http://127.0.0.1:${port}`,
        requests,
        stop: () =>
          new Promise<void>((closed) => {
            server.close(() => closed());
            server.closeAllConnections();
          }),
      });
    });
  });
}

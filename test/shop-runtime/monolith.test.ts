/**
 * The shop fixture runs: its own dependencies and build, on PostgreSQL, answering every route of
 * its seam.expected.json, the same way on two runs against freshly reset databases. This is the
 * baseline `seam extract` is held to (its services must answer the same recording).
 * Needs Debian's postgresql package (CI installs it): without it this test fails, never skips.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  diffRecordings,
  installShopRuntime,
  parseAccessLog,
  resetDatabase,
  routeOf,
  runSuite,
  servedBy,
  serializeRecording,
  SHOP_WEBHOOK_SECRET,
  shopRoutes,
  startPaymentGatewayStub,
  startPostgres,
  startShop,
  type AccessLogEntry,
  type PaymentGatewayStub,
  type PostgresServer,
  type Recording,
  type ShopRuntime,
} from '../support/shop-runtime/index.js';

const OUT = join(import.meta.dirname, '..', '..', 'test-artifacts', 'shop-runtime-recordings');

describe('the shop monolith, run for real', () => {
  let pg: PostgresServer | undefined;
  let gateway: PaymentGatewayStub | undefined;
  let runtime: ShopRuntime;
  const runs: { recording: Recording; log: AccessLogEntry[]; stdout: string; stderr: string }[] = [];

  beforeAll(async () => {
    [pg, runtime, gateway] = await Promise.all([startPostgres(), installShopRuntime(), startPaymentGatewayStub()]);
  }, 300_000); // a cold install: npm ci (about a minute), prisma generate, tsc

  afterAll(async () => {
    await Promise.all([pg?.stop(), gateway?.stop()]);
  });

  /** One run: a fresh database, a fresh process, the suite; the log is read once the process has exited. */
  async function record(): Promise<(typeof runs)[number]> {
    const databaseUrl = resetDatabase(pg!);
    const shop = await startShop(runtime, { databaseUrl, gatewayUrl: gateway!.url });
    let recording: Recording;
    try {
      recording = await runSuite(shop.baseUrl, { webhookSecret: SHOP_WEBHOOK_SECRET });
    } finally {
      await shop.stop();
    }
    const n = runs.length + 1;
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, `monolith-${n}.json`), serializeRecording(recording));
    writeFileSync(join(OUT, `monolith-${n}.log`), shop.logs() + shop.errors());
    return { recording, log: parseAccessLog(shop.logs()), stdout: shop.logs(), stderr: shop.errors() };
  }

  it('answers every route of seam.expected.json with a 2xx and never a 5xx', async () => {
    runs.push(await record());
    const { recording, stderr } = runs[0]!;

    const serverErrors = recording.exchanges.filter((exchange) => exchange.status >= 500);
    expect(serverErrors, `5xx answers (shop stderr:\n${stderr.slice(-3000)})`).toEqual([]);

    const routes = shopRoutes();
    expect(routes).toHaveLength(63);
    const succeeded = new Set<string>();
    for (const exchange of recording.exchanges) {
      const route = routeOf(routes, exchange.method, exchange.path);
      if (route && exchange.status < 300) succeeded.add(`${route.method} ${route.path}`);
    }
    const missing = routes.map((route) => `${route.method} ${route.path}`).filter((route) => !succeeded.has(route));
    expect(missing, 'routes the suite never got a 2xx from').toEqual([]);
  }, 120_000);

  it('logs every request it served, Express and Nest alike, one line each', () => {
    const { recording, log } = runs[0]!;
    const byId = new Map(log.map((entry) => [entry.requestId, entry]));
    for (const exchange of recording.exchanges) {
      const entry = byId.get(exchange.requestId);
      expect(entry, `access log line for ${exchange.requestId} ${exchange.method} ${exchange.path}`).toBeDefined();
      expect({ method: entry!.method, status: entry!.status }).toEqual({ method: exchange.method, status: exchange.status });
    }
    const recorded = new Set(recording.exchanges.map((exchange) => exchange.requestId));
    const suiteLines = log.filter((entry) => entry.requestId && recorded.has(entry.requestId));
    expect(suiteLines).toHaveLength(recording.exchanges.length);
    expect(new Set(log.map((entry) => entry.scope))).toEqual(new Set(['shop:http']));
    const served = servedBy(
      recording.exchanges.map((exchange) => exchange.requestId),
      { monolith: runs[0]!.stdout },
    );
    expect(Object.values(served).filter((names) => names.length !== 1)).toEqual([]);
  });

  it('gives a byte-identical recording on a second run against a fresh database', async () => {
    runs.push(await record());
    const [first, second] = runs.map((run) => serializeRecording(run.recording));
    expect(diffRecordings(runs[0]!.recording, runs[1]!.recording)).toEqual([]);
    expect(second).toBe(first);
  }, 120_000);
});

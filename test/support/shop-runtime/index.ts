/**
 * Record/replay harness for fixtures/monoliths/shop, run for real: PostgreSQL, the shop's own
 * dependencies and build, a stand-in payment provider, and a request suite whose normalised
 * recordings can be compared across runs (and, for `seam extract`, across a monolith and its services).
 *
 *   const pg = await startPostgres();
 *   const runtime = await installShopRuntime();
 *   const gateway = await startPaymentGatewayStub();
 *   const shop = await startShop(runtime, { databaseUrl: resetDatabase(pg), gatewayUrl: gateway.url });
 *   const recording = await runSuite(shop.baseUrl, { webhookSecret: SHOP_WEBHOOK_SECRET });
 *   const served = parseAccessLog(shop.logs());
 */
import { startNode, type NodeService } from './process.js';
import type { ShopRuntime } from './runtime.js';

export { parseAccessLog, servedBy, type AccessLogEntry } from './access-log.js';
export { resetDatabase, SEED } from './database.js';
export { chargeIdForOrder, signWebhook, startPaymentGatewayStub, type PaymentGatewayStub } from './payment-gateway.js';
export { findPostgresBin, startPostgres, type PostgresServer } from './postgres.js';
export { cleanEnv, freePort, startNode, waitFor, type NodeService, type StartNodeOptions } from './process.js';
export { diffRecordings, RecordingNormaliser, serializeRecording, type RecordedExchange, type Recording } from './recording.js';
export { installShopRuntime, run, SHOP_FIXTURE, type ShopRuntime } from './runtime.js';
export { routeOf, runSuite, shopRoutes, type ShopRoute, type SuiteOptions } from './suite.js';

export const SHOP_WEBHOOK_SECRET = 'whsec_seam_runtime_tests';

/**
 * The shop's configuration (read by src/lib/config.ts) for a test run: no background jobs (they run
 * on timers and would make runs differ), UTC, and every outside service pointed at the stub.
 */
export function shopEnv(options: { databaseUrl: string; gatewayUrl: string }): Record<string, string> {
  return {
    NODE_ENV: 'test',
    TZ: 'UTC',
    LOG_LEVEL: 'info',
    RUN_JOBS: 'false',
    DATABASE_URL: options.databaseUrl,
    DB_POOL_SIZE: '5',
    TOKEN_SECRET: 'seam-runtime-tests-token-secret',
    PSP_BASE_URL: options.gatewayUrl,
    PSP_API_KEY: 'sk_test_seam',
    PSP_WEBHOOK_SECRET: SHOP_WEBHOOK_SECRET,
    MAIL_API_URL: `${options.gatewayUrl}/mail`,
    CARRIER_TRACKING_URL: `${options.gatewayUrl}/tracking`,
  };
}

/** Boots the built monolith and waits for its /health. */
export function startShop(runtime: ShopRuntime, options: { databaseUrl: string; gatewayUrl: string; port?: number }): Promise<NodeService> {
  return startNode({
    dir: runtime.dir,
    entry: runtime.entry,
    nodeArgs: runtime.nodeArgs,
    env: { ...runtime.env, ...shopEnv(options) },
    port: options.port,
  });
}

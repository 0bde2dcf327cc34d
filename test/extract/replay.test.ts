/**
 * The proof of `seam extract`: the shop monolith answers a recorded request suite; then the service
 * with the most inbound calls is extracted, built (tsc) and started beside the patched monolith,
 * behind the generated nginx phase, and the same suite through the gateway gives byte-identical
 * answers, the service's own access log showing it answered its routes. Then a second service is
 * extracted from the patched monolith, on top of the first, and the suite runs again through the
 * second phase. Real parts only: PostgreSQL, the shop's own dependencies, Debian's nginx.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigrationPlan } from '../../src/shared/plan.js';
import { runSeam } from '../support/run-seam.js';
import {
  diffRecordings,
  freePort,
  installShopRuntime,
  parseAccessLog,
  resetDatabase,
  runSuite,
  serializeRecording,
  SHOP_FIXTURE,
  SHOP_WEBHOOK_SECRET,
  shopEnv,
  startNode,
  startPaymentGatewayStub,
  startPostgres,
  startShop,
  type NodeService,
  type PaymentGatewayStub,
  type PostgresServer,
  type Recording,
  type ShopRuntime,
} from '../support/shop-runtime/index.js';
import { buildMonolith, buildService, startGateway, type Built, type Gateway } from './replay-support.js';

const WORK = join(import.meta.dirname, '..', '..', 'test-artifacts', 'extract-replay');

/** The service others call most: the number of operation calls other services make into it. */
function mostCalled(dir: string, out: string): { id: string; slug: string } {
  const r = runSeam(['export', dir, '--kinds', 'report', '--out', out, '--no-history', '--workers', '0', '--force']);
  expect(r.code, r.stderr).toBe(0);
  const plan = JSON.parse(readFileSync(join(out, 'report', 'report.json'), 'utf8')) as MigrationPlan;
  const inbound = (id: string): number => plan.services.reduce((n, s) => n + s.calls.filter((c) => c.service === id).length, 0);
  const best = [...plan.services].sort((a, b) => inbound(b.id) - inbound(a.id) || a.slug.localeCompare(b.slug))[0]!;
  expect(inbound(best.id)).toBeGreaterThan(0);
  return { id: best.id, slug: best.slug };
}

/** The internal calls a process served (SEAM_RPC_LOG), by path. */
function internalCalls(stdout: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{"msg":"seam internal"')) continue;
    const { path } = JSON.parse(line) as { path: string };
    out[path] = (out[path] ?? 0) + 1;
  }
  return out;
}
const internal: Record<string, Record<string, Record<string, number>>> = {};

function envName(slug: string): string {
  return `SEAM_${slug.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_URL`;
}

describe('seam extract, proven by replayed traffic on the shop', () => {
  let pg: PostgresServer | undefined;
  let stub: PaymentGatewayStub | undefined;
  let runtime: ShopRuntime;
  let baseline: Recording;
  const running: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    mkdirSync(WORK, { recursive: true });
    [pg, runtime, stub] = await Promise.all([startPostgres(), installShopRuntime(), startPaymentGatewayStub()]);
    const shop = await startShop(runtime, { databaseUrl: resetDatabase(pg), gatewayUrl: stub.url });
    try {
      baseline = await runSuite(shop.baseUrl, { webhookSecret: SHOP_WEBHOOK_SECRET });
    } finally {
      await shop.stop();
    }
    writeFileSync(join(WORK, 'monolith.json'), serializeRecording(baseline));
  }, 300_000);

  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop()));
    await Promise.all([pg?.stop(), stub?.stop()]);
  });

  async function start(built: Built, env: Record<string, string>, port: number): Promise<NodeService> {
    const p = await startNode({ dir: built.dir, entry: built.entry, nodeArgs: built.nodeArgs, env: { ...built.env, ...env }, port });
    running.push(p);
    return p;
  }

  async function stopAll(): Promise<void> {
    await Promise.all(running.splice(0).map((p) => p.stop()));
  }

  /** Runs the suite through `gateway` and checks it against the monolith's recording and the services' access logs. */
  async function replay(name: string, gateway: Gateway, processes: Record<string, NodeService>, services: { slug: string; prefix: string }[]): Promise<void> {
    const recording = await runSuite(gateway.baseUrl, { webhookSecret: SHOP_WEBHOOK_SECRET, requestIdPrefix: name });
    writeFileSync(join(WORK, `${name}.json`), serializeRecording(recording));
    for (const [p, proc] of Object.entries(processes)) writeFileSync(join(WORK, `${name}-${p}.log`), proc.logs() + proc.errors());
    internal[name] = Object.fromEntries(Object.entries(processes).map(([p, proc]) => [p, internalCalls(proc.logs())]));
    const differences = diffRecordings(baseline, recording);
    expect(differences, `answers that changed through the ${name} gateway`).toEqual([]);
    // every request under a service's prefix was answered by that service, and only those
    for (const s of services) {
      // the suite's requests only (the readiness probes on /health carry ids of their own)
      const served = new Set(parseAccessLog(processes[s.slug]!.logs()).flatMap((e) => (e.requestId?.startsWith(name) ? [e.requestId] : [])));
      const expected = recording.exchanges.filter((e) => e.path.startsWith(s.prefix)).map((e) => e.requestId);
      expect(expected.length, `requests under ${s.prefix}`).toBeGreaterThan(0);
      expect(expected.filter((id) => !served.has(id)), `requests under ${s.prefix} that ${s.slug} did not answer`).toEqual([]);
      expect([...served].filter((id) => !expected.includes(id)), `requests ${s.slug} answered outside ${s.prefix}`).toEqual([]);
    }
  }

  let first: { id: string; slug: string };
  let serviceOne: Built;

  it('extracts the most-called service; the suite through the gateway answers exactly as the monolith did', async () => {
    first = mostCalled(SHOP_FIXTURE, join(WORK, 'plan-1'));
    expect(first.slug).toBe('customers');
    const out = join(WORK, 'extract-1');
    const r = runSeam(['extract', first.id, SHOP_FIXTURE, '--out', out, '--no-history', '--workers', '0', '--force']);
    expect(r.code, r.stderr).toBe(0);
    const [monolith, service] = await Promise.all([buildMonolith(runtime, join(out, 'monolith'), join(WORK, 'monolith-1')), buildService(runtime, join(out, 'service'), join(WORK, 'service-1'))]);
    serviceOne = service;

    const [mPort, mInternal, sPort, sInternal, gPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const base = { ...shopEnv({ databaseUrl: resetDatabase(pg!), gatewayUrl: stub!.url }), SEAM_RPC_LOG: '1' };
    const mono = await start(monolith, { ...base, SEAM_INTERNAL_PORT: String(mInternal), [envName(first.slug)]: `http://127.0.0.1:${sInternal}` }, mPort);
    const svc = await start(service, { ...base, SEAM_INTERNAL_PORT: String(sInternal), SEAM_MONOLITH_URL: `http://127.0.0.1:${mInternal}` }, sPort);
    const gateway = await startGateway(join(out, 'gateway', 'nginx', 'phase-1.conf'), join(WORK, 'nginx-1'), gPort, { monolith: mPort, [first.slug]: sPort });
    running.push(gateway);
    await replay('phase-1', gateway, { monolith: mono, [first.slug]: svc }, [{ slug: first.slug, prefix: '/api/customers' }]);
    await stopAll();
    // the monolith's orders, auth and notifications called the service's operations over the wire,
    // and the service's events (a customer registered) reached the monolith's listeners
    const served = internal['phase-1']![first.slug]!;
    expect(Object.keys(served).sort()).toEqual(expect.arrayContaining(['/internal/create-customer', '/internal/get-customer']));
    expect(internal['phase-1']!.monolith!['/internal/seam/events'] ?? 0).toBeGreaterThan(0);
  }, 600_000);

  it('extracts a second service from the patched monolith; the suite through the second phase still answers the same', async () => {
    expect(first, 'the first extraction ran').toBeDefined();
    const patched = join(WORK, 'extract-1', 'monolith');
    const second = mostCalled(patched, join(WORK, 'plan-2'));
    expect(second.slug).not.toBe(first.slug);
    const out = join(WORK, 'extract-2');
    const r = runSeam(['extract', second.id, patched, '--out', out, '--after', join(WORK, 'extract-1'), '--no-history', '--workers', '0', '--force']);
    expect(r.code, r.stderr).toBe(0);
    const [monolith, service] = await Promise.all([buildMonolith(runtime, join(out, 'monolith'), join(WORK, 'monolith-2')), buildService(runtime, join(out, 'service'), join(WORK, 'service-2'))]);
    const routes = (JSON.parse(readFileSync(join(out, 'extraction.json'), 'utf8')) as { routes: { path: string }[] }).routes;
    const prefix = `/${routes[0]!.path.split('/').filter(Boolean).slice(0, 2).join('/')}`;

    const [mPort, mInternal, s1Port, s1Internal, s2Port, s2Internal, gPort] = (await Promise.all(Array.from({ length: 7 }, () => freePort()))) as [number, number, number, number, number, number, number];
    const base = { ...shopEnv({ databaseUrl: resetDatabase(pg!), gatewayUrl: stub!.url }), SEAM_RPC_LOG: '1' };
    const urls = { [envName(first.slug)]: `http://127.0.0.1:${s1Internal}`, [envName(second.slug)]: `http://127.0.0.1:${s2Internal}`, SEAM_MONOLITH_URL: `http://127.0.0.1:${mInternal}` };
    const mono = await start(monolith, { ...base, ...urls, SEAM_INTERNAL_PORT: String(mInternal) }, mPort);
    const one = await start(serviceOne, { ...base, ...urls, SEAM_INTERNAL_PORT: String(s1Internal) }, s1Port);
    const two = await start(service, { ...base, ...urls, SEAM_INTERNAL_PORT: String(s2Internal) }, s2Port);
    const gateway = await startGateway(join(out, 'gateway', 'nginx', 'phase-1.conf'), join(WORK, 'nginx-2'), gPort, { monolith: mPort, [first.slug]: s1Port, [second.slug]: s2Port });
    running.push(gateway);
    await replay('phase-2', gateway, { monolith: mono, [first.slug]: one, [second.slug]: two }, [
      { slug: first.slug, prefix: '/api/customers' },
      { slug: second.slug, prefix },
    ]);
    await stopAll();
    expect(Object.keys(internal['phase-2']![second.slug]!).length, `operations ${second.slug} served`).toBeGreaterThan(0);
    expect(Object.keys(internal['phase-2']![first.slug]!).length, `operations ${first.slug} served`).toBeGreaterThan(0);
  }, 600_000);
});

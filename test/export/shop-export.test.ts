/**
 * End to end on fixtures/monoliths/shop: real extraction, clustering, plan and every exporter,
 * then the artifacts are put to the tools that would use them: tsc and node (skeletons), nginx
 * (gateway), an OpenAPI parser, dependency-cruiser (rules) and a real browser (report).
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { load, loadAll } from 'js-yaml';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../../analyzers/extract.js';
import { writeArtifacts } from '../../src/host/artifact-writer.js';
import { buildGraph, cluster, measure } from '../../src/decompose/index.js';
import { renderAll } from '../../src/export/index.js';
import { repoSourceHints } from '../../src/host/source-hints.js';
import { plan } from '../../src/plan/index.js';
import type { Artifact, MigrationPlan } from '../../src/shared/plan.js';
import { nginxTest, startNginx } from './nginx-harness.js';
import { compileService, linkNodeModules, startService, stopService, type Running } from './skeleton-harness.js';

const SHOP = resolve('fixtures/monoliths/shop');
const tmp = mkdtempSync(join(tmpdir(), 'seam-export-'));
const out = join(tmp, 'out');
let p: MigrationPlan;
let artifacts: Artifact[];

async function planShop(): Promise<{ plan: MigrationPlan; artifacts: Artifact[] }> {
  const facts = await extract(SHOP, { history: false, workers: 0 });
  const graph = buildGraph(facts);
  const decomposition = cluster(graph, facts, { seed: 42 });
  const metrics = measure(graph, decomposition, facts);
  const hints = repoSourceHints(SHOP, facts);
  const migration = plan(facts, decomposition, { metrics, hints });
  return { plan: migration, artifacts: renderAll(migration) };
}

/** `import` specifier from one repo file to another, extension dropped. */
function relativeImport(from: string, to: string): string {
  const rel = relative(dirname(from), to).replace(/\.ts$/, '');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

function file(path: string): string {
  return readFileSync(join(out, path), 'utf8');
}

const slugs = (): string[] => p.services.map((s) => s.slug);

beforeAll(async () => {
  ({ plan: p, artifacts } = await planShop());
  writeArtifacts(out, artifacts);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('seam export on the shop fixture', () => {
  it('plans the ten capabilities, starting with a small, loosely coupled, non-critical one', () => {
    expect(p.services.map((s) => s.name).sort()).toEqual(['auth', 'cart', 'catalog', 'customers', 'inventory', 'notifications', 'orders', 'payments', 'reports', 'shipments']);
    const first = p.services.find((s) => s.wave === 1)!;
    expect(first.name).toBe('catalog');
    expect(first.cost.risk).toBe('low');
    expect(p.services.find((s) => s.name === 'orders')!.wave).toBe(p.services.length);
    expect(p.tables.find((t) => t.table === 'orders')).toMatchObject({ owner: 'svc-orders', writers: ['svc-orders', 'svc-payments', 'svc-shipments'] });
    expect(p.conflicts.find((c) => c.id === 'shared-write:orders')!.locations).toContainEqual(expect.objectContaining({ file: 'src/repositories/payment-repository.ts', line: 79 }));
  });

  it('gives byte-identical artifacts for the same input, from extraction on', async () => {
    const again = await planShop();
    expect(again.artifacts.map((a) => a.path)).toEqual(artifacts.map((a) => a.path));
    expect(again.artifacts).toEqual(artifacts);
  });

  it('builds every service skeleton with tsc, starts it, and gets 200 from GET /health', async () => {
    const running: Running[] = [];
    try {
      for (const slug of slugs()) {
        const dir = join(out, 'services', slug);
        linkNodeModules(dir);
        expect({ slug, diagnostics: compileService(dir) }).toEqual({ slug, diagnostics: [] });
      }
      running.push(...(await Promise.all(slugs().map((slug) => startService(join(out, 'services', slug))))));
      for (const [i, r] of running.entries()) {
        const health = await fetch(`${r.url}/health`);
        expect({ slug: slugs()[i], status: health.status }).toEqual({ slug: slugs()[i], status: 200 });
        expect(await health.json()).toEqual({ status: 'ok', service: slugs()[i] });
        expect((await fetch(`${r.url}/ready`)).status).toBe(200);
      }
      const orders = running[slugs().indexOf('orders')]!;
      const stub = await fetch(`${orders.url}/api/orders/42`);
      expect(stub.status).toBe(501);
      expect(await stub.json()).toMatchObject({ operation: 'get', handler: 'orderController.get', at: expect.stringMatching(/^src\/controllers\/order-controller\.ts:\d+$/) });
      const internal = await fetch(`${orders.url}/internal/get-order`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"args":["o1"]}' });
      expect(internal.status).toBe(501);
      const metrics = await (await fetch(`${orders.url}/metrics`)).text();
      expect(metrics).toMatch(/http_request_duration_seconds_count\{service="orders",method="GET",route="\/api\/orders\/:id",status_code="501"\} 1/);
      // logs are JSON lines with ECS field names
      const line = JSON.parse(orders.logs.find((l) => l.includes('listening'))!) as Record<string, unknown>;
      expect(line).toMatchObject({ 'log.level': 'info', 'service.name': 'orders', message: expect.stringContaining('Server listening at') });
      expect(typeof line['@timestamp']).toBe('string');
    } finally {
      const codes = await Promise.all(running.map(stopService));
      expect(codes.every((c) => c === 0)).toBe(true);
    }
  });

  it('writes skeletons that are lint-clean under strict typescript-eslint rules (no unused imports or stubs)', () => {
    const eslint = resolve('node_modules/.bin/eslint');
    // the sources only: --no-ignore (needed outside the config's folder) also disables --ignore-pattern, and the build above emitted dist/
    const r = spawnSync(eslint, ['--no-ignore', '--config', resolve('eslint.config.js'), ...slugs().map((s) => `services/${s}/src`)], { cwd: out, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('writes a compose file with every service, its database, the monolith and the gateway, and Kubernetes manifests with probes', () => {
    const compose = load(file('docker-compose.yml')) as { services: Record<string, Record<string, unknown>>; volumes: Record<string, unknown> };
    const expected = ['gateway', 'monolith', ...slugs().flatMap((s) => [s, `${s}-db`])].sort();
    expect(Object.keys(compose.services).sort()).toEqual(expected);
    for (const s of slugs()) {
      expect(compose.services[s]).toMatchObject({ build: `./services/${s}`, depends_on: { [`${s}-db`]: { condition: 'service_healthy' } } });
      expect(compose.services[`${s}-db`]!.image).toBe('postgres:16-alpine');
      expect(compose.volumes).toHaveProperty(`${s}-data`);
    }
    expect((compose.services.orders!.environment as Record<string, string>).PAYMENTS_URL).toBe('http://payments:3000');
    expect(compose.services.gateway!.volumes).toEqual([`./gateway/nginx/phase-\${SEAM_PHASE:-${p.waves.length}}.conf:/etc/nginx/conf.d/default.conf:ro`]);
    for (const s of slugs()) {
      const docs = loadAll(file(`k8s/${s}.yaml`)) as { kind: string; spec: Record<string, unknown> }[];
      expect(docs.map((d) => d.kind)).toEqual(['Deployment', 'Service']);
      const pod = (docs[0]!.spec as { template: { spec: { securityContext: object; containers: Record<string, unknown>[] } } }).template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
      expect(pod.containers[0]).toMatchObject({ livenessProbe: { httpGet: { path: '/health', port: 'http' } }, readinessProbe: { httpGet: { path: '/ready', port: 'http' } } });
    }
    expect((load(file('k8s/kustomization.yaml')) as { resources: string[] }).resources).toEqual(slugs().map((s) => `${s}.yaml`));
    const dockerfile = file('services/orders/Dockerfile');
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    const ci = load(file('services/orders/.github/workflows/ci.yml')) as { on: object; jobs: { build: { steps: { run?: string }[] } } };
    expect(ci.jobs.build.steps.map((s) => s.run).filter(Boolean)).toContain('npm run typecheck');
    const dashboard = JSON.parse(file('services/orders/grafana/dashboard.json')) as { uid: string; panels: { targets: { expr: string }[] }[] };
    expect(dashboard.uid).toBe('seam-orders');
    expect(dashboard.panels.flatMap((x) => x.targets.map((t) => t.expr)).every((e) => e.includes('service="orders"'))).toBe(true);
  });

  it('writes nginx configs that nginx accepts for every phase', () => {
    expect(p.gateway.phases).toHaveLength(p.waves.length);
    for (const phase of p.gateway.phases) {
      const r = nginxTest(join(tmp, `nginx-${phase.index}`), join(out, `gateway/nginx/phase-${phase.index}.conf`));
      expect({ phase: phase.index, code: r.code, output: r.output }).toEqual({ phase: phase.index, code: 0, output: expect.stringContaining('test is successful') });
    }
    // a config nginx must reject proves the check is real
    writeFileSync(join(tmp, 'broken.conf'), file('gateway/nginx/phase-1.conf').replace('map $seam_group $seam_backend {', 'map $seam_group $seam_backend'));
    expect(nginxTest(join(tmp, 'nginx-broken'), join(tmp, 'broken.conf')).code).not.toBe(0);
  });

  it('routes phase 1 for real: the wave-1 service behind the auth hook, everything else to the monolith', async () => {
    const hits: string[] = [];
    const servers: Server[] = [];
    const listen = (name: string, handler?: (url: string) => number): Promise<number> =>
      new Promise((ok) => {
        const server = createServer((req, res) => {
          hits.push(`${name} ${req.method} ${req.headers['x-original-uri'] ?? req.url}${req.headers['x-seam-route-group'] ? ` [${String(req.headers['x-seam-route-group'])}]` : ''}`);
          res.statusCode = handler ? handler(String(req.headers['x-original-uri'])) : 200;
          res.end(name);
        });
        servers.push(server);
        server.listen(0, '127.0.0.1', () => ok((server.address() as { port: number }).port));
      });
    const free = (): Promise<number> =>
      new Promise((ok) => {
        const s = createNetServer();
        s.listen(0, '127.0.0.1', () => {
          const port = (s.address() as { port: number }).port;
          s.close(() => ok(port));
        });
      });
    const monolith = await listen('monolith');
    const catalog = await listen('catalog');
    const auth = await listen('auth', (uri) => (uri.includes('forbidden') ? 403 : 204));
    const gatewayPort = await free();
    const conf = file('gateway/nginx/phase-1.conf')
      .replace('http://monolith:3000/internal/auth/check', `http://127.0.0.1:${auth}/check`)
      .replaceAll('http://monolith:3000', `http://127.0.0.1:${monolith}`)
      .replace('http://catalog:3000', `http://127.0.0.1:${catalog}`)
      .replace('listen 8080;', `listen 127.0.0.1:${gatewayPort};`)
      .replace('access_log /dev/stdout seam_json;', `access_log ${join(tmp, 'live-access.log')} seam_json;`);
    writeFileSync(join(tmp, 'phase-1-live.conf'), conf);
    const nginx = startNginx(join(tmp, 'nginx-live'), join(tmp, 'phase-1-live.conf'));
    try {
      const get = async (method: string, path: string): Promise<string> => {
        for (let i = 0; ; i++) {
          try {
            const r = await fetch(`http://127.0.0.1:${gatewayPort}${path}`, { method });
            return `${r.status} ${r.status < 300 ? await r.text() : ''}`.trim();
          } catch (err) {
            if (i > 50) throw err;
            await new Promise((w) => setTimeout(w, 100));
          }
        }
      };
      expect(await get('GET', '/api/catalog/products/p1?x=1')).toBe('200 catalog');
      expect(await get('POST', '/api/orders')).toBe('200 monolith');
      expect(await get('GET', '/api/catalog/products/forbidden')).toBe('403');
      expect(await get('GET', '/somewhere/else')).toBe('200 monolith');
      expect(hits).toEqual([
        'auth GET /api/catalog/products/p1?x=1 [catalog]',
        'catalog GET /api/catalog/products/p1?x=1',
        'monolith POST /api/orders',
        'auth GET /api/catalog/products/forbidden [catalog]',
        'monolith GET /somewhere/else',
      ]);
    } finally {
      nginx.kill('SIGTERM');
      for (const s of servers) s.close();
    }
  });

  it('writes Kong (decK) and Envoy configs with every route, a rate limit and an auth hook per service group', () => {
    const last = p.gateway.phases.at(-1)!;
    const kong = load(file(`gateway/kong/phase-${last.index}.yaml`)) as { _format_version: string; services: { name: string; url: string; routes: { paths: string[]; regex_priority?: number; methods?: string[] }[]; plugins: { name: string }[] }[] };
    expect(kong._format_version).toBe('3.0');
    expect(kong.services.map((s) => s.name).sort()).toEqual(['monolith', ...slugs()].sort());
    for (const s of kong.services) {
      expect(s.plugins.map((x) => x.name)).toEqual(s.name === 'monolith' ? ['rate-limiting'] : ['rate-limiting', 'jwt']);
      for (const r of s.routes) expect(r.paths[0]!.startsWith('~^') || r.paths[0] === '/').toBe(true);
    }
    const priorities = kong.services.flatMap((s) => s.routes.map((r) => r.regex_priority)).filter((x): x is number => x !== undefined);
    expect(new Set(priorities).size).toBe(last.routes.length);
    const envoy = load(file(`gateway/envoy/phase-${last.index}.yaml`)) as { static_resources: { listeners: { filter_chains: { filters: { typed_config: { route_config: { virtual_hosts: { routes: { match: { safe_regex?: { regex: string }; prefix?: string }; route: { cluster: string } }[] }[] }; http_filters: { name: string }[] } }[] }[] }[]; clusters: { name: string }[] } };
    const hcm = envoy.static_resources.listeners[0]!.filter_chains[0]!.filters[0]!.typed_config;
    expect(hcm.http_filters.map((f) => f.name)).toEqual(['envoy.filters.http.ext_authz', 'envoy.filters.http.local_ratelimit', 'envoy.filters.http.router']);
    const routes = hcm.route_config.virtual_hosts[0]!.routes;
    expect(routes).toHaveLength(last.routes.length + 1);
    expect(routes.at(-1)).toMatchObject({ match: { prefix: '/' }, route: { cluster: 'monolith' } });
    const clusters = new Set(envoy.static_resources.clusters.map((c) => c.name));
    for (const r of routes) expect(clusters.has(r.route.cluster)).toBe(true);
    for (const r of routes.slice(0, -1)) expect(() => new RegExp(r.match.safe_regex!.regex)).not.toThrow();
  });

  it('writes an OpenAPI 3.1 document per service that a real parser validates, with DTO schemas where visible', async () => {
    for (const s of slugs()) await expect(SwaggerParser.validate(join(out, `openapi/${s}.openapi.json`))).resolves.toBeTruthy();
    const orders = JSON.parse(file('openapi/orders.openapi.json')) as { openapi: string; paths: Record<string, Record<string, { operationId: string; parameters: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: unknown }> } }>>; components: { schemas: Record<string, unknown> } };
    expect(orders.openapi).toBe('3.1.0');
    expect(orders.paths['/api/orders']!.post!.operationId).toBe('checkout');
    expect(orders.paths['/api/orders']!.post!.requestBody!.content['application/json']!.schema).toEqual({ $ref: '#/components/schemas/CheckoutRequest' });
    expect(orders.paths['/api/orders/{orderId}/items/{itemId}']!.get!.parameters.map((x) => `${x.in}:${x.name}`)).toEqual(['path:orderId', 'path:itemId']);
    expect(Object.keys(orders.components.schemas)).toEqual(expect.arrayContaining(['CheckoutRequest', 'ShippingAddressInput', 'ReturnRequest']));
    const catalog = JSON.parse(file('openapi/catalog.openapi.json')) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };
    expect(catalog.paths['/api/catalog/products/{id}']!.get!.responses['200']!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/ProductResponse' });
    // the parser does reject a broken document
    const broken = JSON.parse(file('openapi/orders.openapi.json')) as { paths: Record<string, Record<string, { parameters: unknown[] }>> };
    broken.paths['/api/orders/{id}']!.get!.parameters = [{ name: 'id', in: 'body' }];
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow();
  });

  it('writes the data-ownership plan as JSON, Markdown and a schema-per-service SQL sketch', () => {
    const doc = JSON.parse(file('data/ownership.json')) as { tables: { table: string; owner: string; writers: string[]; foreignReads: { reader: string; strategy: string }[]; events: string[]; conflicts: { id: string; locations: string[] }[] }[] };
    const orders = doc.tables.find((t) => t.table === 'orders')!;
    expect(orders).toMatchObject({ owner: 'orders', writers: ['orders', 'payments', 'shipments'], events: ['orders.order.created', 'orders.order.updated', 'orders.order.deleted'] });
    expect(orders.foreignReads).toContainEqual(expect.objectContaining({ reader: 'reports', strategy: 'replica' }));
    expect(orders.conflicts.find((c) => c.id === 'shared-write:orders')!.locations).toContain('src/repositories/payment-repository.ts:79');
    const sql = file('data/schema.sql');
    expect(sql).toContain('ALTER TABLE IF EXISTS public."orders" SET SCHEMA "orders";');
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS "reports"."orders_replica" (LIKE "orders"."orders" INCLUDING DEFAULTS);');
    expect(file('data/ownership.md')).toContain('| `orders` | orders | orders, payments, shipments |');
  });

  it('writes dependency-cruiser rules whose violations on the shop today are exactly the listed known violations', async () => {
    const config = JSON.parse(file('rules/dependency-cruiser.json')) as { forbidden: { name: string }[] };
    expect(config.forbidden.map((r) => r.name)).toEqual([...slugs().map((s) => `${s}-only-through-apis`), 'shared-kernel-is-a-library']);
    const known = (JSON.parse(file('rules/known-violations.json')) as { from: string; to: string; rule: { name: string } }[]).map((k) => `${k.from} -> ${k.to} (${k.rule.name})`);
    // the fixture with a test file that imports across a boundary, as tests do: the rules leave tests alone
    const withTests = join(tmp, 'shop-with-tests');
    cpSync(SHOP, withTests, { recursive: true });
    const [a, b] = p.services;
    const testFile = `${a!.modules[0]!.replace(/[^/]+$/, '')}cross-service.spec.ts`;
    writeFileSync(join(withTests, testFile), `import * as other from '${relativeImport(testFile, b!.modules[0]!)}';\nexport const seen = other;\n`);
    const prev = process.cwd();
    process.chdir(withTests);
    try {
      const result = await cruise(
        ['src'],
        { ruleSet: config as never, validate: true, tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' }, tsConfig: { fileName: 'tsconfig.json' }, outputType: 'json' },
        { extensions: ['.ts', '.d.ts', '.js'] },
        { tsConfig: extractTSConfig('tsconfig.json') },
      );
      const output = (typeof result.output === 'string' ? JSON.parse(result.output) : result.output) as { summary: { violations: { from: string; to: string; rule: { name: string } }[] } };
      const found = [...new Set(output.summary.violations.map((v) => `${v.from} -> ${v.to} (${v.rule.name})`))].sort();
      expect(found.length).toBeGreaterThan(0);
      expect(output.summary.violations.filter((v) => v.from === testFile)).toEqual([]);
      expect(found).toEqual([...known].sort());
    } finally {
      process.chdir(prev);
    }
  });

  it('writes a self-contained report that a real browser renders without a single request', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'seam-chromium-'));
    const ctx = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
    });
    try {
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const url = `file://${join(out, 'report/report.html')}`;
      await page.goto(url);
      expect(await page.locator('h2').allTextContents()).toEqual(expect.arrayContaining(['Service map', 'Coupling between services', 'Extraction waves', 'Metrics', 'Data ownership']));
      expect(await page.locator('svg').count()).toBe(4);
      expect(await page.locator('#data tbody tr').count()).toBe(p.tables.length);
      expect(requests).toEqual([url]);
      mkdirSync('test-artifacts', { recursive: true });
      await page.screenshot({ path: 'test-artifacts/report.png', fullPage: true });
      expect(statSync('test-artifacts/report.png').size).toBeGreaterThan(50_000);
    } finally {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    }
    const md = file('report/report.md');
    expect(md).toContain('```mermaid');
    expect(md).toContain(
      [
        'What placed its modules:',
        '',
        '- **coupling** (8)',
        '  - `src/controllers/auth-controller.ts`: coupling: 3 of 3 links (100 % of their weight) stay in this service',
      ].join('\n'),
    );
    expect(file('report/report.html')).toContain('<th>placed by</th>');
    expect(JSON.parse(file('report/report.json'))).toEqual(p);
  });
});

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree } from '../support/read-tree.js';
import { runSeam } from '../support/run-seam.js';

const SHOP = 'fixtures/monoliths/shop';
const tmp = mkdtempSync(join(tmpdir(), 'seam-extract-shop-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const tree = readTree;

let out: Record<string, string>;
let stderr: string;

beforeAll(() => {
  const r = runSeam(['extract', 'customers', SHOP, '--out', join(tmp, 'a'), '--no-history', '--workers', '0']);
  expect(r.code, r.stderr).toBe(0);
  stderr = r.stderr;
  out = tree(join(tmp, 'a'));
}, 120_000);

describe('seam extract customers (shop fixture)', () => {
  it('says what it wrote', () => {
    expect(stderr).toMatch(/^seam extract: customers written to .*: \d+ service files, 6 operations served, 0 called; monolith: \d+ files changed or added, 6 deleted; \d+ items to do by hand \(EXTRACTION\.md\)\n$/);
  });

  it("copies the service's own modules, prunes the monolith's composition to it, and packages the kernel code it needs", () => {
    const service = Object.keys(out).filter((p) => p.startsWith('service/') && p.endsWith('.ts')).map((p) => p.slice('service/'.length));
    expect(service).toEqual(
      expect.arrayContaining([
        'src/controllers/customer-controller.ts',
        'src/routes/customers.routes.ts',
        'src/services/customer-service.ts',
        'src/services/loyalty-service.ts',
        'src/repositories/customer-repository.ts',
        'src/main.ts',
        'src/app.ts',
        'src/app.module.ts',
        'kernel/src/lib/auth.ts',
        'kernel/src/lib/errors.ts',
        'src/seam/rpc.ts',
        'src/seam/internal-server.ts',
        'src/seam/event-bridge.ts',
      ]),
    );
    // code that finds files relative to itself (the data source's entity glob) keeps its place in the tree
    expect(service).toContain('src/lib/data-source.ts');
    expect(service).not.toContain('kernel/src/lib/data-source.ts');
    // no other service's code, only the entities the NestJS root module names (a relation needs its target)
    expect(service.filter((p) => /^src\/(services|controllers|routes|repositories)\//.test(p) && !/customer|loyalty/.test(p))).toEqual([]);
    expect(service.filter((p) => p.startsWith('src/entities/')).sort()).toEqual(['src/entities/category.entity.ts', 'src/entities/customer.entity.ts', 'src/entities/price-change.entity.ts', 'src/entities/product.entity.ts']);

    const app = out['service/src/app.ts']!;
    expect(app).toContain("app.use('/api/customers', customersRouter);");
    expect(app).not.toMatch(/ordersRouter|cartRouter|authRouter/);
    expect(app).toContain("import { authenticate, requireAuth, requireRole } from 'shop-api-kernel/src/lib/auth';");
    const module = out['service/src/app.module.ts']!;
    expect(module).not.toMatch(/ProductController|ReportService/);
    const main = out['service/src/main.ts']!;
    expect(main).not.toMatch(/registerNotificationListeners|nightlyReportJob|ReportService/);
    expect(main).toContain("import './seam/event-bridge';\nimport './seam/internal-server';");
  });

  it('serves the operations the monolith calls, and the monolith calls them through typed clients', () => {
    expect(out['service/src/seam/internal-server.ts']).toContain("'/internal/get-customer': (args) => customerService.get(...(args as Parameters<typeof customerService.get>)),");
    const client = out['monolith/src/seam/clients/customers.ts']!;
    expect(client).toContain("import type { Customer } from '../../entities/customer.entity';");
    expect(client).toContain("  get(id: string): Promise<Customer> {\n    return callInternal('customers', '/internal/get-customer', [id]);\n  },");
    expect(client).toContain('  shippingAddress(customerId: string, addressId?: string): Promise<AddressResponse | null> {');
    expect(out['monolith/src/services/order-service.ts']).toContain("import { customerService } from '../seam/clients/customers';");
    expect(out['monolith/src/services/order-service.ts']).not.toContain("from './customer-service'");
  });

  it("deletes the service's code from the monolith, keeping only what the monolith still uses as contracts", () => {
    const deleted = ['src/controllers/customer-controller.ts', 'src/repositories/customer-address-repository.ts', 'src/repositories/customer-repository.ts', 'src/repositories/loyalty-repository.ts', 'src/routes/customers.routes.ts', 'src/services/loyalty-service.ts'];
    for (const d of deleted) expect(out[`monolith/${d}`]).toBeUndefined();
    // notifications listen for CUSTOMER_REGISTERED: the constant stays, the service class goes
    expect(out['monolith/src/services/customer-service.ts']).toBe("export const CUSTOMER_REGISTERED = 'customer.registered';\n");
    expect(out['monolith/src/entities/customer.entity.ts']).toBe(readFileSync(join(SHOP, 'src/entities/customer.entity.ts'), 'utf8'));
    expect(out['monolith/src/app.ts']).not.toContain('customersRouter');
  });

  it('writes monolith.patch so that git apply on the original gives the monolith/ tree', () => {
    const repo = join(tmp, 'repo');
    cpSync(SHOP, repo, { recursive: true });
    execFileSync('git', ['init', '-q', repo]);
    execFileSync('git', ['apply', join(tmp, 'a', 'monolith.patch')], { cwd: repo });
    const applied = tree(repo);
    const written = Object.fromEntries(Object.entries(out).filter(([p]) => p.startsWith('monolith/')).map(([p, t]) => [p.slice('monolith/'.length), t]));
    const keys = Object.keys(applied).filter((p) => !p.startsWith('.git/'));
    expect(keys.sort()).toEqual(Object.keys(written).sort());
    for (const k of keys) expect(applied[k], k).toBe(written[k]);
  });

  it('writes the package files and the gateway phase routing its paths to it', () => {
    const pkg = JSON.parse(out['service/package.json']!) as { dependencies: Record<string, string>; scripts: Record<string, string>; main: string };
    expect(pkg.main).toBe('dist/src/main.js');
    expect(pkg.dependencies['shop-api-kernel']).toBe('file:./kernel');
    expect(pkg.dependencies.express).toBe('^4.19.2');
    expect(Object.keys(pkg.dependencies)).not.toContain('rxjs');
    const tsconfig = JSON.parse(out['service/tsconfig.json']!) as { compilerOptions: Record<string, unknown> };
    expect(tsconfig.compilerOptions.experimentalDecorators).toBe(true);
    expect(tsconfig.compilerOptions.paths).toBeUndefined();
    // the entry's `import 'reflect-metadata'` loads globals the kernel's own program needs too
    expect(out['service/kernel/seam-globals.d.ts']).toContain('/// <reference types="reflect-metadata" />');
    expect((JSON.parse(out['service/kernel/package.json']!) as { peerDependencies: Record<string, string> }).peerDependencies['reflect-metadata']).toBe('^0.2.2');
    expect(out['service/Dockerfile']).toContain('CMD ["node", "dist/src/main.js"]');
    const nginx = out['gateway/nginx/phase-1.conf']!;
    expect(nginx).toContain('"~^GET /api/customers/[^/]+/loyalty(?:\\\\?.*)?$" customers;');
    expect(nginx).toContain('customers http://customers:3000;');
  });

  it('reports what it could not carry over, with file and line', () => {
    const report = JSON.parse(out['extraction.json']!) as { report: { kind: string; file: string; line: number }[] };
    expect(report.report).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'cross-owner-join', file: 'src/repositories/report-repository.ts', line: 83 })]));
    expect(out['EXTRACTION.md']).toContain('| `src/repositories/report-repository.ts:83` | service | cross-owner-join:');
  });

  it('gives byte-identical output on a second run', () => {
    const r = runSeam(['extract', 'svc-customers', SHOP, '--out', join(tmp, 'b'), '--no-history', '--workers', '0']);
    expect(r.code).toBe(0);
    expect(tree(join(tmp, 'b'))).toEqual(out);
  }, 120_000);

  it('refuses an unknown service with exit 2 and names the services', () => {
    const r = runSeam(['extract', 'billing', SHOP, '--out', join(tmp, 'c'), '--no-history']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no service 'billing' in the cut; the services are: auth, cart, catalog, customers, inventory, notifications, orders, payments, reports, shipments");
    expect(existsSync(join(tmp, 'c'))).toBe(false);
  }, 120_000);

  it("generates the Prisma client from a schema kept where the CLI does not look (prisma/postgres/): the one the models were read from, passed with --schema and reported", () => {
    const repo = join(tmp, 'moved-schema');
    cpSync(SHOP, repo, { recursive: true, filter: (p) => !p.includes('node_modules') });
    mkdirSync(join(repo, 'prisma', 'postgres'));
    renameSync(join(repo, 'prisma', 'schema.prisma'), join(repo, 'prisma', 'postgres', 'schema.prisma'));
    const r = runSeam(['extract', 'customers', repo, '--out', join(tmp, 'moved-out'), '--no-history', '--workers', '0']);
    expect(r.code, r.stderr).toBe(0);
    const moved = tree(join(tmp, 'moved-out'));
    expect(moved['service/prisma/postgres/schema.prisma']).toBe(readFileSync(join(SHOP, 'prisma', 'schema.prisma'), 'utf8'));
    expect((JSON.parse(moved['service/package.json']!) as { scripts: Record<string, string> }).scripts.build).toMatch(/^prisma generate --schema prisma\/postgres\/schema\.prisma && /);
    const report = JSON.parse(moved['extraction.json']!) as { report: { kind: string; file: string; fix: string }[] };
    expect(report.report).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'schema-location', file: 'prisma/postgres/schema.prisma' })]));
    // where the CLI finds it, nothing to report
    expect((JSON.parse(out['extraction.json']!) as { report: { kind: string }[] }).report.some((i) => i.kind === 'schema-location')).toBe(false);
  }, 120_000);

  it('extracts from the hostile fixture too: a 2 MB generated module is carried over, not called changed', () => {
    const r = runSeam(['extract', 'customers', 'fixtures/monoliths/broken', '--out', join(tmp, 'broken'), '--no-history', '--workers', '0']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(tmp, 'broken', 'service', 'src', 'generated', 'huge-table.ts'))).toBe(true);
  }, 120_000);
});

/**
 * `seam init` and the cut of a repository that is not only a backend: fixtures/monoliths/fullstack
 * holds an Express API (server/), the React app that calls it (client/), types both import
 * (shared/types.ts) and a seed script (scripts/), under one package.json.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeamConfig } from '../../src/shared/config.js';
import type { Decomposition } from '../../src/shared/decomposition.js';
import type { Facts } from '../../src/shared/facts.js';
import { runSeam } from '../support/run-seam.js';

const FULLSTACK = 'fixtures/monoliths/fullstack';
const tmp = mkdtempSync(join(tmpdir(), 'seam-init-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const validateConfig = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync('schema/seam-config.schema.json', 'utf8')) as object);

const EXPECTED_CONFIG = {
  $schema: 'https://seam.dev/schema/seam-config.schema.json',
  include: [],
  exclude: [],
  tests: false,
  history: true,
  apps: [
    { name: 'client', kind: 'frontend', root: 'client', entries: ['client/src/main.tsx'] },
    { name: 'server', kind: 'backend', root: 'server', entries: ['server/main.ts'] },
  ],
  weights: {},
  seed: 42,
  resolution: 1,
  export: { kinds: ['skeletons', 'gateway', 'openapi', 'data', 'report', 'rules'] },
  check: { headroom: 0.05 },
};

const EXPECTED_REPORT = [
  'seam init: 15 modules, 1 package, plugins: ddl, express, knex',
  'apps:',
  '  out  frontend client (client): mounts a react UI in client/src/main.tsx',
  '  cut  backend  server (server): starts a server in server/main.ts',
  '9 of 15 modules are service candidates (reached from a backend entry, route or table); 6 are left out',
  `Change an app's "kind" to bring it into the cut or keep it out; every command reads seam.config.json, flags override it.`,
];

describe('seam init on fixtures/monoliths/fullstack', () => {
  it('--print prints the config (valid against schema/seam-config.schema.json) and says why it chose each app', () => {
    const r = runSeam(['init', FULLSTACK, '--print', '--workers', '0']);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as unknown;
    expect(printed).toEqual({ ...EXPECTED_CONFIG, workers: 0 });
    expect(validateConfig(printed), JSON.stringify(validateConfig.errors)).toBe(true);
    expect(r.stderr).toBe(`${EXPECTED_REPORT.join('\n')}\n`);
    expect(existsSync(join(FULLSTACK, 'seam.config.json'))).toBe(false);
  });

  it('writes seam.config.json, and refuses to replace it without --force', () => {
    const repo = join(tmp, 'write');
    cpSync(FULLSTACK, repo, { recursive: true });
    const target = join(repo, 'seam.config.json');
    const first = runSeam(['init', repo]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`${EXPECTED_REPORT.join('\n')}\nwrote ${target}\n`);
    const written = readFileSync(target, 'utf8');
    expect(JSON.parse(written)).toEqual(EXPECTED_CONFIG);

    const again = runSeam(['init', repo, '--exclude', 'scripts/**']);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`seam init: ${target} exists; pass --force to replace it, or --print to see what init would write\n`);
    expect(readFileSync(target, 'utf8')).toBe(written);

    expect(runSeam(['init', repo, '--force', '--exclude', 'scripts/**']).code).toBe(0);
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual({ ...EXPECTED_CONFIG, exclude: ['scripts/**'] });
  });
});

describe('seam analyze on fixtures/monoliths/fullstack', () => {
  type Document = Facts & { config: SeamConfig; leftOut: Array<{ module: string; reason: string }>; decomposition: Decomposition };
  let doc: Document;
  beforeAll(() => {
    const r = runSeam(['analyze', FULLSTACK, '--no-history', '--format', 'json']);
    expect(r.code).toBe(0);
    doc = JSON.parse(r.stdout) as Document;
  });

  it('finds the backend and the frontend', () => {
    expect(doc.apps).toEqual([
      { name: 'client', kind: 'frontend', root: 'client', entries: ['client/src/main.tsx'], framework: 'react' },
      { name: 'server', kind: 'backend', root: 'server', entries: ['server/main.ts'], framework: 'express' },
    ]);
  });

  it('cuts the server alone: no client/ or scripts/ module in a service or the kernel; shared/types.ts in the kernel', () => {
    expect(doc.decomposition.services.map((s) => [s.name, s.modules])).toEqual([
      ['orders', ['server/repositories/order-repository.ts', 'server/routes/orders.ts']],
      ['products', ['server/repositories/product-repository.ts', 'server/routes/products.ts']],
      ['users', ['server/repositories/user-repository.ts', 'server/routes/users.ts']],
    ]);
    expect(doc.decomposition.shared.map((k) => k.module)).toEqual(['server/db.ts', 'server/main.ts', 'shared/types.ts']);
  });

  it('lists the modules left out, each with its reason', () => {
    expect(doc.leftOut).toEqual([
      { module: 'client/src/App.tsx', reason: 'in client (frontend)' },
      { module: 'client/src/api.ts', reason: 'in client (frontend)' },
      { module: 'client/src/components/OrderConfirmation.tsx', reason: 'in client (frontend)' },
      { module: 'client/src/components/ProductList.tsx', reason: 'in client (frontend)' },
      { module: 'client/src/main.tsx', reason: 'in client (frontend)' },
      { module: 'scripts/seed.ts', reason: 'a script, migration, tool or example folder' },
    ]);
    // a seed fills tables once: no data access (it would make the script a writer of products), a note instead
    expect(doc.dataAccess.filter((d) => d.module === 'scripts/seed.ts')).toEqual([]);
    expect(doc.diagnostics.filter((d) => d.code === 'seed-access-excluded').map((d) => d.file)).toEqual(['scripts/seed.ts']);
  });

  it('shows the apps and what was left out in text', () => {
    const r = runSeam(['analyze', FULLSTACK, '--no-history', '--format', 'text']);
    expect(r.code).toBe(0);
    const section = (heading: string): string[] => {
      const lines = r.stdout.split('\n');
      const start = lines.findIndex((l) => l.startsWith(heading));
      expect(start, `no section ${heading}`).toBeGreaterThanOrEqual(0);
      const end = lines.findIndex((l, i) => i > start && l.trim() === '');
      return lines.slice(start, end < 0 ? undefined : end);
    };
    expect(section('Apps (')).toEqual([
      'Apps (2; frontends, SDKs, CLIs and tooling are kept out of services)',
      '  frontend  client  client  react    client/src/main.tsx',
      '  backend   server  server  express  server/main.ts',
    ]);
    expect(section('Left out of services')).toEqual(['Left out of services (6 modules; --format json lists each under leftOut)', '      5  in client (frontend)', '      1  a script, migration, tool or example folder']);
  });

  it('accepts a plan whose services and kernel hold no client/ or scripts/ module, and the code keeps it', () => {
    const repo = join(tmp, 'plan');
    cpSync(FULLSTACK, repo, { recursive: true });
    expect(runSeam(['plan', 'accept', repo, '--no-history', '--out', join(repo, 'seam.plan.json')]).code).toBe(0);
    const plan = JSON.parse(readFileSync(join(repo, 'seam.plan.json'), 'utf8')) as { analysis: { exclude: string[] }; services: Record<string, { modules: string[] }>; kernel: string[]; unassigned: string[] };
    expect(plan.analysis.exclude).toEqual(['client/**']);
    expect(Object.values(plan.services).flatMap((s) => s.modules).sort()).toEqual([
      'server/repositories/order-repository.ts',
      'server/repositories/product-repository.ts',
      'server/repositories/user-repository.ts',
      'server/routes/orders.ts',
      'server/routes/products.ts',
      'server/routes/users.ts',
    ]);
    expect(plan.kernel).toEqual(['server/db.ts', 'shared/**']);
    expect(plan.unassigned.filter((m) => !m.startsWith('client/'))).toEqual(['scripts/seed.ts', 'server/main.ts']);
    const check = runSeam(['check', repo]);
    expect(check.stdout.split('\n').slice(-2)[0]).toBe('seam check: the plan holds (10 modules, 3 services, plan seam.plan.json)');
    expect(check.code).toBe(0);
  });
});

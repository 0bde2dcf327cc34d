/**
 * Names from the analyzed repository can be anything: service names from folder names, route
 * paths, handler names, table names. None of them may steer a path, break a config, inject
 * into HTML or SQL, or end a comment in generated code.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { load, loadAll } from 'js-yaml';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeArtifacts } from '../../src/host/artifact-writer.js';
import { isSafeArtifactPath, renderAll } from '../../src/export/index.js';
import { plan } from '../../src/plan/index.js';
import { emptyConstraints, type Decomposition } from '../../src/shared/decomposition.js';
import type { Facts } from '../../src/shared/facts.js';
import type { Artifact, MigrationPlan } from '../../src/shared/plan.js';
import { nginxTest } from './nginx-harness.js';
import { compileService, linkNodeModules } from './skeleton-harness.js';

const EVIL = ['../../etc/passwd', '<img src=x onerror=alert(1)>', 'con'];
const modules = ['a/one.ts', 'b/two.ts', 'c/three.ts'];

const facts: Facts = {
  schemaVersion: 1,
  tool: { name: 'seam', version: '0.1.0' },
  root: '../evil\nroot; } server { listen 1;',
  tsconfigs: [],
  packages: [],
  modules: modules.map((path) => ({ path, lines: 10, bytes: 100, language: 'ts', hash: '0000000000000000' })),
  imports: [{ from: 'b/two.ts', to: 'a/one.ts', kind: 'runtime', names: ['x*/y'], line: 1 }],
  externalImports: [],
  symbols: [{ from: 'b/two.ts', to: 'a/one.ts', symbol: 'evil*/Call', usage: { call: 1 } }],
  routes: [
    { method: 'GET', path: '/a"b/:id', framework: 'express', module: 'a/one.ts', line: 1, handler: 'x*/ alert(1) /*' },
    { method: 'POST', path: '/semi;colon {brace}/$var', framework: 'express', module: 'a/one.ts', line: 2, handler: 'delete' },
    { method: 'GET', path: "/back\\slash/it's", framework: 'express', module: 'a/one.ts', line: 3 },
    { method: 'PUT', path: '/new\nline/`tick`', framework: 'express', module: 'a/one.ts', line: 4, handler: '`${process.exit()}`' },
    { method: 'GET', path: '/health', framework: 'express', module: 'c/three.ts', line: 5, handler: 'health' },
  ],
  entities: [],
  dataAccess: [
    { module: 'a/one.ts', table: '"; DROP TABLE t; --', access: 'write', via: 'sql', line: 3 },
    { module: 'b/two.ts', table: '"; DROP TABLE t; --', access: 'read', via: 'sql', line: 4 },
    { module: 'c/three.ts', table: 'weird table', access: 'write', via: 'sql', line: 5 },
  ],
  sharedState: [],
  history: null,
  coChange: [],
  authors: [],
  diagnostics: [],
};

const decomposition: Decomposition = {
  services: EVIL.map((name, i) => ({ id: `svc-${i}`, name, modules: [modules[i]!], pinned: [] })),
  shared: [],
  params: { seed: 1, resolution: 1, weights: { runtimeImport: 1, typeOnlyImport: 0.3, dynamicImport: 0.5, symbolRef: 0.5, sharedTableRead: 0.5, sharedTableWrite: 1, coChange: 1, sharedState: 0.5 } },
  constraints: emptyConstraints(),
};

const tmp = mkdtempSync(join(tmpdir(), 'seam-hostile-'));
let p: MigrationPlan;
let artifacts: Artifact[];
beforeAll(() => {
  p = plan(facts, decomposition);
  artifacts = renderAll(p);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('hostile names', () => {
  it('turns every name into a safe slug and every artifact path into a plain relative path', () => {
    expect(p.services.map((s) => s.slug)).toEqual(['etc-passwd', 'img-src-x-onerror-alert-1', 'con']);
    for (const a of artifacts) expect({ path: a.path, safe: isSafeArtifactPath(a.path) }).toEqual({ path: a.path, safe: true });
    const out = join(tmp, 'out');
    writeArtifacts(out, artifacts);
    expect(readdirSync(tmp)).toEqual(['out']);
    expect(readdirSync(join(out, 'services')).sort()).toEqual(['con', 'etc-passwd', 'img-src-x-onerror-alert-1']);
  });

  it('generates TypeScript that compiles, with every name inside string literals or closed comments', () => {
    // the service with every hostile route, handler and internal operation
    const dir = join(tmp, 'out', 'services', 'etc-passwd');
    linkNodeModules(dir);
    expect(compileService(dir)).toEqual([]);
    const routes = artifacts.find((a) => a.path === 'services/etc-passwd/src/routes.ts')!.contents;
    const sf = ts.createSourceFile('routes.ts', routes, ts.ScriptTarget.Latest, true);
    const strings: string[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isStringLiteral(n)) strings.push(n.text);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    expect(strings).toEqual(expect.arrayContaining(['/a"b/:id', 'x*/ alert(1) /*', '/semi;colon {brace}/$var', "/back\\slash/it's", '/new\nline/`tick`', '`${process.exit()}`']));
  });

  it('writes gateway configs nginx accepts and YAML that parses back to the same names', () => {
    for (const phase of p.gateway.phases) {
      const r = nginxTest(join(tmp, `nginx-${phase.index}`), join(tmp, 'out', `gateway/nginx/phase-${phase.index}.conf`));
      expect({ phase: phase.index, code: r.code, output: r.output }).toEqual({ phase: phase.index, code: 0, output: expect.stringContaining('test is successful') });
    }
    const last = p.gateway.phases.at(-1)!.index;
    const kong = load(artifacts.find((a) => a.path === `gateway/kong/phase-${last}.yaml`)!.contents) as { services: { routes: { paths: string[] }[] }[] };
    expect(kong.services.flatMap((s) => s.routes.map((r) => r.paths[0]))).toContain('~^/a\\x{22}b/[^/]+$');
    const compose = load(artifacts.find((a) => a.path === 'docker-compose.yml')!.contents) as { services: Record<string, unknown> };
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['etc-passwd', 'img-src-x-onerror-alert-1-db']));
    for (const a of artifacts.filter((x) => x.path.endsWith('.yaml') || x.path.endsWith('.yml'))) expect(() => loadAll(a.contents)).not.toThrow();
  });

  it('escapes names in HTML, SQL and OpenAPI', async () => {
    const report = artifacts.find((a) => a.path === 'report/report.html')!.contents;
    expect(report).not.toContain('<img');
    expect(report).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(report).not.toMatch(/<script/i);
    const sql = artifacts.find((a) => a.path === 'data/schema.sql')!.contents;
    expect(sql).toContain('ALTER TABLE IF EXISTS public."""; DROP TABLE t; --" SET SCHEMA "etc_passwd";');
    expect(sql).toContain('public."weird table"');
    for (const a of artifacts.filter((x) => x.path.startsWith('openapi/'))) await expect(SwaggerParser.validate(JSON.parse(a.contents) as never)).resolves.toBeTruthy();
  });
});

/**
 * A route whose path has a part Seam could not read (`{unknown:NAME}`) goes nowhere a path must
 * be exact (gateway configs, OpenAPI, service stubs); the report and the gateway README list it.
 */
import { describe, expect, it } from 'vitest';
import { renderAll } from '../../src/export/index.js';
import { unknownRoutes } from '../../src/export/unknown-routes.js';
import { plan } from '../../src/plan/index.js';
import { emptyConstraints, type Decomposition } from '../../src/shared/decomposition.js';
import type { Facts } from '../../src/shared/facts.js';

const modules = ['src/orders/routes.ts', 'src/billing/routes.ts'];

const facts: Facts = {
  schemaVersion: 1,
  tool: { name: 'seam', version: '0.1.0' },
  root: 'shop',
  tsconfigs: [],
  packages: [],
  modules: modules.map((path) => ({ path, lines: 10, bytes: 100, language: 'ts', hash: '0000000000000000' })),
  imports: [],
  externalImports: [],
  symbols: [],
  routes: [
    { method: 'GET', path: '/api/orders/:id', framework: 'express', module: 'src/orders/routes.ts', line: 3, handler: 'showOrder' },
    { method: 'GET', path: '/{unknown:CONTEXT_PATH}v1/orders', framework: 'express', module: 'src/orders/routes.ts', line: 4, handler: 'listOrders' },
    { method: 'POST', path: '/api/invoices', framework: 'express', module: 'src/billing/routes.ts', line: 2, handler: 'createInvoice' },
  ],
  entities: [],
  dataAccess: [],
  sharedState: [],
  history: null,
  coChange: [],
  authors: [],
  diagnostics: [],
};

const decomposition: Decomposition = {
  services: [
    { id: 'svc-orders', name: 'orders', modules: [modules[0]!], pinned: [] },
    { id: 'svc-billing', name: 'billing', modules: [modules[1]!], pinned: [] },
  ],
  shared: [],
  params: { seed: 1, resolution: 1, weights: { runtimeImport: 1, typeOnlyImport: 0.3, dynamicImport: 0.5, symbolRef: 0.5, sharedTableRead: 0.5, sharedTableWrite: 1, coChange: 1, sharedState: 0.5 } },
  constraints: emptyConstraints(),
};

const p = plan(facts, decomposition);
const artifacts = renderAll(p);
const file = (path: string): string => artifacts.find((a) => a.path === path)!.contents;

describe('routes with a path Seam could not read', () => {
  it('are found in the plan with what was not read', () => {
    expect(unknownRoutes(p)).toEqual([
      { method: 'GET', path: '/{unknown:CONTEXT_PATH}v1/orders', at: { file: 'src/orders/routes.ts', line: 4 }, service: 'svc-orders', unknown: ['CONTEXT_PATH'] },
    ]);
  });

  it('never reach a gateway config, an OpenAPI document or a service stub', () => {
    const exact = artifacts.filter((a) => /^gateway\/(nginx|kong|envoy)\/|^openapi\/|^services\/.*\/src\//.test(a.path));
    expect(exact.length).toBeGreaterThan(6);
    for (const a of exact) {
      const registered = a.contents.replace(/\/\*[\s\S]*?\*\//g, '');
      expect({ path: a.path, leaks: registered.includes('unknown:') }).toEqual({ path: a.path, leaks: false });
    }
    // the known routes are still there
    expect(file('gateway/nginx/phase-2.conf')).toContain('/api/orders/');
    expect(Object.keys((JSON.parse(file('openapi/orders.openapi.json')) as { paths: object }).paths)).toEqual(['/api/orders/{id}']);
  });

  it('are named in the stub comment, the gateway README and the report instead', () => {
    expect(file('services/orders/src/routes.ts')).toContain(' * - GET /{unknown:CONTEXT_PATH}v1/orders (listOrders, src/orders/routes.ts:4): part of its path could not be read statically (CONTEXT_PATH): find the real path, then register it');
    expect(file('gateway/README.md')).toContain('## Routes left to the monolith because their path is not known');
    expect(file('gateway/README.md')).toContain('- GET `/{unknown:CONTEXT_PATH}v1/orders` (`src/orders/routes.ts:4`)');
    expect(file('report/report.md')).toContain('- GET `/{unknown:CONTEXT_PATH}v1/orders` (`src/orders/routes.ts:4`), would move to orders; not read: `CONTEXT_PATH`');
    expect(file('report/report.html')).toContain('<section id="unknown-paths"><h2>Routes whose path Seam could not read (1)</h2>');
  });
});

/**
 * Issue 6/7, hostile input: deeply nested code. The TypeScript parser builds left-deep chains
 * (`'a' + 'a' + ...`, method chains, unions) without recursing, so Seam's own walks must not
 * recurse on them either: such files are analyzed in full. Nesting the parser recurses on
 * (brackets, `else if`, conditional types) overflows its stack somewhere between a few hundred
 * and a few thousand levels; the compiled Seam parses such a file again on a thread with a large
 * stack, and where no such thread is at hand the overflow is one `analyzer-crash` at stage `parse`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEEP_KINDS, deepSource, writeHostileRepo, type DeepKind } from '../../fixtures/generate/hostile.js';
import { analyzeSources } from '../../analyzers/testing.js';
import { readSourceHints } from '../../src/plan/index.js';
import type { Facts } from '../../src/shared/facts.js';
import { runSeam } from '../support/run-seam.js';

const PACKAGE = JSON.stringify({ name: 'deep', dependencies: { express: '4.19.2', knex: '3.1.0', typeorm: '0.3.20', mongoose: '8.0.0', '@nestjs/common': '10.0.0' } });

function crashesOf(facts: Facts): string[] {
  return facts.diagnostics.filter((d) => d.code === 'analyzer-crash').map((d) => `${d.file}: ${d.message.split(' crashed')[0]}`);
}

// `.tsx` only for JSX: other kinds use generics that a .tsx file would read as JSX
async function analyzeDeep(kind: DeepKind, depth: number): Promise<Facts> {
  return analyzeSources({ 'package.json': PACKAGE, [`src/deep.${kind === 'jsx' ? 'tsx' : 'ts'}`]: deepSource(kind, depth), 'src/ok.ts': 'export const ok = 1;\n' });
}

describe('left-deep chains, which the parser reads without recursing', () => {
  const kinds: DeepKind[] = ['concat', 'members', 'method-chain', 'logical', 'union-types', 'knex-chain', 'query-builder-chain', 'mongoose-chain', 'promise-chain'];

  it.each(kinds)('%s, 3,000 deep: analyzed without a crash and not partial', async (kind) => {
    const facts = await analyzeDeep(kind, 3000);
    expect(crashesOf(facts)).toEqual([]);
    expect(facts.modules.map((m) => [m.path, m.partial ?? false])).toEqual([['src/deep.ts', false], ['src/ok.ts', false]]);
  });

  it('reads all 3,000 routes of a 3,000-call router chain (in linear time)', async () => {
    const started = performance.now();
    const facts = await analyzeDeep('method-chain', 3000);
    expect(facts.routes).toHaveLength(3000);
    // nothing mounts the exported router: since the routes merge its routes are kept under an unknown mount
    expect(facts.routes.find((r) => r.path === '/{unknown:mount_of_router}/r2999')).toMatchObject({ method: 'GET', module: 'src/deep.ts' });
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  const chained = (n: number): string => Array.from({ length: n }, (_, i) => `.get('/r${i}', h)`).join('');
  it.each([
    ['koa', { koa: '2.15.0', '@koa/router': '12.0.1' }, `import Koa from 'koa';\nimport Router from '@koa/router';\nconst app = new Koa();\nconst router = new Router();\nrouter${chained(3000)};\nfunction h() {}\napp.use(router.routes());\napp.listen(1);\n`, '/r2999'],
    ['fastify', { fastify: '4.26.0' }, `import Fastify from 'fastify';\nconst app = Fastify();\napp${chained(3000)};\nfunction h() {}\napp.listen({ port: 1 });\n`, '/r2999'],
    ['hono', { hono: '4.4.0' }, `import { Hono } from 'hono';\nconst app = new Hono()${chained(3000)};\nfunction h() {}\nexport default app;\n`, '/r2999'],
    ['express, a path of 3,000 terms', { express: '4.19.2' }, `import express from 'express';\nconst app = express();\napp.get(${Array.from({ length: 3000 }, () => "'a'").join(' + ')}, h);\nfunction h() {}\napp.listen(1);\n`, `/${'a'.repeat(3000)}`],
  ])('reads a 3,000-call %s chain to its last route', async (_name, dependencies, source, last) => {
    const facts = await analyzeSources({ 'package.json': JSON.stringify({ name: 'deep', dependencies }), 'src/deep.ts': source });
    expect(crashesOf(facts)).toEqual([]);
    expect(facts.routes.find((r) => r.path === last)).toMatchObject({ method: 'GET', module: 'src/deep.ts' });
  });

  it('reads a 3,000-call Express app.route() chain, and 3,000 app.route() statements (in linear time)', async () => {
    const started = performance.now();
    const methods = ['get', 'post', 'put', 'delete'];
    const head = "import express from 'express';\nconst app = express();\nfunction h() {}\n";
    const chain = `${head}app.route('/x')${Array.from({ length: 3000 }, (_, i) => `.${methods[i % 4]}(h)`).join('')};\napp.listen(1);\n`;
    const statements = `${head}${Array.from({ length: 3000 }, (_, i) => `app.route('/x${i}').get(h);\n`).join('')}app.listen(1);\n`;
    const pkg = JSON.stringify({ name: 'deep', dependencies: { express: '4.19.2' } });
    const chained = await analyzeSources({ 'package.json': pkg, 'src/app.ts': chain });
    expect(crashesOf(chained)).toEqual([]);
    expect(chained.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(['DELETE /x', 'GET /x', 'POST /x', 'PUT /x']);
    const separate = await analyzeSources({ 'package.json': pkg, 'src/app.ts': statements });
    expect(separate.routes).toHaveLength(3000);
    expect(separate.routes.find((r) => r.path === '/x2999')).toMatchObject({ method: 'GET', module: 'src/app.ts' });
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('reads the write at the end of a 3,000-link knex chain', async () => {
    const facts = await analyzeDeep('knex-chain', 3000);
    expect(facts.dataAccess.filter((d) => d.table === 'orders').map((d) => [d.access, d.via])).toEqual([['write', 'knex']]);
  });

  it('gives the migration plan its hints from a 3,000-term expression of member calls', async () => {
    const files = {
      'src/billing.ts': 'export const billing = { charge: (n: number): number => n };\n',
      'src/orders.ts': `import { billing } from './billing';\nexport const total = (): number => ${Array.from({ length: 3000 }, () => 'billing.charge(1)').join(' + ')};\n`,
    };
    const facts = await analyzeSources({ 'package.json': PACKAGE, ...files });
    expect(crashesOf(facts)).toEqual([]);
    expect(readSourceHints(facts, files).memberCalls).toEqual([{ module: 'src/orders.ts', symbol: 'billing', member: 'charge' }]);
  });

  it('reads a 6,000-term expression of member calls in linear time (each call\'s walk to its scope, owner and class steps over the expression in one move)', async () => {
    // quadratic before: 13 s for 6,000 terms in the compiled CLI (3.4 s for 3,000), every term walking up through the terms before it
    const started = performance.now();
    const files = {
      'src/billing.ts': 'export const billing = { charge: (n: number): number => n };\n',
      'src/orders.ts': `import { billing } from './billing';\nexport const total = (): number => ${Array.from({ length: 6000 }, () => 'billing.charge(1)').join(' + ')};\n`,
    };
    const facts = await analyzeSources({ 'package.json': PACKAGE, ...files });
    expect(crashesOf(facts)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('nesting the parser recurses on', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'seam-deep-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('every kind, 3,000 deep: seam analyze reads them all (overflows are parsed again on a large stack), the same in-process and on workers', () => {
    writeHostileRepo(tmp, DEEP_KINDS.map((kind) => ({ path: `src/${kind}.${kind === 'jsx' ? 'tsx' : 'ts'}`, contents: deepSource(kind, 3000), kind: 'deep' })));
    const args = ['analyze', tmp, '--format', 'json', '--no-history', '--no-propose'];
    const inProcess = runSeam([...args, '--workers', '0']);
    const onWorkers = runSeam([...args, '--workers', '2']);
    expect([inProcess.code, onWorkers.code]).toEqual([0, 0]);
    expect(onWorkers.stdout).toBe(inProcess.stdout);
    const facts = JSON.parse(inProcess.stdout) as Facts;
    expect(crashesOf(facts)).toEqual([]);
    expect(facts.modules.filter((m) => m.partial).map((m) => m.path)).toEqual([]);
    expect(facts.modules).toHaveLength(DEEP_KINDS.length);
  });

  const moderate: DeepKind[] = ['arrays', 'if-blocks', 'calls', 'arrows', 'templates', 'jsx', 'blocks', 'namespaces', 'generics', 'parens', 'objects', 'classes', 'else-if', 'ternary', 'conditional-types'];

  it.each(moderate)('%s, 200 deep: analyzed in-process without a crash', async (kind) => {
    const facts = await analyzeDeep(kind, 200);
    expect(crashesOf(facts)).toEqual([]);
  });

  const overflowing: DeepKind[] = ['parens', 'objects', 'generics', 'classes'];

  it.each(overflowing)('%s, 20,000 deep, where no large-stack thread is at hand (from sources): one analyzer-crash at stage parse, the other file analyzed', async (kind) => {
    const facts = await analyzeDeep(kind, 20_000);
    expect(crashesOf(facts)).toEqual(['src/deep.ts: stage parse']);
    expect(facts.diagnostics.find((d) => d.code === 'analyzer-crash')?.message).toContain('nested too deeply for the parser or a visitor (stack overflow)');
    expect(facts.modules.map((m) => [m.path, m.partial ?? false])).toEqual([['src/deep.ts', true], ['src/ok.ts', false]]);
  });
});

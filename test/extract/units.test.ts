import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Project } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { applyEdit, pruneNames } from '../../src/extract/edit.js';
import { readSourceModel } from '../../src/extract/source-model.js';
import { relativeSpecifier } from '../../src/extract/index.js';
import { importedPackages, packageFiles } from '../../src/extract/package-files.js';
import type { CarveResult } from '../../src/extract/carve.js';
import type { Facts } from '../../src/shared/facts.js';
import type { ServicePlan } from '../../src/shared/plan.js';
import { unifiedDiff } from '../../src/extract/unified-diff.js';

const tmp = mkdtempSync(join(tmpdir(), 'seam-extract-units-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(text: string): ReturnType<Project['createSourceFile']> {
  return new Project({ useInMemoryFileSystem: true }).createSourceFile('/x.ts', text);
}

describe('relativeSpecifier', () => {
  it('points from one module to another without extension, or with .js for ESM specifiers', () => {
    expect(relativeSpecifier('src/services/order-service.ts', 'src/seam/clients/customers.ts')).toBe('../seam/clients/customers');
    expect(relativeSpecifier('src/main.ts', 'src/seam/internal-server.ts')).toBe('./seam/internal-server');
    expect(relativeSpecifier('src/a/b/c.ts', 'src/a/d.ts', true)).toBe('../d.js');
    expect(relativeSpecifier('main.ts', 'lib/index.ts')).toBe('./lib/index');
  });
});

describe('pruneNames', () => {
  it('removes the array elements, statements and properties that use a pruned name, and variables built from it in turn', () => {
    const f = file(
      [
        "app.use('/api/orders', ordersRouter);",
        "app.use('/api/cart', cartRouter);",
        'const controllers = [OrderController, CartController];',
        'const job = nightly(ordersRouter);',
        'schedule([job, other]);',
        'const m = { providers: [OrderService], orders: OrderService, keep: 1 };',
        '',
      ].join('\n'),
    );
    const problems = pruneNames(f, ['ordersRouter', 'OrderController', 'OrderService']);
    expect(problems).toEqual([]);
    expect(f.getFullText()).toBe(["app.use('/api/cart', cartRouter);", 'const controllers = [CartController];', 'schedule([other]);', 'const m = { providers: [], keep: 1 };', ''].join('\n'));
  });

  it('drops the link of a fluent chain that passes a pruned name, keeping the chain', () => {
    const f = file(['const api = Router().use(tags).use(articles).use(profiles);', "export default Router().use('/api', api);", ''].join('\n'));
    expect(pruneNames(f, ['articles', 'profiles'])).toEqual([]);
    expect(f.getFullText()).toBe(['const api = Router().use(tags);', "export default Router().use('/api', api);", ''].join('\n'));
  });

  it('keeps a module a module when pruning removed its every import (its top-level names must not turn global)', () => {
    const f = new Project({ useInMemoryFileSystem: true }).createSourceFile('/seed.ts', ["import { SeedModule } from './seed.module';", 'const runSeed = async () => {', '  await boot(SeedModule);', '};', 'void runSeed();'].join('\n'));
    const model = readSourceModel(f, [{ from: 'seed.ts', to: 'seed.module.ts', line: 1, kind: 'static', typeOnly: false, specifier: './seed.module' } as never]);
    applyEdit(model, { actions: new Map([[0, new Map([['SeedModule', { kind: 'prune' as const }]])]]), respecify: new Map(), remove: new Set() });
    expect(f.getFullText()).not.toContain('SeedModule');
    expect(f.getFullText().trimEnd().endsWith('export {};')).toBe(true);
  });

  it('points a declaration the analysis recorded no edge for at where the same specifier goes in the file', () => {
    const f = new Project({ useInMemoryFileSystem: true }).createSourceFile('/get.ts', ["import { recordSchema } from '@acme/core';", 'export const s = recordSchema;', "export type { IRecord } from '@acme/core';"].join('\n'));
    const model = readSourceModel(f, [{ from: 'get.ts', to: 'packages/core/src/index.ts', line: 1, kind: 'static', typeOnly: false, specifier: '@acme/core', names: ['recordSchema'] } as never]);
    expect(model.links.map((l) => l.target)).toEqual(['packages/core/src/index.ts', 'packages/core/src/index.ts']);
  });

  it('leaves a statement that is the braceless body of an if, and reports it', () => {
    const f = new Project({ useInMemoryFileSystem: true }).createSourceFile('/m.ts', ['export function f(v: string) {', '  const h = v ? fmt(v) : null;', '  if (h) res.set(h);', '}'].join('\n'));
    const problems = pruneNames(f, ['fmt']);
    expect([...new Set(problems.map((p) => p.name))]).toEqual(['h']);
    expect(f.getFullText()).toContain('if (h) res.set(h);');
  });

  it('reports a use it cannot remove without changing control flow, and leaves it', () => {
    const f = file(['function boot() {', '  if (ordersEnabled()) return ordersRouter;', '  return undefined;', '}', ''].join('\n'));
    const problems = pruneNames(f, ['ordersRouter']);
    expect(problems).toEqual([{ name: 'ordersRouter', line: 2, text: 'return ordersRouter;' }]);
    expect(f.getFullText()).toContain('return ordersRouter;');
  });
});

describe('importedPackages', () => {
  it('lists bare packages by name (scoped ones whole), leaving out builtins and relative paths', () => {
    const text = ["import { Controller } from '@nestjs/common';", "import express from 'express';", "import { join } from 'node:path';", "import fs from 'fs';", "import './x';", "import 'reflect-metadata';", "const a = require('lodash/get');", "import type { X } from '../y';"].join('\n');
    expect(importedPackages(text)).toEqual(['@nestjs/common', 'express', 'lodash', 'reflect-metadata']);
    // a template in a comment only looks like an import
    expect(importedPackages('// @index(\'./*\', f => `export * from "${f.path}";`)\nexport * from "zod";')).toEqual(['zod']);
    expect(importedPackages("/**\n * Fetch the 'infra_config' table from the database\n */\nconst q = \"select from 'users'\";\nimport x = require('pg');")).toEqual(['pg']);
  });
});

describe('packageFiles', () => {
  it("pins each package to the range of the workspace package whose files import it (the nearest manifest that declares it), not to the highest version the monorepo's lockfile holds", () => {
    const manifest = (deps: Record<string, string>): string => JSON.stringify({ name: 'x', dependencies: deps });
    const result = {
      service: new Map([
        ['apps/api/src/main.ts', "import { Module } from '@nestjs/common';\nimport { model } from 'mongoose';\n"],
        ['kernel/libs/dal/src/repo.ts', "import { Schema } from 'mongoose';\nimport { z } from 'zod';\n"],
      ]),
      srcRoot: 'apps/api/src',
      entries: ['apps/api/src/main.ts'],
      serves: [],
      calls: [],
    } as unknown as CarveResult;
    // another workspace package pins mongoose 8, the data library the copied code belongs to ^7; zod only at the root
    const lockfile = { path: 'pnpm-lock.yaml', text: ['lockfileVersion: \'9.0\'', 'packages:', '', '  mongoose@7.5.2:', '    resolution: {}', '', '  mongoose@8.6.0:', '    resolution: {}', '', '  zod@3.22.4:', '    resolution: {}', '', '  \'@nestjs/common@10.4.1\':', '    resolution: {}', ''].join('\n') };
    const artifacts = packageFiles({
      service: { id: 'api', slug: 'api', modules: [] } as unknown as ServicePlan,
      result,
      kernelPackage: 'api-kernel',
      serviceName: 'x-api',
      manifest: manifest({ '@nestjs/common': '^10.0.0' }),
      lockfile,
      facts: { packages: [] } as unknown as Facts,
      workspacePackages: [
        { name: 'root', dir: '.', manifest: manifest({ zod: '^3.22.0' }) },
        { name: '@x/api', dir: 'apps/api', manifest: manifest({ '@nestjs/common': '^10.0.0' }) },
        { name: '@x/dal', dir: 'libs/dal', manifest: manifest({ mongoose: '^7.5.0', '@x/shared': 'workspace:*' }) },
        { name: '@x/worker', dir: 'apps/worker', manifest: manifest({ mongoose: '^8.6.0' }) },
      ],
    });
    const pkg = JSON.parse(artifacts.find((a) => a.path === 'service/package.json')!.contents) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.mongoose).toBe('7.5.2');
    expect(pkg.dependencies.zod).toBe('3.22.4');
    expect(pkg.dependencies['@nestjs/common']).toBe('10.4.1');
  });

  it("adds no @types package that no manifest on the importers' way declares when the lockfile is pnpm's (it hoists none), and the lockfile's where npm or yarn hoisted it", () => {
    const result = { service: new Map([['src/main.ts', "import _ from 'lodash';\n"]]), srcRoot: 'src', entries: ['src/main.ts'], serves: [], calls: [] } as unknown as CarveResult;
    const input = (lockfile: { path: string; text: string }) => ({
      service: { id: 'api', slug: 'api', modules: [] } as unknown as ServicePlan,
      result,
      kernelPackage: 'api-kernel',
      serviceName: 'x-api',
      manifest: JSON.stringify({ name: 'x', dependencies: { lodash: '^4.17.15' } }),
      lockfile,
      facts: { packages: [] } as unknown as Facts,
    });
    const devDeps = (lockfile: { path: string; text: string }): Record<string, string> => (JSON.parse(packageFiles(input(lockfile)).find((a) => a.path === 'service/package.json')!.contents) as { devDependencies: Record<string, string> }).devDependencies;
    const pnpm = { path: 'pnpm-lock.yaml', text: ['lockfileVersion: \'9.0\'', 'packages:', '', '  lodash@4.17.21:', '    resolution: {}', '', '  \'@types/lodash@4.14.192\':', '    resolution: {}', ''].join('\n') };
    expect(devDeps(pnpm)['@types/lodash']).toBeUndefined();
    const npm = { path: 'package-lock.json', text: JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/lodash': { version: '4.17.21' }, 'node_modules/@types/lodash': { version: '4.14.192' } } }) };
    expect(devDeps(npm)['@types/lodash']).toBe('4.14.192');
  });
});

describe('unifiedDiff', () => {
  it('writes a patch that git apply accepts for changed, added and deleted files', () => {
    const repo = join(tmp, 'repo');
    execFileSync('git', ['init', '-q', repo]);
    const before = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const after = before.replace('line 3\n', 'line three\n').replace('line 30\n', '').replace('line 40\n', 'line 40\nline 41\n');
    writeFileSync(join(repo, 'a.txt'), before);
    writeFileSync(join(repo, 'gone.txt'), 'bye\n');
    const patch = unifiedDiff('a.txt', before, after) + unifiedDiff('gone.txt', 'bye\n', undefined) + unifiedDiff('new/b.txt', undefined, 'hello\nworld\n');
    expect(patch).toContain('@@ -1,6 +1,6 @@');
    writeFileSync(join(tmp, 'p.patch'), patch);
    execFileSync('git', ['apply', join(tmp, 'p.patch')], { cwd: repo });
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe(after);
    expect(readFileSync(join(repo, 'new/b.txt'), 'utf8')).toBe('hello\nworld\n');
    expect(() => readFileSync(join(repo, 'gone.txt'))).toThrow();
    expect(unifiedDiff('same.txt', 'x\n', 'x\n')).toBe('');
  });
});

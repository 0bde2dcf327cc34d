import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockedVersions } from '../../src/extract/package-files.js';
import { runSeam } from '../support/run-seam.js';

const FIXTURE = 'fixtures/monoliths/ambient';
const TSC = resolve('node_modules/typescript/bin/tsc');
const tmp = mkdtempSync(join(tmpdir(), 'seam-extract-ambient-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const svc = join(tmp, 'out', 'service');

beforeAll(() => {
  const r = runSeam(['extract', 'accounts', FIXTURE, '--out', join(tmp, 'out'), '--no-history', '--workers', '0']);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

describe('seam extract: ambient declarations and undeclared packages', () => {
  it("rewrites the imports of a global augmentation like any module's (a tsconfig alias becomes the kernel package) and brings what it imports along", () => {
    const dts = readFileSync(join(svc, 'src/types/express/index.d.ts'), 'utf8');
    expect(dts).toContain("import { IAccount } from 'ambient-fixture-kernel/src/interfaces/account';");
    expect(dts).not.toContain('@/interfaces');
    expect(readFileSync(join(svc, 'kernel/src/types/express/index.d.ts'), 'utf8')).toContain("from '../../interfaces/account'");
    expect(readFileSync(join(svc, 'kernel/src/interfaces/account.ts'), 'utf8')).toContain('export interface IAccount');
  });

  it("keeps a declaration that imports the app's own tree (ProcessEnv extends the app's config) out of the kernel package, which cannot import the app", () => {
    expect(readFileSync(join(svc, 'src/types/env.d.ts'), 'utf8')).toContain("import type { AppConfig } from '../config';");
    expect(existsSync(join(svc, 'kernel/src/types/env.d.ts'))).toBe(false);
  });

  it('pins a package the code imports without declaring it to the version the lockfile resolved', () => {
    const pkg = JSON.parse(readFileSync(join(svc, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.bson).toBe('4.7.2');
  });

  it("takes a package's @types version from the lockfile when the app's manifest does not declare it (a monorepo declares @types at its root)", () => {
    const pkg = JSON.parse(readFileSync(join(svc, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies['@types/bson']).toBe('4.2.0');
  });

  it("keeps the compiler's global types it installs (Node's, not the monolith's test runner's) and adds tslib for importHelpers", () => {
    const cfg = JSON.parse(readFileSync(join(svc, 'tsconfig.json'), 'utf8')) as { compilerOptions: { types?: string[] } };
    expect(cfg.compilerOptions.types).toEqual(['node']);
    const pkg = JSON.parse(readFileSync(join(svc, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.dependencies.tslib).toBe('^2.6.0');
    expect(pkg.devDependencies.vitest).toBeUndefined();
  });

  it("compiles each tree with checks no stricter than its code's own tsconfig (a library kept strictNullChecks off)", () => {
    const svcCfg = JSON.parse(readFileSync(join(svc, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    expect(svcCfg.compilerOptions.strict).toBe(true);
    expect(svcCfg.compilerOptions.strictNullChecks).toBe(false);
    const kernelCfg = JSON.parse(readFileSync(join(svc, 'kernel/tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    expect(kernelCfg.compilerOptions.strictNullChecks).toBeUndefined();
  });

  it('type-checks: the augmentation resolves in the service and in its kernel package', () => {
    // the one package it imports, declared as a stub (no network here); the kernel linked as npm would
    writeFileSync(join(svc, 'bson-stub.d.ts'), "declare module 'bson' { export class ObjectId { constructor(id: string); toHexString(): string; } }\n");
    const cfg = JSON.parse(readFileSync(join(svc, 'tsconfig.json'), 'utf8')) as { include: string[] };
    cfg.include.push('bson-stub.d.ts');
    writeFileSync(join(svc, 'tsconfig.json'), JSON.stringify(cfg));
    mkdirSync(join(svc, 'node_modules', '@types'), { recursive: true });
    symlinkSync(join(svc, 'kernel'), join(svc, 'node_modules', 'ambient-fixture-kernel'));
    symlinkSync(resolve('node_modules/@types/node'), join(svc, 'node_modules', '@types', 'node'));
    const run = (args: string[]): string => {
      try {
        return execFileSync(process.execPath, [TSC, ...args], { cwd: svc, encoding: 'utf8' });
      } catch (e) {
        return String((e as { stdout?: string }).stdout);
      }
    };
    expect(run(['-p', 'kernel/tsconfig.json'])).toBe('');
    expect(run(['--noEmit', '-p', 'tsconfig.json'])).toBe('');
  }, 120_000);
});

describe('lockedVersions', () => {
  it('reads the top-level versions of package-lock v1 and v3, yarn.lock v1 and berry, and pnpm-lock', () => {
    const v3 = JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/mongodb': { version: '3.6.5' }, 'node_modules/mongoose/node_modules/mongodb': { version: '4.0.0' }, 'node_modules/@nestjs/common': { version: '10.1.0' } } });
    expect([...lockedVersions('package-lock.json', v3)]).toEqual([['mongodb', '3.6.5'], ['@nestjs/common', '10.1.0']]);
    const v1 = JSON.stringify({ lockfileVersion: 1, dependencies: { mongodb: { version: '3.5.11', dependencies: { bson: { version: '1.0.0' } } } } });
    expect([...lockedVersions('package-lock.json', v1)]).toEqual([['mongodb', '3.5.11']]);
    const yarn1 = ['# yarn lockfile v1', '', 'mongodb@^3.5.0, mongodb@~3.5.1:', '  version "3.5.11"', '  resolved "x"', '', '"@types/node@*", "@types/node@^20":', '  version "20.1.0"', '', 'mongodb@^4:', '  version "4.2.0"', ''].join('\n');
    expect(Object.fromEntries(lockedVersions('yarn.lock', yarn1))).toEqual({ mongodb: '4.2.0', '@types/node': '20.1.0' });
    const berry = ['__metadata:', '  version: 6', '', '"typeorm@npm:^0.3.17":', '  version: 0.3.20', '  resolution: "typeorm@npm:0.3.20"', ''].join('\n');
    expect(Object.fromEntries(lockedVersions('yarn.lock', berry))).toEqual({ typeorm: '0.3.20' });
    const pnpm = ['lockfileVersion: \'9.0\'', 'packages:', '', '  \'@nestjs/common@11.1.2\':', '    resolution: {integrity: x}', '', '  zod@3.22.4:', '    resolution: {}', '', 'snapshots:', '', '  \'@nestjs/core@11.1.2(@nestjs/common@11.1.2)\':', '    dependencies: {}', ''].join('\n');
    expect(Object.fromEntries(lockedVersions('pnpm-lock.yaml', pnpm))).toEqual({ '@nestjs/common': '11.1.2', zod: '3.22.4', '@nestjs/core': '11.1.2' });
    expect(lockedVersions('package-lock.json', '{ not json').size).toBe(0);
  });
});

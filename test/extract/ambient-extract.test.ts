import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSIONS } from '../../src/export/index.js';
import { lockedVersions, lockedVersionSets, satisfies } from '../../src/extract/package-files.js';
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

  it("pins a declared dependency to the version the lockfile resolved within the manifest's range (what the monolith runs with)", () => {
    const pkg = JSON.parse(readFileSync(join(svc, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies.typescript).toBe('5.4.5');
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

describe('versions the service installs', () => {
  it('keeps every version a lockfile resolved for a name (a monorepo workspace may use an older one)', () => {
    const yarn = ['"@mikro-orm/knex@^6.6.14", "@mikro-orm/knex@6.6.14":', '  version "6.6.14"', '', '"@mikro-orm/knex@^5.9.0":', '  version "5.9.8"', ''].join('\n');
    expect(lockedVersionSets('yarn.lock', yarn).get('@mikro-orm/knex')).toEqual(['5.9.8', '6.6.14']);
  });

  it('decides whether a version is in an npm range, for the forms manifests use, and says when it cannot tell', () => {
    const cases: [string, string, boolean | undefined][] = [
      ['6.6.14', '^6.6.14', true], ['6.7.0', '^6.6.14', true], ['7.0.0', '^6.6.14', false], ['6.6.13', '^6.6.14', false],
      ['0.2.5', '^0.2.3', true], ['0.3.0', '^0.2.3', false], ['0.0.3', '^0.0.3', true], ['0.0.4', '^0.0.3', false], ['0.9.1', '^0', true],
      ['1.2.9', '~1.2.3', true], ['1.3.0', '~1.2.3', false], ['1.2.3', '1.2.3', true], ['1.2.4', '1.2.3', false],
      ['2.0.0', '>=1.2.3', true], ['1.4.0', '1.x', true], ['2.0.0', '1.x', false], ['3.1.0', '*', true],
      ['2.1.0', '^1.0.0 || ^2.0.0', true], ['7.0.0-rc.1', '^6.0.0', false], ['1.0.0', 'workspace:*', undefined], ['1.0.0', 'next', undefined],
    ];
    for (const [v, r, want] of cases) expect(satisfies(v, r), `${v} in ${r}`).toBe(want);
  });
});

describe('seam extract: a monolith compiled with an old TypeScript', () => {
  it("installs Seam's TypeScript when the monolith's predates the syntax of the generated code (4.5)", () => {
    const repo = join(tmp, 'old-ts');
    cpSync(FIXTURE, repo, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ ...manifest, devDependencies: { ...manifest.devDependencies, typescript: '^3.8.3' } }));
    const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
    lock.packages['node_modules/typescript'] = { version: '3.8.3' };
    writeFileSync(join(repo, 'package-lock.json'), JSON.stringify(lock));
    const r = runSeam(['extract', 'accounts', repo, '--out', join(tmp, 'old-ts-out'), '--no-history', '--workers', '0']);
    expect(r.code, r.stderr).toBe(0);
    const pkg = JSON.parse(readFileSync(join(tmp, 'old-ts-out', 'service', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies.typescript).toBe(VERSIONS.typescript);
  }, 120_000);
});

describe("seam extract: the repository's own package outside the analyzed scope", () => {
  it('declares it as workspace:* (not the published version a lockfile holds under that name) and reports it with file and line', () => {
    const repo = join(tmp, 'workspace');
    cpSync(FIXTURE, repo, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ ...manifest, workspaces: ['packages/*'] }));
    const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    lock.packages['node_modules/@ambient/audit'] = { version: '9.9.9' };
    writeFileSync(join(repo, 'package-lock.json'), JSON.stringify(lock));
    mkdirSync(join(repo, 'packages', 'audit', 'src'), { recursive: true });
    writeFileSync(join(repo, 'packages', 'audit', 'package.json'), JSON.stringify({ name: '@ambient/audit', version: '1.0.0', main: 'src/index.ts' }));
    writeFileSync(join(repo, 'packages', 'audit', 'src', 'index.ts'), 'export function audit(event: string): string {\n  return event;\n}\n');
    const svcFile = join(repo, 'src', 'accounts', 'accounts.service.ts');
    const text = readFileSync(svcFile, 'utf8');
    writeFileSync(svcFile, `import { audit } from '@ambient/audit';\n${text.replace('return accounts.get(new ObjectId(id).toHexString());', 'return accounts.get(audit(new ObjectId(id).toHexString()));')}`);
    const r = runSeam(['extract', 'accounts', repo, '--out', join(tmp, 'workspace-out'), '--no-history', '--workers', '0', '--exclude', 'packages/**']);
    expect(r.code, r.stderr).toBe(0);
    const pkg = JSON.parse(readFileSync(join(tmp, 'workspace-out', 'service', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['@ambient/audit']).toBe('workspace:*');
    const doc = JSON.parse(readFileSync(join(tmp, 'workspace-out', 'extraction.json'), 'utf8')) as { report: { kind: string; file: string; line: number; fix: string }[] };
    expect(doc.report).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'workspace-package', file: 'src/accounts/accounts.service.ts', line: 1, fix: expect.stringContaining('add packages/audit/ to the scope') })]));
  }, 120_000);
});

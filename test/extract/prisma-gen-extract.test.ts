import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intoGenerated, prismaGenerators, specifierPaths, specifierToFolder } from '../../src/extract/prisma-client.js';
import { runSeamAsync } from '../support/run-seam.js';

const FIXTURE = 'fixtures/monoliths/prisma-gen';
const TSC = resolve('node_modules/typescript/bin/tsc');
const tmp = mkdtempSync(join(tmpdir(), 'seam-extract-prisma-gen-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const authors = join(tmp, 'authors', 'service');
const reviews = join(tmp, 'reviews', 'service');
const books = join(tmp, 'books', 'service');

beforeAll(async () => {
  const runs = await Promise.all(['authors', 'reviews', 'books'].map((s) => runSeamAsync(['extract', s, FIXTURE, '--out', join(tmp, s), '--no-history', '--workers', '0'])));
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
}, 120_000);

const read = (dir: string, path: string): string => readFileSync(join(dir, path), 'utf8');
const json = <T>(dir: string, path: string): T => JSON.parse(read(dir, path)) as T;
interface Pkg {
  scripts: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** What `prisma generate` would write (no network here, no Prisma installed): a small client of the fixture's models. */
function writeStandIn(folder: string): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'client.ts'),
    [
      "export type Genre = 'NOVEL' | 'ESSAY';",
      'export interface Author { id: string; name: string }',
      'export interface Book { id: string; title: string; genre: Genre; authorId: string }',
      'export interface Review { id: string; bookId: string; stars: number }',
      'interface Delegate<T> {',
      '  findUnique(args: { where: Partial<T> }): Promise<T | null>;',
      '  findMany(args: { where: Partial<T> }): Promise<T[]>;',
      '  update(args: { where: Partial<T>; data: Partial<T> }): Promise<T>;',
      '  create(args: { data: T }): Promise<T>;',
      '}',
      'export class PrismaClient {',
      '  declare author: Delegate<Author>;',
      '  declare book: Delegate<Book>;',
      '  declare review: Delegate<Review>;',
      '}',
      '',
    ].join('\n'),
  );
  writeFileSync(join(folder, 'models.ts'), "export type { Author, Book, Review } from './client';\n");
  writeFileSync(join(folder, 'enums.ts'), "export const Genre = { NOVEL: 'NOVEL', ESSAY: 'ESSAY' } as const;\n");
}

const EXPRESS_STUB = [
  "declare module 'express' {",
  '  interface Req { params: Record<string, string>; body?: Record<string, unknown> }',
  '  interface Res { json(body: unknown): void }',
  '  type Handler = (req: Req, res: Res) => unknown;',
  '  interface AppRouter { get(path: string, h: Handler): void; put(path: string, h: Handler): void; post(path: string, h: Handler): void }',
  '  export function Router(): AppRouter;',
  '  interface App { use(...args: unknown[]): void; listen(port: number): void }',
  '  const express: { (): App; json(): unknown };',
  '  export default express;',
  '}',
  '',
].join('\n');

/** The service's project as npm would lay it out: its kernel linked, express declared by a stub, Seam's @types/node. */
function prepare(svc: string): void {
  writeFileSync(join(svc, 'express-stub.d.ts'), EXPRESS_STUB);
  const cfg = json<{ include: string[] }>(svc, 'tsconfig.json');
  cfg.include.push('express-stub.d.ts');
  writeFileSync(join(svc, 'tsconfig.json'), JSON.stringify(cfg));
  mkdirSync(join(svc, 'node_modules', '@types'), { recursive: true });
  symlinkSync(join(svc, 'kernel'), join(svc, 'node_modules', 'prisma-gen-fixture-kernel'));
  symlinkSync(resolve('node_modules/@types/node'), join(svc, 'node_modules', '@types', 'node'));
}

function tsc(cwd: string, args: string[]): string {
  try {
    return execFileSync(process.execPath, [TSC, ...args], { cwd, encoding: 'utf8' });
  } catch (e) {
    return String((e as { stdout?: string }).stdout);
  }
}

describe('seam extract: a Prisma client generated into the app (prisma-client generator, output ../src/generated/prisma)', () => {
  it('generates the client in the kernel when kernel code imports it: schema and config are copied there, and the service imports the client through the kernel package', () => {
    expect(read(authors, 'kernel/src/db/prisma.ts')).toContain("import { PrismaClient } from '../generated/prisma/client';");
    expect(read(authors, 'src/authors/authors.service.ts')).toContain("import type { Author } from 'prisma-gen-fixture-kernel/src/generated/prisma/client';");
    expect(read(authors, 'kernel/prisma/schema.prisma')).toBe(read(FIXTURE, 'prisma/schema.prisma'));
    expect(read(authors, 'kernel/prisma.config.ts')).toBe(read(FIXTURE, 'prisma.config.ts'));
    // the service keeps its own copy beside its code, as the monolith had it
    expect(read(authors, 'prisma/schema.prisma')).toBe(read(FIXTURE, 'prisma/schema.prisma'));
  });

  it("builds the kernel's client first, with the monolith's Prisma versions and what the Prisma config imports", () => {
    const pkg = json<Pkg>(authors, 'package.json');
    expect(pkg.scripts.build).toBe('prisma generate --schema kernel/prisma/schema.prisma --config kernel/prisma.config.ts && tsc -p kernel/tsconfig.json && tsc -p tsconfig.json');
    expect(pkg.dependencies).toEqual({ '@prisma/client': '^7.0.0', express: '^4.19.2', 'prisma-gen-fixture-kernel': 'file:./kernel' });
    expect(pkg.devDependencies).toMatchObject({ prisma: '^7.0.0', dotenv: '^16.4.5' });
    const kernel = json<Pkg>(authors, 'kernel/package.json');
    expect(kernel.scripts.build).toBe('prisma generate --schema prisma/schema.prisma --config prisma.config.ts && tsc -p tsconfig.json');
    expect(kernel.peerDependencies).toEqual({ '@prisma/client': '^7.0.0' });
    expect(kernel.devDependencies).toEqual({ prisma: '^7.0.0' });
    expect(json<{ exclude: string[] }>(authors, 'kernel/tsconfig.json').exclude).toContain('prisma.config.ts');
    // env('DATABASE_URL') in the config throws when it is unset, even for generate
    expect(read(authors, 'Dockerfile')).toMatch(/^ARG DATABASE_URL=.+\nCOPY \. \.\nRUN npm install .* && npm run build/m);
    expect(read(authors, 'README.md')).toContain('`prisma generate --schema kernel/prisma/schema.prisma --config kernel/prisma.config.ts`');
  });

  it('generates the client in the service when no kernel code imports it: a relative import and a paths alias point at the regenerated folder', () => {
    const text = read(reviews, 'src/reviews/reviews.service.ts');
    expect(text).toContain("import { PrismaClient } from '../generated/prisma/client';");
    expect(text).toContain("import type { Review } from '../generated/prisma/models';");
    expect(json<Pkg>(reviews, 'package.json').scripts.build).toBe('prisma generate --schema prisma/schema.prisma --config prisma.config.ts && tsc -p kernel/tsconfig.json && tsc -p tsconfig.json');
    expect(json<Pkg>(reviews, 'kernel/package.json').scripts.build).toBe('tsc -p tsconfig.json');
    expect(() => read(reviews, 'kernel/prisma/schema.prisma')).toThrow();
  });

  it("imports the models through the kernel package in the service's code and in its generated client of another service's operation", () => {
    const text = read(books, 'src/books/books.service.ts');
    expect(text).toContain("import type { Book } from 'prisma-gen-fixture-kernel/src/generated/prisma/client';");
    expect(text).toContain("import { Genre } from 'prisma-gen-fixture-kernel/src/generated/prisma/enums';");
    expect(read(books, 'src/seam/clients/monolith.ts')).toContain("import type { Author } from 'prisma-gen-fixture-kernel/src/generated/prisma/client';");
  });

  it('type-checks with a stand-in client where prisma generate would write it, in the kernel or in the service', () => {
    prepare(authors);
    writeStandIn(join(authors, 'kernel/src/generated/prisma'));
    expect(tsc(authors, ['-p', 'kernel/tsconfig.json'])).toBe('');
    expect(tsc(authors, ['--noEmit', '-p', 'tsconfig.json'])).toBe('');
    prepare(books);
    writeStandIn(join(books, 'kernel/src/generated/prisma'));
    expect(tsc(books, ['-p', 'kernel/tsconfig.json'])).toBe('');
    expect(tsc(books, ['--noEmit', '-p', 'tsconfig.json'])).toBe('');
    prepare(reviews);
    writeStandIn(join(reviews, 'src/generated/prisma'));
    expect(tsc(reviews, ['--noEmit', '-p', 'tsconfig.json'])).toBe('');
  }, 120_000);
});

describe('prisma-client', () => {
  it("reads each generator's output relative to the schema file that declares it, comments ignored", () => {
    const schema = 'generator client {\n  provider = "prisma-client" // TS into the app\n  output   = "../src/generated/prisma"\n}\n// generator old { provider = "x" }\ngenerator erd {\n  provider = "prisma-erd-generator"\n}\n';
    expect(prismaGenerators(new Map([['apps/api/prisma/schema.prisma', schema], ['apps/api/prisma.config.ts', 'export default {}']]))).toEqual([
      { schema: 'apps/api/prisma/schema.prisma', name: 'client', provider: 'prisma-client', output: 'apps/api/src/generated/prisma' },
      { schema: 'apps/api/prisma/schema.prisma', name: 'erd', provider: 'prisma-erd-generator' },
    ]);
  });

  it('finds where a relative, baseUrl-relative or aliased specifier lands in a generated folder', () => {
    const options = { baseUrl: './', paths: { '@db/*': ['src/generated/prisma/*'], '~/*': ['src/*'] } };
    const outputs = ['apps/api/src/generated/prisma'];
    const at = (from: string, spec: string): ReturnType<typeof intoGenerated> => intoGenerated(specifierPaths(from, spec, options, 'apps/api'), outputs);
    expect(at('apps/api/src/user/user.service.ts', 'src/generated/prisma/client')).toEqual({ output: 'apps/api/src/generated/prisma', rest: '/client' });
    expect(at('apps/api/src/user/user.service.ts', '../generated/prisma/client.js')).toEqual({ output: 'apps/api/src/generated/prisma', rest: '/client.js' });
    expect(at('apps/api/src/user/user.service.ts', '@db/enums')).toEqual({ output: 'apps/api/src/generated/prisma', rest: '/enums' });
    expect(at('apps/api/src/user/user.service.ts', '~/generated/prisma')).toEqual({ output: 'apps/api/src/generated/prisma', rest: '' });
    expect(at('apps/api/src/user/user.service.ts', 'src/generated/prismatic')).toBeUndefined();
    expect(at('apps/api/src/user/user.service.ts', '@prisma/client')).toBeUndefined();
    expect(intoGenerated(specifierPaths('src/a.ts', 'src/generated/prisma/client', {}, ''), ['src/generated/prisma'])).toBeUndefined();
  });

  it('writes a relative specifier from a file to a folder', () => {
    expect(specifierToFolder('kernel/src/db/prisma.ts', 'kernel/src/generated/prisma', '/client')).toBe('../generated/prisma/client');
    expect(specifierToFolder('src/main.ts', 'src/generated/prisma', '/client')).toBe('./generated/prisma/client');
    expect(specifierToFolder('src/generated/prisma/extra.ts', 'src/generated/prisma', '/client')).toBe('./client');
  });
});

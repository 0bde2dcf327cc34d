import { describe, expect, it } from 'vitest';
import { analyzeSources } from '../../analyzers/testing.js';

describe('imports', () => {
  it('reports a problem in a shared base config once, at the base, however many packages extend it', async () => {
    const facts = await analyzeSources({
      'tsconfig.base.json': JSON.stringify({ compilerOptions: { notAnOption: true, strict: true } }),
      'a/tsconfig.json': JSON.stringify({ extends: '../tsconfig.base.json' }),
      'a/x.ts': 'export const a = 1;\n',
      'b/tsconfig.json': JSON.stringify({ extends: '../tsconfig.base.json', compilerOptions: { alsoNotAnOption: 1 } }),
      'b/y.ts': 'export const b = 1;\n',
    });
    const problems = facts.diagnostics.filter((d) => d.code === 'tsconfig-problem').map((d) => `${d.file}: ${d.message}`);
    expect(problems).toEqual([
      "b/tsconfig.json: b/tsconfig.json: Unknown compiler option 'alsoNotAnOption'.",
      "tsconfig.base.json: tsconfig.base.json: Unknown compiler option 'notAnOption'.",
    ]);
  });

  it('resolves through a base config several packages extend, each with its own overrides on top', async () => {
    const facts = await analyzeSources({
      'tsconfig.base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@shared/*': ['libs/shared/*'] } } }),
      'libs/shared/clock.ts': 'export const now = () => 0;\n',
      'libs/shared/ids.ts': 'export const id = () => 1;\n',
      'apps/a/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json' }),
      'apps/a/main.ts': "import { now } from '@shared/clock';\nexport const a = now();\n",
      // b maps the same alias elsewhere: its own paths replace the base's
      'apps/b/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { paths: { '@shared/*': ['libs/shared/ids'] } } }),
      'apps/b/main.ts': "import { id } from '@shared/anything';\nexport const b = id();\n",
      'apps/c/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json' }),
      'apps/c/main.ts': "import { id } from '@shared/ids';\nexport const c = id();\n",
    });
    expect(facts.imports.map((e) => `${e.from} -> ${e.to}`)).toEqual(['apps/a/main.ts -> libs/shared/clock.ts', 'apps/b/main.ts -> libs/shared/ids.ts', 'apps/c/main.ts -> libs/shared/ids.ts']);
  });

  it('classifies runtime, type-only, dynamic and re-export edges with their names', async () => {
    const facts = await analyzeSources({
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['src/lib/*'] }, experimentalDecorators: true, emitDecoratorMetadata: true } }),
      'src/lib/logger.ts': 'export class Logger { log(m: string) {} }\nexport const logger = new Logger();\n',
      'src/dto/order.dto.ts': 'export interface CreateOrderDto { sku: string }\nexport class OrderView { id = 1 }\n',
      'src/lib/index.ts': "export * from './logger';\n",
      'src/services/order-service.ts': [
        "import { logger } from '@lib/logger';",
        "import type { CreateOrderDto } from '../dto/order.dto';",
        "import { OrderView } from '../dto/order.dto.js';",
        "import { Logger } from '../lib';",
        'export class OrderService {',
        '  constructor(private readonly log: Logger) {}',
        '  create(dto: CreateOrderDto): OrderView { logger.log(dto.sku); return null as unknown as OrderView; }',
        "  async lazy() { return import('./report-service'); }",
        '}',
      ].join('\n'),
      'src/services/report-service.ts': 'export const report = () => 1;\n',
    });
    const edges = facts.imports.map((e) => `${e.from} -> ${e.to} ${e.kind} [${e.names.join(',')}]`);
    expect(edges).toEqual([
      'src/lib/index.ts -> src/lib/logger.ts re-export [*]',
      'src/services/order-service.ts -> src/dto/order.dto.ts type-only [CreateOrderDto,OrderView]',
      'src/services/order-service.ts -> src/lib/index.ts type-only [Logger]',
      'src/services/order-service.ts -> src/lib/logger.ts runtime [logger]',
      'src/services/order-service.ts -> src/services/report-service.ts dynamic [*]',
    ]);
    const sym = facts.symbols.filter((s) => s.from === 'src/services/order-service.ts').map((s) => `${s.to}#${s.symbol} ${JSON.stringify(s.usage)}`);
    expect(sym).toEqual([
      'src/dto/order.dto.ts#CreateOrderDto {"type":1}',
      'src/dto/order.dto.ts#OrderView {"type":2}',
      'src/lib/logger.ts#Logger {"type":1}',
      'src/lib/logger.ts#logger {"read":1}',
    ]);
  });

  it('treats constructor parameter types of decorated classes as runtime (decorator metadata)', async () => {
    const facts = await analyzeSources({
      'tsconfig.json': JSON.stringify({ compilerOptions: { experimentalDecorators: true, emitDecoratorMetadata: true } }),
      'src/a.service.ts': 'export class AService {}\n',
      'src/b.controller.ts': "import { Controller } from '@nestjs/common';\nimport { AService } from './a.service';\n@Controller('b')\nexport class BController { constructor(private a: AService) {} }\n",
    });
    expect(facts.imports).toEqual([{ from: 'src/b.controller.ts', to: 'src/a.service.ts', kind: 'runtime', names: ['AService'], line: 2 }]);
    expect(facts.externalImports).toEqual([{ from: 'src/b.controller.ts', package: '@nestjs/common', kind: 'runtime' }]);
  });

  it('counts a decorator factory applied (@Roles(...)) as a decorator use, not a call', async () => {
    const facts = await analyzeSources({
      'tsconfig.json': JSON.stringify({ compilerOptions: { experimentalDecorators: true } }),
      'src/roles/roles.decorator.ts': 'export const Roles = (...r: string[]) => (t: object) => t;\nexport const Public = (t: object) => t;\n',
      'src/users/users.controller.ts': [
        "import { Public, Roles } from '../roles/roles.decorator';",
        "@Roles('admin')",
        '@Public',
        'export class UsersController {}',
        "export const adminOnly = Roles('admin');",
      ].join('\n'),
    });
    expect(facts.symbols.map((s) => `${s.symbol} ${JSON.stringify(s.usage)}`)).toEqual(['Public {"decorator":1}', 'Roles {"call":1,"decorator":1}']);
  });

  it('records unresolvable relative imports as diagnostics with file and line', async () => {
    const facts = await analyzeSources({ 'src/a.ts': "import { x } from './missing';\nexport const y = x;\n" });
    expect(facts.imports).toEqual([]);
    expect(facts.diagnostics.filter((d) => d.code === 'unresolved-import').map((d) => `${d.file}:${d.line}`)).toEqual(['src/a.ts:1']);
  });
});

describe('incremental extraction', () => {
  it('reuses unchanged files by content hash and gives the same facts', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { writeTree } = await import('../../analyzers/testing.js');
    const { extractRun } = await import('../../analyzers/extract.js');
    const dir = mkdtempSync(join(tmpdir(), 'seam-inc-'));
    try {
      writeTree(dir, { 'src/a.ts': "import { b } from './b';\nexport const a = b + 1;\n", 'src/b.ts': 'export const b = 1;\n', 'src/c.ts': "export * from './a';\n" });
      const first = await extractRun(dir, { history: false, workers: 0 });
      expect(first.parsedCount).toBe(3);
      writeFileSync(join(dir, 'src/b.ts'), "import { c } from './c';\nexport const b = 2;\n");
      const reuse = new Map(first.files.map((f) => [f.path, f]));
      const second = await extractRun(dir, { history: false, workers: 0, reuse });
      expect(second.parsedCount).toBe(1);
      const cold = await extractRun(dir, { history: false, workers: 0 });
      expect(JSON.stringify(second.facts)).toBe(JSON.stringify(cold.facts));
      expect(second.facts.imports.map((e) => `${e.from}->${e.to}`)).toContain('src/b.ts->src/c.ts');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

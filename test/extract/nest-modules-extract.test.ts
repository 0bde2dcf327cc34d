import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeam } from '../support/run-seam.js';

const FIXTURE = 'fixtures/monoliths/nest-modules';
const TSC = resolve('node_modules/typescript/bin/tsc');
const tmp = mkdtempSync(join(tmpdir(), 'seam-extract-nest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const out = join(tmp, 'out');
const read = (p: string): string => readFileSync(join(out, p), 'utf8');

const out2 = join(tmp, 'out2');

beforeAll(() => {
  // the scope leaves the end-to-end helpers out, as a repository's config does
  const r = runSeam(['extract', 'accounts', FIXTURE, '--out', out, '--no-history', '--workers', '0', '--exclude', 'src/testing/**']);
  expect(r.code, r.stderr).toBe(0);
  const r2 = runSeam(['extract', 'notifications', FIXTURE, '--out', out2, '--no-history', '--workers', '0', '--exclude', 'src/testing/**']);
  expect(r2.code, r2.stderr).toBe(0);
}, 180_000);

describe("seam extract: NestJS modules of the other side, and values a library built", () => {
  it("drops the other service's module from the service's imports and provides the generated client in its place", () => {
    const mod = read('service/src/accounts/accounts.module.ts');
    expect(mod).not.toContain('NotificationsModule');
    expect(mod).not.toContain('forwardRef');
    expect(mod).toContain("import { DeliveryLog, NoticeBus, NoticeStore, NotificationsService } from '../seam/clients/monolith';");
    expect(mod).toMatch(/providers: \[AccountsService, DeliveryLog, NoticeBus, NoticeStore, NotificationsService\]/);
    expect(existsSync(join(out, 'service/src/notifications/notifications.module.ts'))).toBe(false);
    expect(existsSync(join(out, 'service/src/notifications/notifications.controller.ts'))).toBe(false);
    expect(read('service/src/seam/clients/monolith.ts')).toContain('export class NotificationsService {');
  });

  it("copies a class of the other side that the service's code extends (a base store), and makes a generic class's client generic too", () => {
    expect(read('service/src/accounts/account-store.ts')).toContain("import { NoticeStore } from '../notifications/notice-store';");
    expect(read('service/src/notifications/notice-store.ts')).toContain('export class NoticeStore<T = string> {');
    // where it is injected and called, it is the client, with the class's type parameters
    expect(read('service/src/seam/clients/monolith.ts')).toContain('export class NoticeStore<T = string> {\n  add(item: T): Promise<number> {');
    expect(read('service/src/accounts/accounts.service.ts')).toContain("import { NoticeStore } from '../seam/clients/monolith';");
  });

  it("types a member a class inherits from its generic base with the subclass's type arguments, and gives a member inherited from a package's class (EventEmitter) to the copied code that calls it", () => {
    const client = read('service/src/seam/clients/monolith.ts');
    expect(client).toContain('export class DeliveryLog {\n  add(item: Notice): Promise<number> {');
    expect(client).toContain("import type { Notice } from 'nest-modules-fixture-kernel/src/notifications/notifications.service';");
    // listenerCount is called only by the guard the service copies: its client has it, untyped, and the monolith serves it
    expect(client).toContain("  listenerCount(...args: unknown[]): Promise<any> {\n    return callInternal('monolith', '/internal/listener-notice-bus-count', args);");
    expect(read('monolith/src/seam/internal-accounts.ts')).toContain("'/internal/listener-notice-bus-count': (args) => instanceOf(NoticeBus).listenerCount(");
  });

  it("types a client member whose inferred return type names what no import can bring (a zod alias the checker printed as z.infer<any>) as any, and says so", () => {
    expect(read('service/src/seam/clients/monolith.ts')).toContain('latest(to: string): Promise<any> {');
    // an inferred type whose names are properties and built-ins keeps its type
    expect(read('service/src/seam/clients/monolith.ts')).toContain('summary(to: string): Promise<{ to: string; count: number; last: Date; }> {');
    const doc = JSON.parse(read('extraction.json')) as { report: { kind: string; file: string; line: number; message: string }[] };
    expect(doc.report).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'no-signature', file: 'src/notifications/notifications.service.ts', line: 27 })]));
  });

  it('shares a zod schema of the other service as a contract instead of calling its parse over the network', () => {
    const doc = JSON.parse(read('extraction.json')) as { calls: { symbol: string }[] };
    expect(doc.calls.map((c) => c.symbol)).toEqual(['DeliveryLog.add', 'NoticeStore.add', 'NoticeBus.emit', 'NotificationsService.latest', 'NoticeBus.listenerCount', 'NotificationsService.notify', 'NotificationsService.quietFor', 'NotificationsService.settle', 'NotificationsService.summary']);
    expect(read('service/src/notifications/notice.schema.ts')).toContain('export const noticeSchema = z.object(');
    // a name the sliced module passes on with `export { X }` (no `from`) keeps that statement
    expect(read('service/src/notifications/notice.schema.ts')).toContain('export { NOTICE_LIMIT };');
    expect(read('service/src/accounts/accounts.service.ts')).toContain("import { NOTICE_LIMIT, noticeSchema } from '../notifications/notice.schema';");
  });

  it("keeps another service's helper that the composition code calls inside a callback, where pruning would leave half a callback", () => {
    const main = read('service/src/main.ts');
    expect(main).toContain("import { formatNoticeHeader } from './notifications/notice.format';");
    expect(main).toContain("if (header) res.setHeader('x-notice-format', header);");
    expect(read('service/src/notifications/notice.format.ts')).toContain('export function formatNoticeHeader');
    const doc = JSON.parse(read('extraction.json')) as { report: { kind: string; file: string; line: number }[] };
    expect(doc.report.map((r) => `${r.kind} ${r.file}:${r.line}`)).toEqual(['excluded-import src/app.module.ts:7', 'no-signature src/notifications/notice-bus.ts:1', 'no-signature src/notifications/notice-bus.ts:1', 'copied-code src/notifications/notice-store.ts:4', 'copied-code src/notifications/notice.format.ts:2', 'no-signature src/notifications/notifications.service.ts:27', 'copied-code src/notifications/quiet-hours.guard.ts:10']);
  });

  it("keeps a global guard of the other service that the root module registers (APP_GUARD applies to the service's routes too), and drops a provider entry whose class is pruned as a whole", () => {
    const mod = read('service/src/app.module.ts');
    expect(mod).toContain('{ provide: APP_GUARD, useClass: QuietHoursGuard }');
    expect(mod).toContain("import { QuietHoursGuard } from './notifications/quiet-hours.guard';");
    expect(mod).not.toContain('NOTICE_AUDIT');
    expect(mod).not.toContain('NoticeAudit');
    expect(read('service/src/notifications/quiet-hours.guard.ts')).toContain("import { NotificationsService } from '../seam/clients/monolith';");
    // the guard calls a method no service called across the cut: the client has it and the monolith serves it
    expect(read('service/src/seam/clients/monolith.ts')).toContain("return callInternal('monolith', '/internal/quiet-notifications-for', [to]);");
    expect(read('monolith/src/seam/internal-accounts.ts')).toContain("'/internal/quiet-notifications-for': (args) => instanceOf(NotificationsService).quietFor(");
    // the monolith keeps its guard when the service that owns it is extracted
    expect(readFileSync(join(out2, 'monolith/src/app.module.ts'), 'utf8')).toContain('{ provide: APP_GUARD, useClass: QuietHoursGuard }');
    expect(existsSync(join(out2, 'monolith/src/notifications/quiet-hours.guard.ts'))).toBe(true);
  });

  it("passes the names the service asks of an index that only re-exports (not composition code: nothing of it is pruned), and only those", () => {
    expect(read('service/src/accounts/accounts.controller.ts')).toContain("import { QuietHoursGuard, RequestSizeGuard } from '../common/guards';");
    // the other service's guard as a contract beside it, the shared one from the kernel, the unused audit not at all
    expect(read('service/src/common/guards/index.ts')).toBe("// what the controllers use, whichever module declares it: an index that only re-exports\nexport * from '../../notifications/quiet-hours.guard';\nexport * from 'nest-modules-fixture-kernel/src/common/guards/request-size.guard';\n");
    expect(existsSync(join(out, 'service/src/notifications/notice.audit.ts'))).toBe(false);
    expect(read('service/kernel/src/common/guards/request-size.guard.ts')).toContain('export class RequestSizeGuard');
  });

  it("brings what the entry loads with await import(): composition code at its path in the service's tree, shared code from the kernel package", () => {
    const main = read('service/src/main.ts');
    expect(main).toContain("const { AppModule } = await import('./app.module');");
    expect(main).toContain("const { startTracing } = await import('nest-modules-fixture-kernel/src/common/tracing');");
    expect(existsSync(join(out, 'service/src/app.module.ts'))).toBe(true);
    expect(read('service/kernel/src/common/tracing.ts')).toContain('export function startTracing');
  });

  it('gives a member declared to return one of two promises (Promise<T> | Promise<void>) one promise of either over the network', () => {
    expect(read('service/src/seam/clients/monolith.ts')).toContain('  settle<T>(value: T, keep: boolean): Promise<T | void> {');
  });

  it("copies another service's command whose static factory a base class in the kernel declares (no instance to call: plain data built where it is issued)", () => {
    expect(read('service/src/accounts/accounts.service.ts')).toContain("import { SendNoticeCommand } from '../notifications/send-notice.command';");
    expect(read('service/src/notifications/send-notice.command.ts')).toContain("import { BaseCommand } from 'nest-modules-fixture-kernel/src/common/base.command';");
    expect(read('service/src/seam/clients/monolith.ts')).not.toContain('SendNoticeCommand');
  });

  it("leaves out of the service's composition a module the scope excludes (never read, so never carved), and says so", () => {
    const mod = read('service/src/app.module.ts');
    expect(mod).not.toContain('TestingModule');
    expect(mod).toContain('imports: [AccountsModule, ...testing],');
    expect(existsSync(join(out, 'service/src/testing'))).toBe(false);
    const doc = JSON.parse(read('extraction.json')) as { report: { kind: string; file: string; line: number }[] };
    expect(doc.report.filter((r) => r.kind === 'excluded-import').map((r) => `${r.file}:${r.line}`)).toEqual(['src/app.module.ts:7']);
    // the monolith keeps it as it was
    expect(read('monolith/src/app.module.ts')).toContain("import { TestingModule } from './testing/testing.module';");
  });

  it("copies another side's declarations once, into the kernel package, when kernel code needs them too (two copies of a class are two types)", () => {
    expect(read('service/src/accounts/accounts.service.ts')).toContain("import type { Notice } from 'nest-modules-fixture-kernel/src/notifications/notifications.service';");
    expect(read('service/kernel/src/notifications/notifications.service.ts')).toContain('export interface Notice {');
    expect(existsSync(join(out, 'service/src/notifications/notifications.service.ts'))).toBe(false);
    expect(read('service/kernel/src/common/notice-line.ts')).toContain("import type { Notice } from '../notifications/notifications.service';");
  });

  it("prunes the service's module from the monolith's modules that imported it, so the service's code can be deleted there", () => {
    const mod = read('monolith/src/notifications/notifications.module.ts');
    expect(mod).not.toContain('AccountsModule');
    expect(mod).not.toContain('forwardRef');
    const files = JSON.parse(read('monolith-files.json')) as { deleted: string[] };
    expect(files.deleted).toEqual(['src/accounts/account-store.ts', 'src/accounts/accounts.controller.ts', 'src/accounts/accounts.module.ts', 'src/accounts/accounts.service.ts', 'src/profiles/profile.schema.ts']);
  });

  it("extracting the other service: the monolith's modules provide its client, and its composition keeps the helper it calls in a callback", () => {
    const mod = readFileSync(join(out2, 'monolith/src/accounts/accounts.module.ts'), 'utf8');
    expect(mod).not.toContain('NotificationsModule');
    expect(mod).toContain("import { DeliveryLog, NoticeBus, NoticeStore, NotificationsService } from '../seam/clients/notifications';");
    expect(mod).toMatch(/providers: \[AccountsService, DeliveryLog, NoticeBus, NoticeStore, NotificationsService\]/);
    const main = readFileSync(join(out2, 'monolith/src/main.ts'), 'utf8');
    expect(main).toContain("if (header) res.setHeader('x-notice-format', header);");
    expect(main).toContain("import { formatNoticeHeader } from './notifications/notice.format';");
    const doc = JSON.parse(readFileSync(join(out2, 'extraction.json'), 'utf8')) as { report: { kind: string }[]; monolith: { deleted: string[] } };
    expect(doc.report.filter((r) => r.kind === 'unremovable-wiring')).toEqual([]);
    expect(doc.monolith.deleted).toEqual(['src/notifications/delivery-log.ts', 'src/notifications/notice.audit.ts', 'src/notifications/notifications.controller.ts', 'src/notifications/notifications.module.ts']);
  });

  it('type-checks on both sides (the packages declared by stand-ins, no network here)', () => {
    const stubs = [
      "declare module '@nestjs/common' { export const Module: any, Injectable: any, Controller: any, Get: any, Post: any, Body: any, Param: any, UseGuards: any, forwardRef: any; }",
      "declare module '@nestjs/core' { export const NestFactory: any, APP_GUARD: string; }",
      "declare module 'reflect-metadata' {}",
      "declare module 'zod' { export const z: any; export namespace z { type infer<T> = any; } }",
    ].join('\n');
    for (const dir of [join(out, 'service'), join(out, 'monolith'), join(out2, 'service'), join(out2, 'monolith')]) {
      const side = dir;
      writeFileSync(join(dir, 'stubs.d.ts'), stubs + '\n');
      mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
      symlinkSync(resolve('node_modules/@types/node'), join(dir, 'node_modules', '@types', 'node'));
      // the kernel package as its source (what `npm install` links and builds)
      const cfg = { compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, experimentalDecorators: true, skipLibCheck: true, noUnusedLocals: true, noUncheckedSideEffectImports: true, noEmit: true, baseUrl: '.', paths: { 'nest-modules-fixture-kernel/*': ['kernel/*'] } }, include: ['src', 'stubs.d.ts'] };
      writeFileSync(join(dir, 'tsconfig.check.json'), JSON.stringify(cfg));
      let output = '';
      try {
        execFileSync(process.execPath, [TSC, '-p', 'tsconfig.check.json'], { cwd: dir, encoding: 'utf8' });
      } catch (e) {
        output = String((e as { stdout?: string }).stdout);
      }
      expect(output, side).toBe('');
    }
  }, 120_000);
});

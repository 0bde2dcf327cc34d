/**
 * Prisma: models from every `*.prisma` file (`@@map` gives the table), and the client calls
 * that read or write them.
 *
 * A call counts when it has the shape `<receiver>.<delegate>.<method>(...)`, the method is a
 * Prisma model query, and the delegate is the name of a known model with a lower-case first
 * letter (`prisma.orderItem.findMany`, `tx.order.create` inside `$transaction`, `this.db.user.count`).
 * The receiver itself is not checked (a client may be named anything); the delegate must not sit
 * directly on `this` unless the class extends a Prisma client (`class PrismaService extends PrismaClient`).
 * Raw queries (`$queryRaw`, `$executeRaw`, and their `Unsafe` forms) are read as SQL and
 * reported with via `prisma`.
 */
import ts from '../../src/shared/typescript.cjs';
import type { DataAccessFact, EntityFact } from '../../src/shared/facts.js';
import type { Analyzer, LinkContext } from '../types.js';
import { accessFact, finishAccesses, finishEntities } from './declarations.js';
import { fileIndex } from './file-index.js';
import { parsePrismaSchema, type PrismaModel } from './prisma-schema.js';
import { isSqlStatement, sqlTables, type SqlTableAccess } from './sql-tables.js';
import { stringValue, templateText } from './string-value.js';
import { asMemberCall, enclosingClass, extendsOf, lineOf, skipOuter } from './syntax.js';
import { prismaDelegateName } from './table-naming.js';

const READ = ['findMany', 'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'count', 'aggregate', 'groupBy'];
const WRITE = ['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany'];
const RAW = ['$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe'];

export interface PrismaCall {
  readonly delegate: string;
  readonly access: 'read' | 'write';
  readonly line: number;
}

export interface PrismaRawQuery {
  readonly tables: SqlTableAccess[];
  readonly line: number;
}

export interface PrismaLocal {
  readonly calls: PrismaCall[];
  readonly raw: PrismaRawQuery[];
}

const methodPattern = new RegExp(`\\.\\s*[\\w$]+\\s*\\.\\s*(?:${[...READ, ...WRITE].join('|')})\\s*\\(|\\$(?:queryRaw|executeRaw)`);

export const prismaAnalyzer: Analyzer<PrismaLocal> = {
  name: 'prisma',
  enablers: ['@prisma/client', 'prisma', 'nestjs-prisma'],
  concern: 'data',
  accepts: (text) => methodPattern.test(text),
  collect: (file) => collectPrisma(file.sourceFile),
  link: linkPrisma,
};

export function collectPrisma(sf: ts.SourceFile): PrismaLocal | undefined {
  const reads = new Set(READ);
  const writes = new Set(WRITE);
  const raws = new Set(RAW);
  const local: PrismaLocal = { calls: [], raw: [] };
  const index = fileIndex(sf);
  for (const node of index.taggedTemplates) {
    const tag = node.tag;
    if (ts.isPropertyAccessExpression(tag) && raws.has(tag.name.text)) addRaw(templateText(node.template), node);
  }
  for (const node of index.calls) {
    const mc = asMemberCall(node);
    if (!mc) continue;
    if (raws.has(mc.method)) {
      const arg = mc.call.arguments[0];
      const text = arg ? stringValue(arg) : undefined;
      if (text !== undefined) addRaw(text, node);
      continue;
    }
    const access = writes.has(mc.method) ? 'write' : reads.has(mc.method) ? 'read' : undefined;
    if (!access) continue;
    const recv = skipOuter(mc.receiver);
    if (!ts.isPropertyAccessExpression(recv) || !ts.isIdentifier(recv.name)) continue;
    if (recv.expression.kind === ts.SyntaxKind.ThisKeyword && !extendsPrismaClient(recv)) continue;
    local.calls.push({ delegate: recv.name.text, access, line: lineOf(node) });
  }
  return local.calls.length || local.raw.length ? local : undefined;

  function addRaw(text: string, node: ts.Node): void {
    if (!isSqlStatement(text)) return;
    const tables = sqlTables(text);
    if (tables.length) local.raw.push({ tables, line: lineOf(node) });
  }
}

function extendsPrismaClient(node: ts.Node): boolean {
  const cls = enclosingClass(node);
  const base = cls && extendsOf(cls);
  return !!base && /Prisma/.test(base.name);
}

function linkPrisma(ctx: LinkContext, locals: ReadonlyMap<string, PrismaLocal>): { entities: EntityFact[]; dataAccess: DataAccessFact[] } {
  const models: { file: string; model: PrismaModel }[] = [];
  for (const file of ctx.allFiles) {
    if (!file.endsWith('.prisma')) continue;
    const text = ctx.readText(file);
    if (text === undefined) {
      ctx.report({ severity: 'warning', code: 'prisma-unreadable', file, message: 'cannot read this Prisma schema; its models are missing from the data access facts' });
      continue;
    }
    const schema = parsePrismaSchema(text);
    for (const p of schema.problems) {
      ctx.report({ severity: 'warning', code: 'prisma-parse-error', file, line: p.line, message: `${p.message}; models after this point may be missing (run \`prisma validate\`)` });
    }
    for (const model of schema.models) models.push({ file, model });
  }

  const byDelegate = new Map<string, PrismaModel>();
  const byTable = new Map<string, PrismaModel>();
  for (const { model } of models) {
    byDelegate.set(prismaDelegateName(model.name), model);
    byTable.set(model.table, model);
  }

  const facts: DataAccessFact[] = [];
  for (const [module, local] of locals) {
    for (const call of local.calls) {
      const model = byDelegate.get(call.delegate);
      if (model) facts.push(accessFact(module, model.table, call.access, 'prisma', call.line, model.name));
    }
    for (const raw of local.raw) {
      for (const t of raw.tables) facts.push(accessFact(module, t.table, t.access, 'prisma', raw.line, byTable.get(t.table)?.name));
    }
  }
  const entities: EntityFact[] = models.map(({ file, model }) => ({ name: model.name, table: model.table, via: 'prisma', module: file, line: model.line }));
  return { entities: finishEntities(entities), dataAccess: finishAccesses(facts) };
}

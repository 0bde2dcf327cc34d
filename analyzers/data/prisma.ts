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
import { implicitJoinTables, parsePrismaSchema, type PrismaModel } from './prisma-schema.js';
import { relationAccesses, type ArgTree } from './prisma-relations.js';
import { collectFlow, ownerOf, type FlowLocal } from './repository-calls.js';
import { RepositoryFlow, type Effect } from './repository-effects.js';
import { withRepositoryCalls } from './text-filter.js';
import { isSqlStatement, sqlTables, type SqlTableAccess } from './sql-tables.js';
import { stringValue, templateText } from './string-value.js';
import { asMemberCall, enclosingClass, extendsOf, findDeclaration, lineOf, skipOuter } from './syntax.js';
import { prismaDelegateName } from './table-naming.js';

const READ = ['findMany', 'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'count', 'aggregate', 'groupBy'];
const WRITE = ['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany'];
const RAW = ['$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe'];

export interface PrismaCall {
  readonly delegate: string;
  readonly access: 'read' | 'write';
  readonly line: number;
  readonly owner: string;
  /** the keys of the call's literal argument, nested (`{ include: { items: 1 } }`), for relation reads and nested writes */
  readonly args?: ArgTree;
}

export interface PrismaRawQuery {
  readonly tables: SqlTableAccess[];
  readonly line: number;
}

export interface PrismaLocal {
  readonly calls: PrismaCall[];
  readonly raw: PrismaRawQuery[];
  flow?: FlowLocal;
}

const methodPattern = new RegExp(`\\.\\s*[\\w$]+\\s*\\.\\s*(?:${[...READ, ...WRITE].join('|')})\\s*\\(|\\$(?:queryRaw|executeRaw)`);

export const prismaAnalyzer: Analyzer<PrismaLocal> = {
  name: 'prisma',
  enablers: ['@prisma/client', 'prisma', 'nestjs-prisma'],
  concern: 'data',
  accepts: withRepositoryCalls((text) => methodPattern.test(text)),
  collect: (file) => collectPrisma(file.sourceFile, methodPattern.test(file.text)),
  link: linkPrisma,
};

export function collectPrisma(sf: ts.SourceFile, mentionsPrisma = true): PrismaLocal | undefined {
  const flow = collectFlow(sf);
  if (!mentionsPrisma) return flow ? { calls: [], raw: [], flow } : undefined;
  const reads = new Set(READ);
  const writes = new Set(WRITE);
  const raws = new Set(RAW);
  const local: PrismaLocal = { calls: [], raw: [] };
  if (flow) local.flow = flow;
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
    const args = mc.call.arguments[0] ? argTree(mc.call.arguments[0], 0) : undefined;
    local.calls.push({ delegate: recv.name.text, access, line: lineOf(node), owner: ownerOf(node), ...(args && args !== 1 ? { args } : {}) });
  }
  return local.calls.length || local.raw.length || local.flow ? local : undefined;

  function addRaw(text: string, node: ts.Node): void {
    if (!isSqlStatement(text)) return;
    const tables = sqlTables(text);
    if (tables.length) local.raw.push({ tables, line: lineOf(node) });
  }
}

/** The keys of an object literal, nested; a const object declared in the same function or file is followed. */
function argTree(expr: ts.Expression, depth: number): ArgTree | 1 {
  if (depth > 8) return 1;
  let e = skipOuter(expr);
  if (ts.isIdentifier(e)) {
    const decl = findDeclaration(e.text, e);
    const init = decl?.kind === 'variable' && !decl.destructured ? decl.node.initializer : undefined;
    if (init && ts.isObjectLiteralExpression(skipOuter(init))) e = skipOuter(init);
  }
  if (ts.isArrayLiteralExpression(e)) {
    // `AND: [{...}, {...}]`: the union of the elements' keys
    const out: Record<string, ArgTree | 1> = {};
    for (const el of e.elements) {
      const t = argTree(el, depth + 1);
      if (t !== 1) mergeInto(out, t);
    }
    return out;
  }
  if (!ts.isObjectLiteralExpression(e)) return 1;
  const out: Record<string, ArgTree | 1> = {};
  for (const p of e.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) out[p.name.text] = argTree(p.initializer, depth + 1);
    else if (ts.isShorthandPropertyAssignment(p)) out[p.name.text] = argTree(p.name, depth + 1);
    else if (ts.isSpreadAssignment(p)) {
      const t = argTree(p.expression, depth + 1);
      if (t !== 1) mergeInto(out, t);
    }
  }
  return out;
}

function mergeInto(out: Record<string, ArgTree | 1>, t: ArgTree): void {
  for (const [k, v] of Object.entries(t)) {
    const prev = out[k];
    if (prev === undefined || prev === 1) out[k] = v;
    else if (v !== 1) mergeInto(prev as Record<string, ArgTree | 1>, v);
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
  const byName = new Map<string, PrismaModel>();
  for (const { model } of models) {
    byDelegate.set(prismaDelegateName(model.name), model);
    byTable.set(model.table, model);
    byName.set(model.name, model);
  }
  const entities: EntityFact[] = models.map(({ file, model }) => ({ name: model.name, table: model.table, via: 'prisma', module: file, line: model.line }));
  // implicit many-to-many tables, per schema file; relation field -> its join table
  const joinOf = new Map<string, string>();
  for (const file of new Set(models.map((m) => m.file))) {
    const inFile = models.filter((m) => m.file === file).map((m) => m.model);
    for (const j of implicitJoinTables(inFile)) {
      entities.push({ name: j.table, table: j.table, via: 'prisma', module: file, line: j.line });
      for (const m of inFile) {
        for (const f of m.fields) {
          if (!f.list || !j.models.includes(m.name) || !j.models.includes(f.type)) continue;
          if (`_${f.relation ?? [m.name, f.type].sort().join('To')}` === j.table) joinOf.set(`${m.name}.${f.name}`, j.table);
        }
      }
    }
  }

  /** What one call does: its delegate's table, and the relations its argument reads or writes (relation-access.ts). */
  const effectsOf = (call: PrismaCall): Effect[] => {
    const model = byDelegate.get(call.delegate);
    if (!model) return [];
    const out: Effect[] = [{ table: model.table, access: call.access, entity: model.name }];
    if (call.args) {
      for (const r of relationAccesses(model, call.args, { model: (n) => byName.get(n), joinTable: (m, f) => joinOf.get(`${m}.${f}`) })) out.push(r);
    }
    return out;
  };

  const flowLocals = new Map<string, FlowLocal>();
  const callsByOwner = new Map<string, PrismaCall[]>();
  for (const [module, local] of locals) {
    if (local.flow) flowLocals.set(module, local.flow);
    for (const call of local.calls) {
      const k = `${module}\0${call.owner}`;
      callsByOwner.set(k, [...(callsByOwner.get(k) ?? []), call]);
    }
  }
  const flow = new RepositoryFlow(ctx, flowLocals, {
    direct: (_concrete, declaring, method) => (callsByOwner.get(`${declaring.module}\0${declaring.name}#${method}`) ?? []).flatMap(effectsOf),
    hasDirect: (module, owner) => callsByOwner.has(`${module}\0${owner}`),
    inFunction: (module, owner) => (callsByOwner.get(`${module}\0${owner}`) ?? []).flatMap(effectsOf),
  });

  const facts: DataAccessFact[] = [];
  for (const a of flow.callSiteAccesses()) facts.push(accessFact(a.module, a.effect.table, a.effect.access, 'prisma', a.line, a.effect.entity));
  for (const [module, local] of locals) {
    for (const call of local.calls) {
      for (const e of effectsOf(call)) facts.push(accessFact(module, e.table, e.access, 'prisma', call.line, e.entity));
    }
    for (const raw of local.raw) {
      for (const t of raw.tables) facts.push(accessFact(module, t.table, t.access, 'prisma', raw.line, byTable.get(t.table)?.name));
    }
  }
  return { entities: finishEntities(entities, ctx.report), dataAccess: finishAccesses(facts, ctx.report) };
}

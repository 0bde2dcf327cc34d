// Draft readers/writers per table for the teable backend (apps/nestjs-backend/src, non-test):
//  1. Prisma delegate calls: <any receiver>.<accessor>.<op>(...) where accessor is a model's
//     delegate (camelCase model name) and op a Prisma operation (receivers are printed for review:
//     this.prismaService, this.prismaService.txClient(), prisma/tx callback parameters, ...).
//  2. Knex builders on literal tables: knex('t') / this.knex('t'), .from/.into/.table('t'),
//     .join/.leftJoin/...('t'); the whole method chain (plus later calls on a variable holding the
//     builder, same function) decides write (insert/update/del/delete/truncate/upsert/merge/increment)
//     or read; joined tables are read. Aliases ('t as x') stripped. Unknown names (CTEs, system
//     catalogs, dynamic) are printed to stderr for review.
//  3. Raw SQL in string/template literals naming a known table after FROM/JOIN/INTO/UPDATE/TABLE.
// Output JSON {tables:{name:{readers,writers}}, hits:[...]} on stdout.
import { scopeFiles, parse, walk, ts, lineOf } from './common.mjs';
import { models, relations } from './prisma-models.mjs';

const MODELS = models();
const byAccessor = new Map(MODELS.map((m) => [m.accessor, m.table]));
const modelByAccessor = new Map(MODELS.map((m) => [m.accessor, m.model]));
const tableOfModel = new Map(MODELS.map((m) => [m.model, m.table]));
const REL = relations();
const NESTED_WRITE = new Set(['create', 'createMany', 'update', 'updateMany', 'upsert', 'delete', 'deleteMany', 'set', 'disconnect', 'connectOrCreate']);
// Relation traversal inside a Prisma call's argument object: a relation field used under
// where/select/include/orderBy reads the related table; under data with a nested
// create/update/delete/... writes it. Returns [{table, kind, path}].
function relationAccesses(model, obj, ctx, path, out) {
  if (!obj || !ts.isObjectLiteralExpression(obj)) return out;
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
    const key = p.name.getText().replace(/['"]/g, '');
    const val = ts.isPropertyAssignment(p) ? p.initializer : undefined;
    if (['AND', 'OR', 'NOT'].includes(key) && val) {
      const items = ts.isArrayLiteralExpression(val) ? val.elements : [val];
      for (const it of items) relationAccesses(model, it, ctx, path + '.' + key, out);
      continue;
    }
    if (ctx === 'args') {
      if (['where', 'select', 'include', 'orderBy', 'cursor'].includes(key)) relationAccesses(model, val, key === 'where' || key === 'cursor' ? 'where' : key === 'orderBy' ? 'where' : 'select', path + '.' + key, out);
      else if (key === 'data' || key === 'create' || key === 'update') relationAccesses(model, val, 'data', path + '.' + key, out);
      continue;
    }
    const rel = REL[model]?.[key];
    if (!rel) continue;
    const t = tableOfModel.get(rel);
    if (ctx === 'where') {
      out.push({ table: t, kind: 'read', path: path + '.' + key });
      if (val && ts.isObjectLiteralExpression(val)) {
        for (const q of val.properties) {
          const k2 = q.name?.getText();
          if (['some', 'every', 'none', 'is', 'isNot'].includes(k2)) relationAccesses(rel, q.initializer, 'where', path + '.' + key + '.' + k2, out);
        }
        relationAccesses(rel, val, 'where', path + '.' + key, out);
      }
    } else if (ctx === 'select') {
      if (val && val.kind === ts.SyntaxKind.FalseKeyword) continue;
      out.push({ table: t, kind: 'read', path: path + '.' + key });
      if (val && ts.isObjectLiteralExpression(val)) relationAccesses(rel, val, 'args', path + '.' + key, out);
    } else if (ctx === 'data') {
      if (val && ts.isObjectLiteralExpression(val)) {
        for (const q of val.properties) {
          const k2 = q.name?.getText();
          if (NESTED_WRITE.has(k2)) out.push({ table: t, kind: 'write', path: path + '.' + key + '.' + k2 });
          if (k2 === 'connect') out.push({ table: t, kind: 'connect', path: path + '.' + key + '.' + k2 });
        }
      }
    }
  }
  return out;
}
const TABLES = new Set(MODELS.map((m) => m.table));
const READ_OPS = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy']);
const WRITE_OPS = new Set(['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'upsert', 'delete', 'deleteMany']);
const KNEX_WRITE = new Set(['insert', 'update', 'del', 'delete', 'truncate', 'upsert', 'merge', 'increment', 'decrement']);
const JOINS = new Set(['join', 'leftJoin', 'innerJoin', 'rightJoin', 'leftOuterJoin', 'rightOuterJoin', 'fullOuterJoin', 'crossJoin']);

const files = scopeFiles().filter((f) => f.startsWith('apps/nestjs-backend/src/') || f.startsWith('packages/db-main-prisma/src/'));
const hits = [];
const unknown = [];
const receivers = new Map();
const nonLiteralArgs = [];
const connects = [];
const add = (file, table, kind, via, line, extra) => hits.push({ file, table, kind, via, line, ...extra });

function litText(n) { return n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined; }
function tableName(s) { return s.trim().split(/\s+as\s+/i)[0].trim().replace(/"/g, ''); }
function chainTop(n) {
  let cur = n;
  for (;;) {
    const p = cur.parent;
    if (p && ts.isPropertyAccessExpression(p) && p.expression === cur && p.parent && ts.isCallExpression(p.parent) && p.parent.expression === p) { cur = p.parent; continue; }
    if (p && ts.isPropertyAccessExpression(p) && p.expression === cur) { cur = p; continue; } // e.g. .toQuery without call? keep climbing
    if (p && (ts.isAwaitExpression(p) || ts.isParenthesizedExpression(p) || ts.isNonNullExpression(p) || ts.isAsExpression(p))) { cur = p; continue; }
    return cur;
  }
}
function chainMethods(top) {
  const names = [];
  let cur = top;
  while (cur) {
    if (ts.isAwaitExpression(cur) || ts.isParenthesizedExpression(cur) || ts.isNonNullExpression(cur) || ts.isAsExpression(cur)) { cur = cur.expression; continue; }
    if (ts.isCallExpression(cur)) { cur = cur.expression; continue; }
    if (ts.isPropertyAccessExpression(cur)) { names.push(cur.name.text); cur = cur.expression; continue; }
    break;
  }
  return names;
}
function enclosingFn(n) { let c = n.parent; while (c && !ts.isFunctionLike(c)) c = c.parent; return c; }
function laterMethods(top) {
  // const q = <chain>; ... q.update()  /  q = q.where(...) etc.
  const p = top.parent;
  if (!p || !ts.isVariableDeclaration(p) || !ts.isIdentifier(p.name)) return [];
  const name = p.name.text; const fn = enclosingFn(top); const out = [];
  if (!fn) return out;
  walk(fn, (k) => {
    if (ts.isIdentifier(k) && k.text === name && k !== p.name && k.parent && ts.isPropertyAccessExpression(k.parent) && k.parent.expression === k) out.push(...chainMethods(chainTop(k)));
  });
  return out;
}

for (const f of files) {
  const sf = parse(f);
  walk(sf, (n) => {
    // 1. Prisma delegates
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const op = n.expression.name.text; const mid = n.expression.expression;
      if ((READ_OPS.has(op) || WRITE_OPS.has(op)) && ts.isPropertyAccessExpression(mid) && byAccessor.has(mid.name.text)) {
        const recv = mid.expression.getText().replace(/\s+/g, '');
        receivers.set(recv, (receivers.get(recv) ?? 0) + 1);
        add(f, byAccessor.get(mid.name.text), READ_OPS.has(op) ? 'read' : 'write', `prisma ${recv}.${mid.name.text}.${op}`, lineOf(sf, n));
        const ctxArg = n.arguments[0];
        if (ctxArg && !ts.isObjectLiteralExpression(ctxArg)) nonLiteralArgs.push(`${f}:${lineOf(sf, n)} ${mid.name.text}.${op}(${ctxArg.getText().slice(0, 40)})`);
        for (const r of relationAccesses(modelByAccessor.get(mid.name.text), ctxArg, 'args', `${mid.name.text}.${op}`, [])) {
          if (r.kind === 'connect') { connects.push(`${f}:${lineOf(sf, n)} ${r.path}`); continue; }
          add(f, r.table, r.kind, `prisma-relation ${r.path}`, lineOf(sf, n));
        }
      }
    }
    // 2. Knex
    if (ts.isCallExpression(n)) {
      let arg = litText(n.arguments[0]);
      // .from(this.knex.ref('t').as('x')) / .join(this.knex.ref('t').as('x'), ...)
      if (arg === undefined && n.arguments[0]) {
        let a = n.arguments[0];
        if (ts.isCallExpression(a) && ts.isPropertyAccessExpression(a.expression) && a.expression.name.text === 'as') a = a.expression.expression;
        if (ts.isCallExpression(a) && /knex\.ref$/.test(a.expression.getText())) arg = litText(a.arguments[0]);
      }
      const objArg = n.arguments[0] && ts.isObjectLiteralExpression(n.arguments[0]) ? n.arguments[0] : undefined;
      const callee = n.expression;
      let role; // 'main' | 'join'
      if (/knex\.ref$/.test(callee.getText())) role = undefined;
      else if (/(^|\.)knex$/i.test(callee.getText()) && (arg !== undefined || objArg)) role = 'main';
      else if (ts.isPropertyAccessExpression(callee) && ['from', 'into', 'table'].includes(callee.name.text) && (arg !== undefined || objArg) && !/^(Buffer|Array|Object|Uint8Array|this\.cls)$/.test(callee.expression.getText())) role = 'main';
      else if (ts.isPropertyAccessExpression(callee) && JOINS.has(callee.name.text) && arg !== undefined) role = 'join';
      if (role) {
        const names = arg !== undefined ? [arg] : objArg.properties.map((p) => litText(p.initializer)).filter(Boolean);
        for (const raw of names) {
          const t = tableName(raw);
          if (!TABLES.has(t)) { unknown.push(`${f}:${lineOf(sf, n)} ${callee.getText().slice(-40)}('${raw}')`); continue; }
          const top = chainTop(n);
          const ms = [...chainMethods(top), ...laterMethods(top)];
          const w = role === 'main' && ms.some((m) => KNEX_WRITE.has(m));
          add(f, t, w ? 'write' : 'read', `knex ${role} [${ms.reverse().join('.')}]`, lineOf(sf, n));
        }
      }
    }
    // 3. Raw SQL literals
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
      const text = n.text ?? n.getText();
      const re = /\b(from|join|into|update|table|delete\s+from)\s+"?(\w+)"?/gi; let m;
      while ((m = re.exec(text))) {
        if (!TABLES.has(m[2])) continue;
        // skip plain English words in messages: require SQL-ish context
        if (!/\b(select|insert|update|delete|where|set|create|alter|drop)\b/i.test(text)) continue;
        add(f, m[2], /into|update|delete/i.test(m[1]) ? 'write' : 'read', `sql "${text.slice(0, 80).replace(/\s+/g, ' ')}"`, lineOf(sf, n));
      }
    }
  });
}
console.error('non-literal prisma args (review by hand):\n  ' + nonLiteralArgs.join('\n  '));
console.error('nested connect (not counted):\n  ' + connects.join('\n  '));
console.error('prisma receivers:', JSON.stringify([...receivers].sort((a, b) => b[1] - a[1])));
console.error('unknown knex table names:\n  ' + unknown.join('\n  '));
const tables = {};
for (const m of MODELS) tables[m.table] = { readers: new Set(), writers: new Set() };
for (const h of hits) tables[h.table][h.kind === 'read' ? 'readers' : 'writers'].add(h.file);
for (const t of Object.values(tables)) { t.readers = [...t.readers].sort(); t.writers = [...t.writers].sort(); }
console.log(JSON.stringify({ tables, hits }, null, 1));

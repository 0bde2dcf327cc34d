#!/usr/bin/env node
// First-draft extractor for corpus/expected/hoppscotch.json (our own code, never Seam).
// Reads the checkout's text with the TypeScript compiler API (parse only, no type-check, nothing executed).
//   node corpus/tools/hoppscotch/extract.mjs > /tmp/hoppscotch-draft.json
// Produces: routes (NestJS controllers), tables (schema.prisma models), data access (Prisma delegate calls
// + nested relation reads/writes + raw SQL), partition (@Module membership). The draft is then reviewed by hand.
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../../repos/hoppscotch');
const BACKEND = 'packages/hoppscotch-backend';
const SCHEMA = `${BACKEND}/prisma/schema.prisma`;
// read by hand from packages/hoppscotch-backend/src/main.ts: no setGlobalPrefix, enableVersioning({type: URI}), no defaultVersion
const GLOBAL_PREFIX = '';
const URI_VERSIONING = true;
const DEFAULT_VERSION = undefined;

const files = execFileSync('git', ['ls-files', `${BACKEND}/src`], { cwd: REPO, encoding: 'utf8' })
  .split('\n').filter((f) => /\.(ts|mts|cts)$/.test(f) && !/\.d\.ts$/.test(f))
  .filter((f) => !/\.(spec|test)\.ts$/.test(f) && !/(^|\/)(__tests__|test|e2e)\//.test(f));

const parse = (f) => ts.createSourceFile(f, readFileSync(join(REPO, f), 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
const sources = new Map(files.map((f) => [f, parse(f)]));
const lineOf = (sf, node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
const decos = (node) => (ts.canHaveDecorators(node) ? ts.getDecorators(node) ?? [] : []);
const decoName = (d) => (ts.isCallExpression(d.expression) ? d.expression.expression.getText() : d.expression.getText());
const decoArgs = (d) => (ts.isCallExpression(d.expression) ? d.expression.arguments : []);
const strOf = (n) => (n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined);
const strsOf = (n) => {
  if (!n) return [''];
  if (ts.isArrayLiteralExpression(n)) return n.elements.map(strOf);
  const s = strOf(n);
  return s === undefined ? [`<${n.getText()}>`] : [s];
};
const join2 = (...parts) => '/' + parts.flatMap((p) => (p ?? '').split('/')).filter(Boolean).join('/');

// ---------- routes ----------
const HTTP = { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', All: 'ALL', Head: 'HEAD', Options: 'OPTIONS' };
const routes = [];
for (const [f, sf] of sources) {
  const visit = (node) => {
    if (ts.isClassDeclaration(node)) {
      const c = decos(node).find((d) => decoName(d) === 'Controller');
      if (c) {
        let paths = [''], version = DEFAULT_VERSION;
        const a = decoArgs(c)[0];
        if (a && ts.isObjectLiteralExpression(a)) {
          for (const p of a.properties) {
            if (!ts.isPropertyAssignment(p)) continue;
            if (p.name.getText() === 'path') paths = strsOf(p.initializer);
            if (p.name.getText() === 'version') version = strOf(p.initializer) ?? p.initializer.getText();
          }
        } else if (a) paths = strsOf(a);
        for (const m of node.members) {
          const md = decos(m);
          const vd = md.find((d) => decoName(d) === 'Version');
          const v = vd ? strOf(decoArgs(vd)[0]) : version;
          for (const d of md) {
            const verb = HTTP[decoName(d)];
            if (!verb) continue;
            for (const cp of paths) for (const mp of strsOf(decoArgs(d)[0])) {
              const vp = URI_VERSIONING && v ? `v${v}` : '';
              const path = join2(GLOBAL_PREFIX, vp, cp, mp).replace(/\{([^}]+)\}/g, ':$1');
              routes.push({ method: verb, path, module: f, handler: `${node.name?.text}.${m.name?.getText()}`, line: lineOf(sf, d) });
            }
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

// ---------- schema.prisma ----------
const schemaText = readFileSync(join(REPO, SCHEMA), 'utf8');
const models = new Map(); // name -> { table, fields: Map(field -> {type, list}) }
for (const m of schemaText.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
  const fields = new Map();
  let table = m[1];
  for (const line of m[2].split('\n')) {
    const t = line.trim();
    const map = t.match(/^@@map\(\s*"([^"]+)"/);
    if (map) table = map[1];
    const fm = t.match(/^(\w+)\s+(\w+)(\[\])?(\?)?/);
    if (fm && !t.startsWith('@@')) fields.set(fm[1], { type: fm[2], list: !!fm[3] });
  }
  models.set(m[1], { table, fields });
}
// implicit m:n: both sides lists of each other without an explicit relation model
const implicit = [];
for (const [a, ma] of models) for (const [, fa] of ma.fields) {
  if (!fa.list || !models.has(fa.type) || fa.type === a) continue;
  const back = [...models.get(fa.type).fields.values()].find((x) => x.type === a && x.list);
  if (back && a < fa.type) implicit.push(`_${a}To${fa.type}`);
}
const delegate = new Map([...models.keys()].map((k) => [k[0].toLowerCase() + k.slice(1), k]));

// ---------- data access ----------
const READ = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy']);
const WRITE = new Set(['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany']);
const NESTED_WRITE = new Set(['create', 'createMany', 'connectOrCreate', 'upsert', 'update', 'updateMany', 'delete', 'deleteMany', 'set', 'disconnect', 'connect']);
const access = []; // {module, model, kind, how, line}
const propName = (p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined);

function walkArgs(f, sf, model, obj, add, ctx) {
  // obj: object literal passed to a delegate op (or nested), ctx: 'args' | 'data' | 'where' | 'select'
  if (!obj || !ts.isObjectLiteralExpression(obj)) return;
  const mdl = models.get(model);
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
    const k = propName(p);
    const v = ts.isPropertyAssignment(p) ? p.initializer : undefined;
    if (ctx === 'args') {
      if (k === 'include' || k === 'select') walkArgs(f, sf, model, v, add, 'select');
      else if (k === 'where') walkArgs(f, sf, model, v, add, 'where');
      else if (k === 'data' || k === 'create' || k === 'update') {
        if (v && ts.isArrayLiteralExpression(v)) v.elements.forEach((e) => walkArgs(f, sf, model, e, add, 'data'));
        else walkArgs(f, sf, model, v, add, 'data');
      }
      continue;
    }
    if (ctx === 'where' && (k === 'AND' || k === 'OR' || k === 'NOT')) {
      if (v && ts.isArrayLiteralExpression(v)) v.elements.forEach((e) => walkArgs(f, sf, model, e, add, 'where'));
      else walkArgs(f, sf, model, v, add, 'where');
      continue;
    }
    if (ctx === 'select' && k === '_count') {
      // _count: { select: { rel: true } } reads the related tables
      const sel = v && ts.isObjectLiteralExpression(v) ? v.properties.find((q) => propName(q) === 'select') : undefined;
      if (sel && ts.isPropertyAssignment(sel) && ts.isObjectLiteralExpression(sel.initializer))
        for (const q of sel.initializer.properties) { const fk = mdl.fields.get(propName(q)); if (fk && models.has(fk.type)) add(fk.type, 'read', `_count.${propName(q)}`, q); }
      else if (v && v.kind === ts.SyntaxKind.TrueKeyword) add(model, 'read', '_count', p);
      continue;
    }
    const fld = mdl.fields.get(k);
    if (!fld || !models.has(fld.type)) continue;
    const target = fld.type;
    if (ctx === 'select') {
      if (v && v.kind === ts.SyntaxKind.FalseKeyword) continue;
      add(target, 'read', `${ctx}.${k}`, p);
      if (v && ts.isObjectLiteralExpression(v)) walkArgs(f, sf, target, v, add, 'args');
    } else if (ctx === 'where') {
      add(target, 'read', `where.${k}`, p);
      if (v && ts.isObjectLiteralExpression(v)) {
        for (const q of v.properties) {
          const qk = propName(q);
          const qv = ts.isPropertyAssignment(q) ? q.initializer : undefined;
          if (['some', 'every', 'none', 'is', 'isNot'].includes(qk)) walkArgs(f, sf, target, qv, add, 'where');
        }
        walkArgs(f, sf, target, v, add, 'where');
      }
    } else if (ctx === 'data') {
      if (!v || !ts.isObjectLiteralExpression(v)) continue;
      for (const q of v.properties) {
        const qk = propName(q);
        const qv = ts.isPropertyAssignment(q) ? q.initializer : undefined;
        if (!NESTED_WRITE.has(qk)) continue;
        // connect/disconnect/set on a to-one relation whose FK sits on this model only sets this row's FK
        if (['connect', 'disconnect', 'set'].includes(qk) && !fld.list) { add(target, 'read', `data.${k}.${qk} (to-one, FK on ${model})`, q); continue; }
        add(target, 'write', `data.${k}.${qk}`, q);
        if (qv && ts.isObjectLiteralExpression(qv)) {
          if (qk === 'create' || qk === 'update') walkArgs(f, sf, target, qv, add, qk === 'update' && qv.properties.some((z) => propName(z) === 'data') ? 'args' : 'data');
          if (qk === 'createMany') { const d = qv.properties.find((z) => propName(z) === 'data'); if (d && ts.isPropertyAssignment(d) && ts.isArrayLiteralExpression(d.initializer)) d.initializer.elements.forEach((e) => walkArgs(f, sf, target, e, add, 'data')); }
        }
      }
    }
  }
}

const SQL_TABLE = /\b(FROM|JOIN|UPDATE|INTO)\s+"?(\w+)"?/gi;
const tableNames = new Map([...models].map(([k, v]) => [v.table.toLowerCase(), k]));
for (const [f, sf] of sources) {
  const visit = (node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const op = node.expression.name.text;
      const recv = node.expression.expression;
      if (ts.isPropertyAccessExpression(recv) && delegate.has(recv.name.text) && (READ.has(op) || WRITE.has(op))) {
        const model = delegate.get(recv.name.text);
        const kind = READ.has(op) ? 'read' : 'write';
        const receiver = recv.expression.getText();
        access.push({ module: f, model, kind, how: `${receiver}.${recv.name.text}.${op}`, line: lineOf(sf, node) });
        const add = (m, k, how, at) => access.push({ module: f, model: m, kind: k, how: `nested ${how} in ${recv.name.text}.${op}`, line: lineOf(sf, at), nested: true });
        walkArgs(f, sf, model, node.arguments[0], add, 'args');
        // upsert: create + update branches; also a read (it looks the row up)
      }
    }
    // raw SQL in tagged templates (Prisma.sql`...`, $queryRaw`...`)
    if (ts.isTaggedTemplateExpression(node)) {
      const tag = node.tag.getText();
      if (/sql|queryRaw|executeRaw/i.test(tag)) {
        const text = node.template.getText();
        const isWrite = /^\W*(INSERT|UPDATE|DELETE)/i.test(text.replace(/^`/, '').trim());
        for (const mm of text.matchAll(SQL_TABLE)) {
          const model = tableNames.get(mm[2].toLowerCase());
          if (model) access.push({ module: f, model, kind: /INTO|UPDATE/i.test(mm[1]) || isWrite ? 'write' : 'read', how: `raw SQL ${mm[1]} "${mm[2]}" (${tag})`, line: lineOf(sf, node) });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

// ---------- partition ----------
// classes declared per file; @Module controllers/providers lists; imports resolved by relative/`src/` paths
const classFile = new Map();
for (const [f, sf] of sources) sf.statements.forEach((s) => { if (ts.isClassDeclaration(s) && s.name) classFile.set(s.name.text, f); });
const moduleOf = new Map(); // file -> module file
const moduleFiles = [];
for (const [f, sf] of sources) {
  for (const s of sf.statements) {
    if (!ts.isClassDeclaration(s)) continue;
    const d = decos(s).find((x) => decoName(x) === 'Module');
    if (!d) continue;
    moduleFiles.push(f);
    const arg = decoArgs(d)[0];
    if (!arg || !ts.isObjectLiteralExpression(arg)) continue;
    for (const p of arg.properties) {
      if (!ts.isPropertyAssignment(p) || !['controllers', 'providers'].includes(propName(p))) continue;
      if (!ts.isArrayLiteralExpression(p.initializer)) continue;
      for (const e of p.initializer.elements) {
        let name = ts.isIdentifier(e) ? e.text : undefined;
        if (ts.isObjectLiteralExpression(e)) { const uc = e.properties.find((q) => propName(q) === 'useClass'); if (uc) name = uc.initializer.getText(); }
        const cf = name && classFile.get(name);
        if (cf && !moduleOf.has(cf)) moduleOf.set(cf, f);
      }
    }
    moduleOf.set(f, f);
  }
}
const unitName = (mf) => mf.replace(/^.*\//, '').replace(/\.module\.ts$/, '');
const units = {};
for (const f of files) {
  let mf = moduleOf.get(f);
  if (!mf) {
    // nearest module file walking up from the file's folder (not above src/)
    let dir = dirname(f);
    while (!mf && dir.startsWith(`${BACKEND}/src`)) {
      const cands = moduleFiles.filter((m) => dirname(m) === dir);
      if (cands.length === 1) mf = cands[0];
      dir = dirname(dir);
    }
  }
  units[f] = mf ? unitName(mf) : 'shared?';
}

console.log(JSON.stringify({ routes, models: Object.fromEntries([...models].map(([k, v]) => [k, v.table])), implicit, access, units }, null, 1));

// First-draft extractor for express-realworld (Express + Prisma). Reads text/ASTs only; never runs the repo.
// 1. Routes: router.<verb>('path') calls on Router() values, joined with the prefixes of the
//    app.use / Router().use([prefix,] router) chains that mount them, starting from src/main.ts.
// 2. Tables: models of src/prisma/schema.prisma (@@map honoured) and implicit m:n tables
//    (_<RelationName>, or _<A>To<B> with A<B alphabetically when the relation is unnamed).
// 3. Access: prisma.<model>.<method>(args) calls; the args object is walked so that relation fields
//    under include/select/where (reads) and data (nested connect/create/set/disconnect = writes) are
//    mapped to their target model and, for list<->list relations, to the implicit join table.
// Usage: node draft.mjs [repoRoot]
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const root = process.argv[2] ?? new URL('../../repos/express-realworld', import.meta.url).pathname;
const files = [];
(function walk(d) { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) { if (f !== 'tests') walk(p); } else if (/\.ts$/.test(f) && !/\.(spec|test|d)\.ts$/.test(f)) files.push(p); } })(join(root, 'src'));
const sfs = new Map(files.map((f) => [f, ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true)]));
const lit = (n) => n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined;
const resolveImport = (from, spec) => { for (const c of [spec + '.ts', join(spec, 'index.ts')]) { const p = resolve(dirname(from), c); if (existsSync(p)) return p; } };

// ---- routes
const routers = new Map(); // key file#var -> { routes: [], mounts: [{prefix, target}] }
const key = (f, v) => `${f}#${v}`;
for (const [f, sf] of sfs) {
  const imports = new Map(); let defaultExport;
  const get = (k) => routers.get(k) ?? routers.set(k, { routes: [], mounts: [] }).get(k);
  const target = (n) => ts.isIdentifier(n) ? (imports.get(n.text) ?? key(f, n.text)) : undefined;
  const chain = (expr, owner) => { // Router().use(...).use(...) chains
    while (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression)) {
      const m = expr.expression.name.text, a = expr.arguments;
      if (m === 'use') { const pre = lit(a[0]) ?? ''; for (const x of a) { const t = target(x); if (t) get(owner).mounts.push({ prefix: pre, target: t }); } }
      expr = expr.expression.expression;
    }
  };
  ts.forEachChild(sf, function v(n) {
    if (ts.isImportDeclaration(n) && n.importClause?.name) { const p = resolveImport(f, lit(n.moduleSpecifier)); if (p) imports.set(n.importClause.name.text, key(p, 'default')); }
    if (ts.isVariableDeclaration(n) && n.initializer && /Router\(\)|express\(\)/.test(n.initializer.getText()) && !/^\(/.test(n.initializer.getText())) { get(key(f, n.name.getText())); chain(n.initializer, key(f, n.name.getText())); }
    if (ts.isExportAssignment(n)) { if (ts.isIdentifier(n.expression)) defaultExport = key(f, n.expression.text); else { get(key(f, 'default')); chain(n.expression, key(f, 'default')); } }
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression) && routers.has(key(f, n.expression.expression.text))) {
      const m = n.expression.name.text, owner = key(f, n.expression.expression.text);
      if (/^(get|post|put|patch|delete|all|head|options)$/.test(m) && lit(n.arguments[0]) !== undefined) get(owner).routes.push({ method: m.toUpperCase(), path: lit(n.arguments[0]), module: relative(root, f), line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
      if (m === 'use') chain(n, owner);
    }
    ts.forEachChild(n, v);
  });
  if (defaultExport) routers.set(key(f, 'default'), routers.get(defaultExport));
}
const out = [];
const walkR = (k, prefix, seen = new Set()) => { const r = routers.get(k); if (!r || seen.has(k)) return; seen.add(k);
  for (const x of r.routes) out.push(`${x.method} ${(prefix + x.path).replace(/\/+/g, '/').replace(/(.)\/$/, '$1')}\t${x.module}:${x.line}`);
  for (const m of r.mounts) walkR(m.target, prefix + m.prefix, seen); };
walkR(key(join(root, 'src/main.ts'), 'app'), '');
console.log('routes:'); out.forEach((l) => console.log(l));

// ---- schema
const schema = readFileSync(join(root, 'src/prisma/schema.prisma'), 'utf8');
const models = new Map();
for (const m of schema.matchAll(/model\s+(\w+)\s*\{([^}]*)\}/g)) {
  const fields = new Map();
  for (const line of m[2].split('\n')) { const x = line.trim().match(/^(\w+)\s+(\w+)(\[\])?\??\s*(.*)$/); if (x) fields.set(x[1], { type: x[2], list: !!x[3], rel: (x[4].match(/@relation\(\s*"([^"]+)"/) ?? x[4].match(/@relation\(\s*name:\s*"([^"]+)"/) ?? [])[1] }); }
  models.set(m[1], { table: (m[2].match(/@@map\("([^"]+)"\)/) ?? [])[1] ?? m[1], fields });
}
const joinTable = (model, field) => { const f = models.get(model)?.fields.get(field); if (!f || !f.list) return; const other = models.get(f.type); if (!other) return;
  const back = [...other.fields.values()].find((g) => g.type === model && g.list && g.rel === f.rel); if (!back) return;
  return f.rel ? `_${f.rel}` : `_${[model, f.type].sort().join('To')}`; };
console.log('\ntables:'); for (const [n, m] of models) console.log(m.table, `(model ${n})`);
const jt = new Set(); for (const [n, m] of models) for (const [fn] of m.fields) { const j = joinTable(n, fn); if (j) jt.add(j); } console.log([...jt].join('\n'));

// ---- access
const READ = /^(find\w*|count|aggregate|groupBy)$/, WRITE = /^(create\w*|update\w*|upsert|delete\w*)$/;
const acc = new Set();
const walkArgs = (obj, model, mode, rel, line) => { // mode: read | write
  if (!obj || !ts.isObjectLiteralExpression(obj)) return;
  for (const p of obj.properties) { if (!ts.isPropertyAssignment(p)) continue; const k = p.name.getText();
    if (k === 'data') { walkArgs(p.initializer, model, 'write', rel, line); continue; }
    if (/^(include|select|where|orderBy|_count|some|every|none|is|isNot|OR|AND|NOT)$/.test(k)) { const inits = ts.isArrayLiteralExpression(p.initializer) ? p.initializer.elements : [p.initializer]; for (const i of inits) walkArgs(i, model, mode === 'write' && k !== 'where' && k !== 'include' && k !== 'select' ? 'write' : (k === 'data' ? 'write' : (mode === 'write' && /^(where)$/.test(k) ? 'read' : (/^(include|select|where|orderBy|_count)$/.test(k) ? 'read' : mode))), rel, line); continue; }
    const f = models.get(model)?.fields.get(k);
    if (f && models.has(f.type)) { const j = joinTable(model, k);
      const nestedOps = ts.isObjectLiteralExpression(p.initializer) ? p.initializer.properties.map((q) => q.name?.getText()) : [];
      const writes = mode === 'write' && nestedOps.some((o) => /^(connect|connectOrCreate|create|createMany|set|disconnect|delete|deleteMany|update|updateMany|upsert)$/.test(o));
      const targetWrite = mode === 'write' && nestedOps.some((o) => /^(connectOrCreate|create|createMany|delete|deleteMany|update|updateMany|upsert)$/.test(o));
      if (j) acc.add(`${rel}\t${j}\t${writes ? 'write' : 'read'}\tvia ${model}.${k} L${line}`);
      acc.add(`${rel}\t${models.get(f.type).table}\t${targetWrite ? 'write' : 'read'}\tvia ${model}.${k} L${line}`);
      if (ts.isObjectLiteralExpression(p.initializer)) walkArgs(p.initializer, f.type, mode === 'write' && !writes ? 'write' : 'read', rel, line);
    }
  }
};
for (const [f, sf] of sfs) { const rel = relative(root, f); if (/prisma\/(seed|migrations)/.test(rel)) continue;
  ts.forEachChild(sf, function v(n) {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isPropertyAccessExpression(n.expression.expression) && n.expression.expression.expression.getText() === 'prisma') {
      const model = n.expression.expression.name.text, meth = n.expression.name.text, M = model[0].toUpperCase() + model.slice(1), line = sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
      acc.add(`${rel}\t${models.get(M)?.table ?? M}\t${READ.test(meth) ? 'read' : WRITE.test(meth) ? 'write' : '?'}\t${meth} L${line}`);
      walkArgs(n.arguments[0], M, 'read', rel, line);
    }
    ts.forEachChild(n, v);
  }); }
console.log('\naccess:'); [...acc].sort().forEach((l) => console.log(l));

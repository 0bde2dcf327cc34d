// First draft of medusa-b2b's tables and readers/writers (TypeScript AST only; never runs the repo).
// Tables: model.define("<table>", ...) under backend/src/modules/*/models; link tables from defineLink() in
// backend/src/links, named composeTableName(moduleA, keyA, moduleB, keyB) = [moduleA, keyA-"_id", moduleB, keyB-"_id"].join("_")
// (Medusa link-modules generate-entity.ts). Linkable key of a DML model = snake(model name) + "_id".
// Accesses (rule, see method.dataAccess):
//  - calls of MedusaService-generated methods  <recv>.(list|listAndCount|retrieve|create|update|upsert|delete|softDelete|restore)<Model(s)>()
//    -> the model's table (list*/retrieve* read, others write); custom service methods by what they do (hasPendingApprovals -> listAndCountApprovals)
//  - query.graph({ entity }), useQueryGraphStep({ entity }), useRemoteQueryStep({ entry_point }) -> read of the root entity's table
//  - link writes: object literals { [MODULE_A]: { a_id }, [MODULE_B]: { b_id } } in a file that calls
//    remoteLink.create/dismiss, link.create/dismiss, createRemoteLinkStep, removeRemoteLinkStep, dismissRemoteLinkStep -> write of that link table
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? '/work/main/corpus/repos/medusa-b2b');
const all = execSync('git ls-files backend/src', { cwd: root }).toString().split('\n').filter((f) => /\.ts$/.test(f));
const isTest = (f) => /\.(test|spec)\.tsx?$/.test(f) || /(^|\/)(__tests__|test|e2e|integration-tests)\//.test(f);
const inScope = all.filter((f) => !f.startsWith('backend/src/admin/') && !f.startsWith('backend/src/scripts/') && !isTest(f));
const parse = (f) => ts.createSourceFile(f, readFileSync(join(root, f), 'utf8'), ts.ScriptTarget.Latest, true);
const snake = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const pascal = (s) => s.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');

// 1. DML models
const tables = {}; // name -> {module, entity, kind}
const models = {}; // Pascal model name -> table
const moduleKey = {}; // module folder -> service name (the Module(NAME) constant)
for (const f of all.filter((f) => /^backend\/src\/modules\/[^/]+\/models\/.*\.ts$/.test(f))) {
  const visit = (n) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'define' && n.expression.expression.getText() === 'model' && ts.isStringLiteral(n.arguments[0])) {
      const t = n.arguments[0].text; const decl = n.parent && ts.isVariableDeclaration(n.parent) ? n.parent.name.getText() : pascal(t);
      tables[t] = { module: f, entity: decl, kind: 'dml', service: f.split('/')[3] };
      models[decl] = t;
    }
    ts.forEachChild(n, visit);
  };
  visit(parse(f));
}
for (const f of all.filter((f) => /^backend\/src\/modules\/[^/]+\/index\.ts$/.test(f))) {
  const m = readFileSync(join(root, f), 'utf8').match(/export const (\w+_MODULE) = "([^"]+)"/);
  if (m) moduleKey[m[1]] = m[2];
}
const MODULES = { CART: 'cart', CUSTOMER: 'customer', ORDER: 'order', PRODUCT: 'product', USER: 'user', AUTH: 'auth' };
const keyName = (expr) => { // computed key -> module service name
  const t = expr.getText();
  if (moduleKey[t]) return moduleKey[t];
  const m = t.match(/^Modules\.(\w+)$/); if (m) return MODULES[m[1]] ?? m[1].toLowerCase();
  if (ts.isStringLiteral(expr)) return expr.text;
  return null;
};
// 2. link tables
const links = []; // {table, a:{svc,key}, b:{svc,key}, module}
for (const f of all.filter((f) => /^backend\/src\/links\/.*\.ts$/.test(f))) {
  const sf = parse(f);
  const imports = {}; // local import name -> service name
  for (const st of sf.statements) if (ts.isImportDeclaration(st) && st.importClause?.name) {
    const spec = st.moduleSpecifier.text; const local = st.importClause.name.text;
    const mm = spec.match(/^@medusajs\/medusa\/(\w[\w-]*)$/); if (mm) imports[local] = mm[1].replace(/-/g, '_');
    const lm = spec.match(/modules\/(\w+)$/); if (lm) imports[local] = Object.values(moduleKey).find((v) => v === lm[1]) ?? lm[1];
  }
  const side = (arg) => {
    let e = arg;
    if (ts.isObjectLiteralExpression(e)) e = e.properties.find((p) => p.name?.getText() === 'linkable').initializer;
    // X.linkable.field
    const field = e.name.text; const mod = imports[e.expression.expression.getText()];
    return { svc: mod, key: snake(field) + '_id' };
  };
  const visit = (n) => {
    if (ts.isCallExpression(n) && n.expression.getText() === 'defineLink') {
      const a = side(n.arguments[0]), b = side(n.arguments[1]);
      const table = [a.svc, a.key.replace(/_id$/, ''), b.svc, b.key.replace(/_id$/, '')].join('_');
      links.push({ table, a, b, module: f });
      tables[table] = { module: f, kind: 'link', via: `defineLink(${n.arguments.map((x) => x.getText().replace(/\s+/g, ' ')).join(', ')})` };
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
// entity name (query.graph) -> table: the table name, its plural, and the camel forms
const entityTable = {};
for (const t of Object.keys(tables).filter((t) => tables[t].kind === 'dml')) {
  const plural = t.endsWith('y') ? t.slice(0, -1) + 'ies' : t.endsWith('s') ? t : t + 's';
  for (const n of [t, plural, tables[t].entity, tables[t].entity[0].toLowerCase() + tables[t].entity.slice(1)]) entityTable[n] = t;
}
// service method suffix -> table (singular & plural of the model name, as MedusaService generates them)
const suffixTable = {};
for (const [M, t] of Object.entries(models)) {
  const plural = M.endsWith('y') ? M.slice(0, -1) + 'ies' : M.endsWith('s') ? M : M.endsWith('us') ? M + 'es' : M + 's';
  suffixTable[M] = t; suffixTable[plural] = t; suffixTable[M.endsWith('s') ? M + 'es' : plural] = t;
}
suffixTable['ApprovalStatuses'] = 'approval_status';
const METHOD = /^(listAndCount|list|retrieve|create|update|upsert|delete|softDelete|restore)([A-Z]\w*)$/;

const acc = {};
const add = (t, kind, f, why) => { acc[t] ??= { readers: new Set(), writers: new Set(), why: [] }; acc[t][kind].add(f); acc[t].why.push(`${kind[0]} ${f} ${why}`); };
const unresolved = [];
for (const f of inScope) {
  if (/\/migrations\//.test(f)) continue; // migrations never read/write
  const sf = parse(f);
  const line = (n) => sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
  const src = sf.getFullText();
  const writesLinks = /remoteLink\.(create|dismiss)|link\.(create|dismiss)|createRemoteLinkStep\(|removeRemoteLinkStep\(|dismissRemoteLinkStep\(/i.test(src);
  const visit = (n) => {
    if (ts.isCallExpression(n)) {
      const e = n.expression;
      const name = ts.isPropertyAccessExpression(e) ? e.name.text : ts.isIdentifier(e) ? e.text : '';
      const m = name.match(METHOD);
      if (m && ts.isPropertyAccessExpression(e) && suffixTable[m[2]]) add(suffixTable[m[2]], /^(listAndCount|list|retrieve)$/.test(m[1]) ? 'readers' : 'writers', f, `${e.getText()} :${line(n)}`);
      if (name === 'hasPendingApprovals' && ts.isPropertyAccessExpression(e)) add('approval', 'readers', f, `${name} (-> listAndCountApprovals) :${line(n)}`);
      const isGraph = (name === 'graph' && ts.isPropertyAccessExpression(e)) || name === 'useQueryGraphStep' || name === 'useRemoteQueryStep';
      if (isGraph) {
        const arg = n.arguments[0];
        const p = arg && ts.isObjectLiteralExpression(arg) ? arg.properties.find((p) => ['entity', 'entry_point'].includes(p.name?.getText())) : null;
        const v = p && ts.isPropertyAssignment(p) && ts.isStringLiteral(p.initializer) ? p.initializer.text : null;
        if (!v) unresolved.push(`${f}:${line(n)} ${name}(${arg?.getText().slice(0, 60)})`);
        else if (entityTable[v]) add(entityTable[v], 'readers', f, `${name}(${v}) :${line(n)}`);
        else console.error(`core entity (not ours): ${f}:${line(n)} ${v}`);
      }
    }
    if (writesLinks && ts.isObjectLiteralExpression(n)) {
      const sides = n.properties.filter((p) => ts.isPropertyAssignment(p) && ts.isComputedPropertyName(p.name) && ts.isObjectLiteralExpression(p.initializer))
        .map((p) => ({ svc: keyName(p.name.expression), keys: p.initializer.properties.map((q) => q.name?.getText()).filter(Boolean) }));
      if (sides.length >= 2) {
        const hit = links.find((l) => [[l.a, l.b], [l.b, l.a]].some(([x, y]) => sides.some((s) => s.svc === x.svc && s.keys.includes(x.key)) && sides.some((s) => s.svc === y.svc && s.keys.includes(y.key))));
        if (hit) add(hit.table, 'writers', f, `link data ${n.getText().replace(/\s+/g, ' ').slice(0, 90)} :${line(n)}`);
        else unresolved.push(`${f}:${line(n)} link object not matched ${n.getText().replace(/\s+/g, ' ')}`);
      } else if (sides.length === 1 && n.parent && ts.isCallExpression(n.parent)) unresolved.push(`${f}:${line(n)} one-sided link call ${n.parent.getText().replace(/\s+/g, ' ').slice(0, 120)}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
const out = {};
for (const [t, d] of Object.entries(tables)) out[t] = { ...d, readers: [...(acc[t]?.readers ?? [])].sort(), writers: [...(acc[t]?.writers ?? [])].sort() };
console.log(JSON.stringify({ tables: out, inScope }, null, 1));
if (process.env.WHY) for (const t of Object.keys(acc)) for (const w of acc[t].why) console.error(t, w);
for (const u of unresolved) console.error('UNRESOLVED', u);
console.error(inScope.length, 'files in scope');

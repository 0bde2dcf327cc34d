// First-draft extractor for bulletproof-nodejs (Express + Mongoose + typedi). Reads ASTs only; never runs the repo.
// Routes: in each src/api/routes/*.ts, `app.use('<prefix>', route)` + `route.<verb>('<path>')`; these
// register on the Router built in src/api/index.ts, mounted by src/loaders/express.ts at
// `config.api.prefix` (resolved from the object literal in src/config/index.ts); plus direct
// app.<verb>() calls in src/loaders/express.ts.
// Models: mongoose.model('<Name>', schema) -> collection pluralize(lowercase(Name)) (Mongoose's
// toCollectionName; the simple +s rule suffices for the names here); DI names from
// `{ name: '<token>', model: require('<file>').default }` objects handed to Container.set(m.name, m.model).
// Access: calls on values obtained with @Inject('<token>') constructor params or Container.get('<token>').
// Usage: node draft.mjs [repoRoot]
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = process.argv[2] ?? new URL('../../repos/bulletproof-nodejs', import.meta.url).pathname;
const files = [];
(function walk(d) { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) walk(p); else if (/\.ts$/.test(f) && !/\.(spec|test|d)\.ts$/.test(f)) files.push(p); } })(join(root, 'src'));
const sfs = new Map(files.map((f) => [relative(root, f), ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true)]));
const lit = (n) => n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined;
const each = (sf, fn) => ts.forEachChild(sf, function v(n) { fn(n); ts.forEachChild(n, v); });
const line = (sf, n) => sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;

// config.api.prefix
let apiPrefix;
each(sfs.get('src/config/index.ts'), (n) => { if (ts.isPropertyAssignment(n) && n.name.getText() === 'prefix' && n.parent.parent?.name?.getText() === 'api') apiPrefix = lit(n.initializer); });
console.log('config.api.prefix =', apiPrefix);
const out = [];
for (const [rel, sf] of sfs) {
  if (rel === 'src/loaders/express.ts') each(sf, (n) => { if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.expression.getText() === 'app' && /^(get|post|put|patch|delete|head|all|options)$/.test(n.expression.name.text) && lit(n.arguments[0])) out.push(`${n.expression.name.text.toUpperCase()} ${lit(n.arguments[0])}\t${rel}:${line(sf, n)}`);
    if (ts.isCallExpression(n) && n.expression.getText() === 'app.use') out.push(`  (app.use ${n.arguments.map((a) => a.getText().slice(0, 40)).join(', ')})`); });
  if (!rel.startsWith('src/api/routes/')) continue;
  let prefix = '';
  each(sf, (n) => { if (ts.isCallExpression(n) && n.expression.getText() === 'app.use') { prefix = lit(n.arguments[0]) ?? prefix; if (n.arguments.length > 2 || !/^route$/.test(n.arguments[1]?.getText())) out.push(`  (mount ${lit(n.arguments[0])} -> ${n.arguments.slice(1).map((a) => a.getText().split('(')[0]).join(', ')} in ${rel})`); } });
  each(sf, (n) => { if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.expression.getText() === 'route' && /^(get|post|put|patch|delete|head|all|options)$/.test(n.expression.name.text)) out.push(`${n.expression.name.text.toUpperCase()} ${apiPrefix}${prefix}${lit(n.arguments[0])}\t${rel}:${line(sf, n)}`); });
}
console.log('routes:'); out.forEach((l) => console.log(l));

// models and DI tokens
const modelCollection = new Map(); // file -> collection
for (const [rel, sf] of sfs) each(sf, (n) => { if (ts.isCallExpression(n) && /^mongoose\.model$/.test(n.expression.getText())) { const name = lit(n.arguments[0]); modelCollection.set(rel, name.toLowerCase().replace(/([^s])$/, '$1s')); } });
const tokens = new Map();
for (const [rel, sf] of sfs) each(sf, (n) => { if (ts.isObjectLiteralExpression(n)) { const name = n.properties.find((p) => p.name?.getText() === 'name'), model = n.properties.find((p) => p.name?.getText() === 'model');
  const req = model && model.initializer.getText().match(/require\('([^']+)'\)/); if (name && req) tokens.set(lit(name.initializer), modelCollection.get(relative(root, resolve(dirname(join(root, rel)), req[1] + '.ts')))); } });
console.log('\ncollections:', JSON.stringify([...modelCollection])); console.log('DI tokens -> collection:', JSON.stringify([...tokens]));
const READ = /^(find\w*|count\w*|aggregate|distinct|exists)$/, WRITE = /^(create|insert\w*|update\w*|save|delete\w*|remove|replaceOne|bulkWrite)$/;
console.log('\naccess:');
for (const [rel, sf] of sfs) {
  const vars = new Map();
  each(sf, (n) => {
    if (ts.isParameter(n)) for (const d of ts.getDecorators(n) ?? []) if (/^Inject\(/.test(d.expression.getText())) vars.set(n.name.getText(), lit(d.expression.arguments[0]));
    if (ts.isVariableDeclaration(n) && n.initializer && /Container\.get\(/.test(n.initializer.getText())) { const m = n.initializer.getText().match(/Container\.get\('([^']+)'\)/); if (m) vars.set(n.name.getText(), m[1]); }
  });
  each(sf, (n) => { if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) { let o = n.expression.expression; const name = ts.isPropertyAccessExpression(o) && o.expression.kind === ts.SyntaxKind.ThisKeyword ? o.name.text : o.getText();
    const tok = vars.get(name); if (tok === undefined || !(tokens.has(tok) || /model/i.test(tok))) return; const m = n.expression.name.text;
    console.log(`${rel}\ttoken '${tok}' -> ${tokens.get(tok) ?? 'UNREGISTERED'}\t${READ.test(m) ? 'read' : WRITE.test(m) ? 'write' : '?'} ${m}\tL${line(sf, n)}`); } });
}

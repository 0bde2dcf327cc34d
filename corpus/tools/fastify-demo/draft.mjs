// First-draft extractor for fastify-demo (Fastify + @fastify/autoload + knex/mysql2). Reads text/ASTs only.
// Routes: emulates @fastify/autoload on src/routes (the app.ts registration uses default options plus
// autoHooks/cascadeHooks): every directory adds '/<dirname>' to the prefix (dirNameRoutePrefix default
// true); a directory holding an index file loads only that file (subdirectories still walked); files
// matching autohooks are hooks, not plugins; `export const autoPrefix` / `prefixOverride` are honoured.
// Inside each plugin file: fastify.<verb>('<path>') and fastify.route({ method, url }).
// Tables: CREATE TABLE in migrations/*.do.*.sql (Postgrator naming).
// Access: knex call chains: knex('<t>') / knex<T>('<t>') / trx('<t>') / (trx ?? knex)('<t>') /
// .from('<t>') / .into('<t>') / .join('<t>'), classified by the chain's verbs.
// Usage: node draft.mjs [repoRoot]
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.argv[2] ?? new URL('../../repos/fastify-demo', import.meta.url).pathname;
const lit = (n) => n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined;
const parse = (f) => ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
const each = (sf, fn) => ts.forEachChild(sf, function v(n) { fn(n); ts.forEachChild(n, v); });
const line = (sf, n) => sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
const SCRIPT = /\.(ts|js|mjs|cjs|mts|cts)$/, INDEX = /^index(?:\.ts|\.js|\.cjs|\.mjs|\.cts|\.mts)$/, HOOKS = /^[_.]?auto_?hooks\.(ts|js|cjs|mjs|cts|mts)$/i;

const routes = [];
function loadPlugin(file, prefix) {
  const sf = parse(file); let p = prefix;
  each(sf, (n) => { if (ts.isVariableDeclaration(n) && n.name.getText() === 'autoPrefix') p = prefix + lit(n.initializer); if (ts.isVariableDeclaration(n) && n.name.getText() === 'prefixOverride') p = lit(n.initializer); });
  each(sf, (n) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.expression.getText() === 'fastify') {
      const m = n.expression.name.text;
      if (/^(get|post|put|patch|delete|head|options|all)$/.test(m) && lit(n.arguments[0]) !== undefined) routes.push(`${m.toUpperCase()} ${((p || '') + lit(n.arguments[0])).replace(/(.)\/$/, '$1') || '/'}\t${relative(root, file)}:${line(sf, n)}`);
      if (m === 'route') routes.push(`ROUTE ${n.arguments[0].getText().slice(0, 80)}\t${relative(root, file)}`);
      if (m === 'register') routes.push(`  (register ${n.arguments.map((a) => a.getText().slice(0, 40)).join(', ')} in ${relative(root, file)})`);
    }
  });
}
function walk(dir, prefix) {
  const entries = readdirSync(dir).sort();
  const index = entries.find((e) => INDEX.test(e));
  if (index) loadPlugin(join(dir, index), prefix);
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, `${prefix}/${e}`);
    else if (!index && SCRIPT.test(e) && !HOOKS.test(e) && !/\.d\.ts$/.test(e)) loadPlugin(p, prefix);
    else if (HOOKS.test(e)) routes.push(`  (autohooks ${relative(root, p)} applies to ${prefix || '/'} and below)`);
  }
}
walk(join(root, 'src/routes'), '');
console.log('routes:'); routes.forEach((r) => console.log(r));

console.log('\ntables (migrations):');
for (const f of readdirSync(join(root, 'migrations')).filter((f) => /\.do\..*\.sql$/.test(f)).sort())
  for (const m of readFileSync(join(root, 'migrations', f), 'utf8').matchAll(/CREATE TABLE\s+(?:IF NOT EXISTS\s+)?`?(\w+)`?/gi)) console.log(m[1], `migrations/${f}`);

console.log('\naccess:');
const srcFiles = []; (function w(d) { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) w(p); else if (/\.ts$/.test(f) && !/\.d\.ts$/.test(f)) srcFiles.push(p); } })(join(root, 'src'));
const WRITE = /^(insert|update|del|delete|truncate|upsert|merge|onConflict|increment|decrement)$/;
for (const f of srcFiles) {
  const sf = parse(f);
  each(sf, (n) => {
    if (!ts.isCallExpression(n)) return;
    const callee = n.expression.getText().replace(/\s+/g, '');
    let table;
    if (/^(\(trx\?\?knex\)|knex|trx|fastify\.knex)(<[^>]*>)?$/.test(callee.replace(/<.*>$/, '')) || /^(\(trx\?\?knex\)|knex|trx|fastify\.knex)$/.test(callee)) table = lit(n.arguments[0]);
    if (ts.isPropertyAccessExpression(n.expression) && /^(from|into|join|leftJoin|innerJoin|table)$/.test(n.expression.name.text)) table = lit(n.arguments[0]);
    if (!table) return;
    // climb the chain to collect verbs
    let top = n; const verbs = [];
    while (top.parent && (ts.isPropertyAccessExpression(top.parent) || ts.isCallExpression(top.parent))) { top = top.parent; if (ts.isPropertyAccessExpression(top)) verbs.push(top.name.text); }
    // verbs also added later on the same variable (query.where ... ) are not followed: reviewed by hand
    const kind = verbs.some((v) => WRITE.test(v)) ? 'write' : 'read';
    console.log(`${relative(root, f)}\t${table}\t${kind}\t[${verbs.join('.')}]\tL${line(sf, n)}`);
  });
}

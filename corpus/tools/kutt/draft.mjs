// Draft of kutt's expectations from ASTs (never executes the repo). Prints JSON:
//  routes: Express router.METHOD(path) calls per router file + server.METHOD in server/server.ts
//  tables: knex.schema.createTable("x") in server/models
//  knexCalls: knex("table") chains in server/queries, per exported function, with the chain's method names
//  queryCalls: query.<table>.<fn>(...) calls outside server/queries (query = default import of ./queries)
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../../repos/kutt');
const files = execSync('git ls-files server', { cwd: repo, encoding: 'utf8' }).split('\n').filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f));
const out = { routes: [], mounts: [], tables: [], knexCalls: [], queryCalls: [] };
const M = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'head', 'options']);
const str = (e) => e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) ? e.text : undefined;

for (const f of files) {
  const sf = ts.createSourceFile(f, readFileSync(join(repo, f), 'utf8'), ts.ScriptTarget.Latest, true);
  const line = (n) => sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
  const enclosingFn = (n) => { for (let p = n.parent; p; p = p.parent) { if (ts.isVariableDeclaration(p) && p.initializer && (ts.isArrowFunction(p.initializer) || ts.isFunctionExpression(p.initializer))) return p.name.getText(); if (ts.isFunctionDeclaration(p)) return p.name?.text; } return '(top)'; };
  const visit = (n) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const obj = n.expression.expression.getText(), m = n.expression.name.text;
      if ((obj === 'router' || obj === 'server') && M.has(m) && str(n.arguments[0]) !== undefined)
        out.routes.push({ file: f, obj, method: m.toUpperCase(), path: str(n.arguments[0]), handler: n.arguments[n.arguments.length - 1].getText().replace(/\s+/g, ' ').slice(0, 80), line: line(n) });
      if ((obj === 'router' || obj === 'server') && m === 'use' && str(n.arguments[0]) !== undefined)
        out.mounts.push({ file: f, obj, prefix: str(n.arguments[0]), target: n.arguments[1]?.getText(), line: line(n) });
      if (obj === 'knex.schema' && m === 'createTable') out.tables.push({ file: f, name: str(n.arguments[0]), line: line(n) });
      // query.<table>.<fn>(...)
      if (ts.isPropertyAccessExpression(n.expression.expression) && n.expression.expression.expression.getText() === 'query' && !f.startsWith('server/queries/'))
        out.queryCalls.push({ file: f, table: n.expression.expression.name.text, fn: m, line: line(n) });
    }
    // knex("table") / knex<T>("table") and the method chain above it
    if (ts.isCallExpression(n) && n.expression.getText() === 'knex' && str(n.arguments[0]) && f.startsWith('server/queries/')) {
      const chain = []; let p = n;
      while (p.parent && (ts.isPropertyAccessExpression(p.parent) || (ts.isCallExpression(p.parent) && p.parent.expression === p))) { if (ts.isPropertyAccessExpression(p.parent)) chain.push(p.parent.name.text); p = p.parent; }
      out.knexCalls.push({ file: f, fn: enclosingFn(n), table: str(n.arguments[0]), chain, line: line(n) });
    }
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && /Join$/.test(n.expression.name.text) && f.startsWith('server/queries/'))
      out.knexCalls.push({ file: f, fn: enclosingFn(n), table: str(n.arguments[0]), chain: ['join'], line: line(n) });
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
console.log(JSON.stringify(out, null, 1));

// Draft of the expectations for nestjs-boilerplate, read from the repo's ASTs (never executed).
// Usage: node corpus/tools/nestjs-boilerplate/draft.mjs  -> prints a JSON draft (routes, entities,
// repository-call sites, module files) that build.mjs turns into corpus/expected/nestjs-boilerplate.json.
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../../repos/nestjs-boilerplate');
const files = execSync('git ls-files src', { cwd: repo, encoding: 'utf8' }).split('\n')
  .filter((f) => /\.ts$/.test(f) && !/\.(spec|test)\.ts$/.test(f));

const HTTP = { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', All: 'ALL', Head: 'HEAD', Options: 'OPTIONS' };
const decs = (n) => (ts.canHaveDecorators(n) ? ts.getDecorators(n) ?? [] : []);
const decName = (d) => ts.isCallExpression(d.expression) ? d.expression.expression.getText() : d.expression.getText();
const decArg = (d) => ts.isCallExpression(d.expression) ? d.expression.arguments[0] : undefined;
const lit = (e) => e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) ? e.text : undefined;
const objProp = (o, k) => o && ts.isObjectLiteralExpression(o) ? o.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === k)?.initializer : undefined;

const out = { controllers: [], entities: [], mongooseModels: [], calls: [], modules: [] };
for (const f of files) {
  const sf = ts.createSourceFile(f, readFileSync(join(repo, f), 'utf8'), ts.ScriptTarget.Latest, true);
  const line = (n) => sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
  const visit = (n) => {
    if (ts.isClassDeclaration(n)) {
      for (const d of decs(n)) {
        const name = decName(d), arg = decArg(d);
        if (name === 'Controller') {
          const path = lit(arg) ?? lit(objProp(arg, 'path')) ?? '';
          const version = lit(objProp(arg, 'version'));
          const routes = [];
          for (const m of n.members) for (const md of decs(m)) {
            const hn = decName(md);
            if (HTTP[hn]) routes.push({ method: HTTP[hn], path: lit(decArg(md)) ?? '', handler: m.name?.getText(), line: line(md) });
          }
          out.controllers.push({ file: f, cls: n.name?.text, path, version, routes });
        }
        if (name === 'Entity') out.entities.push({ file: f, cls: n.name?.text, name: lit(arg) ?? lit(objProp(arg, 'name')) ?? null, line: line(d) });
        if (name === 'Schema') out.mongooseModels.push({ file: f, cls: n.name?.text, collection: lit(objProp(arg, 'collection')) ?? null, line: line(d) });
        if (name === 'Module') out.modules.push({ file: f, cls: n.name?.text });
      }
      // repository-typed constructor parameters: this.<p>.<method>(...)
      const ctor = n.members.find(ts.isConstructorDeclaration);
      const bound = {};
      for (const p of ctor?.parameters ?? []) {
        const t = p.type?.getText() ?? '';
        const inj = decs(p).map((d) => `${decName(d)}(${decArg(d)?.getText() ?? ''})`).join(' ');
        if (/Repository|Model</.test(t)) bound[p.name.getText()] = `${t}${inj ? ' ' + inj : ''}`;
      }
      const walk = (x) => {
        if (ts.isCallExpression(x) && ts.isPropertyAccessExpression(x.expression)) {
          const obj = x.expression.expression;
          if (ts.isPropertyAccessExpression(obj) && obj.expression.kind === ts.SyntaxKind.ThisKeyword && bound[obj.name.text])
            out.calls.push({ file: f, cls: n.name?.text, via: bound[obj.name.text], method: x.expression.name.text, line: line(x) });
        }
        if (ts.isNewExpression(x) && ts.isPropertyAccessExpression(x.expression) && x.expression.expression.kind === ts.SyntaxKind.ThisKeyword && bound[x.expression.name.text])
          out.calls.push({ file: f, cls: n.name?.text, via: bound[x.expression.name.text], method: 'new', line: line(x) });
        ts.forEachChild(x, walk);
      };
      walk(n);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
out.files = files;
console.log(JSON.stringify(out, null, 1));

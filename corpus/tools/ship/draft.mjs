// Draft of ship's expectations from ASTs (never executes the repo). Prints JSON with:
//  endpoints: default-exported createEndpoint({ method, path }) of template/apps/api/src/resources/<r>/endpoints/*.ts
//  routerRoutes: <x>Router.get(...) style calls in template/apps/api/src/routes/*.ts
//  services: db.createService(<name>) sites (name resolved through app-constants' DATABASE_DOCUMENTS)
//  calls: <binding>.<method>(...) and <binding>.atomic.<method>(...) where <binding> is a node-mongo service
//         (local `service` in a service module, or an import of one), plus db.services[...] lookups
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { readFileSync, existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';

const repo = resolve(import.meta.dirname, '../../repos/ship');
const API = 'template/apps/api/src';
const files = execSync(`git ls-files ${API}`, { cwd: repo, encoding: 'utf8' }).split('\n').filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f));
const parse = (f) => ts.createSourceFile(f, readFileSync(join(repo, f), 'utf8'), ts.ScriptTarget.Latest, true);
const str = (e) => e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) ? e.text : undefined;
const prop = (o, k) => o && ts.isObjectLiteralExpression(o) ? o.properties.find((p) => (ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p)) && p.name.getText() === k) : undefined;

// constants: DATABASE_DOCUMENTS from template/packages/app-constants/src/api.constants.ts
const consts = {};
{
  const sf = parse('template/packages/app-constants/src/api.constants.ts');
  sf.forEachChild((n) => { if (ts.isVariableStatement(n)) for (const d of n.declarationList.declarations) if (d.initializer && ts.isObjectLiteralExpression(d.initializer)) for (const p of d.initializer.properties) if (ts.isPropertyAssignment(p) && str(p.initializer)) consts[`${d.name.getText()}.${p.name.getText()}`] = str(p.initializer); });
}
// module resolution: baseUrl src (tsconfig), relative, index.ts
const resolveImport = (from, spec) => {
  const bases = spec.startsWith('.') ? [join(dirname(from), spec)] : [join(API, spec)];
  for (const b of bases) for (const c of [b + '.ts', join(b, 'index.ts')]) if (existsSync(join(repo, c))) return c;
  return null;
};

const out = { endpoints: [], routerRoutes: [], services: [], calls: [], serviceModules: {} };
const sfs = Object.fromEntries(files.map((f) => [f, parse(f)]));
// 1. service modules: files with `const service = db.createService(...)`
for (const [f, sf] of Object.entries(sfs)) {
  const visit = (n) => {
    if (ts.isCallExpression(n) && n.expression.getText() === 'db.createService') {
      const a = n.arguments[0];
      const name = str(a) ?? consts[a.getText()];
      const decl = n.parent && ts.isVariableDeclaration(n.parent) ? n.parent.name.getText() : null;
      out.services.push({ file: f, collection: name, arg: a.getText(), binding: decl, line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
      out.serviceModules[f] = name;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
// re-export modules (resources/users/index.ts exports { userService }) -> map name to service module
const exportsOf = (f) => { // name -> service module file
  const res = {}; const sf = sfs[f]; if (!sf) return res;
  const localImports = {};
  sf.forEachChild((n) => {
    if (ts.isImportDeclaration(n) && n.importClause?.name) { const target = resolveImport(f, n.moduleSpecifier.text); if (target && out.serviceModules[target]) localImports[n.importClause.name.text] = target; }
    if (ts.isExportDeclaration(n) && n.exportClause && ts.isNamedExports(n.exportClause)) for (const e of n.exportClause.elements) if (localImports[(e.propertyName ?? e.name).text]) res[e.name.text] = localImports[(e.propertyName ?? e.name).text];
  });
  return res;
};
// 2. calls
for (const [f, sf] of Object.entries(sfs)) {
  const bound = {}; // identifier -> service module
  if (out.serviceModules[f]) bound.service = f;
  sf.forEachChild((n) => {
    if (!ts.isImportDeclaration(n)) return;
    const target = resolveImport(f, n.moduleSpecifier.text); if (!target) return;
    if (n.importClause?.name && out.serviceModules[target]) bound[n.importClause.name.text] = target;
    const named = n.importClause?.namedBindings;
    if (named && ts.isNamedImports(named)) { const ex = exportsOf(target); for (const e of named.elements) if (ex[(e.propertyName ?? e.name).text]) bound[e.name.text] = ex[(e.propertyName ?? e.name).text]; }
  });
  const visit = (n) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      let obj = n.expression.expression; let atomic = false;
      if (ts.isPropertyAccessExpression(obj) && obj.name.text === 'atomic') { obj = obj.expression; atomic = true; }
      if (ts.isIdentifier(obj) && bound[obj.text]) out.calls.push({ file: f, via: obj.text, serviceModule: bound[obj.text], collection: out.serviceModules[bound[obj.text]], method: (atomic ? 'atomic.' : '') + n.expression.name.text, line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
    }
    if (ts.isElementAccessExpression(n) && n.expression.getText() === 'db.services') out.calls.push({ file: f, via: n.getText(), dynamic: true, line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'shouldExist') out.calls.push({ file: f, via: n.getText(), factory: true, line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
// 3. endpoints: resources/<r>/endpoints/*.ts default export createEndpoint({...})
for (const f of files) {
  const m = /resources\/([^/]+)\/endpoints\/[^/]+\.ts$/.exec(f); if (!m) continue;
  const sf = sfs[f];
  sf.forEachChild((n) => {
    if (ts.isExportAssignment(n) && ts.isCallExpression(n.expression) && n.expression.expression.getText() === 'createEndpoint') {
      const o = n.expression.arguments[0];
      out.endpoints.push({ file: f, resource: m[1], method: str(prop(o, 'method')?.initializer), path: str(prop(o, 'path')?.initializer), public: /isPublic/.test(prop(o, 'middlewares')?.getText() ?? '') });
    }
  });
}
// 4. direct router routes in routes/*.ts
for (const f of files.filter((x) => x.startsWith(`${API}/routes/`))) {
  const visit = (n) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && /Router$/.test(n.expression.expression.getText()) && ['get', 'post', 'put', 'patch', 'delete', 'all'].includes(n.expression.name.text) && str(n.arguments[0]))
      out.routerRoutes.push({ file: f, router: n.expression.expression.getText(), method: n.expression.name.text.toUpperCase(), path: str(n.arguments[0]) });
    ts.forEachChild(n, visit);
  };
  visit(sfs[f]);
}
console.log(JSON.stringify(out, null, 1));

// Draft of the served HTTP routes of novu's NestJS apps (api, worker, ws, webhook).
// Reads controller files with the TypeScript parser (syntax only), finds the @Module that lists each
// controller, and applies each app's bootstrap prefix/versioning (hand-read from */src/bootstrap.ts):
//   api:     app.enableVersioning({ type: URI, prefix: `${CONTEXT_PATH}v`, defaultVersion: '1' }), CONTEXT_PATH = ''
//   worker:  app.setGlobalPrefix(`${CONTEXT_PATH}v1`), CONTEXT_PATH = ''
//   ws:      app.setGlobalPrefix(CONTEXT_PATH) with CONTEXT_PATH = ''
//   webhook: no prefix, no versioning
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, scopeFiles, appOf, outFile } from './scope.mjs';

const HTTP = { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', Head: 'HEAD', Options: 'OPTIONS', All: 'ALL' };
const files = scopeFiles().filter((f) => /^apps\/(api|worker|ws|webhook)\//.test(f) || f.startsWith('libs/application-generic/'));

function decos(node) {
  return (ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined) || [];
}
function decoCall(d) {
  if (!ts.isCallExpression(d.expression)) return null;
  const e = d.expression.expression;
  return { name: ts.isIdentifier(e) ? e.text : null, args: d.expression.arguments };
}
function lit(n) {
  if (!n) return undefined;
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isArrayLiteralExpression(n)) return n.elements.map(lit);
  return { nonLiteral: n.getText() };
}
const controllers = new Map(); // class name -> {file, path, version, methods}
const registered = new Map(); // 'file#Class' of a controller -> module file listing it
function resolveRel(from, spec) {
  const base = path.join(path.dirname(from), spec);
  for (const c of [base + '.ts', base + '/index.ts']) if (fs.existsSync(path.join(REPO, c))) return c;
  return null;
}
// follow `export * from` / `export { X } from` in index files to find the file declaring a class
function declaringFile(file, name, depth = 0) {
  if (!file || depth > 5) return null;
  const text = fs.readFileSync(path.join(REPO, file), 'utf8');
  if (new RegExp(`class\\s+${name}\\b`).test(text)) return file;
  for (const m of text.matchAll(/export\s+(?:\*|\{([^}]*)\})\s+from\s+'(\.[^']*)'/g)) {
    if (m[1] && !m[1].split(',').map((x) => x.trim().split(/\s+as\s+/).pop()).includes(name)) continue;
    const r = declaringFile(resolveRel(file, m[2]), name, depth + 1);
    if (r) return r;
  }
  return null;
}
function importsOf(src, f) {
  const m = new Map();
  for (const st of src.statements) {
    if (ts.isImportDeclaration(st) && st.importClause && st.importClause.namedBindings && ts.isNamedImports(st.importClause.namedBindings)) {
      const spec = st.moduleSpecifier.text;
      if (!spec.startsWith('.')) continue;
      for (const el of st.importClause.namedBindings.elements) m.set(el.name.text, declaringFile(resolveRel(f, spec), (el.propertyName || el.name).text));
    }
  }
  return m;
}
for (const f of files) {
  const src = ts.createSourceFile(f, fs.readFileSync(path.join(REPO, f), 'utf8'), ts.ScriptTarget.Latest, true);
  const imps = importsOf(src, f);
  ts.forEachChild(src, function visit(n) {
    if (ts.isClassDeclaration(n) && n.name) {
      for (const d of decos(n)) {
        const c = decoCall(d);
        if (!c) continue;
        if (c.name === 'Controller') {
          let p = '', version;
          const a = c.args[0];
          if (a && ts.isObjectLiteralExpression(a)) {
            for (const pr of a.properties) {
              if (!ts.isPropertyAssignment(pr)) continue;
              if (pr.name.getText() === 'path') p = lit(pr.initializer);
              if (pr.name.getText() === 'version') version = lit(pr.initializer);
            }
          } else if (a) p = lit(a);
          const methods = [];
          for (const m of n.members) {
            if (!ts.isMethodDeclaration(m)) continue;
            let mv;
            for (const md of decos(m)) {
              const mc = decoCall(md);
              if (mc && mc.name === 'Version') mv = lit(mc.args[0]);
            }
            for (const md of decos(m)) {
              const mc = decoCall(md);
              if (mc && HTTP[mc.name]) methods.push({ verb: HTTP[mc.name], path: mc.args[0] ? lit(mc.args[0]) : '', handler: m.name.getText(), version: mv });
            }
          }
          controllers.set(f + '#' + n.name.text, { file: f, path: p, version, methods, cls: n.name.text });
        }
        if (c.name === 'Module' && c.args[0] && ts.isObjectLiteralExpression(c.args[0])) {
          for (const pr of c.args[0].properties) {
            if (ts.isPropertyAssignment(pr) && pr.name.getText() === 'controllers') {
              // [A, B] or [...getControllers()] (organization.module.ts): collect every identifier inside
              const ids = [];
              pr.initializer.forEachChild(function walk(x) { if (ts.isIdentifier(x)) ids.push(x.text); x.forEachChild(walk); });
              for (const id of ids) registered.set((imps.get(id) || f) + '#' + id, f);
            }
          }
        }
      }
    }
    ts.forEachChild(n, visit);
  });
}
registered.set('apps/api/src/app/auth/auth.controller.ts#AuthController', 'apps/api/src/app/auth/community.auth.module.config.ts'); // controllers: [AuthController] in getCommunityAuthModuleConfig()
// getControllers() in organization.module.ts returns EEOrganizationController or OrganizationController
registered.set('apps/api/src/app/organization/organization.controller.ts#OrganizationController', 'apps/api/src/app/organization/organization.module.ts');
registered.set('apps/api/src/app/organization/ee.organization.controller.ts#EEOrganizationController', 'apps/api/src/app/organization/organization.module.ts');

function join(...parts) {
  const s = '/' + parts.flat().filter((x) => x !== undefined && x !== '').map((x) => String(x).replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
  return s.replace(/\/+/g, '/');
}
const routes = [];
const unregistered = [];
for (const c of controllers.values()) {
  if (!registered.has(c.file + '#' + c.cls)) { unregistered.push(c.file + ' ' + c.cls); continue; }
  const app = appOf(c.file);
  const cpaths = Array.isArray(c.path) ? c.path : [c.path];
  for (const m of c.methods) {
    const mpaths = Array.isArray(m.path) ? m.path : [m.path];
    for (const cp of cpaths) for (const mp of mpaths) {
      let prefix = [];
      if (app === 'api') prefix = ['v' + (m.version || c.version || '1')];
      if (app === 'worker') prefix = ['v1'];
      const p = join(prefix, cp, mp);
      routes.push({ method: m.verb, path: p, module: c.file, app, handler: `${c.cls}.${m.handler}` });
    }
  }
}
fs.writeFileSync(outFile('routes.draft.json'), JSON.stringify(routes, null, 1));
console.log('routes', routes.length, 'unregistered controllers:', unregistered);
const seen = new Map();
for (const r of routes) { const k = r.method + ' ' + r.path.replace(/:[^/]+/g, ':p'); if (seen.has(k)) console.log('DUP', k, seen.get(k), r.handler); else seen.set(k, r.handler); }

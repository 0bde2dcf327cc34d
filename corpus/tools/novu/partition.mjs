// Reference partition of novu's backend scope.
// Units: the NestJS @Modules of the api app (one per apps/api/src/app/<feature>/ folder, environments-v1 holding two)
// and of the worker / ws / webhook apps; `shared` for libs (dal, application-generic, packages/shared),
// the apps' own SharedModules (apps/*/src/app/shared, apps/{ws,webhook}/src/shared), and app wiring
// (main.ts, bootstrap.ts, app.module.ts, app.controller/service, config/, instrument.ts, newrelic.ts, types/, exception-filter.ts).
// A file goes to the @Module whose controllers/providers list its class (identifiers resolved through imports,
// `...USE_CASES` arrays followed into usecases/index.ts); a file no module lists goes to the module of the
// nearest folder that holds a *.module.ts (environments-v1: the module listing the nearest listed sibling file).
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, scopeFiles, outFile } from './scope.mjs';

const files = scopeFiles();
const read = (f) => fs.readFileSync(path.join(REPO, f), 'utf8');
const parse = (f) => ts.createSourceFile(f, read(f), ts.ScriptTarget.Latest, true);
function resolveRel(from, spec) {
  const base = path.join(path.dirname(from), spec);
  for (const c of [base + '.ts', base + '/index.ts']) if (fs.existsSync(path.join(REPO, c))) return c;
  return null;
}
// find the file that declares `name` (class or const), following relative re-exports
function declaring(file, name, depth = 0) {
  if (!file || depth > 6) return null;
  const sf = parse(file);
  for (const st of sf.statements) {
    if ((ts.isClassDeclaration(st) || ts.isFunctionDeclaration(st)) && st.name && st.name.text === name) return { file, node: st };
    if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (d.name.getText() === name) return { file, node: d };
  }
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && st.importClause && st.importClause.namedBindings && ts.isNamedImports(st.importClause.namedBindings) && st.moduleSpecifier.text.startsWith('.')) {
      for (const el of st.importClause.namedBindings.elements) if (el.name.text === name) return declaring(resolveRel(file, st.moduleSpecifier.text), (el.propertyName || el.name).text, depth + 1);
    }
    if (ts.isExportDeclaration(st) && st.moduleSpecifier && st.moduleSpecifier.text.startsWith('.')) {
      if (st.exportClause && ts.isNamedExports(st.exportClause)) {
        const el = st.exportClause.elements.find((e) => e.name.text === name);
        if (el) return declaring(resolveRel(file, st.moduleSpecifier.text), (el.propertyName || el.name).text, depth + 1);
      } else if (!st.exportClause) {
        const r = declaring(resolveRel(file, st.moduleSpecifier.text), name, depth + 1);
        if (r) return r;
      }
    }
  }
  return null;
}
// identifiers listed by an array-ish expression, following consts holding arrays
function listed(file, expr, out, depth = 0) {
  if (!expr || depth > 6) return;
  if (ts.isArrayLiteralExpression(expr)) for (const e of expr.elements) listed(file, ts.isSpreadElement(e) ? e.expression : e, out, depth + 1);
  else if (ts.isIdentifier(expr)) {
    const d = declaring(file, expr.text);
    if (!d) return;
    if (ts.isVariableDeclaration(d.node) && d.node.initializer && ts.isArrayLiteralExpression(d.node.initializer)) listed(d.file, d.node.initializer, out, depth + 1);
    else if (ts.isClassDeclaration(d.node)) out.add(d.file);
  } else if (ts.isObjectLiteralExpression(expr)) {
    for (const p of expr.properties) if (ts.isPropertyAssignment(p) && ['useClass', 'useExisting'].includes(p.name.getText())) listed(file, p.initializer, out, depth + 1);
  } else if (ts.isCallExpression(expr)) {
    // e.g. forwardRef(() => X) in imports only; ignore
  }
}
const appOf = (f) => (f.match(/^apps\/([^/]+)\//) || [])[1];
const modules = []; // {file, name, app, members:Set(file)}
for (const f of files.filter((f) => /^apps\/(api|worker|ws|webhook)\/src\/.*\.module\.ts$/.test(f))) {
  const sf = parse(f);
  ts.forEachChild(sf, function visit(n) {
    if (ts.isClassDeclaration(n) && n.name) {
      for (const d of ts.getDecorators(n) || []) {
        if (!ts.isCallExpression(d.expression) || d.expression.expression.getText() !== 'Module') continue;
        const members = new Set([f]);
        const arg = d.expression.arguments[0];
        if (arg && ts.isObjectLiteralExpression(arg)) {
          for (const p of arg.properties) if (ts.isPropertyAssignment(p) && ['controllers', 'providers'].includes(p.name.getText())) listed(f, p.initializer, members);
        }
        modules.push({ file: f, name: n.name.text, app: appOf(f), members });
      }
    }
  });
}
// AuthModule's metadata comes from getCommunityAuthModuleConfig() / getEEModuleConfig() (auth.module.ts:14)
{
  const auth = modules.find((m) => m.file === 'apps/api/src/app/auth/auth.module.ts');
  for (const cfg of ['apps/api/src/app/auth/community.auth.module.config.ts', 'apps/api/src/app/auth/ee.auth.module.config.ts']) {
    auth.members.add(cfg);
    const sf = parse(cfg);
    sf.forEachChild(function walk(x) {
      if (ts.isPropertyAssignment(x) && ['controllers', 'providers'].includes(x.name.getText())) listed(cfg, x.initializer, auth.members);
      x.forEachChild(walk);
    });
  }
}
const SHARED = [
  /^(libs|packages)\//,
  /^apps\/[^/]+\/src\/(main|bootstrap|app\.module|app\.controller|app\.service|instrument|newrelic|exception-filter)\.ts$/,
  /^apps\/[^/]+\/src\/(config|types)\//,
  /^apps\/(api|worker)\/src\/app\/shared\//,
  /^apps\/(ws|webhook)\/src\/shared\//,
  /^apps\/api\/src\/app\/pipes\//,
];
const unitName = (m) => (m.name === 'SharedModule' ? 'shared' : `${m.app}:${m.name}`); // an app's SharedModule is common infrastructure
const byFile = new Map();
const conflicts = [];
for (const m of modules) for (const f of m.members) {
  if (!files.includes(f)) continue;
  if (byFile.has(f) && byFile.get(f) !== m) conflicts.push(`${f}: ${unitName(byFile.get(f))} & ${unitName(m)}`);
  // prefer the module of the file's own feature folder
  const mine = (mm) => f.startsWith(path.dirname(mm.file) + '/');
  if (!byFile.has(f) || (!mine(byFile.get(f)) && mine(m))) byFile.set(f, m);
}
const units = {};
const notes = [];
for (const f of files) {
  if (SHARED.some((r) => r.test(f))) { units[f] = 'shared'; continue; }
  let m = byFile.get(f);
  if (m && m.app === appOf(f) && !f.startsWith(path.dirname(m.file) + '/')) notes.push(`listed outside its folder: ${f} -> ${unitName(m)}`);
  if (!m) {
    // nearest folder holding a module file; if it holds several, the module of the nearest listed file below that folder
    for (let d = path.dirname(f); d.startsWith('apps/'); d = path.dirname(d)) {
      const here = modules.filter((mm) => path.dirname(mm.file) === d);
      if (here.length === 1) { m = here[0]; break; }
      if (here.length > 1) {
        for (let e = path.dirname(f); e.length >= d.length && !m; e = path.dirname(e)) {
          const sib = [...byFile.entries()].filter(([g, mm]) => here.includes(mm) && path.dirname(g) === e);
          if (sib.length) m = sib[0][1];
        }
        if (!m) m = here.find((mm) => !/novu-bridge/.test(mm.file));
        break;
      }
    }
  }
  if (!m) { notes.push(`no module: ${f}`); units[f] = 'shared'; continue; }
  units[f] = unitName(m);
}
fs.writeFileSync(outFile('partition.draft.json'), JSON.stringify(units, null, 1));
const count = {};
for (const u of Object.values(units)) count[u] = (count[u] || 0) + 1;
console.log(Object.keys(units).length, 'modules', Object.keys(count).length, 'units');
console.log(count);
console.log('conflicts (file listed by two modules):\n ' + conflicts.join('\n '));
console.log(notes.join('\n'));

// Draft of umami's served routes: every tracked src/app/**/route.ts, the HTTP-method names it exports
// (function declarations, const declarations, export { x as GET }), path from the folders:
// route groups "(x)" dropped, "[x]" -> ":x", "[...x]"/"[[...x]]" -> ":x". basePath (BASE_PATH env, default '') adds nothing.
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join, resolve } from 'node:path';
const root = resolve(process.argv[2] ?? '/work/main/corpus/repos/umami');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const files = execSync('git ls-files', { cwd: root }).toString().split('\n').filter((f) => /^src\/app\/.*\/route\.(ts|js)$/.test(f));
const routes = [];
for (const f of files.sort()) {
  const sf = ts.createSourceFile(f, readFileSync(join(root, f), 'utf8'), ts.ScriptTarget.Latest, true);
  const exported = new Set();
  for (const st of sf.statements) {
    const isExp = st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (isExp && ts.isFunctionDeclaration(st) && st.name) exported.add(st.name.text);
    if (isExp && ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) exported.add(d.name.text);
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) for (const e of st.exportClause.elements) exported.add(e.name.text);
  }
  const segs = f.replace(/^src\/app\//, '').split('/').slice(0, -1)
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => s.replace(/^\[\[?\.\.\.(.+?)\]\]?$/, ':$1').replace(/^\[(.+)\]$/, ':$1'));
  const path = '/' + segs.join('/');
  for (const m of METHODS) if (exported.has(m)) routes.push({ method: m, path, module: f });
  const other = [...exported].filter((x) => !METHODS.includes(x));
  if (other.length) console.error(f, 'other exports:', other.join(','));
}
console.log(JSON.stringify(routes, null, 1));
console.error(routes.length, 'routes from', files.length, 'files');

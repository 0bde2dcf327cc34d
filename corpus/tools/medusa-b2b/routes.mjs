// Draft of medusa-b2b's served routes: every tracked backend/src/api/**/route.ts, the HTTP-method names it
// exports, path = folders under backend/src/api with "[x]" -> ":x" (Medusa v2 file-based routing; no prefix).
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join, resolve } from 'node:path';
const root = resolve(process.argv[2] ?? '/work/main/corpus/repos/medusa-b2b');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const files = execSync('git ls-files backend/src/api', { cwd: root }).toString().split('\n').filter((f) => /\/route\.(ts|js)$/.test(f));
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
  const segs = f.replace(/^backend\/src\/api\//, '').split('/').slice(0, -1)
    .map((s) => s.replace(/^\[\[?\.\.\.(.+?)\]\]?$/, ':$1').replace(/^\[(.+)\]$/, ':$1'));
  const path = '/' + segs.join('/');
  const ms = METHODS.filter((m) => exported.has(m));
  for (const m of ms) routes.push({ method: m, path, module: f });
  const other = [...exported].filter((x) => !METHODS.includes(x));
  console.error(ms.join(',').padEnd(18), f, other.length ? `other exports: ${other.join(',')}` : '');
}
console.log(JSON.stringify(routes, null, 1));
console.error(routes.length, 'routes from', files.length, 'files');

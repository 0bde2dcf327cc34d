// Import closure of umami's server entry points (route handlers), read as ASTs only.
// Usage: node imports.mjs [repoRoot]  -> prints reached files under src/ grouped by folder
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join, dirname, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? '/work/main/corpus/repos/umami');
const files = execSync('git ls-files', { cwd: root }).toString().split('\n').filter((f) => /\.(ts|tsx|mts|cts)$/.test(f));
const fileSet = new Set(files);
const exts = ['.ts', '.tsx', '.js', '/index.ts', '/index.tsx'];
function resolveSpec(from, spec) {
  let base;
  if (spec.startsWith('@/')) base = join('src', spec.slice(2));
  else if (spec.startsWith('.')) base = join(dirname(from), spec);
  else return null;
  if (fileSet.has(base)) return base;
  for (const e of exts) if (fileSet.has(base + e)) return base + e;
  return null;
}
export function importsOf(f) {
  const src = readFileSync(join(root, f), 'utf8');
  const sf = ts.createSourceFile(f, src, ts.ScriptTarget.Latest, true);
  const out = [];
  const visit = (n) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      if (!(ts.isImportDeclaration(n) && n.importClause?.isTypeOnly)) out.push(n.moduleSpecifier.text);
    } else if (ts.isCallExpression(n) && (n.expression.kind === ts.SyntaxKind.ImportKeyword) && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) out.push(n.arguments[0].text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out.map((s) => resolveSpec(f, s)).filter(Boolean);
}
const isTest = (f) => /\.(test|spec)\.tsx?$/.test(f) || /(^|\/)(__tests__|test|e2e)\//.test(f);
const entries = files.filter((f) => /^src\/app\/.*route\.ts$/.test(f));
const seen = new Set(); const stack = [...entries];
while (stack.length) { const f = stack.pop(); if (seen.has(f)) continue; seen.add(f); for (const g of importsOf(f)) stack.push(g); }
const byDir = {};
for (const f of [...seen].sort()) { const d = f.split('/').slice(0, 2).join('/'); (byDir[d] ??= []).push(f); }
for (const [d, fs] of Object.entries(byDir)) console.log(d, fs.length, d.startsWith('src/app') ? '' : fs.join(' '));
const libAll = files.filter((f) => /^src\/(lib|queries|permissions)\//.test(f) && !isTest(f));
console.log('NOT reached from route handlers:', libAll.filter((f) => !seen.has(f)).join(' '));

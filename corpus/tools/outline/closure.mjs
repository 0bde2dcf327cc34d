// Which files under shared/ (and plugins/*/shared) the backend (server/**, plugins/*/server/**)
// imports, transitively. Resolves @server/*, @shared/*, plugins/* aliases from tsconfig.json and
// relative imports; reads text only. Usage: node closure.mjs
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, dirname, normalize } from 'node:path';
import { execSync } from 'node:child_process';

const repo = '/work/main/corpus/repos/outline';
const tracked = new Set(execSync('git ls-files', { cwd: repo }).toString().split('\n'));
const isTest = (f) => /\.test\.tsx?$|__tests__|(^|\/)test\/|__mocks__/.test(f);
function resolveFile(base) {
  for (const c of [base, base + '.ts', base + '.tsx', base + '/index.ts', base + '/index.tsx', base + '.json']) {
    if (tracked.has(c) && existsSync(join(repo, c)) && statSync(join(repo, c)).isFile()) return c;
  }
  return null;
}
export function resolveImport(from, spec) {
  let base;
  if (spec.startsWith('.')) base = normalize(join(dirname(from), spec));
  else if (spec.startsWith('@server/')) base = 'server/' + spec.slice(8);
  else if (spec.startsWith('@shared/')) base = 'shared/' + spec.slice(8);
  else if (spec.startsWith('~/')) base = 'app/' + spec.slice(2);
  else if (spec.startsWith('plugins/')) base = spec;
  else return null;
  return resolveFile(base);
}
export function importsOf(f, skipTypes = true) {
  const src = ts.createSourceFile(f, readFileSync(join(repo, f), 'utf8'), ts.ScriptTarget.Latest, true);
  const specs = [];
  const visit = (n) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(n) ? n.importClause?.isTypeOnly : n.isTypeOnly;
      if (!typeOnly || !skipTypes) specs.push(n.moduleSpecifier.text);
    }
    if (ts.isCallExpression(n) && (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require')) && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) specs.push(n.arguments[0].text);
    ts.forEachChild(n, visit);
  };
  visit(src);
  return specs.map((s) => resolveImport(f, s)).filter(Boolean);
}
if (import.meta.url === `file://${process.argv[1]}`) {
  const roots = [...tracked].filter((f) => /\.tsx?$/.test(f) && !isTest(f) && (/^server\//.test(f) && !/^server\/(migrations|scripts)\//.test(f) || /^plugins\/[^/]+\/server\//.test(f)));
  const seen = new Set(roots); const queue = [...roots];
  while (queue.length) { const f = queue.pop(); if (!/\.tsx?$/.test(f)) continue; for (const d of importsOf(f)) if (!seen.has(d)) { seen.add(d); queue.push(d); } }
  const outside = [...seen].filter((f) => !roots.includes(f)).sort();
  const byDir = {};
  for (const f of outside) { const k = f.split('/').slice(0, f.startsWith('plugins/') ? 3 : 2).join('/'); (byDir[k] ??= []).push(f); }
  for (const [k, v] of Object.entries(byDir)) console.log(k, v.length, v.length < 8 ? v.join(' ') : '');
}

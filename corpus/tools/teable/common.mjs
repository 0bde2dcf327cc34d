// Shared helpers for the teable expectation scripts (our own code; reads text/AST only).
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = '/work/main/corpus/repos/teable';
export { ts };

export const SCOPE = ['apps/nestjs-backend', 'packages/core', 'packages/openapi', 'packages/db-main-prisma'];
const EXCLUDE = [
  /\.(spec|test)\.tsx?$/, /(^|\/)__tests__\//, /^apps\/nestjs-backend\/test\//, /(^|\/)e2e\//,
  /(^|\/)vitest[^/]*\.ts$/, /^packages\/db-main-prisma\/prisma\/seed\.ts$/, /^packages\/db-main-prisma\/src\/seeds\//,
];
export function isExcluded(f) { return EXCLUDE.some((re) => re.test(f)); }

export function scopeFiles() {
  const all = execSync('git ls-files', { cwd: REPO, encoding: 'utf8' }).split('\n').filter(Boolean);
  return all.filter((f) => /\.(ts|tsx|mts|cts)$/.test(f))
    .filter((f) => SCOPE.some((p) => f.startsWith(p + '/')))
    .filter((f) => !isExcluded(f));
}

export function allTsFiles() {
  const all = execSync('git ls-files', { cwd: REPO, encoding: 'utf8' }).split('\n').filter(Boolean);
  return all.filter((f) => /\.(ts|tsx|mts|cts)$/.test(f));
}

const cache = new Map();
export function parse(f) {
  if (!cache.has(f)) {
    const text = readFileSync(join(REPO, f), 'utf8');
    cache.set(f, ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true, f.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS));
  }
  return cache.get(f);
}

export function walk(node, fn) { fn(node); ts.forEachChild(node, (c) => walk(c, fn)); }

export function decorators(node) {
  return (ts.canHaveDecorators?.(node) ? ts.getDecorators(node) : node.decorators) ?? [];
}
export function decoName(d) {
  const e = d.expression;
  if (ts.isCallExpression(e)) return ts.isIdentifier(e.expression) ? e.expression.text : e.expression.getText();
  return e.getText();
}
export function lineOf(sf, node) { return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1; }

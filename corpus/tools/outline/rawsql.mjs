// Lists raw SQL in scope: `*.query(<sql>)` on a sequelize instance and `Sequelize.literal(<sql>)` /
// `sequelize.literal(<sql>)` fragments, with the table names a regex finds after
// FROM / JOIN / INTO / UPDATE / DELETE FROM. A first draft only: every hit was read by hand.
// Usage: node rawsql.mjs
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
const repo = '/work/main/corpus/repos/outline';
const isTest = (f) => /\.test\.tsx?$|__tests__|(^|\/)test\/|__mocks__/.test(f);
const inScope = (f) => /\.tsx?$/.test(f) && !/\.d\.ts$/.test(f) && !isTest(f) && (
  (/^server\//.test(f) && !/^server\/(migrations|scripts)\//.test(f)) || /^plugins\/[^/]+\/(server|shared)\//.test(f));
const files = execSync('git ls-files', { cwd: repo }).toString().split('\n').filter(inScope);
const textOf = (n) => {
  if (!n) return '';
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isTemplateExpression(n)) return n.head.text + n.templateSpans.map((s) => '${' + s.expression.getText() + '}' + s.literal.text).join('');
  if (ts.isBinaryExpression(n)) return textOf(n.left) + textOf(n.right);
  if (ts.isIdentifier(n)) return `<ident ${n.text}>`;
  return `<${ts.SyntaxKind[n.kind]}>`;
};
const re = /\b(?:FROM|JOIN|INTO|UPDATE|DELETE\s+FROM|TABLE(?:\s+IF\s+(?:NOT\s+)?EXISTS)?)\s+("?[A-Za-z_][A-Za-z0-9_]*"?|\$\{[^}]+\})/gi;
for (const f of files) {
  const sf = ts.createSourceFile(f, readFileSync(join(repo, f), 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (n) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const name = n.expression.name.text; const recv = n.expression.expression.getText();
      if ((name === 'query' && /sequelize|transaction|instance/i.test(recv)) || (name === 'literal' && /^sequelize$/i.test(recv))) {
        const sql = textOf(n.arguments[0]);
        const tables = [...sql.matchAll(re)].map((m) => m[1].replace(/"/g, ''));
        const line = sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
        if (name === 'query' || tables.length) console.log(`${f}:${line} ${recv}.${name} tables=[${[...new Set(tables)].join(',')}] :: ${sql.replace(/\s+/g, ' ').slice(0, 260)}`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}

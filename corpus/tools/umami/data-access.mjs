// First draft of umami's readers/writers (AST only, never executes the repo).
// Rules:
//  - Prisma delegate call  <recv>.<modelDelegate>.<op>(...)  -> table of the model (@@map), read/write by op
//    (recv is prisma.client / a destructured `client` / an interactive-transaction `tx`)
//  - prisma.pagedQuery('<model>', ...)  -> read of that model's table (findMany + count on client[model])
//  - clickhouse insert('<table>', ...)  -> write of that table
//  - SQL text in string/template literals: from/join <t> -> read; insert into/update/delete from/alter table <t> -> write
//    (only names of declared tables count; other identifiers after from/join are printed for review: CTEs, aliases)
// Nested include/select/relation filters inside a delegate call are NOT attributed (see method.dataAccess).
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? '/work/main/corpus/repos/umami');
// Prisma models -> table (@@map), parsed from the schema text
const schema = readFileSync(join(root, 'prisma/schema.prisma'), 'utf8');
const modelTable = {};
for (const m of schema.matchAll(/model\s+(\w+)\s*\{([\s\S]*?)\n\}/g)) {
  const map = m[2].match(/@@map\("([^"]+)"\)/);
  modelTable[m[1][0].toLowerCase() + m[1].slice(1)] = map ? map[1] : m[1];
}
const chSchema = readFileSync(join(root, 'db/clickhouse/schema.sql'), 'utf8');
const chTables = [...chSchema.matchAll(/CREATE TABLE\s+umami\.(\w+)/gi)].map((m) => m[1]);
const known = new Set([...Object.values(modelTable), ...chTables]);
const READ = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy']);
const WRITE = new Set(['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany']);

const isTest = (f) => /\.(test|spec)\.tsx?$/.test(f) || /(^|\/)(__tests__|test|e2e)\//.test(f);
const CLIENT_ONLY = new Set(['charts', 'client', 'colors', 'fetch', 'filters', 'format', 'get-base-url', 'match-configured-path', 'react', 'storage', 'sql'].map((n) => `src/lib/${n}.ts`));
const files = execSync('git ls-files', { cwd: root }).toString().split('\n')
  .filter((f) => /\.ts$/.test(f) && !isTest(f))
  .filter((f) => /^src\/(lib|queries|permissions)\//.test(f) || /^src\/app\/.*\/route\.ts$/.test(f))
  .filter((f) => !CLIENT_ONLY.has(f));

const acc = {}; // table -> {readers:Set, writers:Set}
const add = (t, kind, f, why) => { (acc[t] ??= { readers: new Set(), writers: new Set(), why: [] }); acc[t][kind].add(f); acc[t].why.push(`${kind[0]} ${f} ${why}`); };
const unknown = [];
for (const f of files) {
  const src = readFileSync(join(root, f), 'utf8');
  const sf = ts.createSourceFile(f, src, ts.ScriptTarget.Latest, true);
  const line = (n) => sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
  const sqlTexts = [];
  const visit = (n) => {
    if (ts.isCallExpression(n)) {
      const e = n.expression;
      if (ts.isPropertyAccessExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
        const op = e.name.text, model = e.expression.name.text;
        if (modelTable[model] && (READ.has(op) || WRITE.has(op))) add(modelTable[model], READ.has(op) ? 'readers' : 'writers', f, `${e.expression.getText()}.${op} :${line(n)}`);
      }
      const callee = ts.isPropertyAccessExpression(e) ? e.name.text : ts.isIdentifier(e) ? e.text : '';
      const a0 = n.arguments[0];
      if (callee === 'pagedQuery' && a0 && ts.isStringLiteral(a0)) add(modelTable[a0.text], 'readers', f, `pagedQuery('${a0.text}') :${line(n)}`);
      if (callee === 'insert' && a0 && ts.isStringLiteral(a0)) add(a0.text, 'writers', f, `insert('${a0.text}') :${line(n)}`);
    }
    if (ts.isNoSubstitutionTemplateLiteral(n) || ts.isStringLiteral(n)) sqlTexts.push([n.text, line(n)]);
    if (ts.isTemplateExpression(n)) sqlTexts.push([n.head.text + n.templateSpans.map((s) => ' ${} ' + s.literal.text).join(''), line(n)]);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  for (const [text, ln] of sqlTexts) {
    if (!/\b(select|insert|update|delete|join|from)\b/i.test(text)) continue;
    for (const m of text.matchAll(/\b(from|join)\s+(?:umami\.)?([a-z_][a-z0-9_]*)/gi)) {
      const t = m[2];
      if (known.has(t)) add(t, 'readers', f, `sql ${m[1]} ${t} :${ln}`);
      else unknown.push(`${f}:${ln} ${m[1]} ${t}`);
    }
    for (const m of text.matchAll(/\b(insert\s+into|update|delete\s+from|alter\s+table|truncate(?:\s+table)?)\s+(?:umami\.)?([a-z_][a-z0-9_]*)/gi)) {
      const t = m[2];
      if (known.has(t)) add(t, 'writers', f, `sql ${m[1]} ${t} :${ln}`);
      else if (!/^(set|on)$/i.test(t)) unknown.push(`${f}:${ln} ${m[1]} ${t}`);
    }
  }
}
const out = {};
for (const t of [...known].sort()) out[t] = { readers: [...(acc[t]?.readers ?? [])].sort(), writers: [...(acc[t]?.writers ?? [])].sort() };
for (const t of Object.keys(acc)) if (!known.has(t)) out[t] = { readers: [...acc[t].readers], writers: [...acc[t].writers], unknownTable: true };
console.log(JSON.stringify(out, null, 1));
if (process.env.WHY) for (const t of Object.keys(acc)) for (const w of acc[t].why) console.error(t, w);
console.error('non-table identifiers after from/join/write keywords (review):');
for (const u of unknown) console.error('  ', u);
console.error(files.length, 'files scanned');

// First-draft extractor for lujakob-realworld (NestJS + TypeORM). Reads ASTs only; never runs the repo.
// Prints: routes (global prefix + @Controller path + method decorator path), entities (@Entity name or
// DefaultNamingStrategy snake_case of the class name, @JoinTable owners), and repository calls
// (this.<repo>.<method> where <repo> is an @InjectRepository(Entity) parameter, getRepository(Entity).*).
// Usage: node draft.mjs [repoRoot]
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.argv[2] ?? new URL('../../repos/lujakob-realworld', import.meta.url).pathname;
const files = [];
(function walk(d) { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) walk(p); else if (/\.ts$/.test(f) && !/\.(spec|test)\.ts$/.test(f)) files.push(p); } })(join(root, 'src'));

const snake = (s) => s.replace(/(?:([a-z])([A-Z]))|(?:((?!^)[A-Z])([a-z]))/g, '$1_$3$2$4').toLowerCase();
const lit = (n) => n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined;
const decos = (n) => (ts.canHaveDecorators(n) ? ts.getDecorators(n) ?? [] : []).map((d) => ({ name: ts.isCallExpression(d.expression) ? d.expression.expression.getText() : d.expression.getText(), args: ts.isCallExpression(d.expression) ? d.expression.arguments : [] }));
const READ = /^(find|findOne|findOneOrFail|findByIds|findAndCount|count|query|getOne|getMany|getCount|getRawMany|getRawOne|getManyAndCount|exist|exists)$/;
const WRITE = /^(save|insert|update|upsert|delete|remove|softDelete|softRemove|restore|increment|decrement|clear|execute)$/;

let prefix = '';
const routes = [], entities = [], access = new Set();
for (const f of files) {
  const rel = relative(root, f);
  const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
  const repoProps = new Map();
  const visit = (n) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'setGlobalPrefix') prefix = lit(n.arguments[0]) ?? prefix;
    if (ts.isClassDeclaration(n)) {
      for (const d of decos(n)) {
        if (d.name === 'Controller') {
          const cp = d.args[0] ? lit(d.args[0]) : '';
          for (const m of n.members) for (const md of decos(m)) if (/^(Get|Post|Put|Patch|Delete|All|Head|Options)$/.test(md.name))
            routes.push({ method: md.name.toUpperCase(), sub: [cp, md.args[0] ? lit(md.args[0]) : ''], module: rel, handler: `${n.name.text}.${m.name.getText()}` });
        }
        if (d.name === 'Entity') entities.push({ name: d.args[0] ? lit(d.args[0]) : snake(n.name.text), entity: n.name.text, module: rel });
      }
      for (const m of n.members) if (ts.isPropertyDeclaration(m)) for (const md of decos(m)) if (md.name === 'JoinTable') entities.push({ joinTableOf: `${n.name.text}.${m.name.getText()}`, module: rel });
      for (const m of n.members) if (ts.isConstructorDeclaration(m)) for (const p of m.parameters) for (const pd of decos(p)) if (pd.name === 'InjectRepository') repoProps.set(p.name.getText(), pd.args[0].getText());
    }
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const meth = n.expression.name.text, obj = n.expression.expression;
      let ent;
      if (ts.isPropertyAccessExpression(obj) && obj.expression.kind === ts.SyntaxKind.ThisKeyword) ent = repoProps.get(obj.name.text);
      if (ts.isCallExpression(obj) && obj.expression.getText() === 'getRepository') ent = obj.arguments[0].getText() + '(getRepository)';
      if (ent) access.add(`${rel}\t${ent}\t${READ.test(meth) ? 'read' : WRITE.test(meth) ? 'write' : '?' + meth}\tL${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
const join2 = (...p) => ('/' + p.filter(Boolean).join('/')).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
console.log('global prefix:', prefix);
for (const r of routes) console.log(r.method, join2(prefix, ...r.sub), r.module, r.handler);
console.log('\nentities:'); for (const e of entities) console.log(JSON.stringify(e));
console.log('\naccess:'); for (const a of [...access].sort()) console.log(a);

// First-draft extractor for mikroorm-realworld (NestJS + MikroORM). Reads ASTs only; never runs the repo.
// Prints: routes (setGlobalPrefix + @Controller + method decorators), entities (UnderscoreNamingStrategy:
// underscore(class); @ManyToMany owners -> pivotTable or <owner>_<property>), and data-access calls:
// this.<repo>.<m>() where <repo> is @InjectRepository(E) or typed with a custom repository bound by
// @Entity({ repository: () => R }), this.em.<m>(E, ...), em.flush()/persist() (unit of work, listed for
// hand review), kysely selectFrom('<Entity>'), and populate: [...] hints (pivot reads).
// Usage: node draft.mjs [repoRoot]
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.argv[2] ?? new URL('../../repos/mikroorm-realworld', import.meta.url).pathname;
const files = [];
(function walk(d) { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) { if (!/^(migrations|seeders|test)$/.test(f)) walk(p); } else if (/\.ts$/.test(f) && !/\.(spec|test)\.ts$/.test(f)) files.push(p); } })(join(root, 'src'));

const underscore = (s) => s.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
const lit = (n) => n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined;
const decos = (n) => (ts.canHaveDecorators(n) ? ts.getDecorators(n) ?? [] : []).map((d) => ({ name: ts.isCallExpression(d.expression) ? d.expression.expression.getText() : d.expression.getText(), args: ts.isCallExpression(d.expression) ? d.expression.arguments : [] }));
const READ = /^(find|findOne|findOneOrFail|findAll|findAndCount|findByCursor|count|populate|getReference|refresh|selectFrom|execute(TakeFirst(OrThrow)?)?)$/;
const WRITE = /^(persist|persistAndFlush|flush|remove|removeAndFlush|nativeDelete|nativeUpdate|insert|insertMany|upsert|upsertMany|create|assign)$/;

const sfs = files.map((f) => ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true));
// pass 1: entities and custom repositories
const customRepo = new Map(); const entities = [];
for (const sf of sfs) ts.forEachChild(sf, function v(n) {
  if (ts.isClassDeclaration(n)) for (const d of decos(n)) if (d.name === 'Entity') {
    const opts = d.args[0] && ts.isObjectLiteralExpression(d.args[0]) ? d.args[0] : undefined;
    const tn = opts?.properties.find((p) => p.name?.getText() === 'tableName');
    const rp = opts?.properties.find((p) => p.name?.getText() === 'repository');
    if (rp) customRepo.set(rp.initializer.getText().replace(/^\(\)\s*=>\s*/, ''), n.name.text);
    entities.push({ name: tn ? lit(tn.initializer) : underscore(n.name.text), entity: n.name.text, module: relative(root, sf.fileName) });
    for (const m of n.members) for (const md of decos(m)) if (md.name === 'ManyToMany') {
      const o = md.args.find((a) => ts.isObjectLiteralExpression(a));
      const get = (k) => o?.properties.find((p) => p.name?.getText() === k)?.initializer;
      const owner = !md.args.some((a, i) => i === 1 && ts.isArrowFunction(a)) && !get('mappedBy') || get('owner')?.getText() === 'true' || !!get('inversedBy');
      if (owner) entities.push({ pivot: lit(get('pivotTable')) ?? `${underscore(n.name.text)}_${underscore(m.name.getText())}`, of: `${n.name.text}.${m.name.getText()}` });
    }
  }
  ts.forEachChild(n, v);
});
let prefix = ''; const routes = [], access = new Set();
for (const sf of sfs) {
  const rel = relative(root, sf.fileName); const props = new Map();
  const line = (n) => sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
  const visit = (n) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'setGlobalPrefix') prefix = lit(n.arguments[0]) ?? prefix;
    if (ts.isClassDeclaration(n)) {
      for (const d of decos(n)) if (d.name === 'Controller') {
        const cp = d.args[0] ? lit(d.args[0]) : '';
        for (const m of n.members) for (const md of decos(m)) if (/^(Get|Post|Put|Patch|Delete|All|Head|Options)$/.test(md.name))
          routes.push({ method: md.name.toUpperCase(), sub: [cp, md.args[0] ? lit(md.args[0]) : ''], module: rel, handler: `${n.name.text}.${m.name.getText()}` });
      }
      for (const m of n.members) if (ts.isConstructorDeclaration(m)) for (const p of m.parameters) {
        const inj = decos(p).find((d) => d.name === 'InjectRepository');
        const t = p.type?.getText() ?? '';
        if (inj) props.set(p.name.getText(), inj.args[0].getText());
        else if (customRepo.has(t)) props.set(p.name.getText(), customRepo.get(t));
        else if (/EntityManager/.test(t)) props.set(p.name.getText(), 'EM');
      }
    }
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const meth = n.expression.name.text; let obj = n.expression.expression;
      if (ts.isCallExpression(obj) && ts.isPropertyAccessExpression(obj.expression)) obj = obj.expression.expression; // em.remove(x).flush()
      if (ts.isPropertyAccessExpression(obj) && obj.expression.kind === ts.SyntaxKind.ThisKeyword && props.has(obj.name.text)) {
        let ent = props.get(obj.name.text);
        if (ent === 'EM') ent = n.arguments[0] && ts.isIdentifier(n.arguments[0]) && /^[A-Z]/.test(n.arguments[0].text) ? n.arguments[0].text : 'EM(unit of work: ' + (n.arguments[0]?.getText() ?? '') + ')';
        access.add(`${rel}\t${ent}\t${READ.test(meth) ? 'read' : WRITE.test(meth) ? 'write' : '?' + meth}\t${meth}\tL${line(n)}`);
      }
      if (meth === 'selectFrom' || meth === 'insertInto' || meth === 'updateTable' || meth === 'deleteFrom') access.add(`${rel}\tkysely:${lit(n.arguments[0])}\t${meth === 'selectFrom' ? 'read' : 'write'}\t${meth}\tL${line(n)}`);
    }
    if (ts.isPropertyAssignment(n) && n.name.getText() === 'populate' && ts.isArrayLiteralExpression(n.initializer)) access.add(`${rel}\tpopulate ${n.initializer.getText()}\tread\tpopulate\tL${line(n)}`);
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && /^(add|remove)$/.test(n.expression.name.text) && ts.isPropertyAccessExpression(n.expression.expression)) access.add(`${rel}\tcollection ${n.expression.expression.getText()}.${n.expression.name.text}\twrite?\tcollection\tL${line(n)}`);
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
const join2 = (...p) => ('/' + p.filter(Boolean).join('/')).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
console.log('global prefix:', prefix, '\ncustom repositories:', JSON.stringify([...customRepo]));
for (const r of routes) console.log(r.method, join2(prefix, ...r.sub), r.module, r.handler);
console.log('\nentities:'); for (const e of entities) console.log(JSON.stringify(e));
console.log('\naccess:'); for (const a of [...access].sort()) console.log(a);

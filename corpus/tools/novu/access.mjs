// Draft of novu's Mongoose collections and of which modules read / write each one.
// TypeScript compiler API with a type checker over the backend scope (never runs novu's code):
//  * '@novu/dal' / '@novu/application-generic' / '@novu/shared' are resolved to their src/index.ts
//    (the repo resolves them through node_modules -> built dist, which is not present here).
//  * models: `export const X = mongoose.models.A || mongoose.model('Name', schema)` in libs/dal;
//    collection = mongoose default (lowercase + mongoose's pluralize rules, lib/helpers/pluralize.js).
//  * repository classes: `super(Model, Entity)` binds a BaseRepository subclass to a model;
//    facades (UserRepository / MemberRepository / OrganizationRepository) delegate to an
//    interface injected by token, bound by injectCommunityAuthProviders() to Community* classes.
//  * a repository method's effect (table, read|write) is computed from its body, transitively:
//    calls on this.MongooseModel / this._model / a field aliasing a model / an imported model,
//    `new Model()`, this.m()/super.m() (looked up in the class chain, BaseRepository included,
//    with its '$self' table substituted) and calls on other repository objects.
//  * every non-test module in scope: each call `<expr>.m()` whose receiver type is a repository
//    class/interface gets effects(repoClass, m); direct model calls count directly.
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, scopeFiles, outFile } from './scope.mjs';

const ALIAS = {
  '@novu/dal': 'libs/dal/src/index.ts',
  '@novu/application-generic': 'libs/application-generic/src/index.ts',
  '@novu/shared': 'packages/shared/src/index.ts',
};
const files = scopeFiles();
const rootNames = files.filter((f) => !f.endsWith('.d.ts')).map((f) => path.join(REPO, f));
const options = { allowJs: false, experimentalDecorators: true, esModuleInterop: true, resolveJsonModule: true,
  target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
  skipLibCheck: true, noEmit: true, types: [] };
const host = ts.createCompilerHost(options);
host.resolveModuleNames = (names, containingFile) => names.map((n) => {
  if (ALIAS[n]) return { resolvedFileName: path.join(REPO, ALIAS[n]), extension: ts.Extension.Ts, isExternalLibraryImport: false };
  if (n.startsWith('.')) {
    const r = ts.resolveModuleName(n, containingFile, options, host).resolvedModule;
    return r && r.resolvedFileName.startsWith(REPO) ? r : undefined;
  }
  return undefined; // external packages are not installed
});
const program = ts.createProgram({ rootNames, options, host });
const checker = program.getTypeChecker();
const rel = (sf) => path.relative(REPO, sf.fileName);

// ---------- mongoose pluralize (mongoose 7.5 lib/helpers/pluralize.js; same result with 8.x for these names)
const RULES = [[/(m)an$/gi, '$1en'], [/(pe)rson$/gi, '$1ople'], [/(child)$/gi, '$1ren'], [/^(ox)$/gi, '$1en'], [/(ax|test)is$/gi, '$1es'],
  [/(octop|vir)us$/gi, '$1i'], [/(alias|status)$/gi, '$1es'], [/(bu)s$/gi, '$1ses'], [/(buffal|tomat|potat)o$/gi, '$1oes'], [/([ti])um$/gi, '$1a'],
  [/sis$/gi, 'ses'], [/(?:([^f])fe|([lr])f)$/gi, '$1$2ves'], [/(hive)$/gi, '$1s'], [/([^aeiouy]|qu)y$/gi, '$1ies'], [/(x|ch|ss|sh)$/gi, '$1es'],
  [/(matr|vert|ind)ix|ex$/gi, '$1ices'], [/([m|l])ouse$/gi, '$1ice'], [/(kn|w|l)ife$/gi, '$1ives'], [/(quiz)$/gi, '$1zes'], [/^goose$/i, 'geese'],
  [/s$/gi, 's'], [/([^a-z])$/, '$1'], [/$/gi, 's']];
const UNCOUNT = ['advice', 'energy', 'excretion', 'digestion', 'cooperation', 'health', 'justice', 'labour', 'machinery', 'equipment', 'information',
  'pollution', 'sewage', 'paper', 'money', 'species', 'series', 'rain', 'rice', 'fish', 'sheep', 'moose', 'deer', 'news', 'expertise', 'status', 'media'];
function pluralize(s) {
  s = s.toLowerCase();
  if (UNCOUNT.includes(s)) return s;
  const r = RULES.find(([re]) => { re.lastIndex = 0; return re.test(s); });
  if (!r) return s;
  r[0].lastIndex = 0;
  return s.replace(r[0], r[1]);
}

// ---------- models
const modelSyms = new Map(); // symbol -> {table, model, file, line}
const tables = new Map(); // table -> {name, module, entity(model name)}
for (const sf of program.getSourceFiles()) {
  const f = rel(sf);
  if (!f.startsWith('libs/dal/src/')) continue;
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      if (!d.initializer) continue;
      const names = [];
      (function walk(x) {
        if (ts.isCallExpression(x) && ts.isPropertyAccessExpression(x.expression) && x.expression.name.text === 'model' &&
          x.expression.expression.getText() === 'mongoose' && x.arguments[0] && ts.isStringLiteral(x.arguments[0])) names.push(x.arguments[0].text);
        x.forEachChild(walk);
      })(d.initializer);
      if (!names.length) continue;
      // `A || mongoose.model('x') || mongoose.model('y')`: the first mongoose.model() call returns a model, so later ones never run
      const model = names[0];
      const table = pluralize(model);
      const sym = checker.getSymbolAtLocation(d.name);
      modelSyms.set(sym, { table, model, file: f, line: sf.getLineAndCharacterOfPosition(d.getStart()).line + 1, dead: names.slice(1) });
      tables.set(table, { name: table, module: f, entity: model, exportName: d.name.getText() });
    }
  }
}

// ---------- repository classes
const MODEL_READ = new Set(['find', 'findOne', 'findById', 'countDocuments', 'count', 'estimatedDocumentCount', 'aggregate', 'distinct', 'exists',
  'where', 'populate', 'watch', 'findWithDeleted', 'findOneWithDeleted', 'findDeleted', 'findOneDeleted', 'countWithDeleted', 'countDeleted',
  'countDocumentsWithDeleted', 'countDocumentsDeleted', 'aggregateWithDeleted', 'aggregateDeleted', 'findByIdWithDeleted', 'findByIdDeleted', 'hydrate']);
const MODEL_WRITE = new Set(['create', 'insertMany', 'updateOne', 'updateMany', 'update', 'replaceOne', 'deleteOne', 'deleteMany', 'remove',
  'findOneAndUpdate', 'findByIdAndUpdate', 'findOneAndDelete', 'findByIdAndDelete', 'findOneAndRemove', 'findByIdAndRemove', 'findOneAndReplace',
  'bulkWrite', 'bulkSave', 'delete', 'deleteById', 'restore', 'updateWithDeleted', 'updateOneWithDeleted', 'updateManyWithDeleted',
  'updateDeleted', 'updateOneDeleted', 'updateManyDeleted', 'save']);
const MODEL_NEUTRAL = new Set(['modelName', 'collection', 'schema', 'db', 'base', 'init', 'syncIndexes', 'createIndexes', 'ensureIndexes']);

function classOf(type) {
  if (!type) return null;
  const sym = type.getSymbol() || type.aliasSymbol;
  if (!sym) return null;
  const decl = (sym.declarations || []).find((d) => ts.isClassDeclaration(d) || ts.isInterfaceDeclaration(d));
  return decl || null;
}
const classKey = (decl) => `${rel(decl.getSourceFile())}#${decl.name.text}`;
const repoInfo = new Map(); // classKey -> {decl, table|null|'$self', aliases: Map(field->table)}
const INTERFACE_IMPL = {
  IUserRepository: 'CommunityUserRepository',
  IMemberRepository: 'CommunityMemberRepository',
  IOrganizationRepository: 'CommunityOrganizationRepository',
  // *RepositoryMongo interfaces are the BaseRepository surface of the same classes
  IUserRepositoryMongo: 'CommunityUserRepository',
  IMemberRepositoryMongo: 'CommunityMemberRepository',
  IOrganizationRepositoryMongo: 'CommunityOrganizationRepository',
};
const classByName = new Map();
for (const sf of program.getSourceFiles()) {
  const f = rel(sf);
  if (!f.startsWith('libs/dal/src/repositories/')) continue;
  ts.forEachChild(sf, function visit(n) {
    if ((ts.isClassDeclaration(n) || ts.isInterfaceDeclaration(n)) && n.name) classByName.set(n.name.text, n);
    if (ts.isClassDeclaration(n) && n.name && /Repository$/.test(n.name.text)) {
      const info = { decl: n, table: null, aliases: new Map(), fieldRepos: new Map() };
      if (n.name.text === 'BaseRepository') info.table = '$self';
      for (const m of n.members) {
        if (ts.isConstructorDeclaration(m) && m.body) {
          m.body.forEachChild(function walk(x) {
            if (ts.isCallExpression(x) && x.expression.kind === ts.SyntaxKind.SuperKeyword && x.arguments[0]) {
              const ms = modelSyms.get(aliasTarget(checker.getSymbolAtLocation(x.arguments[0])));
              if (ms) info.table = ms.table;
            }
            if (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(x.left) &&
              x.left.expression.kind === ts.SyntaxKind.ThisKeyword) {
              const ms = modelSyms.get(aliasTarget(checker.getSymbolAtLocation(x.right)));
              if (ms) info.aliases.set(x.left.name.text, ms.table);
            }
            x.forEachChild(walk);
          });
        }
      }
      repoInfo.set(classKey(n), info);
    }
    ts.forEachChild(n, visit);
  });
}
function aliasTarget(sym) {
  if (sym && sym.flags & ts.SymbolFlags.Alias) return checker.getAliasedSymbol(sym);
  return sym;
}
function isRepoClass(decl) {
  if (!decl) return null;
  if (ts.isInterfaceDeclaration(decl)) {
    const impl = INTERFACE_IMPL[decl.name.text];
    return impl ? repoInfo.get(classKey(classByName.get(impl))) : null;
  }
  const info = repoInfo.get(classKey(decl));
  if (!info) return null;
  return info;
}
function parentClass(decl) {
  for (const h of decl.heritageClauses || []) {
    if (h.token !== ts.SyntaxKind.ExtendsKeyword) continue;
    void checker.getTypeAtLocation(h.types[0].expression);
    const s = aliasTarget(checker.getSymbolAtLocation(h.types[0].expression));
    const d = s && (s.declarations || []).find(ts.isClassDeclaration);
    if (d) return d;
  }
  return null;
}
function findMethod(decl, name) {
  for (let c = decl; c; c = parentClass(c)) {
    for (const m of c.members) {
      if ((ts.isMethodDeclaration(m) || ts.isPropertyDeclaration(m)) && m.name && m.name.getText() === name) return { cls: c, member: m };
    }
  }
  return null;
}
function tableOf(info, concrete) {
  // the concrete class's bound table (for methods inherited from BaseRepository)
  const ci = repoInfo.get(classKey(concrete));
  return ci && ci.table && ci.table !== '$self' ? ci.table : info.table;
}
const memo = new Map();
const unresolved = [];
const unknownMethods = new Set();
function effects(concrete, name, stack = []) {
  const key = classKey(concrete) + '.' + name;
  if (memo.has(key)) return memo.get(key);
  if (stack.includes(key)) return new Set();
  const found = findMethod(concrete, name);
  const out = new Set();
  if (!found) { unknownMethods.add(key); memo.set(key, out); return out; }
  const selfTable = (repoInfo.get(classKey(concrete)) || {}).table;
  const aliases = new Map();
  for (let c = concrete; c; c = parentClass(c)) for (const [k, v] of (repoInfo.get(classKey(c)) || { aliases: [] }).aliases) aliases.set(k, v);
  const ctx = { concrete, selfTable, aliases, stack: [...stack, key], clsOfMember: found.cls };
  const body = found.member.body || found.member.initializer;
  if (body) for (const e of bodyEffects(body, ctx)) out.add(e);
  memo.set(key, out);
  return out;
}
// effect of a model-level call `model.method(...)`
function modelCall(table, method) {
  if (MODEL_READ.has(method)) return `${table}|read`;
  if (MODEL_WRITE.has(method)) return `${table}|write`;
  if (MODEL_NEUTRAL.has(method)) return null;
  return `${table}|?${method}`;
}
// the table a model expression denotes inside a repository class context (or anywhere for imported models)
function modelExprTable(expr, ctx) {
  if (ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword && ctx) {
    const n = expr.name.text;
    if (n === 'MongooseModel' || n === '_model') return ctx.selfTable;
    if (ctx.aliases.has(n)) return ctx.aliases.get(n);
  }
  if (ts.isPropertyAccessExpression(expr) && (expr.name.text === '_model' || expr.name.text === 'MongooseModel')) {
    const info = isRepoClass(classOf(checker.getTypeAtLocation(expr.expression)));
    const d = classOf(checker.getTypeAtLocation(expr.expression));
    if (info && d) return tableOf(info, ts.isInterfaceDeclaration(d) ? classByName.get(INTERFACE_IMPL[d.name.text]) : d);
  }
  if (ts.isIdentifier(expr)) {
    const ms = modelSyms.get(aliasTarget(checker.getSymbolAtLocation(expr)));
    if (ms) return ms.table;
  }
  return null;
}
// effects of the calls in a piece of code; ctx = repository-class context or null (ordinary module)
function bodyEffects(node, ctx, record) {
  const out = new Set();
  const add = (e, n, how) => { if (!e) return; out.add(e); if (record) record(e, n, how); };
  (function walk(x) {
    if (ts.isNewExpression(x)) {
      const t = modelExprTable(x.expression, ctx);
      if (t && t !== '$self') add(`${t}|write`, x, 'new Model()'); else if (t === '$self') add('$self|write', x, 'new Model()');
    }
    if (ts.isCallExpression(x) && ts.isPropertyAccessExpression(x.expression)) {
      const recv = x.expression.expression;
      const m = x.expression.name.text;
      const t = modelExprTable(recv, ctx);
      if (t) add(modelCall(t, m), x, 'model.' + m);
      else if (ctx && recv.kind === ts.SyntaxKind.ThisKeyword) {
        for (const e of effects(ctx.concrete, m, ctx.stack)) add(e, x, 'this.' + m);
      } else if (ctx && recv.kind === ts.SyntaxKind.SuperKeyword) {
        const p = parentClass(ctx.clsOfMember);
        if (p) {
          // super.m() runs the parent's method, on this concrete class's model
          const f = findMethod(p, m);
          if (f) {
            const sub = { ...ctx, clsOfMember: f.cls, stack: [...ctx.stack, 'super.' + m] };
            const b = f.member.body || f.member.initializer;
            if (b) for (const e of bodyEffects(b, sub)) add(e, x, 'super.' + m);
          }
        }
      } else {
        const d = classOf(checker.getTypeAtLocation(recv));
        const info = isRepoClass(d);
        if (!info && /repository/i.test(recv.getText()) && !/^(this\.)?\w*Repository\w*\.(_model|MongooseModel)$/.test(recv.getText())) unresolved.push(`${rel(x.getSourceFile())}:${x.getSourceFile().getLineAndCharacterOfPosition(x.getStart()).line + 1} ${recv.getText()}.${m}`);
        if (info) {
          const concrete = ts.isInterfaceDeclaration(d) ? classByName.get(INTERFACE_IMPL[d.name.text]) : d;
          for (const e of effects(concrete, m)) add(e, x, `${concrete.name.text}.${m}`);
          if (!findMethod(concrete, m)) add(`?unknown|${concrete.name.text}.${m}`, x, 'unknown');
        }
      }
    }
    x.forEachChild(walk);
  })(node);
  // substitute $self
  const res = new Set();
  for (const e of out) res.add(ctx && ctx.selfTable && ctx.selfTable !== '$self' ? e.replace(/^\$self\|/, `${ctx.selfTable}|`) : e);
  return res;
}

// ---------- scan every module in scope
const access = new Map(); // file -> Map(effect -> [sites])
const suspicious = [];
for (const f of files) {
  if (f.endsWith('.d.ts')) continue;
  const sf = program.getSourceFile(path.join(REPO, f));
  const fileAcc = new Map();
  const rec = (e, n, how) => {
    const line = sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
    if (!fileAcc.has(e)) fileAcc.set(e, []);
    fileAcc.get(e).push(`${line}:${how}`);
  };
  // inside repository classes, `this`/`super` calls resolve through the class context; elsewhere null ctx
  ts.forEachChild(sf, function visit(n) {
    if (ts.isClassDeclaration(n) && n.name && repoInfo.has(classKey(n)) && n.name.text !== 'BaseRepository') {
      const info = repoInfo.get(classKey(n));
      const aliases = new Map();
      for (let c = n; c; c = parentClass(c)) for (const [k, v] of (repoInfo.get(classKey(c)) || { aliases: [] }).aliases) aliases.set(k, v);
      const ctx = { concrete: n, selfTable: info.table, aliases, stack: [], clsOfMember: n };
      for (const m of n.members) bodyEffects(m, ctx, rec);
      return;
    }
    if (ts.isClassDeclaration(n) && n.name && n.name.text === 'BaseRepository') return; // generic, bound to no table
    bodyEffectsTop(n, rec);
  });
  if (fileAcc.size) access.set(f, fileAcc);
}
function bodyEffectsTop(n, rec) { bodyEffects(n, null, rec); }

// ---------- assemble
const out = [];
for (const t of [...tables.values()].sort((a, b) => a.name.localeCompare(b.name))) {
  const readers = new Set(), writers = new Set();
  for (const [f, acc] of access) for (const e of acc.keys()) {
    const [tb, k] = e.split('|');
    if (tb !== t.name) continue;
    if (k === 'read') readers.add(f); else if (k === 'write') writers.add(f); else suspicious.push(`${f} ${e} ${acc.get(e)}`);
  }
  out.push({ ...t, readers: [...readers].sort(), writers: [...writers].sort() });
}
const odd = [];
for (const [f, acc] of access) for (const [e, sites] of acc) if (!/^[a-z]+\|(read|write)$/.test(e)) odd.push(`${f} ${e} ${sites.join(',')}`);
fs.writeFileSync(outFile('tables.draft.json'), JSON.stringify(out, null, 1));
fs.writeFileSync(outFile('access.sites.json'), JSON.stringify(Object.fromEntries([...access].map(([f, m]) => [f, Object.fromEntries(m)])), null, 1));
console.log('models', [...modelSyms.values()].map((m) => `${m.model}->${m.table}${m.dead.length ? ' (dead: ' + m.dead + ')' : ''}`).join(', '));
console.log('repos', [...repoInfo.entries()].map(([k, v]) => `${k.split('#')[1]}:${v.table}`).join(', '));
console.log('tables', out.length, 'triples', out.reduce((a, t) => a + t.readers.length + t.writers.length, 0));
console.log('odd effects:\n ' + odd.join('\n '));
console.log('unresolved receivers:', unresolved.length, '\n ' + [...new Set(unresolved)].join('\n '));
console.log('unknown methods:', [...unknownMethods].join(', '));
// dump of the per-method effects, for review
fs.writeFileSync(outFile('method-effects.json'), JSON.stringify(Object.fromEntries([...memo].filter(([, v]) => v.size).map(([k, v]) => [k.replace(/^.*#/, ''), [...v].sort()])), null, 1));

// First draft of Outline's tables and readers/writers, with the TypeScript type checker.
// Reads text only (never runs the repo). The sequelize / sequelize-typescript type declarations
// (needed so that `Document.findByPk()` returns a `Document`) come from a scratch install outside
// the repo: TYPES=/tmp/outline-types/node_modules (npm i sequelize@6.37.8 sequelize-typescript@2.1.6
// @types/koa@2 @types/koa-router@7 es-toolkit@1 @types/node@20 @types/invariant).
// Usage: node dataaccess.mjs > /tmp/outline-da.json   (also prints review lists on stderr)
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { join, relative } from 'node:path';
import { execSync } from 'node:child_process';

const repo = '/work/main/corpus/repos/outline';
const TYPES = process.env.TYPES ?? '/tmp/outline-types/node_modules';
const tracked = execSync('git ls-files', { cwd: repo }).toString().split('\n');
const isTest = (f) => /\.test\.tsx?$|__tests__|(^|\/)test\/|__mocks__/.test(f);
export const inScope = (f) => /\.tsx?$/.test(f) && !/\.d\.ts$/.test(f) && !isTest(f) && (
  (/^server\//.test(f) && !/^server\/(migrations|scripts)\//.test(f)) || /^shared\//.test(f) ||
  /^plugins\/[^/]+\/(server|shared)\//.test(f));
const files = tracked.filter(inScope);

const options = {
  target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
  experimentalDecorators: true, strict: false, strictNullChecks: true, noEmit: true, skipLibCheck: true,
  allowJs: false, resolveJsonModule: true, esModuleInterop: true, allowSyntheticDefaultImports: true,
  jsx: ts.JsxEmit.ReactJSX, types: ['node'], baseUrl: repo,
  paths: {
    '@server/*': ['./server/*'], '@shared/*': ['./shared/*'], '~/*': ['./app/*'], 'plugins/*': ['./plugins/*'],
    'sequelize': [`${TYPES}/sequelize/types/index.d.ts`],
    'sequelize-typescript': [`${TYPES}/sequelize-typescript/dist/index.d.ts`],
    '*': [`${TYPES}/*`, `${TYPES}/@types/*`],
  },
  typeRoots: [`${TYPES}/@types`],
};
const program = ts.createProgram(files.map((f) => join(repo, f)), options);
const checker = program.getTypeChecker();
const rel = (sf) => relative(repo, sf.fileName);

// ---- models -------------------------------------------------------------------------------
const decoName = (d) => { const e = d.expression; return ts.isCallExpression(e) ? e.expression.getText() : e.getText(); };
const models = new Map(); // class symbol -> { name, table, file, base }
const BASES = new Set(['Model', 'IdModel', 'ParanoidModel', 'ArchivableModel']);
for (const sf of program.getSourceFiles()) {
  const f = rel(sf);
  if (!f.startsWith('server/models/')) continue;
  for (const st of sf.statements) {
    if (!ts.isClassDeclaration(st) || !st.name) continue;
    const decos = ts.getDecorators?.(st) ?? [];
    const table = decos.find((d) => decoName(d) === 'Table');
    const sym = checker.getSymbolAtLocation(st.name);
    if (table) {
      const arg = table.expression.arguments?.[0];
      const tn = arg && ts.isObjectLiteralExpression(arg) ? arg.properties.find((p) => p.name?.getText() === 'tableName') : null;
      models.set(sym, { name: st.name.text, table: tn ? tn.initializer.text : null, file: f, decl: st });
    } else if (f.startsWith('server/models/base/') && BASES.has(st.name.text)) {
      models.set(sym, { name: st.name.text, table: 'SELF', file: f, decl: st, base: true });
    }
  }
}

function symOf(type) {
  if (!type) return null;
  let s = type.aliasSymbol && models.has(type.aliasSymbol) ? type.aliasSymbol : type.symbol;
  return s && models.has(s) ? s : null;
}
// returns { sym, side: 'static'|'instance' } for a receiver type
function modelOfType(type, depth = 0) {
  if (!type || depth > 4) return null;
  if (type.isUnion()) { for (const t of type.types) { const m = modelOfType(t, depth + 1); if (m) return m; } return null; }
  if (type.isIntersection()) { for (const t of type.types) { const m = modelOfType(t, depth + 1); if (m) return m; } return null; }
  if (type.flags & ts.TypeFlags.TypeParameter) { const c = checker.getBaseConstraintOfType(type); if (c && c !== type) return modelOfType(c, depth + 1); return null; }
  const s = symOf(type);
  if (s) {
    const declared = checker.getDeclaredTypeOfSymbol(s);
    if (declared === type || (type.target && type.target === declared) || type.flags & ts.TypeFlags.Object && !(type.objectFlags & ts.ObjectFlags.Anonymous)) {
      if (type.getConstructSignatures().length === 0) return { sym: s, side: 'instance' };
    }
    if (type.getConstructSignatures().length) return { sym: s, side: 'static' };
    return { sym: s, side: 'instance' };
  }
  for (const sig of type.getConstructSignatures()) {
    const r = sig.getReturnType();
    const rs = symOf(r) ?? modelOfType(r, depth + 1)?.sym;
    if (rs) return { sym: rs, side: 'static' };
  }
  return null;
}

const READ = new Set(['findAll', 'findOne', 'findByPk', 'findAndCountAll', 'count', 'max', 'min', 'sum', 'aggregate', 'reload', 'findOrBuild']);
const WRITE = new Set(['create', 'bulkCreate', 'update', 'destroy', 'upsert', 'truncate', 'restore', 'increment', 'decrement', 'save']);
const BOTH = new Set(['findOrCreate', 'findCreateFind']);
const ASSOC_READ = new Set(['$get', '$count', '$has']);
const ASSOC_WRITE = new Set(['$create', '$add', '$set', '$remove']);
const _NONDB = new Set(['scope', 'unscoped', 'build', 'bulkBuild', 'get', 'set', 'getDataValue', 'setDataValue', 'changed', 'previous', 'toJSON', 'isSoftDeleted', 'equals', 'equalsOneOf', 'addHook', 'removeHook', 'hasHook', 'getAttributes', 'rawAttributes', 'getTableName', 'schema', 'init', 'belongsTo', 'hasMany', 'hasOne', 'belongsToMany', 'addScope', 'validate', 'where', 'isNewRecord']);

// ---- collect calls ------------------------------------------------------------------------
const calls = []; // {file, line, model, side, method, viaThis, enclosing:{cls,method,static}}
const unresolvedRecv = [];
const enclosingMethod = (n) => {
  for (let p = n.parent; p; p = p.parent) {
    if ((ts.isMethodDeclaration(p) || ts.isGetAccessor(p) || ts.isPropertyDeclaration(p)) && ts.isClassDeclaration(p.parent) && p.parent.name) {
      const csym = checker.getSymbolAtLocation(p.parent.name);
      return { csym, method: p.name?.getText(), isStatic: !!p.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) };
    }
  }
  return null;
};
for (const sf of program.getSourceFiles()) {
  const f = rel(sf);
  if (!inScope(f)) continue;
  const visit = (n) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const method = n.expression.name.text;
      const recv = n.expression.expression;
      const line = sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
      const interesting = READ.has(method) || WRITE.has(method) || BOTH.has(method) || ASSOC_READ.has(method) || ASSOC_WRITE.has(method);
      let m = null;
      const enc = enclosingMethod(n);
      if (recv.kind === ts.SyntaxKind.ThisKeyword && enc && models.has(enc.csym)) {
        m = { sym: enc.csym, side: enc.isStatic ? 'static' : 'instance', viaThis: true };
      } else {
        try { m = modelOfType(checker.getTypeAtLocation(recv)); } catch { m = null; }
      }
      if (m) {
        let target = null;
        if (ASSOC_READ.has(method) || ASSOC_WRITE.has(method)) {
          // association target: the declared type of the property named by the first argument
          const a0 = n.arguments[0];
          const decl = models.get(m.sym).decl;
          if (n.typeArguments?.length) target = modelOfType(checker.getTypeFromTypeNode(n.typeArguments[0]))?.sym ?? null;
          if (!target && a0 && ts.isStringLiteral(a0)) {
            const prop = decl.members.find((mm) => mm.name?.getText() === a0.text);
            if (prop) { const t = checker.getTypeAtLocation(prop); const tm = modelOfType(t) ?? (t.getNumberIndexType && modelOfType(t.getNumberIndexType?.())); target = tm?.sym ?? null;
              if (!target && checker.isArrayType?.(t)) target = modelOfType(checker.getTypeArguments(t)[0])?.sym ?? null; }
          }
        }
        calls.push({ file: f, line, model: m.sym, side: m.side, viaThis: !!m.viaThis, method, target, enc: enc && models.has(enc.csym) ? enc : null, text: n.expression.getText().slice(0, 80) });
      } else if (interesting && !/^shared\//.test(f) && !/^(Metrics|DecorationSet|TextSelection|NodeSelection|EditorState|Object|ChangeSet)$/.test(recv.getText()) && !/(\.type|Type|schema\.[a-z.]+_?[a-z]*|Stream|socket|hocuspocus|agent|ctx\.res|Ydoc)$/.test(recv.getText())) {
        unresolvedRecv.push(`${f}:${line} ${n.expression.getText().slice(0, 90)}`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}

// ---- custom method effects (transitive) ----------------------------------------------------
// key: classSym|static|name -> Set of `${'SELF'|table}:${R|W}` over the receiver's own table
const customKey = (sym, isStatic, name) => `${models.get(sym).name}|${isStatic ? 's' : 'i'}|${name}`;
const customDecl = new Map();
for (const [sym, info] of models) {
  for (const mem of info.decl.members) {
    const isFnProp = ts.isPropertyDeclaration(mem) && mem.initializer && (ts.isFunctionExpression(mem.initializer) || ts.isArrowFunction(mem.initializer));
    if (!(ts.isMethodDeclaration(mem) || isFnProp) || !mem.name) continue;
    const isStatic = !!mem.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
    customDecl.set(customKey(sym, isStatic, mem.name.getText()), { sym, isStatic, name: mem.name.getText() });
  }
}
const baseChain = (sym) => { // class then its bases among models
  const out = [sym]; let d = models.get(sym).decl;
  for (let i = 0; i < 6 && d; i++) {
    const h = d.heritageClauses?.find((c) => c.token === ts.SyntaxKind.ExtendsKeyword);
    if (!h) break; const t = checker.getTypeAtLocation(h.types[0].expression); const s = t.symbol; // static side symbol
    if (!s || !models.has(s)) break; out.push(s); d = models.get(s).decl;
  }
  return out;
};
const findCustom = (sym, isStatic, name) => { for (const s of baseChain(sym)) { const k = customKey(s, isStatic, name); if (customDecl.has(k)) return k; } return null; };
// direct effects of each custom method, plus the custom methods it calls on its own receiver
const effects = new Map(); const edges = new Map();
for (const k of customDecl.keys()) { effects.set(k, new Set()); edges.set(k, new Set()); }
function kindOf(method) { return READ.has(method) ? ['R'] : WRITE.has(method) ? ['W'] : BOTH.has(method) ? ['R', 'W'] : []; }
for (const c of calls) {
  if (!c.enc) continue;
  const k = customKey(c.enc.csym, c.enc.isStatic, c.enc.method);
  if (!effects.has(k)) continue;
  const encTable = models.get(c.enc.csym).table;
  const recvTable = c.viaThis ? encTable : models.get(c.model).table;
  const sameTable = recvTable === encTable || c.viaThis;
  if (!sameTable) continue;
  for (const kind of kindOf(c.method)) effects.get(k).add(kind);
  const ck = findCustom(c.model, c.side === 'static', c.method);
  if (ck && !kindOf(c.method).length) edges.get(k).add(ck);
}
const RAW_EFFECTS = { 'Attachment|s|getTotalSizeForTeam': ['R'], 'User|s|getCounts': ['R'], 'Document|i|findAllChildDocumentIds': ['R'], 'DocumentInsight|s|rollupPeriod': ['W'] };
for (const [k, v] of Object.entries(RAW_EFFECTS)) { if (!effects.has(k)) throw new Error('no custom method ' + k); v.forEach((x) => effects.get(k).add(x)); }
let changed = true;
while (changed) { changed = false; for (const [k, es] of edges) for (const e of es) for (const x of effects.get(e) ?? []) if (!effects.get(k).has(x)) { effects.get(k).add(x); changed = true; } }

// ---- triples -------------------------------------------------------------------------------
const tableOf = (sym) => models.get(sym).table;
const triples = new Map(); // `${file}|${table}|${kind}` -> [evidence]
const add = (file, table, kind, ev) => { const k = `${file}|${table}|${kind}`; if (!triples.has(k)) triples.set(k, []); triples.get(k).push(ev); };
const customCalls = [];
for (const c of calls) {
  let table = tableOf(c.model);
  if (table === 'SELF') {
    // `this.x()` inside a base class, or a receiver typed as the generic base Model
    if (c.viaThis) continue; // attributed to callers through the custom method effects
    customCalls.push(`GENERIC ${c.file}:${c.line} ${c.text}`); continue;
  }
  const ev = `${c.line}:${c.text}`;
  if (ASSOC_READ.has(c.method) || ASSOC_WRITE.has(c.method)) {
    if (!c.target) { customCalls.push(`ASSOC? ${c.file}:${c.line} ${c.text}`); continue; }
    add(c.file, tableOf(c.target), ASSOC_READ.has(c.method) ? 'read' : 'write', ev); continue;
  }
  const ks = kindOf(c.method);
  if (ks.length) { for (const k of ks) add(c.file, table, k === 'R' ? 'read' : 'write', ev); continue; }
  const ck = findCustom(c.model, c.side === 'static', c.method);
  if (ck) { const es = effects.get(ck); for (const k of es) add(c.file, table, k === 'R' ? 'read' : 'write', `${ev} [custom ${ck}]`); if (es.size) customCalls.push(`CUSTOM ${c.file}:${c.line} ${c.text} -> ${[...es].join('')}`); }
}
const out = { models: [...models.values()].map((m) => ({ name: m.name, table: m.table, file: m.file })), triples: [...triples].map(([k, ev]) => { const [file, table, kind] = k.split('|'); return { file, table, kind, ev }; }),
  customEffects: Object.fromEntries([...effects].filter(([, v]) => v.size).map(([k, v]) => [k, [...v].join('')])) };
console.log(JSON.stringify(out, null, 1));
console.error('UNRESOLVED receivers:\n' + unresolvedRecv.join('\n'));
console.error('REVIEW:\n' + customCalls.filter((x) => !x.startsWith('CUSTOM')).join('\n'));

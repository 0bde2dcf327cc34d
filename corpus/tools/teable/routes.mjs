// Draft the served HTTP routes of apps/nestjs-backend from the TS AST:
// @Controller(path) classes x method decorators (@Get/@Post/...), arrays expanded, and a check that
// every controller is registered by an @Module reachable from AppModule (imports followed through
// X.register()/forRoot(), ConditionalModule.registerWhen(X, ...), forwardRef(() => X), spreads).
// No global prefix / versioning exists in bootstrap.ts (checked by hand). Output: JSON on stdout.
import { scopeFiles, parse, walk, decorators, decoName, ts, lineOf } from './common.mjs';

const HTTP = { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', All: 'ALL', Head: 'HEAD', Options: 'OPTIONS' };
const files = scopeFiles().filter((f) => f.startsWith('apps/nestjs-backend/src/'));

function strs(node) {
  if (!node) return [''];
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap(strs);
  if (ts.isObjectLiteralExpression(node)) {
    const p = node.properties.find((x) => x.name?.getText() === 'path');
    return p ? strs(p.initializer) : [''];
  }
  return [`<<${node.getText()}>>`];
}
function join(...parts) {
  let p = '/' + parts.filter((x) => x !== '').join('/');
  p = p.replace(/\/+/g, '/');
  if (p.length > 1) p = p.replace(/\/$/, '');
  return p;
}

const controllers = new Map(); // class name -> {file, routes}
const modules = new Map(); // module class name -> {file, imports:Set, controllers:Set}
for (const f of files) {
  const sf = parse(f);
  walk(sf, (n) => {
    if (!ts.isClassDeclaration(n) || !n.name) return;
    for (const d of decorators(n)) {
      const name = decoName(d);
      if (name === 'Controller') {
        const cpaths = strs(d.expression.arguments?.[0]);
        const routes = [];
        for (const m of n.members) {
          for (const md of decorators(m)) {
            const verb = HTTP[decoName(md)];
            if (!verb) continue;
            for (const cp of cpaths) for (const mp of strs(md.expression.arguments?.[0]))
              routes.push({ method: verb, path: join(cp, mp), module: f, handler: `${n.name.text}.${m.name.getText()}`, line: lineOf(sf, m) });
          }
        }
        controllers.set(n.name.text, { file: f, routes, heritage: n.heritageClauses?.map((h) => h.getText()) });
      }
      if (name === 'Module') {
        const ids = new Set(); const ctrls = new Set();
        const arg = d.expression.arguments?.[0];
        const visit = (x) => walk(x, (k) => {
          if (ts.isPropertyAssignment(k) && k.name.getText() === 'controllers') walk(k.initializer, (i) => ts.isIdentifier(i) && ctrls.add(i.text));
          if (ts.isIdentifier(k)) ids.add(k.text);
        });
        if (arg) visit(arg);
        // spreads of a local object (app.module.ts: ...appModules)
        walk(sf, (k) => { if (ts.isVariableDeclaration(k) && k.initializer && arg && arg.getText().includes(k.name.getText())) visit(k.initializer); });
        modules.set(n.name.text, { file: f, ids, ctrls });
      }
    }
  });
}
// reachability from AppModule
const reach = new Set(); const stack = ['AppModule'];
while (stack.length) { const m = stack.pop(); if (reach.has(m) || !modules.has(m)) continue; reach.add(m); for (const i of modules.get(m).ids) if (modules.has(i)) stack.push(i); }
const registered = new Set(); for (const m of reach) for (const c of modules.get(m).ctrls) registered.add(c);
const out = [];
for (const [name, c] of controllers) {
  if (!registered.has(name)) console.error(`controller ${name} (${c.file}) not registered in a module reachable from AppModule`);
  if (!c.routes.length) console.error(`controller ${name} (${c.file}) has no routes`);
  for (const r of c.routes) out.push({ ...r, registered: registered.has(name) });
}
console.error(`modules: ${modules.size}, reachable: ${reach.size}, unreachable: ${[...modules.keys()].filter((m) => !reach.has(m)).join(', ')}`);
console.error(`controllers: ${controllers.size}, routes: ${out.length}`);
console.log(JSON.stringify(out, null, 1));

// First draft of Outline's served routes: reads router files with the TypeScript compiler API
// (never runs the repo) and applies the mount prefixes read by hand from
// server/services/web.ts, server/routes/api/index.ts, server/routes/auth/index.ts and
// plugins/*/server/index.ts. Usage: node routes.mjs > routes.json
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { execSync } from 'node:child_process';

const repo = '/work/main/corpus/repos/outline';
const files = execSync('git ls-files', { cwd: repo }).toString().split('\n')
  .filter((f) => /\.ts$/.test(f) && !/\.test\.ts$|__tests__|\/test\//.test(f));

// prefix applied to every route declared in a router file (hand-read mount chain)
function prefixFor(f) {
  if (f === 'server/main.ts') return '';                       // base app router, all services
  if (f === 'server/routes/index.ts') return '';               // app.use(mount(routes))
  if (f.startsWith('server/routes/api/')) return '/api/';      // mount('/api') + router.use('/', x.routes())
  if (f === 'server/routes/auth/index.ts') return '/auth';     // mount('/auth')
  if (f === 'server/routes/oauth/index.ts') return '/oauth';   // mount('/oauth')
  if (f === 'server/routes/mcp/index.ts') return '/mcp';       // mount('/mcp')
  if (/^plugins\/[^/]+\/server\/api\//.test(f)) return '/api/';   // Hook.API -> api router.use('/')
  if (/^plugins\/[^/]+\/server\/auth\//.test(f)) return '/auth/'; // Hook.AuthProvider -> auth router.use('/')
  return null;
}
const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options']);

function pluginId(f) {
  const m = /^plugins\/([^/]+)\//.exec(f);
  if (!m) return undefined;
  const p = join(repo, 'plugins', m[1], 'plugin.json');
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')).id : undefined;
}

function evalPath(node, f) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((e) => evalPath(e, f) ?? []);
  if (ts.isPropertyAccessExpression(node) && node.getText() === 'config.id') return [pluginId(f)];
  if (ts.isTemplateExpression(node)) {
    let s = node.head.text;
    for (const span of node.templateSpans) {
      if (span.expression.getText() !== 'config.id') return null;
      s += pluginId(f) + span.literal.text;
    }
    return [s];
  }
  return null;
}

const out = [];
for (const f of files) {
  const prefix = prefixFor(f);
  if (prefix === null) continue;
  const src = ts.createSourceFile(f, readFileSync(join(repo, f), 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (n) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.expression.getText() === 'router') {
      const verb = n.expression.name.text;
      const line = src.getLineAndCharacterOfPosition(n.getStart()).line + 1;
      if (VERBS.has(verb) || verb === 'register' || verb === 'use') {
        const paths = n.arguments.length ? evalPath(n.arguments[0], f) : null;
        let methods = [verb === 'del' ? 'DELETE' : verb.toUpperCase()];
        if (verb === 'register') methods = evalPath(n.arguments[1], f)?.map((m) => m.toUpperCase()) ?? ['?'];
        if (verb === 'use') methods = ['USE'];
        for (const p of paths ?? ['<dynamic>']) {
          for (const m of methods) {
            let full = prefix + p;
            full = full.replace(/\/\//g, '/');
            if (full.length > 1) full = full.replace(/\/$/, '');
            out.push({ method: m, path: full, module: f, line });
          }
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
}
console.log(JSON.stringify(out, null, 1));

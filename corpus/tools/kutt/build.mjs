// Builds corpus/expected/kutt.json from draft.mjs (ASTs only) plus the hand decisions below.
// Usage: node corpus/tools/kutt/build.mjs [--write]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const draft = JSON.parse(execFileSync('node', [new URL('./draft.mjs', import.meta.url).pathname], { encoding: 'utf8', maxBuffer: 1 << 26 }));
const join = (...p) => ('/' + p.join('/')).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');

// routes: server/server.ts:43 server.use("/api/v2", routes) -> server/routes/index.ts re-exports routes.ts,
// whose router.use("/x", xRouter) (routes.ts:11-15) mounts server/routes/<file>.ts
const mountOf = {};
for (const m of draft.mounts) if (m.file === 'server/routes/routes.ts') mountOf[m.target] = m.prefix;
const fileOfImport = { domains: 'server/routes/domains.ts', health: 'server/routes/health.ts', links: 'server/routes/links.ts', user: 'server/routes/users.ts', auth: 'server/routes/auth.ts' }; // routes.ts:3-7
const prefixOfFile = Object.fromEntries(Object.entries(fileOfImport).map(([imp, file]) => [file, join('/api/v2', mountOf[imp])]));
const routes = [];
// server/server.ts:45-63: the three token pages run an auth handler, then render a Next.js page
const SERVER_HANDLER = { '/reset-password/:resetPasswordToken?': 'auth.resetPassword, then app.render("/reset-password")', '/verify-email/:changeEmailToken': 'auth.changeEmail, then app.render("/verify-email")', '/verify/:verificationToken?': 'auth.verify, then app.render("/verify")', '/:id': 'links.redirect(app)' };
for (const r of draft.routes) {
  if (r.file === 'server/server.ts') {
    if (r.path === '*') continue; // Next.js page handler, frontend
    const optional = r.path.endsWith('?');
    const route = { method: r.method, path: r.path.replace(/\?$/, ''), module: r.file, handler: SERVER_HANDLER[r.path] };
    if (optional) route.note = `optional parameter (Express '${r.path}'): the bare ${r.path.replace(/\/:[^/]*\?$/, '')} is served by the same handler`;
    if (r.path === '/:id') route.note = 'short-link redirect, registered after /api/v2 and before the Next.js catch-all';
    else if (!optional) route.note = 'runs auth.changeEmail then renders the Next.js page /verify-email';
    routes.push(route);
    continue;
  }
  const prefix = prefixOfFile[r.file];
  if (!prefix) throw new Error('unmounted router ' + r.file);
  routes.push({ method: r.method, path: join(prefix, r.path), module: r.file, handler: r.handler.replace(/^asyncHandler\((.*)\)$/, '$1') });
}

// tables: knex.schema.createTable in server/models/*.ts (called from the migrations)
const tables = draft.tables.map((t) => ({ name: t.name, module: t.file, via: `knex.schema.createTable("${t.name}") (${t.file}:${t.line}), called by server/migrations/20200211220920_constraints.ts and 20200510140704_domains.ts`, readers: new Set(), writers: new Set() }));
const T = Object.fromEntries(tables.map((t) => [t.name, t]));

// direct knex calls in server/queries, classified per exported function. Builders kept in a variable (chain empty)
// were read by hand: link.total -> .count (read); link.batchRemove -> await findQuery (read) + deleteQuery.delete()
// (write); user.update -> query.update (write); ip.find -> query.first (read).
const HAND = { 'link.total': 'r', 'link.batchRemove': 'rw', 'user.update': 'w', 'ip.find': 'r' };
const fnAccess = {}; // "<file stem>.<fn>" -> { table: Set('r'|'w') }
const add = (k, table, kinds) => { fnAccess[k] ??= {}; fnAccess[k][table] ??= new Set(); for (const x of kinds) fnAccess[k][table].add(x); };
for (const c of draft.knexCalls) {
  const stem = c.file.replace(/^server\/queries\/|\.ts$/g, '');
  const key = `${stem}.${c.fn}`;
  let kinds;
  if (c.chain.length === 0) kinds = HAND[key];
  else if (c.chain.includes('join')) kinds = 'r';
  else if (c.chain.some((m) => ['insert', 'update', 'delete', 'increment', 'del'].includes(m))) kinds = 'w';
  else if (c.chain.some((m) => ['first', 'select', 'stream', 'count'].includes(m)) || c.chain.join('.') === 'where') kinds = 'r';
  if (!kinds) throw new Error('unclassified ' + JSON.stringify(c));
  add(key, c.table, kinds);
  for (const k of kinds) (k === 'r' ? T[c.table].readers : T[c.table].writers).add(c.file);
}
// callers of the per-table query modules (query.<table>.<fn>, query = default import of server/queries/index.ts)
for (const c of draft.queryCalls) {
  const acc = fnAccess[`${c.table}.${c.fn}`];
  if (!acc) throw new Error('unknown query fn ' + JSON.stringify(c));
  for (const [table, kinds] of Object.entries(acc)) for (const k of kinds) (k === 'r' ? T[table].readers : T[table].writers).add(c.file);
}
for (const t of tables) { t.readers = [...t.readers].sort(); t.writers = [...t.writers].sort(); }

if (!process.argv.includes('--write')) { console.log(JSON.stringify({ fnAccess: Object.fromEntries(Object.entries(fnAccess).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([t, s]) => [t, [...s].join('')]))])), routes, tables }, null, 1)); process.exit(0); }
const meta = (await import(new URL('./meta.mjs', import.meta.url))).default;
const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: new URL('../../repos/kutt', import.meta.url).pathname, encoding: 'utf8' }).trim();
const doc = { name: 'kutt', commit, method: meta.method, notes: meta.notes, routes, tables, partition: null };
writeFileSync(new URL('../../expected/kutt.json', import.meta.url), JSON.stringify(doc, null, 2) + '\n');
console.error('written', routes.length, 'routes', tables.length, 'tables');

// Builds corpus/expected/ship.json from draft.mjs (ASTs only) plus the hand decisions below.
// Usage: node corpus/tools/ship/build.mjs [--write]
import { execFileSync, execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const draft = JSON.parse(execFileSync('node', [new URL('./draft.mjs', import.meta.url).pathname], { encoding: 'utf8', maxBuffer: 1 << 26 }));
const repoDir = new URL('../../repos/ship', import.meta.url).pathname;
const API = 'template/apps/api/src';

// routes: routes/routes.ts registerRoutes: for each folder of resources/ except IGNORE_LIST ['token']
// (utils/get-resources.util.ts:9), every endpoints/*.ts default export is registered on a new router with
// router[method](path) and mounted with app.use(mount(`/${resourceName}`, router.routes())); plus
// healthCheckRouter.get('/health') used directly by app.use(healthCheckRouter.routes()) (routes/index.ts:10-24).
const norm = (p) => (p.replace(/\/+/g, '/').replace(/(.)\/$/, '$1'));
const routes = [];
for (const r of draft.routerRoutes) routes.push({ method: r.method, path: r.path, module: r.file, handler: `${r.router}.get('/health')`, note: 'health check router used without a mount prefix' });
for (const e of draft.endpoints) {
  if (e.resource === 'token') continue;
  routes.push({ method: e.method.toUpperCase(), path: norm(`/${e.resource}${e.path.startsWith('/') ? e.path : '/' + e.path}`), module: e.file, handler: 'default export createEndpoint({ handler })', note: `file-system routing: resources/${e.resource}/endpoints/*.ts mounted by koa-mount at /${e.resource}${e.public ? '; isPublic' : ''}` });
}

// tables: db.createService(name) (db.ts:14 wraps new Service(collectionName, database))
const tables = draft.services.map((s) => ({ name: s.collection, module: s.file, via: `db.createService(${s.arg}) at line ${s.line}${s.arg.startsWith('DATABASE_DOCUMENTS') ? " (app-constants: template/packages/app-constants/src/api.constants.ts)" : ''}`, readers: new Set(), writers: new Set() }));
const T = Object.fromEntries(tables.map((t) => [t.name, t]));

// node-mongo Service API (packages/node-mongo/src/service.ts), by what the call does
const READ = new Set(['find', 'findOne', 'exists', 'countDocuments', 'distinct', 'aggregate']);
const WRITE = new Set(['insertOne', 'insertMany', 'replaceOne', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'deleteSoft', 'atomic.updateOne', 'atomic.updateMany', 'atomic.deleteOne', 'atomic.deleteMany', 'atomic.insertOne']);
const NONE = new Set(['createIndex', 'getPublic', 'getMigrations']); // DDL / pure helpers / file-system
// custom methods attached with Object.assign(service, {...}), read by hand, classified transitively
const CUSTOM = {
  'users:updateLastRequest': 'w', // service.atomic.updateOne
  'tokens:createToken': 'w', // insertOne
  'tokens:validateToken': 'rw', // getToken: findOne, deleteOne when expired; then deleteOne when expired
  'tokens:invalidateToken': 'w', 'tokens:invalidateUserTokens': 'w', // deleteOne / deleteMany
  'tokens:getUserActiveToken': 'rw', // findOne, deleteOne when expired
  '__migrationLog:startMigrationLog': 'w', '__migrationLog:failMigrationLog': 'w', '__migrationLog:finishMigrationLog': 'w', // atomic.updateOne (upsert)
  '__migrationVersion:getCurrentMigrationVersion': 'r', '__migrationVersion:setNewMigrationVersion': 'w',
};
const MIGRATIONS = (f) => f.startsWith(`${API}/migrator/migrations/`);
for (const c of draft.calls) {
  if (MIGRATIONS(c.file) || c.factory) continue;
  if (c.dynamic) { // routes/middlewares/shouldExist.ts: db.services[resourceName].findOne; only ever shouldExist('users')
    T.users.readers.add(c.file); continue;
  }
  let k = READ.has(c.method) ? 'r' : WRITE.has(c.method) ? 'w' : NONE.has(c.method) ? '' : CUSTOM[`${c.collection}:${c.method}`];
  if (k === undefined) throw new Error('unclassified ' + JSON.stringify(c));
  for (const x of k) (x === 'r' ? T[c.collection].readers : T[c.collection].writers).add(c.file);
}
for (const t of tables) { t.readers = [...t.readers].sort(); t.writers = [...t.writers].sort(); }
T.users.note = "routes/middlewares/shouldExist.ts reads it through db.services[resourceName] (the only call site is shouldExist('users') in resources/users/endpoints/update.ts and remove.ts); migrator/migrations/1.ts (distinct + atomic.updateOne) is a migration and not counted";
T.__migrationLog.note = T.__migrationVersion.note = 'bookkeeping of the repo\'s own migrator (src/migrator.ts entry, Dockerfile.migrator); declared with db.createService like the domain collections';

// partition
const scopeFiles = execSync('git ls-files template/apps/api template/packages/shared template/packages/mailer template/packages/app-constants', { cwd: repoDir, encoding: 'utf8' }).split('\n')
  .filter((f) => /\.(ts|tsx|mts|cts)$/.test(f) && !/\.(spec|test)\./.test(f) && !f.startsWith('template/packages/shared/scripts/'));
const units = {};
for (const f of scopeFiles) {
  let u;
  if (f.startsWith('template/packages/mailer/')) u = 'mailer';
  else if (f.startsWith('template/packages/')) u = 'shared'; // packages shared (schemas, api client) and app-constants
  else {
    const p = f.slice(API.length + 1);
    let m;
    if ((m = /^resources\/([^/]+)\//.exec(p))) u = m[1];
    else if ((m = /^services\/([^/]+)\//.exec(p))) u = m[1];
    else if (/^migrator(\.ts|\/)/.test(p)) u = 'migrator';
    else if (/^scheduler(\.ts|\/)/.test(p)) u = 'scheduler';
    else u = 'shared';
    if (p === 'resources/base.schema.ts') u = 'shared';
  }
  units[f] = u;
}
if (!process.argv.includes('--write')) { console.log(JSON.stringify({ routes, tables, units }, null, 1)); process.exit(0); }
const meta = (await import(new URL('./meta.mjs', import.meta.url))).default;
const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoDir, encoding: 'utf8' }).trim();
const doc = { name: 'ship', commit, method: meta.method, notes: meta.notes, routes, tables, partition: { basis: meta.partitionBasis, units } };
writeFileSync(new URL('../../expected/ship.json', import.meta.url), JSON.stringify(doc, null, 2) + '\n');
console.error('written', routes.length, 'routes', tables.length, 'tables', Object.keys(units).length, 'modules');

// Assemble corpus/expected/teable.json from routes.mjs, prisma-models.mjs, data-access.mjs and the
// partition rule below. Hand-written notes and method text live here too.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { scopeFiles } from './common.mjs';
import { models, SCHEMA } from './prisma-models.mjs';

const run = (s) => JSON.parse(execFileSync('node', [new URL(s, import.meta.url).pathname], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 }));
const COMMIT = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: '/work/main/corpus/repos/teable', encoding: 'utf8' }).trim();

// ---- routes
const rawRoutes = run('./routes.mjs');
const routes = rawRoutes.map((r) => {
  const o = { method: r.method, path: r.path, module: r.module, handler: r.handler };
  if (r.module.includes('/features/next/')) o.note = 'NextController.home: catch-all GET patterns (path-to-regexp wildcards kept as written) that hand the request to the embedded Next.js server (next.service.ts createServer); the frontend pages are rendered by the backend process';
  if (r.module.includes('/auth/social/')) o.note = 'registered only when env SOCIAL_AUTH_PROVIDERS lists this provider (ConditionalModule.registerWhen in features/auth/social/social.module.ts); listed as if enabled';
  if (r.path.includes('(*)')) o.note = 'path-to-regexp parameter with a (*) pattern: matches the rest of the path, slashes included';
  return o;
});

// ---- tables
const da = run('./data-access.mjs');
const noteFor = {
  users: 'Prisma model User, @@map("users"); also read by raw knex in features/share/share.service.ts:389',
  ops: 'ShareDB op log; written by knex delete + dbProvider.batchInsertSql(\'ops\', ...) in calculation/batch.service.ts:385-395, read by knex in share-db/share-db.adapter.ts:247 and table/table.service.ts:118',
  snapshots: 'declared but never queried by the backend code at this commit',
  record_history: 'written by knex insert().into(\'record_history\') in event-emitter/listeners/record-history.listener.ts:129 (executed through prisma.$executeRawUnsafe)',
  reference: 'also read by a recursive knex CTE in calculation/reference.service.ts:996-1027',
};
const tables = models().map((m) => {
  const t = { name: m.table, module: SCHEMA, entity: m.model, via: 'prisma', readers: da.tables[m.table].readers, writers: da.tables[m.table].writers };
  if (noteFor[m.table]) t.note = noteFor[m.table];
  return t;
});

// ---- partition
const units = {};
for (const f of scopeFiles()) {
  if (f.endsWith('.prisma')) continue;
  let u = 'shared';
  let m;
  if ((m = /^apps\/nestjs-backend\/src\/features\/([^/]+)\//.exec(f))) u = m[1];
  else if ((m = /^apps\/nestjs-backend\/src\/(share-db|ws|event-emitter)\//.exec(f))) u = m[1];
  else if (f === 'apps/nestjs-backend/src/worker/parse.ts') u = 'import';
  units[f] = u;
}

const doc = {
  $schema: '../expected.schema.json',
  name: 'teable',
  commit: COMMIT,
  method: {},
  notes: [],
  routes,
  tables,
  partition: { basis: '', units },
};
const extra = JSON.parse(execFileSync('node', [new URL('./text.mjs', import.meta.url).pathname], { encoding: 'utf8' }));
doc.method = extra.method; doc.notes = extra.notes; doc.partition.basis = extra.basis;
writeFileSync('/work/main/corpus/expected/teable.json', JSON.stringify(doc, null, 2) + '\n');
const triples = tables.reduce((n, t) => n + t.readers.length + t.writers.length, 0);
const unitSet = new Set(Object.values(units));
console.log(`routes ${routes.length}, tables ${tables.length}, triples ${triples}, partition modules ${Object.keys(units).length}, units ${unitSet.size}`);

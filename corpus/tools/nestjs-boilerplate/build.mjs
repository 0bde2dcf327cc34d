// Builds corpus/expected/nestjs-boilerplate.json from draft.mjs's AST draft plus the decisions taken by
// reading the code (all listed below, each with the file it comes from). Never runs the repo's code.
// Usage: node corpus/tools/nestjs-boilerplate/build.mjs > /tmp/x.json (the lead's copy is hand-reviewed).
import { execFileSync } from 'node:child_process';
const draft = JSON.parse(execFileSync('node', [new URL('./draft.mjs', import.meta.url).pathname], { encoding: 'utf8', maxBuffer: 1 << 26 }));

// --- routes: src/main.ts setGlobalPrefix(app.apiPrefix = API_PREFIX || 'api', { exclude: ['/'] }),
// enableVersioning({ type: URI }) with no defaultVersion: '/v1' only for controllers declaring version '1'.
const PREFIX = 'api';
const join = (...p) => '/' + p.filter(Boolean).join('/').replace(/\/+/g, '/').replace(/^\/|\/$/g, '');
const routes = [];
// src/files/files.module.ts picks ONE uploader module from FILE_DRIVER (default 'local', src/files/config/file.config.ts).
const INACTIVE = { 'src/files/infrastructure/uploader/s3/files.controller.ts': 's3', 'src/files/infrastructure/uploader/s3-presigned/files.controller.ts': 's3-presigned' };
for (const c of draft.controllers) {
  if (INACTIVE[c.file]) continue;
  for (const r of c.routes) {
    const raw = join(c.path, r.path);
    const excluded = raw === '/'; // exclude: ['/']
    const path = excluded ? raw : join(PREFIX, c.version ? `v${c.version}` : '', c.path, r.path);
    const route = { method: r.method, path: path.replace(/\/$/, '') || '/', module: c.file, handler: `${c.cls}.${r.handler}` };
    if (!excluded) route.note = "global prefix from API_PREFIX, default 'api' (src/config/app.config.ts)";
    if (c.file.includes('/uploader/local/')) route.note += "; FilesLocalController is the controller of the default FILE_DRIVER 'local' (src/files/files.module.ts picks one of local / s3 / s3-presigned at startup)";
    if (r.method === 'POST' && c.file.includes('/uploader/local/')) route.note += '; with FILE_DRIVER=s3 or s3-presigned the same path is served by src/files/infrastructure/uploader/s3/files.controller.ts or .../s3-presigned/files.controller.ts';
    routes.push(route);
  }
}

// --- tables
const MONGO = (cls) => { // mongoose lib/helpers/pluralize.js: lowercase, first matching rule; all three names end in 'ss'
  const s = cls.toLowerCase(); if (!/ss$/.test(s)) throw new Error('unexpected model name ' + cls); return s + 'es';
};
const tables = [];
for (const e of draft.entities) tables.push({ name: e.name, module: e.file, entity: e.cls, via: 'typeorm @Entity({ name })', readers: new Set(), writers: new Set() });
for (const m of draft.mongooseModels) tables.push({ name: MONGO(m.cls), module: m.file, entity: m.cls, via: `mongoose: MongooseModule.forFeature([{ name: ${m.cls}.name }]) -> model '${m.cls}', default collection = lowercase + pluralise`, readers: new Set(), writers: new Set() });
const byEntity = Object.fromEntries(tables.map((t) => [t.entity, t]));

// direct ORM calls. TypeORM Repository.create() and `new Model()` only build objects in memory.
const READ = new Set(['find', 'findOne', 'findById', 'findBy', 'findOneBy', 'count', 'exists']);
const WRITE = new Set(['save', 'insert', 'update', 'delete', 'softDelete', 'remove', 'deleteOne', 'deleteMany', 'updateOne', 'updateMany']);
const BOTH = new Set(['findOneAndUpdate']);
// custom repository ports (abstract classes bound by DI to the relational or document implementation), classified by
// what both implementations do, transitively (src/*/infrastructure/persistence/{relational,document}/repositories/*.ts)
const PORT = {
  UserRepository: { tables: ['UserEntity', 'UserSchemaClass'], r: ['findManyWithPagination', 'findById', 'findByIds', 'findByEmail', 'findBySocialIdAndProvider', 'update'], w: ['create', 'update', 'remove'] },
  SessionRepository: { tables: ['SessionEntity', 'SessionSchemaClass'], r: ['findById', 'update', 'updateByHash'], w: ['create', 'update', 'updateByHash', 'deleteById', 'deleteByUserId', 'deleteByUserIdWithExclude'] },
  FileRepository: { tables: ['FileEntity', 'FileSchemaClass'], r: ['findById', 'findByIds'], w: ['create'] },
};
const isSeed = (f) => f.startsWith('src/database/seeds/') || f.startsWith('src/database/migrations/');
for (const c of draft.calls) {
  if (isSeed(c.file)) continue;
  const m = /^(?:Repository|Model)<(\w+)>/.exec(c.via);
  if (m) {
    const t = byEntity[m[1]];
    if (READ.has(c.method) || BOTH.has(c.method)) t.readers.add(c.file);
    if (WRITE.has(c.method) || BOTH.has(c.method)) t.writers.add(c.file);
    if (!READ.has(c.method) && !WRITE.has(c.method) && !BOTH.has(c.method) && !['create', 'new'].includes(c.method)) throw new Error('unclassified ' + JSON.stringify(c));
    if (c.method === 'new') { /* followed by .save() on the document: a write */ t.writers.add(c.file); }
    continue;
  }
  const p = PORT[c.via];
  if (!p) throw new Error('unknown binding ' + c.via);
  for (const e of p.tables) {
    if (p.r.includes(c.method)) byEntity[e].readers.add(c.file);
    if (p.w.includes(c.method)) byEntity[e].writers.add(c.file);
  }
}
for (const t of tables) {
  t.readers = [...t.readers].sort(); t.writers = [...t.writers].sort();
  if (t.entity === 'RoleEntity' || t.entity === 'StatusEntity') t.note = 'read only through the eager ManyToOne join of user (src/users/infrastructure/persistence/relational/entities/user.entity.ts:56,61) and written only by seeds (src/database/seeds/relational/*), so no reader/writer module';
  if (t.entity === 'UserSchemaClass') t.note = "role, status and photo are embedded sub-documents (RoleSchema / StatusSchema plain classes, FileSchemaClass as type), not collections";
}

// --- partition
const UNIT = { auth: 'auth', 'auth-apple': 'auth-apple', 'auth-facebook': 'auth-facebook', 'auth-google': 'auth-google', files: 'files', home: 'home', mail: 'mail', mailer: 'mailer', session: 'session', users: 'users', roles: 'users', statuses: 'users', social: 'auth', config: 'shared', utils: 'shared', database: 'shared' };
const units = {};
for (const f of draft.files) {
  const parts = f.split('/');
  if (parts.length === 2) { units[f] = 'shared'; continue; } // main.ts, app.module.ts
  units[f] = f.startsWith('src/database/seeds/') ? 'seeds' : UNIT[parts[1]];
  if (!units[f]) throw new Error('no unit for ' + f);
}
const strip = (t) => { const { entity, via, ...rest } = t; return { ...rest, entity, via }; };
if (!process.argv.includes('--write')) { console.log(JSON.stringify({ routes, tables: tables.map(strip), units }, null, 2)); process.exit(0); }
const meta = (await import(new URL('./meta.mjs', import.meta.url))).default;
const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: new URL('../../repos/nestjs-boilerplate', import.meta.url).pathname, encoding: 'utf8' }).trim();
const doc = { name: 'nestjs-boilerplate', commit, method: meta.method, notes: meta.notes, routes, tables: tables.map(strip), partition: { basis: meta.partitionBasis, units } };
const { writeFileSync } = await import('node:fs');
writeFileSync(new URL('../../expected/nestjs-boilerplate.json', import.meta.url), JSON.stringify(doc, null, 2) + '\n');
console.error('written', routes.length, 'routes', tables.length, 'tables', Object.keys(units).length, 'modules');

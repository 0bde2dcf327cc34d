#!/usr/bin/env node
// Builds corpus/expected/hoppscotch.json from extract.mjs's draft plus the hand-review decisions below.
//   node corpus/tools/hoppscotch/build.mjs
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const here = import.meta.dirname;
const REPO = resolve(here, '../../repos/hoppscotch');
const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
const d = JSON.parse(execFileSync('node', [resolve(here, 'extract.mjs')], { encoding: 'utf8', maxBuffer: 1 << 28 }));
const B = 'packages/hoppscotch-backend';
const SCHEMA = `${B}/prisma/schema.prisma`;

// ---- routes ----
const routes = d.routes.map((r) => {
  const out = { method: r.method, path: r.path, module: r.module, handler: r.handler };
  if (r.path.startsWith('/mock/')) out.note = "@All('*path') under @Controller({path:'mock'}) with no version: a Nest 11 / path-to-regexp v8 named wildcard (one or more segments after /mock/). Also reached as <id>.mock.<host>/<path> through backend.Caddyfile's rewrite to /mock{uri}.";
  else if (!r.path.startsWith('/v1/')) out.note = 'controller declares no version and main.ts sets no defaultVersion, so URI versioning adds nothing';
  return out;
});

// ---- tables / data access ----
// hand-review decisions:
//  - nested relation reads (include/select of a relation, relation filters in where) and nested writes
//    (data.<relation>.create...) count for the related table;
//  - connect/disconnect on a to-one relation whose FK sits on the written model are NOT counted as a read of the
//    related table (it only sets this row's FK) -- every such case is covered by another read anyway;
//  - query objects built in helper methods and passed as `data` (typed Prisma.XCreateInput) are invisible to the
//    extractor: added by hand below.
const extra = [
  // team-collection.service.ts:70-101 generatePrismaQueryObjForFBCollFolder builds { requests: { create: [...] } }, used by tx.teamCollection.create({ data: query }) at :243
  { module: `${B}/src/team-collection/team-collection.service.ts`, model: 'TeamRequest', kind: 'write' },
  // user-collection.service.ts:1065-1112 generatePrismaQueryObj builds { requests: { create: [...] } }, used by tx.userCollection.create at :1183
  { module: `${B}/src/user-collection/user-collection.service.ts`, model: 'UserRequest', kind: 'write' },
];
const acc = [...d.access.filter((a) => !/\(to-one, FK on/.test(a.how)), ...extra];
const tables = Object.entries(d.models).map(([model, table]) => {
  const readers = [...new Set(acc.filter((a) => a.model === model && a.kind === 'read').map((a) => a.module))].sort();
  const writers = [...new Set(acc.filter((a) => a.model === model && a.kind === 'write').map((a) => a.module))].sort();
  return { name: table, module: SCHEMA, entity: model, via: 'prisma model (no @@map: table named after the model)', readers, writers };
});
for (const t of tables) {
  if (['TeamCollection', 'TeamRequest', 'UserCollection', 'UserRequest'].includes(t.name))
    t.note = `${B}/src/prisma/prisma.service.ts reads it with raw SQL (Prisma.sql SELECT ... FOR UPDATE row locks run through tx.$executeRaw)` + (['TeamCollection', 'TeamRequest'].includes(t.name) ? `; ${B}/src/team-collection/team-collection.service.ts reads it with $queryRaw (search, recursive CTE)` : '');
  if (t.name === 'InfraConfig') t.note = `${B}/src/infra-config/helper.ts uses its own module-level singleton \`new PrismaService()\` (helper.ts:29-34), not the injected one`;
}

// ---- partition ----
const SHARED_UNITS = new Set(['app', 'prisma', 'pubsub']);
const units = {};
for (const [f, u] of Object.entries(d.units)) units[f] = SHARED_UNITS.has(u) ? 'shared' : u;
units[`${B}/prisma.config.ts`] = 'shared';

const doc = {
  name: 'hoppscotch',
  commit,
  method: {
    routes: 'Draft by corpus/tools/hoppscotch/extract.mjs (TypeScript compiler API, parse only): every @Controller class under packages/hoppscotch-backend/src with its @Get/@Post/@Put/@Patch/@Delete/@All methods, controller path from the string or {path, version} object, @Version on methods (none found). Prefixes read by hand from src/main.ts: no setGlobalPrefix, app.enableVersioning({ type: VersioningType.URI }) with no defaultVersion, so controllers with version: \'1\' are served under /v1 and the three without a version (ping, health, mock) are not. Checked by hand that every controller is listed in a @Module that AppModule imports (AuthModule.register() and MailerModule.register() are dynamic but keep AuthController), that there is no RouterModule, no middleware routes, no app.get/app.use handlers. All 39 routes compared line by line against a grep of the decorators. GraphQL resolvers (most of the API), the /graphql endpoint and subscriptions, and Swagger UI at /api-docs are left out. Uncertain: only the wildcard spelling of /mock/*path.',
    tables: 'Draft by extract.mjs from packages/hoppscotch-backend/prisma/schema.prisma (the only schema; prisma.config.ts points at it): 23 models, no @@map, no @@schema, no implicit many-to-many (every list relation has a scalar FK on the other side), so each table is named after its model (Prisma default). Cross-checked by hand against the CREATE TABLE statements in prisma/migrations (the same 23 tables, no raw-SQL-only table). _prisma_migrations (Prisma\'s own bookkeeping) is not listed.',
    dataAccess: 'Draft by extract.mjs: every call <receiver>.<delegate>.<op>(...) where <delegate> is a model\'s camelCase delegate and <op> a Prisma model method (findUnique/findFirst/findMany/count/aggregate/groupBy[/OrThrow] = read; create/createMany/update/updateMany/upsert/delete/deleteMany = write), whatever the receiver (this.prisma, tx inside $transaction, (tx || this.prisma), the helper\'s singleton prisma); plus nested relation access inside the call\'s literal argument (include/select of a relation field and relation filters in where = read of the related table; data.<relation>.create/createMany/update/upsert/delete... = write of it); plus raw SQL in Prisma.sql tagged templates (table names after FROM/JOIN/UPDATE/INTO). Reviewed by hand: all 9 (module, table) pairs that come only from nested relation access (listed in notes), the 4 receivers seen, every raw SQL string (all SELECTs, in prisma.service.ts and team-collection.service.ts), and a grep of include:/connect:/create: for objects built outside the call: two found (collection import query objects, added by hand as TeamRequest/UserRequest writes). Spot-checked about 25 direct calls against the source. Uncertain: whether the lead wants nested relation reads counted (they are real reads by that call; 9 pairs depend on them); to-one `connect` is not counted as a read.',
    partition: 'Draft by extract.mjs: each file goes to the @Module whose controllers/providers list a class it declares, else to the module file of its own folder or the nearest parent folder that has one. Renamed by hand: the root AppModule with the top-level folders without a module (decorators/, guards/, interceptors/, plugins/, types/, utils.ts, errors.ts, gql-schema.ts, main.ts, app.controller.ts), PrismaModule (db setup) and PubSubModule (the event bus every feature service publishes to) are `shared`; prisma.config.ts (Prisma CLI config) is `shared`. Every other unit is the NestJS feature module named after its file (e.g. team-collection, user-environments for src/user-environment/user-environments.module.ts, sort for src/orchestration/sort). All 190 files reviewed in a listing.',
  },
  notes: [
    'No global prefix; URI versioning is enabled (src/main.ts:72-74) and 8 of 11 controllers set version: \'1\' in the @Controller object (e.g. src/auth/auth.controller.ts:35); AppController (@Controller(\'ping\'), src/app.controller.ts:4), HealthController (src/health/health.controller.ts:10) and MockServerController (src/mock-server/mock-server.controller.ts:48) have no version and no defaultVersion exists, so they are served without /v1.',
    'src/mock-server/mock-server.controller.ts:52 `@All(\'*path\')` is a catch-all (Nest 11, Express 5 path-to-regexp v8 named wildcard) written here as /mock/*path with method ALL.',
    'Dynamic modules: AppModule imports AuthModule.register() and MailerModule.register() (src/app.module.ts:107,109), async static methods returning { module } - the controllers stay on the @Module decorator (src/auth/auth.module.ts:20-34).',
    'Two controllers in one module: src/infra-config/infra-config.module.ts lists SiteController and OnboardingController.',
    'Transactions: most writes run on `tx` inside this.prisma.$transaction(async (tx) => ...) (e.g. src/team-collection/team-collection.service.ts:216) and through `(tx || this.prisma).teamCollection.count(...)` (src/team-collection/team-collection.service.ts:881) - the delegate receiver is not this.prisma.',
    'PrismaService is used without injection in src/infra-config/helper.ts:24-34 (module-level singleton `new PrismaService()`), which reads and writes InfraConfig before the Nest app exists (loadInfraConfiguration is called from ConfigModule.forRoot load, src/app.module.ts:46).',
    'Raw SQL: src/prisma/prisma.service.ts:150-197 custom methods lock rows with Prisma.sql`SELECT ... FOR UPDATE` on "TeamCollection"/"TeamRequest"/"UserCollection"/"UserRequest" via tx.$executeRaw; the feature services call these through this.prisma.lockXxx(tx, ...). src/team-collection/team-collection.service.ts:1207-1400 uses this.prisma.$queryRaw with Prisma.sql for search (similarity()) and WITH RECURSIVE parent trees over "TeamCollection"/"TeamRequest".',
    'Nested writes through query objects built elsewhere: src/team-collection/team-collection.service.ts:70-101 and src/user-collection/user-collection.service.ts:1065-1112 return Prisma.XCollectionCreateInput objects with requests: { create: [...] } and children: { create: [...] }, passed as data to tx.teamCollection.create / tx.userCollection.create - they write TeamRequest / UserRequest.',
    'Pairs that come only from nested relation access in a call\'s argument: access-token.service.ts:162 (include user -> User read), mock-server.service.ts:146 (where members.some -> TeamMember read), mock-server.service.ts:224 (include user -> User), published-docs.service.ts:155 (where members.some -> TeamMember), shortcode.service.ts:315 (include User -> User), team-collection.service.ts:302 (include team -> Team), team-request.service.ts:299 (include team -> Team), user-collection.service.ts:107 (include user -> User), user/user.service.ts:610-617 (where/include members -> TeamMember).',
    'Read-only consumers outside the owning module: src/guards/infra-token.guard.ts:32 (InfraToken), src/posthog/posthog.service.ts:45-46 (User, Team counts), src/mock-server/mock-server.service.ts and src/published-docs/published-docs.service.ts read team/user collections, requests and environments directly instead of calling those modules\' services.',
    'Most of the API is GraphQL (resolvers in every feature module, code-first @nestjs/graphql with subscriptions) - none of it is a route here.',
    'The Prisma client is generated into src/generated/prisma (schema.prisma generator output, prisma-client provider, Prisma 7 with @prisma/adapter-pg); it is not in git, so imports of src/generated/prisma/client do not resolve in the checkout.',
  ],
  routes,
  tables,
  partition: { basis: 'NestJS @Modules of packages/hoppscotch-backend/src (one feature module per folder); root module, top-level infrastructure folders, PrismaModule and PubSubModule as shared', units: Object.fromEntries(Object.entries(units).sort()) },
};
writeFileSync(resolve(here, '../../expected/hoppscotch.json'), JSON.stringify(doc, null, 2) + '\n');
console.log(`routes ${routes.length}, tables ${tables.length}, triples ${tables.reduce((n, t) => n + t.readers.length + t.writers.length, 0)}, partition ${Object.keys(units).length} modules / ${new Set(Object.values(units)).size} units`);

#!/usr/bin/env node
// Builds corpus/expected/reactive-resume.json from extract.mjs's draft plus the hand-review decisions below.
//   node corpus/tools/reactive-resume/build.mjs
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const here = import.meta.dirname;
const REPO = resolve(here, '../../repos/reactive-resume');
const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
const d = JSON.parse(execFileSync('node', [resolve(here, 'extract.mjs')], { encoding: 'utf8', maxBuffer: 1 << 28 }));
const S = 'apps/server/src';
const SCHEMA = 'tools/prisma/schema.prisma';

const routes = d.routes.map((r) => {
  const out = { method: r.method, path: r.path, module: r.module, handler: r.handler };
  if (r.path === '/api/health/environment') out.note = 'declared unconditionally; the handler throws NotFoundException when NODE_ENV is production';
  if (/\/public\/|\/print\//.test(r.path)) out.note = 'method path written with a leading slash (@Get("/public/:username/:slug")) - still joined under the controller path';
  return out;
});

// data access: every delegate call is literal in user.service.ts / resume.service.ts; nested relation reads counted
// (include: { secrets: true } -> Secrets read; where: { user: { username } } -> User read).
// Nested writes built by callers (auth.service.ts `secrets: { update: ... }` / strategies `secrets: { create: ... }`)
// are passed as the `data` parameter of UserService.create/updateByEmail: the call that writes Secrets is in
// user.service.ts, which already writes Secrets directly (this.prisma.secrets.update, user.service.ts:85).
const acc = d.access.filter((a) => !/\(to-one, FK on/.test(a.how));
acc.push({ module: `${S}/user/user.service.ts`, model: 'Secrets', kind: 'write', how: 'user.create/update with caller-built data.secrets.create/update' });
const tables = Object.entries(d.models).map(([model, table]) => ({
  name: table,
  module: SCHEMA,
  entity: model,
  via: 'prisma model (no @@map: table named after the model)',
  readers: [...new Set(acc.filter((a) => a.model === model && a.kind === 'read').map((a) => a.module))].sort(),
  writers: [...new Set(acc.filter((a) => a.model === model && a.kind === 'write').map((a) => a.module))].sort(),
}));
tables.find((t) => t.name === 'Secrets').note = 'read only through include: { secrets: true } on user queries (user.service.ts:17-66, :74); written by this.prisma.secrets.update (user.service.ts:85) and by nested secrets.create/update that auth.service.ts and the OAuth strategies pass as `data` to UserService.create / updateByEmail';
tables.find((t) => t.name === 'User').note = 'resume.service.ts reads it directly (this.prisma.user.findUniqueOrThrow, resume.service.ts:29) and through the relation filter where: { user: { username } } (resume.service.ts:89)';
tables.find((t) => t.name === 'Statistics').note = 'written with upsert (resume.service.ts:95, :150), one row per resume';

const SHARED = new Set(['app', 'config', 'database', 'libs/utils']);
const units = {};
for (const [f, u] of Object.entries(d.units)) units[f] = SHARED.has(u) ? 'shared' : u;
units[`${S}/types/express.d.ts`] = 'shared';

const doc = {
  name: 'reactive-resume',
  commit,
  method: {
    routes: 'Draft by corpus/tools/reactive-resume/extract.mjs (TypeScript compiler API, parse only): every @Controller class in apps/server/src with its @Get/@Post/@Put/@Patch/@Delete methods; global prefix read by hand from apps/server/src/main.ts:47-48 (const globalPrefix = "api"; app.setGlobalPrefix(globalPrefix), no exclude, no enableVersioning, no RouterModule). Checked by hand that all 9 controllers are registered: 8 through @Module({ controllers }) and AuthController through the dynamic module returned by AuthModule.register() (auth.module.ts:22-27), imported by AppModule. All 44 routes compared against a grep of the decorators. Left out: ServeStaticModule (artboard at /artboard, the client SPA on /*), Swagger UI at /api/docs. libs/* declare no routes. Nothing uncertain.',
    tables: 'Draft by extract.mjs from tools/prisma/schema.prisma (the schema named in the root package.json "prisma.schema"): 4 models, no @@map, no implicit many-to-many, so tables are named after the models (Prisma default). Cross-checked with the CREATE TABLE statements in tools/prisma/migrations (the same 4). _prisma_migrations is not listed.',
    dataAccess: 'Draft by extract.mjs: calls <receiver>.<delegate>.<op>() on the nestjs-prisma PrismaService (find*/count/aggregate/groupBy = read; create*/update*/upsert/delete* = write), plus nested relation access inside the call\'s literal argument (include/select of a relation, relation filters in where = read of the related table; data.<relation>.create/update... = write), plus raw SQL templates (only `SELECT 1` in health/database.health.ts:13, no table). All 31 calls in the two modules that touch Prisma (user.service.ts, resume.service.ts) read by hand, plus a grep of every `prisma`/`secrets:` occurrence in apps/server/src and libs. One pair decided by hand: Secrets written by user.service.ts through caller-built nested data (already a writer through secrets.update). Nothing uncertain beyond the convention that nested include/where relation access counts as a read.',
    partition: 'Draft by extract.mjs: each apps/server file goes to the @Module whose controllers/providers (in the decorator or in the object a static register() returns) list a class it declares, else to the module file of its folder or nearest parent folder; each lib file to its workspace package (libs/dto, libs/schema, libs/utils). Renamed by hand to `shared`: AppModule and main.ts (wiring), ConfigModule (config), DatabaseModule (nestjs-prisma setup), types/express.d.ts, and libs/utils (generic helpers used by server and frontends). libs/dto and libs/schema stay units of their own (workspace packages holding the API contracts and the resume data schema shared with the client). All 123 files reviewed in a listing.',
  },
  notes: [
    'Global prefix from a local constant: apps/server/src/main.ts:47-48 `const globalPrefix = "api"; app.setGlobalPrefix(globalPrefix);` - every route is under /api.',
    'AuthController is registered only through a dynamic module: apps/server/src/auth/auth.module.ts:21-27 `@Module({})` is empty and `static register(): DynamicModule` returns { module: AuthModule, controllers: [AuthController], providers: [...] }; AppModule imports AuthModule.register() (apps/server/src/app.module.ts:32).',
    'Method paths with a leading slash under a controller path: apps/server/src/resume/resume.controller.ts:95,108,148,161 (@Get("/public/:username/:slug/stealthily"), @Get("/print/:id")), also contributors.controller.ts:9, feature.controller.ts:9, translation.controller.ts:9.',
    'PrismaService comes from the nestjs-prisma package (import { PrismaService } from "nestjs-prisma"), registered globally by PrismaModule.forRootAsync({ isGlobal: true }) in apps/server/src/database/database.module.ts:9 - there is no PrismaService class in the repo.',
    'The Prisma schema lives outside the backend app, at tools/prisma/schema.prisma, located through package.json "prisma": { "schema": "tools/prisma/schema.prisma" } (package.json:256-258).',
    'Nested writes through a parameter: UserService.create(data) / updateByEmail(email, data) (apps/server/src/user/user.service.ts:73-79; the parameter is typed Prisma.UserCreateInput / Prisma.UserUpdateArgs["data"]) forward caller-built objects such as `secrets: { update: { lastSignedIn: new Date() } }` (apps/server/src/auth/auth.service.ts:75) and `secrets: { create: { password } }` (auth.service.ts:112) - the Secrets table is written by user.service.ts, not by auth.service.ts.',
    'Relation reads without a Secrets delegate call: include: { secrets: true } (apps/server/src/user/user.service.ts:19 and 4 more) is the only way Secrets is read.',
    'Relation filter: resume.service.ts:88-90 `this.prisma.resume.findFirstOrThrow({ where: { user: { username }, ... } })` reads User.',
    'Backend libraries resolved through tsconfig.base.json paths (@reactive-resume/dto, /schema, /utils -> libs/*/src/index.ts) and the @/server/* alias (apps/server/src/resume/resume.service.ts:16).',
    'Static serving (ServeStaticModule for /artboard and the client SPA on /*, apps/server/src/app.module.ts:42-51) and Swagger UI (SwaggerModule.setup("docs"), main.ts:64) are not routes.',
  ],
  routes,
  tables,
  partition: { basis: 'NestJS @Modules of apps/server/src (one per folder, AuthModule dynamic) plus the workspace packages libs/dto, libs/schema, libs/utils; wiring, config, database setup and libs/utils as shared', units: Object.fromEntries(Object.entries(units).sort()) },
};
writeFileSync(resolve(here, '../../expected/reactive-resume.json'), JSON.stringify(doc, null, 2) + '\n');
console.log(`routes ${routes.length}, tables ${tables.length}, triples ${tables.reduce((n, t) => n + t.readers.length + t.writers.length, 0)}, partition ${Object.keys(units).length} modules / ${new Set(Object.values(units)).size} units`);

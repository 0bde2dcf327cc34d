// Assemble corpus/expected/novu.json from the drafts (routes.mjs, access.mjs, partition.mjs) plus the hand-made
// decisions below (route notes, de-duplication of routes served identically by several apps).
import fs from 'node:fs';
import { execSync } from 'node:child_process';
import { REPO, outFile } from './scope.mjs';

const here = (f) => new URL(f, import.meta.url);
for (const s of ['routes.mjs', 'access.mjs', 'partition.mjs']) execSync(`node ${here(s).pathname}`, { stdio: 'ignore' });
const routesDraft = JSON.parse(fs.readFileSync(outFile('routes.draft.json')));
const tablesDraft = JSON.parse(fs.readFileSync(outFile('tables.draft.json')));
const units = JSON.parse(fs.readFileSync(outFile('partition.draft.json')));
const commit = execSync('git rev-parse HEAD', { cwd: REPO, encoding: 'utf8' }).trim();

// ---- routes
const notesByCtl = {
  AnalyticsController: 'AnalyticsModule is imported only when SEGMENT_TOKEN is set (apps/api/src/app.module.ts:142)',
  InvitesController: 'InvitesModule is imported only when Clerk is not enabled, i.e. the community edition, the default (apps/api/src/app.module.ts:115)',
  OrganizationController: 'community controller chosen by getControllers() when Clerk is not enabled (organization.module.ts:39)',
  AuthController: 'community AuthModule config (community.auth.module.config.ts); with Clerk enabled the controllers come from @novu/ee-auth, whose source is not in this checkout',
  NovuBridgeController: 'NovuBridgeModule is imported by EnvironmentsModuleV1; handled by @novu/framework NovuHandler',
};
const out = new Map();
for (const r of routesDraft) {
  const k = `${r.method} ${r.path.replace(/:[^/]+/g, ':p')}`;
  const cls = r.handler.split('.')[0];
  if (cls === 'EEOrganizationController') continue; // alternative to OrganizationController, same 3 method+paths
  if (out.has(k)) { out.get(k).also.push(r); continue; }
  out.set(k, { ...r, cls, also: [] });
}
const routes = [];
for (const r of out.values()) {
  const notes = [];
  if (notesByCtl[r.cls]) notes.push(notesByCtl[r.cls]);
  if (r.cls === 'OrganizationController' && /^(GET \/v1\/organizations\/me|PUT \/v1\/organizations\/branding|PATCH \/v1\/organizations)$/.test(`${r.method} ${r.path}`))
    notes.push('with Clerk enabled EEOrganizationController (ee.organization.controller.ts) serves this method+path instead');
  if (r.handler === 'AuthController.authenticateTest') notes.push('declared always; answers 404 unless NODE_ENV=test (auth.controller.ts:206)');
  if (r.handler === 'AuthController.githubAuth' || r.handler === 'AuthController.githubCallback') notes.push('the GitHub passport strategy/middleware is added only when GITHUB_OAUTH_CLIENT_ID is set; the route is declared regardless');
  if (/^\/v2\//.test(r.path)) notes.push("controller declares version: '2' (URI versioning)");
  if (r.app === 'api') notes.push('api: URI versioning prefix `${CONTEXT_PATH}v`, defaultVersion 1; CONTEXT_PATH from GLOBAL_CONTEXT_PATH/API_CONTEXT_PATH env, empty by default and in every shipped .env');
  if (r.app === 'worker') notes.push('worker: setGlobalPrefix(`${CONTEXT_PATH}v1`), CONTEXT_PATH empty by default');
  if (r.app === 'ws') notes.push('ws: setGlobalPrefix(CONTEXT_PATH), WS_CONTEXT_PATH empty by default');
  if (r.also.length) notes.push('same method+path also served by: ' + r.also.map((a) => `${a.app} (${a.module})`).join(', '));
  const e = { method: r.method, path: r.path, module: r.module, app: r.app, handler: r.handler };
  if (notes.length) e.note = notes.join('; ');
  routes.push(e);
}

// ---- tables
const tableNotes = {
  controls: "model registered as mongoose.model('controls', schema) (control-values.schema.ts:42-45); the trailing `|| mongoose.model('inputs', schema)` never runs, and mongoose.models.ControlValues is never set, so the collection is 'controls'",
  subscriptionpreferences: 'SubscriptionPreferenceRepository exists but nothing in scope calls it',
  logs: 'LogRepository declares no methods of its own; only the callers of its inherited create() touch it',
  preferences: "model name 'Preferences' already ends in s: mongoose's pluralize keeps it",
  executiondetails: "model name 'ExecutionDetails' ends in s: mongoose's pluralize keeps it",
  topicsubscribers: "model name 'TopicSubscribers' ends in s; also read by TopicRepository's aggregate $lookup { from: 'topicsubscribers' } (topic.repository.ts:9,22), not counted (see notes)",
};
const tables = tablesDraft.map((t) => {
  const e = { name: t.name, module: t.module, entity: t.exportName, via: `mongoose.model('${t.entity}', schema) with no collection option: mongoose default collection name`, readers: t.readers, writers: t.writers };
  if (tableNotes[t.name]) e.note = tableNotes[t.name];
  return e;
});

const doc = JSON.parse(JSON.stringify((await import('./hand.mjs')).default));
doc.commit = commit;
doc.routes = routes;
doc.tables = tables;
doc.partition = { basis: doc.partition.basis, units };
fs.writeFileSync('/work/main/corpus/expected/novu.json', JSON.stringify(doc, null, 2) + '\n');
console.log('routes', routes.length, 'tables', tables.length, 'triples', tables.reduce((a, t) => a + t.readers.length + t.writers.length, 0),
  'partition', Object.keys(units).length, 'units', new Set(Object.values(units)).size);

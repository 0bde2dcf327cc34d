/* eslint-disable @typescript-eslint/no-unused-vars -- a one-off reference script, kept as the record of how corpus/expected/gauzy.json was built */
// Assemble corpus/expected/gauzy.json from routes.mjs, entities.mjs, dataaccess.mjs, partition.mjs
// plus the hand-read parts in ./manual.mjs (factory-made controllers, notes, method paragraphs).
import { writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { ts, parse, decoratorsOf, decoName, decoArgs, strValue, lineOf, REPO } from './lib.mjs';
import { buildRoutes } from './routes.mjs';
import { buildDataAccess } from './dataaccess.mjs';
import { buildPartition } from './partition.mjs';
import { MANUAL_ROUTES, METHOD, NOTES, PARTITION_OVERRIDES, TABLE_NOTES, EXTRA_ACCESS, DROP_ACCESS } from './manual.mjs';

const commit = execSync('git rev-parse HEAD', { cwd: REPO }).toString().trim();

// ---- routes
const { routes: raw } = buildRoutes();
const seen = new Set();
const routes = [];
for (const r of [...raw, ...MANUAL_ROUTES]) {
	const k = `${r.method} ${r.path}`;
	if (seen.has(k)) continue; // NestJS registers the subclass's own methods first: the first handler wins
	seen.add(k);
	const out = { method: r.method, path: r.path, module: r.module, handler: r.handler };
	if (r.declaredIn) out.note = `inherited route, handler declared in ${r.declaredIn}`;
	if (r.note) out.note = r.note;
	routes.push(out);
}
routes.sort((a, b) => (a.path + ' ' + a.method).localeCompare(b.path + ' ' + b.method));

// ---- tables
const D = buildDataAccess();
const tables = [];
const byTable = new Map();
for (const e of D.entities.values()) {
	if (byTable.has(e.table)) continue;
	const t = { name: e.table, module: e.file, entity: e.name, via: e.explicit ? `@${decoName(decoratorsOf(e.node).find((d) => ['MultiORMEntity', 'Entity'].includes(decoName(d))))}('${e.table}')` : `@MultiORMEntity() default name (TypeORM DefaultNamingStrategy snakeCase(${e.name}))`, readers: [], writers: [] };
	byTable.set(e.table, t); tables.push(t);
	// closure tables of @Tree('closure-table')
	const tree = decoratorsOf(e.node).find((d) => decoName(d) === 'Tree');
	if (tree && strValue(decoArgs(tree)[0]) === 'closure-table') {
		const c = { name: `${e.table}_closure`, module: e.file, entity: e.name, via: `@Tree('closure-table') on ${e.name}: TypeORM closure junction table <table>_closure`, readers: [], writers: [] };
		byTable.set(c.name, c); tables.push(c);
	}
}
for (const j of D.joins) {
	if (!j.table) continue;
	if (byTable.has(j.table)) { const t = byTable.get(j.table); t.via += `; also @JoinTable on ${j.owner.name}.${j.prop} (${j.file}:${j.line})`; continue; }
	const t = { name: j.table, module: j.file, via: j.explicit ? `@JoinTable({ name: '${j.table}' }) on ${j.owner.name}.${j.prop} (line ${j.line})` : `@JoinTable() on ${j.owner.name}.${j.prop} (line ${j.line}): TypeORM default ${j.owner.table}_${j.prop}_${j.target.table}`, readers: [], writers: [] };
	byTable.set(j.table, t); tables.push(t);
}
// project_module_task is declared on both sides; the owner (MikroORM owner: true) is Task
const pmt = byTable.get('project_module_task');
if (pmt) { pmt.module = 'packages/core/src/lib/tasks/task.entity.ts'; }

const drop = new Set(DROP_ACCESS.map((x) => `${x.file}|${x.table}|${x.rw}`));
for (const [file, m] of D.credit) for (const [table, rw] of m) {
	const t = byTable.get(table);
	if (!t) continue;
	if (rw.read.length && !drop.has(`${file}|${table}|read`)) t.readers.push(file);
	if (rw.write.length && !drop.has(`${file}|${table}|write`)) t.writers.push(file);
}
for (const x of EXTRA_ACCESS) { const t = byTable.get(x.table); const list = x.rw === 'read' ? t.readers : t.writers; if (!list.includes(x.file)) list.push(x.file); }
for (const t of tables) { t.readers = [...new Set(t.readers)].sort(); t.writers = [...new Set(t.writers)].sort(); if (TABLE_NOTES[t.name]) t.note = TABLE_NOTES[t.name]; }
tables.sort((a, b) => a.name.localeCompare(b.name));

// ---- partition
const { units } = buildPartition();
for (const [f, u] of Object.entries(PARTITION_OVERRIDES)) units[f] = u;

const doc = {
	$schema: '../expected.schema.json',
	name: 'gauzy',
	commit,
	method: METHOD,
	notes: NOTES,
	routes,
	tables,
	partition: { basis: 'NestJS @Modules of packages/core (one unit per @Module folder), one unit per plugin package loaded by apps/api, social-auth for packages/auth, shared for core infrastructure, the workspace libraries and apps/api wiring', units }
};
writeFileSync('/work/main/corpus/expected/gauzy.json', JSON.stringify(doc, null, '\t') + '\n');
let triples = 0; for (const t of tables) triples += t.readers.length + t.writers.length;
console.log(`routes ${routes.length}, tables ${tables.length}, triples ${triples}, partition ${Object.keys(units).length} files / ${new Set(Object.values(units)).size} units`);

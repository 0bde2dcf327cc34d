// Entities and join tables. @MultiORMEntity (packages/core/src/lib/core/decorators/entity/entity.decorator.ts)
// applies both MikroORM's and TypeORM's @Entity; the default ORM is TypeORM (getORMType() default,
// packages/core/src/lib/core/utils.ts:332), so TypeORM DefaultNamingStrategy names apply:
// table = explicit name || snakeCase(ClassName); join table = @JoinTable({name}) || snakeCase(owner_table + '_' + property + '_' + target_table).
import { ts, parse, resolveName, decoratorsOf, decoName, decoArgs, strValue, scopeFiles, lineOf } from './lib.mjs';
import { buildModules, reachable } from './modules.mjs';

export function snakeCase(str) { // typeorm/util/StringUtils.snakeCase
	return str.replace(/([A-Z])([A-Z])([a-z])/g, '$1_$2$3').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
const ENTITY_DECOS = ['MultiORMEntity', 'Entity'];

export function buildEntities(files = scopeFiles()) {
	const entities = new Map(); // file#Class -> {file, name, table, line}
	for (const file of files) {
		const sf = parse(file);
		const visit = (n) => {
			if (ts.isClassDeclaration(n) && n.name) {
				const d = decoratorsOf(n).find((x) => ENTITY_DECOS.includes(decoName(x)));
				if (d) {
					const a = decoArgs(d)[0];
					let table = strValue(a);
					if (!table && a && ts.isObjectLiteralExpression(a)) {
						const p = a.properties.find((x) => ['name', 'tableName'].includes(x.name?.text));
						table = p && strValue(p.initializer);
					}
					entities.set(`${file}#${n.name.text}`, { file, name: n.name.text, table: table || snakeCase(n.name.text), explicit: !!table, line: lineOf(sf, n), node: n, sf });
				}
			}
			ts.forEachChild(n, visit);
		};
		visit(sf);
	}
	// join tables
	const byKey = entities;
	const joins = [];
	for (const e of entities.values()) {
		for (const mem of e.node.members) {
			if (!ts.isPropertyDeclaration(mem)) continue;
			const jt = decoratorsOf(mem).find((x) => decoName(x) === 'JoinTable');
			const m2m = decoratorsOf(mem).find((x) => ['MultiORMManyToMany', 'ManyToMany'].includes(decoName(x)));
			if (!jt) {
				if (m2m) {
					const opts = decoArgs(m2m).find((x) => ts.isObjectLiteralExpression(x));
					const owner = opts?.properties.find((p) => p.name?.text === 'owner');
					const pivot = opts?.properties.find((p) => p.name?.text === 'pivotTable');
					if (owner || pivot) joins.push({ problem: 'm2m owner/pivot without @JoinTable', entity: e.name, prop: mem.name.getText(), file: e.file, line: lineOf(e.sf, mem) });
				}
				continue;
			}
			const a = decoArgs(jt)[0];
			let name = null;
			if (a && ts.isObjectLiteralExpression(a)) { const p = a.properties.find((x) => x.name?.text === 'name'); name = p && strValue(p.initializer); }
			let target = null;
			if (m2m) {
				const f = decoArgs(m2m)[0];
				if (f && ts.isArrowFunction(f) && ts.isIdentifier(f.body)) { const d = resolveName(e.file, f.body.text); if (d) target = byKey.get(`${d.file}#${d.name}`); }
			}
			const prop = mem.name.getText();
			const def = target ? snakeCase(`${e.table}_${prop}_${target.table}`) : null;
			let pivot = null;
			if (m2m) { const opts = decoArgs(m2m).find((x) => ts.isObjectLiteralExpression(x)); const p = opts?.properties.find((x) => x.name?.text === 'pivotTable'); pivot = p && strValue(p.initializer); }
			joins.push({ table: name || def, explicit: !!name, owner: e, prop, target, pivot, file: e.file, line: lineOf(e.sf, mem) });
		}
	}
	return { entities, joins };
}

// entity classes registered with the ORM: coreEntities + the `entities` of the loaded plugins
export function registeredEntities() {
	const set = new Set();
	const f = 'packages/core/src/lib/core/entities/index.ts';
	for (const st of parse(f).statements) if (ts.isVariableStatement(st)) for (const v of st.declarationList.declarations)
		if (v.name.text === 'coreEntities') for (const el of v.initializer.elements) { const d = resolveName(f, el.text); if (d) set.add(`${d.file}#${d.name}`); }
	const modules = buildModules();
	const { seen } = reachable(modules);
	for (const k of seen) { const m = modules.get(k); for (const e of m.entities || []) set.add(`${e.file}#${e.name}`); }
	return set;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const { entities, joins } = buildEntities();
	const reg = registeredEntities();
	console.log('entity classes', entities.size, 'registered', reg.size, 'joins', joins.length);
	for (const k of reg) if (!entities.has(k)) console.log('REGISTERED BUT NO @Entity', k);
	for (const [k, e] of entities) if (!reg.has(k)) console.log('NOT REGISTERED', k, e.table);
	for (const [k, e] of entities) if (!e.explicit) console.log('DEFAULT NAME', k, e.table);
	for (const j of joins) if (j.problem || !j.explicit || (j.pivot && j.pivot !== j.table)) console.log('JOIN', JSON.stringify({ ...j, owner: j.owner?.name, target: j.target?.name }));
	const names = new Map(); for (const e of entities.values()) names.set(e.table, [...(names.get(e.table) || []), e.name]);
	for (const j of joins) if (j.table) names.set(j.table, [...(names.get(j.table) || []), 'JOIN:' + j.owner.name + '.' + j.prop]);
	for (const [t, v] of names) if (v.length > 1) console.log('SAME TABLE', t, v.join(' '));
}

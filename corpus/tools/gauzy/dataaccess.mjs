/* eslint-disable @typescript-eslint/no-unused-vars -- a one-off reference script, kept as the record of how corpus/expected/gauzy.json was built */
// Second stage: credits inherited generic-method invocations to the bound service's module, adds the
// CrudController/CrudFactory base routes of the registered controllers, and prints the table -> readers/writers map.
import { ts, parse, resolveName, scopeFiles, lineOf } from './lib.mjs';
import { analyze, isSeedOrMigration } from './access.mjs';
import { buildRoutes } from './routes.mjs';

export function buildDataAccess() {
	const A = analyze();
	const { classes, chainOf, crudEntity, findMethod, methodEffect, give, invocations, isGenericBase, resolveClass, typeBinding } = A;
	const log = [];
	const isCrudCtrlBase = (c) => c.name === 'CrudController' || c.name === 'BaseCrudController';
	// service class bound in a controller constructor: super(x) -> x's type
	function controllerService(ctrl) {
		for (const m of ctrl.node.members) if (ts.isConstructorDeclaration(m) && m.body) {
			let arg = null;
			const v = (n) => { if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.SuperKeyword) arg = n.arguments[0]; ts.forEachChild(n, v); };
			v(m.body);
			if (!arg) return null;
			let name = null;
			if (ts.isIdentifier(arg)) name = arg.text;
			else if (ts.isPropertyAccessExpression(arg)) name = arg.name.text;
			const p = m.parameters.find((x) => ts.isIdentifier(x.name) && x.name.text === name);
			if (p && p.type) { const b = typeBinding(ctrl.file, p.type, {}); if (b && (b.k === 'svc' || b.k === 'repo') && b.cls) return b.cls; }
		}
		return null;
	}
	function crudServiceCalls(methodNode) {
		const out = [];
		const v = (n) => {
			if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isPropertyAccessExpression(n.expression.expression) && n.expression.expression.name.text === 'crudService') out.push(n.expression.name.text);
			ts.forEachChild(n, v);
		};
		v(methodNode);
		return out;
	}
	const credited = (cls, method, startIdx, from) => {
		const m = findMethod(cls, method, startIdx);
		if (!m) return;
		if (isCrudCtrlBase(m.cls)) { // base route handler -> this.crudService.X
			const svc = controllerService(cls);
			if (!svc) { log.push(`no service for controller ${cls.key}`); return; }
			for (const x of crudServiceCalls(m.node)) credited(svc, x, 0, `${from} -> ${m.cls.name}.${method} -> crudService.${x}`);
			return;
		}
		if (!isGenericBase(m.cls)) return; // own method of a concrete class: its calls are credited directly
		const ent = crudEntity(cls);
		if (!ent) return;
		for (const a of methodEffect(cls, method, startIdx)) give(cls.file, a.table, a.rw, `${from} -> inherited ${a.via} (${a.how})`);
	};
	for (const iv of invocations) {
		if (isSeedOrMigration(iv.from.split(':')[0])) continue;
		if (iv.self) {
			// this.m() / super.m() inside the class's own member
			credited(iv.cls, iv.method, iv.sup ? 1 : 0, iv.from);
		} else credited(iv.cls, iv.method, 0, iv.from);
	}
	// registered controllers: inherited base routes not overridden
	const { controllers } = buildRoutes();
	for (const c of controllers.values()) {
		const cls = classes.get(`${c.file}#${c.name}`);
		if (!cls) continue;
		const chain = chainOf(cls);
		// CrudFactory controllers: chain stops at the call expression; handle separately
		const own = new Set(cls.node.members.filter((m) => ts.isMethodDeclaration(m)).map((m) => m.name.getText()));
		let baseCls = chain.find((x) => isCrudCtrlBase(x.cls))?.cls;
		if (!baseCls) {
			const h = (cls.node.heritageClauses || []).find((x) => x.token === ts.SyntaxKind.ExtendsKeyword);
			const e = h?.types[0].expression;
			if (e && ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'CrudFactory') baseCls = classes.get('packages/core/src/lib/core/crud/crud.factory.ts#BaseCrudController');
		}
		if (!baseCls) continue;
		const svc = controllerService(cls);
		if (!svc) { log.push(`no service for CRUD controller ${cls.key}`); continue; }
		for (const m of baseCls.node.members) {
			if (!ts.isMethodDeclaration(m) || own.has(m.name.getText())) continue;
			if (!ts.getDecorators(m)?.some((d) => /^(Get|Post|Put|Patch|Delete)$/.test(d.expression.expression?.text))) continue;
			for (const x of crudServiceCalls(m)) credited(svc, x, 0, `${c.file} route ${cls.name}.${m.name.getText()} (inherited from ${baseCls.name}) -> crudService.${x}`);
		}
		// overridden route methods calling super.X(...)
		for (const m of cls.node.members) if (ts.isMethodDeclaration(m) && m.body) {
			const v = (n) => { if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.expression.kind === ts.SyntaxKind.SuperKeyword) {
				const bm = baseCls.node.members.find((x) => ts.isMethodDeclaration(x) && x.name.getText() === n.expression.name.text);
				if (bm) for (const x of crudServiceCalls(bm)) credited(svc, x, 0, `${c.file}:${lineOf(parse(c.file), n)} super.${n.expression.name.text} -> crudService.${x}`);
			} ts.forEachChild(n, v); };
			v(m.body);
		}
	}
	return { ...A, log };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const D = buildDataAccess();
	const tables = new Map();
	for (const [file, m] of D.credit) for (const [t, rw] of m) {
		if (!tables.has(t)) tables.set(t, { readers: new Set(), writers: new Set() });
		if (rw.read.length) tables.get(t).readers.add(file);
		if (rw.write.length) tables.get(t).writers.add(file);
	}
	let triples = 0; for (const v of tables.values()) triples += v.readers.size + v.writers.size;
	console.log('tables with access', tables.size, 'of', D.tableNames.size, 'triples', triples, 'files', D.credit.size);
	console.log('log', D.log.slice(0, 30));
	const arg = process.argv[2];
	if (arg === 'unknown') for (const u of D.unknown) console.log('UNKNOWN', u.file + ':' + u.line, u.what);
	if (arg === 'untouched') for (const t of D.tableNames) if (!tables.has(t)) console.log('UNTOUCHED', t);
	if (arg === 'table') { const t = tables.get(process.argv[3]); console.log(t); for (const [f, m] of D.credit) if (m.has(process.argv[3])) console.log(f, JSON.stringify(m.get(process.argv[3]))); }
	if (arg === 'file') { const m = D.credit.get(process.argv[3]); for (const [t, v] of m || []) console.log(t, JSON.stringify(v, null, 1)); }
}

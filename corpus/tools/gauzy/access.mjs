/* eslint-disable @typescript-eslint/no-unused-vars -- a one-off reference script, kept as the record of how corpus/expected/gauzy.json was built */
// Data access: which module reads / writes which table. AST only, no type checker: bindings are
// derived from declared types (constructor parameters, properties, parameters, locals) and from the
// generic base classes (CrudService<T> / TenantAwareCrudService<T> / TaskMetadataService<T>).
//
// Rules (see method.dataAccess in corpus/expected/gauzy.json):
//  - a call on a repository object bound to entity E (TypeORM Repository<E> or a TypeOrmXRepository class,
//    MikroORM EntityRepository<E> / MikroOrmBaseEntityRepository<E> / MikroOrmXRepository, @InjectRepository(E),
//    em.getRepository(E), dataSource.getRepository(E)) is a read or write of E by the module holding the call,
//    classified by the method (find*/count*/exist* = read; save/insert/update/upsert/delete/remove/softDelete/
//    restore/persist*/flush/native* = write; create/merge/assign = no DB access);
//  - query builders (TypeORM/MikroORM createQueryBuilder, knex('table')) = write when the chain has
//    insert/update/delete/softDelete/restore, else read of the root; explicit `.from(E)`, `.join(E, ...)`,
//    `.leftJoin(E, ...)` with an entity class / table string = read. Relation-path joins ('alias.relation')
//    and `relations:` find options are NOT counted (relation loading);
//  - raw SQL (`.query(sql)`, `.execute(sql)`, `knex.raw(sql)`) with a literal/template/local-const SQL string:
//    FROM/JOIN = read, INSERT INTO/UPDATE/DELETE FROM = write;
//  - entity-manager calls naming the entity (`em.find(E, ...)`, `manager.save(E, ...)`, `em.nativeDelete(E, ...)`);
//  - a class bound to E through CrudService<E> (directly or via TenantAwareCrudService / TaskMetadataService):
//    each invocation of an inherited generic method (this.m(), super.m(), someService.m() from any module, or a
//    CrudController / CrudFactory route not overridden by the subclass calling this.crudService.m()) makes the
//    *service's* module a reader/writer of E as the generic method does (transitively, virtual dispatch);
//    the caller module is not credited (a module calling a service does not read its tables);
//  - custom repository classes (TypeOrmXRepository with own methods, TokenRepository): calling one of their
//    methods credits the caller with what the method does (transitively);
//  - seeds and migrations are excluded.
import { ts, parse, resolveName, externalImport, decoratorsOf, decoName, decoArgs, strValue, scopeFiles, lineOf } from './lib.mjs';
import { buildEntities } from './entities.mjs';

// queryRunner helpers called only from migrations (checked with the import graph: no other importer uses them)
const MIGRATION_HELPERS = new Set(['packages/core/src/lib/integration/utils.ts', 'packages/core/src/lib/email-template/utils.ts', 'packages/core/src/lib/language/language-utils.ts', 'packages/core/src/lib/role-permission/utils.ts']);
export const isSeedOrMigration = (f) => MIGRATION_HELPERS.has(f) ||
	/\/database\/migrations\//.test(f) || /\.seed\.ts$/.test(f) || /-seeder\.service\.ts$/.test(f) || /\/core\/seeds\//.test(f) ||
	/^apps\/api\/src\/(seed|migration)/.test(f) || /\/database\/migration[^/]*\.ts$/.test(f);

const READ = new Set(['find', 'findOne', 'findBy', 'findOneBy', 'findAndCount', 'findAndCountBy', 'findOneOrFail', 'findOneByOrFail', 'findByIds',
	'count', 'countBy', 'exist', 'exists', 'existsBy', 'sum', 'average', 'minimum', 'maximum', 'findAll', 'findByCursor', 'populate', 'refresh', 'lock', 'preload', 'findOneById']);
const WRITE = new Set(['save', 'insert', 'update', 'upsert', 'upsertMany', 'delete', 'remove', 'softDelete', 'softRemove', 'restore', 'recover',
	'increment', 'decrement', 'clear', 'persistAndFlush', 'persist', 'flush', 'nativeUpdate', 'nativeDelete', 'nativeInsert', 'insertMany', 'removeAndFlush']);
const QB_WRITE = new Set(['insert', 'update', 'delete', 'softDelete', 'restore', 'into', 'values', 'orUpdate', 'orIgnore', 'truncate']);
const KNEX_WRITE = new Set(['insert', 'update', 'del', 'delete', 'upsert', 'merge', 'onConflict', 'increment', 'decrement', 'truncate']);
const JOINS = new Set(['join', 'innerJoin', 'leftJoin', 'leftJoinAndSelect', 'innerJoinAndSelect', 'rightJoin', 'leftOuterJoin', 'fullOuterJoin', 'leftJoinAndMapOne', 'leftJoinAndMapMany', 'innerJoinAndMapOne', 'innerJoinAndMapMany', 'from', 'addFrom']);
const EM_TYPES = new Set(['DataSource', 'EntityManager', 'QueryRunner', 'MikroORM', 'SqlEntityManager', 'Connection', 'ConnectionEntityManager']);
const GENERIC_BASES = new Set(['CrudService', 'TenantAwareCrudService', 'TaskMetadataService']);
const TOKEN_IFACES = new Set(['ITokenReadRepository', 'ITokenWriteRepository', 'ITokenMaintenanceRepository', 'ITokenRepository']);

export function analyze(files = scopeFiles()) {
	const { entities, joins } = buildEntities(files);
	const tableNames = new Set([...entities.values()].map((e) => e.table));
	for (const j of joins) if (j.table) tableNames.add(j.table);
	for (const e of entities.values()) if (decoratorsOf(e.node).some((d) => decoName(d) === 'Tree' && strValue(decoArgs(d)[0]) === 'closure-table')) tableNames.add(`${e.table}_closure`);
	const entByName = new Map();
	for (const e of entities.values()) entByName.set(e.name, e);

	// ---- class index ---------------------------------------------------------------------------
	const classes = new Map();
	for (const file of files) {
		const visit = (n) => {
			if (ts.isClassDeclaration(n) && n.name) classes.set(`${file}#${n.name.text}`, { key: `${file}#${n.name.text}`, file, name: n.name.text, node: n });
			ts.forEachChild(n, visit);
		};
		visit(parse(file));
	}
	const classByName = new Map();
	for (const c of classes.values()) { if (!classByName.has(c.name)) classByName.set(c.name, []); classByName.get(c.name).push(c); }
	function resolveClass(file, name) {
		const d = resolveName(file, name);
		if (d && classes.has(`${d.file}#${d.name}`)) return classes.get(`${d.file}#${d.name}`);
		return null;
	}
	function resolveEntity(file, expr, subst) {
		if (!expr) return null;
		if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr)) return resolveEntity(file, expr.expression, subst);
		if (ts.isArrowFunction(expr) && !ts.isBlock(expr.body)) return resolveEntity(file, expr.body, subst);
		const s = strValue(expr);
		if (s !== undefined) return entByName.get(s)?.table ? { table: entByName.get(s).table } : null;
		let name = null;
		if (ts.isIdentifier(expr)) name = expr.text;
		else if (ts.isTypeReferenceNode(expr) && ts.isIdentifier(expr.typeName)) name = expr.typeName.text;
		if (!name) return null;
		if (subst && subst[name] !== undefined) return subst[name];
		const d = resolveName(file, name);
		if (d && entities.has(`${d.file}#${d.name}`)) return { table: entities.get(`${d.file}#${d.name}`).table };
		return null;
	}
	// extends chain with type-argument substitution: [{cls, subst}] ; subst maps type param name -> {table}|{generic:'T'}
	const chainCache = new Map();
	function chainOf(cls) {
		if (chainCache.has(cls.key)) return chainCache.get(cls.key);
		const chain = [{ cls, subst: {} }];
		let cur = cls, subst = {};
		for (let i = 0; i < 8; i++) {
			const h = (cur.node.heritageClauses || []).find((x) => x.token === ts.SyntaxKind.ExtendsKeyword);
			if (!h) break;
			const t = h.types[0];
			if (!ts.isIdentifier(t.expression)) break;
			const base = resolveClass(cur.file, t.expression.text);
			if (!base) break;
			const params = base.node.typeParameters || [];
			const nsubst = {};
			params.forEach((p, idx) => {
				const a = t.typeArguments?.[idx];
				if (!a) return;
				const ent = resolveEntity(cur.file, a, subst) || (ts.isTypeReferenceNode(a) && ts.isIdentifier(a.typeName) && subst[a.typeName.text]) || null;
				nsubst[p.name.text] = ent || { generic: p.name.text };
			});
			chain.push({ cls: base, subst: nsubst });
			cur = base; subst = nsubst;
		}
		chainCache.set(cls.key, chain);
		return chain;
	}
	// the entity a class is bound to through a generic base (CrudService<T>)
	function crudEntity(cls) {
		for (const { cls: c, subst } of chainOf(cls)) if (c.name === 'CrudService') { const t = subst.T; return t && t.table ? t : null; }
		return null;
	}
	function isGenericBase(cls) { return GENERIC_BASES.has(cls.name); }
	function repoClassEntity(cls) { // TypeOrmXRepository extends Repository<X>, MikroOrmXRepository extends MikroOrmBaseEntityRepository<X>
		const h = (cls.node.heritageClauses || []).find((x) => x.token === ts.SyntaxKind.ExtendsKeyword);
		if (!h) return null;
		const t = h.types[0];
		if (!ts.isIdentifier(t.expression)) return null;
		const n = t.expression.text;
		const ext = externalImport(cls.file, n);
		const base = ext ? ext.name : n;
		if (['Repository', 'EntityRepository', 'MikroOrmBaseEntityRepository'].includes(base) || /MikroOrmBaseEntityRepository/.test(n)) return resolveEntity(cls.file, t.typeArguments?.[0]);
		return null;
	}

	// ---- bindings ------------------------------------------------------------------------------
	// binding kinds: {k:'repo', table, cls?} {k:'svc', cls} {k:'em', table?} {k:'knex'} {k:'qb', rec} {k:'kqb', rec} {k:'generic'}
	function typeBinding(file, tn, subst) {
		if (!tn) return null;
		if (ts.isIntersectionTypeNode(tn) || ts.isUnionTypeNode(tn)) { for (const t of tn.types) { const b = typeBinding(file, t, subst); if (b) return b; } return null; }
		if (ts.isParenthesizedTypeNode(tn)) return typeBinding(file, tn.type, subst);
		if (!ts.isTypeReferenceNode(tn)) return null;
		const tname = ts.isIdentifier(tn.typeName) ? tn.typeName.text : ts.isQualifiedName(tn.typeName) ? tn.typeName.right.text : null;
		if (!tname) return null;
		const ext = externalImport(file, tname) || (ts.isQualifiedName(tn.typeName) ? { module: '?', name: tname } : null);
		const orig = ext ? ext.name : tname;
		if (ext || !resolveName(file, tname)) {
			if (['Repository', 'EntityRepository', 'MikroOrmBaseEntityRepository'].includes(orig)) {
				const a = tn.typeArguments?.[0];
				const ent = a && (resolveEntity(file, a, subst) || (ts.isTypeReferenceNode(a) && ts.isIdentifier(a.typeName) && (subst?.[a.typeName.text] || (!resolveName(file, a.typeName.text) && !externalImport(file, a.typeName.text) ? { generic: a.typeName.text } : null))));
				if (ent && ent.table) return { k: 'repo', table: ent.table };
				if (ent && ent.generic) return { k: 'repo', generic: ent.generic };
				return { k: 'repo', table: null };
			}
			if (EM_TYPES.has(orig)) return { k: 'em' };
			if (orig === 'Knex' || (ext && ext.module === 'knex')) return { k: 'knex' };
			if (['SelectQueryBuilder', 'QueryBuilder', 'UpdateQueryBuilder', 'DeleteQueryBuilder', 'InsertQueryBuilder'].includes(orig)) return { k: 'qbparam' };
			if (['InsertEvent', 'UpdateEvent', 'RemoveEvent', 'SoftRemoveEvent', 'RecoverEvent', 'LoadEvent', 'EventArgs'].includes(orig)) {
				const a = tn.typeArguments?.[0];
				const ent = a && resolveEntity(file, a, subst);
				return { k: 'event', table: ent?.table || null };
			}
		}
		if (/EntityManager$/.test(tname) || tname === 'MultiORMEntityManager') return { k: 'em' };
		if (TOKEN_IFACES.has(tname)) return { k: 'repo', table: 'tokens', cls: classes.get('packages/core/src/lib/token/repositories/token.repository.ts#TokenRepository') };
		const c = resolveClass(file, tname);
		if (c) {
			if (c.name === 'MikroOrmBaseEntityRepository') {
				const a = tn.typeArguments?.[0];
				const ent = a && (resolveEntity(file, a, subst) || (ts.isTypeReferenceNode(a) && ts.isIdentifier(a.typeName) && (subst?.[a.typeName.text] || (!resolveName(file, a.typeName.text) && !externalImport(file, a.typeName.text) ? { generic: a.typeName.text } : null))));
				if (ent && ent.table) return { k: 'repo', table: ent.table };
				if (ent && ent.generic) return { k: 'repo', generic: ent.generic };
				return { k: 'repo', table: null };
			}
			if (c.name === 'ConnectionEntityManager') return { k: 'em' };
			const re = repoClassEntity(c);
			if (re) return { k: 'repo', table: re.table, cls: c };
			const ce = crudEntity(c);
			if (ce) return /Repository$/.test(c.name) ? { k: 'repo', table: ce.table, cls: c, crud: true } : { k: 'svc', cls: c };
			if (isGenericBase(c)) return null;
			return { k: 'class', cls: c };
		}
		return null;
	}
	// fields of a class incl. inherited (with substitution)
	const fieldCache = new Map();
	function fieldsOf(cls) {
		if (fieldCache.has(cls.key)) return fieldCache.get(cls.key);
		const fields = new Map();
		fieldCache.set(cls.key, fields);
		const chain = chainOf(cls);
		for (let i = chain.length - 1; i >= 0; i--) {
			const { cls: c } = chain[i];
			// substitution valid inside c: the subst computed for c (type params of c -> args)
			const subst = chain[i].subst;
			const add = (name, typeNode, decos) => {
				const inj = decos.find((d) => decoName(d) === 'InjectRepository');
				let b = null;
				if (inj) { const e = resolveEntity(c.file, decoArgs(inj)[0], subst); if (e && e.table) b = { k: 'repo', table: e.table }; }
				const tb = typeBinding(c.file, typeNode, subst);
				if (tb && (tb.cls || !b)) b = tb.k === 'repo' && !tb.table && b ? b : tb;
				if (b && b.k === 'repo' && b.generic && subst[b.generic]?.table) b = { k: 'repo', table: subst[b.generic].table };
				if (b) fields.set(name, b);
			};
			for (const m of c.node.members) {
				if (ts.isConstructorDeclaration(m)) for (const p of m.parameters) {
					const mods = ts.getModifiers(p) || [];
					if (mods.length && ts.isIdentifier(p.name)) add(p.name.text, p.type, decoratorsOf(p));
				}
				if (ts.isPropertyDeclaration(m) && m.name && ts.isIdentifier(m.name)) {
					if (m.type) add(m.name.text, m.type, decoratorsOf(m));
					else if (m.initializer && ts.isNewExpression(m.initializer) && ts.isIdentifier(m.initializer.expression)) {
						const c2 = resolveClass(c.file, m.initializer.expression.text); if (c2) fields.set(m.name.text, { k: 'class', cls: c2 });
					}
				}
			}
		}
		// resolve generic repos of the concrete class (CrudService<T>.typeOrmRepository with T bound)
		const ce = crudEntity(cls);
		for (const [n, b] of fields) if (b.k === 'repo' && b.generic) fields.set(n, ce ? { k: 'repo', table: ce.table } : { k: 'repo', generic: 'T' });
		return fields;
	}
	function findMethod(cls, name, startIdx = 0) {
		const chain = chainOf(cls);
		for (let i = startIdx; i < chain.length; i++) {
			const c = chain[i].cls;
			for (const m of c.node.members) if ((ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) && m.name?.getText() === name && m.body) return { cls: c, node: m, idx: i };
		}
		return null;
	}

	// ---- SQL parsing -----------------------------------------------------------------------------
	function sqlTables(sql) {
		const out = [];
		const id = '[`"\\[]?([A-Za-z_][A-Za-z0-9_]*)[`"\\]]?';
		const add = (re, rw) => { for (const m of sql.matchAll(re)) { const t = m[1]; if (tableNames.has(t)) out.push({ table: t, rw }); } };
		add(new RegExp(`\\bINSERT\\s+(?:IGNORE\\s+)?INTO\\s+(?:[\`"]?\\w+[\`"]?\\.)?${id}`, 'gi'), 'write');
		add(new RegExp(`\\bUPDATE\\s+(?:[\`"]?\\w+[\`"]?\\.)?${id}\\s+(?:AS\\s+\\w+\\s+)?SET\\b`, 'gi'), 'write');
		add(new RegExp(`\\bDELETE\\s+FROM\\s+(?:[\`"]?\\w+[\`"]?\\.)?${id}`, 'gi'), 'write');
		add(new RegExp(`\\bTRUNCATE\\s+(?:TABLE\\s+)?${id}`, 'gi'), 'write');
		add(new RegExp(`(?<!DELETE\\s)\\bFROM\\s+(?:[\`"]?\\w+[\`"]?\\.)?${id}`, 'gi'), 'read');
		add(new RegExp(`\\bJOIN\\s+(?:[\`"]?\\w+[\`"]?\\.)?${id}`, 'gi'), 'read');
		add(new RegExp(`\\bUSING\\s+${id}`, 'gi'), 'read');
		return out;
	}

	// ---- body analysis ----------------------------------------------------------------------------
	// ctx: {file, cls (or null), subst ({T:{table}|{generic}}), scope: Map name->binding, out}
	// out: {acc:[{table,rw,line,how}], inv:[{cls, method, line}], custom:[{cls, method, table, line}], unknown:[...]}
	function unwrap(e) {
		while (e && (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression?.(e) || ts.isAwaitExpression(e))) e = e.expression;
		return e;
	}
	function genericTable(ctx) { const t = ctx.subst?.T; return t && t.table ? t.table : null; }
	function bindExpr(e, ctx) {
		e = unwrap(e);
		if (!e) return null;
		if (ts.isIdentifier(e)) return ctx.scope.get(e.text) || null;
		if (e.kind === ts.SyntaxKind.ThisKeyword) return ctx.cls ? { k: 'this' } : null;
		if (ts.isPropertyAccessExpression(e) || ts.isCallExpression(e) || ts.isElementAccessExpression(e)) return evalChain(e, ctx, false);
		return null;
	}
	function flatten(e) { // -> {root, items:[{name, call, args, node}]}
		const items = [];
		let cur = unwrap(e);
		for (;;) {
			if (ts.isCallExpression(cur)) {
				const callee = unwrap(cur.expression);
				if (ts.isPropertyAccessExpression(callee)) { items.unshift({ name: callee.name.text, call: true, args: cur.arguments, node: cur }); cur = unwrap(callee.expression); continue; }
				items.unshift({ name: null, call: true, args: cur.arguments, node: cur }); cur = callee; break;
			}
			if (ts.isPropertyAccessExpression(cur)) { items.unshift({ name: cur.name.text, call: false, node: cur }); cur = unwrap(cur.expression); continue; }
			break;
		}
		return { root: cur, items };
	}
	function record(ctx, table, rw, node, how) {
		if (!table) return;
		ctx.out.acc.push({ table, rw, line: lineOf(parse(ctx.file), node), how });
	}
	function sqlText(arg, ctx, depth = 0) {
		arg = unwrap(arg);
		if (!arg || depth > 4) return null;
		const s = strValue(arg);
		if (s !== undefined) return s;
		if (ts.isTemplateExpression(arg)) {
			let t = arg.head.text;
			for (const sp of arg.templateSpans) {
				let v = '';
				const ex = unwrap(sp.expression);
				if (ts.isPropertyAccessExpression(ex) && ex.name.text === 'tableName') v = ex.expression.kind === ts.SyntaxKind.ThisKeyword ? (ctx.thisTable || genericTable(ctx) || '') : '';
				else { const inner = sqlText(ex, ctx, depth + 1); if (inner) v = inner; }
				t += v + sp.literal.text;
			}
			return t;
		}
		if (ts.isPropertyAccessExpression(arg) && arg.name.text === 'tableName' && arg.expression.kind === ts.SyntaxKind.ThisKeyword) return ctx.thisTable || genericTable(ctx) || null;
		if (ts.isCallExpression(arg) && arg.arguments.length) { // p(`...`) / prepareSQLQuery(...)
			return sqlText(arg.arguments[0], ctx, depth + 1);
		}
		if (ts.isBinaryExpression(arg) && arg.operatorToken.kind === ts.SyntaxKind.PlusToken) return (sqlText(arg.left, ctx, depth + 1) || '') + (sqlText(arg.right, ctx, depth + 1) || '');
		if (ts.isIdentifier(arg)) { const vs = ctx.strings.get(arg.text); if (vs) return vs.map((v) => sqlText(v, ctx, depth + 1) || '').join(' ; '); }
		if (ts.isConditionalExpression(arg)) return (sqlText(arg.whenTrue, ctx, depth + 1) || '') + ' ; ' + (sqlText(arg.whenFalse, ctx, depth + 1) || '');
		return null;
	}
	function rawSql(arg, ctx, node, how) {
		const sql = sqlText(arg, ctx);
		if (!sql) { ctx.out.unknown.push({ file: ctx.file, line: lineOf(parse(ctx.file), node), what: `raw SQL not resolved: ${node.getText().slice(0, 80)}` }); return; }
		for (const t of sqlTables(sql)) record(ctx, t.table, t.rw, node, how);
	}
	function newQb(table) { return { table, ops: new Set(), targets: new Set(), reads: new Set(), finalized: false }; }
	// evaluate a chain; finalize=true when it is the outermost expression (top of the chain)
	function evalChain(e, ctx, top) {
		const { root, items } = flatten(e);
		let b = null;
		const r = unwrap(root);
		if (r.kind === ts.SyntaxKind.ThisKeyword) b = ctx.cls ? { k: 'this' } : null;
		else if (r.kind === ts.SyntaxKind.SuperKeyword) b = ctx.cls ? { k: 'super' } : null;
		else if (ts.isIdentifier(r)) {
			b = ctx.scope.get(r.text) || null;
			if (!b) { // static access / free function calls: getRepository(E) etc. handled via items
				b = { k: 'free', name: r.text };
			}
		} else if (ts.isNewExpression(r)) b = null;
		else b = null;
		for (let i = 0; i < items.length; i++) {
			const it = items[i];
			if (!b) return null;
			const nb = step(b, it, ctx, i === items.length - 1 && top);
			b = nb;
		}
		return b;
	}
	function entityArg(it, ctx) { return it.args && it.args.length ? resolveEntity(ctx.file, it.args[0], ctx.subst) : null; }
	function step(b, it, ctx, last) {
		const name = it.name;
		switch (b.k) {
			case 'this': {
				const selfRepo = ctx.cls && repoClassEntity(ctx.cls);
				if (selfRepo && selfRepo.table) { // inside a custom repository class: `this` is the repository
					if (!it.call && ['manager', 'em'].includes(name)) return { k: 'em', table: selfRepo.table };
					if (it.call && name && !ctx.cls.node.members.some((m) => ts.isMethodDeclaration(m) && m.name?.getText() === name)) return step({ k: 'repo', table: selfRepo.table }, it, ctx, last);
				}
				if (!it.call) {
					const f = fieldsOf(ctx.cls).get(name);
					if (f) return f.k === 'repo' && f.generic ? (genericTable(ctx) ? { k: 'repo', table: genericTable(ctx) } : { k: 'repo', generic: true }) : f;
					if (name === 'knexConnection') return { k: 'knex' };
					return null;
				}
				// this.method(...) : invocation on own class (virtual)
				ctx.out.thisCalls.push({ method: name, line: lineOf(parse(ctx.file), it.node), sup: false });
				return null;
			}
			case 'super': {
				const selfRepo = ctx.cls && repoClassEntity(ctx.cls);
				if (selfRepo && selfRepo.table && it.call && name) return step({ k: 'repo', table: selfRepo.table }, it, ctx, last);
				if (it.call && name) ctx.out.thisCalls.push({ method: name, line: lineOf(parse(ctx.file), it.node), sup: true });
				return null;
			}
			case 'free': {
				if (it.call && name === null) return null;
				return null;
			}
			case 'class': {
				if (!it.call) {
					const f = fieldsOf(b.cls).get(name);
					return f || null;
				}
				return null;
			}
			case 'svc': {
				if (it.call && name === 'createQueryBuilder' && crudEntity(b.cls)) { const q = newQb(crudEntity(b.cls).table); ctx.qbs.push({ q, node: it.node }); return { k: 'qb', rec: q }; }
				if (it.call && name) { ctx.out.inv.push({ cls: b.cls, method: name, line: lineOf(parse(ctx.file), it.node) }); return null; }
				if (!it.call) { const f = fieldsOf(b.cls).get(name); return f || null; }
				return null;
			}
			case 'repo': {
				const table = b.table;
				if (!it.call) {
					if (['manager', 'em'].includes(name)) return { k: 'em', table };
					if (name === 'metadata' || name === 'target') return null;
					return null;
				}
				if (b.cls && name) { // custom repository class: custom method?
					const m = findMethod(b.cls, name);
					if (m && m.cls.name !== 'MikroOrmBaseEntityRepository') {
						ctx.out.custom.push({ cls: b.cls, method: name, table, line: lineOf(parse(ctx.file), it.node) });
						return null;
					}
				}
				if (name === 'createQueryBuilder') { const q = newQb(table); ctx.qbs.push({ q, node: it.node }); return { k: 'qb', rec: q }; }
				if (b.tree && /^(findDescendants|findAncestors|findTrees|findRoots|findDescendantsTree|findAncestorsTree|countDescendants|countAncestors|createDescendantsQueryBuilder|createAncestorsQueryBuilder)$/.test(name)) {
					record(ctx, table, 'read', it.node, `treeRepo.${name}`); record(ctx, `${table}_closure`, 'read', it.node, `treeRepo.${name} (closure table)`); return null;
				}
				if (name === 'getEntityManager' || name === 'getEntityManagerOrThrow') return { k: 'em', table };
				if (name === 'getKnex') return { k: 'knex' };
				if (name === 'qb') { const q = newQb(table); ctx.qbs.push({ q, node: it.node }); return { k: 'qb', rec: q }; }
				if (name === 'query') { rawSql(it.args[0], ctx, it.node, 'repo.query'); return null; }
				if (name === 'transaction') return null;
				if (READ.has(name)) { if (table) record(ctx, table, 'read', it.node, `repo.${name}`); else ctx.out.unknown.push({ file: ctx.file, line: lineOf(parse(ctx.file), it.node), what: `repo without entity .${name}` }); return { k: 'result' }; }
				if (WRITE.has(name)) { if (table) record(ctx, table, 'write', it.node, `repo.${name}`); else ctx.out.unknown.push({ file: ctx.file, line: lineOf(parse(ctx.file), it.node), what: `repo without entity .${name}` }); return { k: 'result' }; }
				return null;
			}
			case 'em': {
				if (!it.call) {
					if (['manager', 'dataSource', 'rawEntityManager', 'rawConnection', 'connection', 'em', 'entityManager'].includes(name)) return { k: 'em', table: b.table };
					return null;
				}
				if (name === 'getRepository' || name === 'getCustomRepository' || name === 'withRepository' || name === 'getTreeRepository') {
					const e = entityArg(it, ctx);
					if (e && e.table) return name === 'getTreeRepository' ? { k: 'repo', table: e.table, tree: true } : { k: 'repo', table: e.table };
					ctx.out.unknown.push({ file: ctx.file, line: lineOf(parse(ctx.file), it.node), what: `getRepository(dynamic): ${it.node.getText().slice(0, 80)}` });
					return null;
				}
				if (name === 'getKnex') return { k: 'knex' };
				if (name === 'getConnection' || name === 'fork' || name === 'getEntityManager' || name === 'createQueryRunner') return { k: 'em', table: b.table };
				if (name === 'query' || name === 'execute') { rawSql(it.args[0], ctx, it.node, `em.${name}`); return null; }
				if (name === 'createQueryBuilder') {
					const e = entityArg(it, ctx);
					const q = newQb(e && e.table ? e.table : null); ctx.qbs.push({ q, node: it.node }); return { k: 'qb', rec: q };
				}
				if (READ.has(name) || WRITE.has(name)) {
					const e = entityArg(it, ctx);
					const rw = READ.has(name) ? 'read' : 'write';
					if (e && e.table) record(ctx, e.table, rw, it.node, `em.${name}(Entity)`);
					else if (b.table) record(ctx, b.table, rw, it.node, `em.${name} (repo's manager)`);
					else ctx.out.unknown.push({ file: ctx.file, line: lineOf(parse(ctx.file), it.node), what: `em.${name} entity unknown: ${it.node.getText().slice(0, 100)}` });
					return { k: 'result' };
				}
				return null;
			}
			case 'knex': {
				if (it.call && name === null) { // knex('table')
					const t = strValue(it.args[0]);
					const q = newQb(null); q.knex = true;
					if (t) q.table = t; else { const s = sqlText(it.args[0], ctx); if (s) q.table = s; }
					if (q.table) q.table = q.table.trim().split(/\s+/)[0];
					ctx.qbs.push({ q, node: it.node });
					return { k: 'qb', rec: q };
				}
				if (it.call && name === 'raw') { rawSql(it.args[0], ctx, it.node, 'knex.raw'); return null; }
				if (it.call && ['from', 'table', 'into', 'select', 'withSchema', 'queryBuilder'].includes(name)) {
					const q = newQb(null); q.knex = true; ctx.qbs.push({ q, node: it.node });
					return step({ k: 'qb', rec: q }, it, ctx, last);
				}
				if (!it.call && name === 'userParams') return null;
				return null;
			}
			case 'qb': {
				const q = b.rec;
				if (!it.call) return b;
				if (name === 'subQuery') { const q2 = newQb(null); ctx.qbs.push({ q: q2, node: it.node }); return { k: 'qb', rec: q2 }; }
				if (name === 'getQuery' || name === 'getSql' || name === 'getQueryAndParameters' || name === 'toQuery' || name === 'toString') { q.noexec = q.noexec || false; return null; }
				q.ops.add(name);
				if (['update', 'into', 'from', 'table', 'delete', 'insert'].includes(name) || JOINS.has(name)) {
					const a = it.args?.[0];
					if (a) {
						const e = resolveEntity(ctx.file, a, ctx.subst);
						const s = strValue(a);
						let t = e && e.table ? e.table : (s && tableNames.has(s.split(/\s+/)[0]) ? s.split(/\s+/)[0] : null);
						if (t) { if (JOINS.has(name) && name !== 'from') q.reads.add(t); else q.targets.add(t); if (name === 'from' && !q.table) q.table = t; }
					}
				}
				return b;
			}
			case 'event': {
				if (!it.call && ['manager', 'em', 'connection', 'queryRunner'].includes(name)) return { k: 'em', table: b.table };
				return null;
			}
			case 'qbparam': {
				const q = newQb(null); ctx.qbs.push({ q, node: it.node });
				return step({ k: 'qb', rec: q }, it, ctx, last);
			}
			default: return null;
		}
	}
	function finalizeQbs(ctx) {
		for (const { q, node } of ctx.qbs) {
			const writes = [...q.ops].filter((o) => (q.knex ? KNEX_WRITE : QB_WRITE).has(o));
			const rw = writes.length ? 'write' : 'read';
			const main = q.targets.size && rw === 'write' ? [...q.targets] : q.table ? [q.table] : [...q.targets];
			for (const t of main) if (tableNames.has(t)) record(ctx, t, rw, node, q.knex ? `knex ${rw}` : `queryBuilder ${rw}`);
			if (rw === 'write' && q.table && q.targets.size && !q.targets.has(q.table) && tableNames.has(q.table)) { /* root repo differs from target: root not accessed */ }
			for (const t of q.reads) if (tableNames.has(t)) record(ctx, t, 'read', node, 'queryBuilder join/from');
			if (rw === 'read') for (const t of q.targets) if (t !== q.table && tableNames.has(t)) record(ctx, t, 'read', node, 'queryBuilder from');
			if (q.knex && q.table && !tableNames.has(q.table)) ctx.out.unknown.push({ file: ctx.file, line: lineOf(parse(ctx.file), node), what: `knex table not known: ${q.table.slice(0, 60)}` });
		}
		ctx.qbs = [];
	}

	// walk a function-like or any node, maintaining a simple lexical scope
	function walk(node, ctx) {
		const visit = (n, scope) => {
			if (ts.isFunctionLike(n) && n !== node) {
				const inner = new Map(scope);
				bindParams(n, inner, ctx);
				ts.forEachChild(n, (c) => visit(c, inner));
				return;
			}
			if (ts.isVariableDeclaration(n) && n.initializer) {
				const ctx2 = { ...ctx, scope };
				const topB = evalTopExpr(n.initializer, scope);
				if (ts.isIdentifier(n.name)) {
					let b = null;
					if (n.type) b = typeBinding(ctx.file, n.type, ctx.subst);
					if (!b) b = topB;
					if (!b) { const init = unwrap(n.initializer); if (ts.isNewExpression(init) && ts.isIdentifier(init.expression)) { const c = resolveClass(ctx.file, init.expression.text); if (c) b = typeBinding(ctx.file, ts.factory.createTypeReferenceNode(init.expression.text), ctx.subst); } }
					if (b && b.k !== 'result') scope.set(n.name.text, b);
					const init = unwrap(n.initializer);
					if (strValue(init) !== undefined || ts.isTemplateExpression(init) || ts.isCallExpression(init) || ts.isBinaryExpression(init) || ts.isConditionalExpression(init)) ctx.strings.set(n.name.text, [init]);
				}
				return;
			}
			if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left)) {
				const b = evalTopExpr(n.right, scope);
				if (b && b.k !== 'result') scope.set(n.left.text, b);
				if (!ctx.strings.has(n.left.text)) ctx.strings.set(n.left.text, []);
				ctx.strings.get(n.left.text).push(n.right);
				return;
			}
			if ((ts.isCallExpression(n) || ts.isPropertyAccessExpression(n)) && !isInnerChainLink(n)) {
				// top of a chain: evaluate it (bindings applied link by link)
				evalChain(n, { ...ctx, scope }, true);
				// transactions: bind callback params
				ts.forEachChild(n, (c) => visitChainChildren(c, scope, n));
				return;
			}
			ts.forEachChild(n, (c) => visit(c, scope));
		};
		// evaluate an expression once: chains are evaluated as a top chain (binding returned), the rest visited
		const evalTopExpr = (e, scope) => {
			const u = unwrap(e);
			if (u && (ts.isCallExpression(u) || ts.isPropertyAccessExpression(u) || ts.isElementAccessExpression(u))) {
				const b = evalChain(u, { ...ctx, scope }, true);
				ts.forEachChild(u, (c) => visitChainChildren(c, scope, u));
				return b;
			}
			if (u && ts.isIdentifier(u)) return scope.get(u.text) || null;
			if (u && u.kind === ts.SyntaxKind.ThisKeyword) return null;
			visit(e, scope);
			return null;
		};
		// visit arguments / nested expressions of a chain without re-evaluating the chain links
		const visitChainChildren = (c, scope, top) => {
			if (ts.isCallExpression(c) || ts.isPropertyAccessExpression(c)) {
				if (isInnerChainLink(c)) { ts.forEachChild(c, (x) => visitChainChildren(x, scope, top)); return; }
			}
			// callback args of transaction(...)
			if (ts.isFunctionLike(c) && c.parent && ts.isCallExpression(c.parent)) {
				const callee = unwrap(c.parent.expression);
				if (ts.isPropertyAccessExpression(callee) && ['transaction', 'transactional'].includes(callee.name.text)) {
					const inner = new Map(scope);
					const recv = bindExpr(callee.expression, { ...ctx, scope });
					for (const p of c.parameters) if (ts.isIdentifier(p.name)) inner.set(p.name.text, p.type ? (typeBinding(ctx.file, p.type, ctx.subst) || { k: 'em', table: recv?.table }) : { k: 'em', table: recv?.table });
					bindParams(c, inner, ctx, true);
					ts.forEachChild(c, (x) => visit(x, inner));
					return;
				}
			}
			visit(c, scope);
		};
		const scope = ctx.scope;
		if (ts.isFunctionLike(node)) bindParams(node, scope, ctx);
		ts.forEachChild(node, (c) => visit(c, scope));
	}
	function isInnerChainLink(n) {
		const p = n.parent;
		if (!p) return false;
		if (ts.isPropertyAccessExpression(p) && p.expression === n) return true;
		if (ts.isCallExpression(p) && p.expression === n) return true;
		if ((ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isNonNullExpression(p)) ) return isInnerChainLink(p) && (ts.isPropertyAccessExpression(p.parent) || ts.isCallExpression(p.parent) || ts.isParenthesizedExpression(p.parent) || ts.isAsExpression(p.parent) || ts.isNonNullExpression(p.parent));
		return false;
	}
	function bindParams(fn, scope, ctx, keep = false) {
		for (const p of fn.parameters || []) {
			if (!ts.isIdentifier(p.name)) continue;
			if (keep && scope.has(p.name.text) && !p.type) continue;
			const inj = decoratorsOf(p).find((d) => decoName(d) === 'InjectRepository');
			let b = null;
			if (inj) { const e = resolveEntity(ctx.file, decoArgs(inj)[0], ctx.subst); if (e && e.table) b = { k: 'repo', table: e.table }; }
			const tb = p.type ? typeBinding(ctx.file, p.type, ctx.subst) : null;
			if (tb && (tb.cls || !b)) b = tb;
			if (b && b.k === 'repo' && b.generic) b = genericTable(ctx) ? { k: 'repo', table: genericTable(ctx) } : null;
			if (b) scope.set(p.name.text, b); else scope.delete(p.name.text);
		}
	}
	function newOut() { return { acc: [], inv: [], custom: [], thisCalls: [], unknown: [] }; }
	function analyzeNode(node, file, cls, subst, thisTable) {
		const ctx = { file, cls, subst: subst || {}, scope: new Map(), out: newOut(), qbs: [], strings: new Map(), thisTable };
		walk(node, ctx);
		finalizeQbs(ctx);
		return ctx.out;
	}

	// ---- method effects (transitive) ---------------------------------------------------------------
	// effect of invoking `method` on an instance of class `root` (virtual dispatch from root)
	const effCache = new Map();
	function methodEffect(root, method, startIdx = 0, stack = new Set()) {
		const key = `${root.key}|${method}|${startIdx}`;
		if (effCache.has(key)) return effCache.get(key);
		if (stack.has(key)) return [];
		stack.add(key);
		const m = findMethod(root, method, startIdx);
		let res = [];
		if (m) {
			const chain = chainOf(root);
			const rootEnt = crudEntity(root);
			// substitution for the declaring class: its T -> root's entity when generic
			const subst = { ...chain[m.idx].subst };
			if (isGenericBase(m.cls) || m.cls.node.typeParameters?.length) { if (rootEnt) { subst.T = rootEnt; subst.BaseEntity = rootEnt; } }
			const out = analyzeNode(m.node, m.cls.file, m.cls.key === root.key ? root : m.cls, subst, rootEnt?.table);
			// `this.x` inside a generic base: fields of root (for typeOrmRepository etc.)
			res = out.acc.map((a) => ({ ...a, via: `${m.cls.name}.${method}` }));
			for (const a of res) if (!a.table && rootEnt) a.table = rootEnt.table;
			for (const tc of out.thisCalls) {
				if (tc.sup) res.push(...methodEffect(root, tc.method, m.idx + 1, stack));
				else res.push(...methodEffect(root, tc.method, 0, stack));
			}
			for (const cc of out.custom) res.push(...methodEffect(cc.cls, cc.method, 0, stack));
		}
		stack.delete(key);
		effCache.set(key, res);
		return res;
	}

	// ---- per file analysis -----------------------------------------------------------------------------
	const credit = new Map(); // file -> Map(table -> {read:[], write:[]})
	const unknown = [];
	const give = (file, table, rw, ev) => {
		if (!table || !tableNames.has(table)) return;
		if (!credit.has(file)) credit.set(file, new Map());
		const m = credit.get(file);
		if (!m.has(table)) m.set(table, { read: [], write: [] });
		m.get(table)[rw].push(ev);
	};
	const invocations = []; // {cls, method, from}
	for (const file of files) {
		if (isSeedOrMigration(file)) continue;
		const sf = parse(file);
		// classes
		const visitTop = (n, enclosingCls) => {
			if (ts.isClassDeclaration(n) && n.name) {
				const cls = classes.get(`${file}#${n.name.text}`);
				if (isGenericBase(cls) || cls.name === 'CrudController') { return; } // analysed per concrete subclass
				const ent = crudEntity(cls);
				for (const mem of n.members) {
					if (!(ts.isMethodDeclaration(mem) || ts.isConstructorDeclaration(mem) || ts.isGetAccessorDeclaration(mem) || ts.isPropertyDeclaration(mem) || ts.isSetAccessorDeclaration(mem))) continue;
					const subst = ent ? { T: ent } : {};
					const out = analyzeNode(mem, file, cls, subst, ent?.table);
					for (const a of out.acc) give(file, a.table, a.rw, `${file}:${a.line} ${a.how}`);
					for (const u of out.unknown) unknown.push(u);
					for (const tc of out.thisCalls) invocations.push({ cls, method: tc.method, sup: tc.sup, from: `${file}:${tc.line}`, self: true, decl: mem });
					for (const iv of out.inv) invocations.push({ cls: iv.cls, method: iv.method, from: `${file}:${iv.line}` });
					for (const cc of out.custom) {
						for (const a of methodEffect(cc.cls, cc.method)) give(file, a.table, a.rw, `${file}:${cc.line} custom repo ${cc.cls.name}.${cc.method} -> ${a.how}`);
						if (crudEntity(cc.cls)) invocations.push({ cls: cc.cls, method: cc.method, from: `${file}:${cc.line}` });
					}
				}
				return;
			}
			if (ts.isFunctionDeclaration(n) || ts.isVariableStatement(n) || ts.isExpressionStatement(n)) {
				const out = analyzeNode(n, file, null, {});
				for (const a of out.acc) give(file, a.table, a.rw, `${file}:${a.line} ${a.how}`);
				for (const u of out.unknown) unknown.push(u);
				for (const iv of out.inv) invocations.push({ cls: iv.cls, method: iv.method, from: `${file}:${iv.line}` });
				for (const cc of out.custom) for (const a of methodEffect(cc.cls, cc.method)) give(file, a.table, a.rw, `${file}:${cc.line} custom repo ${cc.cls.name}.${cc.method} -> ${a.how}`);
				// classes declared inside functions (factory controllers)
				ts.forEachChild(n, (c) => { const v = (x) => { if (ts.isClassDeclaration(x)) visitTop(x); else ts.forEachChild(x, v); }; v(c); });
				return;
			}
			ts.forEachChild(n, (c) => visitTop(c));
		};
		visitTop(sf);
	}
	// CrudController / CrudFactory base routes of the registered controllers -> crudService.<m>
	return { entities, joins, tableNames, classes, chainOf, crudEntity, findMethod, methodEffect, fieldsOf, analyzeNode, credit, give, unknown, invocations, isGenericBase, resolveClass, typeBinding };
}

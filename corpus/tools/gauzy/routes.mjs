// Routes served by apps/api: controllers of the @Modules reachable from BootstrapModule, global prefix
// 'api' (packages/core/src/lib/bootstrap/index.ts:186), no versioning, no RouterModule.
// Inherited route methods (CrudController<T>, CrudFactory(...)) are listed under each subclass's prefix
// unless the subclass redefines the method name.
import { ts, parse, resolveName, decoratorsOf, decoName, decoArgs, strValue, lineOf } from './lib.mjs';
import { buildModules, reachable } from './modules.mjs';

const HTTP = { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', All: 'ALL', Head: 'HEAD', Options: 'OPTIONS' };
const GLOBAL_PREFIX = 'api';

function findClass(file, name) {
	let found = null;
	const visit = (n) => { if (found) return; if (ts.isClassDeclaration(n) && n.name?.text === name) { found = n; return; } ts.forEachChild(n, visit); };
	visit(parse(file));
	return found;
}
function pathsOf(arg, subst = {}) {
	if (!arg) return [''];
	const s = strValue(arg);
	if (s !== undefined) return [s];
	if (ts.isArrayLiteralExpression(arg)) return arg.elements.flatMap((e) => pathsOf(e, subst));
	if (ts.isIdentifier(arg) && subst[arg.text] !== undefined) return [subst[arg.text]];
	if (ts.isObjectLiteralExpression(arg)) {
		const p = arg.properties.find((x) => x.name?.text === 'path');
		return p ? pathsOf(p.initializer, subst) : [''];
	}
	return [`<${arg.getText()}>`];
}
// class chain: [{file, node}] starting at the controller
function chainOf(file, node) {
	const chain = [{ file, node }];
	let cur = { file, node };
	for (let i = 0; i < 10; i++) {
		const h = (cur.node.heritageClauses || []).find((x) => x.token === ts.SyntaxKind.ExtendsKeyword);
		if (!h) break;
		let e = h.types[0].expression;
		let next = null;
		if (ts.isIdentifier(e)) {
			const d = resolveName(cur.file, e.text);
			if (d) { const c = findClass(d.file, d.name); if (c) next = { file: d.file, node: c }; }
		} else if (ts.isCallExpression(e) && ts.isIdentifier(e.expression)) {
			// CrudFactory(...) : the class declared inside the factory function
			const d = resolveName(cur.file, e.expression.text);
			if (d) {
				const sf = parse(d.file);
				let fn = null;
				for (const st of sf.statements) if (ts.isFunctionDeclaration(st) && st.name?.text === d.name) fn = st;
				if (fn) { let c = null; const v = (n) => { if (!c && ts.isClassDeclaration(n)) c = n; else ts.forEachChild(n, v); }; v(fn.body); if (c) next = { file: d.file, node: c, factory: d.name }; }
			}
		}
		if (!next) break;
		chain.push(next);
		cur = next;
	}
	return chain;
}
function join(...parts) {
	let p = '/' + parts.filter((x) => x !== undefined && x !== null).join('/');
	p = p.replace(/\/+/g, '/');
	if (p.length > 1) p = p.replace(/\/$/, '');
	return p;
}

export function buildRoutes() {
	const modules = buildModules();
	const { seen } = reachable(modules);
	const controllers = new Map(); // file#name -> {file,name, modules:[]}
	for (const k of seen) {
		const m = modules.get(k);
		const lists = [m.controllers];
		for (const dm of m.dynamic) lists.push(dm.controllers);
		for (const c of m.controllers) controllers.set(`${c.file}#${c.name}`, { ...c, module: k });
	}
	const routes = [];
	const problems = [];
	for (const [key, c] of controllers) {
		const node = findClass(c.file, c.name);
		if (!node) { problems.push(`controller class not found ${key}`); continue; }
		const cdeco = decoratorsOf(node).find((d) => decoName(d) === 'Controller');
		if (!cdeco) { problems.push(`no @Controller on ${key}`); continue; }
		const prefixes = pathsOf(decoArgs(cdeco)[0]);
		const chain = chainOf(c.file, node);
		const seenNames = new Set();
		for (const [depth, cls] of chain.entries()) {
			for (const mem of cls.node.members) {
				if (!ts.isMethodDeclaration(mem) || !mem.name) continue;
				const mname = mem.name.getText();
				if (seenNames.has(mname)) continue; // overridden in a subclass
				seenNames.add(mname);
				for (const d of decoratorsOf(mem)) {
					const verb = HTTP[decoName(d)];
					if (!verb) continue;
					for (const pre of prefixes) for (const mp of pathsOf(decoArgs(d)[0])) {
						routes.push({
							method: verb,
							path: join(GLOBAL_PREFIX, pre, mp),
							module: c.file,
							handler: `${c.name}.${mname}`,
							declaredIn: depth ? `${cls.file}:${lineOf(parse(cls.file), mem)}` : undefined,
							line: depth ? undefined : lineOf(parse(c.file), mem)
						});
					}
				}
			}
		}
	}
	return { routes, problems, controllers };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const { routes, problems, controllers } = buildRoutes();
	console.log('controllers', controllers.size, 'routes', routes.length, 'problems', problems);
	const dup = new Map();
	for (const r of routes) { const k = `${r.method} ${r.path}`; dup.set(k, [...(dup.get(k) || []), r.handler]); }
	for (const [k, v] of dup) if (v.length > 1) console.log('DUP', k, v.join(' | '));
	for (const r of routes) if (r.path.includes('<')) console.log('UNRESOLVED', r.method, r.path, r.module);
}

// NestJS module graph of the scope: @Module / @GauzyCorePlugin classes, their imports, controllers,
// providers; reachability from BootstrapModule (incl. the plugins listed in apps/api/src/plugins.ts).
import { ts, parse, resolveName, decoratorsOf, decoName, decoArgs, scopeFiles } from './lib.mjs';

const MODULE_DECOS = ['Module', 'GauzyCorePlugin', 'Plugin', 'Global'];

function propOf(obj, name) {
	const p = obj.properties.find((p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && p.name && (p.name.text === name));
	if (p && ts.isShorthandPropertyAssignment(p)) return { initializer: p.name };
	return p;
}
// expand an array-ish expression to class references [{file,name, via}]
function refsOf(file, expr, out, ctx) {
	if (!expr) return out;
	if (ts.isArrayLiteralExpression(expr)) { for (const e of expr.elements) refsOf(file, e, out, ctx); return out; }
	if (ts.isSpreadElement(expr)) return refsOf(file, expr.expression, out, ctx);
	if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr)) return refsOf(file, expr.expression, out, ctx);
	if (ts.isConditionalExpression(expr)) { refsOf(file, expr.whenTrue, out, ctx); refsOf(file, expr.whenFalse, out, ctx); return out; }
	if (ts.isIdentifier(expr)) {
		const d = resolveName(file, expr.text);
		if (!d) return out;
		// a const array? expand it
		const sf = parse(d.file);
		for (const st of sf.statements) if (ts.isVariableStatement(st)) for (const v of st.declarationList.declarations)
			if (ts.isIdentifier(v.name) && v.name.text === d.name && v.initializer) {
				if (ts.isArrayLiteralExpression(v.initializer) || ts.isConditionalExpression(v.initializer)) return refsOf(d.file, v.initializer, out, ctx);
				// const X = SomePlugin.init(...)
				return refsOf(d.file, v.initializer, out, ctx);
			}
		out.push({ ...d });
		return out;
	}
	if (ts.isCallExpression(expr)) {
		const callee = expr.expression;
		if (ts.isIdentifier(callee) && callee.text === 'forwardRef') {
			const fn = expr.arguments[0];
			if (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && !ts.isBlock(fn.body)) return refsOf(file, fn.body, out, ctx);
			return out;
		}
		if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
			const d = resolveName(file, callee.expression.text);
			if (d) out.push({ ...d, dynamic: callee.name.text, call: expr });
			return out;
		}
		return out;
	}
	if (ts.isObjectLiteralExpression(expr)) { // provider objects { provide, useClass }
		const uc = propOf(expr, 'useClass');
		if (uc) refsOf(file, uc.initializer, out, ctx);
		return out;
	}
	return out;
}

export function buildModules(files = scopeFiles()) {
	const modules = new Map(); // key file#name
	for (const file of files) {
		const sf = parse(file);
		const visit = (n) => {
			if (ts.isClassDeclaration(n) && n.name) {
				const d = decoratorsOf(n).find((x) => MODULE_DECOS.includes(decoName(x)) && decoName(x) !== 'Global');
				if (d) {
					const arg = decoArgs(d)[0];
					const m = { file, name: n.name.text, node: n, imports: [], controllers: [], providers: [], dynamic: [] };
					if (arg && ts.isObjectLiteralExpression(arg)) {
						for (const k of ['imports', 'controllers', 'providers']) {
							const p = propOf(arg, k);
							if (p) refsOf(file, p.initializer, m[k], {});
						}
						const ent = propOf(arg, 'entities');
						if (ent) m.entities = refsOf(file, ent.initializer, [], {});
					}
					// static methods returning dynamic modules: collect their imports/controllers/providers too
					for (const mem of n.members) if (ts.isMethodDeclaration(mem) && mem.body && (ts.getModifiers(mem) || []).some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) {
						const dyn = { method: mem.name.text, imports: [], controllers: [], providers: [] };
						const walk = (x) => {
							if (ts.isReturnStatement(x) && x.expression && ts.isObjectLiteralExpression(x.expression)) {
								for (const k of ['imports', 'controllers', 'providers']) { const p = propOf(x.expression, k); if (p) refsOf(file, p.initializer, dyn[k], {}); }
							}
							ts.forEachChild(x, walk);
						};
						walk(mem.body);
						m.dynamic.push(dyn);
					}
					modules.set(`${file}#${n.name.text}`, m);
				}
			}
			ts.forEachChild(n, visit);
		};
		visit(sf);
	}
	return modules;
}

// reachability: from BootstrapModule, with PluginModule.init() importing the plugins of apps/api/src/plugins.ts
export function reachable(modules) {
	const boot = 'packages/core/src/lib/bootstrap/bootstrap.module.ts#BootstrapModule';
	const pluginsList = refsOf('apps/api/src/plugins.ts', findConst('apps/api/src/plugins.ts', 'plugins'), [], {});
	const seen = new Set();
	const order = [];
	const stack = [boot];
	while (stack.length) {
		const k = stack.pop();
		if (seen.has(k)) continue;
		seen.add(k);
		const m = modules.get(k);
		if (!m) continue;
		order.push(k);
		const imps = [...m.imports];
		for (const i of m.imports) if (i.dynamic) { const dyn = modules.get(`${i.file}#${i.name}`)?.dynamic.find((d) => d.method === i.dynamic); if (dyn) imps.push(...dyn.imports); }
		if (m.name === 'PluginModule') imps.push(...pluginsList);
		for (const i of imps) stack.push(`${i.file}#${i.name}`);
	}
	return { seen: new Set(order), pluginsList };
}
function findConst(file, name) {
	for (const st of parse(file).statements) if (ts.isVariableStatement(st)) for (const v of st.declarationList.declarations) if (ts.isIdentifier(v.name) && v.name.text === name) return v.initializer;
	return null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const mods = buildModules();
	const { seen, pluginsList } = reachable(mods);
	console.log('modules', mods.size, 'reachable', seen.size);
	console.log('plugins', pluginsList.map((p) => p.name).join(' '));
	for (const [k, m] of mods) if (!seen.has(k)) console.log('UNREACHABLE', k, 'controllers:', m.controllers.map((c) => c.name).join(','));
	let nc = 0; for (const k of seen) nc += mods.get(k).controllers.length;
	console.log('controllers in reachable modules', nc);
}

// Shared helpers for the gauzy expectation scripts: scope listing, parsing, import resolution,
// class index. Reads text and ASTs only (TypeScript compiler API, no type checker).
import ts from '/work/main/node_modules/typescript/lib/typescript.js';
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

export { ts };
export const REPO = '/work/main/corpus/repos/gauzy';

export const PLUGINS = [
	'camshot', 'changelog', 'integration-activepieces', 'integration-ai', 'integration-github',
	'integration-hubstaff', 'integration-jira', 'integration-make-com', 'integration-plane',
	'integration-sim', 'integration-upwork', 'integration-zapier', 'jitsu-analytics', 'job-proposal',
	'job-search', 'knowledge-base', 'product-reviews', 'registry', 'soundshot', 'videos',
	'sentry-tracing', 'posthog'
];
export const SCOPE = [
	'apps/api', 'packages/core', 'packages/auth', 'packages/common', 'packages/config',
	'packages/constants', 'packages/contracts', 'packages/utils', 'packages/plugin', 'packages/scheduler',
	...PLUGINS.map((p) => `packages/plugins/${p}`)
];
export const isTest = (f) => /\.(spec|test)\.ts$|(^|\/)(__tests__|test|e2e)\//.test(f) || /(^|\/)jest\.config\.ts$/.test(f);
export const isExcluded = (f) => isTest(f) || f.startsWith('packages/config/scripts/');

export function scopeFiles() {
	const out = execSync(`git ls-files ${SCOPE.join(' ')}`, { cwd: REPO, maxBuffer: 1 << 28 }).toString().split('\n');
	return out.filter((f) => /\.(ts|tsx|mts|cts)$/.test(f) && !isExcluded(f)).sort();
}

const sfCache = new Map();
export function parse(file) {
	if (!sfCache.has(file)) {
		const text = readFileSync(join(REPO, file), 'utf8');
		sfCache.set(file, ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS));
	}
	return sfCache.get(file);
}
export const lineOf = (sf, node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;

// tsconfig paths (root tsconfig.json)
const tsconfig = ts.parseConfigFileTextToJson('tsconfig.json', readFileSync(join(REPO, 'tsconfig.json'), 'utf8')).config;
const PATHS = tsconfig.compilerOptions.paths;

function tryFile(base) {
	const cands = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`];
	for (const c of cands) {
		const abs = join(REPO, c);
		if (existsSync(abs) && statSync(abs).isFile()) return normalize(c);
	}
	return null;
}
const resolveCache = new Map();
export function resolveModule(fromFile, spec) {
	const key = fromFile + '|' + spec;
	if (resolveCache.has(key)) return resolveCache.get(key);
	let r = null;
	if (spec.startsWith('.')) r = tryFile(normalize(join(dirname(fromFile), spec)));
	else {
		for (const [pat, targets] of Object.entries(PATHS)) {
			if (pat === spec) { r = tryFile(normalize(targets[0].replace(/^\.\//, ''))); break; }
			if (pat.endsWith('/*') && spec.startsWith(pat.slice(0, -1))) {
				r = tryFile(normalize(targets[0].replace(/^\.\//, '').replace('*', spec.slice(pat.length - 1))));
				if (r) break;
			}
		}
		// deep imports like '@gauzy/core/src/...'
		if (!r && spec.startsWith('@gauzy/')) {
			const m = spec.match(/^@gauzy\/([^/]+)\/(.*)$/);
			if (m) for (const [pat, targets] of Object.entries(PATHS)) if (pat === `@gauzy/${m[1]}`) {
				const root = targets[0].replace(/^\.\//, '').replace(/\/src\/index\.ts$/, '');
				r = tryFile(normalize(`${root}/${m[2]}`));
			}
		}
	}
	resolveCache.set(key, r);
	return r;
}

// exports of a file: name -> {file, name} (declaration site) following re-exports
const declCache = new Map();
function localDecls(file) {
	if (declCache.has(file)) return declCache.get(file);
	const sf = parse(file);
	const decls = new Set();
	const reexports = []; // {spec, names: Map(exported->orig) | null for star}
	for (const st of sf.statements) {
		const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) || [] : [];
		const exported = mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
		if ((ts.isClassDeclaration(st) || ts.isFunctionDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st)) && st.name && exported) decls.add(st.name.text);
		if (ts.isVariableStatement(st) && exported) for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) decls.add(d.name.text);
		if (ts.isExportDeclaration(st)) {
			if (st.moduleSpecifier) {
				const spec = st.moduleSpecifier.text;
				if (!st.exportClause) reexports.push({ spec, names: null });
				else if (ts.isNamedExports(st.exportClause)) {
					const names = new Map();
					for (const e of st.exportClause.elements) names.set(e.name.text, (e.propertyName || e.name).text);
					reexports.push({ spec, names });
				}
			} else if (st.exportClause && ts.isNamedExports(st.exportClause)) {
				for (const e of st.exportClause.elements) reexports.push({ local: true, exported: e.name.text, orig: (e.propertyName || e.name).text });
			}
		}
	}
	const r = { decls, reexports };
	declCache.set(file, r);
	return r;
}
export function resolveExport(file, name, seen = new Set()) {
	if (!file || seen.has(file + '#' + name)) return null;
	seen.add(file + '#' + name);
	const { decls, reexports } = localDecls(file);
	if (decls.has(name)) return { file, name };
	for (const re of reexports) {
		if (re.local) { if (re.exported === name) { const imp = importsOf(file).get(re.orig); if (imp) return resolveExport(imp.file, imp.name, seen); } continue; }
		const target = resolveModule(file, re.spec);
		if (!target) continue;
		if (re.names) { if (re.names.has(name)) { const r = resolveExport(target, re.names.get(name), seen); if (r) return r; } }
		else { const r = resolveExport(target, name, seen); if (r) return r; }
	}
	return null;
}
const extCache = new Map();
// local name -> {module, name} for imports from outside the repo (typeorm, knex, @mikro-orm/...)
export function externalImport(file, local) {
	if (!extCache.has(file)) {
		const m = new Map();
		for (const st of parse(file).statements) {
			if (!ts.isImportDeclaration(st) || !st.importClause) continue;
			const spec = st.moduleSpecifier.text;
			if (resolveModule(file, spec)) continue;
			const ic = st.importClause;
			if (ic.name) m.set(ic.name.text, { module: spec, name: 'default' });
			if (ic.namedBindings && ts.isNamedImports(ic.namedBindings)) for (const e of ic.namedBindings.elements) m.set(e.name.text, { module: spec, name: (e.propertyName || e.name).text });
			if (ic.namedBindings && ts.isNamespaceImport(ic.namedBindings)) m.set(ic.namedBindings.name.text, { module: spec, name: '*' });
		}
		extCache.set(file, m);
	}
	return extCache.get(file).get(local) || null;
}
const importCache = new Map();
// local name -> {file (module file), name (exported name)} ; not yet resolved to declaration
export function importsOf(file) {
	if (importCache.has(file)) return importCache.get(file);
	const sf = parse(file);
	const m = new Map();
	for (const st of sf.statements) {
		if (!ts.isImportDeclaration(st) || !st.importClause) continue;
		const target = resolveModule(file, st.moduleSpecifier.text);
		if (!target) continue;
		const ic = st.importClause;
		if (ic.name) m.set(ic.name.text, { file: target, name: 'default' });
		if (ic.namedBindings && ts.isNamedImports(ic.namedBindings))
			for (const e of ic.namedBindings.elements) m.set(e.name.text, { file: target, name: (e.propertyName || e.name).text });
	}
	importCache.set(file, m);
	return m;
}
// resolve an identifier used in `file` to its declaration {file, name}
export function resolveName(file, name) {
	if (localDecls(file).decls.has(name) || topLevelNames(file).has(name)) return { file, name };
	const imp = importsOf(file).get(name);
	if (!imp) return null;
	return resolveExport(imp.file, imp.name) || null;
}
const tlCache = new Map();
function topLevelNames(file) {
	if (tlCache.has(file)) return tlCache.get(file);
	const s = new Set();
	for (const st of parse(file).statements) {
		if ((ts.isClassDeclaration(st) || ts.isFunctionDeclaration(st)) && st.name) s.add(st.name.text);
		if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) s.add(d.name.text);
	}
	tlCache.set(file, s);
	return s;
}

export function decoratorsOf(node) {
	return (ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined) || [];
}
export function decoName(d) {
	const e = d.expression;
	if (ts.isCallExpression(e)) return ts.isIdentifier(e.expression) ? e.expression.text : ts.isPropertyAccessExpression(e.expression) ? e.expression.name.text : null;
	return ts.isIdentifier(e) ? e.text : null;
}
export function decoArgs(d) { return ts.isCallExpression(d.expression) ? d.expression.arguments : []; }
export function findDeco(node, names) { return decoratorsOf(node).find((d) => names.includes(decoName(d))); }

// class index: key "file#Name" -> info
export function classKey(file, name) { return `${file}#${name}`; }
export function buildClassIndex(files) {
	const classes = new Map();
	for (const file of files) {
		const sf = parse(file);
		const visit = (n) => {
			if (ts.isClassDeclaration(n) && n.name) {
				const heritage = (n.heritageClauses || []).find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
				const ext = heritage?.types[0];
				classes.set(classKey(file, n.name.text), { file, name: n.name.text, node: n, sf, ext });
			}
			ts.forEachChild(n, visit);
		};
		visit(sf);
	}
	return classes;
}
export function strValue(node) {
	if (!node) return undefined;
	if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
	return undefined;
}
export function relFromRepo(abs) { return relative(REPO, abs); }

/* eslint-disable @typescript-eslint/no-unused-vars -- a one-off reference script, kept as the record of how corpus/expected/gauzy.json was built */
// Partition: one unit per NestJS @Module folder of packages/core (the folder of a file holding a @Module;
// a file belongs to the nearest such folder above it), one unit per plugin package (its @GauzyCorePlugin and
// inner @Modules), `social-auth` for packages/auth (SocialAuthModule), `shared` for core infrastructure
// (core/, shared/, database/, bootstrap/, app/, logger/, graphql/, redis/, event-bus/, throttler/, common/,
// top-level lib files) and for the workspace libraries (common, config, constants, contracts, utils, plugin,
// scheduler) and apps/api (wiring, seed/migration entry points).
import { ts, parse, scopeFiles, resolveName } from './lib.mjs';
import { buildModules } from './modules.mjs';

const CORE = 'packages/core/src/lib/';
const SHARED_CORE_DIRS = ['core', 'shared', 'database', 'bootstrap', 'app', 'logger', 'graphql', 'redis', 'event-bus', 'throttler', 'common', 'i18n'];

export function buildPartition(files = scopeFiles()) {
	const modules = buildModules(files);
	const moduleDirs = new Set();
	for (const m of modules.values()) if (m.file.startsWith(CORE)) moduleDirs.add(m.file.slice(CORE.length).split('/').slice(0, -1).join('/'));
	// files listed by a module (providers / controllers / forFeature entities) -> module dir
	const listed = new Map();
	for (const m of modules.values()) {
		if (!m.file.startsWith(CORE)) continue;
		const dir = m.file.slice(CORE.length).split('/').slice(0, -1).join('/');
		for (const r of [...m.providers, ...m.controllers]) if (!listed.has(r.file)) listed.set(r.file, dir);
	}
	const units = {};
	const review = [];
	for (const f of files) {
		let unit = null;
		if (f.startsWith('packages/plugins/')) unit = 'plugin-' + f.split('/')[2];
		else if (f.startsWith('packages/auth/')) unit = 'social-auth';
		else if (!f.startsWith('packages/core/')) unit = 'shared';
		else if (!f.startsWith(CORE)) unit = 'shared'; // packages/core/src/index.ts
		else {
			const rel = f.slice(CORE.length);
			const parts = rel.split('/');
			if (parts.length === 1 || SHARED_CORE_DIRS.includes(parts[0])) unit = 'shared';
			else {
				for (let i = parts.length - 1; i >= 1; i--) { const d = parts.slice(0, i).join('/'); if (moduleDirs.has(d)) { unit = d; break; } }
				if (!unit && listed.has(f)) unit = listed.get(f);
				if (!unit) { review.push(f); unit = parts[0]; }
			}
		}
		units[f] = unit;
	}
	return { units, review };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const { units, review } = buildPartition();
	const count = new Map(); for (const u of Object.values(units)) count.set(u, (count.get(u) || 0) + 1);
	console.log('files', Object.keys(units).length, 'units', count.size);
	console.log('review', review);
	console.log([...count].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([u, n]) => `${u}:${n}`).join(' '));
}

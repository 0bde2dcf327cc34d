/* eslint-disable @typescript-eslint/no-unused-vars -- a one-off reference script, kept as the record of how corpus/expected/gauzy.json was built */
// Prints the corpus.json manifest entry for gauzy (apps list generated from apps/*, packages/*, packages/plugins/*).
import { execSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { REPO, SCOPE, PLUGINS, scopeFiles } from './lib.mjs';

const commit = execSync('git rev-parse HEAD', { cwd: REPO }).toString().trim();
const tsFiles = execSync('git ls-files', { cwd: REPO, maxBuffer: 1 << 28 }).toString().split('\n').filter((f) => /\.(ts|tsx|mts|cts)$/.test(f)).length;
const name = (dir) => { try { return JSON.parse(readFileSync(`${REPO}/${dir}/package.json`, 'utf8')).name; } catch { return dir.split('/').pop(); } };
const apps = [
	{ name: 'api', kind: 'backend', root: 'apps/api', entry: ['apps/api/src/main.ts'], framework: 'nestjs' },
	{ name: 'desktop-api', kind: 'backend', root: 'apps/desktop-api', entry: ['apps/desktop-api/src/main.ts'], framework: 'nestjs' },
	{ name: 'mcp-auth', kind: 'backend', root: 'apps/mcp-auth', entry: ['apps/mcp-auth/src/main.ts'], framework: 'nestjs' },
	{ name: 'worker', kind: 'worker', root: 'apps/worker', entry: ['apps/worker/src/main.ts'], framework: 'nestjs' },
	{ name: 'mcp', kind: 'cli', root: 'apps/mcp', entry: ['apps/mcp/src/index.ts'] },
	{ name: 'gauzy', kind: 'frontend', root: 'apps/gauzy', framework: 'angular' },
	{ name: 'desktop', kind: 'frontend', root: 'apps/desktop', framework: 'electron+angular' },
	{ name: 'desktop-timer', kind: 'frontend', root: 'apps/desktop-timer', framework: 'electron+angular' },
	{ name: 'agent', kind: 'frontend', root: 'apps/agent', framework: 'electron+angular' },
	{ name: 'server', kind: 'frontend', root: 'apps/server', framework: 'electron+angular' },
	{ name: 'server-api', kind: 'frontend', root: 'apps/server-api', framework: 'electron+angular' },
	{ name: 'server-mcp', kind: 'frontend', root: 'apps/server-mcp', framework: 'electron' },
	{ name: 'gauzy-e2e', kind: 'tooling', root: 'apps/gauzy-e2e', framework: 'cypress' }
];
const pk = execSync('ls -d packages/*/ packages/plugins/*/', { cwd: REPO }).toString().split('\n').filter(Boolean).map((d) => d.replace(/\/$/, '')).filter((d) => d !== 'packages/plugins');
for (const d of pk) {
	const n = name(d);
	const backend = SCOPE.includes(d) || d === 'packages/plugins/integration-wakatime';
	apps.push({ name: n, kind: 'library', root: d, ...(backend && d !== 'packages/contracts' && d !== 'packages/constants' && d !== 'packages/utils' && d !== 'packages/common' ? { framework: 'nestjs' } : /-ui$|ui-|desktop-ui|plugin-ui/.test(d) ? { framework: /react/.test(d) ? 'react' : 'angular' } : {}) });
}
const entry = {
	name: 'gauzy',
	github: 'ever-co/ever-gauzy',
	commit,
	description: 'Ever Gauzy: open-source business management / time-tracking platform. Nx monorepo; the API (apps/api) bootstraps a NestJS app from packages/core (~170 feature @Modules, 196 @MultiORMEntity entities usable with TypeORM or MikroORM, CQRS handlers, knex queries) plus 22 runtime-registered backend plugin packages.',
	scope: {
		paths: SCOPE,
		exclude: ['**/*.spec.ts', '**/*.test.ts', '**/jest.config.ts', 'packages/config/scripts/**'],
		tsconfig: 'tsconfig.json'
	},
	apps,
	frameworks: ['nestjs', 'express'],
	orms: ['typeorm', 'mikro-orm', 'knex'],
	size: { tsFiles, tsFilesInScope: scopeFiles().length },
	monorepo: true,
	covers: ['nestjs-global-prefix-in-library-bootstrap', 'nestjs-runtime-plugin-modules', 'nestjs-generic-crud-controller-inheritance', 'nestjs-controller-class-factory', 'nestjs-dynamic-module-controllers', 'typeorm-custom-entity-decorator', 'mikroorm-custom-entity-decorator', 'typeorm-default-join-table-name', 'typeorm-closure-table', 'generic-crud-service-base-class', 'typeorm-custom-repository-class', 'mikroorm-custom-repository-class', 'repository-behind-interface-token', 'knex-via-mikroorm-getknex', 'raw-sql-in-entity-subscribers', 'cqrs-handlers-data-access', 'dual-orm-branches']
};
console.log(JSON.stringify(entry, null, 2));

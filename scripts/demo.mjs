#!/usr/bin/env node
// `npm run demo`: the main job on the bundled sample monolith, as a newcomer would run it:
// analyze it, print the proposed services and metrics, and write the migration artifacts.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const run = (args) => {
  console.log(`\n$ seam ${args.join(' ')}`);
  const r = spawnSync(process.execPath, ['bin/seam.js', ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const fixture = 'fixtures/monoliths/shop';
mkdirSync('demo-out', { recursive: true });
run(['analyze', fixture, '--format', 'text', '--no-history', '--truth', `${fixture}/seam.truth.json`]);
run(['analyze', fixture, '--format', 'json', '--no-history', '--out', 'demo-out/shop.analysis.json']);
run(['export', fixture, '--out', 'demo-out/shop-migration', '--force', '--no-history']);
console.log(`
Done. What to open:
  demo-out/shop.analysis.json                 facts, proposed services and metrics (JSON)
  demo-out/shop-migration/report/report.html  the migration report (self-contained, works offline)
  demo-out/shop-migration/                    service skeletons, gateway phases, OpenAPI, data plan, rules
The workbench UI on the same repo: npm run build:renderer && npx seam serve ${fixture}`);

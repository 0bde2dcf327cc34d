#!/usr/bin/env node
// `npm run demo`: the main job on the bundled sample monolith, as a newcomer would run it.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const run = (args) => {
  console.log(`\n$ seam ${args.join(' ')}`);
  const r = spawnSync(process.execPath, ['bin/seam.js', ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

mkdirSync('demo-out', { recursive: true });
run(['analyze', 'fixtures/monoliths/shop', '--format', 'text', '--no-history']);
run(['analyze', 'fixtures/monoliths/shop', '--format', 'json', '--no-history', '--out', 'demo-out/shop.facts.json']);
console.log('\nThe full Facts document is in demo-out/shop.facts.json.');

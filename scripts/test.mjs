#!/usr/bin/env node
// The README's test command: build, typecheck, lint, layering, then every vitest test.
// Ends with one plain line `N passed, N failed` (each check step counts as one test).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';

const steps = [
  ['build', 'npx', ['tsc', '-p', 'tsconfig.build.json']],
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['typecheck renderer', 'npx', ['tsc', '--noEmit', '-p', 'src/renderer/tsconfig.json']],
  ['lint', 'npx', ['eslint', '.']],
  ['layering', 'npx', ['depcruise', '--config', '.dependency-cruiser.cjs', 'src', 'analyzers']],
];
const extra = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const [name, cmd, args] of steps) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status === 0) {
    passed++;
    console.log(`check ${name}: ok`);
  } else {
    failed++;
    console.log(`check ${name}: FAILED`);
  }
}
mkdirSync('test-artifacts', { recursive: true });
const report = 'test-artifacts/vitest.json';
rmSync(report, { force: true });
const v = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra], { stdio: 'inherit', env: { ...process.env, SEAM_SKIP_BUILD: '1', SEAM_DAEMON: '0' } });
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
  if ((r.numTotalTests ?? 0) === 0) failed++;
} else {
  failed++;
  console.log(`vitest produced no report (exit ${v.status})`);
}
if (v.status !== 0 && failed === 0) failed++;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

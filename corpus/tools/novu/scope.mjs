// Shared helpers: the backend scope of novu and test-file filtering (our own code, reads text only).
import { execSync } from 'node:child_process';
export const REPO = '/work/main/corpus/repos/novu';
export const SCOPE = [
  'apps/api/src',
  'apps/worker/src',
  'apps/ws/src',
  'apps/webhook/src',
  'libs/dal/src',
  'libs/application-generic/src',
  'packages/shared/src',
];
// test-only NestJS module, registered only when NODE_ENV === 'test' (apps/api/src/app.module.ts)
export const EXCLUDE = [/^apps\/api\/src\/app\/testing\//];
export function isTest(f) {
  return /\.(spec|test|e2e|e2e-ee)\.tsx?$/.test(f) || /(^|\/)(e2e|test|tests|__tests__|__mocks__)\//.test(f);
}
export function scopeFiles() {
  const out = execSync(`git ls-files ${SCOPE.join(' ')}`, { cwd: REPO, encoding: 'utf8', maxBuffer: 64 << 20 });
  return out.split('\n').filter((f) => /\.(ts|tsx|mts|cts)$/.test(f) && !isTest(f) && !EXCLUDE.some((r) => r.test(f)));
}
export function appOf(f) {
  const m = f.match(/^apps\/([^/]+)\//);
  return m ? m[1] : null;
}
// drafts and review dumps go outside the repo
import fs from 'node:fs';
export const OUT = '/tmp/novu-corpus';
fs.mkdirSync(OUT, { recursive: true });
export const outFile = (name) => `${OUT}/${name}`;

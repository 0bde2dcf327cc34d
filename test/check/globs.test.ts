/**
 * The regular expressions `seam plan rules` gives dependency-cruiser match exactly what Seam's
 * own glob matching (picomatch, `dot: true`) matches, and pass dependency-cruiser's safe-regex check.
 */
import { createRequire } from 'node:module';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { globRegex } from '../../src/check/globs.js';

const require = createRequire(import.meta.url);
const safeRegex = require('safe-regex') as (pattern: string) => boolean;

const GLOBS = ['**/*.spec.ts', '**/*.test.ts', '**/jest.config.ts', 'packages/config/scripts/**', 'src/**/index.ts', 'src/*.ts', 'src/a?c/**', '**/migrations/**', 'src/**/*.seed.ts', 'src/orders/**', 'src/server.ts', 'src/{a,b}/**'];
const PATHS = ['src/a.spec.ts', 'a.spec.ts', 'src/deep/x/a.spec.ts', 'src/a.spec.tsx', 'src/aspec.ts', 'jest.config.ts', 'apps/api/jest.config.ts', 'apps/api/xjest.config.ts', 'packages/config/scripts/x.ts', 'packages/config/scriptsx.ts', 'packages/config/scripts/a/b.ts',
  'src/index.ts', 'src/x/index.ts', 'src/x/y/index.ts', 'srcx/index.ts', 'src/.hidden.ts', 'src/x.ts', 'src/abc/x.ts', 'src/abbc/x.ts', 'migrations/1.ts', 'db/migrations/1.ts', 'db/migrations', 'src/a/b/c.seed.ts', 'src/c.seed.ts', 'src/orders/x.ts', 'src/server.ts', 'src/server.tsx', 'src/a/x.ts', 'src/c/x.ts'];

describe('globs as dependency-cruiser path patterns', () => {
  for (const glob of GLOBS) {
    it(`matches what picomatch matches for ${glob}`, () => {
      const re = new RegExp(globRegex(glob));
      const isMatch = picomatch(glob, { dot: true });
      expect(PATHS.filter((p) => re.test(p))).toEqual(PATHS.filter((p) => isMatch(p)));
    });
  }

  it('passes the safe-regex check for a plan excluding tests, configs and scripts', () => {
    const exclude = ['**/*.spec.ts', '**/*.test.ts', '**/jest.config.ts', 'packages/config/scripts/**', 'src/**/*.seed.ts'].map((g) => `(?:${globRegex(g)})`).join('|');
    expect(safeRegex(exclude)).toBe(true);
  });
});

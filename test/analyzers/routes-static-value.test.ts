/**
 * How a route path written with code (not a literal) is read: constants across modules, enums,
 * `||` / `??` / ternaries, templates, short functions; the environment read as unset, with a note
 * saying which default was assumed; what cannot be known kept as `{unknown:NAME}`.
 */
import { describe, expect, it } from 'vitest';
import { expressAnalyzer } from '../../analyzers/routes/express.js';
import { analyzeSources } from '../../analyzers/testing.js';

const EXPRESS = JSON.stringify({ dependencies: { express: '4' } });

async function served(paths: string, mounts: string): Promise<{ path: string; notes?: string[] }[]> {
  const facts = await analyzeSources(
    {
      'package.json': EXPRESS,
      'src/paths.ts': paths,
      'src/app.ts': `import express from 'express';
import * as paths from './paths';
const app = express();
const r = express.Router();
r.get('/x', handler);
${mounts}
function handler(): void {}
`,
    },
    { analyzers: [expressAnalyzer] },
  );
  return facts.routes.map((r) => ({ path: r.path, ...(r.notes && { notes: r.notes }) }));
}

describe('route paths read statically', () => {
  it('reads enums, templates and imported constants through a namespace', async () => {
    expect(await served(`export enum Area { Admin = 'admin', Shop = 'shop' }
export const BASE = \`/\${Area.Admin}/v\${1 + 1}\`;
`, `app.use(paths.BASE, r);`)).toEqual([{ path: '/admin/v2/x' }]);
  });

  it('takes the branch the environment default picks, and says so', async () => {
    expect(await served(`export const PREFIX = process.env.NODE_ENV === 'production' ? '/api' : '/dev';
`, `app.use(paths.PREFIX, r);`)).toEqual([{ path: '/dev/x', notes: ["process.env.NODE_ENV read as unset: `process.env.NODE_ENV === 'production'` taken as false (src/paths.ts:1)"] }]);
  });

  it('runs a short function (if, let, +=, return) with the environment unset', async () => {
    expect(
      await served(`export function contextPath(component: string): string {
  const env = typeof process !== 'undefined' && process.env ? process.env : undefined;
  if (!env) return '';
  let path = env.GLOBAL_CONTEXT_PATH ? \`\${env.GLOBAL_CONTEXT_PATH}/\` : '';
  if (env[\`\${component}_CONTEXT_PATH\`]) path += \`\${env[\`\${component}_CONTEXT_PATH\`]}/\`;
  return path;
}
`, `app.use(\`/\${paths.contextPath('ADMIN')}admin\`, r);`),
    ).toEqual([
      {
        path: '/admin/x',
        notes: [
          'process.env.ADMIN_CONTEXT_PATH read as unset: `env[`${component}_CONTEXT_PATH`]` taken as false (src/paths.ts:5)',
          'process.env.GLOBAL_CONTEXT_PATH read as unset: `env.GLOBAL_CONTEXT_PATH` taken as false (src/paths.ts:4)',
        ],
      },
    ]);
  });

  it('keeps what only run time knows as {unknown:NAME}: an env without default, a runtime choice', async () => {
    expect(await served(`export const A = process.env.MOUNT;
export const B = Date.now() > 0 ? '/b' : '/c';
`, `app.use(paths.A, r);\napp.use(paths.B, r);`)).toEqual([{ path: '/{unknown:paths.B}/x' }, { path: '/{unknown:process.env.MOUNT}/x' }]);
  });

  it('unrolls a for…of over a known list (continue, break, pushes) and reads array and string helpers', async () => {
    expect(
      await served(`const AREAS = ['admin', 'shop', 'legacy', 'beta', 'never'];
export function areas(): string[] {
  const out: string[] = [];
  for (const area of AREAS) {
    if (area === 'legacy') continue;
    if (area === 'beta') break;
    out.push(\`/\${area}\`);
  }
  return out;
}
export const AREA_PATHS = areas();
export const KEPT = ['a.ts', 'b.js', 'c.ts'].filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\\.ts$/, '')).join('+');
export const ENTRIES = Object.entries({ one: 1 }).map(([k, v]) => \`\${k}\${v}\`).join('');
export const HAS = ['x', 'y'].includes('y') && 'yes'.startsWith('y') ? '/has' : '/not';
`, `app.use(paths.AREA_PATHS, r); app.use(\`/\${paths.KEPT}/\${paths.ENTRIES}\`, r); app.use(paths.HAS, r);`),
    ).toEqual([{ path: '/a+c/one1/x' }, { path: '/admin/x' }, { path: '/has/x' }, { path: '/shop/x' }]);
  });

  it('keeps a filter only run time can decide unknown rather than guessing which items stay', async () => {
    expect(await served(`export const LIVE = ['a', 'b'].filter((x) => process.argv.includes(x)).join('');
`, `app.use(\`/\${paths.LIVE}\`, r);`)).toEqual([{ path: "/{unknown:['a',_'b'].filter().join()}/x" }]);
  });
});


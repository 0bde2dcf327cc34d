/**
 * The one validation of seam.config.json and of the flags (src/host/config.ts), in-process: every
 * key's wrong type and every unknown key names the file and the key; flags, which are text, are
 * read as numbers where the file must hold JSON numbers; `resolveConfig` merges defaults < file <
 * flags and says where each setting came from. test/cli/config.test.ts runs the same through the CLI.
 */
import { availableParallelism } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, parseConfig, resolveConfig } from '../../src/host/config.js';
import { DEFAULT_CONFIG } from '../../src/shared/config.js';
import { InputError } from '../../src/shared/errors.js';
import { tempDir } from '../workspace/helpers.js';

const tmp = tempDir('host-config');
afterAll(() => tmp.cleanup());

const FILE = '/repo/seam.config.json';
const SEE = '; see https://seam.dev/schema/seam-config.schema.json';

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('parseConfig', () => {
  it('accepts every key of the schema with its JSON type', () => {
    const config = {
      $schema: 'https://seam.dev/schema/seam-config.schema.json',
      include: ['src/**'],
      exclude: ['src/legacy/**'],
      tsconfig: 'tsconfig.app.json',
      tests: true,
      history: false,
      workers: 0,
      apps: [{ name: 'web', kind: 'frontend', root: 'web/', entries: ['web/main.tsx'] }],
      weights: { sharedTableWrite: 6 },
      seed: 7,
      resolution: 1.5,
      services: 4,
      export: { kinds: ['report', 'gateway'] },
      check: { headroom: 0.1 },
    };
    expect(parseConfig(config, FILE)).toEqual({
      include: ['src/**'],
      exclude: ['src/legacy/**'],
      tsconfig: 'tsconfig.app.json',
      tests: true,
      history: false,
      workers: 0,
      apps: [{ name: 'web', kind: 'frontend', root: 'web', entries: ['web/main.tsx'] }],
      weights: { sharedTableWrite: 6 },
      seed: 7,
      resolution: 1.5,
      services: 4,
      export: { kinds: ['gateway', 'report'] },
      check: { headroom: 0.1 },
    });
  });

  it.each([
    [{ sede: 7 }, '"sede" is not a setting; known: include, exclude, tsconfig, tests, history, workers, apps, weights, seed, resolution, services, export, check'],
    [{ apps: [{ name: 'api', kind: 'backend', root: 'src', entry: ['src/main.ts'] }] }, '"apps[0].entry" is not a setting; known: name, kind, root, entries'],
    [{ export: { kind: ['report'] } }, '"export.kind" is not a setting; known: kinds'],
    [{ check: { headrom: 0.1 } }, '"check.headrom" is not a setting; known: headroom'],
    [{ weights: { tableGravity: 2 } }, '"weights" has an unknown weight "tableGravity"; known: runtimeImport, typeOnlyImport, dynamicImport, symbolRef, sharedTableRead, sharedTableWrite, coChange, sharedState, sharedRouteGroup, featureFolder, nameWords'],
  ])('refuses the unknown key in %j', (raw, expected) => {
    expect(message(() => parseConfig(raw, FILE))).toBe(`${FILE}: ${expected}${SEE}`);
  });

  it.each([
    [{ seed: '7' }, '"seed" must be a whole number ≥ 0, got "7"'],
    [{ seed: 1.5 }, '"seed" must be a whole number ≥ 0, got 1.5'],
    [{ workers: '1' }, `"workers" must be a whole number from 0 (parse in-process) to ${availableParallelism()} (the cores here), got "1"`],
    [{ resolution: '2' }, '"resolution" must be a number in (0, 100], got "2"'],
    [{ resolution: 0 }, '"resolution" must be a number in (0, 100], got 0'],
    [{ services: '3' }, '"services" must be a whole number from 1 to 1000, got "3"'],
    [{ include: 'src/**' }, '"include" must be an array of non-empty glob strings'],
    [{ exclude: [''] }, '"exclude" must be an array of non-empty glob strings'],
    [{ tsconfig: 3 }, '"tsconfig" must be a path relative to the repository root'],
    [{ tests: 'yes' }, '"tests" must be true or false'],
    [{ history: 1 }, '"history" must be true or false'],
    [{ weights: [] }, '"weights" must be an object such as {"sharedTableWrite": 6}'],
    [{ weights: { featureFolder: '2' } }, '"weights.featureFolder" must be a number from 0 to 1000'],
    [{ export: { kinds: 'report' } }, '"export.kinds" must list some of skeletons, gateway, openapi, data, report, rules (got "report")'],
    [{ export: { kinds: ['report', 'pdf'] } }, `"export.kinds" has the unknown kind 'pdf'; use a comma-separated list of skeletons, gateway, openapi, data, report, rules`],
    [{ check: { headroom: '0.1' } }, '"check.headroom" must be a number from 0 to 1 (0.05 = 5 %)'],
    [{ apps: [{ name: 'x', kind: 'website', root: 'x' }] }, '"apps[0]" must be {"name": string, "kind": one of backend | worker | frontend | cli | sdk | library | tooling, "root": folder}'],
    [{ apps: [{ name: 'x', kind: 'backend', root: '../x' }] }, '"apps[0].root" must be a folder inside the repository, relative to its root'],
  ])('refuses the wrong type in %j', (raw, expected) => {
    expect(message(() => parseConfig(raw, FILE))).toBe(`${FILE}: ${expected}${SEE}`);
  });

  it('refuses a document that is not an object', () => {
    expect(message(() => parseConfig([], FILE))).toBe(`${FILE}: must hold a JSON object${SEE}`);
  });
});

describe('the flags go through the same checks, read as text', () => {
  it('reads a flag value as a number, and names the flag', () => {
    expect(check.seed('--seed', '7')).toBe(7);
    expect(check.workers('--workers', '0')).toBe(0);
    expect(check.kinds('--kinds', 'report,gateway')).toEqual(['gateway', 'report']);
    expect(message(() => check.seed('--seed', 'seven'))).toBe('--seed must be a whole number ≥ 0, got "seven"');
    expect(message(() => check.weights('--weights w.json', { featureFolder: -1 }))).toBe('--weights w.json: "weights.featureFolder" must be a number from 0 to 1000');
  });
});

describe('resolveConfig', () => {
  it('merges the defaults, the file and the flags, and records where each setting came from', () => {
    const root = join(tmp.dir, 'merge');
    mkdirSync(root);
    writeFileSync(join(root, 'seam.config.json'), JSON.stringify({ seed: 7, exclude: ['gen/**'] }));
    const effective = resolveConfig(root, { overrides: { seed: 3, tests: true } });
    expect(effective.config).toEqual({ ...DEFAULT_CONFIG, seed: 3, exclude: ['gen/**'], tests: true });
    expect(effective.sources).toEqual({ seed: 'flag', exclude: 'file', tests: 'flag' });
    expect(effective.file).toBe(join(root, 'seam.config.json'));
  });

  it('is the defaults alone without a file, and ignores the file when told to (seam init)', () => {
    const root = join(tmp.dir, 'bare');
    mkdirSync(root);
    expect(resolveConfig(root)).toEqual({ config: DEFAULT_CONFIG, sources: {} });
    writeFileSync(join(root, 'seam.config.json'), '{"sede": 1}');
    expect(resolveConfig(root, { ignoreFile: true })).toEqual({ config: DEFAULT_CONFIG, sources: {} });
  });
});

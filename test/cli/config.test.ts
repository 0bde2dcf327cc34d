/**
 * The project config and the flags every command shares: seam.config.json at the repository root
 * (or `--config <file>`) is read and validated with messages naming the file and the key, flags
 * override it, every analyzing command validates the same flags the same way, and the effective
 * config is what the cut, the analyze document and a workspace run use.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { SeamConfig } from '../../src/shared/config.js';
import type { Decomposition } from '../../src/shared/decomposition.js';
import type { Facts } from '../../src/shared/facts.js';
import { runSeam, runSeamAsync } from '../support/run-seam.js';

const tmp = mkdtempSync(join(tmpdir(), 'seam-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type AnalyzeDocument = Facts & { config: Omit<SeamConfig, 'workers'>; decomposition: Decomposition };

const SCHEMA_URL = 'https://seam.dev/schema/seam-config.schema.json';
const KNOWN = 'include, exclude, tsconfig, tests, history, workers, apps, weights, seed, resolution, services, export, check';

/**
 * A ring of 16 modules, each importing the next two: every rotation of a cut is as good as
 * another, so the seed decides which one Louvain finds (seed 7 and seed 42 differ here, where the
 * shop fixture gives the same cut for every seed).
 */
function ring(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'ring', private: true }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true } }));
  for (let i = 0; i < 16; i++) {
    const [a, b] = [(i + 1) % 16, (i + 2) % 16];
    writeFileSync(join(dir, 'src', `m${i}.ts`), `import { v${a} } from './m${a}';\nimport { v${b} } from './m${b}';\nexport const v${i} = () => [v${a}, v${b}];\n`);
  }
  return dir;
}

function analyze(args: string[], opts: { cwd?: string } = {}): AnalyzeDocument {
  const r = runSeam(['analyze', ...args, '--no-history', '--format', 'json'], opts);
  expect(r.stderr.replace(/^seam analyze: (recorded run|proposed scenario).*\n/gm, '')).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as AnalyzeDocument;
}

const services = (doc: AnalyzeDocument): string[][] => doc.decomposition.services.map((s) => s.modules);

function mkfifo(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}

describe('the cut follows --seed and --weights, with a workspace or without', () => {
  const repo = ring('ring');

  it('shows the seed-7 cut with --workspace --seed 7: the same services as a run without a workspace', () => {
    const withWorkspace = analyze([repo, '--workspace', join(tmp, 'seed.db'), '--seed', '7']);
    const without = analyze([repo, '--seed', '7']);
    const seed42 = analyze([repo]);
    expect(withWorkspace.decomposition.params.seed).toBe(7);
    expect(services(withWorkspace)).toEqual(services(without));
    expect(services(seed42)).not.toEqual(services(without));
    expect(withWorkspace.config.seed).toBe(7);
  });

  it('cuts with the weights of a --weights file, with a workspace or without', () => {
    const weights = join(tmp, 'weights.json');
    writeFileSync(weights, JSON.stringify({ runtimeImport: 2, featureFolder: 0 }));
    const plain = analyze([repo]);
    for (const doc of [analyze([repo, '--weights', weights]), analyze([repo, '--workspace', join(tmp, 'weights.db'), '--weights', weights])]) {
      expect(doc.decomposition.params.weights).toEqual({ ...plain.decomposition.params.weights, runtimeImport: 2, featureFolder: 0 });
      expect(doc.config.weights).toEqual({ runtimeImport: 2, featureFolder: 0 });
    }
    expect(plain.decomposition.params.weights.runtimeImport).toBe(1);
  });
});

describe('seam.config.json', () => {
  const repo = ring('configured');
  const configFile = join(repo, 'seam.config.json');
  const writeConfig = (text: string): void => writeFileSync(configFile, text);
  afterAll(() => rmSync(configFile, { recursive: true, force: true }));

  it('is read from the repository root: its exclude and seed take effect and show in the document', () => {
    writeConfig(JSON.stringify({ $schema: SCHEMA_URL, exclude: ['src/m15.ts'], seed: 7 }));
    const doc = analyze([repo]);
    expect(doc.modules.map((m) => m.path)).not.toContain('src/m15.ts');
    expect(doc.modules).toHaveLength(15);
    expect(doc.decomposition.params.seed).toBe(7);
    expect(doc.config).toEqual({
      include: [],
      exclude: ['src/m15.ts'],
      tests: false,
      history: false,
      weights: {},
      seed: 7,
      resolution: 1,
      export: { kinds: ['skeletons', 'gateway', 'openapi', 'data', 'report', 'rules'] },
      check: { headroom: 0.05 },
    });
  });

  it('is overridden by a flag, setting by setting', () => {
    writeConfig(JSON.stringify({ exclude: ['src/m15.ts'], seed: 7 }));
    const doc = analyze([repo, '--seed', '3']);
    expect(doc.decomposition.params.seed).toBe(3);
    expect(doc.config.exclude).toEqual(['src/m15.ts']);
  });

  it('leaves workers out of the document (how many threads parsed it does not shape it)', () => {
    writeConfig(JSON.stringify({ workers: 0 }));
    expect(Object.keys(analyze([repo, '--workers', '1']).config)).not.toContain('workers');
  });

  it('is read from elsewhere with --config <file>, relative to the current folder, instead of the root one', () => {
    writeConfig(JSON.stringify({ seed: 7 }));
    writeFileSync(join(tmp, 'elsewhere.json'), JSON.stringify({ seed: 3, exclude: ['src/m0.ts'] }));
    const doc = analyze([repo, '--config', 'elsewhere.json'], { cwd: tmp });
    expect(doc.decomposition.params.seed).toBe(3);
    expect(doc.config.exclude).toEqual(['src/m0.ts']);
  });

  it('is recorded, as the effective config, with a workspace run', () => {
    writeConfig(JSON.stringify({ exclude: ['src/m15.ts'], seed: 7 }));
    const ws = join(tmp, 'recorded.db');
    analyze([repo, '--workspace', ws, '--resolution', '2']);
    const db = new Database(ws, { readonly: true });
    try {
      const options = JSON.parse(db.prepare('SELECT options FROM runs ORDER BY id DESC LIMIT 1').pluck().get() as string) as { config: SeamConfig; exclude: string[] };
      expect(options.config).toMatchObject({ exclude: ['src/m15.ts'], seed: 7, resolution: 2, history: false });
      expect(options.exclude).toEqual(['src/m15.ts']);
    } finally {
      db.close();
    }
  });

  describe('refused with exit 2 and a message naming the file and the key', () => {
    /** `text` null: the test has put something in the file's place itself */
    const refused = (text: string | null, expected: string, args: string[] = []): void => {
      if (text !== null) {
        rmSync(configFile, { recursive: true, force: true });
        writeConfig(text);
      }
      const r = runSeam(['analyze', repo, '--no-history', ...args], { timeout: 20_000 });
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`seam analyze: ${expected}\n`);
      expect(r.code).toBe(2);
    };

    it('an unknown key (a typo is never ignored)', () => {
      refused('{"sede": 7}', `${configFile}: "sede" is not a setting; known: ${KNOWN}; see ${SCHEMA_URL}`);
    });

    it('a wrong type: a number written as a string (test/host/config.test.ts checks every key in-process)', () => {
      refused('{"seed": "7"}', `${configFile}: "seed" must be a whole number ≥ 0, got "7"; see ${SCHEMA_URL}`);
    });

    it('invalid JSON', () => {
      rmSync(configFile, { force: true });
      writeConfig('{"seed": 7,');
      const r = runSeam(['analyze', repo, '--no-history'], { timeout: 20_000 });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^seam analyze: ${configFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON \\(.+\\); fix it, or write a fresh one with 'seam init'\\n$`));
    });

    it('a folder or a FIFO in its place (without blocking on the FIFO), at the root or named by --config', () => {
      rmSync(configFile, { force: true });
      mkdirSync(configFile);
      refused(null, `config file ${configFile} is not a regular file (a folder, FIFO or device); pass a file`);
      rmSync(configFile, { recursive: true });
      mkfifo(configFile);
      refused(null, `config file ${configFile} is not a regular file (a folder, FIFO or device); pass a file`);
      rmSync(configFile);
      const fifo = mkfifo(join(tmp, 'config.fifo'));
      refused(null, `config file ${fifo} is not a regular file (a folder, FIFO or device); pass a file`, ['--config', fifo]);
      refused(null, `no config file at ${join(tmp, 'missing.json')}; check the --config path`, ['--config', join(tmp, 'missing.json')]);
    });

    it('a tsconfig that does not exist, named by the file relative to the repository', () => {
      refused('{"tsconfig": "nope.json"}', `"tsconfig" in ${configFile}: no tsconfig at ${join(repo, 'nope.json')}; give an existing file (relative to the current folder on the command line, to the repository root in the config file)`);
    });
  });
});

describe('the shared flags are validated once, the same way for every command', () => {
  const repo = ring('flags');
  const planted = join(tmp, 'planted');
  cpSync('fixtures/monoliths/planted', planted, { recursive: true });
  let n = 0;
  /** Each command with what it needs besides the flag; every one must fail on the flag before doing any work. */
  const commands = (): Array<[string, string[]]> => [
    ['analyze', ['analyze', repo]],
    ['export', ['export', repo, '--out', join(tmp, `export-${++n}`)]],
    ['plan', ['plan', 'accept', repo, '--out', join(tmp, `plan-${++n}.json`)]],
    ['check', ['check', planted]],
    ['serve', ['serve', repo, '--no-open', '--workspace', join(tmp, `serve-${++n}.db`)]],
    ['init', ['init', repo, '--print']],
  ];
  const cores = availableParallelism();

  it.each([
    ['--workers=abc', `--workers must be a whole number from 0 (parse in-process) to ${cores} (the cores here), got "abc"`],
    ['--workers=-1', `--workers must be a whole number from 0 (parse in-process) to ${cores} (the cores here), got "-1"`],
    ['--workers=2.5', `--workers must be a whole number from 0 (parse in-process) to ${cores} (the cores here), got "2.5"`],
    ['--workers=1e9', `--workers must be at most ${cores}, the number of cores here (got 1000000000)`],
    ['--tsconfig=missing.json', `--tsconfig: no tsconfig at ${join(tmp, 'missing.json')}; give an existing file (relative to the current folder on the command line, to the repository root in the config file)`],
  ])('%s: exit 2 with the same message on analyze, export, plan accept, check, serve and init', async (flag, message) => {
    const list = commands();
    const runs = await Promise.all(list.map(([, args]) => runSeamAsync([...args, flag], { cwd: tmp, timeout: 60_000 })));
    expect(runs.map((r, i) => ({ name: list[i]![0], code: r.code, stderr: r.stderr, stdout: r.stdout }))).toEqual(list.map(([name]) => ({ name, code: 2, stderr: `seam ${name}: ${message}\n`, stdout: '' })));
    // nothing was written or created on the way: no export folder, plan, workspace or config
    expect(readdirSync(tmp).filter((f) => /^(export|plan|serve)-/.test(f))).toEqual([]);
    expect(readdirSync(repo).sort()).toEqual(['package.json', 'src', 'tsconfig.json']);
  });

  it('--workers -1 (a value that looks like a flag) is a usage error too', () => {
    const r = runSeam(['analyze', repo, '--workers', '-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Option '--workers' argument is ambiguous");
  });

  it('an unknown key in seam.config.json stops every command that reads it; init, which writes one, does not read it', async () => {
    const bad = ring('bad-config');
    writeFileSync(join(bad, 'seam.config.json'), '{"sede": 7}');
    const badPlanted = join(tmp, 'bad-planted');
    cpSync('fixtures/monoliths/planted', badPlanted, { recursive: true });
    writeFileSync(join(badPlanted, 'seam.config.json'), '{"sede": 7}');
    const readers: Array<[string, string[], string]> = [
      ['analyze', ['analyze', bad], bad],
      ['export', ['export', bad, '--out', join(tmp, 'export-bad')], bad],
      ['plan', ['plan', 'accept', bad, '--out', join(tmp, 'plan-bad.json')], bad],
      ['check', ['check', badPlanted], badPlanted],
      ['serve', ['serve', bad, '--no-open'], bad],
    ];
    const runs = await Promise.all(readers.map(([, args]) => runSeamAsync(args, { timeout: 60_000 })));
    expect(runs.map((r, i) => ({ name: readers[i]![0], code: r.code, stderr: r.stderr }))).toEqual(
      readers.map(([name, , root]) => ({ name, code: 2, stderr: `seam ${name}: ${join(root, 'seam.config.json')}: "sede" is not a setting; known: ${KNOWN}; see ${SCHEMA_URL}\n` })),
    );
    expect(readFileSync(join(bad, 'seam.config.json'), 'utf8')).toBe('{"sede": 7}');
    expect(runSeam(['init', bad, '--print', '--no-history']).code).toBe(0);
    const init = runSeam(['init', bad, '--print', '--config', join(bad, 'seam.config.json')]);
    expect(init.code).toBe(2);
    expect(init.stderr).toBe("seam init: seam init reads no config (it writes one from what it detects); leave out --config, and use --out to choose where to write\n");
  });

  it('resolves a relative --tsconfig against the current folder, and records it relative to the repository', () => {
    const repoWithTsconfig = ring('tsconfig-cwd');
    writeFileSync(join(repoWithTsconfig, 'tsconfig.build.json'), JSON.stringify({ compilerOptions: { strict: true } }));
    const fromParent = analyze(['tsconfig-cwd', '--tsconfig', 'tsconfig-cwd/tsconfig.build.json'], { cwd: tmp });
    expect(fromParent.config.tsconfig).toBe('tsconfig.build.json');
    expect(fromParent.tsconfigs).toEqual(['tsconfig.build.json']);
    const fromInside = analyze(['.', '--tsconfig', 'tsconfig.build.json'], { cwd: repoWithTsconfig });
    expect(fromInside.config.tsconfig).toBe('tsconfig.build.json');
    // the same relative name from the parent folder names a file that is not there
    const r = runSeam(['analyze', 'tsconfig-cwd', '--tsconfig', 'tsconfig.build.json'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`seam analyze: --tsconfig: no tsconfig at ${join(tmp, 'tsconfig.build.json')}; give an existing file (relative to the current folder on the command line, to the repository root in the config file)\n`);
  });

  it('seam check reads the tsconfig a plan records relative to the repository, from any current folder', () => {
    const repoCopy = join(tmp, 'planted-tsconfig');
    cpSync('fixtures/monoliths/planted', repoCopy, { recursive: true });
    const accepted = runSeam(['plan', 'accept', repoCopy, '--tsconfig', join(repoCopy, 'tsconfig.json'), '--out', join(repoCopy, 'seam.plan.json'), '--force', '--no-history']);
    expect(accepted.code).toBe(0);
    expect((JSON.parse(readFileSync(join(repoCopy, 'seam.plan.json'), 'utf8')) as { analysis: { tsconfig?: string } }).analysis.tsconfig).toBe('tsconfig.json');
    // tmp holds no tsconfig.json: read against the current folder, the plan's tsconfig would be missing
    const verdict = (r: { code: number; stdout: string; stderr: string }) => {
      const report = JSON.parse(r.stdout) as { counts: unknown; findings: Array<{ rule: string; from?: string }> };
      return { code: r.code, stderr: r.stderr, counts: report.counts, findings: report.findings.map((f) => [f.rule, f.from]) };
    };
    const inside = verdict(runSeam(['check', '.', '-f', 'json'], { cwd: repoCopy }));
    expect(inside.code).toBe(0);
    expect(verdict(runSeam(['check', repoCopy, '-f', 'json'], { cwd: tmp }))).toEqual(inside);
  });
});

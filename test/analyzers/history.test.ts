import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gitHistory } from '../../analyzers/history/git-history.js';
import { GitLogParser, type LogCommit } from '../../analyzers/history/git-log.js';
import type { ExtractOptions, FactsContribution, LinkContext } from '../../analyzers/types.js';
import type { Diagnostic } from '../../src/shared/facts.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'seam-history-'));
  dirs.push(d);
  return d;
}

/** A real git repository with a scripted, deterministic history. */
class Repo {
  readonly dir = tempDir();
  private clock = 0;
  private edits = 0;

  constructor() {
    this.git('init', '-q', '-b', 'main');
  }

  git(...args: string[]): string {
    const date = `@${1_600_000_000 + this.clock} +0000`;
    return execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      },
    });
  }

  /** One commit by `author` writing (fresh contents) or deleting (null) the given files. */
  commit(author: string, files: Record<string, string | null> | string[]): this {
    const changes = Array.isArray(files) ? Object.fromEntries(files.map((f) => [f, ''])) : files;
    for (const [path, contents] of Object.entries(changes)) {
      const abs = join(this.dir, path);
      if (contents === null) {
        rmSync(abs);
        continue;
      }
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, contents || `export const v = ${++this.edits};\n`);
    }
    return this.commitStaged(author);
  }

  /** Date the next commits at this many seconds after the start (clocks can be wrong). */
  at(seconds: number): this {
    this.clock = seconds - 1;
    return this;
  }

  rename(author: string, from: string, to: string): this {
    mkdirSync(dirname(join(this.dir, to)), { recursive: true });
    this.git('mv', from, to);
    return this.commitStaged(author);
  }

  times(n: number, author: string | ((i: number) => string), files: string[]): this {
    for (let i = 0; i < n; i++) this.commit(typeof author === 'string' ? author : author(i), files);
    return this;
  }

  /** Rewrite HEAD as a commit carrying a (bogus) PGP signature, as `git commit -S` would. */
  signHeadWithAFakeSignature(): void {
    const [header, ...body] = this.git('cat-file', 'commit', 'HEAD').split('\n\n');
    const signature = 'gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----';
    const signed = `${header ?? ''}\n${signature}\n\n${body.join('\n\n')}`;
    const file = join(this.dir, '.git', 'signed-commit');
    writeFileSync(file, signed);
    const hash = this.git('hash-object', '-t', 'commit', '-w', file).trim();
    this.git('update-ref', 'HEAD', hash);
  }

  head(): string {
    return this.git('rev-parse', 'HEAD').trim();
  }

  private commitStaged(author: string): this {
    this.clock++;
    this.git('add', '-A');
    this.git('-c', `user.name=${author}`, '-c', `user.email=${author.toLowerCase()}@example.com`, 'commit', '-q', '--allow-empty', '-m', `change ${this.clock}`);
    return this;
  }
}

/**
 * The history link gives for these modules, read both ways: streamed from git by link itself,
 * and from git's output file when extraction started `git log` before the parse (they must agree).
 */
async function history(rootDir: string, modules: string[], options: ExtractOptions = {}): Promise<{ facts: FactsContribution; diagnostics: Diagnostic[] }> {
  const streamed = await historyRead(rootDir, modules, options, false);
  const started = await historyRead(rootDir, modules, options, true);
  expect(started).toEqual(streamed);
  return streamed;
}

async function historyRead(rootDir: string, modules: string[], options: ExtractOptions, start: boolean): Promise<{ facts: FactsContribution; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const ctx: LinkContext = {
    modules: [...modules].sort(),
    allFiles: [...modules].sort(),
    rootDir,
    options,
    resolve: () => undefined,
    resolveBinding: () => undefined,
    resolveExport: () => undefined,
    usedBy: () => [],
    packageOrigin: () => undefined,
    readText: () => undefined,
    readRepoText: () => undefined,
    exists: () => false,
    report: (d) => diagnostics.push(d),
  };
  const facts = await gitHistory.link(ctx, new Map(), start ? gitHistory.start!(rootDir, options) : undefined);
  return { facts, diagnostics };
}

describe('git-history analyzer', () => {
  it('computes Code Maat co-change degrees for a planted history', async () => {
    const repo = new Repo()
      // a and b change together 8 times, a alone twice: degree = 100 * 8 / ((10 + 8) / 2) = 88.9
      .times(8, (i) => (i % 2 === 0 ? 'Ann' : 'Bob'), ['src/a.ts', 'src/b.ts'])
      // README is not a module: it never appears in the facts
      .times(2, 'Ann', ['src/a.ts', 'README.md'])
      // c and d together 5 times, c alone 3 times: 100 * 5 / ((8 + 5) / 2) = 76.9
      .times(5, 'Cy', ['src/c.ts', 'src/d.ts'])
      .times(3, 'Cy', ['src/c.ts'])
      // e and f share only 4 commits (< minShared 5)
      .times(4, 'Dee', ['src/e.ts', 'src/f.ts'])
      .times(2, 'Dee', ['src/e.ts'])
      .times(2, 'Dee', ['src/f.ts'])
      // g and h: 100 * 5 / ((30 + 5) / 2) = 28.6 (< minDegree 30)
      .times(5, 'Eve', ['src/g.ts', 'src/h.ts'])
      .times(25, 'Eve', ['src/g.ts']);
    const modules = ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts', 'src/e.ts', 'src/f.ts', 'src/g.ts', 'src/h.ts'];

    const { facts, diagnostics } = await history(repo.dir, modules);

    expect(diagnostics).toEqual([]);
    expect(facts.coChange).toEqual([
      { a: 'src/a.ts', b: 'src/b.ts', degree: 89, shared: 8, commitsA: 10, commitsB: 8 },
      { a: 'src/c.ts', b: 'src/d.ts', degree: 77, shared: 5, commitsA: 8, commitsB: 5 },
    ]);
    expect(facts.history).toEqual({
      head: repo.head(),
      commitsRead: 56,
      commitsIgnored: 0,
      options: { minRevs: 5, minShared: 5, minDegree: 30, maxFilesPerCommit: 30 },
      revisions: [
        { module: 'src/a.ts', commits: 10 },
        { module: 'src/b.ts', commits: 8 },
        { module: 'src/c.ts', commits: 8 },
        { module: 'src/d.ts', commits: 5 },
        { module: 'src/e.ts', commits: 6 },
        { module: 'src/f.ts', commits: 6 },
        { module: 'src/g.ts', commits: 30 },
        { module: 'src/h.ts', commits: 5 },
      ],
    });
    expect(facts.authors?.slice(0, 2)).toEqual([
      { module: 'src/a.ts', authors: [{ name: 'Ann', commits: 6 }, { name: 'Bob', commits: 4 }] },
      { module: 'src/b.ts', authors: [{ name: 'Ann', commits: 4 }, { name: 'Bob', commits: 4 }] },
    ]);
  });

  it('gives exactly 100 for two files that always change together and honours the thresholds from options', async () => {
    const repo = new Repo()
      .times(3, 'Ann', ['a.ts', 'b.ts'])
      .times(4, 'Ann', ['c.ts', 'd.ts'])
      .times(2, 'Ann', ['c.ts'])
      .times(2, 'Ann', ['d.ts']);
    const modules = ['a.ts', 'b.ts', 'c.ts', 'd.ts'];

    const defaults = await history(repo.dir, modules);
    expect(defaults.facts.coChange).toEqual([]);

    const loose = await history(repo.dir, modules, { coChange: { minRevs: 3, minShared: 3, minDegree: 70 } });
    // c, d: 100 * 4 / ((6 + 6) / 2) = 66.7 < 70
    expect(loose.facts.coChange).toEqual([{ a: 'a.ts', b: 'b.ts', degree: 100, shared: 3, commitsA: 3, commitsB: 3 }]);
    expect(loose.facts.history?.options).toEqual({ minRevs: 3, minShared: 3, minDegree: 70, maxFilesPerCommit: 30 });

    const looser = await history(repo.dir, modules, { coChange: { minRevs: 3, minShared: 3, minDegree: 60 } });
    expect(looser.facts.coChange).toEqual([
      { a: 'a.ts', b: 'b.ts', degree: 100, shared: 3, commitsA: 3, commitsB: 3 },
      { a: 'c.ts', b: 'd.ts', degree: 67, shared: 4, commitsA: 6, commitsB: 6 },
    ]);
  });

  it('counts a file renamed in history as one module under its current name', async () => {
    const repo = new Repo()
      .times(3, 'Ann', ['src/legacy/order-service.ts', 'src/order-routes.ts'])
      .rename('Bob', 'src/legacy/order-service.ts', 'src/orders/order-service.ts')
      .times(2, 'Ann', ['src/orders/order-service.ts', 'src/order-routes.ts'])
      .rename('Bob', 'src/orders/order-service.ts', 'src/orders/service.ts')
      .times(1, 'Ann', ['src/orders/service.ts', 'src/order-routes.ts'])
      // a new, unrelated file takes the old name: its history starts here
      .times(1, 'Cy', ['src/legacy/order-service.ts']);
    const modules = ['src/legacy/order-service.ts', 'src/order-routes.ts', 'src/orders/service.ts'];

    const { facts } = await history(repo.dir, modules, { coChange: { minRevs: 1, minShared: 1, minDegree: 1 } });

    expect(facts.history?.revisions).toEqual([
      { module: 'src/legacy/order-service.ts', commits: 1 },
      { module: 'src/order-routes.ts', commits: 6 },
      { module: 'src/orders/service.ts', commits: 8 },
    ]);
    expect(facts.coChange).toEqual([
      { a: 'src/order-routes.ts', b: 'src/orders/service.ts', degree: 86, shared: 6, commitsA: 6, commitsB: 8 },
    ]);
    expect(facts.authors).toContainEqual({
      module: 'src/orders/service.ts',
      authors: [{ name: 'Ann', commits: 6 }, { name: 'Bob', commits: 2 }],
    });
  });

  it('follows a rename made on a branch whose commit clock ran behind its parent', async () => {
    const repo = new Repo().at(100).times(1, 'Ann', ['src/a.ts']);
    repo.git('checkout', '-q', '-b', 'slow-clock');
    repo.at(10).rename('Bob', 'src/a.ts', 'src/b.ts');
    repo.git('checkout', '-q', 'main');
    repo.at(200).times(1, 'Ann', ['src/other.ts']);
    repo.at(300);
    repo.git('-c', 'user.name=Ann', '-c', 'user.email=ann@example.com', 'merge', '-q', '--no-ff', '-m', 'merge', 'slow-clock');

    const { facts } = await history(repo.dir, ['src/b.ts', 'src/other.ts']);
    expect(facts.history?.revisions).toEqual([
      { module: 'src/b.ts', commits: 2 },
      { module: 'src/other.ts', commits: 1 },
    ]);
  });

  it('ignores commits that touch more than 30 files, and keeps one that touches exactly 30', async () => {
    const filler = (n: number): string[] => Array.from({ length: n }, (_, i) => `docs/page-${String(i).padStart(2, '0')}.md`);
    const repo = new Repo()
      .times(5, 'Ann', ['a.ts', 'b.ts'])
      .commit('Bot', ['a.ts', 'b.ts', ...filler(29)])
      .commit('Bot', ['a.ts', 'b.ts', ...filler(28)]);

    const { facts } = await history(repo.dir, ['a.ts', 'b.ts']);
    expect(facts.history?.commitsRead).toBe(7);
    expect(facts.history?.commitsIgnored).toBe(1);
    expect(facts.coChange).toEqual([{ a: 'a.ts', b: 'b.ts', degree: 100, shared: 6, commitsA: 6, commitsB: 6 }]);
    expect(facts.authors).toContainEqual({ module: 'a.ts', authors: [{ name: 'Ann', commits: 5 }, { name: 'Bot', commits: 1 }] });

    const strict = await history(repo.dir, ['a.ts', 'b.ts'], { coChange: { maxFilesPerCommit: 2 } });
    expect(strict.facts.history?.commitsIgnored).toBe(2);
    expect(strict.facts.history?.revisions).toEqual([
      { module: 'a.ts', commits: 5 },
      { module: 'b.ts', commits: 5 },
    ]);
  });

  it('skips merge commits', async () => {
    const repo = new Repo().times(5, 'Ann', ['a.ts', 'b.ts']);
    repo.git('checkout', '-q', '-b', 'feature');
    repo.times(1, 'Bob', ['a.ts']);
    repo.git('checkout', '-q', 'main');
    repo.times(1, 'Ann', ['b.ts']);
    repo.git('-c', 'user.name=Ann', '-c', 'user.email=ann@example.com', 'merge', '-q', '--no-ff', '-m', 'merge', 'feature');

    const { facts } = await history(repo.dir, ['a.ts', 'b.ts']);
    expect(facts.history?.commitsRead).toBe(7);
    expect(facts.history?.revisions).toEqual([
      { module: 'a.ts', commits: 6 },
      { module: 'b.ts', commits: 6 },
    ]);
  });

  it('maps paths to the analyzed subfolder of a larger repository', async () => {
    const repo = new Repo()
      .times(5, 'Ann', ['services/api/src/a.ts', 'services/api/src/b.ts', 'web/src/a.ts'])
      .times(1, 'Ann', ['services/api/package.json', 'services/api/src/a.ts']);
    const { facts, diagnostics } = await history(join(repo.dir, 'services/api'), ['src/a.ts', 'src/b.ts']);

    expect(diagnostics).toEqual([]);
    expect(facts.history?.revisions).toEqual([
      { module: 'src/a.ts', commits: 6 },
      { module: 'src/b.ts', commits: 5 },
    ]);
    expect(facts.coChange).toEqual([{ a: 'src/a.ts', b: 'src/b.ts', degree: 91, shared: 5, commitsA: 6, commitsB: 5 }]);
    expect(facts.authors?.map((a) => a.module)).toEqual(['src/a.ts', 'src/b.ts']);
  });

  it('reads file names with spaces, quotes and non-ASCII characters verbatim', async () => {
    const odd = ['src/with space.ts', 'src/ünïcode "quoted".ts'];
    const repo = new Repo().times(5, 'Zoë', odd);
    const { facts } = await history(repo.dir, odd);
    expect(facts.coChange).toEqual([{ a: odd[0], b: odd[1], degree: 100, shared: 5, commitsA: 5, commitsB: 5 }]);
    expect(facts.authors?.[0]).toEqual({ module: odd[0], authors: [{ name: 'Zoë', commits: 5 }] });
  });

  it('reports an info diagnostic, and no history, for a folder outside any git repository', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.ts'), 'export const a = 1;\n');
    const { facts, diagnostics } = await history(dir, ['a.ts']);
    expect(facts).toEqual({ history: null, coChange: [], authors: [] });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'info', code: 'no-git-history' });
    expect(diagnostics[0]?.message).toMatch(/history-based coupling is off: the folder is not in a git repository .*Run Seam inside a git clone/);
  });

  it('reports an info diagnostic for a repository without commits', async () => {
    const repo = new Repo();
    const { facts, diagnostics } = await history(repo.dir, []);
    expect(facts).toEqual({ history: null, coChange: [], authors: [] });
    expect(diagnostics.map((d) => [d.severity, d.code, d.message])).toEqual([
      ['info', 'no-git-history', 'history-based coupling is off: the repository has no commits yet. Run Seam inside a git clone of the repository (with its history) to enable it.'],
    ]);
  });

  it('reads nothing and reports nothing when history is turned off', async () => {
    const repo = new Repo().times(5, 'Ann', ['a.ts', 'b.ts']);
    expect(await history(repo.dir, ['a.ts', 'b.ts'], { history: false })).toEqual({
      facts: { history: null, coChange: [], authors: [] },
      diagnostics: [],
    });
    expect(await history(tempDir(), ['a.ts'], { history: false })).toEqual({
      facts: { history: null, coChange: [], authors: [] },
      diagnostics: [],
    });
  });

  it('never runs programs the analyzed repository configures, and ignores its output preferences', async () => {
    const repo = new Repo().times(5, 'Ann', ['api/a.ts', 'api/b.ts']);
    repo.signHeadWithAFakeSignature();
    const marker = join(repo.dir, 'pwned');
    const evil = join(repo.dir, 'evil.sh');
    writeFileSync(evil, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
    // git would verify the signature with gpg.program on every `git log`
    repo.git('config', 'log.showSignature', 'true');
    repo.git('config', 'gpg.program', evil);
    for (const key of ['core.fsmonitor', 'core.pager', 'diff.external', 'diff.ts.textconv', 'credential.helper']) {
      repo.git('config', key, evil);
    }
    writeFileSync(join(repo.dir, '.gitattributes'), '*.ts diff=ts\n');
    // would make git print paths relative to the analyzed subfolder
    repo.git('config', 'diff.relative', 'true');

    const { facts, diagnostics } = await history(join(repo.dir, 'api'), ['a.ts', 'b.ts']);
    expect(diagnostics).toEqual([]);
    expect(facts.coChange).toEqual([{ a: 'a.ts', b: 'b.ts', degree: 100, shared: 5, commitsA: 5, commitsB: 5 }]);
    expect(existsSync(marker)).toBe(false);
  });
});

/** Clone `repo` the way CI systems and large monorepos do: `extra` says how (`--filter=blob:none`, `--depth 2`). */
function cloneOf(repo: Repo, ...extra: string[]): { dir: string; bare: string } {
  const bare = join(tempDir(), 'origin.git');
  repo.git('clone', '-q', '--bare', repo.dir, bare);
  // a server must allow filters for `--filter` to make a partial clone
  repo.git('-C', bare, 'config', 'uploadpack.allowFilter', 'true');
  const dir = join(tempDir(), 'clone');
  repo.git('clone', '-q', ...extra, `file://${bare}`, dir);
  return { dir, bare };
}

function objectId(repo: Repo, rev: string): string {
  return repo.git('rev-parse', rev).trim();
}

describe('git-history on incomplete clones and damaged repositories', () => {
  it('reads a blobless partial clone without fetching, following renames that kept their content', async () => {
    const origin = new Repo()
      .commit('Cy', { 'src/old.ts': 'export const old = [1, 2, 3];\n' })
      .times(5, 'Ann', ['src/a.ts', 'src/b.ts'])
      .rename('Bob', 'src/a.ts', 'src/c.ts')
      // a file deleted and another added: finding out whether it is a rename means comparing
      // their contents, which a blobless clone does not have
      .commit('Cy', { 'src/old.ts': null, 'src/d.ts': 'export const d = [1, 2, 3, 4];\n' })
      .times(2, 'Ann', ['src/c.ts', 'src/b.ts']);
    const { dir, bare } = cloneOf(origin, '--filter=blob:none');
    // the promisor remote is gone: any attempt to fetch a missing blob would fail the read
    rmSync(bare, { recursive: true, force: true });

    const { facts, diagnostics } = await history(dir, ['src/b.ts', 'src/c.ts']);

    expect(diagnostics.map((d) => [d.severity, d.code])).toEqual([['info', 'git-partial-clone']]);
    expect(facts.history?.commitsRead).toBe(10);
    expect(facts.history?.revisions).toEqual([
      { module: 'src/b.ts', commits: 7 },
      { module: 'src/c.ts', commits: 8 },
    ]);
    expect(facts.coChange).toEqual([{ a: 'src/b.ts', b: 'src/c.ts', degree: 93, shared: 7, commitsA: 7, commitsB: 8 }]);
  });

  it('reads a shallow clone and says the history is cut short', async () => {
    const origin = new Repo().times(6, 'Ann', ['a.ts', 'b.ts']);
    const { dir } = cloneOf(origin, '--depth', '2');

    const { facts, diagnostics } = await history(dir, ['a.ts', 'b.ts']);

    expect(diagnostics.map((d) => [d.severity, d.code, d.message])).toEqual([
      ['info', 'git-shallow-clone', "this is a shallow clone: history-based coupling sees only the 2 commits it has; run 'git fetch --unshallow' for the full history"],
    ]);
    expect(facts.history?.commitsRead).toBe(2);
    expect(facts.history?.revisions).toEqual([
      { module: 'a.ts', commits: 2 },
      { module: 'b.ts', commits: 2 },
    ]);
  });

  it('skips the commits whose objects are missing and reads every other one', async () => {
    const repo = new Repo()
      .times(3, 'Ann', ['src/a.ts', 'src/b.ts'])
      .times(1, 'Bob', ['src/c.ts'])
      .times(3, 'Ann', ['src/a.ts', 'src/b.ts']);
    // the tree of the 4th commit is lost: git can list neither its changes nor those of its child
    const lost = objectId(repo, 'HEAD~3^{tree}');
    rmSync(join(repo.dir, '.git', 'objects', lost.slice(0, 2), lost.slice(2)));
    const unreadable = [objectId(repo, 'HEAD~2'), objectId(repo, 'HEAD~3')];

    const { facts, diagnostics } = await history(repo.dir, ['src/a.ts', 'src/b.ts', 'src/c.ts']);

    expect(diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'git-history-incomplete']]);
    expect(diagnostics[0]?.message).toContain(`2 commits skipped (${unreadable.map((h) => h.slice(0, 12)).join(', ')})`);
    expect(facts.history?.commitsRead).toBe(5);
    expect(facts.history?.revisions).toEqual([
      { module: 'src/a.ts', commits: 5 },
      { module: 'src/b.ts', commits: 5 },
    ]);
    expect(facts.coChange).toEqual([{ a: 'src/a.ts', b: 'src/b.ts', degree: 100, shared: 5, commitsA: 5, commitsB: 5 }]);
  });
});

describe('GitLogParser', () => {
  it('parses commits however the stream is split', () => {
    const out =
      '\x1eaaa\x1fAnn\0\nM\0src/b.ts\0R087\0src/old.ts\0src/new.ts\0' +
      '\x1ebbb\x1fBob\0' +
      '\x1eccc\x1fCy\0\nM\0src/old.ts\0A\0src/b.ts\0';
    for (const size of [1, 3, 7, out.length]) {
      const commits: LogCommit[] = [];
      const parser = new GitLogParser((c) => commits.push(c));
      for (let i = 0; i < out.length; i += size) parser.write(out.slice(i, i + size));
      parser.end();
      expect(commits).toEqual([
        { hash: 'aaa', author: 'Ann', paths: ['src/b.ts', 'src/new.ts'] },
        { hash: 'bbb', author: 'Bob', paths: [] },
        { hash: 'ccc', author: 'Cy', paths: ['src/new.ts', 'src/b.ts'] },
      ]);
    }
  });
});

/**
 * The resident Seam (src/cli/daemon): `seam analyze --workspace` started in the background, runs
 * handed to it, and everything that must make a client run the command itself instead. Real
 * processes, a real Unix socket in a private folder of the test's own, the built bin.
 */
import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FRAME, FrameReader, frame } from '../../src/cli/daemon/protocol.js';
import { runSeam, runSeamAsync } from '../support/run-seam.js';
import { createHash } from 'node:crypto';
import { tempDir } from '../workspace/helpers.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const SHOP = resolve(import.meta.dirname, '..', '..', 'fixtures', 'monoliths', 'shop');
const tmp = tempDir('daemon');
// the residents' folder of these tests: never the user's own
const runtime = mkdtempSync(join(tmpdir(), 'seam-rt-'));
const ENV = { SEAM_DAEMON: '1', CI: '', XDG_RUNTIME_DIR: runtime };
const dir = join(runtime, `seam-${process.getuid!()}`);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Wait until the resident of some workspace has written its info file (it listens by then). */
async function residentUp(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (existsSync(dir) && readdirSync(dir).some((n) => n.endsWith('.json'))) return;
    await sleep(100);
  }
  throw new Error('no resident came up');
}

async function residentsGone(): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (!existsSync(dir) || !readdirSync(dir).some((n) => n.endsWith('.sock'))) return true;
    await sleep(100);
  }
  return false;
}

function shopCopy(name: string): string {
  const repo = join(tmp.dir, name);
  cpSync(SHOP, repo, { recursive: true });
  return repo;
}

const analyze = (repo: string, ws: string, out: string, extra: string[] = [], env: Record<string, string> = {}) =>
  runSeam(['analyze', repo, '--workspace', ws, '--no-history', '--out', out, ...extra], { env: { ...ENV, ...env } });

afterEach(() => {
  runSeam(['daemon', 'stop'], { env: ENV });
});
afterAll(() => {
  runSeam(['daemon', 'stop'], { env: ENV });
  tmp.cleanup();
  rmSync(runtime, { recursive: true, force: true });
});

describe('seam analyze --workspace with a resident Seam', () => {
  const repo = shopCopy('shop-a');
  const twin = shopCopy('shop-b');
  const wsA = join(tmp.dir, 'a.db');
  const wsB = join(tmp.dir, 'b.db');
  const out = (n: string): string => join(tmp.dir, n);
  const edit = (root: string, round: number): void => {
    // lines moved above a repository's queries, a line appended elsewhere, a file added
    const file = join(root, 'src', 'repositories', 'product-repository.ts');
    writeFileSync(file, `// edited in round ${round}\n${readFileSync(file, 'utf8')}`);
    appendFileSync(join(root, 'src', 'app.ts'), `\nexport const seamRound${round} = ${round};\n`);
    writeFileSync(join(root, 'src', 'lib', `added-${round}.ts`), `export const added${round} = ${round};\n`);
  };

  beforeAll(() => {
    // the twin has the same base name, so the documents (which name the analyzed folder) compare
    rmSync(twin, { recursive: true });
    mkdirSync(twin);
    cpSync(SHOP, join(twin, 'shop-a'), { recursive: true });
  });

  it('starts one after a run in its own process, hands it the next runs, and prints the same bytes', async () => {
    const b = join(twin, 'shop-a');
    const first = analyze(repo, wsA, out('a1.json'));
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/started a resident Seam for this workspace \(pid \d+\)/);
    expect(analyze(b, wsB, out('b1.json'), ['--no-daemon']).code).toBe(0);
    expect(readFileSync(out('a1.json'), 'utf8')).toBe(readFileSync(out('b1.json'), 'utf8'));
    await residentUp();

    for (const round of [2, 3]) {
      edit(repo, round);
      edit(b, round);
      const a = analyze(repo, wsA, out(`a${round}.json`), ['--timings']);
      expect(a.code, a.stderr).toBe(0);
      expect(a.stderr).toMatch(/run by the resident Seam, pid \d+/);
      expect(a.stderr).not.toContain('started a resident');
      expect(a.stderr).toMatch(new RegExp(`recorded run ${round} in .*a\\.db: \\d+ modules, parsed [1-3], reused`));
      expect(analyze(b, wsB, out(`b${round}.json`), ['--no-daemon']).code).toBe(0);
      expect(sha256(readFileSync(out(`a${round}.json`)))).toBe(sha256(readFileSync(out(`b${round}.json`))));
    }
    const status = runSeam(['daemon', 'status'], { env: ENV });
    expect(status.stdout).toMatch(new RegExp(`pid \\d+  ${wsA.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}  2 runs served`));
  });

  it('opens the workspace again, checked, when another process wrote to it, and refuses a damaged one untouched', async () => {
    expect(analyze(repo, wsA, out('warm.json')).code).toBe(0);
    await residentUp();
    // a run in another process (the workspace moves on without the resident)
    edit(repo, 4);
    const own = analyze(repo, wsA, out('own.json'), ['--no-daemon']);
    expect(own.code).toBe(0);
    edit(repo, 5);
    const handed = analyze(repo, wsA, out('handed.json'), ['--timings']);
    expect(handed.code, handed.stderr).toBe(0);
    expect(handed.stderr).toMatch(/run by the resident Seam/);
    const runOf = (s: string): number => Number(/recorded run (\d+)/.exec(s)![1]);
    expect(runOf(handed.stderr)).toBe(runOf(own.stderr) + 1);

    // damaged behind the resident's back: the resident's run fails as a new process would, and writes nothing
    const bytes = readFileSync(wsA);
    const damaged = Buffer.from(bytes);
    damaged.write('not a database at all', 0, 'latin1');
    writeFileSync(wsA, damaged);
    const before = sha256(readFileSync(wsA));
    const refused = analyze(repo, wsA, out('refused.json'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${wsA} is not a Seam workspace`);
    expect(sha256(readFileSync(wsA))).toBe(before);
    writeFileSync(wsA, bytes);

    // damaged inside, header intact: the page check runs again (the file is no longer as the resident left it)
    const again = analyze(repo, wsA, out('again.json'), ['--timings']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/run by the resident Seam/);
    const pages = readFileSync(wsA);
    const size = pages.readUInt16BE(16);
    for (let p = 1; p < pages.length / size; p++) pages.fill(0x5a, p * size + 8, p * size + 200);
    writeFileSync(wsA, pages);
    const inside = sha256(readFileSync(wsA));
    const refusedInside = analyze(repo, wsA, out('refused-inside.json'), ['--timings']);
    expect(refusedInside.code).toBe(2);
    expect(refusedInside.stderr).toContain(`${wsA} is damaged`);
    expect(sha256(readFileSync(wsA))).toBe(inside);
    writeFileSync(wsA, bytes);
  });

  it('leaves a run to its own process when the environment differs, and ends with seam daemon stop', async () => {
    expect(analyze(repo, wsA, out('c1.json')).code).toBe(0);
    await residentUp();
    const other = analyze(repo, wsA, out('c2.json'), ['--timings'], { PATH: `${process.env.PATH}:/nonexistent-seam-test` });
    expect(other.code).toBe(0);
    expect(other.stderr).not.toMatch(/run by the resident Seam/);
    const stop = runSeam(['daemon', 'stop'], { env: ENV });
    expect(stop.stdout).toContain(`stopped the resident Seam of ${wsA}`);
    expect(await residentsGone()).toBe(true);
    expect(runSeam(['daemon', 'status'], { env: ENV }).stdout).toContain('no resident Seam is running');
  });

  it('ends by itself after its idle time', async () => {
    expect(analyze(repo, wsA, out('d1.json'), [], { SEAM_DAEMON_IDLE_SECONDS: '1' }).code).toBe(0);
    await residentUp();
    expect(await residentsGone()).toBe(true);
  });

  it('answers only requests of its own build: garbage is dropped, another build ends it', async () => {
    expect(analyze(repo, wsA, out('e1.json')).code).toBe(0);
    await residentUp();
    const socket = join(dir, readdirSync(dir).find((n) => n.endsWith('.sock'))!);
    const send = (line: string): Promise<{ type: number; body: string }[]> =>
      new Promise((done) => {
        const frames: { type: number; body: string }[] = [];
        const reader = new FrameReader((type, body) => frames.push({ type, body: body.toString('utf8') }));
        const s = connect(socket, () => s.write(line));
        s.on('data', (c: Buffer) => reader.push(c));
        s.on('close', () => done(frames));
        s.on('error', () => done(frames));
      });
    expect(await send('{"kind":"analyze","argv":"not a list"}\n')).toEqual([]);
    expect(await send(`${'x'.repeat(300 * 1024)}`)).toEqual([]);
    const request = { kind: 'analyze', build: 'another-build', env: 'x', argv: ['analyze', repo], cwd: '/', stdout: { isTTY: false }, stderr: { isTTY: false }, startup: { wallMs: 1, cpuMs: 1 } };
    expect(await send(`${JSON.stringify(request)}\n`)).toEqual([{ type: FRAME.declined, body: 'build' }]);
    expect(await residentsGone()).toBe(true);
  });
});

describe('when no resident is used', () => {
  const repo = shopCopy('shop-c');
  const ws = join(tmp.dir, 'c.db');

  it('does not start one in CI, with --no-daemon, or when the sockets folder lets others in', async () => {
    const ci = runSeam(['analyze', repo, '--workspace', ws, '--no-history', '--out', join(tmp.dir, 'ci.json')], { env: { ...ENV, CI: 'true' } });
    expect(ci.code).toBe(0);
    expect(ci.stderr).not.toContain('resident');
    const flag = runSeam(['analyze', repo, '--workspace', ws, '--no-history', '--no-daemon', '--out', join(tmp.dir, 'flag.json')], { env: ENV });
    expect(flag.code).toBe(0);
    expect(flag.stderr).not.toContain('resident');
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755);
    try {
      const open = await runSeamAsync(['analyze', repo, '--workspace', ws, '--no-history', '--out', join(tmp.dir, 'open.json')], { env: ENV });
      expect(open.code).toBe(0);
      expect(open.stderr).not.toContain('resident');
      expect(readdirSync(dir).filter((n) => !n.endsWith('.log')), readdirSync(dir).map((n) => n + ': ' + readFileSync(join(dir, n), 'utf8').slice(0, 300)).join('\n')).toEqual([]);
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});

describe('frames', () => {
  it('are read back whole however the bytes arrive', () => {
    const bytes = Buffer.concat([frame(FRAME.stderr, 'a line\n'), frame(FRAME.stdout, 'x'.repeat(70_000)), frame(FRAME.exit, '0')]);
    const got: [number, number][] = [];
    const reader = new FrameReader((type, body) => got.push([type, body.length]));
    for (let i = 0; i < bytes.length; i += 997) reader.push(bytes.subarray(i, i + 997));
    expect(got).toEqual([
      [FRAME.stderr, 7],
      [FRAME.stdout, 70_000],
      [FRAME.exit, 1],
    ]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/cli/progress.js';
import { stageTimings } from '../../src/cli/timings.js';
import { runSeam } from '../support/run-seam.js';

const tmp = mkdtempSync(join(tmpdir(), 'seam-reporting-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A stderr stand-in that records what is written. */
function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, text: '', write: (chunk: string) => ((s.text += chunk), true) };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

function feed(report: ReturnType<typeof progressReporter>): void {
  report?.('walk', 0, 1);
  report?.('walk', 1, 1);
  for (let done = 100; done <= 5000; done += 100) report?.('parse', done, 5000);
  report?.('link', 0, 2);
  report?.('link', 2, 2);
}

describe('progress on stderr', () => {
  it('redraws one line in place on a terminal, and clears it when each stage ends', () => {
    const err = stream(true);
    feed(progressReporter({ label: 'seam analyze' }, err, {}));
    expect(err.text.startsWith('\r\x1b[2Kseam analyze: walk 0/1 (')).toBe(true);
    expect(err.text).toContain('seam analyze: parse 100/5000 (');
    expect(err.text.endsWith('\r\x1b[2K')).toBe(true);
    expect(err.text).not.toContain('\n');
  });

  it('is silent off a terminal, for JSON output and in CI logs, and with --no-progress', () => {
    expect(progressReporter({}, stream(false), {})).toBeUndefined();
    expect(progressReporter({ json: true }, stream(true), {})).toBeUndefined();
    expect(progressReporter({}, stream(true), { CI: 'true' })).toBeUndefined();
    expect(progressReporter({ flag: false }, stream(true), {})).toBeUndefined();
  });

  it('writes plain, throttled lines in a CI log when asked with --progress', () => {
    const err = stream(false);
    feed(progressReporter({ flag: true, json: true, label: 'seam check' }, err, { CI: 'true' }));
    const lines = err.text.trimEnd().split('\n').map((l) => l.replace(/ \([0-9.]+ s\)$/, ''));
    expect(lines).toEqual(['seam check: walk 0/1', 'seam check: parse 100/5000', 'seam check: parse done 5000/5000', 'seam check: link 0/2', 'seam check: link done 2/2']);
    expect(err.text).not.toContain('\x1b');
  });
});

describe('--timings', () => {
  it('sums each stage, synchronous or not, and lists them in the order they started, with start-up, other and the total', async () => {
    const t = stageTimings();
    expect(t.time('walk', () => 42)).toBe(42);
    await t.time('link git-history (history)', async () => new Promise((r) => setTimeout(r, 20)));
    t.time('walk', () => undefined);
    const rows = t.report().split('\n');
    expect(rows[0]).toMatch(/^seam timings: wall time per stage/);
    expect(rows.slice(1, -1).map((r) => r.trim().split(/\s+/)[0])).toEqual(['start-up', 'walk', 'link', 'other', 'total']);
    const stage = (name: string) => {
      const m = rows.find((r) => r.startsWith(`  ${name} `))?.match(/^ {2}(.+?) +([0-9.]+) s +(\d+) % +([0-9.]+) s$/);
      return m ? { wall: Number(m[2]), share: Number(m[3]), cpu: Number(m[4]) } : undefined;
    };
    // the awaited stage counts its wall time, however little CPU it used
    expect(stage('link git-history (history)')!.wall).toBeGreaterThanOrEqual(0.02);
    expect(stage('walk')).toMatchObject({ wall: expect.any(Number), cpu: expect.any(Number) });
    expect(rows.at(-2)).toMatch(/^ {2}total +[0-9.]+ s +[0-9.]+ s +peak RSS \d+ MiB$/);
  });

  it('prints the profile of a real run on stderr and leaves the document unchanged', () => {
    const plain = runSeam(['analyze', 'fixtures/monoliths/shop', '--format', 'json', '--no-history']);
    const timed = runSeam(['analyze', 'fixtures/monoliths/shop', '--format', 'json', '--no-history', '--timings']);
    expect(timed.code).toBe(0);
    expect(timed.stdout).toBe(plain.stdout);
    const stages = timed.stderr.split('\n').slice(1).map((l) => l.trim().split(/\s{2,}|\s(?=\d)/)[0]);
    for (const s of ['start-up', 'walk', 'parse', 'resolve', 'symbols', 'graph', 'kernel+cluster', 'metrics', 'output', 'other', 'total']) expect(stages).toContain(s);
    expect(timed.stderr).toMatch(/link express \(routes\)/);
    expect(timed.stderr).toMatch(/link git-history \(history\)/);
  });

  it('is accepted by every command that runs the pipeline', () => {
    for (const command of ['init', 'analyze', 'export', 'plan', 'check']) {
      const r = runSeam([command, '--help']);
      expect(r.stdout, command).toContain('--timings');
      expect(r.stdout, command).toContain('--progress');
    }
    const out = join(tmp, 'export');
    const r = runSeam(['export', 'fixtures/monoliths/shop', '--out', out, '--no-history', '--timings']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\n {2}hints +[0-9.]+ s/);
    expect(r.stderr).toMatch(/\n {2}plan +[0-9.]+ s/);
    expect(r.stderr).toMatch(/\n {2}render +[0-9.]+ s/);
  });
});

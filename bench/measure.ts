/** Run a command as a child process and measure wall time and peak RSS (via bench/rss-probe.mjs). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Measurement {
  seconds: number;
  rssMiB: number;
}

const PROBE = pathToFileURL(join(import.meta.dirname, '..', '..', 'bench', 'rss-probe.mjs')).href;

/** `okCodes`: exit codes that are not failures (a checker exits 1 on findings). */
export function measureNode(script: string, args: string[], cwd: string, okCodes: readonly number[] = [0]): Measurement {
  const dir = mkdtempSync(join(tmpdir(), 'seam-bench-'));
  const rssFile = join(dir, 'rss.json');
  try {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', PROBE, script, ...args], {
      cwd,
      env: { ...process.env, SEAM_BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (!okCodes.includes(r.status ?? -1)) throw new Error(`${script} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
    const { maxRssKiB } = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssKiB: number };
    return { seconds, rssMiB: maxRssKiB / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function measureMedian(runs: number, script: string, args: string[], cwd: string): Measurement {
  const ms: Measurement[] = [];
  for (let i = 0; i < runs; i++) ms.push(measureNode(script, args, cwd));
  return { seconds: median(ms.map((m) => m.seconds)), rssMiB: median(ms.map((m) => m.rssMiB)) };
}

export interface PairedMeasurement {
  a: Measurement;
  b: Measurement;
  /** medians of the per-pair ratios a / b: each pair ran back to back, so load shifts cancel */
  timeRatio: number;
  rssRatio: number;
}

/**
 * A B A B ...: `runs` pairs after one warm-up of each (file cache, JIT of nothing: new processes),
 * medians of each side and of the ratios within each pair. On a shared, noisy machine only the
 * ratios mean something.
 */
export function measurePairs(runs: number, a: () => Measurement, b: () => Measurement): PairedMeasurement {
  a();
  b();
  const as: Measurement[] = [];
  const bs: Measurement[] = [];
  for (let i = 0; i < runs; i++) {
    as.push(a());
    bs.push(b());
  }
  const med = (ms: Measurement[]): Measurement => ({ seconds: median(ms.map((m) => m.seconds)), rssMiB: median(ms.map((m) => m.rssMiB)) });
  return {
    a: med(as),
    b: med(bs),
    timeRatio: median(as.map((m, i) => m.seconds / bs[i]!.seconds)),
    rssRatio: median(as.map((m, i) => m.rssMiB / bs[i]!.rssMiB)),
  };
}

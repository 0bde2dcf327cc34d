/**
 * `--timings`: where the seconds of one run go, stage by stage, printed to stderr when the command
 * ends. The composers (`runPipeline`, `extractRun`, the host's workspace analysis) wrap each stage
 * in the timer; this shell is the only place that reads the clock.
 *
 * "start-up" is the time from the process's start to the command's start (Node itself and loading
 * Seam's modules, TypeScript's compiler among them); "other" is what no stage claims (argument and
 * config handling, serializing and writing the output).
 */
import { performance } from 'node:perf_hooks';
import type { StageTimer } from '../../analyzers/types.js';

export interface StageTimings {
  time: StageTimer;
  /** the table, one stage a line, with the share of the wall time and the peak RSS */
  report(): string;
}

/** CPU time of this process (all its threads), in milliseconds. */
function cpuMillis(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * `origin`: the command runs for another process (the resident Seam): start-up is that process's,
 * and the clock runs from now.
 */
export function stageTimings(origin?: { wallMs: number; cpuMs: number; by: string }): StageTimings {
  const began = { wall: performance.now(), cpu: cpuMillis() };
  const startup = origin ? { wall: origin.wallMs, cpu: origin.cpuMs } : began;
  const since = (): { wall: number; cpu: number } => ({ wall: startup.wall + performance.now() - began.wall, cpu: startup.cpu + cpuMillis() - began.cpu });
  const totals = new Map<string, { wall: number; cpu: number }>();
  const add = (stage: string, since: { wall: number; cpu: number }): void => {
    const t = totals.get(stage)!;
    t.wall += performance.now() - since.wall;
    t.cpu += cpuMillis() - since.cpu;
  };
  const time: StageTimer = (stage, run) => {
    if (!totals.has(stage)) totals.set(stage, { wall: 0, cpu: 0 }); // listed in the order the stages start
    const since = { wall: performance.now(), cpu: cpuMillis() };
    const out = run();
    if (out instanceof Promise) return out.finally(() => add(stage, since)) as typeof out;
    add(stage, since);
    return out;
  };
  const report = (): string => {
    const { wall, cpu } = since();
    const rows: [string, { wall: number; cpu: number }][] = [['start-up', startup], ...totals];
    const claimed = rows.reduce((s, [, t]) => ({ wall: s.wall + t.wall, cpu: s.cpu + t.cpu }), { wall: 0, cpu: 0 });
    rows.push(['other', { wall: Math.max(0, wall - claimed.wall), cpu: Math.max(0, cpu - claimed.cpu) }]);
    const width = Math.max(...rows.map(([s]) => s.length), 5);
    const secs = (ms: number): string => (ms / 1000).toFixed(2).padStart(7);
    const line = (name: string, t: { wall: number; cpu: number }): string => `  ${name.padEnd(width)} ${secs(t.wall)} s ${((100 * t.wall) / wall).toFixed(0).padStart(4)} %  ${secs(t.cpu)} s\n`;
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    return (
      `seam timings: wall time per stage, its share, and the CPU time this process spent in it (child processes such as git not counted)\n` +
      (origin ? `  (run by ${origin.by}: start-up is this command's own process; the stages and the peak RSS are the resident's)\n` : '') +
      rows.map(([s, t]) => line(s, t)).join('') +
      `  ${'total'.padEnd(width)} ${secs(wall)} s        ${secs(cpu)} s   peak RSS ${peakMiB.toFixed(0)} MiB\n`
    );
  };
  return { time, report };
}

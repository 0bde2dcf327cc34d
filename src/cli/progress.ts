import { escapeForTerminal } from '../shared/terminal-text.js';
import type { OutStream } from './io.js';

/**
 * Progress on stderr for long runs. Shown on a terminal, redrawn in place; silent when the
 * command's output is JSON, in CI logs (`CI` set) and when stderr is not a terminal, unless asked
 * for with `--progress` (then, off a terminal, one plain line per stage and at most one every few
 * seconds, so a log stays readable). `--no-progress` silences it everywhere.
 */
export type ProgressCallback = (stage: string, done: number, total: number) => void;

export interface ProgressChoice {
  /** `--progress` / `--no-progress`; undefined when neither was given */
  flag?: boolean | undefined;
  /** the command writes JSON (to stdout or a file) */
  json?: boolean;
  label?: string;
}

/** How often a plain (non-terminal) progress log may print a line within one stage. */
const LOG_EVERY_MS = 5000;
/** How often a terminal line is redrawn. */
const REDRAW_EVERY_MS = 80;

export function progressReporter(choice: ProgressChoice = {}, stream: OutStream = process.stderr, env: NodeJS.ProcessEnv = process.env): ProgressCallback | undefined {
  const tty = stream.isTTY === true;
  const wanted = choice.flag ?? (tty && !choice.json && !env.CI);
  if (!wanted) return undefined;
  const label = choice.label ?? 'seam';
  const started = Date.now();
  const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  let last = 0;
  let lastStage = '';
  if (tty) {
    return (stage, done, total) => {
      const now = Date.now();
      const finished = done >= total;
      if (!finished && stage === lastStage && now - last < REDRAW_EVERY_MS) return;
      last = now;
      lastStage = stage;
      // a finished stage clears its line: nothing is left behind when the run ends
      stream.write(finished ? '\r\x1b[2K' : `\r\x1b[2K${label}: ${escapeForTerminal(stage)} ${done}/${total} (${elapsed()})`);
    };
  }
  return (stage, done, total) => {
    const now = Date.now();
    if (done >= total && total > 1) {
      stream.write(`${label}: ${escapeForTerminal(stage)} done ${done}/${total} (${elapsed()})\n`);
      return;
    }
    if (stage === lastStage && now - last < LOG_EVERY_MS) return;
    if (done >= total) return;
    last = now;
    lastStage = stage;
    stream.write(`${label}: ${escapeForTerminal(stage)} ${done}/${total} (${elapsed()})\n`);
  };
}

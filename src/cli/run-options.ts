/**
 * The flags that say how a run reports on itself (stderr only, never in the output document):
 * progress and per-stage timings. Every command that runs the pipeline takes them.
 */
import type { StageTimer } from '../../analyzers/types.js';
import type { OptionSpec } from './args.js';
import { processIo, type CommandIo } from './io.js';
import { progressReporter, type ProgressCallback } from './progress.js';
import { stageTimings } from './timings.js';

export const RUN_OPTIONS: OptionSpec = {
  progress: { type: 'boolean' },
  timings: { type: 'boolean' },
};

export const RUN_HELP = `Reporting on the run (stderr; the output stays the same):
  --progress / --no-progress  show progress (default: on a terminal, unless the output is JSON or CI is set)
  --timings             when done, print where the time went: start-up, walk, parse, resolve, symbols,
                        each plugin's link, graph, kernel+cluster, metrics, plan, render, peak RSS`;

export interface RunReporting {
  /** spread into `runPipeline`'s input */
  pipeline: { onProgress?: ProgressCallback; time?: StageTimer };
  /** prints the timings, when asked for */
  done(): void;
}

export function runReporting(command: string, values: Record<string, unknown>, output: { json: boolean }, io: CommandIo = processIo()): RunReporting {
  const onProgress = progressReporter({ flag: typeof values.progress === 'boolean' ? values.progress : undefined, json: output.json, label: `seam ${command}` }, io.stderr, io.env);
  const timings = values.timings === true ? stageTimings(io.origin) : undefined;
  return {
    pipeline: { ...(onProgress ? { onProgress } : {}), ...(timings ? { time: timings.time } : {}) },
    done: () => {
      if (timings) io.stderr.write(timings.report());
    },
  };
}

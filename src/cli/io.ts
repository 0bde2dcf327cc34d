/**
 * Where a command writes and what it knows of its caller: this process's streams, or, in the
 * resident Seam (src/cli/daemon), the streams of the `seam` process that handed it the command.
 */
export interface OutStream {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
}

export interface CommandIo {
  stdout: OutStream;
  stderr: OutStream;
  env: NodeJS.ProcessEnv;
  /**
   * When the command runs for another process: that process's start-up (wall and CPU
   * milliseconds, for --timings) and who ran the command.
   */
  origin?: { wallMs: number; cpuMs: number; by: string };
}

export function processIo(): CommandIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** How a command's error reaches the user, and the exit code it maps to (see main.ts). */
import { SeamError } from '../shared/errors.js';
import { escapeForTerminal } from '../shared/terminal-text.js';
import type { OutStream } from './io.js';

export function reportCommandError(name: string, err: unknown, stderr: OutStream): number {
  if (err instanceof SeamError) {
    // messages quote file, module and service names from the repository
    stderr.write(`seam ${name}: ${escapeForTerminal(err.message)}\n`);
    return err.exitCode;
  }
  const trace = ((err as Error).stack ?? String(err)).split('\n').map(escapeForTerminal).join('\n');
  stderr.write(`seam ${name}: internal error: ${trace}\nPlease report this with the command you ran.\n`);
  return 3;
}

/**
 * `seam` command line: parse arguments, run one command, map errors to exit codes
 * (0 ok, 1 findings, 2 unusable input, 3 internal error). Commands live in their own files.
 */
import { SeamError } from '../shared/errors.js';
import { escapeForTerminal } from '../shared/terminal-text.js';
import { SEAM_VERSION } from '../shared/version.js';
import { commands } from './commands.js';

const USAGE = `seam ${SEAM_VERSION} — find the seams in a TypeScript monolith

Usage: seam <command> [options]

Commands:
${Object.values(commands).map((c) => `  ${c.usage.padEnd(34)} ${c.summary}`).join('\n')}

Run 'seam <command> --help' for a command's options.
Exit codes: 0 ok, 1 findings, 2 unusable input, 3 internal error.
`;

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${SEAM_VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`seam: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  const { help, run } = await command.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(help);
    return 0;
  }
  try {
    return await run(rest);
  } catch (err) {
    if (err instanceof SeamError) {
      // messages quote file, module and service names from the repository
      process.stderr.write(`seam ${name}: ${escapeForTerminal(err.message)}\n`);
      return err.exitCode;
    }
    const trace = ((err as Error).stack ?? String(err)).split('\n').map(escapeForTerminal).join('\n');
    process.stderr.write(`seam ${name}: internal error: ${trace}\nPlease report this with the command you ran.\n`);
    return 3;
  }
}

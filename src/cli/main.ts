/**
 * `seam` command line: parse arguments, run one command, map errors to exit codes
 * (0 ok, 1 findings, 2 unusable input, 3 internal error). Commands live in their own files.
 */
import { SEAM_VERSION } from '../shared/version.js';
import { reportCommandError } from './command-error.js';
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
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  // a workspace's resident Seam takes `seam analyze --workspace` when there is one (src/cli/daemon),
  // before this process loads the engine
  const resident = name === 'analyze' && !wantsHelp ? await import('./daemon/client.js') : undefined;
  const handed = resident ? await resident.analyzeInResident(rest, process.env) : {};
  if (handed.exitCode !== undefined) return handed.exitCode;
  const { help, run } = await command.load();
  if (wantsHelp) {
    process.stdout.write(help);
    return 0;
  }
  const code = await runHere(name, run, rest);
  if (code === 0 && resident && handed.startAfter) resident.startResident(handed.startAfter, process.env);
  return code;
}

async function runHere(name: string, run: (argv: readonly string[]) => Promise<number>, rest: readonly string[]): Promise<number> {
  try {
    return await run(rest);
  } catch (err) {
    return reportCommandError(name, err, process.stderr);
  }
}

/** Argument parsing for every command: node's parseArgs, with errors that say what to do. */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../shared/errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs(command: string, argv: readonly string[], options: OptionSpec): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const r = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true, allowNegative: true });
    return { values: r.values as Record<string, string | boolean | string[] | undefined>, positionals: r.positionals };
  } catch (err) {
    throw new InputError(`${(err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, '')}; run 'seam ${command} --help' for the options`, 'usage');
  }
}

export function numberOption(command: string, name: string, raw: unknown, check: (n: number) => boolean, what: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) throw new InputError(`--${name} must be ${what} (got '${String(raw)}'); run 'seam ${command} --help'`, 'usage');
  return n;
}

export function formatOption(command: string, raw: unknown, allowed: readonly string[], fallback: string): string {
  const f = raw === undefined ? fallback : String(raw);
  if (!allowed.includes(f)) throw new InputError(`--format must be one of ${allowed.join(', ')} (got '${f}')`, 'usage');
  return f;
}

/** Read a JSON file named by a flag (`--weights`, `--from`, `--cut`): errors name the flag and the file. */
export function readJson(file: string, flag: string): unknown {
  let text: string;
  try {
    // a FIFO or a device would block the read: only regular files are opened
    if (!statSync(file).isFile()) throw new InputError(`${flag}: ${file} is not a regular file; pass a JSON file`, 'usage');
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${flag}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'usage');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`${flag}: ${file} is not valid JSON (${(err as Error).message})`, 'usage');
  }
}

/**
 * Running git on an untrusted repository. The repository's own config can name programs for
 * git to run (fsmonitor, hooks, external diff and textconv drivers, pagers, gpg, credential
 * helpers, lazy fetches in partial clones), so every call turns those off on the command line,
 * where `-c` outranks the repository's config, and runs git without a shell.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const SAFETY_CONFIG = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'diff.external=',
  'log.showSignature=false',
  'credential.helper=',
  // no transport at all: a partial clone must not fetch missing blobs (and run core.sshCommand)
  'protocol.allow=never',
  // output shape must not depend on the repository's preferences
  'color.ui=false',
  'diff.relative=false',
  'log.showRoot=true',
  'i18n.logOutputEncoding=UTF-8',
  // bound the quadratic inexact rename detection on huge commits
  'diff.renameLimit=1000',
];

export class GitError extends Error {
  constructor(
    message: string,
    /** true when the git executable itself could not be started */
    readonly missing: boolean,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

export function gitArgs(args: readonly string[]): string[] {
  return ['--no-pager', ...SAFETY_CONFIG.flatMap((c) => ['-c', c]), ...args];
}

/** The caller's environment without anything that points git elsewhere or configures it. */
export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('GIT_')) env[key] = value;
  }
  env.GIT_CONFIG_NOSYSTEM = '1';
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_NO_LAZY_FETCH = '1';
  env.GIT_OPTIONAL_LOCKS = '0';
  env.LC_ALL = 'C';
  return env;
}

/**
 * Run `git <args>` in `cwd` (with `input` on its stdin, if given), handing stdout to `onText` as
 * UTF-8 text in chunks as it arrives (nothing is buffered beyond one chunk). Resolves when git
 * exits 0; rejects with a GitError carrying git's first line of stderr otherwise.
 */
export function streamGit(cwd: string, args: readonly string[], onText: (text: string) => void, input?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', gitArgs(args), { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    // git stops reading when it fails: a broken pipe then is that failure, reported on close
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
    const decoder = new StringDecoder('utf8');
    let stderr = '';
    let failed = false;
    const fail = (err: GitError): void => {
      if (failed) return;
      failed = true;
      child.kill();
      reject(err);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        onText(decoder.write(chunk));
      } catch (err) {
        fail(new GitError(err instanceof Error ? err.message : String(err), false));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      fail(new GitError(err.code === 'ENOENT' ? 'git is not installed or not on PATH' : err.message, err.code === 'ENOENT'));
    });
    child.on('close', (code) => {
      if (failed) return;
      if (code === 0) {
        try {
          const rest = decoder.end();
          if (rest) onText(rest);
          resolve();
        } catch (err) {
          fail(new GitError(err instanceof Error ? err.message : String(err), false));
        }
        return;
      }
      const firstLine = stderr.split('\n').find((l) => l.trim() !== '')?.trim();
      fail(new GitError(firstLine ?? `git ${args[0] ?? ''} exited with code ${String(code)}`, false));
    });
  });
}

/** Run a git command with small output and return its stdout. */
export async function runGit(cwd: string, args: readonly string[]): Promise<string> {
  let out = '';
  await streamGit(cwd, args, (text) => {
    out += text;
  });
  return out;
}

/** The first line of git's stderr, or what failed, as a GitError. */
function gitFailure(args: readonly string[], code: number | null, stderr: string): GitError {
  const firstLine = stderr.split('\n').find((l) => l.trim() !== '')?.trim();
  return new GitError(firstLine ?? `git ${args[0] ?? ''} exited with code ${String(code)}`, false);
}

/** Run a git command with small output, blocking, and return its stdout (for what must be known before the parse begins). */
export function runGitSync(cwd: string, args: readonly string[]): string {
  const r = spawnSync('git', gitArgs(args), { cwd, env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'], shell: false, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.error) {
    const err = r.error as NodeJS.ErrnoException;
    throw new GitError(err.code === 'ENOENT' ? 'git is not installed or not on PATH' : err.message, err.code === 'ENOENT');
  }
  if (r.status !== 0) throw gitFailure(args, r.status, r.stderr);
  return r.stdout;
}

/**
 * Start `git <args>` with its stdout written to `file`, and return at once. Git then runs on its
 * own, however long the main thread is busy (a pipe would fill up and stop it until the event
 * loop reads it). Resolves with undefined when git exits 0, with a GitError otherwise.
 */
export function gitToFile(cwd: string, args: readonly string[], file: string): Promise<GitError | undefined> {
  const fd = openSync(file, 'w');
  try {
    const child = spawn('git', gitArgs(args), { cwd, env: gitEnv(), stdio: ['ignore', fd, 'pipe'], shell: false });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    return new Promise((resolve) => {
      child.on('error', (err: NodeJS.ErrnoException) => resolve(new GitError(err.code === 'ENOENT' ? 'git is not installed or not on PATH' : err.message, err.code === 'ENOENT')));
      child.on('close', (code) => resolve(code === 0 ? undefined : gitFailure(args, code, stderr)));
    });
  } finally {
    closeSync(fd);
  }
}

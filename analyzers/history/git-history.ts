/**
 * Git history: which modules change together (Code Maat change coupling), how often each module
 * changed, and who changed it. Reads `git log` of HEAD, skipping merges, following renames, and
 * works when the analyzed folder is a subfolder of the repository.
 *
 * The size cap (`maxFilesPerCommit`) applies to every file a commit touched in the repository,
 * not only to the analyzed modules: a commit that rewrites 200 files is sweeping even if only
 * three of them are TypeScript modules under the analyzed folder.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Analyzer, ExtractOptions, FactsContribution, LinkContext } from '../types.js';
import { ChangeCouplingCounter, DEFAULT_COUPLING_OPTIONS, type CouplingOptions } from './change-coupling.js';
import { GitLogParser, LOG_FORMAT } from './git-log.js';
import { GitError, gitToFile, runGit, runGitSync, streamGit } from './safe-git.js';

const NO_HISTORY: FactsContribution = { history: null, coChange: [], authors: [] };

export function couplingOptions(options: ExtractOptions): CouplingOptions {
  return { ...DEFAULT_COUPLING_OPTIONS, ...definedOnly(options.coChange ?? {}) };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

interface Checkout {
  /** the analyzed folder relative to the repository root, `''` or ending in `/` */
  prefix: string;
  head: string;
  /** a shallow clone: the history stops at its grafted commits */
  shallow: boolean;
  /** a partial clone (`--filter=blob:none`): old file contents are not on this machine */
  partial: boolean;
}

/**
 * Where the analyzed folder sits in its repository, or why there is no history to read. Blocking
 * (two short git calls; three when there is no history, to say why): it runs before the parse, so
 * that `git log` can start beside it.
 */
function locate(rootDir: string): Checkout | { reason: string } {
  let lines: string[] = [];
  // the common case in one call: a work tree with commits (four lines, HEAD's commit last)
  let head: string | undefined;
  try {
    lines = runGitSync(rootDir, ['rev-parse', '--is-inside-work-tree', '--show-prefix', '--is-shallow-repository', '--verify', '--end-of-options', 'HEAD^{commit}']).split('\n');
    if (lines[0] === 'true' && /^[0-9a-f]{40,64}$/.test(lines[3] ?? '')) head = lines[3]!;
  } catch {
    // not a repository, no commit yet, no git: asked one by one below, to say which
  }
  if (head === undefined) {
    const asked = locateStepByStep(rootDir);
    if ('reason' in asked) return asked;
    lines = asked.lines;
    head = asked.head;
  }
  const prefix = lines[1] ?? '';
  const shallow = lines[2] === 'true';
  let partial = false;
  try {
    // `git clone --filter=...` marks the remote it cloned from as a promisor of the objects it left
    // out (https://git-scm.com/docs/partial-clone); older layouts set extensions.partialClone
    const found = runGitSync(rootDir, ['config', '--get-regexp', '^(remote\\..*\\.promisor|extensions\\.partialclone)$']);
    partial = found.split('\n').some((l) => l.trim() !== '' && !/\sfalse$/i.test(l.trim()));
  } catch {
    partial = false; // exit 1: none set
  }
  return { prefix, head, shallow, partial };
}

function locateStepByStep(rootDir: string): { lines: string[]; head: string } | { reason: string } {
  let lines: string[];
  try {
    lines = runGitSync(rootDir, ['rev-parse', '--is-inside-work-tree', '--show-prefix', '--is-shallow-repository']).split('\n');
  } catch (err) {
    if (err instanceof GitError) return { reason: err.missing ? 'git is not installed' : `the folder is not in a git repository (${err.message})` };
    throw err;
  }
  if (lines[0] !== 'true') return { reason: 'the folder is not inside a git work tree' };
  try {
    return { lines, head: runGitSync(rootDir, ['rev-parse', '--verify', '--end-of-options', 'HEAD^{commit}']).trim() };
  } catch {
    return { reason: 'the repository has no commits yet' };
  }
}

/** Commits whose objects are missing are skipped, one by one, up to this many; then reading stops. */
const MAX_SKIPPED_COMMITS = 20;

/** `git log` of HEAD, names and statuses only, newest first; the first commits it shows are read first. */
function logArgs(where: Checkout): string[] {
  // Only the names of the files each commit touched are read (no diffs), so no file content is
  // needed, except for rename detection by similarity (-M), which compares the contents of the
  // files a commit deleted and added. A partial clone has no old contents (and Seam never lets
  // git fetch them: GIT_NO_LAZY_FETCH, protocol.allow=never in safe-git.ts), so there only
  // exact renames (-M100%: same blob id, no content read) are followed.
  const renames = where.partial ? '-M100%' : '-M';
  return ['log', '-z', '--no-merges', '--date-order', '--name-status', renames, '--no-ext-diff', '--no-textconv', '--no-color', `--format=${LOG_FORMAT}`];
}

function headLogArgs(where: Checkout): string[] {
  return [
    ...logArgs(where),
    // --date-order: never a parent before its children, whatever the committer clocks said,
    // so every rename is seen before the older commits that used the old name
    where.head, '--',
    // a subfolder of a bigger repository: read only the commits that touch it
    ...(where.prefix ? [`:(top,literal)${where.prefix}`] : []),
  ];
}

/** `git log` started before the parse, writing to a temporary file (see `start`). */
export interface StartedLog {
  where: Checkout | { reason: string };
  log?: { file: string; exit: Promise<GitError | undefined>; dispose: () => void };
}

/**
 * Locate the checkout and start `git log` at once, its output going to a temporary file: on a
 * large repository git needs seconds (4 s on gauzy), which it then spends on another core while
 * the main thread parses. Link reads the file; without it (a caller that did not start it, or a
 * temporary folder that cannot be written), link streams git's output itself.
 */
export function startGitLog(rootDir: string, options: ExtractOptions): StartedLog | undefined {
  if (options.history === false) return undefined;
  const where = locate(rootDir);
  if ('reason' in where) return { where };
  let dir: string | undefined;
  const remove = (): void => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    dir = mkdtempSync(join(tmpdir(), 'seam-git-log-'));
    const file = join(dir, 'log');
    const exit = gitToFile(rootDir, headLogArgs(where), file);
    // a run that fails before link leaves nothing behind
    process.once('exit', remove);
    return { where, log: { file, exit, dispose: () => { process.off('exit', remove); remove(); } } };
  } catch {
    remove();
    return { where };
  }
}

/** Feed a file to the parser in 1 MiB chunks (the whole log never sits in memory as one string). */
function readLogFile(file: string, onText: (text: string) => void): void {
  const fd = openSync(file, 'r');
  try {
    const decoder = new StringDecoder('utf8');
    const chunk = Buffer.alloc(1024 * 1024);
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) onText(decoder.write(chunk.subarray(0, n)));
    const rest = decoder.end();
    if (rest) onText(rest);
  } finally {
    closeSync(fd);
  }
}

export async function readGitHistory(ctx: LinkContext, started?: StartedLog): Promise<FactsContribution> {
  try {
    return await readHistory(ctx, started);
  } finally {
    started?.log?.dispose();
  }
}

async function readHistory(ctx: LinkContext, started: StartedLog | undefined): Promise<FactsContribution> {
  if (ctx.options.history === false) return NO_HISTORY;
  const where = started?.where ?? locate(ctx.rootDir);
  if ('reason' in where) {
    ctx.report({
      severity: 'info',
      code: 'no-git-history',
      message: `history-based coupling is off: ${where.reason}. Run Seam inside a git clone of the repository (with its history) to enable it.`,
    });
    return NO_HISTORY;
  }

  const options = couplingOptions(ctx.options);
  const counter = new ChangeCouplingCounter(ctx.modules, options);
  const { prefix } = where;
  const read = new Set<string>();
  let last: string | undefined;
  // the fallback reads every path and filters here; a commit that touched nothing under the
  // analyzed folder is not one the path-limited log would have shown
  let skipEmpty = false;
  const parser = new GitLogParser((commit) => {
    read.add(commit.hash);
    last = commit.hash;
    const modules: string[] = [];
    let touched = 0;
    for (const path of commit.paths) {
      if (!path.startsWith(prefix)) continue;
      touched++;
      modules.push(path.slice(prefix.length));
    }
    if (skipEmpty && touched === 0) return;
    counter.add(commit.author, modules, touched);
  });
  if (where.partial) {
    ctx.report({
      severity: 'info',
      code: 'git-partial-clone',
      message: 'this is a partial clone (file contents of past commits are not here): history follows only renames that kept the content unchanged; a full clone also follows renames with edits',
    });
  }

  let failure: GitError | undefined;
  const log = started?.log;
  if (log) {
    // what git wrote before it stopped (if it failed) is read, as from the stream below
    failure = await log.exit;
    try {
      readLogFile(log.file, (text) => parser.write(text));
    } catch (err) {
      failure = new GitError(err instanceof Error ? err.message : String(err), false);
    }
  } else {
    try {
      await streamGit(ctx.rootDir, headLogArgs(where), (text) => parser.write(text));
    } catch (err) {
      if (!(err instanceof GitError)) throw err;
      failure = err;
    }
  }
  parser.end();

  const skipped: string[] = [];
  if (failure) {
    // An object git cannot read (a corrupt or incomplete repository, a blob a partial clone lacks)
    // stops `git log`. Keep what was read, and read the remaining commits, in the same order,
    // commit by commit from a list git makes from the commit objects alone, skipping each one
    // whose trees or blobs are missing.
    let commits: string[] | undefined;
    try {
      commits = (await runGit(ctx.rootDir, ['rev-list', '--no-merges', '--date-order', where.head])).split('\n').filter((l) => l !== '');
    } catch (err) {
      if (!(err instanceof GitError)) throw err;
    }
    if (!commits) {
      ctx.report({ severity: 'warning', code: 'git-history-failed', message: `reading git history failed after ${read.size} commits, so history-based coupling uses only those: ${failure.message}` });
    } else {
      skipEmpty = true;
      const index = new Map(commits.map((h, i) => [h, i]));
      let pos = 0;
      for (const h of read) pos = Math.max(pos, (index.get(h) ?? -1) + 1);
      while (pos < commits.length && skipped.length <= MAX_SKIPPED_COMMITS) {
        last = undefined;
        let ok = true;
        try {
          await streamGit(ctx.rootDir, [...logArgs(where), '--stdin', '--no-walk=unsorted'], (text) => parser.write(text), `${commits.slice(pos).join('\n')}\n`);
        } catch (err) {
          if (!(err instanceof GitError)) throw err;
          ok = false;
        }
        parser.end();
        if (ok) break;
        // git shows a commit once all its names are read: the one after the last shown is unreadable
        const bad = last === undefined ? pos : (index.get(last) ?? pos - 1) + 1;
        if (bad < commits.length) skipped.push(commits[bad]!);
        pos = bad + 1;
      }
      const stopped = pos < commits.length && skipped.length > MAX_SKIPPED_COMMITS;
      ctx.report({
        severity: 'warning',
        code: 'git-history-incomplete',
        message: `git could not read every commit (${failure.message}): ${skipped.length} commit${skipped.length === 1 ? '' : 's'} skipped (${skipped.slice(0, 3).map((h) => h.slice(0, 12)).join(', ')}${skipped.length > 3 ? ', ...' : ''})${stopped ? ` and reading stopped after ${MAX_SKIPPED_COMMITS}` : ''}; co-change counts the rest. Run 'git fsck' to find the missing objects.`,
      });
    }
  }
  if (where.shallow) {
    ctx.report({
      severity: 'info',
      code: 'git-shallow-clone',
      message: `this is a shallow clone: history-based coupling sees only the ${read.size} commit${read.size === 1 ? '' : 's'} it has; run 'git fetch --unshallow' for the full history`,
    });
  }

  const result = counter.result();
  return {
    history: {
      head: where.head,
      commitsRead: result.commitsRead,
      commitsIgnored: result.commitsIgnored,
      options,
      revisions: result.revisions,
    },
    coChange: result.coChange,
    authors: result.authors,
  };
}

export const gitHistory: Analyzer = {
  name: 'git-history',
  concern: 'history',
  start: (rootDir, options) => startGitLog(rootDir, options),
  link: (ctx, _locals, started) => readGitHistory(ctx, started as StartedLog | undefined),
};

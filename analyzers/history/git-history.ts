/**
 * Git history: which modules change together (Code Maat change coupling), how often each module
 * changed, and who changed it. Reads `git log` of HEAD, skipping merges, following renames, and
 * works when the analyzed folder is a subfolder of the repository.
 *
 * The size cap (`maxFilesPerCommit`) applies to every file a commit touched in the repository,
 * not only to the analyzed modules: a commit that rewrites 200 files is sweeping even if only
 * three of them are TypeScript modules under the analyzed folder.
 */
import type { Analyzer, ExtractOptions, FactsContribution, LinkContext } from '../types.js';
import { ChangeCouplingCounter, DEFAULT_COUPLING_OPTIONS, type CouplingOptions } from './change-coupling.js';
import { GitLogParser, LOG_FORMAT } from './git-log.js';
import { GitError, runGit, streamGit } from './safe-git.js';

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
}

/** Where the analyzed folder sits in its repository, or why there is no history to read. */
async function locate(rootDir: string): Promise<Checkout | { reason: string }> {
  let lines: string[];
  try {
    lines = (await runGit(rootDir, ['rev-parse', '--is-inside-work-tree', '--show-prefix'])).split('\n');
  } catch (err) {
    if (err instanceof GitError) return { reason: err.missing ? 'git is not installed' : `the folder is not in a git repository (${err.message})` };
    throw err;
  }
  if (lines[0] !== 'true') return { reason: 'the folder is not inside a git work tree' };
  const prefix = lines[1] ?? '';
  let head: string;
  try {
    head = (await runGit(rootDir, ['rev-parse', '--verify', '--end-of-options', 'HEAD^{commit}'])).trim();
  } catch {
    return { reason: 'the repository has no commits yet' };
  }
  return { prefix, head };
}

export async function readGitHistory(ctx: LinkContext): Promise<FactsContribution> {
  if (ctx.options.history === false) return NO_HISTORY;
  const where = await locate(ctx.rootDir);
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
  const parser = new GitLogParser((commit) => {
    const modules: string[] = [];
    for (const path of commit.paths) {
      if (path.startsWith(prefix)) modules.push(path.slice(prefix.length));
    }
    counter.add(commit.author, modules, commit.paths.length);
  });
  const args = [
    // --date-order: never a parent before its children, whatever the committer clocks said,
    // so every rename is seen before the older commits that used the old name
    'log', '-z', '--no-merges', '--date-order', '--name-status', '-M', '--no-ext-diff', '--no-textconv', '--no-color',
    `--format=${LOG_FORMAT}`, where.head, '--',
    // a subfolder of a bigger repository: read only the commits that touch it
    ...(prefix ? [`:(top,literal)${prefix}`] : []),
  ];
  try {
    await streamGit(ctx.rootDir, args, (text) => parser.write(text));
    parser.end();
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    ctx.report({
      severity: 'warning',
      code: 'git-history-failed',
      message: `reading git history failed, so history-based coupling is off: ${err.message}`,
    });
    return NO_HISTORY;
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
  link: (ctx) => readGitHistory(ctx),
};

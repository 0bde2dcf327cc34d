/**
 * Parse `git log -z --name-status -M --format=<LOG_FORMAT>` as it streams, newest commit first,
 * and follow renames: every path a commit touched is reported under the newest name the file
 * has at HEAD, so a file renamed in history counts as one module.
 *
 * With `-z` git writes, per commit, the formatted header terminated by NUL, then (after a
 * newline) `STATUS NUL path NUL` entries, where renames and copies (`R100`, `C75`) carry two
 * paths: the old one, then the new one.
 */

/** `%x1e` starts a commit, `%x1f` separates the hash from the (mailmapped) author name. */
export const LOG_FORMAT = '%x1e%H%x1f%aN';

export interface LogCommit {
  hash: string;
  author: string;
  /** distinct paths the commit touched, repo-relative, under their newest names */
  paths: string[];
}

type State = 'header-or-status' | 'path';

export class GitLogParser {
  /** old path -> the name the same file has at HEAD (set by renames seen in newer commits) */
  private readonly newestName = new Map<string, string>();
  private pending = '';
  private state: State = 'header-or-status';
  private current: { hash: string; author: string; paths: Set<string>; added: string[] } | undefined;
  private status = '';
  private statusPaths: string[] = [];

  constructor(private readonly onCommit: (commit: LogCommit) => void) {}

  /** Feed the next chunk of git's output (any split is fine). */
  write(text: string): void {
    const tokens = (this.pending + text).split('\0');
    this.pending = tokens.pop() ?? '';
    for (const token of tokens) this.token(token);
  }

  /**
   * Flush the last commit once git has exited. The parser can then read another stream that
   * continues the same history (renames seen so far still apply).
   */
  end(): void {
    if (this.pending !== '') {
      this.token(this.pending);
      this.pending = '';
    }
    this.finishCommit();
    this.state = 'header-or-status';
    this.status = '';
    this.statusPaths = [];
  }

  private token(raw: string): void {
    if (this.state === 'path') {
      this.statusPaths.push(raw);
      const needed = this.status === 'R' || this.status === 'C' ? 2 : 1;
      if (this.statusPaths.length === needed) {
        this.entry(this.status, this.statusPaths);
        this.statusPaths = [];
        this.state = 'header-or-status';
      }
      return;
    }
    const token = raw.replace(/^\n+/, '');
    if (token.startsWith('\x1e')) {
      this.finishCommit();
      const sep = token.indexOf('\x1f');
      this.current = {
        hash: sep < 0 ? token.slice(1) : token.slice(1, sep),
        author: sep < 0 ? '' : token.slice(sep + 1),
        paths: new Set(),
        added: [],
      };
      return;
    }
    if (token === '') return;
    // A, M, D, T, U, X, or R/C followed by a similarity score
    this.status = token[0] ?? '';
    this.state = 'path';
  }

  private entry(status: string, paths: string[]): void {
    const commit = this.current;
    if (!commit) return;
    if (status === 'R') {
      const [from, to] = paths as [string, string];
      const newest = this.newestNameOf(to);
      commit.paths.add(newest);
      // applies to older commits only: they are read after this one
      this.newestName.set(from, newest);
      return;
    }
    const path = status === 'C' ? (paths[1] ?? '') : (paths[0] ?? '');
    commit.paths.add(this.newestNameOf(path));
    if (status === 'A' || status === 'C') commit.added.push(path);
  }

  private newestNameOf(path: string): string {
    return this.newestName.get(path) ?? path;
  }

  private finishCommit(): void {
    const commit = this.current;
    if (!commit) return;
    this.current = undefined;
    // Before this commit created the path, the same name belonged to some other, deleted file.
    for (const path of commit.added) this.newestName.delete(path);
    this.onCommit({ hash: commit.hash, author: commit.author, paths: [...commit.paths] });
  }
}

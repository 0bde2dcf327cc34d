/**
 * Change coupling (logical coupling) as Code Maat computes it (Adam Tornhill, "Your Code as a
 * Crime Scene", 2015; https://github.com/adamtornhill/code-maat):
 *
 *   degree(a, b) = 100 * shared(a, b) / ((revs(a) + revs(b)) / 2)
 *
 * where revs(x) counts the commits that touched x and shared(a, b) the commits that touched
 * both. A pair is kept when both modules have at least `minRevs` revisions, they share at least
 * `minShared` commits and the degree reaches `minDegree`. Commits touching more than
 * `maxFilesPerCommit` files (sweeping renames, reformatting, dependency bumps) are ignored
 * entirely: they say nothing about which modules belong together.
 */
import type { AuthorFact, CoChangeFact, HistoryFact } from '../../src/shared/facts.js';

export type CouplingOptions = HistoryFact['options'];

export const DEFAULT_COUPLING_OPTIONS: CouplingOptions = {
  minRevs: 5,
  minShared: 5,
  minDegree: 30,
  maxFilesPerCommit: 30,
};

export interface CouplingResult {
  commitsRead: number;
  commitsIgnored: number;
  revisions: { module: string; commits: number }[];
  coChange: CoChangeFact[];
  authors: AuthorFact[];
}

const byString = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/**
 * Counts commits as they stream in. Modules are numbered by their index in `modules`, and pairs
 * keyed by `low * n + high`, so a commit costs O(k²) for its k ≤ maxFilesPerCommit modules.
 */
export class ChangeCouplingCounter {
  private readonly index = new Map<string, number>();
  private readonly revisions: number[];
  private readonly shared = new Map<number, number>();
  private readonly authorCommits: Map<string, number>[];
  private commitsRead = 0;
  private commitsIgnored = 0;

  constructor(
    private readonly modules: readonly string[],
    private readonly options: CouplingOptions,
  ) {
    modules.forEach((m, i) => this.index.set(m, i));
    this.revisions = new Array<number>(modules.length).fill(0);
    this.authorCommits = modules.map(() => new Map());
  }

  /**
   * One commit: `touchedFiles` is how many files it changed in all (what the size cap applies
   * to), `modules` the analyzed modules among them.
   */
  add(author: string, modules: Iterable<string>, touchedFiles: number): void {
    this.commitsRead++;
    if (touchedFiles > this.options.maxFilesPerCommit) {
      this.commitsIgnored++;
      return;
    }
    const ids = new Set<number>();
    for (const m of modules) {
      const id = this.index.get(m);
      if (id !== undefined) ids.add(id);
    }
    const sorted = [...ids].sort((x, y) => x - y);
    const n = this.modules.length;
    for (let i = 0; i < sorted.length; i++) {
      const a = sorted[i] as number;
      this.revisions[a] = (this.revisions[a] ?? 0) + 1;
      const authors = this.authorCommits[a] as Map<string, number>;
      authors.set(author, (authors.get(author) ?? 0) + 1);
      for (let j = i + 1; j < sorted.length; j++) {
        const key = a * n + (sorted[j] as number);
        this.shared.set(key, (this.shared.get(key) ?? 0) + 1);
      }
    }
  }

  result(): CouplingResult {
    const { minRevs, minShared, minDegree } = this.options;
    const n = this.modules.length;
    const coChange: CoChangeFact[] = [];
    for (const [key, shared] of this.shared) {
      if (shared < minShared) continue;
      const i = Math.floor(key / n);
      const j = key - i * n;
      const revsI = this.revisions[i] ?? 0;
      const revsJ = this.revisions[j] ?? 0;
      if (revsI < minRevs || revsJ < minRevs) continue;
      const exact = (100 * shared) / ((revsI + revsJ) / 2);
      if (exact < minDegree) continue;
      const mi = this.modules[i] as string;
      const mj = this.modules[j] as string;
      const [a, b, commitsA, commitsB] = mi < mj ? [mi, mj, revsI, revsJ] : [mj, mi, revsJ, revsI];
      coChange.push({ a, b, degree: Math.round(exact), shared, commitsA, commitsB });
    }
    coChange.sort((x, y) => byString(x.a, y.a) || byString(x.b, y.b));

    const revisions: CouplingResult['revisions'] = [];
    const authors: AuthorFact[] = [];
    this.modules.forEach((module, i) => {
      const commits = this.revisions[i] ?? 0;
      if (commits === 0) return;
      revisions.push({ module, commits });
      const list = [...(this.authorCommits[i] as Map<string, number>)]
        .map(([name, count]) => ({ name, commits: count }))
        .sort((x, y) => y.commits - x.commits || byString(x.name, y.name));
      authors.push({ module, authors: list });
    });
    revisions.sort((x, y) => byString(x.module, y.module));
    authors.sort((x, y) => byString(x.module, y.module));

    return { commitsRead: this.commitsRead, commitsIgnored: this.commitsIgnored, revisions, coChange, authors };
  }
}

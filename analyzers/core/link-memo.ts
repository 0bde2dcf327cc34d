/**
 * Link steps remembered between runs: a workspace re-analysis reuses what an analyzer's link step
 * produced when nothing it read has changed.
 *
 * A link step is a function of three inputs: the analyzer's per-file locals, the answers the
 * `LinkContext` gave it (resolutions, bindings, exports, uses, file texts, existence of paths,
 * the module and file lists) and its `start` work. While a step runs, every question it asks
 * and every list it reads is recorded with its answer. The next run reuses the step's output
 * (facts and diagnostics) when
 * - the same files carry locals for the analyzer and every re-parsed file's locals are equal to
 *   its earlier ones (a file that was not re-parsed has the very result the step saw), or equal
 *   but for lines that moved in order (lines inserted or removed above them): the output's lines
 *   of that file then move the same way (`lineShift`, `shiftRecord`);
 * - every recorded question, asked again of this run's context, gets the same answer;
 * - every list read is the same.
 * Anything else runs the step again. Steps with `start` work (git history) always run.
 *
 * The memo is only valid with the file results of the run that made it (`ExtractOptions.reuse`);
 * the caller keeps the two together.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../../src/shared/facts.js';
import type { FactsContribution, LinkContext } from '../types.js';
import type { FileResult } from './file-result.js';
import { LINK_MEMO_FORMAT, type LinkMemo, type LinkRead, type LinkRecord } from './link-memo-format.js';

export { LINK_MEMO_FORMAT, type LinkMemo, type LinkRecord } from './link-memo-format.js';

/** The context methods a step can ask; each answer is plain data (texts are kept as digests). */
const QUESTIONS = ['resolve', 'resolveBinding', 'resolveExport', 'packageOrigin', 'usedBy', 'readText', 'readRepoText', 'exists'] as const;
type Question = (typeof QUESTIONS)[number];
const QUESTION_SET: ReadonlySet<string> = new Set(QUESTIONS);
const TEXT_QUESTIONS: ReadonlySet<string> = new Set(['readText', 'readRepoText']);
/** The questions that take one argument (a path); the others take two. */
const ONE_ARGUMENT: ReadonlySet<string> = new Set(['readText', 'readRepoText', 'exists']);

function askOf(ctx: LinkContext, method: string, a: string, b: string): unknown {
  const fn = ctx[method as Question] as (x: string, y?: string) => unknown;
  return ONE_ARGUMENT.has(method) ? fn(a) : fn(a, b);
}

/** Properties whose value a step may depend on; recorded as a digest. */
const READS: readonly LinkRead[] = ['modules', 'allFiles', 'rootDir', 'options'];
type Read = LinkRead;

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

function answerText(method: string, answer: unknown): string {
  if (answer === undefined) return '-';
  if (TEXT_QUESTIONS.has(method)) return `#${digest(answer as string)}`;
  return JSON.stringify(answer);
}

/** The digest of a list of lines (paths, answer texts), in order. */
function linesDigest(lines: Iterable<string>): string {
  const h = createHash('sha256');
  for (const line of lines) h.update(line).update('\n');
  return h.digest('hex').slice(0, 24);
}

/** Options that do not shape the facts: the earlier run's data, and how the work is done. */
const NOT_SHAPING: ReadonlySet<string> = new Set(['reuse', 'reuseStamps', 'resolutions', 'linkMemo', 'recordLinks', 'stamp', 'keepTexts', 'workers', 'onProgress', 'time']);

/** The digest of what a step saw of a context property. */
function readDigest(ctx: LinkContext, key: Read): string {
  const value = ctx[key];
  if (key === 'rootDir') return value as string;
  if (key === 'options') {
    // every option given as plain data, except those that carry the earlier run or steer the work
    const shaping = Object.entries(ctx.options)
      .filter(([k, v]) => !NOT_SHAPING.has(k) && typeof v !== 'function' && !(v instanceof Map))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return digest(JSON.stringify(shaping));
  }
  return linesDigest(value as readonly string[]);
}

interface Asked {
  method: number;
  a: number;
  b: number;
  /** the answer's text (answerText), once known */
  text?: string;
}

/**
 * Records what the link steps of one run ask. One recorder serves every analyzer of the run: a
 * question asked by two analyzers is kept once.
 */
export class LinkRecorder {
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly ids = new Map<number, Map<number, Map<number, number>>>();
  private readonly questions: Asked[] = [];
  private readonly readDigests = new Map<Read, string>();
  private readonly records: (Omit<LinkRecord, 'answers'> & { answers?: string })[] = [];

  constructor(private readonly ctx: LinkContext) {}

  private stringId(s: string | undefined): number {
    if (s === undefined) return -1;
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  private idOf(method: number, a: string, b: string | undefined): number {
    const ai = this.stringId(a);
    const bi = this.stringId(b);
    let byA = this.ids.get(method);
    if (!byA) this.ids.set(method, (byA = new Map()));
    let byB = byA.get(ai);
    if (!byB) byA.set(ai, (byB = new Map()));
    let id = byB.get(bi);
    if (id === undefined) {
      id = this.questions.length;
      this.questions.push({ method, a: ai, b: bi });
      byB.set(bi, id);
    }
    return id;
  }

  /** The context one analyzer's step gets; `done` files its record once the step has returned. */
  contextFor(analyzer: string, localPaths: readonly string[]): { ctx: LinkContext; done(part: FactsContribution): void } {
    const base = this.ctx;
    const asked = new Set<number>();
    const read: Partial<Record<Read, string>> = {};
    const reports: Diagnostic[] = [];
    const ask = (method: Question) => {
      const m = QUESTIONS.indexOf(method);
      const one = ONE_ARGUMENT.has(method);
      return (a: string, b?: string): unknown => {
        const answer = askOf(base, method, a, b ?? '');
        const id = this.idOf(m, a, one ? undefined : (b ?? ''));
        asked.add(id);
        const q = this.questions[id]!;
        q.text ??= answerText(method, answer);
        return answer;
      };
    };
    const ctx = new Proxy(base, {
      get: (target, key: string | symbol) => {
        if (typeof key === 'string' && QUESTION_SET.has(key)) return ask(key as Question);
        if (key === 'report') {
          return (d: Diagnostic) => {
            reports.push(d);
            target.report(d);
          };
        }
        if (typeof key === 'string' && (READS as readonly string[]).includes(key)) {
          const k = key as Read;
          if (!this.readDigests.has(k)) this.readDigests.set(k, readDigest(target, k));
          read[k] = this.readDigests.get(k)!;
        }
        return Reflect.get(target, key) as unknown;
      },
    });
    return {
      ctx,
      done: (part) => {
        this.records.push({ analyzer, locals: { count: localPaths.length, paths: linesDigest(localPaths) }, asked: [...asked], read, reports, part });
      },
    };
  }

  /** Carry a reused step's record (from `from`) into this run's memo: its answers held, so they are this run's. */
  keep(record: LinkRecord, from: LinkMemo): void {
    const asked = record.asked.map((id) => {
      const m = from.questions[3 * id]!;
      const a = from.strings[from.questions[3 * id + 1]!]!;
      const bi = from.questions[3 * id + 2]!;
      return this.idOf(m, a, bi < 0 ? undefined : from.strings[bi]);
    });
    this.records.push({ ...record, asked });
  }

  /** The memo, as JSON text (a snapshot: later changes to the facts cannot reach it). */
  memo(signature: string): string {
    const records = this.records.map((r): LinkRecord => ({ ...r, answers: r.answers ?? linesDigest(r.asked.map((id) => this.questions[id]!.text ?? '-')) }));
    const questions: number[] = [];
    for (const q of this.questions) questions.push(q.method, q.a, q.b);
    const memo: LinkMemo = { format: LINK_MEMO_FORMAT, signature, strings: this.strings, questions, records };
    return JSON.stringify(memo);
  }
}

/** A value's JSON text (undefined for an undefined value), or null when it cannot be had (earlier locals are read lazily and may be unreadable). */
function jsonOf(value: () => unknown): string | undefined | null {
  try {
    return JSON.stringify(value());
  } catch {
    return null;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * How one file's lines moved between two versions of an analyzer's locals that are the same but
 * for the numbers under `line` keys (lines inserted or removed above what the file declares):
 * earlier line -> this line, one to one and in the same order. Undefined when anything else
 * differs, or the lines do not move that way (then the step runs again).
 */
export function lineShift(before: unknown, now: unknown): Map<number, number> | undefined {
  const moved = new Map<number, number>();
  const walk = (a: unknown, b: unknown): boolean => {
    if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => walk(x, b[i]));
    if (isRecord(a)) {
      if (!isRecord(b)) return false;
      const keys = Object.keys(a);
      const other = Object.keys(b);
      if (keys.length !== other.length || keys.some((k, i) => k !== other[i])) return false;
      for (const k of keys) {
        const x = a[k];
        const y = b[k];
        if (k === 'line' && typeof x === 'number' && typeof y === 'number') {
          const seen = moved.get(x);
          if (seen !== undefined && seen !== y) return false;
          moved.set(x, y);
        } else if (!walk(x, y)) return false;
      }
      return true;
    }
    return a === b;
  };
  if (!walk(before, now)) return undefined;
  const pairs = [...moved].sort((p, q) => p[0] - q[0]);
  for (let i = 1; i < pairs.length; i++) if (pairs[i]![1] <= pairs[i - 1]![1]) return undefined;
  return moved;
}

/**
 * A remembered step's output with the lines of the shifted files moved (`lineShift` per file).
 * Every fact and diagnostic names its file beside its line (`module` or `file`); a line of a
 * shifted file that its locals did not carry, a line with no file beside it, or a text that cites
 * a shifted file's line (`src/config.ts:4` in a route's notes) cannot be moved: undefined, and
 * the step runs again.
 */
export function shiftRecord(record: LinkRecord, shifts: ReadonlyMap<string, ReadonlyMap<number, number>>): LinkRecord | undefined {
  const cited = [...shifts.keys()].map((f) => `${f}:`);
  const move = (v: unknown): boolean => {
    if (typeof v === 'string') return !cited.some((c) => v.includes(c));
    if (Array.isArray(v)) return v.every(move);
    if (!isRecord(v)) return true;
    if (typeof v['line'] === 'number') {
      const file = typeof v['module'] === 'string' ? v['module'] : typeof v['file'] === 'string' ? v['file'] : undefined;
      if (file === undefined) return false;
      const shift = shifts.get(file);
      if (shift) {
        const line = shift.get(v['line']);
        if (line === undefined) return false;
        v['line'] = line;
      }
    }
    return Object.values(v).every(move);
  };
  const copy = JSON.parse(JSON.stringify({ reports: record.reports, part: record.part })) as Pick<LinkRecord, 'reports' | 'part'>;
  return move(copy) ? { ...record, ...copy } : undefined;
}

/** Checks remembered steps against this run; each question is asked at most once. */
export class LinkReplay {
  private readonly texts = new Map<number, string>();
  private readonly readDigests = new Map<Read, string>();
  private readonly byAnalyzer: Map<string, LinkRecord>;

  constructor(
    private readonly memo: LinkMemo,
    private readonly ctx: LinkContext,
    /** the earlier run's result of each file (the run that made the memo) */
    private readonly before: ReadonlyMap<string, FileResult>,
    /** the files parsed in this run (all others are the earlier run's results) */
    private readonly parsed: ReadonlySet<string>,
  ) {
    this.byAnalyzer = new Map(memo.records.map((r) => [r.analyzer, r]));
  }

  /**
   * The remembered step of `analyzer` if it still holds for the locals of these files (those that
   * carry locals for it, in the step's order), else undefined. Only re-parsed files' locals are read.
   */
  reusable(analyzer: string, carriers: readonly FileResult[]): LinkRecord | undefined {
    const r = this.byAnalyzer.get(analyzer);
    if (!r || r.locals.count !== carriers.length || r.locals.paths !== linesDigest(carriers.map((f) => f.path))) return undefined;
    const shifts = new Map<string, Map<number, number>>();
    for (const f of carriers) {
      if (!this.parsed.has(f.path)) continue;
      const before = this.before.get(f.path)?.locals;
      if (!before || !(analyzer in before)) return undefined;
      const was = jsonOf(() => before[analyzer]);
      const is = jsonOf(() => f.locals[analyzer]);
      if (was === null || is === null) return undefined;
      if (was === is) continue;
      if (was === undefined || is === undefined) return undefined;
      // the same locals but for their lines: the step's output moves with them (compared as JSON holds them)
      const shift = lineShift(JSON.parse(was) as unknown, JSON.parse(is) as unknown);
      if (!shift) return undefined;
      shifts.set(f.path, shift);
    }
    for (const [key, value] of Object.entries(r.read) as [Read, string][]) {
      if (!(READS as readonly string[]).includes(key)) return undefined;
      if (!this.readDigests.has(key)) this.readDigests.set(key, readDigest(this.ctx, key));
      if (this.readDigests.get(key) !== value) return undefined;
    }
    if (linesDigest(r.asked.map((id) => this.answer(id))) !== r.answers) return undefined;
    return shifts.size === 0 ? r : shiftRecord(r, shifts);
  }

  private answer(id: number): string {
    let text = this.texts.get(id);
    if (text === undefined) {
      const { questions, strings } = this.memo;
      const method = QUESTIONS[questions[3 * id]!];
      const a = strings[questions[3 * id + 1]!];
      const bi = questions[3 * id + 2]!;
      // a question this Seam cannot ask: no answer matches
      text = method === undefined || a === undefined ? '\u0000' : answerText(method, askOf(this.ctx, method, a, bi < 0 ? '' : (strings[bi] ?? '')));
      this.texts.set(id, text);
    }
    return text;
  }
}

/** A memo's JSON text read back, if it is in the shape this Seam writes (else every step runs). */
export function readLinkMemo(text: string): LinkMemo | undefined {
  try {
    return asLinkMemo(JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** A stored memo in the shape this Seam writes, else undefined (then every step runs). */
export function asLinkMemo(value: unknown): LinkMemo | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Partial<LinkMemo>;
  if (m.format !== LINK_MEMO_FORMAT || typeof m.signature !== 'string' || !Array.isArray(m.strings) || !Array.isArray(m.questions) || !Array.isArray(m.records)) return undefined;
  if (m.questions.length % 3 !== 0 || !m.strings.every((x) => typeof x === 'string')) return undefined;
  const strings = m.strings.length;
  for (let i = 0; i < m.questions.length; i += 3) {
    const [method, a, b] = [m.questions[i], m.questions[i + 1], m.questions[i + 2]];
    if (!Number.isInteger(method) || method! < 0 || method! >= QUESTIONS.length) return undefined;
    if (!Number.isInteger(a) || a! < 0 || a! >= strings || !Number.isInteger(b) || b! < -1 || b! >= strings) return undefined;
  }
  const count = m.questions.length / 3;
  for (const r of m.records as unknown[]) {
    if (typeof r !== 'object' || r === null) return undefined;
    const x = r as Partial<LinkRecord>;
    if (typeof x.analyzer !== 'string' || typeof x.answers !== 'string' || typeof x.locals !== 'object' || x.locals === null || typeof x.locals.count !== 'number' || typeof x.locals.paths !== 'string') return undefined;
    if (!Array.isArray(x.asked) || typeof x.read !== 'object' || x.read === null || !Array.isArray(x.reports) || typeof x.part !== 'object' || x.part === null) return undefined;
    if (!x.asked.every((i) => Number.isInteger(i) && i >= 0 && i < count)) return undefined;
  }
  return m as LinkMemo;
}

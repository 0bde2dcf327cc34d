/**
 * The stored shape of the link memo (see link-memo.ts), apart from the code that makes and checks
 * it so that `ExtractOptions` can name it.
 */
import type { Diagnostic, Facts } from '../../src/shared/facts.js';

export const LINK_MEMO_FORMAT = 2;

/** The context properties whose value a step may depend on; recorded as digests. */
export type LinkRead = 'modules' | 'allFiles' | 'rootDir' | 'options';

/** One analyzer's remembered step. */
export interface LinkRecord {
  analyzer: string;
  /** how many files carried locals for the analyzer, and the digest of their paths in the step's order */
  locals: { count: number; paths: string };
  /** what the step asked: indices of `LinkMemo.questions`, in the order first asked */
  asked: number[];
  /** the digest of the answers to `asked`, in that order */
  answers: string;
  /** digests of the context properties the step read */
  read: Partial<Record<LinkRead, string>>;
  /** what the step reported */
  reports: Diagnostic[];
  /** what the step contributed */
  part: Partial<Pick<Facts, 'routes' | 'entities' | 'dataAccess' | 'ddl' | 'sharedState' | 'coChange' | 'authors' | 'history' | 'units'>>;
}

export interface LinkMemo {
  format: number;
  /** the analyzers of the run (`pluginSignature`), comma-joined */
  signature: string;
  /** every argument of a question, once */
  strings: string[];
  /** three numbers per question: the method (index in QUESTIONS), its arguments (indices in `strings`, -1 for none) */
  questions: number[];
  records: LinkRecord[];
}

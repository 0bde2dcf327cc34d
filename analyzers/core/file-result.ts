/** What parsing one file yields: plain data, cached per content hash for incremental runs. */
import type { Diagnostic, ModuleFact } from '../../src/shared/facts.js';
import type { CoreFileFacts } from './module-collector.js';

export interface FileTask {
  path: string;
  decoratorMetadata: boolean;
  /** hand the decoded text back in `text` (for the plan's source hints, in the same process) */
  keepText?: boolean;
}

export interface FileResult {
  path: string;
  /** undefined when the file is not a module at all (binary, unreadable) */
  module?: ModuleFact;
  core?: CoreFileFacts;
  /** analyzer name -> its collect() result */
  locals: Record<string, unknown>;
  diagnostics: Diagnostic[];
  /** the plugins that collected `locals` (comma-separated names): reuse needs the same set */
  plugins?: string;
  /** the text that was parsed, when the task asked for it (never stored with the result) */
  text?: string;
}

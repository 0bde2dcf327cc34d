/** What parsing one file yields: plain data, cached per content hash for incremental runs. */
import type { Diagnostic, ModuleFact } from '../../src/shared/facts.js';
import type { CoreFileFacts } from './module-collector.js';

export interface FileTask {
  path: string;
  decoratorMetadata: boolean;
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
}

/** Every analyzer Seam runs, in a fixed order. A new concern is one import and one spread. */
import { dataAnalyzers } from './data/index.js';
import { historyAnalyzers } from './history/index.js';
import { routeAnalyzers } from './routes/index.js';
import { sharedStateAnalyzers } from './shared-state/index.js';
import type { Analyzer } from './types.js';

export const allAnalyzers: readonly Analyzer[] = [
  ...routeAnalyzers,
  ...dataAnalyzers,
  ...sharedStateAnalyzers,
  ...historyAnalyzers,
] as Analyzer[];

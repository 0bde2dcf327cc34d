import type { Analyzer } from '../types.js';
import { gitHistory } from './git-history.js';

/** Analyzers that read the repository's version history. */
export const historyAnalyzers: Analyzer[] = [gitHistory];

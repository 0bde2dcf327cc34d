import type { Analyzer } from '../types.js';
import { sharedState } from './shared-state.js';

/** Analyzers that find module-level state shared across modules. */
export const sharedStateAnalyzers: Analyzer[] = [sharedState];

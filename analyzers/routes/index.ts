import type { Analyzer } from '../types.js';

// placeholder until the analyzers land
export const routeAnalyzers: Analyzer[] = [];

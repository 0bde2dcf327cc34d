import { describe, expect, it } from 'vitest';
import { allAnalyzers } from '../../analyzers/registry.js';

describe('the plugin registry', () => {
  it('gives every plugin its own name (per-file results and facts.plugins are keyed by it)', () => {
    const names = allAnalyzers.map((a) => a.name);
    const repeated = names.filter((n, i) => names.indexOf(n) !== i);
    expect(repeated).toEqual([]);
  });
});

/** Seam eats its own cooking: its own source analyzes cleanly. */
import { describe, expect, it } from 'vitest';
import { extract } from '../../analyzers/extract.js';

describe('seam analyze on Seam itself', () => {
  it('resolves every import of src/ and analyzers/ and finds no parse errors', async () => {
    const facts = await extract('.', { history: false, workers: 0, include: ['src/**', 'analyzers/**'], exclude: ['fixtures/**', 'bench-out/**', 'corpus/**'] });
    expect(facts.modules.length).toBeGreaterThan(40);
    expect(facts.diagnostics.filter((d) => d.severity !== 'info' && d.code !== 'symlinked-dir')).toEqual([]);
    // the layering holds in Seam's own facts too: nothing under analyzers/ imports a shell
    expect(facts.imports.filter((e) => e.from.startsWith('analyzers/') && /^src\/(cli|main|host|renderer)\//.test(e.to))).toEqual([]);
  });
});

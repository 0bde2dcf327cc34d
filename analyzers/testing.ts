/**
 * Test support: run the real extraction on files written to a fresh temporary folder.
 * Nothing is mocked: the files are on disk, parsed and resolved as any repository would be.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Facts } from '../src/shared/facts.js';
import { extract } from './extract.js';
import { allAnalyzers } from './registry.js';
import type { Analyzer, ExtractOptions } from './types.js';

export function writeTree(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, contents] of Object.entries(files)) {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, contents);
  }
}

export async function analyzeSources(
  files: Record<string, string | Uint8Array>,
  options: ExtractOptions & { analyzers?: Analyzer[] } = {},
): Promise<Facts> {
  const dir = mkdtempSync(join(tmpdir(), 'seam-test-'));
  try {
    writeTree(dir, files);
    const { analyzers = [...allAnalyzers], ...rest } = options;
    return await extract(dir, { history: false, workers: 0, ...rest }, analyzers);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

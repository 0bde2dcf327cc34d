/** Small builders for workspace tests: decompositions, facts and temporary folders. */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Decomposition, Service } from '../../src/shared/decomposition.js';
import { FACTS_SCHEMA_VERSION, type Facts } from '../../src/shared/facts.js';

export const WEIGHTS = {
  runtimeImport: 1, typeOnlyImport: 0.3, dynamicImport: 0.5, symbolRef: 0.5,
  sharedTableRead: 1, sharedTableWrite: 2, coChange: 1, sharedState: 1,
};

export function decomposition(services: Record<string, string[]>, shared: string[] = []): Decomposition {
  const list: Service[] = Object.entries(services).map(([name, modules]) => ({ id: `svc-${name}`, name, modules: [...modules].sort(), pinned: [] }));
  return {
    services: list,
    shared: shared.map((module) => ({ module, reason: 'used by every service' })),
    params: { seed: 42, resolution: 1, weights: { ...WEIGHTS } },
    constraints: { pins: [], apart: [], seeds: [], shared: [] },
  };
}

export function facts(modules: string[], imports: [string, string][] = []): Facts {
  return {
    schemaVersion: FACTS_SCHEMA_VERSION,
    tool: { name: 'seam', version: '0.1.0' },
    root: 'repo',
    tsconfigs: [],
    packages: [],
    modules: modules.map((path) => ({ path, lines: 10, bytes: 100, language: 'ts', hash: createHash('sha256').update(path).digest('hex').slice(0, 16) })),
    imports: imports.map(([from, to]) => ({ from, to, kind: 'runtime', names: ['x'], line: 1 })),
    externalImports: [],
    symbols: [],
    routes: [],
    entities: [],
    dataAccess: [],
    sharedState: [],
    history: null,
    coChange: [],
    authors: [],
    diagnostics: [],
  };
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void; folder: () => string } {
  const dir = mkdtempSync(join(tmpdir(), `seam-${prefix}-`));
  let made = 0;
  return {
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
    /** A new empty folder under it. */
    folder: () => {
      const sub = join(dir, String(++made));
      mkdirSync(sub);
      return sub;
    },
  };
}

/**
 * Run dependency-cruiser itself (the reference tool) on a folder and return its local edges,
 * so tests can compare Seam's import graph with it. Nothing is mocked.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

export interface ReferenceEdges {
  modules: string[];
  edges: { from: string; to: string }[];
}

const SOURCE = /\.(?:[cm]?tsx?|[cm]?jsx?)$/;

export async function depcruiseEdges(dir: string, tsconfig?: string, extraExclude?: string): Promise<ReferenceEdges> {
  const tsConfigFile = tsconfig && existsSync(join(dir, tsconfig)) ? tsconfig : undefined;
  const prev = process.cwd();
  process.chdir(dir);
  try {
    const options: Record<string, unknown> = {
      tsPreCompilationDeps: true,
      doNotFollow: { path: 'node_modules' },
      exclude: { path: extraExclude ? `(^|/)(node_modules|dist|\\.git)/|${extraExclude}` : '(^|/)(node_modules|dist|\\.git)/' },
      outputType: 'json',
    };
    if (tsConfigFile) options.tsConfig = { fileName: tsConfigFile };
    const result = await cruise(['.'], options, { extensions: ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'] }, tsConfigFile ? { tsConfig: extractTSConfig(tsConfigFile) } : {});
    const output = (typeof result.output === 'string' ? JSON.parse(result.output) : result.output) as {
      modules: { source: string; coreModule?: boolean; couldNotResolve?: boolean; dependencies: { resolved: string; coreModule: boolean; couldNotResolve: boolean; dependencyTypes: string[] }[] }[];
    };
    const modules: string[] = [];
    const edges: { from: string; to: string }[] = [];
    for (const m of output.modules) {
      if (m.coreModule || m.couldNotResolve || m.source.includes('node_modules/') || !SOURCE.test(m.source)) continue;
      modules.push(m.source);
      for (const d of m.dependencies) {
        if (d.coreModule || d.couldNotResolve || d.resolved.includes('node_modules/') || !SOURCE.test(d.resolved)) continue;
        if (d.dependencyTypes.some((t) => t.startsWith('npm') || t === 'core')) continue;
        if (d.resolved === m.source) continue;
        edges.push({ from: m.source, to: d.resolved });
      }
    }
    return { modules: modules.sort(), edges };
  } finally {
    process.chdir(prev);
  }
}

/**
 * Hand-made Facts for the decompose tests: small enough to compute every expected figure by
 * hand, shaped like what the extractor produces (sorted, repo-relative paths).
 */
import { FACTS_SCHEMA_VERSION, type DataAccessFact, type Facts, type ImportEdge, type ImportKind, type RouteFact, type SymbolRef, type SymbolUsage } from '../../src/shared/facts.js';

export function imp(from: string, to: string, kind: ImportKind = 'runtime', names: string[] = ['x']): ImportEdge {
  return { from, to, kind, names, line: 1 };
}

export function sym(from: string, to: string, symbol: string, usage: Partial<Record<SymbolUsage, number>>): SymbolRef {
  return { from, to, symbol, usage };
}

export function route(method: string, path: string, module: string): RouteFact {
  return { method, path, framework: 'express', module, line: 1 };
}

export function access(module: string, table: string, kind: 'read' | 'write'): DataAccessFact {
  return { module, table, access: kind, via: 'sql', line: 1 };
}

export function makeFacts(modules: string[], parts: Partial<Omit<Facts, 'modules'>> = {}): Facts {
  return {
    schemaVersion: FACTS_SCHEMA_VERSION,
    tool: { name: 'seam', version: '0.0.0-test' },
    root: 'test',
    tsconfigs: [],
    packages: [],
    modules: [...modules].sort().map((path) => ({ path, lines: 10, bytes: 300, language: 'ts' as const, hash: '0000000000000000' })),
    imports: [],
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
    ...parts,
  };
}

/**
 * A feature-folder monolith: per feature a controller (serving /api/<feature>), a service, a
 * repository writing the feature's table and a DTO imported as types; a logger and its config in
 * src/lib used by every service; src/main.ts mounting every controller; and `cross` calls from
 * one feature's service to another's.
 */
export function featureMonolith(features: string[], cross: Array<[string, string]> = []): Facts {
  const modules: string[] = ['src/lib/config.ts', 'src/lib/logger.ts', 'src/main.ts'];
  const imports: ImportEdge[] = [imp('src/lib/logger.ts', 'src/lib/config.ts')];
  const symbols: SymbolRef[] = [sym('src/lib/logger.ts', 'src/lib/config.ts', 'config', { read: 1 })];
  const routes: RouteFact[] = [];
  const dataAccess: DataAccessFact[] = [];
  for (const f of features) {
    const controller = `src/${f}/${f}.controller.ts`;
    const service = `src/${f}/${f}.service.ts`;
    const repository = `src/${f}/${f}.repository.ts`;
    const dto = `src/${f}/${f}.dto.ts`;
    modules.push(controller, service, repository, dto);
    imports.push(
      imp(controller, service),
      imp(controller, dto, 'type-only'),
      imp(service, repository),
      imp(service, dto, 'type-only'),
      imp(service, 'src/lib/logger.ts'),
      imp('src/main.ts', controller),
    );
    symbols.push(
      sym(controller, service, `${f}Service`, { call: 2 }),
      sym(controller, dto, `${f}Dto`, { type: 2 }),
      sym(service, repository, `${f}Repository`, { call: 3 }),
      sym(service, dto, `${f}Dto`, { type: 1 }),
      sym(service, 'src/lib/logger.ts', 'logger', { call: 1 }),
      sym('src/main.ts', controller, `${f}Router`, { read: 1 }),
    );
    routes.push(route('GET', `/api/${f}`, controller), route('POST', `/api/${f}`, controller), route('GET', `/api/${f}/:id`, controller));
    dataAccess.push(access(repository, f, 'read'), access(repository, f, 'write'));
  }
  for (const [from, to] of cross) {
    imports.push(imp(`src/${from}/${from}.service.ts`, `src/${to}/${to}.service.ts`));
    symbols.push(sym(`src/${from}/${from}.service.ts`, `src/${to}/${to}.service.ts`, `${to}Service`, { call: 1 }));
  }
  return makeFacts(modules, { imports, symbols, routes, dataAccess });
}

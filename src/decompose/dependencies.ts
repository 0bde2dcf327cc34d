/**
 * Directed module-to-module dependencies, as every decompose stage sees them: the import
 * statements and symbol references of the Facts folded into one record per (from, to) pair.
 *
 * Barrels are followed. An import from a pure barrel (an `index.ts` that only re-exports) is
 * counted at the modules that declare the imported names, found through the importer's
 * symbol references (the extractor already follows barrels for those). Without this, every
 * importer of a package barrel would look coupled to the barrel, and through it to every
 * capability the barrel happens to re-export.
 *
 * An import that uses nothing but constants (SCREAMING_CASE by convention: event names, codes)
 * counts as type-only: like types, constants are contracts that a shared contracts package
 * carries once the modules live in different services. Names used only in type positions do
 * not turn a runtime import into a type-only one: with decorator metadata (NestJS dependency
 * injection) a constructor parameter's type is the run-time dependency.
 */
import type { Facts, ImportKind } from '../shared/facts.js';
import { compareStrings } from '../shared/sort.js';
import { sameIgnoringPositions } from './same-facts.js';

export interface ModuleDependency {
  from: string;
  to: string;
  /** import statements by kind (after following barrels) */
  runtime: number;
  typeOnly: number;
  dynamic: number;
  reExport: number;
  /** symbol uses of `to`'s declarations in `from`, every usage kind */
  symbolUses: number;
  /** symbol uses other than type positions: calls, `new`, reads, decorators, JSX, `extends` */
  valueUses: number;
  /** uses that run `to`'s code: calls, `new`, JSX */
  calls: number;
  /** `type-only` when nothing of `to` survives compilation in `from` */
  kind: 'runtime' | 'type-only';
}

/** Modules that only re-export: at least one re-export, no other import kind, no own symbol use. */
export function pureBarrels(facts: Facts): Set<string> {
  const reExports = new Set<string>();
  const other = new Set<string>();
  for (const e of facts.imports) {
    if (e.kind === 're-export') reExports.add(e.from);
    else if (e.kind !== 'type-only') other.add(e.from);
  }
  for (const s of facts.symbols) other.add(s.from);
  return new Set([...reExports].filter((m) => !other.has(m)));
}

/**
 * The dependencies of the facts last asked about: the graph, the kernel detection and the metrics
 * of one cut all fold the same facts (20k modules: 0.3 s each time). Kept while the facts hold
 * the same import and symbol arrays at the same lengths; callers only read the records.
 */
const memo = new WeakMap<Facts, { imports: Facts['imports']; symbols: Facts['symbols']; counts: [number, number]; deps: ModuleDependency[] }>();

/**
 * The last fold, for other facts with the same imports and symbols but for their positions (a
 * re-analysis after an edit that moved lines: the fold reads no line).
 */
let previous: { imports: Facts['imports']; symbols: Facts['symbols']; deps: ModuleDependency[] } | undefined;

export function moduleDependencies(facts: Facts): ModuleDependency[] {
  const hit = memo.get(facts);
  if (hit && hit.imports === facts.imports && hit.symbols === facts.symbols && hit.counts[0] === facts.imports.length && hit.counts[1] === facts.symbols.length) return hit.deps;
  const deps =
    previous && sameIgnoringPositions(previous.imports, facts.imports) && sameIgnoringPositions(previous.symbols, facts.symbols) ? previous.deps : foldDependencies(facts);
  memo.set(facts, { imports: facts.imports, symbols: facts.symbols, counts: [facts.imports.length, facts.symbols.length], deps });
  previous = { imports: facts.imports, symbols: facts.symbols, deps };
  return deps;
}

function foldDependencies(facts: Facts): ModuleDependency[] {
  const barrels = pureBarrels(facts);
  const declaredVia = new Map<string, Map<string, Set<string>>>();
  for (const s of facts.symbols) {
    let bySymbol = declaredVia.get(s.from);
    if (!bySymbol) declaredVia.set(s.from, (bySymbol = new Map()));
    let targets = bySymbol.get(s.symbol);
    if (!targets) bySymbol.set(s.symbol, (targets = new Set()));
    targets.add(s.to);
  }

  const valueNames = new Map<string, Set<string>>();
  for (const s of facts.symbols) {
    if (!Object.entries(s.usage).some(([usage, n]) => usage !== 'type' && n > 0)) continue;
    let names = valueNames.get(s.from);
    if (!names) valueNames.set(s.from, (names = new Set()));
    names.add(s.symbol);
  }
  const constantsOnly = (from: string, names: string[]): boolean => {
    const used = names.filter((n) => valueNames.get(from)?.has(n));
    return used.length > 0 && used.every(isConstantName);
  };

  const deps = new Map<string, ModuleDependency>();
  const dep = (from: string, to: string): ModuleDependency => {
    const key = `${from}\0${to}`;
    let d = deps.get(key);
    if (!d) deps.set(key, (d = { from, to, runtime: 0, typeOnly: 0, dynamic: 0, reExport: 0, symbolUses: 0, valueUses: 0, calls: 0, kind: 'type-only' }));
    return d;
  };
  const count = (d: ModuleDependency, kind: ImportKind) => {
    if (kind === 'runtime') d.runtime++;
    else if (kind === 'type-only') d.typeOnly++;
    else if (kind === 'dynamic') d.dynamic++;
    else d.reExport++;
  };

  for (const e of facts.imports) {
    if (e.from === e.to) continue;
    let targets: string[] = [e.to];
    if (barrels.has(e.to) && e.kind !== 're-export' && !e.names.includes('*')) {
      const bySymbol = declaredVia.get(e.from);
      const resolved = new Set<string>();
      for (const name of e.names) for (const t of bySymbol?.get(name) ?? []) if (t !== e.to && t !== e.from) resolved.add(t);
      if (resolved.size > 0) targets = [...resolved].sort(compareStrings);
    }
    const kind: ImportKind = e.kind === 'runtime' && constantsOnly(e.from, e.names) ? 'type-only' : e.kind;
    for (const t of targets) count(dep(e.from, t), kind);
  }
  for (const s of facts.symbols) {
    if (s.from === s.to) continue;
    const d = dep(s.from, s.to);
    for (const [usage, n] of Object.entries(s.usage)) {
      d.symbolUses += n;
      if (usage !== 'type') d.valueUses += n;
      if (usage === 'call' || usage === 'new' || usage === 'jsx') d.calls += n;
    }
  }
  for (const d of deps.values()) {
    const imports = d.runtime + d.dynamic + d.reExport;
    d.kind = imports > 0 || (d.typeOnly === 0 && d.valueUses > 0) ? 'runtime' : 'type-only';
  }
  return [...deps.values()].sort((a, b) => compareStrings(a.from, b.from) || compareStrings(a.to, b.to));
}

/** `ORDER_PLACED`, `MAX_RETRIES`: a constant by naming convention. */
function isConstantName(name: string): boolean {
  return /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(name) || /^[A-Z]{2,}[0-9]*$/.test(name);
}

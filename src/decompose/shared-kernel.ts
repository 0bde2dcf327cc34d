/**
 * detectSharedKernel(facts, graph, overrides): the modules that belong in a shared library (or
 * in every service's bootstrap), not in one service. Left in, they glue every capability
 * together and wreck the clustering. Detection is on principle, each entry with its reason:
 *
 * - eligible at all: no routes, no table access, no entity of its own (code that owns data or
 *   serves an API is a capability, however widely used). Operational endpoints (health,
 *   metrics, docs, flags) do not count: every service will serve its own;
 * - library: infrastructure by name and by use. Its name says so (every word of the file name
 *   is an infrastructure word: logger, config, errors, base, utils, money...) and modules of two
 *   or more otherwise separate groups import it (groups = a preliminary seeded Louvain run on the
 *   graph without the kernel found so far); or its authors put it in a folder named for shared
 *   code (lib/, shared/, common/, kernel/...), or in a cross-cutting folder at an app's source
 *   root, beside its entry point (src/guards/, src/interceptors/, src/types/: the application's
 *   guards and declarations, not a feature's), whatever its fan-in. A name alone is not enough:
 *   an auth guard every controller uses is still the auth capability's code. A library cannot
 *   depend on a service, so everything it needs at run time must be eligible and named like
 *   infrastructure too, and joins it (Bunch's "omnipresent module" rule, made structural); a
 *   candidate that needs a capability's code is that capability's; a barrel of library modules
 *   joins too;
 * - wiring: a barrel re-exporting several groups, or a composition module at the top of the
 *   graph (only wiring, or nothing, depends on it) whose imports spread over two or more groups
 *   and whose name says it composes: a conventional name (`main`, `app`, `app.module`, `server`,
 *   `index`), or a framework module (`accounts.module.ts`) none of whose groups holds half its
 *   imports, or a root (`app.ts`, `routes.ts`, not an `index`) that imports no group's code at all
 *   (it loads what it wires at run time: Fastify autoload, a folder scan) and that only other
 *   composition modules start. Conventionally named
 *   top modules are held out of the grouping that judges them,
 *   so a composition root cannot glue what it wires into one group. A listener or a job that
 *   spans groups is still somebody's code and stays. Each service will get its own root;
 * - leftovers: a module coupled only to kernel modules, or to nothing at all, belongs to no
 *   service.
 * The user can force a module in (`shared: true`) or keep one out (`shared: false`).
 * Groups change once modules are set aside, so detection alternates partition and rules until
 * nothing more is found (at most six rounds).
 */
import type { SharedKernelEntry, SharedOverride } from '../shared/decomposition.js';
import type { Facts } from '../shared/facts.js';
import { compareStrings } from '../shared/sort.js';
import { buildAdjacency, type Adjacency } from './adjacency.js';
import { constrainedPartition, noConstraints } from './constrained-partition.js';
import type { CouplingGraph } from './coupling-graph.js';
import { moduleDependencies, pureBarrels } from './dependencies.js';
import { isOperationalRoute } from './route-group.js';
import { appSourceRoots, baseName, crossCuttingFolder, directories, hasCompositionName, hasGenericName, inSharedFolder, isFrameworkModule } from './vocabulary.js';

/** Seed of the preliminary grouping: fixed, so the kernel does not depend on the user's seed. */
const GROUPING_SEED = 42;
const MAX_ROUNDS = 6;

interface Found {
  kind: 'library' | 'wiring';
  reason: string;
  byUser?: boolean;
}

interface Grouping {
  community: Map<string, number>;
  /** communities of two or more modules */
  count: number;
  /** the top of the dependency graph (topRegion) */
  top: Set<string>;
  /** memo of homeOf (null: no home) */
  home: Map<string, string | null>;
}

interface Dependency {
  /** coupling-graph weight between the two modules */
  weight: number;
  runtime: boolean;
}

export function detectSharedKernel(facts: Facts, graph: CouplingGraph, overrides: readonly SharedOverride[] = []): SharedKernelEntry[] {
  return new KernelDetector(facts, graph, overrides).run();
}

class KernelDetector {
  private readonly modules: string[];
  private readonly known: Set<string>;
  private readonly never: Set<string>;
  private readonly owning = new Set<string>();
  private readonly out = new Map<string, Map<string, Dependency>>();
  private readonly into = new Map<string, Set<string>>();
  private readonly barrels: Set<string>;
  private readonly adj: Adjacency;
  private readonly kernel = new Map<string, Found>();
  /** module -> the cross-cutting folder at its app's source root that holds it */
  private readonly crossCutting = new Map<string, string>();

  constructor(facts: Facts, graph: CouplingGraph, private readonly overrides: readonly SharedOverride[]) {
    this.modules = facts.modules.map((m) => m.path).sort(compareStrings);
    this.known = new Set(this.modules);
    this.never = new Set(overrides.filter((o) => !o.shared).map((o) => o.module));
    for (const r of facts.routes) if (!isOperationalRoute(r.path)) this.owning.add(r.module);
    for (const a of facts.dataAccess) this.owning.add(a.module);
    for (const e of facts.entities) this.owning.add(e.module);
    for (const m of this.modules) {
      this.out.set(m, new Map());
      this.into.set(m, new Set());
    }
    for (const d of moduleDependencies(facts)) {
      if (!this.known.has(d.from) || !this.known.has(d.to)) continue;
      const edge = graph.edge(d.from, d.to);
      this.out.get(d.from)!.set(d.to, { weight: edge === undefined ? 0 : graph.getEdgeAttribute(edge, 'weight'), runtime: d.kind === 'runtime' });
      this.into.get(d.to)!.add(d.from);
    }
    this.barrels = pureBarrels(facts);
    this.adj = buildAdjacency(graph);
    const roots = appSourceRoots(this.modules);
    for (const m of this.modules) {
      const folder = crossCuttingFolder(m, roots);
      if (folder !== undefined) this.crossCutting.set(m, folder);
    }
  }

  /** Named like infrastructure, or put by its authors in a shared-code or app-wide cross-cutting folder. */
  private infrastructureLike(m: string): boolean {
    return hasGenericName(m) || this.crossCutting.has(m);
  }

  run(): SharedKernelEntry[] {
    for (const o of this.overrides) {
      if (o.shared && this.known.has(o.module)) this.kernel.set(o.module, { kind: 'library', reason: 'set aside by the user', byUser: true });
    }
    // Phases, each to a fixpoint on a fresh grouping: libraries first (they distort the grouping
    // most), then wiring, then leftovers. Rules only ever add to the kernel, so this terminates.
    this.phase((m, p) => this.libraryRule(m, p), false);
    this.phase((m, p) => this.wiringRule(m, p), true);
    this.phase((m) => this.leftoverRule(m), undefined);
    return [...this.kernel.keys()].sort(compareStrings).map((module) => {
      const k = this.kernel.get(module)!;
      return k.byUser ? { module, reason: k.reason, byUser: true } : { module, reason: k.reason };
    });
  }

  /** @param belowTop whether to hold composition-root candidates out of the grouping; undefined: no grouping needed */
  private phase(rule: (m: string, p: Grouping) => boolean, belowTop: boolean | undefined): void {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const grouping = this.groupModules(belowTop);
      const before = this.kernel.size;
      for (let changed = true; changed; ) {
        changed = false;
        for (const m of this.modules) if (!this.kernel.has(m) && this.eligible(m) && rule(m, grouping)) changed = true;
      }
      if (this.kernel.size === before) return;
    }
  }

  private eligible(m: string): boolean {
    return !this.owning.has(m) && !this.never.has(m);
  }

  /**
   * Group the modules outside the kernel. For wiring, the top modules named like composition
   * roots are held out: a root must not glue what it wires into one group before it is judged.
   */
  private groupModules(belowTop: boolean | undefined): Grouping {
    const top = belowTop === undefined ? new Set<string>() : this.topRegion();
    const community = new Map<string, number>();
    let count = 0;
    if (belowTop !== undefined) {
      const heldOut = (m: string) => belowTop && top.has(m) && hasCompositionName(m);
      const subset = this.adj.nodes.map((_, i) => i).filter((i) => !this.kernel.has(this.adj.nodes[i]!) && !heldOut(this.adj.nodes[i]!));
      const communities = constrainedPartition(this.adj, subset, noConstraints(), GROUPING_SEED, 1);
      communities.forEach((c, i) => c.forEach((n) => community.set(this.adj.nodes[n]!, i)));
      count = Math.max(1, communities.filter((c) => c.length >= 2).length);
    }
    return { community, count, top, home: new Map() };
  }

  /** Eligible modules that only other such modules (or the kernel) depend on: the top of the graph. */
  private topRegion(): Set<string> {
    const top = new Set(this.modules.filter((m) => this.eligible(m) && !this.kernel.has(m)));
    for (let changed = true; changed; ) {
      changed = false;
      for (const m of top) {
        if ([...this.into.get(m)!].some((d) => !top.has(d) && !this.kernel.has(d))) {
          top.delete(m);
          changed = true;
        }
      }
    }
    return top;
  }

  /**
   * Transitive run-time dependencies not yet in the kernel; undefined if one of them owns routes
   * or data, or has a capability's name rather than an infrastructure one: a library depends
   * only on libraries.
   */
  private runtimeClosure(m: string): string[] | undefined {
    const seen = new Set<string>([m]);
    const stack = [m];
    const found: string[] = [];
    while (stack.length > 0) {
      for (const [to, d] of this.out.get(stack.pop()!)!) {
        if (!d.runtime || seen.has(to) || this.kernel.has(to)) continue;
        if (!this.eligible(to) || !this.infrastructureLike(to)) return undefined;
        seen.add(to);
        found.push(to);
        stack.push(to);
      }
    }
    return found.sort(compareStrings);
  }

  private addLibrary(m: string, reason: string, closure: readonly string[]): void {
    this.kernel.set(m, { kind: 'library', reason });
    for (const c of closure) if (!this.kernel.has(c)) this.kernel.set(c, { kind: 'library', reason: `needed at run time by shared-kernel module ${m}` });
  }

  private libraryRule(m: string, p: Grouping): boolean {
    for (const d of this.into.get(m)!) {
      if (this.kernel.get(d)?.kind === 'library' && this.out.get(d)!.get(m)?.runtime && this.infrastructureLike(m)) {
        this.addLibrary(m, `needed at run time by shared-kernel module ${d}`, this.runtimeClosure(m) ?? []);
        return true;
      }
    }
    if (this.barrels.has(m) && [...this.out.get(m)!.keys()].some((d) => this.kernel.get(d)?.kind === 'library')) {
      const closure = this.runtimeClosure(m);
      if (closure) {
        this.addLibrary(m, 'entry point of shared-kernel modules, re-exporting nothing that owns routes or tables', closure);
        return true;
      }
    }
    const crossCutting = this.crossCutting.get(m);
    if (!hasGenericName(m) && crossCutting === undefined) return false;
    const dependents = [...this.into.get(m)!].filter((d) => !this.kernel.has(d));
    const spread = new Set(dependents.map((d) => p.community.get(d))).size;
    if (spread < 2 && !inSharedFolder(m) && crossCutting === undefined) return false;
    const closure = this.runtimeClosure(m);
    if (!closure) return false;
    const why =
      spread >= 2 && hasGenericName(m)
        ? `imported from ${spread} of ${p.count} module groups; no routes or tables; generic name (${baseName(m)})`
        : inSharedFolder(m) || crossCutting === undefined
          ? `in a shared-code folder (${directories(m).join('/')}); no routes or tables`
          : `in the app's cross-cutting folder ${crossCutting}, outside every feature's folder; no routes or tables`;
    this.addLibrary(m, why, closure);
    return true;
  }

  private wiringRule(m: string, p: Grouping): boolean {
    const groups = this.dependencyGroups(m, p);
    // a root that imports no service's code wires at run time what the framework loads for it
    // (Fastify autoload, a folder scan): only other composition modules start it (server.ts,
    // routes/index.ts), and every service will get its own. An `index` is a folder's entry, not a
    // root: one nobody's code reaches is a barrel of nothing
    const dependents = [...this.into.get(m)!];
    if (groups.size === 0 && p.top.has(m) && hasCompositionName(m) && baseName(m) !== 'index' && dependents.length > 0 && dependents.every((d) => hasCompositionName(d))) {
      this.kernel.set(m, { kind: 'wiring', reason: `composition root: imports no service's code (what it wires, it loads at run time); no routes or tables of its own; named like one (${baseName(m)})` });
      return true;
    }
    if (groups.size < 2) return false;
    if (this.barrels.has(m)) {
      this.kernel.set(m, { kind: 'wiring', reason: `barrel re-exporting ${groups.size} module groups; each service gets its own entry point` });
      return true;
    }
    if (!p.top.has(m)) return false;
    const what = `composition ${this.into.get(m)!.size === 0 ? 'root' : 'module'}: wires ${groups.size} module groups; no routes or tables of its own`;
    if (hasCompositionName(m)) {
      this.kernel.set(m, { kind: 'wiring', reason: `${what}; named like one (${baseName(m)})` });
      return true;
    }
    if (isFrameworkModule(m) && this.homeOf(m, p) === undefined) {
      this.kernel.set(m, { kind: 'wiring', reason: `${what}; a framework module none of whose groups holds half its imports` });
      return true;
    }
    return false;
  }

  private leftoverRule(m: string): boolean {
    const neighbours = this.adj.neighbours[this.adj.index.get(m)!]!;
    if (neighbours.length === 0) {
      this.kernel.set(m, { kind: 'library', reason: 'no coupling to any other module: it belongs to no service' });
      return true;
    }
    if (neighbours.every(([n]) => this.kernel.has(this.adj.nodes[n]!))) {
      this.kernel.set(m, { kind: 'library', reason: 'coupled only to shared-kernel modules' });
      return true;
    }
    return false;
  }

  /**
   * The group a dependency counts for: its community; a top-region module held out of the
   * grouping counts for the group holding most of its own dependencies, or for itself; wiring
   * counts for itself; libraries for none.
   */
  private groupOf(m: string, p: Grouping): string | undefined {
    const k = this.kernel.get(m);
    if (k) return k.kind === 'wiring' ? `wiring:${m}` : undefined;
    const c = p.community.get(m);
    if (c !== undefined) return `group:${c}`;
    return this.homeOf(m, p) ?? `self:${m}`;
  }

  /** The groups a module's dependencies fall in, with the coupling weight to each. */
  private dependencyGroups(m: string, p: Grouping): Map<string, number> {
    const groups = new Map<string, number>();
    for (const [to, d] of this.out.get(m)!) {
      const g = this.groupOf(to, p);
      if (g !== undefined) groups.set(g, (groups.get(g) ?? 0) + Math.max(d.weight, 1e-9));
    }
    return groups;
  }

  /** The group holding more than half of a module's coupling to its dependencies, if one does. */
  private homeOf(m: string, p: Grouping): string | undefined {
    if (p.home.has(m)) return p.home.get(m) ?? undefined;
    p.home.set(m, null);
    const groups = this.dependencyGroups(m, p);
    let total = 0;
    for (const w of groups.values()) total += w;
    const best = [...groups].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]))[0];
    const home = best && best[1] > total / 2 ? best[0] : undefined;
    p.home.set(m, home ?? null);
    return home;
  }
}

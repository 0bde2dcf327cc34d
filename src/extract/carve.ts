/**
 * carve(input) -> the extracted service's source tree and the monolith's changes. Pure: it works
 * on the texts it is given, in an in-memory ts-morph project, and never runs any of them.
 *
 * Every module reachable from the service's own modules and from the app's entry files gets one
 * role in the service's tree:
 * - own: the service's modules, copied whole;
 * - wiring: composition modules (entries, and modules outside every service that reach a service's
 *   code at run time): copied and pruned of what they wire of other services, so the middleware
 *   chain, error handlers and boot sequence stay exactly the monolith's;
 * - library: kernel (or unplaced) code the service needs: a local kernel package it depends on;
 * - contract: declarations of other services the service uses as types, constants or entities:
 *   sliced down to those declarations (entities stay whole: a relation needs its target);
 * and a symbol of another service the service calls at run time becomes a generated client of the
 * operation the plan made of it. The monolith's side is the mirror: its callers of the service get
 * clients, its composition modules stop wiring the service, and the service's modules are deleted,
 * or kept sliced where the monolith still uses their declarations as contracts.
 */
import { Node as AstNode, Project, SyntaxKind, ts, type SourceFile } from 'ts-morph';
import { uniqueSlugs, useCase } from '../plan/index.js';
import type { Decomposition } from '../shared/decomposition.js';
import type { Facts, ImportEdge } from '../shared/facts.js';
import { MONOLITH, type MigrationPlan, type ServicePlan, type SymbolOperation } from '../shared/plan.js';
import { compareStrings } from '../shared/sort.js';
import { addNestProviders, applyEdit, dynamicImports, globalEnhancers, hookNestApp, prunesCleanly, type BindingAction, type FileEdit, type PruneProblem } from './edit.js';
import { appsOf } from './apps.js';
import { intoGenerated, specifierPaths, specifierToFolder } from './prisma-client.js';
import { RPC_MODULE } from './runtime-code.js';
import { clientSymbol, inheritedMethod, isInstanceClass, type ClientSymbol, type ScopeResolver, type TypeNeed } from './signatures.js';
import { readSourceModel, sliceNeeds, type Binding, type ModuleLink, type SourceModel } from './source-model.js';

export interface CarveInput {
  facts: Facts;
  decomposition: Decomposition;
  plan: MigrationPlan;
  service: ServicePlan;
  /** repo-relative path -> text, for every module the facts list */
  sources: ReadonlyMap<string, string>;
  /** the app's ambient declaration files (global augmentations, `declare module`): path -> text; copied into every tree, imports rewritten */
  ambient?: ReadonlyMap<string, string>;
  /** the `compilerOptions` of the app's tsconfig (JSON, as written), and the tsconfig's folder */
  compilerOptions?: Record<string, unknown>;
  tsconfigDir?: string;
  /** npm name of the generated kernel package */
  kernelPackage: string;
  /** folders a code generator writes into (a Prisma client's `output`), repo-relative, and the file it generates them from (its schema) */
  generated?: readonly { output: string; source: string }[];
  /** whether the analyzed scope excludes a repo-relative file (its exclude globs): code Seam never read */
  excluded?: (path: string) => boolean;
}

export type ProblemKind = 'unremovable-wiring' | 'sync-becomes-async' | 'copied-code' | 'no-signature' | 'dynamic-import' | 'namespace-import' | 'no-entry' | 'event-bus' | 'excluded-import';

export interface CarveProblem {
  kind: ProblemKind;
  file: string;
  line: number;
  message: string;
  fix: string;
  side: 'service' | 'monolith';
}

export interface CarveResult {
  /** the service's tree: repo-relative paths (kernel files under `kernel/`) -> text */
  service: Map<string, string>;
  /** where the generated code lives in both trees (`src`) */
  srcRoot: string;
  entries: string[];
  roles: { module: string; role: Role; place: Place }[];
  /** monolith files changed or added (path -> text) and deleted */
  monolithChanged: Map<string, string>;
  monolithDeleted: string[];
  /** operations the service serves (the monolith calls them) and calls (the monolith serves them) */
  serves: SymbolOperation[];
  calls: SymbolOperation[];
  /** event buses bridged between the two sides */
  buses: Bus[];
  /** declaration files (`.d.ts`) the copied code imports, and the tree they go in (`service` or `kernel`) */
  declarationsNeeded: { module: string; place: 'service' | 'kernel' }[];
  /** relative imports of copied files that name no analyzed module (a tool config Seam does not analyze, a JSON file): the shell copies them as they are */
  unresolved: { module: string; out: string; specifier: string }[];
  /**
   * the generator sources (schemas) whose output the copied code imports, and the tree that
   * regenerates it: the kernel when kernel code imports it (a package cannot import from the app
   * that depends on it; the service then imports it through the kernel package), else the service
   */
  generated: { source: string; place: Place }[];
  problems: CarveProblem[];
}

type Role = 'own' | 'wiring' | 'library' | 'contract';
type Place = 'service' | 'kernel';
const RANK: Record<Role, number> = { contract: 0, library: 1, wiring: 2, own: 3 };

type Decision = { kind: 'target'; module: string; place: Place } | { kind: 'client'; owner: string; symbol: string; module: string } | { kind: 'generated'; output: string; rest: string } | { kind: 'prune' } | { kind: 'drop' } | { kind: 'external' };

interface Node {
  module: string;
  place: Place;
  role: Role;
  names: Set<string> | 'all';
  decisions: Map<number, Map<string, Decision>>;
  sideEffects: Map<number, Decision>;
  /** `import('./x')` calls, by line: where the loaded module went */
  dynamic: Map<number, Decision>;
}

const CLIENT_DIR = 'seam/clients';
/** The monolith-side wiring a previous `seam extract` generated (`src/seam/internal-orders.ts`, `src/seam/events-orders.ts`). */
function camelName(file: string): string {
  const words = file.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  return /^[A-Za-z_$]/.test(joined) ? joined : `m${joined}`;
}

function isGeneratedWiring(module: string, text: string | undefined): boolean {
  return /(^|\/)seam\/(internal|events)-[a-z0-9-]+\.ts$/.test(module) && (text ?? '').includes('Generated by Seam (seam extract)');
}

/** Code that locates files relative to itself. */
const LOCATION_BOUND = /\b__dirname\b|\b__filename\b|\bimport\.meta\.(?:url|dirname|filename)\b/;

function stripExt(path: string): string {
  return path.replace(/\.d\.ts$|\.(tsx?|jsx?|mts|cts|mjs|cjs)$/, '');
}

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Relative specifier from file `from` to file `to` (both repo-relative), without extension unless `withJs`. */
export function relativeSpecifier(from: string, to: string, withJs = false): string {
  const a = dirname(from).split('/').filter(Boolean);
  const b = stripExt(to).split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  const up = a.length - i;
  const rest = b.slice(i).join('/');
  const spec = (up === 0 ? './' : '../'.repeat(up)) + rest;
  return withJs ? `${spec}.js` : spec;
}

/** `dir` joined with a relative path, `.` and `..` resolved (`a/b` + `../c` -> `a/c`). */
function joinPath(dir: string, rel: string): string {
  const out = dir.split('/').filter(Boolean);
  for (const part of rel.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

function usesJsExtension(specifier: string): boolean {
  return /^\.{1,2}\//.test(specifier) && /\.js$/.test(specifier);
}

function parseCompilerOptions(raw: Record<string, unknown> | undefined, dir: string): ts.CompilerOptions {
  const base = { allowJs: true, experimentalDecorators: true, target: ts.ScriptTarget.ES2021, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, strict: true, noEmit: true };
  if (!raw) return base;
  const parsed = ts.convertCompilerOptionsFromJson(raw, '/' + dir);
  return { ...base, ...parsed.options, noEmit: true };
}

export function carve(input: CarveInput): CarveResult {
  const { facts, decomposition, plan, service } = input;
  const problems: CarveProblem[] = [];
  const own = new Set(service.modules);
  const ownerOf = new Map<string, string>();
  for (const s of decomposition.services) for (const m of s.modules) ownerOf.set(m, s.id);
  for (const k of decomposition.shared) ownerOf.set(k.module, 'shared');
  const owner = (m: string): string => ownerOf.get(m) ?? MONOLITH;
  const isServiceCode = (m: string): boolean => ownerOf.has(m) && ownerOf.get(m) !== 'shared';
  const entities = new Set(facts.entities.map((e) => e.module));
  const edgesFrom = new Map<string, ImportEdge[]>();
  for (const e of facts.imports) edgesFrom.set(e.from, [...(edgesFrom.get(e.from) ?? []), e]);

  // composition modules: outside every service, reaching a service's code at run time through modules outside services
  const wiring = new Set<string>();
  {
    const preds = new Map<string, string[]>();
    for (const e of facts.imports) if (e.kind !== 'type-only') preds.set(e.to, [...(preds.get(e.to) ?? []), e.from]);
    const queue = [...ownerOf.keys()].filter(isServiceCode);
    while (queue.length > 0) {
      const m = queue.pop()!;
      for (const p of preds.get(m) ?? []) {
        if (isServiceCode(p) || wiring.has(p)) continue;
        wiring.add(p);
        queue.push(p);
      }
    }
  }
  // kernel code that finds files relative to its own location (`__dirname + '/../entities/*.js'`)
  // keeps that location in the service's tree, and so does kernel code that imports it: a package
  // cannot import from the app that depends on it
  const inTree = new Set<string>();
  {
    const kernelish = (m: string): boolean => !isServiceCode(m) && !wiring.has(m);
    const preds = new Map<string, string[]>();
    for (const e of facts.imports) if (kernelish(e.from) && kernelish(e.to)) preds.set(e.to, [...(preds.get(e.to) ?? []), e.from]);
    const queue = [...input.sources.entries()].filter(([m, text]) => kernelish(m) && LOCATION_BOUND.test(text)).map(([m]) => m);
    for (const m of queue) inTree.add(m);
    while (queue.length > 0) {
      const m = queue.pop()!;
      for (const p of preds.get(m) ?? []) {
        if (inTree.has(p)) continue;
        inTree.add(p);
        queue.push(p);
      }
    }
  }
  const apps = appsOf(facts, service.modules);
  // the app's main entry first (main, server, index, app; then the shallowest), seed and script entries after it
  const rank = (e: string): number => {
    const base = e.split('/').pop()!.replace(/\.[^.]+$/, '');
    const i = ['main', 'server', 'index', 'app', 'bootstrap'].indexOf(base);
    return (i < 0 ? 10 : i) * 100 + e.split('/').length;
  };
  const entries = [...new Set(apps.flatMap((a) => a.entries))].filter((e) => input.sources.has(e)).sort((a, b) => rank(a) - rank(b) || compareStrings(a, b));
  for (const e of entries) wiring.add(e);
  const srcRoot = entries.length > 0 ? dirname(entries[0]!) : dirname(service.modules[0] ?? 'src/x.ts') || 'src';
  if (entries.length === 0) problems.push({ kind: 'no-entry', side: 'service', file: service.modules[0] ?? '.', line: 1, message: 'no entry file of the app that holds this service is known, so the service has no boot code', fix: 'write a main for the service that starts its framework with its routes (see the monolith\'s own)' });

  // the operations of every service, by declaring module and exported name
  const ops = new Map<string, { owner: string; ops: SymbolOperation[] }>();
  for (const s of plan.services) {
    for (const op of s.operations) {
      if (op.kind !== 'symbol') continue;
      const head = op.symbol.split('.')[0]!;
      const key = `${op.module}#${head}`;
      const entry = ops.get(key) ?? { owner: s.id, ops: [] };
      entry.ops.push(op);
      ops.set(key, entry);
    }
  }

  const compilerOptions = parseCompilerOptions(input.compilerOptions, input.tsconfigDir ?? '');
  const outputs = (input.generated ?? []).map((g) => g.output);
  const generatedOf = (module: string, specifier: string): { output: string; rest: string } | undefined =>
    outputs.length === 0 ? undefined : intoGenerated(specifierPaths(module, specifier, input.compilerOptions, input.tsconfigDir ?? ''), outputs);
  // the original tree, for signatures and kernel scans
  const original = new Project({ useInMemoryFileSystem: true, compilerOptions, skipAddingFilesFromTsConfig: true });
  for (const [path, text] of input.sources) original.createSourceFile('/' + path, text, { overwrite: true });
  const originalModels = new Map<string, SourceModel>();
  const originalModel = (m: string): SourceModel | undefined => {
    let model = originalModels.get(m);
    if (!model) {
      const f = original.getSourceFile('/' + m);
      if (!f) return undefined;
      model = readSourceModel(f, edgesFrom.get(m) ?? []);
      originalModels.set(m, model);
    }
    return model;
  };
  const byStem = new Map(facts.modules.map((m) => [stripExt(m.path), m.path]));
  const scope: ScopeResolver = {
    model: originalModel,
    moduleOf: (p) => byStem.get(stripExt(p)),
    importOf(file, local) {
      const model = originalModel(file);
      if (!model) return undefined;
      for (const l of model.links) {
        if (l.reexport) continue;
        const b = l.bindings.find((x) => x.local === local);
        if (b) return { ...(l.target ? { module: l.target } : {}), specifier: l.specifier, imported: b.imported };
      }
      return undefined;
    },
  };
  /** the declared name an import of `imported` from `module` reaches (`default` -> the name it exports as default) */
  const exportedLocal = (module: string, imported: string): string | undefined => {
    if (imported === '*') return undefined;
    if (imported !== 'default') return imported;
    const local = originalModel(module)?.exports.get('default');
    return local && local !== 'default' ? local : undefined;
  };
  const namedExport = (module: string, name: string): boolean => originalModel(module)?.exports.get(name) === name;
  /** every name a module exports, through its `export *` chains; undefined where a chain leaves the repository */
  const exportsCache = new Map<string, Set<string> | undefined>();
  const allExports = (module: string, seen: Set<string> = new Set()): Set<string> | undefined => {
    if (exportsCache.has(module)) return exportsCache.get(module);
    const model = originalModel(module);
    if (!model || seen.has(module)) return model ? new Set() : undefined;
    seen.add(module);
    let out: Set<string> | undefined = new Set(model.exports.keys());
    for (const l of model.links) {
      if (!l.reexport || !l.bindings.some((b) => b.local === '*')) continue;
      const theirs = l.target ? allExports(l.target, seen) : undefined;
      if (!theirs) {
        out = undefined;
        break;
      }
      for (const n of theirs) if (n !== 'default') out.add(n);
    }
    exportsCache.set(module, out);
    return out;
  };
  /** a module that only re-exports (`export * from './a.guard'`, an index): it composes nothing, so it is never wiring */
  const pureBarrel = (module: string): boolean => {
    const model = originalModel(module);
    return !!model && model.links.length > 0 && model.links.every((l) => l.reexport) && model.declarations.every((d) => AstNode.isExportDeclaration(d.statement) && d.statement.getNamedExports().length === 0);
  };
  const instanceClass = (module: string, name: string): boolean => {
    const f = original.getSourceFile('/' + module);
    const entry = ops.get(`${module}#${name}`);
    return !!f && !!entry && isInstanceClass(f, name, entry.ops);
  };
  const clientCache = new Map<string, ClientSymbol>();
  const dataModules = new Set(facts.dataAccess.map((a) => a.module));
  /** declared in the module itself (not a name it re-exports from a package: an ORM's EntityManager is no operation of this service) */
  const declaredHere = (module: string, symbol: string): boolean => {
    const model = originalModel(module);
    if (!model?.declarations.some((d) => d.names.includes(symbol))) return false;
    // `export const EntityManager = DriverEntityManager` (a package's class under a local name) is the package's
    const init = model.file.getVariableDeclaration(symbol)?.getInitializer();
    if (init && /^[A-Za-z_$][\w$]*$/.test(init.getText())) {
      const alias = init.getText();
      if (model.links.some((l) => !l.target && !l.reexport && l.bindings.some((b) => b.local === alias))) return false;
    }
    return true;
  };
  const clientOf = (module: string, symbol: string): ClientSymbol | undefined => {
    const key = `${module}#${symbol}`;
    const entry = ops.get(key);
    if (!entry || !declaredHere(module, symbol)) return undefined;
    // a class others construct (`new User()`: a data class) is a contract to share, not a remote call
    const f0 = original.getSourceFile('/' + module);
    if (f0?.getClass(symbol) && entry.ops.some((op) => !op.symbol.includes('.'))) return undefined;
    let c = clientCache.get(key);
    if (!c) {
      const f = original.getSourceFile('/' + module);
      if (!f) return undefined;
      c = clientSymbol(f, module, symbol, entry.ops, scope);
      clientCache.set(key, c);
    }
    // synchronous code that touches no table (a mapper, a formatter) is copied to the caller, not
    // called over the network: a remote call cannot stay synchronous, and a pure helper needs none
    if (c.members.length > 0 && c.notes.filter((n) => n.message.includes('returns synchronously')).length === c.members.length && !dataModules.has(module)) return undefined;
    // a value a library built (`export const userSchema = z.object({...})`: a schema, a config) whose
    // members our code does not declare is data to share, not a remote object
    const init = f0?.getVariableDeclaration(symbol)?.getInitializer();
    if (init?.isKind(ts.SyntaxKind.CallExpression) && !dataModules.has(module) && c.members.every((m) => c.notes.some((n) => n.message.startsWith(`${symbol}${m.member ? `.${m.member}` : ''}: no declaration`)))) return undefined;
    return c;
  };

  // ---- the service's side ------------------------------------------------------------------------
  const svcProject = new Project({ useInMemoryFileSystem: true, compilerOptions, skipAddingFilesFromTsConfig: true });
  const outPath = (place: Place, module: string): string => (place === 'kernel' ? `kernel/${module}` : module);
  const nodes = new Map<string, Node>();
  const svcModels = new Map<string, SourceModel>();
  const queue: string[] = [];
  const keyOf = (place: Place, module: string): string => `${place}|${module}`;
  const modelFor = (place: Place, module: string): SourceModel | undefined => {
    const key = keyOf(place, module);
    let model = svcModels.get(key);
    if (!model) {
      const text = input.sources.get(module) ?? input.ambient?.get(module);
      if (text === undefined) return undefined;
      model = readSourceModel(svcProject.createSourceFile('/' + outPath(place, module), text, { overwrite: true }), edgesFrom.get(module) ?? []);
      svcModels.set(key, model);
    }
    return model;
  };
  const want = (place: Place, module: string, role: Role, names: Set<string> | 'all'): void => {
    if (!input.sources.has(module) && !input.ambient?.has(module)) return;
    const key = keyOf(place, module);
    const node = nodes.get(key);
    if (!node) {
      nodes.set(key, { module, place, role, names: names === 'all' ? 'all' : new Set(names), decisions: new Map(), sideEffects: new Map(), dynamic: new Map() });
      queue.push(key);
      return;
    }
    let changed = false;
    if (RANK[role] > RANK[node.role]) {
      node.role = role;
      changed = true;
    }
    if (role !== 'contract' && node.names !== 'all') {
      node.names = 'all';
      changed = true;
    } else if (node.names !== 'all') {
      if (names === 'all') {
        node.names = 'all';
        changed = true;
      } else for (const n of names) if (!node.names.has(n)) { node.names.add(n); changed = true; }
    }
    if (changed) queue.push(key);
  };
  const clientUses = new Map<string, { module: string; symbol: string }>();
  const declarationFiles = new Set(facts.modules.filter((m) => m.language === 'dts').map((m) => m.path));
  const dtsNeeded = new Set<string>();
  const wantNeeds = (needs: readonly TypeNeed[]): void => {
    for (const n of needs) {
      if (!('module' in n)) continue;
      placeForNeed(n.module, n.name);
    }
  };
  /** another side's module the kernel package already holds as a contract: the service imports it from there */
  const contractInKernel = (module: string): boolean => nodes.get(keyOf('kernel', module))?.role === 'contract';
  const placeForNeed = (module: string, name: string): void => {
    const o = owner(module);
    if (o === service.id) want('service', module, 'own', 'all');
    else if ((o === 'shared' || o === MONOLITH) && !wiring.has(module)) want(inTree.has(module) ? 'service' : 'kernel', module, 'library', 'all');
    else want(contractInKernel(module) ? 'kernel' : 'service', module, 'contract', new Set([name]));
  };

  /** composition imports of code the scope excludes, left out of the service (by module|line|name) */
  const excludedImports = new Map<string, CarveProblem>();
  /** `module|local`: names a composition module keeps because pruning cannot remove their uses */
  const keptInWiring = new Set<string>();
  /** `module|local` -> whether pruning removes its every use (tried once, on a scratch copy) */
  const prunable = new Map<string, boolean>();
  /** own modules that imported another service's NestJS module, and the services those belong to */
  const nestImporters = new Map<string, Set<string>>();
  const isNestModule = (module: string, imported: string): boolean => {
    const name = exportedLocal(module, imported);
    return !!name && !!original.getSourceFile('/' + module)?.getClass(name)?.getDecorator('Module');
  };
  /** `names`: for an `export *` of a sliced module, the names asked of it that the target exports */
  const decide = (node: Node, link: ModuleLink, b: Binding, names?: readonly string[]): Decision => {
    // generated code (a Prisma client) is regenerated in the extracted tree, never copied
    const g = generatedOf(node.module, link.specifier);
    if (g) return { kind: 'generated', ...g };
    const t = link.target;
    if (!t) {
      // composition code that wires in code the scope excludes (`modules.push(TestingModule)` of a test-only
      // folder): Seam never read it, so it cannot carve it; the service's composition leaves it out
      const stem = /^\.{1,2}\//.test(link.specifier) ? joinPath(dirname(node.module), link.specifier.replace(/\.js$/, '')) : undefined;
      if (node.role === 'wiring' && stem && input.excluded && ['.ts', '.tsx', '/index.ts', '/index.tsx'].some((x) => input.excluded!(`${stem}${x}`))) {
        const key = `${node.module}|${b.local}`;
        if (prunable.get(key) ?? prunable.set(key, prunesCleanly(input.sources.get(node.module) ?? '', b.local)).get(key)) {
          excludedImports.set(`${node.module}|${link.line}|${b.local}`, { kind: 'excluded-import', side: 'service', file: node.module, line: link.line, message: `wires in ${b.local} from ${link.specifier}, which the analyzed scope excludes (never read, so not carved): the service's composition leaves it out`, fix: 'if the service needs it, take it into the scope (seam.config.json include/exclude) and extract again' });
          return { kind: 'prune' };
        }
      }
      return { kind: 'external' };
    }
    // a declaration file goes beside the code that imports it (tsc emits none into a package's dist)
    if (declarationFiles.has(t)) {
      dtsNeeded.add(`${node.place}|${t}`);
      // a package's name the repository types locally (`'express'` -> types/express/index.d.ts) stays the package's
      if (!/^\.{1,2}\//.test(link.specifier)) return { kind: 'external' };
      return { kind: 'target', module: t, place: node.place };
    }
    const o = owner(t);
    if (o === service.id) {
      if (node.place === 'kernel') {
        want('kernel', t, 'contract', new Set([b.imported === '*' ? '*' : b.imported]));
        return { kind: 'target', module: t, place: 'kernel' };
      }
      want('service', t, 'own', 'all');
      return { kind: 'target', module: t, place: 'service' };
    }
    // a barrel outside the services passes on the names asked of it, whoever owns the modules behind it
    if (wiring.has(t) && node.place === 'service' && pureBarrel(t)) {
      want('service', t, 'contract', b.imported === '*' ? (names ? new Set(names) : 'all') : new Set([b.imported]));
      return { kind: 'target', module: t, place: 'service' };
    }
    if (wiring.has(t) && node.place === 'service' && (node.role === 'own' || node.role === 'wiring')) {
      want('service', t, 'wiring', 'all');
      return { kind: 'target', module: t, place: 'service' };
    }
    if ((o === 'shared' || o === MONOLITH) && !wiring.has(t)) {
      const place: Place = inTree.has(t) ? 'service' : 'kernel';
      want(place, t, 'library', 'all');
      return { kind: 'target', module: t, place };
    }
    // another service's code (or composition code reached from a library or contract)
    if (node.role === 'wiring' && !entities.has(t) && !keptInWiring.has(`${node.module}|${b.local}`)) return { kind: 'prune' };
    // another service's NestJS module (`imports: [forwardRef(() => AuthModule)]`) is not brought along:
    // its providers the service injects become the generated clients, provided by the importing module
    if (node.role === 'own' && node.place === 'service' && isNestModule(t, b.imported)) {
      nestImporters.set(node.module, (nestImporters.get(node.module) ?? new Set()).add(o));
      return { kind: 'prune' };
    }
    const symbol = exportedLocal(t, b.imported);
    // a class the code extends (`extends BaseRepository<Product>`) is code it builds on: a contract, never a remote object
    const offered = !b.typeOnly && !link.reexport && symbol ? clientOf(t, symbol) : undefined;
    const client = offered && !extendsName(modelFor(node.place, node.module)?.file, b.local) ? offered : undefined;
    if (client && symbol) {
      clientUses.set(`${t}#${symbol}`, { module: t, symbol });
      wantNeeds(client.needs);
      return { kind: 'client', owner: ops.get(`${t}#${symbol}`)!.owner, symbol, module: t };
    }
    if (b.imported === '*' && !names) {
      problems.push({ kind: 'namespace-import', side: 'service', file: node.module, line: link.line, message: `imports all of ${t} (${owner(t)}) as a namespace; Seam copies the whole module as a contract`, fix: 'import the names you use, so calls become operations and the rest a contract' });
    }
    // (a contract the kernel already holds is imported from there)
    const place: Place = node.place === 'kernel' || contractInKernel(t) ? 'kernel' : 'service';
    want(place, t, 'contract', b.imported === '*' ? (names ? new Set(names) : 'all') : new Set([b.imported]));
    return { kind: 'target', module: t, place };
  };

  const scan = (key: string): void => {
    const node = nodes.get(key)!;
    const model = modelFor(node.place, node.module);
    if (!model) return;
    node.decisions = new Map();
    node.sideEffects = new Map();
    node.dynamic = new Map();
    let usedLocals: Set<string> | undefined;
    const wanted = node.names === 'all' ? undefined : node.names;
    if (wanted) {
      const slice = sliceNeeds(model, wanted);
      usedLocals = slice.usedLocals;
      // a declaration that is not a type, an enum, an entity or a constant is code that now runs here too
      if (node.role === 'contract' && !entities.has(node.module)) {
        for (const d of slice.keep) {
          const k = d.statement.getKindName();
          if (k === 'FunctionDeclaration' || (k === 'ClassDeclaration' && d.statement.getText().includes('(') && /\b(async|return)\b/.test(d.statement.getText()))) {
            problems.push({ kind: 'copied-code', side: 'service', file: node.module, line: d.statement.getStartLineNumber(), message: `${d.names.join(', ')} of ${owner(node.module)} is copied into the service because it is used by name (not called as an operation)`, fix: 'move it to the shared kernel, or call it through an operation of its owner' });
          }
        }
      }
    }
    model.links.forEach((link, i) => {
      if (link.sideEffect) {
        if (wanted) {
          node.sideEffects.set(i, { kind: 'drop' });
          return;
        }
        // a previous extraction's monolith wiring (what the monolith serves to that service, its event bridge) stays in the monolith
        if (link.target && isGeneratedWiring(link.target, input.sources.get(link.target))) {
          node.sideEffects.set(i, { kind: 'drop' });
          return;
        }
        const b: Binding = { imported: '*', local: '*', typeOnly: false };
        const d = decide(node, link, b);
        node.sideEffects.set(i, d.kind === 'target' || d.kind === 'external' || d.kind === 'generated' ? d : { kind: 'drop' });
        return;
      }
      const m = new Map<string, Decision>();
      for (const b of link.bindings) {
        const active = !wanted || (link.reexport ? wanted.has(b.local) || (b.local === '*' && [...wanted].some((w) => !model.exports.has(w))) : usedLocals!.has(b.local));
        // `export * from './x'` in a slice: only the names asked of this file that ./x exports go through it
        const theirs = active && wanted && link.reexport && b.local === '*' && link.target ? allExports(link.target) : undefined;
        if (theirs) {
          const names = [...(wanted ?? [])].filter((w) => !model.exports.has(w) && theirs.has(w));
          m.set(b.local, names.length > 0 ? decide(node, link, b, names) : { kind: 'drop' });
          continue;
        }
        m.set(b.local, active ? decide(node, link, b) : { kind: 'drop' });
      }
      node.decisions.set(i, m);
    });
    // code the service's own and composition code loads with `await import('./bootstrap.module')` comes along
    // like a static import's (other services' code loaded so is reported below)
    if (node.place === 'service' && (node.role === 'own' || node.role === 'wiring')) {
      for (const e of edgesFrom.get(node.module) ?? []) {
        if (e.kind !== 'dynamic') continue;
        const o = owner(e.to);
        if (o === service.id || (wiring.has(e.to) && !pureBarrel(e.to))) {
          want('service', e.to, o === service.id ? 'own' : 'wiring', 'all');
          node.dynamic.set(e.line, { kind: 'target', module: e.to, place: 'service' });
        } else if ((o === 'shared' || o === MONOLITH) && !wiring.has(e.to)) {
          const place: Place = inTree.has(e.to) ? 'service' : 'kernel';
          want(place, e.to, 'library', 'all');
          node.dynamic.set(e.line, { kind: 'target', module: e.to, place });
        }
      }
    }
    // a name of another side that composition code uses at run time where no pruning can reach
    // (`const cookies = parse(header)` inside a callback, then `if (!cookies)`) is kept: it becomes a
    // client call or a contract like any own module's use, instead of a half-pruned callback
    // so is a global guard, interceptor, pipe or filter of another side: it applies to the service's routes too
    if (node.role === 'wiring') {
      const enhancers = globalEnhancers(model.file);
      model.links.forEach((link, i) => {
        const m = node.decisions.get(i);
        if (!m || link.reexport) return;
        for (const b of link.bindings) {
          if (m.get(b.local)?.kind !== 'prune' || !link.target || entities.has(link.target) || isNestModule(link.target, b.imported)) continue;
          const key = `${node.module}|${b.local}`;
          if (!enhancers.has(b.local) && (prunable.get(key) ?? prunable.set(key, prunesCleanly(model.file.getFullText(), b.local)).get(key))) continue;
          keptInWiring.add(key);
          m.set(b.local, decide(node, link, b));
        }
      });
    }
  };
  for (const m of [...own].sort(compareStrings)) want('service', m, 'own', 'all');
  for (const e of entries) want('service', e, 'wiring', 'all');
  while (queue.length > 0) scan(queue.shift()!);

  // dynamic imports of other services' code cannot be turned into calls
  for (const e of facts.imports) {
    if (e.kind === 'dynamic' && own.has(e.from) && !own.has(e.to) && isServiceCode(e.to)) {
      problems.push({ kind: 'dynamic-import', side: 'service', file: e.from, line: e.line, message: `loads ${e.to} (${owner(e.to)}) at run time with import()`, fix: 'call an operation of its owner instead, or move the module to the kernel' });
    }
  }

  // generated files, service side
  problems.push(...excludedImports.values());
  const service$ = new Map<string, string>();
  const seamDir = srcRoot ? `${srcRoot}/seam` : 'seam';
  const kernelErrors = errorClasses(facts, decomposition, input.sources);
  for (const k of kernelErrors) want(inTree.has(k.module) ? 'service' : 'kernel', k.module, 'library', 'all');
  const loaded = (m: string): boolean => nodes.has(keyOf('kernel', m)) || nodes.has(keyOf('service', m));
  const buses = bridgedBuses(facts, own, loaded, isServiceCode, wiring, input.sources, problems);
  while (queue.length > 0) scan(queue.shift()!);
  // the app's ambient declarations go wherever its code goes, their imports rewritten like any module's
  // (`import { IUser } from '@/interfaces/IUser'` in a global augmentation brings IUser along)
  const hasKernel = [...nodes.values()].some((n) => n.place === 'kernel');
  for (const d of [...(input.ambient?.keys() ?? [])].sort(compareStrings)) {
    want('service', d, 'library', 'all');
    if (hasKernel) want('kernel', d, 'library', 'all');
  }
  while (queue.length > 0) scan(queue.shift()!);
  // the kernel package cannot import the app: a declaration whose imports stay in the service's tree
  // (`ProcessEnv extends ValidatedEnv` from the app's config) is the service's alone
  for (const d of input.ambient?.keys() ?? []) {
    const node = nodes.get(keyOf('kernel', d));
    if (node && [...node.decisions.values(), node.sideEffects].some((m) => [...m.values()].some((x) => (x.kind === 'target' && x.place === 'service') || x.kind === 'client' || x.kind === 'prune'))) nodes.delete(keyOf('kernel', d));
  }
  // another side's code both trees copy as a contract is copied once, into the kernel package the
  // service depends on: two copies of a class with private members are two unrelated types to tsc
  for (let moved = true; moved; ) {
    moved = false;
    for (const node of [...nodes.values()].sort((x, y) => compareStrings(x.module, y.module))) {
      if (node.place !== 'service' || node.role !== 'contract' || !nodes.has(keyOf('kernel', node.module))) continue;
      nodes.delete(keyOf('service', node.module));
      want('kernel', node.module, 'contract', node.names);
      for (const n of nodes.values()) {
        for (const d of [...[...n.decisions.values()].flatMap((m) => [...m.values()]), ...n.sideEffects.values(), ...n.dynamic.values()]) {
          if (d.kind === 'target' && d.module === node.module && d.place === 'service') d.place = 'kernel';
        }
      }
      moved = true;
    }
    while (queue.length > 0) scan(queue.shift()!);
  }
  // a class another side serves, called by code the carve copied along (a global guard kept for the
  // service's routes, a contract's method body) on members no service called across the plan's cut:
  // those members are operations of their owner too, or the copied code would call what its client lacks
  const added = new Map<string, Map<string, Set<string>>>();
  for (const node of [...nodes.values()].sort((x, y) => compareStrings(keyOf(x.place, x.module), keyOf(y.place, y.module)))) {
    const model = originalModel(node.module);
    if (!model) continue;
    const imported = new Map<string, string>();
    for (const m of node.decisions.values()) for (const [local, d] of m) if (d.kind === 'client') imported.set(local, `${d.module}#${d.symbol}`);
    if (imported.size === 0) continue;
    for (const c of memberCallsOf(model.file, imported)) {
      const entry = ops.get(c.symbol);
      const name = c.symbol.slice(c.symbol.indexOf('#') + 1);
      if (!entry || !entry.ops.some((op) => op.symbol.includes('.')) || entry.ops.some((op) => op.symbol === `${name}.${c.member}`)) continue;
      // declared by the class or a base class of ours, or inherited from a package's class (`extends
      // EntityRepository<T>`: the client takes and returns untyped values there, and says so)
      const cls = original.getSourceFile('/' + entry.ops[0]!.module)?.getClass(name);
      const { method, external } = cls ? inheritedMethod(cls, c.member) : { external: false };
      if (method ? method.hasModifier(SyntaxKind.PrivateKeyword) || method.hasModifier(SyntaxKind.ProtectedKeyword) : !external) continue;
      const byMember = added.get(c.symbol) ?? new Map<string, Set<string>>();
      added.set(c.symbol, byMember.set(c.member, (byMember.get(c.member) ?? new Set()).add(node.module)));
    }
  }
  for (const [key, members] of [...added].sort((x, y) => compareStrings(x[0], y[0]))) {
    const entry = ops.get(key)!;
    const name = key.slice(key.indexOf('#') + 1);
    const taken = [...(plan.services.find((x) => x.id === entry.owner)?.operations ?? []), ...[...ops.values()].filter((e) => e.owner === entry.owner).flatMap((e) => e.ops)].map((o) => o.path.replace(/^\/internal\//, ''));
    const list = [...members.keys()].sort(compareStrings);
    const paths = uniqueSlugs(list.map((mb) => useCase(`${name}.${mb}`).join(' ')), taken);
    list.forEach((mb, i) => entry.ops.push({ kind: 'symbol', id: paths[i]!, symbol: `${name}.${mb}`, module: entry.ops[0]!.module, method: 'POST', path: `/internal/${paths[i]!}`, calledBy: [{ service: service.id, modules: [...members.get(mb)!].sort(compareStrings) }] }));
    clientCache.delete(key);
    clientOf(entry.ops[0]!.module, name);
  }

  // a generator's output goes where kernel code can import it when any kernel file does
  const sourceOf = new Map((input.generated ?? []).map((g) => [g.output, g.source]));
  const generatedPlace = new Map<string, Place>();
  for (const node of nodes.values()) {
    for (const d of [...node.sideEffects.values(), ...[...node.decisions.values()].flatMap((m) => [...m.values()])]) {
      if (d.kind !== 'generated') continue;
      const source = sourceOf.get(d.output)!;
      if (node.place === 'kernel') generatedPlace.set(source, 'kernel');
      else if (!generatedPlace.has(source)) generatedPlace.set(source, 'service');
    }
  }
  const specFor = (fromOut: string, d: Decision, original: string): string => {
    if (d.kind === 'generated') {
      if (generatedPlace.get(sourceOf.get(d.output)!) !== 'kernel') return specifierToFolder(fromOut, d.output, d.rest);
      if (fromOut.startsWith('kernel/')) return specifierToFolder(fromOut, `kernel/${d.output}`, d.rest);
      return `${input.kernelPackage}/${d.output}${stripExt(d.rest)}`;
    }
    if (d.kind === 'target') {
      const toOut = outPath(d.place, d.module);
      if (d.place === 'kernel' && !fromOut.startsWith('kernel/')) return `${input.kernelPackage}/${stripExt(d.module)}`;
      // a relative specifier that still reaches the same file is kept as written (`'../common/guards'` for its index)
      if (/^\.{1,2}\//.test(original)) {
        const reached = joinPath(dirname(fromOut), original.replace(/\.js$/, ''));
        if (reached === stripExt(toOut) || `${reached}/index` === stripExt(toOut)) return original;
      }
      return relativeSpecifier(fromOut, toOut, usesJsExtension(original));
    }
    return original;
  };
  const clientTarget = MONOLITH;
  const clientFile = `${seamDir}/${CLIENT_DIR.slice('seam/'.length)}/${clientTarget}.ts`;

  const serviceClientNames = clientNames(clientUses.keys());
  const unresolved: CarveResult['unresolved'] = [];
  const servesInstances = service.operations.some((o) => o.kind === 'symbol' && declaredHere(o.module, o.symbol.split('.')[0]!) && instanceClass(o.module, o.symbol.split('.')[0]!));
  // constructed classes (`new User()`) are contracts, and a constant's property (`events.user.signUp`) is no call: nothing to serve
  const callable = (o: SymbolOperation): boolean => {
    const head = o.symbol.split('.')[0]!;
    if (instanceClass(o.module, head)) return true;
    const c = clientOf(o.module, head);
    return !!c && !c.notes.some((n) => n.message.startsWith(`${o.symbol}: no declaration`));
  };
  const serves = service.operations.filter((o): o is SymbolOperation => o.kind === 'symbol' && declaredHere(o.module, o.symbol.split('.')[0]!) && !(o.symbol.indexOf('.') < 0 && !!original.getSourceFile('/' + o.module)?.getClass(o.symbol)) && callable(o));
  for (const node of nodes.values()) {
    const model = svcModels.get(keyOf(node.place, node.module));
    if (!model) continue;
    const from = outPath(node.place, node.module);
    for (const [i, link] of model.links.entries()) {
      const ds = node.decisions.get(i);
      const active = ds ? [...ds.values()].some((d) => d.kind !== 'drop' && d.kind !== 'prune') : node.names === 'all';
      if (!link.target && /^\.{1,2}\//.test(link.specifier) && active && !generatedOf(node.module, link.specifier)) unresolved.push({ module: node.module, out: from, specifier: link.specifier });
    }
    const edit: FileEdit = { actions: new Map(), respecify: new Map(), remove: new Set() };
    if (node.names !== 'all') edit.keep = sliceNeeds(model, node.names).keep;
    model.links.forEach((link, i) => {
      const se = node.sideEffects.get(i);
      if (link.sideEffect) {
        if (!se || se.kind === 'external') return;
        if (se.kind === 'target' || se.kind === 'generated') edit.respecify.set(i, specFor(from, se, link.specifier));
        else edit.remove.add(i);
        return;
      }
      const ds = node.decisions.get(i);
      if (!ds) return;
      const actions = new Map<string, BindingAction>();
      for (const [local, d] of ds) {
        if (d.kind === 'external') continue;
        if (d.kind === 'prune') actions.set(local, { kind: 'prune' });
        else if (d.kind === 'drop') actions.set(local, { kind: 'drop' });
        else if (d.kind === 'client') actions.set(local, { kind: 'client', specifier: relativeSpecifier(from, clientFile, usesJsExtension(link.specifier)), name: serviceClientNames.get(`${d.module}#${d.symbol}`) ?? d.symbol });
        else actions.set(local, { kind: 'keep', specifier: specFor(from, d, link.specifier) });
      }
      edit.actions.set(i, actions);
    });
    if (node.dynamic.size > 0) {
      const written = dynamicImports(model.file);
      edit.dynamic = new Map([...node.dynamic].map(([line, d]) => [line, specFor(from, d, written.get(line)?.getLiteralValue() ?? '')]));
    }
    if (node.place === 'service' && node.module === entries[0]) {
      const added: string[] = [];
      if (buses.length > 0) added.push(`import ${quote(relativeSpecifier(from, `${seamDir}/event-bridge.ts`))};`);
      if (serves.length > 0) added.push(`import ${quote(relativeSpecifier(from, `${seamDir}/internal-server.ts`))};`);
      if (added.length > 0) edit.addAfterImports = added;
    }
    for (const p of applyEdit(model, edit)) problems.push(pruneProblem(p, node.module, 'service'));
    const from$ = nestImporters.get(node.module);
    if (node.place === 'service' && from$) {
      const provided = [...clientUses.keys()].filter((k) => clientCache.get(k)?.kind === 'class' && from$.has(ops.get(k)!.owner)).map((k) => serviceClientNames.get(k)!).sort(compareStrings);
      if (provided.length > 0) addNestProviders(model.file, provided, relativeSpecifier(from, clientFile, usesJsExtension(model.links[0]?.specifier ?? '')));
    }
    if (node.place === 'service' && node.role === 'wiring' && servesInstances) hookNestApp(model.file, relativeSpecifier(from, `${seamDir}/rpc.ts`));
    service$.set(from, model.file.getFullText());
  }

  service$.set(`${seamDir}/rpc.ts`, RPC_MODULE);
  service$.set(`${seamDir}/errors.ts`, errorsModule(`${seamDir}/errors.ts`, kernelErrors, (m) => (inTree.has(m) ? relativeSpecifier(`${seamDir}/errors.ts`, m) : `${input.kernelPackage}/${stripExt(m)}`)));
  const calls: SymbolOperation[] = [];
  if (clientUses.size > 0) {
    const symbols = [...clientUses.values()].sort((a, b) => compareStrings(`${a.module}#${a.symbol}`, `${b.module}#${b.symbol}`));
    const typeSource = (m: string): string => {
      const o = owner(m);
      if (o !== service.id && (o === 'shared' || o === MONOLITH) && !wiring.has(m) && !inTree.has(m)) return `${input.kernelPackage}/${stripExt(m)}`;
      // another side's declarations the kernel package holds (and the service's tree does not)
      if (!nodes.has(keyOf('service', m)) && nodes.has(keyOf('kernel', m))) return `${input.kernelPackage}/${stripExt(m)}`;
      return relativeSpecifier(clientFile, m);
    };
    // a type of a generated client (a Prisma model) comes from where the service's tree regenerates it
    const externalSource = (n: { specifier: string; from?: string }): string => {
      const g = n.from ? generatedOf(n.from, n.specifier) : undefined;
      if (!g) return n.specifier;
      const source = sourceOf.get(g.output)!;
      if (!generatedPlace.has(source)) generatedPlace.set(source, 'service');
      return specFor(clientFile, { kind: 'generated', ...g }, n.specifier);
    };
    service$.set(clientFile, clientModule(clientFile, clientTarget, symbols.map((s) => ({ ...clientCache.get(`${s.module}#${s.symbol}`)!, name: serviceClientNames.get(`${s.module}#${s.symbol}`)! })), typeSource, seamDir, externalSource));
    for (const s of symbols) {
      const c = clientCache.get(`${s.module}#${s.symbol}`)!;
      for (const n of c.notes) problems.push({ kind: n.message.includes('no declaration') ? 'no-signature' : 'sync-becomes-async', side: 'service', file: n.file, line: n.line, message: n.message, fix: n.message.includes('no declaration') ? 'type the generated client by hand' : 'await the call at every call site' });
      calls.push(...ops.get(`${s.module}#${s.symbol}`)!.ops);
    }
  }
  if (serves.length > 0) service$.set(`${seamDir}/internal-server.ts`, internalServer(`${seamDir}/internal-server.ts`, service.slug, serves, (m) => relativeSpecifier(`${seamDir}/internal-server.ts`, m), namedExport, instanceClass));
  if (buses.length > 0) service$.set(`${seamDir}/event-bridge.ts`, eventBridge(`${seamDir}/event-bridge.ts`, service.slug, MONOLITH, buses, (m) => (inTree.has(m) ? relativeSpecifier(`${seamDir}/event-bridge.ts`, m) : `${input.kernelPackage}/${stripExt(m)}`)));

  // ---- the monolith's side -------------------------------------------------------------------------
  const mono = carveMonolith({ ...input, own, wiring, entities, ops, clientOf, clientCache, edgesFrom, entries, seamDir, kernelErrors, calls, problems, owner, buses, exportedLocal, allExports, namedExport, instanceClass, isNestModule });

  const roles = [...nodes.values()].map((n) => ({ module: n.module, role: n.names === 'all' ? n.role : ('contract' as Role), place: n.place })).sort((a, b) => compareStrings(`${a.place}|${a.module}`, `${b.place}|${b.module}`));
  return { service: service$, srcRoot, entries, roles, monolithChanged: mono.changed, monolithDeleted: mono.deleted, serves, calls: dedupeOps(calls), buses, unresolved: unresolved.sort((a, b) => compareStrings(`${a.out}|${a.specifier}`, `${b.out}|${b.specifier}`)), generated: [...generatedPlace].sort((a, b) => compareStrings(a[0], b[0])).map(([source, place]) => ({ source, place })), declarationsNeeded: [...dtsNeeded].sort(compareStrings).map((k) => ({ place: k.slice(0, k.indexOf('|')) as Place, module: k.slice(k.indexOf('|') + 1) })), problems: sortProblems(problems) };
}

/** A distinct exported name per client symbol (`module#symbol`, sorted): a second `FileMapper` from another module becomes `FileMapper2`. */
function clientNames(keys: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Map<string, number>();
  for (const key of [...keys].sort(compareStrings)) {
    const name = key.slice(key.lastIndexOf('#') + 1);
    const n = (used.get(name) ?? 0) + 1;
    used.set(name, n);
    out.set(key, n === 1 ? name : `${name}${n}`);
  }
  return out;
}

function dedupeOps(ops: SymbolOperation[]): SymbolOperation[] {
  const seen = new Map<string, SymbolOperation>();
  for (const o of ops) seen.set(o.path, o);
  return [...seen.values()].sort((a, b) => compareStrings(a.path, b.path));
}

/** Each report item once (same side, kind, place and message), in a stable order. */
export function uniqueItems<T extends { side: string; kind: string; file: string; line: number; message: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((p) => {
    const k = `${p.side}|${p.kind}|${p.file}|${p.line}|${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function sortProblems(ps: CarveProblem[]): CarveProblem[] {
  return uniqueItems(ps)
    .sort((a, b) => compareStrings(`${a.side}|${a.file}|${String(a.line).padStart(6, '0')}|${a.kind}`, `${b.side}|${b.file}|${String(b.line).padStart(6, '0')}|${b.kind}`));
}

function pruneProblem(p: PruneProblem, file: string, side: 'service' | 'monolith'): CarveProblem {
  return { kind: 'unremovable-wiring', side, file, line: p.line, message: `uses ${p.name}, which is not on this side any more, in a position Seam cannot remove safely: ${p.text}`, fix: `remove or replace the use of ${p.name} by hand` };
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The kernel's error classes (exported classes extending Error or another of them): both sides register them for the wire. */
export function errorClasses(facts: Facts, decomposition: Decomposition, sources: ReadonlyMap<string, string>): { module: string; name: string }[] {
  const kernel = decomposition.shared.map((k) => k.module).filter((m) => sources.has(m)).sort(compareStrings);
  const found: { module: string; name: string }[] = [];
  const names = new Set(['Error']);
  for (let round = 0; round < 4; round++) {
    for (const m of kernel) {
      for (const match of sources.get(m)!.matchAll(/export\s+(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)(?:<[^>{]*>)?\s+extends\s+([A-Za-z_$][\w$]*)/g)) {
        const [, name, base] = match;
        if (names.has(base!) && !names.has(name!)) {
          names.add(name!);
          found.push({ module: m, name: name! });
        }
      }
    }
  }
  void facts;
  return found.sort((a, b) => compareStrings(`${a.module}#${a.name}`, `${b.module}#${b.name}`));
}

function errorsModule(file: string, classes: readonly { module: string; name: string }[], spec: (module: string) => string): string {
  const L = ['/** Generated by Seam (seam extract): the error classes both sides share, so a remote error is rebuilt as one. */', "import { registerErrorClasses } from './rpc';"];
  const byModule = new Map<string, string[]>();
  for (const c of classes) byModule.set(c.module, [...(byModule.get(c.module) ?? []), c.name]);
  for (const [m, names] of byModule) L.push(`import { ${names.join(', ')} } from ${quote(spec(m))};`);
  L.push('', `registerErrorClasses({ ${classes.map((c) => c.name).join(', ')} });`, '');
  void file;
  return L.join('\n');
}

function clientModule(file: string, target: string, symbols: readonly ClientSymbol[], typeSource: (module: string) => string, seamDir: string, externalSource: (need: { specifier: string; from?: string }) => string = (n) => n.specifier): string {
  const L = [`/**`, ` * Generated by Seam (seam extract): typed clients of the operations ${target} serves at SEAM_${target.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_URL.`, ` * Each replaces an in-process call with the same signature; errors come back as the thrower's class.`, ' */'];
  L.push(`import { callInternal } from ${quote(relativeSpecifier(file, `${seamDir}/rpc.ts`))};`, `import ${quote(relativeSpecifier(file, `${seamDir}/errors.ts`))};`);
  const typeImports = new Map<string, Set<string>>();
  const whole = new Map<string, string>();
  // the clients this file declares take their names first
  const taken = new Set<string>(symbols.map((s) => s.name));
  for (const s of symbols) {
    for (const n of s.needs) {
      const spec = 'module' in n ? typeSource(n.module) : externalSource(n);
      if (n.local !== undefined) {
        // `import type * as O from ...` / `import type O from ...`
        if (!taken.has(n.local)) whole.set(n.local, `import type ${n.name === '*' ? `* as ${n.local}` : n.local} from ${quote(spec)};`);
        taken.add(n.local);
        continue;
      }
      if (taken.has(n.name) && !typeImports.get(spec)?.has(n.name)) continue;
      taken.add(n.name);
      typeImports.set(spec, (typeImports.get(spec) ?? new Set()).add(n.name));
    }
  }
  for (const [spec, names] of [...typeImports.entries()].sort((a, b) => compareStrings(a[0], b[0]))) L.push(`import type { ${[...names].sort(compareStrings).join(', ')} } from ${quote(spec)};`);
  for (const [, line] of [...whole.entries()].sort((a, b) => compareStrings(a[0], b[0]))) L.push(line);
  L.push('');
  for (const s of symbols) {
    if (s.kind === 'function' && s.members.length === 1 && s.members[0]!.member === '') {
      const m = s.members[0]!;
      L.push(`export function ${s.name}${m.typeParams}(${m.params}): ${m.returns} {`, `  return callInternal(${quote(target)}, ${quote(m.path)}, ${m.args});`, '}', '');
      continue;
    }
    if (s.kind === 'class') {
      // callers hold instances of it (a DI container injects them): a class of the same name, usable as type and token
      L.push(`export class ${s.name}${s.typeParams ?? ''} {`);
      for (const m of s.members) L.push(`  ${m.member || 'call'}${m.typeParams}(${m.params}): ${m.returns} {`, `    return callInternal(${quote(target)}, ${quote(m.path)}, ${m.args});`, '  }', '');
      if (L[L.length - 1] === '') L.pop();
      L.push('}', '');
      continue;
    }
    L.push(`export const ${s.name} = {`);
    for (const m of s.members) L.push(`  ${m.member || 'call'}${m.typeParams}(${m.params}): ${m.returns} {`, `    return callInternal(${quote(target)}, ${quote(m.path)}, ${m.args});`, '  },');
    L.push('};', '');
  }
  return L.join('\n');
}

function internalServer(file: string, name: string, ops: readonly SymbolOperation[], spec: (module: string) => string, named: (module: string, symbol: string) => boolean, instanceClass: (module: string, symbol: string) => boolean): string {
  const L = ['/**', ` * Generated by Seam (seam extract): the operations ${name} serves to the other side of the cut, on SEAM_INTERNAL_PORT.`, ' */'];
  const dir = file.slice(0, file.lastIndexOf('/'));
  const viaInstance = ops.some((o) => instanceClass(o.module, o.symbol.split('.')[0]!));
  L.push(`import { ${viaInstance ? 'instanceOf, ' : ''}serveInternal } from ${quote(relativeSpecifier(file, `${dir}/rpc.ts`))};`, `import ${quote(relativeSpecifier(file, `${dir}/errors.ts`))};`);
  const byModule = new Map<string, Set<string>>();
  for (const o of ops) byModule.set(o.module, (byModule.get(o.module) ?? new Set()).add(o.symbol.split('.')[0]!));
  // a default export without a name of its own (`export default { ... }`) gets one from its module
  const localOf = (module: string, head: string): string => (head === 'default' ? `${camelName(module.split('/').pop()!.replace(/\.[^.]+$/, ''))}Default` : head);
  for (const [m, names] of [...byModule.entries()].sort((a, b) => compareStrings(a[0], b[0]))) {
    const all = [...names].sort(compareStrings);
    const byName = all.filter((n) => n !== 'default' && named(m, n));
    for (const d of all.filter((n) => n === 'default' || !named(m, n))) L.push(`import ${localOf(m, d)} from ${quote(spec(m))};`);
    if (byName.length > 0) L.push(`import { ${byName.join(', ')} } from ${quote(spec(m))};`);
  }
  L.push('', `serveInternal(${quote(name)}, {`);
  for (const o of [...ops].sort((a, b) => compareStrings(a.path, b.path))) {
    const [head, ...rest] = o.symbol.split('.');
    if (instanceClass(o.module, head!) && rest.length > 0) {
      const cls = localOf(o.module, head!);
      L.push(`  ${quote(o.path)}: (args) => instanceOf(${cls}).${rest.join('.')}(...(args as Parameters<${cls}[${quote(rest.join('.'))}]>)),`);
      continue;
    }
    const call = [localOf(o.module, head!), ...rest].join('.');
    L.push(`  ${quote(o.path)}: (args) => ${call}(...(args as Parameters<typeof ${call}>)),`);
  }
  L.push('});', '');
  return L.join('\n');
}

const EMIT_BUSES = /new\s+(?:EventEmitter2?|EventEmitter3|Emittery)\b|\b(?:mitt|createNanoEvents)\s*\(/;

export interface Bus {
  module: string;
  name: string;
}

/**
 * Event buses (emit-style: Node's EventEmitter, EventEmitter2/3, Emittery, mitt, nanoevents) in
 * shared code whose users sit on both sides of the cut: each side's emits are forwarded to the
 * other, so a listener that moved (or stayed) still hears them. Others are reported.
 */
function bridgedBuses(facts: Facts, own: ReadonlySet<string>, loaded: (m: string) => boolean, isServiceCode: (m: string) => boolean, wiring: ReadonlySet<string>, sources: ReadonlyMap<string, string>, problems: CarveProblem[]): Bus[] {
  const out: Bus[] = [];
  for (const s of facts.sharedState) {
    if (s.kind !== 'event-bus') continue;
    // the service's process loads the bus (its code or the kernel code it runs emits or listens), and the monolith's code uses it too
    const inService = own.has(s.module) || s.users.some((u) => own.has(u)) || loaded(s.module);
    if (!inService || !s.users.some((u) => !own.has(u))) continue;
    const text = sources.get(s.module) ?? '';
    const exported = new RegExp(`export\\s+(?:const|let|var)\\s+${s.name.replace(/[$]/g, '\\$')}\\b`).test(text);
    if (isServiceCode(s.module) || wiring.has(s.module) || !exported || !EMIT_BUSES.test(text)) {
      problems.push({ kind: 'event-bus', side: 'service', file: s.module, line: s.line, message: `event bus ${s.name} has listeners or emitters on both sides of the cut, and Seam bridges only exported emit-style buses in shared code`, fix: 'publish these events through a broker both sides reach (or export the bus from the kernel)' });
      continue;
    }
    out.push({ module: s.module, name: s.name });
  }
  return out.sort((a, b) => compareStrings(`${a.module}#${a.name}`, `${b.module}#${b.name}`));
}

function eventBridge(file: string, self: string, peer: string, buses: readonly Bus[], spec: (module: string) => string): string {
  const L = [
    '/**',
    ` * Generated by Seam (seam extract): in-process events cross the cut. What ${self} emits on these buses`,
    ` * also reaches ${peer} (at SEAM_${peer.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_URL), and what ${peer} emits arrives here (see bridgeBus in rpc.ts).`,
    ' */',
    `import { bridgeBus } from ${quote(relativeSpecifier(file, `${file.slice(0, file.lastIndexOf('/'))}/rpc.ts`))};`,
  ];
  buses.forEach((b, i) => L.push(`import { ${b.name} as bus${i} } from ${quote(spec(b.module))};`));
  L.push('');
  buses.forEach((b, i) => L.push(`bridgeBus(${quote(`${b.module}#${b.name}`)}, bus${i} as unknown as Parameters<typeof bridgeBus>[1], ${quote(self)}, ${quote(peer)});`));
  L.push('');
  return L.join('\n');
}

interface MonolithInput extends CarveInput {
  own: Set<string>;
  wiring: Set<string>;
  entities: Set<string>;
  ops: Map<string, { owner: string; ops: SymbolOperation[] }>;
  clientOf: (module: string, symbol: string) => ClientSymbol | undefined;
  clientCache: Map<string, ClientSymbol>;
  edgesFrom: Map<string, ImportEdge[]>;
  entries: string[];
  seamDir: string;
  kernelErrors: { module: string; name: string }[];
  calls: SymbolOperation[];
  problems: CarveProblem[];
  owner: (m: string) => string;
  buses: Bus[];
  exportedLocal: (module: string, imported: string) => string | undefined;
  allExports: (module: string) => Set<string> | undefined;
  namedExport: (module: string, name: string) => boolean;
  instanceClass: (module: string, name: string) => boolean;
  isNestModule: (module: string, imported: string) => boolean;
}

function carveMonolith(input: MonolithInput): { changed: Map<string, string>; deleted: string[] } {
  const { own, wiring, entities, service } = input;
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: parseCompilerOptions(input.compilerOptions, input.tsconfigDir ?? ''), skipAddingFilesFromTsConfig: true });
  const models = new Map<string, SourceModel>();
  const model = (m: string): SourceModel | undefined => {
    let x = models.get(m);
    if (!x) {
      const text = input.sources.get(m);
      if (text === undefined) return undefined;
      x = readSourceModel(project.createSourceFile('/' + m, text, { overwrite: true }), input.edgesFrom.get(m) ?? []);
      models.set(m, x);
    }
    return x;
  };
  const clientFile = `${input.seamDir}/clients/${service.slug}.ts`;
  // per extraction: what the monolith serves to this service, and the bridge of its buses to it
  const internalFile = `${input.seamDir}/internal-${service.slug}.ts`;
  const eventsFile = `${input.seamDir}/events-${service.slug}.ts`;
  const entryImports = (from: string): string[] | undefined => {
    const out: string[] = [];
    if (input.buses.length > 0) out.push(`import ${quote(relativeSpecifier(from, eventsFile))};`);
    if (input.calls.length > 0) out.push(`import ${quote(relativeSpecifier(from, internalFile))};`);
    return out.length > 0 ? out : undefined;
  };
  const slices = new Map<string, Set<string>>();
  const sliceQueue: string[] = [];
  const wantSlice = (m: string, name: string): void => {
    const s = slices.get(m) ?? new Set<string>();
    if (s.has(name)) return;
    s.add(name);
    slices.set(m, s);
    sliceQueue.push(m);
  };
  const clientUses = new Map<string, { module: string; symbol: string }>();
  const edits = new Map<string, FileEdit>();
  const nestImporters = new Set<string>();

  // modules that stay: point their uses of the service at clients or contracts, or prune the wiring
  for (const m of [...input.sources.keys()].sort(compareStrings)) {
    if (own.has(m)) continue;
    const edges = input.edgesFrom.get(m) ?? [];
    if (!edges.some((e) => own.has(e.to))) continue;
    const mod = model(m);
    if (!mod) continue;
    const edit: FileEdit = { actions: new Map(), respecify: new Map(), remove: new Set() };
    const enhancers = wiring.has(m) ? globalEnhancers(mod.file) : new Set<string>();
    mod.links.forEach((link, i) => {
      if (!link.target || !own.has(link.target)) return;
      if (link.sideEffect) {
        edit.remove.add(i);
        return;
      }
      const actions = new Map<string, BindingAction>();
      for (const b of link.bindings) {
        // composition wiring of the service goes, unless the monolith uses the name at run time where
        // no pruning can reach (inside a callback): then it calls the service like any other module
        if (wiring.has(m) && !entities.has(link.target) && !enhancers.has(b.local) && (input.isNestModule(link.target, b.imported) || prunesCleanly(mod.file.getFullText(), b.local))) {
          actions.set(b.local, { kind: 'prune' });
          continue;
        }
        // the service's NestJS module, imported by a monolith module for its providers: the clients replace it
        if (input.isNestModule(link.target, b.imported)) {
          actions.set(b.local, { kind: 'prune' });
          nestImporters.add(m);
          continue;
        }
        const symbol = input.exportedLocal(link.target, b.imported);
        const offered = !b.typeOnly && !link.reexport && symbol ? input.clientOf(link.target, symbol) : undefined;
        const client = offered && !extendsName(mod.file, b.local) ? offered : undefined;
        if (client && symbol) {
          clientUses.set(`${link.target}#${symbol}`, { module: link.target, symbol });
          for (const n of client.needs) if ('module' in n && own.has(n.module)) wantSlice(n.module, n.name);
          // named once every client of the file is known (see clientNames)
          actions.set(b.local, { kind: 'client', specifier: relativeSpecifier(m, clientFile, usesJsExtension(link.specifier)), name: `${link.target}#${symbol}` });
          continue;
        }
        wantSlice(link.target, b.imported === '*' ? '*' : b.imported);
      }
      if (actions.size > 0) edit.actions.set(i, actions);
    });
    edits.set(m, edit);
  }
  // the service's modules the monolith still uses as contracts: sliced; the rest deleted
  const sliceScans = new Map<string, ReturnType<typeof sliceNeeds>>();
  /** a re-export a slice keeps: one of the names asked, or an `export *` that may hold a name the file does not export itself */
  const reexportActive = (mod: SourceModel, names: ReadonlySet<string>, b: Binding): boolean => names.has(b.local) || (b.local === '*' && [...names].some((n) => !mod.exports.has(n)));
  const starNames = (mod: SourceModel, names: ReadonlySet<string>, link: ModuleLink): string[] | undefined => {
    const theirs = link.target ? input.allExports(link.target) : undefined;
    return theirs && [...names].filter((n) => !mod.exports.has(n) && theirs.has(n));
  };
  while (sliceQueue.length > 0) {
    const m = sliceQueue.shift()!;
    const mod = model(m);
    if (!mod) continue;
    const names = slices.get(m)!;
    const all = names.has('*') || input.entities.has(m);
    const scan = all ? { keep: new Set(mod.declarations), usedLocals: new Set(mod.links.flatMap((l) => l.bindings.map((b) => b.local))) } : sliceNeeds(mod, names);
    sliceScans.set(m, scan);
    for (const link of mod.links) {
      if (!link.target || !own.has(link.target)) continue;
      for (const b of link.bindings) {
        // `export * from './x'` in a slice passes on the names asked of the slice that ./x exports
        const star = link.reexport && b.local === '*' && !all ? starNames(mod, names, link) : undefined;
        if (star) for (const n of star) wantSlice(link.target, n);
        else if (link.reexport ? reexportActive(mod, names, b) : scan.usedLocals.has(b.local)) wantSlice(link.target, b.imported === '*' ? '*' : b.imported);
      }
    }
  }
  for (const [m, scan] of sliceScans) {
    const mod = model(m)!;
    const names = slices.get(m)!;
    const all = names.has('*') || input.entities.has(m);
    const edit: FileEdit = { actions: new Map(), respecify: new Map(), remove: new Set(), ...(all ? {} : { keep: scan.keep }) };
    mod.links.forEach((link, i) => {
      if (all) return;
      if (link.sideEffect) {
        edit.remove.add(i);
        return;
      }
      const actions = new Map<string, BindingAction>();
      for (const b of link.bindings) {
        const star = link.reexport && b.local === '*' ? starNames(mod, names, link) : undefined;
        const active = star ? star.length > 0 : link.reexport ? reexportActive(mod, names, b) : scan.usedLocals.has(b.local);
        if (!active) actions.set(b.local, { kind: 'drop' });
      }
      if (actions.size > 0) edit.actions.set(i, actions);
    });
    edits.set(m, edit);
  }

  const names = clientNames(clientUses.keys());
  for (const edit of edits.values()) {
    for (const actions of edit.actions.values()) {
      for (const [local, a] of actions) if (a.kind === 'client') actions.set(local, { ...a, name: names.get(a.name) ?? a.name });
    }
  }
  const changed = new Map<string, string>();
  if (input.calls.some((o) => input.instanceClass(o.module, o.symbol.split('.')[0]!))) {
    for (const m of [...input.sources.keys()].sort(compareStrings)) {
      if (!wiring.has(m) || !/NestFactory\.(create|createApplicationContext|createMicroservice)\b/.test(input.sources.get(m)!)) continue;
      const mod = model(m);
      if (mod) edits.set(m, edits.get(m) ?? { actions: new Map(), respecify: new Map(), remove: new Set() });
    }
  }
  for (const [m, edit] of edits) {
    const mod = model(m)!;
    if (m === input.entries[0]) edit.addAfterImports = entryImports(m);
    for (const p of applyEdit(mod, edit)) input.problems.push(pruneProblem(p, m, 'monolith'));
    if (nestImporters.has(m)) {
      const provided = [...clientUses.keys()].filter((k) => input.clientCache.get(k)?.kind === 'class').map((k) => names.get(k)!).sort(compareStrings);
      if (provided.length > 0) addNestProviders(mod.file, provided, relativeSpecifier(m, clientFile, usesJsExtension(mod.links[0]?.specifier ?? '')));
    }
    if (wiring.has(m) && input.calls.some((o) => input.instanceClass(o.module, o.symbol.split('.')[0]!))) hookNestApp(mod.file, relativeSpecifier(m, `${input.seamDir}/rpc.ts`));
    changed.set(m, mod.file.getFullText());
  }
  // the monolith serves what the service calls, and the events it emits
  const serving = input.calls.length > 0 || input.buses.length > 0;
  if (serving) {
    const e = input.entries[0];
    const mod = e && !edits.has(e) ? model(e) : undefined;
    if (e && mod) {
      applyEdit(mod, { actions: new Map(), respecify: new Map(), remove: new Set(), addAfterImports: entryImports(e) });
      changed.set(e, mod.file.getFullText());
    }
    if (input.calls.length > 0) changed.set(internalFile, internalServer(internalFile, MONOLITH, dedupeOps(input.calls), (m) => relativeSpecifier(internalFile, m), input.namedExport, input.instanceClass));
  }
  if (input.buses.length > 0) changed.set(eventsFile, eventBridge(eventsFile, MONOLITH, service.slug, input.buses, (m) => relativeSpecifier(eventsFile, m)));
  if (clientUses.size > 0) {
    const symbols = [...clientUses.values()].sort((a, b) => compareStrings(`${a.module}#${a.symbol}`, `${b.module}#${b.symbol}`));
    changed.set(clientFile, clientModule(clientFile, service.slug, symbols.map((s) => ({ ...input.clientCache.get(`${s.module}#${s.symbol}`)!, name: names.get(`${s.module}#${s.symbol}`)! })), (m) => relativeSpecifier(clientFile, m), input.seamDir));
    for (const s of symbols) for (const n of input.clientCache.get(`${s.module}#${s.symbol}`)!.notes) input.problems.push({ kind: n.message.includes('no declaration') ? 'no-signature' : 'sync-becomes-async', side: 'monolith', file: n.file, line: n.line, message: n.message, fix: 'await the call at every call site' });
  }
  if (clientUses.size > 0 || serving) {
    changed.set(`${input.seamDir}/rpc.ts`, RPC_MODULE);
    changed.set(`${input.seamDir}/errors.ts`, errorsModule(`${input.seamDir}/errors.ts`, input.kernelErrors, (m) => relativeSpecifier(`${input.seamDir}/errors.ts`, m)));
  }
  const deleted = [...own].filter((m) => !slices.has(m) && input.sources.has(m)).sort(compareStrings);
  return { changed, deleted };
}

export type { SourceFile };

/**
 * Calls of members on imported names (`permissionService.getRole(`) and on constructor-injected
 * instances (`constructor(private readonly perms: PermissionService)` ... `this.perms.getRole(`);
 * `imported` maps a local name to what it stands for. Each (symbol, member) once, in source order.
 */
function memberCallsOf(file: SourceFile, imported: ReadonlyMap<string, string>): { symbol: string; member: string }[] {
  const injected = new Map<string, string>();
  for (const ctor of file.getDescendantsOfKind(SyntaxKind.Constructor)) {
    for (const p of ctor.getParameters()) {
      const type = p.getTypeNode();
      if (p.isParameterProperty() && type && AstNode.isTypeReference(type) && AstNode.isIdentifier(type.getTypeName()) && imported.has(type.getTypeName().getText())) injected.set(p.getName(), imported.get(type.getTypeName().getText())!);
    }
  }
  const out: { symbol: string; member: string }[] = [];
  const seen = new Set<string>();
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    if (!AstNode.isPropertyAccessExpression(callee)) continue;
    const target = callee.getExpression();
    const symbol = AstNode.isIdentifier(target) ? imported.get(target.getText()) : AstNode.isPropertyAccessExpression(target) && AstNode.isThisExpression(target.getExpression()) ? injected.get(target.getName()) : undefined;
    const k = `${symbol}\0${callee.getName()}`;
    if (!symbol || seen.has(k)) continue;
    seen.add(k);
    out.push({ symbol, member: callee.getName() });
  }
  return out;
}

/** Whether a class of `file` extends (or an interface extends) the local name `local`. */
function extendsName(file: SourceFile | undefined, local: string): boolean {
  if (!file) return false;
  return file.getDescendantsOfKind(SyntaxKind.HeritageClause).some((h) => h.getToken() === SyntaxKind.ExtendsKeyword && h.getTypeNodes().some((t) => {
    const e = t.getExpression();
    return AstNode.isIdentifier(e) && e.getText() === local;
  }));
}

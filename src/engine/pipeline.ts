/**
 * runPipeline(input) -> { facts, decomposition, metrics, plan, artifacts }: the one place where
 * Seam's stages are composed. Every shell (the CLI commands, the host behind the desktop app and
 * `seam serve`, the benchmarks) calls it with the same effective configuration, so a setting means
 * the same thing everywhere:
 *
 *   extract(root, scope)            -> Facts           analyzers/    (reads the repository, never runs it)
 *   serviceScope(facts, apps)       -> modules to cut  src/decompose (frontends, SDKs, CLIs, tooling left out)
 *   buildGraph(facts', weights)     -> CouplingGraph
 *   cluster(graph, seed, ...)       -> Decomposition   (or the caller's: a workspace scenario, a plan)
 *   measure(graph, decomposition)   -> Metrics
 *   plan(facts, decomposition)      -> MigrationPlan   src/plan
 *   renderAll(plan, kinds)          -> Artifact[]      src/export    (the caller writes them)
 *
 * `until` stops early; given `facts` or `decomposition` skip the stages that would make them.
 */
import { extractRun } from '../../analyzers/extract.js';
import type { FileResult } from '../../analyzers/core/process-file.js';
import type { ResolutionCache } from '../../analyzers/extract.js';
import { untimed, type ExtractOptions, type StageTimer } from '../../analyzers/types.js';
import { buildGraph, cluster, couplingEdges, measure, restrictFacts, serviceScope, type CouplingGraph, type Partition, type ServiceScope } from '../decompose/index.js';
import { renderAll } from '../export/index.js';
import { plan, type SourceHints } from '../plan/index.js';
import type { SeamConfig } from '../shared/config.js';
import type { Decomposition } from '../shared/decomposition.js';
import type { Facts } from '../shared/facts.js';
import type { Metrics } from '../shared/metrics.js';
import type { Artifact, ArtifactKind, MigrationPlan } from '../shared/plan.js';

export type PipelineStage = 'extract' | 'cut' | 'plan' | 'artifacts';

export interface PipelineInput {
  /** absolute path of the repository */
  root: string;
  config: SeamConfig;
  /** the last stage to run (default `cut`) */
  until?: PipelineStage;
  /** facts made earlier (a workspace run, an analyze document): extraction is skipped */
  facts?: Facts;
  /** with `facts`: their in-scope part as `cutFacts(facts, config)` made it earlier (not made again) */
  scoped?: { facts: Facts; scope: ServiceScope };
  /** per-file results of an earlier run: files whose content is unchanged are not parsed again */
  reuse?: ReadonlyMap<string, FileResult>;
  /** the stamps of the run that made `reuse`: a file whose stamp matches is not read again */
  reuseStamps?: ReadonlyMap<string, string>;
  /** take this run's stamps (`PipelineResult.stamps`), for a caller that keeps them for the next run */
  stamp?: boolean;
  /** module resolutions of an earlier run, reused while the tree's shape and configs are the same */
  resolutions?: ResolutionCache;
  /** the link steps of the run that made `reuse`, as JSON text (see analyzers/core/link-memo.ts) */
  linkMemo?: string;
  /** record this run's link steps (`PipelineResult.linkMemo`) for a caller that keeps them */
  recordLinks?: boolean;
  /** the cut to use (a workspace scenario, an accepted plan) instead of clustering */
  decomposition?: Decomposition;
  /** a reference partition: the metrics then include MoJoFM and ARI against it */
  reference?: Partition;
  /**
   * What the plan learns from the repository's text (read by the shell). When this run extracts,
   * `texts` holds the text of every file it parsed: the hints need not read those again.
   */
  hints?: (facts: Facts, texts?: ReadonlyMap<string, string>) => SourceHints | undefined;
  /** stage name (`walk`, `parse`, `resolve`, `link`, `cluster`, `measure`, `plan`, `render`) and done/total */
  onProgress?: (stage: string, done: number, total: number) => void;
  /** wraps every stage, extraction's included (`--timings`); only the shell's timer reads the clock */
  time?: StageTimer;
  /**
   * Called when extraction is done and a cut follows: the parse's garbage can be collected before
   * the graph and the clustering grow the heap (the CLI forces a collection: see cli/heap.ts).
   */
  compactHeap?: () => void;
}

export interface PipelineResult {
  facts: Facts;
  /** per-file results of this extraction (empty when facts were given) */
  files: FileResult[];
  parsedCount: number;
  /** this run's module resolutions (undefined when facts were given) */
  resolutions?: ResolutionCache;
  /** this run's file stamps, for the next run's `reuseStamps` (undefined when facts were given) */
  stamps?: Map<string, string>;
  /** with `recordLinks`: this run's link steps, as JSON, for the next run's `linkMemo` */
  linkMemo?: string;
  /** the analyzers whose link step was reused from `linkMemo` */
  linksReused?: string[];
  /** reused files whose stored locals could not be read, parsed again: their results are to be stored anew */
  reparsed?: string[];
  /** the modules the cut is made of, and those left out with their reason */
  scope: ServiceScope;
  /** the coupling graph, when this run clustered (given a decomposition, only its edges are made, for the metrics) */
  graph?: CouplingGraph;
  decomposition?: Decomposition;
  metrics?: Metrics;
  plan?: MigrationPlan;
  artifacts?: Artifact[];
}

const ORDER: readonly PipelineStage[] = ['extract', 'cut', 'plan', 'artifacts'];

/** The extraction options a config means. */
export function extractOptionsOf(config: SeamConfig): ExtractOptions {
  const o: ExtractOptions = { history: config.history, includeTests: config.tests };
  if (config.include.length > 0) o.include = [...config.include];
  if (config.exclude.length > 0) o.exclude = [...config.exclude];
  if (config.tsconfig !== undefined) o.tsconfig = config.tsconfig;
  if (config.workers !== undefined) o.workers = config.workers;
  return o;
}

/** The facts the cut is made of: frontends, SDKs, CLIs and tooling left out (see service-scope.ts). */
export function cutFacts(facts: Facts, config: SeamConfig): { facts: Facts; scope: ServiceScope } {
  const scope = serviceScope(facts, config.apps);
  return { facts: restrictFacts(facts, scope.modules), scope };
}

/** Cluster the in-scope facts with the config's parameters. */
export function proposeCut(facts: Facts, config: SeamConfig, graph = buildGraph(facts, config.weights)): Decomposition {
  return cluster(graph, facts, { seed: config.seed, resolution: config.resolution, ...(config.services !== undefined ? { targetServices: config.services } : {}) });
}

export async function runPipeline(input: PipelineInput): Promise<PipelineResult> {
  const until = ORDER.indexOf(input.until ?? 'cut');
  const progress = input.onProgress;
  const time = input.time ?? untimed;
  let facts = input.facts;
  let files: FileResult[] = [];
  let parsedCount = 0;
  let resolutions: ResolutionCache | undefined;
  let stamps: Map<string, string> | undefined;
  let texts: ReadonlyMap<string, string> | undefined;
  let linkMemo: string | undefined;
  let linksReused: string[] | undefined;
  let reparsed: string[] | undefined;
  if (!facts) {
    const run = await extractRun(input.root, {
      ...extractOptionsOf(input.config),
      ...(input.reuse ? { reuse: input.reuse } : {}),
      ...(input.reuseStamps ? { reuseStamps: input.reuseStamps } : {}),
      ...(input.stamp ? { stamp: true } : {}),
      ...(input.resolutions ? { resolutions: input.resolutions } : {}),
      ...(input.linkMemo ? { linkMemo: input.linkMemo } : {}),
      ...(input.recordLinks ? { recordLinks: true } : {}),
      ...(progress ? { onProgress: progress } : {}),
      ...(input.hints && until >= ORDER.indexOf('plan') ? { keepTexts: true } : {}),
      time,
    });
    ({ facts, files, parsedCount, resolutions, texts, stamps, linkMemo, linksReused, reparsed } = run);
    if (input.compactHeap && until >= ORDER.indexOf('cut')) time('compact heap', input.compactHeap);
  }
  const all = facts;
  const scoped = input.facts && input.scoped ? input.scoped : time('scope', () => cutFacts(all, input.config));
  const result: PipelineResult = { facts, files, parsedCount, ...(resolutions ? { resolutions } : {}), ...(stamps ? { stamps } : {}), ...(linkMemo !== undefined ? { linkMemo } : {}), ...(linksReused ? { linksReused } : {}), ...(reparsed ? { reparsed } : {}), scope: scoped.scope };
  if (until < ORDER.indexOf('cut')) return result;

  progress?.('cluster', 0, 1);
  // a given cut is only measured, and the metrics read the edges: the graph itself is built to cluster
  const given = input.decomposition;
  const graph = given ? undefined : time('graph', () => buildGraph(scoped.facts, input.config.weights));
  const edges = graph ?? time('graph', () => couplingEdges(scoped.facts, input.config.weights));
  const decomposition = given ?? time('kernel+cluster', () => proposeCut(scoped.facts, input.config, graph));
  progress?.('cluster', 1, 1);
  progress?.('measure', 0, 1);
  const metrics = time('metrics', () => measure(edges, decomposition, scoped.facts, input.reference ? { reference: input.reference } : {}));
  progress?.('measure', 1, 1);
  Object.assign(result, { ...(graph ? { graph } : {}), decomposition, metrics });
  if (until < ORDER.indexOf('plan')) return result;

  progress?.('plan', 0, 1);
  const hints = input.hints ? time('hints', () => input.hints?.(all, texts)) : undefined;
  texts = undefined; // what the plan needed is in the hints now
  const migration = time('plan', () => plan(all, decomposition, { metrics, ...(hints ? { hints } : {}) }));
  result.plan = migration;
  progress?.('plan', 1, 1);
  if (until < ORDER.indexOf('artifacts')) return result;

  progress?.('render', 0, 1);
  result.artifacts = time('render', () => renderAll(migration, input.config.export.kinds as ArtifactKind[]));
  progress?.('render', 1, 1);
  return result;
}

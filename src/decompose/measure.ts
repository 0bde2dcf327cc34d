/**
 * measure(graph, decomposition, facts, options) -> Metrics: every figure of metrics/, for the
 * whole decomposition and per service, and the agreement with a reference partition when one is
 * given. Pure; figures rounded to 4 decimals.
 */
import type { Decomposition } from '../shared/decomposition.js';
import type { Facts } from '../shared/facts.js';
import type { Metrics, ServiceMetrics } from '../shared/metrics.js';
import { compareStrings } from '../shared/sort.js';
import type { CouplingEdges } from './coupling-graph.js';
import { adjustedRandIndex } from './metrics/adjusted-rand-index.js';
import { businessContextPurity } from './metrics/business-context-purity.js';
import { coChangeCutRatio } from './metrics/co-change-cut.js';
import { cutCost } from './metrics/cut-cost.js';
import { interPartitionCalls } from './metrics/inter-partition-calls.js';
import { interfaceNumber } from './metrics/interface-number.js';
import { moduleExclusivity } from './metrics/module-exclusivity.js';
import { modularizationQuality } from './metrics/modularization-quality.js';
import { mojoFm } from './metrics/mojo.js';
import { DEFAULT_NED_BAND, nonExtremeDistribution } from './metrics/non-extreme-distribution.js';
import { commonObjects, type Partition } from './metrics/partition.js';
import { round4, serviceView } from './metrics/service-view.js';
import { structuralModularity } from './metrics/structural-modularity.js';
import { KERNEL_LABEL, tableWriteExclusivity } from './metrics/table-write-exclusivity.js';

export interface MeasureOptions {
  /** non-extreme service sizes for NED, in modules; default [5, 20] */
  nedBand?: [number, number];
  /** a reference partition (module -> label); kernel modules are compared under the label `shared` */
  reference?: Partition;
}

/** The decomposition as a partition: module -> service id, kernel modules -> `shared`. */
export function partitionOf(decomposition: Decomposition): Partition {
  const out: Partition = {};
  for (const s of decomposition.services) for (const m of s.modules) out[m] = s.id;
  for (const k of decomposition.shared) out[k.module] = KERNEL_LABEL;
  return out;
}

export function measure(graph: CouplingEdges, decomposition: Decomposition, facts: Facts, options: MeasureOptions = {}): Metrics {
  const view = serviceView(decomposition, facts);
  const band: [number, number] = options.nedBand ? [options.nedBand[0], options.nedBand[1]] : [DEFAULT_NED_BAND[0], DEFAULT_NED_BAND[1]];
  const sm = structuralModularity(view);
  const ifn = interfaceNumber(view);
  const purity = businessContextPurity(view, facts);
  const exclusivity = moduleExclusivity(view);
  const tables = tableWriteExclusivity(decomposition, facts);
  const cut = cutCost(view, graph);

  const lines = new Map(facts.modules.map((m) => [m.path, m.lines]));
  const routes = new Map<string, number>();
  for (const r of facts.routes) routes.set(r.module, (routes.get(r.module) ?? 0) + 1);
  const perService: ServiceMetrics[] = decomposition.services.map((s, i) => ({
    serviceId: s.id,
    name: s.name,
    modules: s.modules.length,
    lines: s.modules.reduce((n, m) => n + (lines.get(m) ?? 0), 0),
    routes: s.modules.reduce((n, m) => n + (routes.get(m) ?? 0), 0),
    tablesOwned: tables.tables.filter((t) => t.writers.length === 1 && t.writers[0] === s.id).map((t) => t.table).sort(compareStrings),
    inbound: cut.inbound[i]!,
    outbound: cut.outbound[i]!,
    interfaces: ifn.interfaces[i]!,
    cohesion: round4(sm.cohesion[i]!),
    exclusivity: round4(exclusivity.perService[i]!),
    businessPurity: purity.perService[i] === null ? null : round4(purity.perService[i]!),
  }));

  let reference: Metrics['reference'] = null;
  if (options.reference) {
    const ours = partitionOf(decomposition);
    reference = {
      modules: commonObjects(ours, options.reference).length,
      mojoFm: round4(mojoFm(ours, options.reference)),
      ari: round4(adjustedRandIndex(ours, options.reference)),
    };
  }

  const layers: Record<string, number> = {};
  for (const [k, v] of Object.entries(cut.cost.layers)) layers[k] = round4(v);
  const coChange = coChangeCutRatio(view, facts);
  return {
    services: decomposition.services.length,
    modules: view.serviceOf.size,
    sharedModules: decomposition.shared.length,
    sm: round4(sm.sm),
    icp: round4(interPartitionCalls(view)),
    ifn: round4(ifn.ifn),
    ned: round4(nonExtremeDistribution(view.sizes, band)),
    nedBand: band,
    mq: round4(modularizationQuality(view)),
    businessContextPurity: purity.purity === null ? null : round4(purity.purity),
    moduleExclusivity: round4(exclusivity.exclusivity),
    tables: { ...tables, writeExclusivity: tables.writeExclusivity === null ? null : round4(tables.writeExclusivity) },
    coChangeCutRatio: coChange === null ? null : round4(coChange),
    cutCost: { runtime: cut.cost.runtime, typeOnly: cut.cost.typeOnly, weight: round4(cut.cost.weight), layers },
    reference,
    perService,
  };
}

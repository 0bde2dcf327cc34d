/**
 * Metrics: how good a decomposition is, as plain JSON. Produced by `measure(graph, decomposition,
 * facts, options)` in src/decompose; every figure is rounded to 4 decimals so the same input
 * always serialises to the same bytes. Formulas and sources live beside each computation in
 * src/decompose/metrics/. The shared kernel is a library, not a service: it is left out of
 * every structural figure (its edges are neither inside a service nor between two).
 */

/** Dependencies between modules (one per importing module and imported module), by kind. */
export interface EdgeSplit {
  /** something of the target runs in the source: a call over the network once split */
  runtime: number;
  /** only types (and constants) cross: a contracts package absorbs them */
  typeOnly: number;
}

export interface ServiceMetrics {
  serviceId: string;
  name: string;
  modules: number;
  lines: number;
  /** routes served by the service's modules (operational ones such as /health included) */
  routes: number;
  /** tables this service alone writes, sorted */
  tablesOwned: string[];
  /** dependencies of other services on this one */
  inbound: EdgeSplit;
  /** dependencies of this service on other services */
  outbound: EdgeSplit;
  /** its modules that other services depend on (its contribution to IFN) */
  interfaces: number;
  /** μ / N², the service's term in SM */
  cohesion: number;
  /** share of its modules that no other service depends on */
  exclusivity: number;
  /** share of its business routes in its dominant route group; null without routes */
  businessPurity: number | null;
}

/** exclusive: one service; shared: two or three; common: more than three */
export type TableClass = 'exclusive' | 'shared' | 'common';

export interface TableOwnership {
  table: string;
  class: TableClass;
  /** service ids (`shared` for the kernel) that write the table, sorted */
  writers: string[];
  /** service ids that only read it, sorted */
  readers: string[];
}

export interface TableMetrics {
  exclusive: number;
  shared: number;
  common: number;
  /** exclusive / all tables; null without tables */
  writeExclusivity: number | null;
  tables: TableOwnership[];
}

export interface CutCost extends EdgeSplit {
  /** coupling-graph weight of the edges between services */
  weight: number;
  /** that weight by coupling layer */
  layers: Record<string, number>;
}

export interface ReferenceAgreement {
  /** modules both the decomposition and the reference label (kernel modules labelled `shared`) */
  modules: number;
  /** MoJoFM in percent (Wen & Tzerpos 2004), the reference as the target */
  mojoFm: number;
  /** adjusted Rand index (Hubert & Arabie 1985) */
  ari: number;
}

export interface Metrics {
  services: number;
  /** modules in services */
  modules: number;
  /** modules in the shared kernel */
  sharedModules: number;
  /** structural modularity (Jin et al. 2019; Kalia et al. 2021): higher is better */
  sm: number;
  /** inter-partition call percentage, 0..1 (Kalia et al. 2021): lower is better */
  icp: number;
  /** interface number, mean per service (Kalia et al. 2021): lower is better */
  ifn: number;
  /** non-extreme distribution, 0..1 (Kalia et al. 2021): lower is better */
  ned: number;
  nedBand: [number, number];
  /** modularization quality, TurboMQ (Mitchell & Mancoridis): higher is better */
  mq: number;
  /** routes in their service's dominant route group, 0..1; null without business routes */
  businessContextPurity: number | null;
  /** share of service modules no other service depends on, 0..1 */
  moduleExclusivity: number;
  tables: TableMetrics;
  /** share of co-changing pairs' shared commits that cross a service boundary; null without history */
  coChangeCutRatio: number | null;
  cutCost: CutCost;
  /** agreement with a reference partition, when one was given */
  reference: ReferenceAgreement | null;
  perService: ServiceMetrics[];
}

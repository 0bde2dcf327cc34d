/**
 * Decomposition: a proposed (or edited) cut of the modules into services, plus the shared
 * kernel set aside, the parameters and seed that produced it and the user's constraints.
 * Produced by `cluster(graph, options)` in src/decompose; edited by the workspace operations.
 */

/** Default weight of each coupling layer; the reasons live beside the defaults in src/decompose. */
export interface CouplingWeights {
  runtimeImport: number;
  typeOnlyImport: number;
  dynamicImport: number;
  /** per symbol reference, scaled by log of the count */
  symbolRef: number;
  /** two modules touching the same table (one reader, one writer) */
  sharedTableRead: number;
  /** two modules both writing the same table */
  sharedTableWrite: number;
  /** per 100 degree points of git co-change */
  coChange: number;
  /** two modules using the same shared mutable state */
  sharedState: number;
  /**
   * two modules serving routes of the same route group (`/api/orders/...`), per module bounded
   * like tables; optional so older documents stay valid (the default applies when absent)
   */
  sharedRouteGroup?: number;
  /** two modules in the same feature folder (layer and shared-code folders do not count); optional, like above */
  featureFolder?: number;
  /** two modules whose file names share a capability word (`order-controller`, `order-service`); optional, like above */
  nameWords?: number;
}

export interface PinConstraint {
  module: string;
  /** service id or name */
  service: string;
}

export interface ApartConstraint {
  a: string;
  b: string;
}

export interface SeedConstraint {
  /** name of the service to seed */
  service: string;
  /** every module serving a route under this prefix starts in the service (`/api/orders`) */
  routePrefix?: string;
  /** every module under this folder starts in the service (`src/billing`) */
  folder?: string;
}

export interface SharedOverride {
  module: string;
  /** true: force into the shared kernel; false: never treat as kernel */
  shared: boolean;
}

export interface Constraints {
  pins: PinConstraint[];
  apart: ApartConstraint[];
  seeds: SeedConstraint[];
  shared: SharedOverride[];
}

export interface ClusterParams {
  seed: number;
  resolution: number;
  /** desired number of services, if the user asked for one */
  targetServices?: number;
  weights: CouplingWeights;
}

export interface Service {
  /** stable id (`svc-orders`); survives renames */
  id: string;
  /** the name a person would use: `orders`, `payments` */
  name: string;
  /** repo-relative posix module paths, sorted */
  modules: string[];
  /** modules pinned to this service by the user, sorted */
  pinned: string[];
  /** modules flagged as new since the last accepted analysis (review them), sorted */
  flagged?: string[];
  /**
   * what placed each module here, sorted by module; optional so decompositions stored before it
   * still load (a module without an entry shows no evidence)
   */
  placement?: ModulePlacement[];
}

/**
 * The kind of evidence that placed a module, strongest first: the user's decisions, the code's
 * declared units (explicit-units.ts), then coupling and how the route groups shaped it.
 */
export const PLACEMENT_EVIDENCE = ['pin', 'user', 'seed', 'nest-module', 'package', 'domain-folder', 'route-group', 'satellite', 'coupling', 'new'] as const;
export type PlacementEvidence = (typeof PLACEMENT_EVIDENCE)[number];

/** How each kind reads beside a count: `5 coupling, 3 NestJS module`. */
export const PLACEMENT_LABELS: Record<PlacementEvidence, string> = {
  pin: 'pinned',
  user: 'placed by the user',
  seed: 'seeded by the user',
  'nest-module': 'NestJS module',
  package: 'workspace package',
  'domain-folder': 'domain folder',
  'route-group': 'route group',
  satellite: 'serves no route, folded in',
  coupling: 'coupling',
  new: 'new since the last analysis',
};

/** How many of the service's modules each kind of evidence placed, strongest first; kinds that placed none are left out. */
export function placementCounts(service: Service): Array<{ evidence: PlacementEvidence; count: number }> {
  const counts = new Map<PlacementEvidence, number>();
  for (const p of service.placement ?? []) counts.set(p.evidence, (counts.get(p.evidence) ?? 0) + 1);
  return PLACEMENT_EVIDENCE.filter((e) => counts.has(e)).map((evidence) => ({ evidence, count: counts.get(evidence)! }));
}

/** `5 coupling, 3 NestJS module`, or '' when nothing was recorded. */
export function formatPlacementCounts(service: Service): string {
  return placementCounts(service)
    .map((c) => `${c.count} ${PLACEMENT_LABELS[c.evidence]}`)
    .join(', ');
}

export interface ModulePlacement {
  module: string;
  evidence: PlacementEvidence;
  /** for a person: `NestJS module OrdersModule (src/orders/orders.module.ts)`, `coupling: 5 of 6 links (87 % of their weight) stay in this service` */
  reason: string;
}

export interface SharedKernelEntry {
  module: string;
  /** why it is in the kernel: `fan-in from 7 of 9 services; no routes or tables; generic name (logger)` */
  reason: string;
  /** set when the user forced it (true) rather than detection */
  byUser?: boolean;
}

export interface Decomposition {
  services: Service[];
  shared: SharedKernelEntry[];
  params: ClusterParams;
  constraints: Constraints;
}

export function emptyConstraints(): Constraints {
  return { pins: [], apart: [], seeds: [], shared: [] };
}

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

/**
 * MigrationPlan: what `plan(facts, decomposition)` turns a cut into, so people can execute it.
 * Per service its API, the tables it owns and the foreign tables it reads (with a strategy and
 * the reason), the conflicts a person must resolve (with file:line), the extraction waves ranked
 * by cost and risk (with reasons), and the gateway routes of every strangler phase.
 * Artifact: one file an exporter produces (`render(plan, kind)`); the shells write them.
 * Every array is sorted by its producer: the same plan serialises to the same bytes.
 */
import type { ModulePlacement } from './decomposition.js';

export const PLAN_SCHEMA_VERSION = 1 as const;

/** A JSON value, for schemas and other free-form documents carried in the plan. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON Schema (draft 2020-12, as OpenAPI 3.1 uses it). */
export type JsonSchema = { [key: string]: JsonValue };

/** Where in the analyzed repository something is: repo-relative posix path and 1-based line. */
export interface CodeLocation {
  file: string;
  line: number;
}

/** The kernel: modules that stay a library every service uses. */
export const SHARED_KERNEL = 'shared' as const;
/** Where code that belongs to no service (and is not kernel) stays. */
export const MONOLITH = 'monolith' as const;

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}

/** A route a service takes over from the monolith: same method and path. */
export interface RouteOperation {
  kind: 'route';
  /** unique within the service, a valid identifier (`checkout`, `getApiOrdersId`) */
  id: string;
  method: string;
  /** monolith path, `:param` style */
  path: string;
  /** OpenAPI path, `{param}` style */
  openapiPath: string;
  framework: string;
  /** handler to port (`OrderController.checkout`), when one is visible */
  handler?: string;
  /** where the route is registered */
  registeredAt: CodeLocation;
  /** where the handler is defined, when it could be found */
  handlerAt?: CodeLocation;
  parameters: Parameter[];
  /** request body and response schemas from the DTO types, when visible (`$ref`s point into the service's `schemas`) */
  request?: JsonSchema;
  response?: JsonSchema;
  /** route group (gateway rate limits and auth hook): the service's slug */
  group: string;
}

/** An exported symbol other services call: it becomes an internal HTTP operation. */
export interface SymbolOperation {
  kind: 'symbol';
  id: string;
  /** `customerService` or `customerService.getById` when the member called is visible */
  symbol: string;
  /** declaring module */
  module: string;
  method: 'POST';
  /** `/internal/customer-service/get-by-id` */
  path: string;
  calledBy: { service: string; modules: string[] }[];
}

export type Operation = RouteOperation | SymbolOperation;

/** An operation of another service this one calls (becomes a typed client). */
export interface OperationCall {
  service: string;
  operation: string;
  /** modules of the caller that make the call */
  from: string[];
}

/** A symbol other services use only as a type or constant (event names, enums, DTOs): a shared contract. */
export interface ContractSymbol {
  symbol: string;
  module: string;
  usedBy: string[];
}

/**
 * api: call the owner's API; replica: subscribe to the owner's events and keep a local read
 * model (CQRS); view: read a read-only view of the owner's table during the transition.
 */
export type ReadStrategy = 'api' | 'replica' | 'view';

export interface AccessSite extends CodeLocation {
  /** service id, `shared` (kernel) or `monolith` */
  service: string;
  access: 'read' | 'write';
  via: string;
}

export interface ForeignRead {
  table: string;
  owner: string;
  reader: string;
  strategy: ReadStrategy;
  reason: string;
  sites: CodeLocation[];
  /** events the owner publishes that keep a replica fresh (strategy `replica`) */
  events: string[];
}

export interface TablePlan {
  table: string;
  entity?: string;
  /** owning service id; null when no service touches it */
  owner: string | null;
  ownerReason: string;
  /** service ids (or `shared`) that write / read it, sorted */
  writers: string[];
  readers: string[];
  sites: AccessSite[];
  /** suggested domain events (`orders.order.created`) when others keep a replica */
  events: string[];
  conflicts: string[];
}

export type ConflictKind = 'shared-write' | 'cross-owner-join' | 'cross-owner-relation' | 'cross-owner-transaction' | 'shared-state';

export type Severity = 'high' | 'medium' | 'low';

export interface Conflict {
  /** stable: `shared-write:orders`, `cross-owner-join:src/repositories/report-repository.ts:59` */
  id: string;
  kind: ConflictKind;
  /** high: blocks the cut (shared writes, cross-owner transactions, in-process events); low: worth a look */
  severity: Severity;
  summary: string;
  services: string[];
  tables: string[];
  locations: CodeLocation[];
  resolution: string;
}

export type Risk = 'low' | 'medium' | 'high';

export interface ServiceCost {
  modules: number;
  lines: number;
  routes: number;
  /** runtime import edges into the service from other services' modules */
  inboundRuntime: number;
  /** services with a runtime edge into this one */
  inboundServices: number;
  /** foreign tables it reads plus tables of others it writes */
  foreignTables: number;
  conflicts: number;
  risk: Risk;
  /** 0..1: weighted, each factor scaled by its maximum over the services */
  cost: number;
  /** cost plus the risk penalty: what the ranking sorts by */
  score: number;
}

export interface ServicePlan {
  id: string;
  name: string;
  /** path- and DNS-safe name (lowercase letters, digits, `-`), unique in the plan */
  slug: string;
  modules: string[];
  operations: Operation[];
  calls: OperationCall[];
  contracts: ContractSymbol[];
  /** JSON Schemas of the DTO types its operations use, by name */
  schemas: Record<string, JsonSchema>;
  owns: string[];
  reads: ForeignRead[];
  /** service ids it calls at run time, sorted */
  dependsOn: string[];
  cost: ServiceCost;
  rank: number;
  wave: number;
  reasons: string[];
  /** what placed each module in the service (the decomposition's), sorted by module; absent when the decomposition recorded none */
  placement?: ModulePlacement[];
}

export interface Wave {
  /** 1-based */
  index: number;
  services: string[];
  reasons: string[];
}

export interface RouteGroup {
  /** service slug, or `monolith` */
  id: string;
  service: string | null;
  rateLimit: { requestsPerSecond: number; burst: number };
  /** `hook`: the gateway asks the auth hook first; `monolith`: the monolith keeps doing its own auth */
  auth: 'hook' | 'monolith';
}

export interface GatewayRoute {
  method: string;
  path: string;
  /** anchored regular expression matching the path (`^/api/orders/[^/]+$`) */
  pattern: string;
  /** service id, or `monolith` for routes not extracted yet in this phase */
  service: string;
  group: string;
  /** operation id in the service ('' for monolith routes) */
  operation: string;
}

export interface GatewayPhase {
  /** 1-based: phase k serves the routes of waves 1..k from the services */
  index: number;
  services: string[];
  /** every known route, most specific first; anything else goes to the monolith */
  routes: GatewayRoute[];
}

export interface UnassignedRoute {
  method: string;
  path: string;
  at: CodeLocation;
  reason: string;
}

export interface Crossing {
  from: string;
  to: string;
  /** service ids (or `shared`) */
  fromService: string;
  toService: string;
  kind: string;
  line: number;
}

export interface PlanMetric {
  key: string;
  value: number | null;
}

export interface MigrationPlan {
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  tool: { name: 'seam'; version: string };
  /** base name of the analyzed repository */
  root: string;
  services: ServicePlan[];
  sharedKernel: { module: string; reason: string }[];
  /** analyzed modules in no service and not in the kernel: they stay in the monolith */
  unplacedModules: string[];
  tables: TablePlan[];
  conflicts: Conflict[];
  waves: Wave[];
  gateway: { groups: RouteGroup[]; phases: GatewayPhase[] };
  /** routes that stay in the monolith in every phase (handled by kernel or unassigned modules) */
  unassignedRoutes: UnassignedRoute[];
  /** import edges that cross the cut today (service to another service, kernel to a service): what has to change */
  crossings: Crossing[];
  /** service x service runtime coupling: `coupling[i][j]` = edges from services[i] to services[j] */
  coupling: number[][];
  /** the decomposition's metrics when given (flattened, sorted by key) */
  metrics: PlanMetric[];
  /** what the plan could not see, so people know what to check by hand */
  notes: string[];
}

export const ARTIFACT_KINDS = ['skeletons', 'gateway', 'openapi', 'data', 'report', 'rules'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

/** One file an exporter produces: posix path relative to the output folder, and its text. */
export interface Artifact {
  path: string;
  contents: string;
}

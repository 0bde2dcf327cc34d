/**
 * Routes whose path has a part Seam could not read (`{unknown:NAME}`, see
 * src/shared/route-path.ts). No exporter puts them where a path must be exact: a gateway would
 * match a literal `{unknown:...}`, OpenAPI would publish it, a stub would listen on it. They stay
 * with the monolith (the gateways' default route) and the report lists them to be checked by hand.
 */
import { hasUnknownPart, unknownPartNames } from '../shared/route-path.js';
import type { CodeLocation, MigrationPlan } from '../shared/plan.js';

/** May this path go into a gateway config, an OpenAPI document or a service stub? */
export function isServablePath(path: string): boolean {
  return !hasUnknownPart(path);
}

export interface UnknownRoute {
  method: string;
  path: string;
  at: CodeLocation;
  /** the service that would take it over, or null when it stays in the monolith anyway */
  service: string | null;
  /** what could not be read (`CONTEXT_PATH`, `process.env.API_PREFIX`) */
  unknown: string[];
}

/** Every route of the plan whose path is not fully known, services' first, in plan order. */
export function unknownRoutes(plan: MigrationPlan): UnknownRoute[] {
  const out: UnknownRoute[] = [];
  for (const s of plan.services) {
    for (const op of s.operations) {
      if (op.kind === 'route' && hasUnknownPart(op.path)) out.push({ method: op.method, path: op.path, at: op.registeredAt, service: s.id, unknown: unknownPartNames(op.path) });
    }
  }
  for (const u of plan.unassignedRoutes) {
    if (hasUnknownPart(u.path)) out.push({ method: u.method, path: u.path, at: u.at, service: null, unknown: unknownPartNames(u.path) });
  }
  return out;
}

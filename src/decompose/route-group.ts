/**
 * The business context of a route: its route group, the first meaningful path segment once
 * version and API prefixes and parameters are dropped (`/api/v1/orders/:id/items` -> `orders`).
 * A scope every business route of the application sits under says nothing about any of them and
 * is skipped too: when every route starts with `/orgs/:orgId`, the groups of
 * `/orgs/:orgId/projects` and `/orgs/:orgId/issues` are `projects` and `issues`, not one `orgs`.
 * A shared first segment not followed by a parameter everywhere (`/orders`, `/orders/:id/items`)
 * is a resource, not a scope, and stays the group. Used to couple, shape, name and measure services.
 */
import type { RouteFact } from '../shared/facts.js';
import { isRouteNoise } from './vocabulary.js';

/** The meaningful segments of a route path, lower-cased. */
function segments(path: string): string[] {
  return path
    .split('/')
    .filter((s) => !isRouteNoise(s))
    .map((s) => s.toLowerCase());
}

/** The route group of one path on its own, without the application's other routes. */
export function routeGroup(path: string): string | undefined {
  return segments(path)[0];
}

/**
 * Operational endpoints every service exposes for itself (health checks, metrics, docs, flags):
 * serving them does not make a module a business capability.
 */
const OPERATIONAL_GROUPS: ReadonlySet<string> = new Set([
  'health', 'healthz', 'health-check', 'healthcheck', 'ready', 'readyz', 'readiness', 'live', 'livez', 'liveness',
  'ping', 'status', 'metrics', 'version', 'info', 'docs', 'swagger', 'openapi', 'api-docs', 'flags', 'feature-flags',
]);

export function isOperationalRoute(path: string): boolean {
  const g = routeGroup(path);
  return g === undefined || OPERATIONAL_GROUPS.has(g);
}

/** The static segments of a route path, each with whether a parameter follows it. */
function scopes(path: string): Array<{ segment: string; scoped: boolean }> {
  const parts = path.split('/').filter((s) => s !== '');
  const out: Array<{ segment: string; scoped: boolean }> = [];
  parts.forEach((p, i) => {
    if (isRouteNoise(p)) return;
    out.push({ segment: p.toLowerCase(), scoped: /^[:{*]/.test(parts[i + 1] ?? '') });
  });
  return out;
}

/**
 * The route-group function of an application: skips the leading scopes every business route
 * sits under (a shared static segment followed by a parameter, while some route goes deeper),
 * then takes the next segment. Operational routes have none.
 */
export function routeGrouping(routes: readonly Pick<RouteFact, 'path'>[]): (path: string) => string | undefined {
  const business = [...new Set(routes.map((r) => r.path).filter((p) => !isOperationalRoute(p)))].map(scopes);
  let depth = 0;
  while (business.length > 1) {
    const first = business[0]![depth]?.segment;
    const shared = first !== undefined && business.every((s) => s[depth]?.segment === first && s[depth]!.scoped);
    if (!shared || !business.some((s) => s.length > depth + 1)) break;
    depth++;
  }
  return (path: string) => {
    if (isOperationalRoute(path)) return undefined;
    const s = segments(path);
    return s[Math.min(depth, s.length - 1)];
  };
}

/** Whether a route path lies under a prefix, segment by segment (`/api/orders` covers `/api/orders/:id`). */
export function underRoutePrefix(path: string, prefix: string): boolean {
  const p = prefix.split('/').filter((s) => s !== '');
  const s = path.split('/').filter((x) => x !== '');
  if (p.length > s.length) return false;
  return p.every((seg, i) => seg.toLowerCase() === s[i]!.toLowerCase());
}

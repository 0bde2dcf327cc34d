/**
 * The business context of a route: its first meaningful path segment once version and API
 * prefixes are dropped (`/api/v1/orders/:id/items` -> `orders`). Used to name services and to
 * measure business-context purity.
 */
import { isRouteNoise } from './vocabulary.js';

export function routeGroup(path: string): string | undefined {
  for (const segment of path.split('/')) {
    if (isRouteNoise(segment)) continue;
    return segment.toLowerCase();
  }
  return undefined;
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

/** Whether a route path lies under a prefix, segment by segment (`/api/orders` covers `/api/orders/:id`). */
export function underRoutePrefix(path: string, prefix: string): boolean {
  const p = prefix.split('/').filter((s) => s !== '');
  const s = path.split('/').filter((x) => x !== '');
  if (p.length > s.length) return false;
  return p.every((seg, i) => seg.toLowerCase() === s[i]!.toLowerCase());
}

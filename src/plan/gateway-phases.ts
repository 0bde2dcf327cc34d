/**
 * Strangler-fig routing (Fowler, "StranglerFigApplication"): phase k sends the routes of the
 * services extracted in waves 1..k to those services and everything else to the monolith.
 * Routes are grouped per service for rate limits and the auth hook; the monolith keeps its own auth.
 * Within a phase, routes are ordered most specific first (a literal segment beats a parameter),
 * so the first match is the right one in every gateway.
 */
import type { GatewayPhase, GatewayRoute, RouteGroup, UnassignedRoute, Wave } from '../shared/plan.js';
import { MONOLITH } from '../shared/plan.js';
import { compareStrings } from '../shared/sort.js';
import type { ApiPlan } from './api.js';
import type { Placement } from './placement.js';

/** Starting points, to be tuned with real traffic: per client address, per route group. */
export const SERVICE_RATE_LIMIT = { requestsPerSecond: 50, burst: 100 };
export const MONOLITH_RATE_LIMIT = { requestsPerSecond: 200, burst: 400 };

/**
 * A literal path segment as a regular expression every gateway reads the same way (PCRE in
 * nginx and Kong, RE2 in Envoy): safe characters as they are, anything else as `\x{hex}`, so
 * no quote, space or backslash from the analyzed repo reaches a config unescaped.
 */
function literalRegex(seg: string): string {
  let out = '';
  for (const ch of seg) out += /^[A-Za-z0-9_~,;=:@%-]$/.test(ch) ? ch : `\\x{${ch.codePointAt(0)!.toString(16)}}`;
  return out;
}

/** `/api/orders/:id` -> `^/api/orders/[^/]+$`; a `*` segment -> `.*`. */
export function pathPattern(path: string): string {
  const segs = path.split('/').map((seg) => {
    if (seg.startsWith(':')) return '[^/]+';
    if (seg.startsWith('*')) return '.*';
    return seg.split('*').map(literalRegex).join('.*');
  });
  const body = segs.join('/');
  return `^${body === '' ? '/' : body}$`;
}

/** Most specific first: compare segment by segment (literal < parameter < wildcard), then longer first. */
export function compareRoutes(a: { path: string; method: string }, b: { path: string; method: string }): number {
  const rank = (s: string): number => (s.startsWith('*') ? 2 : s.startsWith(':') ? 1 : 0);
  const sa = a.path.split('/');
  const sb = b.path.split('/');
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const d = rank(sa[i]!) - rank(sb[i]!);
    if (d !== 0) return d;
  }
  if (sa.length !== sb.length) return sb.length - sa.length;
  return compareStrings(a.path, b.path) || compareStrings(a.method === 'ALL' ? '~' : a.method, b.method === 'ALL' ? '~' : b.method);
}

/**
 * Every known route appears in every phase, the ones still in the monolith explicitly: a
 * monolith route can be more specific than an extracted one (`/api/orders/export` against
 * `/api/orders/:id`) and must not be swallowed by it.
 */
export function planGateway(placement: Placement, api: ApiPlan, unassigned: readonly UnassignedRoute[], waves: Wave[]): { groups: RouteGroup[]; phases: GatewayPhase[] } {
  const groups: RouteGroup[] = [
    ...placement.services.map((s) => ({ id: s.slug, service: s.id, rateLimit: { ...SERVICE_RATE_LIMIT }, auth: 'hook' as const })),
    { id: MONOLITH, service: null, rateLimit: { ...MONOLITH_RATE_LIMIT }, auth: 'monolith' as const },
  ].sort((a, b) => compareStrings(a.id, b.id));
  const all: GatewayRoute[] = [
    ...placement.services.flatMap((s) =>
      (api.byService.get(s.id)?.routes ?? []).map((r) => ({ method: r.method, path: r.path, pattern: pathPattern(r.path), service: s.id, group: r.group, operation: r.id })),
    ),
    ...unassigned.map((u) => ({ method: u.method, path: u.path, pattern: pathPattern(u.path), service: MONOLITH, group: MONOLITH, operation: '' })),
  ].sort(compareRoutes);
  const phases: GatewayPhase[] = [];
  const extracted = new Set<string>();
  for (const w of waves) {
    for (const s of w.services) extracted.add(s);
    phases.push({
      index: w.index,
      services: [...extracted].sort(compareStrings),
      routes: all.map((r) => (extracted.has(r.service) ? r : { ...r, service: MONOLITH, group: MONOLITH })),
    });
  }
  return { groups, phases };
}

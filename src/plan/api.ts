/**
 * Each service's API: the routes it takes over (same method and path) and the exported symbols
 * other services call, each one an operation. A symbol used only as a type or a constant (a DTO,
 * an event name, an enum) is no operation: it is a contract the services must share.
 * A route belongs to the service of its handler's module when that is visible, else to the
 * service of the module registering it; routes of kernel or unplaced modules stay in the monolith.
 */
import type { Facts, ImportEdge, RouteFact, SymbolRef } from '../shared/facts.js';
import type { ContractSymbol, JsonSchema, JsonValue, OperationCall, RouteOperation, SymbolOperation, UnassignedRoute } from '../shared/plan.js';
import { compareStrings, sortByKeys } from '../shared/sort.js';
import { REF_PREFIX } from './dto-schemas.js';
import { pathParams } from './handlers.js';
import { pushTo } from './group.js';
import { camel, uniqueIdentifiers, uniqueSlugs, useCase } from './names.js';
import type { Placement } from './placement.js';
import { routeKey, type SourceHints } from './source-hints.js';

export interface ServiceApi {
  routes: RouteOperation[];
  symbols: SymbolOperation[];
  calls: OperationCall[];
  contracts: ContractSymbol[];
  schemas: Record<string, JsonSchema>;
}

export interface ApiPlan {
  byService: Map<string, ServiceApi>;
  unassigned: UnassignedRoute[];
}

/** `/api/orders/:id` -> `/api/orders/{id}` */
export function openapiPath(path: string): string {
  return path
    .split('/')
    .map((seg) => seg.replace(/^:([A-Za-z_$][\w$]*).*$/, '{$1}').replace(/^\*.*$/, '{wildcard}'))
    .join('/');
}

function routeIdBase(r: RouteFact): string {
  const path = r.path
    .split('/')
    .map((seg) => (seg.startsWith(':') ? `by ${seg.slice(1)}` : seg))
    .join(' ');
  return `${r.method === 'ALL' ? 'any' : r.method.toLowerCase()} ${path}`;
}

/** The module a handler name points to: the import in the registering module that brings its head identifier. */
function handlerModule(importsFrom: ReadonlyMap<string, ImportEdge[]>, r: RouteFact, hints: SourceHints | undefined): string | undefined {
  const hinted = hints?.handlers[routeKey(r)]?.module;
  if (hinted) return hinted;
  const head = r.handler?.split('.')[0];
  if (!head) return undefined;
  return importsFrom.get(r.module)?.find((e) => e.kind !== 'type-only' && e.names.includes(head))?.to;
}

function collectRefs(value: JsonValue | undefined, into: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) collectRefs(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(REF_PREFIX)) into.add(v.slice(REF_PREFIX.length));
      else collectRefs(v, into);
    }
  }
}

/** The schemas reachable from `roots`, closed over `$ref`s, sorted by name. */
function reachableSchemas(roots: JsonValue[], all: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const names = new Set<string>();
  collectRefs(roots, names);
  const queue = [...names];
  while (queue.length > 0) {
    const n = queue.pop()!;
    const found = new Set<string>();
    collectRefs(all[n], found);
    for (const f of found) {
      if (names.has(f)) continue;
      names.add(f);
      queue.push(f);
    }
  }
  const out: Record<string, JsonSchema> = {};
  for (const n of [...names].sort(compareStrings)) out[n] = all[n] ?? { description: `schema ${n} was not read` };
  return out;
}

export function planApi(facts: Facts, placement: Placement, hints: SourceHints | undefined): ApiPlan {
  const byService = new Map<string, ServiceApi>();
  for (const s of placement.services) byService.set(s.id, { routes: [], symbols: [], calls: [], contracts: [], schemas: {} });
  const unassigned: UnassignedRoute[] = [];

  // routes
  const importsFrom = new Map<string, ImportEdge[]>();
  for (const e of facts.imports) pushTo(importsFrom, e.from, e);
  const routesOf = new Map<string, RouteFact[]>();
  for (const r of facts.routes) {
    const viaHandler = handlerModule(importsFrom, r, hints);
    const owner = viaHandler && placement.isService(placement.of(viaHandler)) ? placement.of(viaHandler) : placement.of(r.module);
    if (!placement.isService(owner)) {
      unassigned.push({ method: r.method, path: r.path, at: { file: r.module, line: r.line }, reason: owner === 'shared' ? `registered in the shared kernel (${r.module})` : `${r.module} is in no service` });
      continue;
    }
    pushTo(routesOf, owner, r);
  }
  for (const [serviceId, routes] of routesOf) {
    const api = byService.get(serviceId)!;
    const slugOf = placement.byId.get(serviceId)!.slug;
    const member = (r: RouteFact): string => (r.handler ? r.handler.split('.').pop()! : '');
    const counts = new Map<string, number>();
    for (const r of routes) if (member(r)) counts.set(camel(member(r)), (counts.get(camel(member(r))) ?? 0) + 1);
    const ids = uniqueIdentifiers(routes.map((r) => (member(r) && counts.get(camel(member(r))) === 1 ? member(r) : routeIdBase(r))));
    routes.forEach((r, i) => {
      const hint = hints?.handlers[routeKey(r)];
      const op: RouteOperation = {
        kind: 'route',
        id: ids[i]!,
        method: r.method,
        path: r.path,
        openapiPath: openapiPath(r.path),
        framework: r.framework,
        registeredAt: { file: r.module, line: r.line },
        parameters: hint?.parameters ?? pathParams(r.path).map((name) => ({ name, in: 'path' as const, required: true, schema: { type: 'string' } })),
        group: slugOf,
      };
      if (r.handler) op.handler = r.handler;
      if (hint) op.handlerAt = { file: hint.module, line: hint.line };
      if (hint?.request) op.request = hint.request;
      if (hint?.response) op.response = hint.response;
      api.routes.push(op);
    });
    api.schemas = reachableSchemas(
      api.routes.flatMap((o) => [o.request ?? null, o.response ?? null, ...o.parameters.map((p) => p.schema)]),
      hints?.schemas ?? {},
    );
  }

  // symbols other services use
  const singletons = new Set(facts.sharedState.filter((s) => s.kind === 'singleton').map((s) => `${s.module}#${s.name}`));
  const members = new Map<string, string[]>();
  for (const c of hints?.memberCalls ?? []) {
    const k = `${c.module}#${c.symbol}`;
    pushTo(members, k, c.member);
  }
  const ops = new Map<string, { callee: string; symbol: string; module: string; callers: Map<string, Set<string>> }>();
  const contracts = new Map<string, { callee: string; symbol: string; module: string; users: Set<string> }>();
  // an entity another service constructs (`new UserEntity()` in a mapper) is a data shape it
  // shares, a contract; calling it over the network would mean nothing
  const entityClasses = new Set(facts.entities.map((e) => `${e.module}#${e.name}`));
  const isOperation = (ref: SymbolRef): boolean =>
    (ref.usage.call ?? 0) > 0 || ((ref.usage.new ?? 0) > 0 && !entityClasses.has(`${ref.to}#${ref.symbol}`)) || singletons.has(`${ref.to}#${ref.symbol}`);
  for (const ref of facts.symbols) {
    const caller = placement.of(ref.from);
    const callee = placement.of(ref.to);
    if (caller === callee || !placement.isService(caller) || !placement.isService(callee)) continue;
    const called = members.get(`${ref.from}#${ref.symbol}`);
    const names = called ? called.map((m) => `${ref.symbol}.${m}`) : isOperation(ref) ? [ref.symbol] : [];
    for (const name of names) {
      const k = `${callee}\0${ref.to}\0${name}`;
      const op = ops.get(k) ?? { callee, symbol: name, module: ref.to, callers: new Map() };
      op.callers.set(caller, (op.callers.get(caller) ?? new Set()).add(ref.from));
      ops.set(k, op);
    }
    if (names.length === 0) {
      const k = `${callee}\0${ref.to}\0${ref.symbol}`;
      const c = contracts.get(k) ?? { callee, symbol: ref.symbol, module: ref.to, users: new Set() };
      c.users.add(caller);
      contracts.set(k, c);
    }
  }
  const opsByService = new Map<string, { symbol: string; module: string; callers: Map<string, Set<string>> }[]>();
  for (const k of [...ops.keys()].sort(compareStrings)) {
    const op = ops.get(k)!;
    pushTo(opsByService, op.callee, op);
  }
  for (const [serviceId, list] of opsByService) {
    const api = byService.get(serviceId)!;
    const taken = new Set(api.routes.map((r) => r.id));
    const ids = uniqueIdentifiers([...taken, ...list.map((o) => useCase(o.symbol).join(' '))]).slice(taken.size);
    const paths = uniqueSlugs(list.map((o) => useCase(o.symbol).join(' ')));
    list.forEach((o, i) => {
      api.symbols.push({
        kind: 'symbol',
        id: ids[i]!,
        symbol: o.symbol,
        module: o.module,
        method: 'POST',
        // named by the use case the caller asks for, never by the repository or helper that serves it
        path: `/internal/${paths[i]!}`,
        calledBy: [...o.callers.keys()].sort(compareStrings).map((service) => ({ service, modules: [...o.callers.get(service)!].sort(compareStrings) })),
      });
      for (const [caller, modules] of o.callers) {
        byService.get(caller)!.calls.push({ service: serviceId, operation: ids[i]!, from: [...modules].sort(compareStrings) });
      }
    });
  }
  for (const c of contracts.values()) byService.get(c.callee)!.contracts.push({ symbol: c.symbol, module: c.module, usedBy: [...c.users].sort(compareStrings) });
  for (const api of byService.values()) {
    sortByKeys(api.calls, (c) => c.service, (c) => c.operation);
    sortByKeys(api.contracts, (c) => c.module, (c) => c.symbol);
  }
  return { byService, unassigned: sortByKeys(unassigned, (u) => u.path, (u) => u.method) };
}

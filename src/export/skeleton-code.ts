/**
 * The TypeScript sources of one service skeleton (Fastify 5, ESM, strict): a server with
 * `/health`, `/ready` and `/metrics`, ECS-style JSON logs, one 501 stub per route it takes over
 * (same method and path, naming the monolith handler to port), one stub per operation other
 * services call, and a typed HTTP client per service it calls.
 */
import type { Artifact, MigrationPlan, RouteOperation, ServicePlan, SymbolOperation } from '../shared/plan.js';
import { compareStrings } from '../shared/sort.js';
import { SERVICE_PORT, envName } from './stack.js';
import { unknownPartNames } from '../shared/route-path.js';
import { commentText, tsString } from './text.js';
import { isServablePath } from './unknown-routes.js';

/** Methods a stub is generated for; Fastify registers HEAD with GET itself. */
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const INFRA_ROUTES = new Set(['GET /health', 'GET /ready', 'GET /metrics']);

function pascalId(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

/** The path as Fastify takes it: `:id(\\d+)` and `:id?` become `:id`. */
export function skeletonPath(path: string): string {
  const p = path.startsWith('/') ? path : `/${path}`;
  return p
    .split('/')
    .map((seg) => {
      const m = /^:([A-Za-z_$][\w$]*)/.exec(seg);
      if (m) return `:${m[1]}`;
      return seg.startsWith(':') ? ':param' : seg;
    })
    .join('/');
}

function shape(path: string): string {
  return path.replace(/:[^/]+/g, ':');
}

function paramNames(path: string): string[] {
  return [...new Set([...path.matchAll(/:([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!))];
}

export interface RegisteredRoute {
  op: RouteOperation;
  method: string;
  url: string;
}

/** Routes the skeleton registers (first of each method and shape) and the ones it leaves out, with why. */
export function skeletonRoutes(service: ServicePlan): { registered: RegisteredRoute[]; skipped: { op: RouteOperation; why: string }[] } {
  const routes = service.operations.filter((o): o is RouteOperation => o.kind === 'route');
  const taken = new Set<string>();
  const shapes = new Map<string, Set<string>>();
  for (const r of routes) {
    const s = shape(skeletonPath(r.path));
    shapes.set(s, (shapes.get(s) ?? new Set()).add(r.method));
  }
  const registered: RegisteredRoute[] = [];
  const skipped: { op: RouteOperation; why: string }[] = [];
  for (const op of routes) {
    const url = skeletonPath(op.path);
    const s = shape(url);
    const method = op.method === 'HEAD' ? 'GET' : op.method;
    if (!isServablePath(op.path)) skipped.push({ op, why: `part of its path could not be read statically (${unknownPartNames(op.path).join(', ')}): find the real path, then register it` });
    else if (INFRA_ROUTES.has(`${method} ${url}`)) skipped.push({ op, why: 'the skeleton serves this path itself (health, readiness or metrics)' });
    else if (op.method === 'ALL' && shapes.get(s)!.size > 1) skipped.push({ op, why: 'an ALL route beside routes for single methods on the same path: register the remaining methods by hand' });
    else if (op.method !== 'ALL' && !METHODS.has(method)) skipped.push({ op, why: `method ${op.method} is not registered by the skeleton` });
    else if (taken.has(`${method} ${s}`)) skipped.push({ op, why: 'another route already answers this method and path' });
    else {
      taken.add(`${method} ${s}`);
      registered.push({ op, method, url });
    }
  }
  return { registered, skipped };
}

function where(op: RouteOperation): string {
  const at = op.handlerAt ?? op.registeredAt;
  return `${at.file}:${at.line}`;
}

export function routesSource(service: ServicePlan): string {
  const { registered, skipped } = skeletonRoutes(service);
  const out: string[] = [];
  out.push(`/**
 * Routes ${commentText(service.name)} takes over from the monolith, with the same method and path.
 * Each stub answers 501 and names the monolith handler to port: replace its body with the port.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notPorted } from './not-ported.js';
`);
  for (const { op, url } of registered) {
    const params = paramNames(url);
    const T = `${pascalId(op.id)}Params`;
    out.push(`/** Path parameters of ${commentText(`${op.method} ${op.path}`)}. */
${params.length ? `export interface ${T} {\n${params.map((p) => `  ${p}: string;`).join('\n')}\n}` : `export type ${T} = Record<string, never>;`}

/**
 * ${commentText(`${op.method} ${op.path}`)}
 * Port ${commentText(op.handler ?? 'the inline handler')} (${commentText(where(op))}), registered at ${commentText(`${op.registeredAt.file}:${op.registeredAt.line}`)}.
 */
export async function ${op.id}(_request: FastifyRequest<{ Params: ${T} }>, reply: FastifyReply): Promise<FastifyReply> {
  return notPorted(reply, { operation: ${tsString(op.id)}, handler: ${tsString(op.handler ?? 'inline handler')}, at: ${tsString(where(op))} });
}
`);
  }
  out.push(`/** Registers every route above. */
export function registerRoutes(app: FastifyInstance): void {
${registered
  .map(({ op, method, url }) => {
    const T = `${pascalId(op.id)}Params`;
    return op.method === 'ALL' ? `  app.all<{ Params: ${T} }>(${tsString(url)}, ${op.id});` : `  app.route<{ Params: ${T} }>({ method: ${tsString(method)}, url: ${tsString(url)}, handler: ${op.id} });`;
  })
  .join('\n')}
}
`);
  if (skipped.length > 0) {
    out.push(`/*
 * Not registered here (port them by hand):
${skipped.map((s) => ` * - ${commentText(`${s.op.method} ${s.op.path}`)} (${commentText(s.op.handler ?? 'inline handler')}, ${commentText(where(s.op))}): ${commentText(s.why)}`).join('\n')}
 */
`);
  }
  return out.join('\n');
}

export function internalSource(service: ServicePlan, byId: ReadonlyMap<string, ServicePlan>): string {
  const ops = service.operations.filter((o): o is SymbolOperation => o.kind === 'symbol');
  const out: string[] = [];
  out.push(`/**
 * Operations other services call in ${commentText(service.name)}: exported code of the monolith they used
 * in-process, now internal HTTP endpoints. Each stub answers 501 and names the code to port.
 */
${ops.length ? `import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notPorted } from './not-ported.js';` : `import type { FastifyInstance } from 'fastify';`}

/** The body every internal operation receives: the arguments of the former in-process call. */
export interface OperationCall {
  args: unknown[];
}
`);
  for (const op of ops) {
    const callers = op.calledBy.map((c) => byId.get(c.service)?.name ?? c.service).join(', ');
    out.push(`/** POST ${commentText(op.path)}: port ${commentText(op.symbol)} (${commentText(op.module)}); called by ${commentText(callers)}. */
export async function ${op.id}(_request: FastifyRequest<{ Body: OperationCall }>, reply: FastifyReply): Promise<FastifyReply> {
  return notPorted(reply, { operation: ${tsString(op.id)}, handler: ${tsString(op.symbol)}, at: ${tsString(op.module)} });
}
`);
  }
  out.push(`/** Registers every internal operation above. */
export function registerInternal(${ops.length ? 'app' : '_app'}: FastifyInstance): void {
${ops.map((op) => `  app.post<{ Body: OperationCall }>(${tsString(op.path)}, ${op.id});`).join('\n')}
}
`);
  return out.join('\n');
}

const NOT_PORTED = `/** The answer of every stub until its code is ported: 501, naming what to port and where it is. */
import type { FastifyReply } from 'fastify';

export interface PortTarget {
  /** operation id in this service */
  operation: string;
  /** the monolith's handler or symbol to port */
  handler: string;
  /** where it is in the monolith (file:line) */
  at: string;
}

export function notPorted(reply: FastifyReply, target: PortTarget): FastifyReply {
  return reply.code(501).send({
    error: 'Not Implemented',
    message: \`\${target.operation} is not ported yet: port \${target.handler} (\${target.at}) from the monolith\`,
    ...target,
  });
}
`;

function appSource(service: ServicePlan, version: string): string {
  return `/**
 * The ${commentText(service.name)} service: Fastify with JSON logs, Prometheus metrics, health and readiness,
 * the routes it takes over from the monolith and the operations other services call.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { registerInternal } from './internal.js';
import { loggerOptions } from './logging.js';
import { registerMetrics } from './metrics.js';
import { registerRoutes } from './routes.js';

export const SERVICE_NAME = ${tsString(service.slug)};
export const SERVICE_VERSION = ${tsString(version)};

export interface AppState {
  /** false until the server listens and again while it shuts down: /ready answers 503 */
  ready: boolean;
}

export function buildApp(state: AppState = { ready: true }): FastifyInstance {
  const app = Fastify({ logger: loggerOptions(SERVICE_NAME, SERVICE_VERSION), requestIdHeader: 'x-request-id' });
  registerMetrics(app, SERVICE_NAME);
  app.get('/health', async () => ({ status: 'ok', service: SERVICE_NAME }));
  // Add the checks this service needs to be useful (its database, a broker) before answering ready.
  app.get('/ready', async (_request, reply) => (state.ready ? { status: 'ready' } : reply.code(503).send({ status: 'not ready' })));
  registerRoutes(app);
  registerInternal(app);
  return app;
}
`;
}

const LOGGING = `/**
 * Structured JSON logs, one object per line on stdout, with Elastic Common Schema field names
 * (@timestamp, log.level, message, service.name), so Filebeat / Logstash / Elasticsearch ingest
 * them as they are, without a grok pattern.
 */
export function loggerOptions(service: string, version: string) {
  return {
    level: process.env.LOG_LEVEL ?? 'info',
    messageKey: 'message',
    base: { 'service.name': service, 'service.version': version, 'ecs.version': '8.11.0' },
    timestamp: () => \`,"@timestamp":"\${new Date().toISOString()}"\`,
    formatters: {
      level: (label: string) => ({ 'log.level': label }),
    },
  };
}
`;

const METRICS = `/**
 * Prometheus metrics at /metrics: the Node.js process defaults and a request-duration histogram
 * per method, route and status (the service's Grafana dashboard reads these).
 */
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const registry = new Registry();

const requestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration in seconds, by method, route and status code',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export function registerMetrics(app: FastifyInstance, service: string): void {
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    requestDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
`;

const SERVER = `/** Entry point: listen on PORT (default ${SERVICE_PORT}) and HOST, shut down cleanly on SIGTERM / SIGINT. */
import { buildApp } from './app.js';

const state = { ready: false };
const app = buildApp(state);
const port = Number(process.env.PORT ?? ${SERVICE_PORT});
const host = process.env.HOST ?? '0.0.0.0';

async function shutdown(signal: string): Promise<void> {
  state.ready = false;
  app.log.info({ signal }, 'shutting down');
  await app.close();
  process.exit(0);
}

process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

try {
  await app.listen({ port, host });
  state.ready = true;
} catch (err) {
  app.log.error(err, 'could not start');
  process.exit(1);
}
`;

const HTTP_CLIENT = `/**
 * Calls another service's operation: POST { args } as JSON, a timeout, the request id passed on,
 * and an error that names the operation when the answer is not a success.
 */
export interface CallOptions {
  timeoutMs?: number;
  /** passed on as x-request-id so logs of both services can be joined */
  requestId?: string;
}

export class OperationError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(\`\${operation} answered \${status}\`);
    this.name = 'OperationError';
  }
}

export async function callOperation(baseUrl: string, path: string, operation: string, args: readonly unknown[], options: CallOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.requestId) headers['x-request-id'] = options.requestId;
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers,
    body: JSON.stringify({ args }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
  });
  const text = await response.text();
  if (!response.ok) throw new OperationError(operation, response.status, text);
  return text ? (JSON.parse(text) as unknown) : undefined;
}
`;

function clientSource(service: ServicePlan, callee: ServicePlan): string {
  const calls = service.calls.filter((c) => c.service === callee.id);
  const ops = new Map(callee.operations.map((o) => [o.id, o]));
  const T = `${callee.slug.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}Client`;
  const variable = T.charAt(0).toLowerCase() + T.slice(1);
  const env = envName(callee.slug, 'URL');
  return `/**
 * Client for the ${commentText(callee.name)} service: the operations ${commentText(service.name)} calls there.
 * Base URL from ${env} (default http://${callee.slug}:${SERVICE_PORT}). Until ${commentText(callee.name)} is extracted
 * (wave ${callee.wave}; this service leaves in wave ${service.wave}), point ${env} at the monolith's internal API.
 */
import { callOperation, type CallOptions } from './http.js';

const BASE_URL = process.env.${env} ?? ${tsString(`http://${callee.slug}:${SERVICE_PORT}`)};

export interface ${T} {
${calls
  .map((c) => {
    const op = ops.get(c.operation);
    const what = op?.kind === 'symbol' ? `${op.symbol} (${op.module})` : c.operation;
    return `  /** ${commentText(what)}; called from ${commentText(c.from.join(', '))} */
  ${c.operation}(args: readonly unknown[], options?: CallOptions): Promise<unknown>;`;
  })
  .join('\n')}
}

export const ${variable}: ${T} = {
${calls
  .map((c) => {
    const op = ops.get(c.operation);
    const path = op && op.kind === 'symbol' ? op.path : `/internal/${c.operation}`;
    return `  ${c.operation}: (args, options) => callOperation(BASE_URL, ${tsString(path)}, ${tsString(`${callee.slug}.${c.operation}`)}, args, options),`;
  })
  .join('\n')}
};
`;
}

/** The `src/` files of one service, paths relative to the service folder. */
export function serviceSources(plan: MigrationPlan, service: ServicePlan, byId: ReadonlyMap<string, ServicePlan>): Artifact[] {
  const files: Artifact[] = [
    { path: 'src/server.ts', contents: SERVER },
    { path: 'src/app.ts', contents: appSource(service, plan.tool.version) },
    { path: 'src/logging.ts', contents: LOGGING },
    { path: 'src/metrics.ts', contents: METRICS },
    { path: 'src/not-ported.ts', contents: NOT_PORTED },
    { path: 'src/routes.ts', contents: routesSource(service) },
    { path: 'src/internal.ts', contents: internalSource(service, byId) },
  ];
  const callees = [...new Set(service.calls.map((c) => c.service))].sort(compareStrings);
  if (callees.length > 0) files.push({ path: 'src/clients/http.ts', contents: HTTP_CLIENT });
  for (const id of callees) {
    const callee = byId.get(id);
    if (callee) files.push({ path: `src/clients/${callee.slug}.ts`, contents: clientSource(service, callee) });
  }
  return files;
}

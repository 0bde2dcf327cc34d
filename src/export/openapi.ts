/**
 * Exporter `openapi`: one OpenAPI 3.1 document per service (openapi/<slug>.openapi.json): the
 * routes it takes over (path parameters, methods, operation ids, request and response schemas from
 * the DTO types where they were visible) and the internal operations other services call.
 */
import type { Artifact, JsonSchema, JsonValue, MigrationPlan, Parameter, RouteOperation, ServicePlan } from '../shared/plan.js';
import { SERVICE_PORT } from './stack.js';
import { json } from './text.js';
import { isServablePath } from './unknown-routes.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const ANY_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const NOT_PORTED: JsonValue = {
  description: 'Not ported yet: the skeleton names the monolith handler to port',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/SeamNotPorted' } } },
};

function parameters(op: RouteOperation): JsonValue[] {
  const path = [...op.openapiPath.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const known = new Map(op.parameters.map((p) => [`${p.in}:${p.name}`, p]));
  const out: Parameter[] = path.map((name) => known.get(`path:${name}`) ?? { name, in: 'path', required: true, schema: { type: 'string' } });
  for (const p of op.parameters) if (p.in === 'query') out.push(p);
  return out.map((p) => ({ name: p.name, in: p.in, required: p.in === 'path' ? true : p.required, schema: p.schema }));
}

function routeOperation(op: RouteOperation, service: ServicePlan, operationId: string): JsonValue {
  const at = op.handlerAt ?? op.registeredAt;
  const responses: Record<string, JsonValue> = {
    '200': op.response ? { description: 'Success', content: { 'application/json': { schema: op.response } } } : { description: 'Success (the response type was not visible in the code)' },
    '501': NOT_PORTED,
  };
  const o: Record<string, JsonValue> = {
    operationId,
    summary: op.handler ? `Port of ${op.handler}` : `${op.method} ${op.path}`,
    description: `Taken over from the monolith: ${op.handler ?? 'inline handler'} at ${at.file}:${at.line} (registered at ${op.registeredAt.file}:${op.registeredAt.line}).`,
    tags: [service.slug],
    parameters: parameters(op),
    responses,
  };
  if (op.request && !['get', 'head', 'delete'].includes(op.method.toLowerCase())) {
    o.requestBody = { required: true, content: { 'application/json': { schema: op.request } } };
  }
  return o;
}

export function openapiDocument(plan: MigrationPlan, service: ServicePlan): JsonValue {
  const name = (id: string): string => plan.services.find((s) => s.id === id)?.name ?? id;
  const paths: Record<string, Record<string, JsonValue>> = {};
  const usedIds = new Set<string>();
  const add = (path: string, method: string, make: (id: string) => JsonValue, id: string): void => {
    const item = (paths[path] ??= {});
    if (item[method]) return;
    let opId = id;
    for (let i = 2; usedIds.has(opId); i++) opId = `${id}${i}`;
    usedIds.add(opId);
    item[method] = make(opId);
  };
  for (const op of service.operations) {
    // a path with a part Seam could not read is not published (the report lists it)
    if (op.kind === 'route' && !isServablePath(op.path)) continue;
    if (op.kind === 'route') {
      const method = op.method.toLowerCase();
      if (op.method === 'ALL') for (const m of ANY_METHODS) add(op.openapiPath, m, (id) => routeOperation(op, service, id), `${op.id}${m[0]!.toUpperCase()}${m.slice(1)}`);
      else if ((METHODS as readonly string[]).includes(method)) add(op.openapiPath, method, (id) => routeOperation(op, service, id), op.id);
    } else {
      add(
        op.path,
        'post',
        (id) => ({
          operationId: id,
          summary: `Internal: ${op.symbol}`,
          description: `Exported code other services called in-process: ${op.symbol} (${op.module}). Called by ${op.calledBy.map((c) => name(c.service)).join(', ')}.`,
          tags: ['internal'],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/SeamOperationCall' } } } },
          responses: { '200': { description: 'The result of the call', content: { 'application/json': { schema: {} } } }, '501': NOT_PORTED },
        }),
        op.id,
      );
    }
  }
  const schemas: Record<string, JsonSchema> = {
    ...service.schemas,
    SeamNotPorted: {
      type: 'object',
      properties: { error: { type: 'string' }, message: { type: 'string' }, operation: { type: 'string' }, handler: { type: 'string' }, at: { type: 'string' } },
      required: ['error', 'message', 'operation', 'handler', 'at'],
    },
    SeamOperationCall: { type: 'object', properties: { args: { type: 'array', items: {} } }, required: ['args'] },
  };
  const sortedPaths: Record<string, JsonValue> = {};
  for (const p of Object.keys(paths).sort()) sortedPaths[p] = paths[p]!;
  return {
    openapi: '3.1.0',
    info: { title: `${service.name} service`, version: '0.1.0', description: `Extracted from ${plan.root} by Seam ${plan.tool.version} (wave ${service.wave}).` },
    servers: [{ url: `http://${service.slug}:${SERVICE_PORT}` }],
    tags: [{ name: service.slug, description: 'Routes taken over from the monolith' }, { name: 'internal', description: 'Operations other services call' }],
    paths: sortedPaths,
    components: { schemas },
  };
}

export function renderOpenapi(plan: MigrationPlan): Artifact[] {
  return plan.services.map((s) => ({ path: `openapi/${s.slug}.openapi.json`, contents: json(openapiDocument(plan, s)) }));
}

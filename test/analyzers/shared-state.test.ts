import { describe, expect, it } from 'vitest';
import { pluginsOf } from '../../analyzers/registry.js';

const sharedStateAnalyzers = pluginsOf('shared-state');
import { analyzeSources } from '../../analyzers/testing.js';
import type { SharedStateFact } from '../../src/shared/facts.js';

async function sharedStateOf(files: Record<string, string>): Promise<SharedStateFact[]> {
  const facts = await analyzeSources(files, { analyzers: sharedStateAnalyzers });
  return facts.sharedState;
}

const tsconfig = JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } });

const shop: Record<string, string> = {
  'tsconfig.json': tsconfig,
  'src/cache/user-cache.ts': `
import { LRUCache } from 'lru-cache';
import type { User } from '../users/user.js';

export const userCache = new LRUCache<string, User>({ max: 500 });
`,
  'src/cache/index.ts': `export * from './user-cache.js';\n`,
  'src/users/user.ts': `export interface User { id: string; name: string }\n`,
  'src/users/user-service.ts': `
import { userCache } from '../cache/user-cache.js';
import { prisma } from '../db/client.js';
import type { User } from './user.js';

export async function findUser(id: string): Promise<User | null> {
  const hit = userCache.get(id);
  if (hit) return hit;
  const user = await prisma.user.findUnique({ where: { id } });
  if (user) userCache.set(id, user);
  return user;
}
`,
  'src/users/user-controller.ts': `
import { userCache } from '../cache/user-cache.js';
import { findUser } from './user-service.js';
import { currentUser } from '../context/request-context.js';

export async function show(id: string) {
  if (currentUser()?.admin) userCache.delete(id);
  return findUser(id);
}
`,
  'src/auth/session.ts': `
import { userCache } from '../cache/user-cache.js';
import { runWithContext } from '../context/request-context.js';

export function logout(userId: string, next: () => void) {
  userCache.delete(userId);
  runWithContext({ user: undefined }, next);
}
`,
  'src/admin/stats.ts': `
import { userCache } from '../cache/index.js';
import { emitter } from '../events/ui-events.js';

export const cacheSize = () => userCache.size;
emitter.on('refresh', () => undefined);
`,
  // re-exporting is not using
  'src/public-api.ts': `
import { userCache } from './cache/user-cache.js';
export { userCache };
`,
  // a type-only use is not a use
  'src/types.ts': `
import { userCache } from './cache/user-cache.js';
export type UserCache = typeof userCache;
`,
  'src/events/bus.ts': `
import { EventEmitter } from 'node:events';

export const bus = new EventEmitter();
`,
  'src/events/domain-events.ts': `
import { EventEmitter } from 'node:events';

export class DomainEvents extends EventEmitter {
  orderPlaced(id: string) { this.emit('order-placed', id); }
}
`,
  'src/events/audit-events.ts': `
import { DomainEvents } from './domain-events.js';

class AuditEvents extends DomainEvents {}
export const domainEvents = new DomainEvents();
export const auditEvents = new AuditEvents();
`,
  'src/events/ui-events.ts': `
import mitt from 'mitt';

type Events = { refresh: void };
export const emitter = mitt<Events>();
`,
  'src/orders/order-service.ts': `
import { bus } from '../events/bus.js';
import { domainEvents } from '../events/audit-events.js';
import * as db from '../db/client.js';
import { priceOf } from '../pricing/price-cache.js';

export async function placeOrder(sku: string) {
  const order = await db.prisma.order.create({ data: { sku, total: priceOf(sku) } });
  bus.emit('order-placed', order);
  domainEvents.orderPlaced(order.id);
  return order;
}
`,
  'src/notifications/listener.ts': `
import { bus } from '../events/bus.js';
import Audit from '../audit/audit-log.js';

bus.on('order-placed', (order: unknown) => Audit.record('order', order));
`,
  'src/context/request-context.ts': `
import { AsyncLocalStorage } from 'node:async_hooks';

interface Context { user?: { admin: boolean } }
const storage = new AsyncLocalStorage<Context>();

export function currentUser() {
  return storage.getStore()?.user;
}

export function runWithContext<T>(ctx: Context, fn: () => T): T {
  return storage.run(ctx, fn);
}

export const VERSION = 1;
`,
  'src/config/flags.ts': `
export let maintenanceMode = false;
export var region = 'eu';

export function setMaintenance(on: boolean) {
  maintenanceMode = on;
}
`,
  'src/http/middleware.ts': `
import { maintenanceMode } from '../config/flags.js';
import { VERSION } from '../context/request-context.js';
import { MetricsRegistry } from '../metrics/registry.js';

export function guard() {
  MetricsRegistry.getInstance().count('guard');
  return maintenanceMode ? 503 : VERSION;
}
`,
  'src/db/client.ts': `
import { PrismaClient } from '@prisma/client';

export const prisma = new PrismaClient();
`,
  'src/metrics/registry.ts': `
export class MetricsRegistry {
  private static instance: MetricsRegistry | undefined;
  private counts: Record<string, number> = {};

  static getInstance(): MetricsRegistry {
    MetricsRegistry.instance ??= new MetricsRegistry();
    return MetricsRegistry.instance;
  }

  count(name: string) { this.counts[name] = (this.counts[name] ?? 0) + 1; }
}
`,
  'src/audit/audit-log.ts': `
class AuditLog {
  private entries: unknown[] = [];
  record(kind: string, data: unknown) { this.entries.push({ kind, data }); }
}

export default new AuditLog();
`,
  'src/pricing/price-cache.ts': `
const prices = new Map<string, number>();
const memo: Record<string, number> = {};

export function priceOf(sku: string): number {
  if (!prices.has(sku)) prices.set(sku, lookup(sku));
  return prices.get(sku) as number;
}

function lookup(sku: string): number {
  memo[sku] ??= sku.length * 100;
  return memo[sku];
}
`,
  'src/search/search-client.ts': `
import { Client } from '@elastic/elasticsearch';

let client: Client | undefined;

export function searchClient(): Client {
  if (!client) client = new Client({ node: 'http://localhost:9200' });
  return client;
}
`,
  'src/search/search-service.ts': `
import { searchClient } from './search-client.js';

export const search = (q: string) => searchClient().search({ q });
`,
  'src/config/constants.ts': `
import { Router } from 'express';
import { Schema } from 'mongoose';
import KoaRouter from '@koa/router';

export const LIMITS = Object.freeze({ maxItems: 50 });
export const APP_NAME = 'shop';
export const PORT = 8080;
export const DEFAULTS = { page: 1, size: 20 };
export const STATUSES = ['new', 'paid'] as const;
export const ROLES = new Set(['admin', 'customer']);
export const EPOCH = new Date(0);
export const SKU_PATTERN = new RegExp('^[A-Z]{3}-\\\\d+$');
export const NOT_FOUND = new NotFoundError();
export const router = Router();
export const koaRouter = new KoaRouter();
export const orderSchema = new Schema({ sku: String });
export class Money { constructor(readonly cents: number) {} }
export function format(m: Money) { return (m.cents / 100).toFixed(2); }
export type Currency = 'EUR' | 'USD';
export interface Price { amount: Money }
export enum Color { Red, Green }
const seen = new Set<string>(['a']);
export const isSeen = (x: string) => seen.has(x);
class NotFoundError extends Error {}
`,
  'src/config/use-constants.ts': `
import { LIMITS, DEFAULTS, ROLES, STATUSES, format, Money } from './constants.js';

export const describe = () => [LIMITS.maxItems, DEFAULTS.page, ROLES.has('admin'), STATUSES[0], format(new Money(1))];
`,
};

describe('shared-state analyzer', () => {
  it('finds the caches, buses, contexts, singletons and mutable exports of a monolith, with their users', async () => {
    const state = await sharedStateOf(shop);
    expect(state).toEqual([
      { id: 'src/audit/audit-log.ts#default', kind: 'singleton', module: 'src/audit/audit-log.ts', name: 'default', line: 7, users: ['src/notifications/listener.ts'] },
      { id: 'src/cache/user-cache.ts#userCache', kind: 'cache', module: 'src/cache/user-cache.ts', name: 'userCache', line: 5, users: ['src/admin/stats.ts', 'src/auth/session.ts', 'src/users/user-controller.ts', 'src/users/user-service.ts'] },
      { id: 'src/config/flags.ts#maintenanceMode', kind: 'mutable-export', module: 'src/config/flags.ts', name: 'maintenanceMode', line: 2, users: ['src/http/middleware.ts'] },
      { id: 'src/config/flags.ts#region', kind: 'mutable-export', module: 'src/config/flags.ts', name: 'region', line: 3, users: [] },
      { id: 'src/context/request-context.ts#storage', kind: 'async-local-storage', module: 'src/context/request-context.ts', name: 'storage', line: 5, users: ['src/auth/session.ts', 'src/users/user-controller.ts'] },
      { id: 'src/db/client.ts#prisma', kind: 'singleton', module: 'src/db/client.ts', name: 'prisma', line: 4, users: ['src/orders/order-service.ts', 'src/users/user-service.ts'] },
      { id: 'src/events/audit-events.ts#auditEvents', kind: 'event-bus', module: 'src/events/audit-events.ts', name: 'auditEvents', line: 6, users: [] },
      { id: 'src/events/audit-events.ts#domainEvents', kind: 'event-bus', module: 'src/events/audit-events.ts', name: 'domainEvents', line: 5, users: ['src/orders/order-service.ts'] },
      { id: 'src/events/bus.ts#bus', kind: 'event-bus', module: 'src/events/bus.ts', name: 'bus', line: 4, users: ['src/notifications/listener.ts', 'src/orders/order-service.ts'] },
      { id: 'src/events/ui-events.ts#emitter', kind: 'event-bus', module: 'src/events/ui-events.ts', name: 'emitter', line: 5, users: ['src/admin/stats.ts'] },
      { id: 'src/metrics/registry.ts#MetricsRegistry', kind: 'singleton', module: 'src/metrics/registry.ts', name: 'MetricsRegistry', line: 2, users: ['src/http/middleware.ts'] },
      { id: 'src/pricing/price-cache.ts#memo', kind: 'cache', module: 'src/pricing/price-cache.ts', name: 'memo', line: 3, users: ['src/orders/order-service.ts'] },
      { id: 'src/pricing/price-cache.ts#prices', kind: 'cache', module: 'src/pricing/price-cache.ts', name: 'prices', line: 2, users: ['src/orders/order-service.ts'] },
      { id: 'src/search/search-client.ts#client', kind: 'singleton', module: 'src/search/search-client.ts', name: 'client', line: 4, users: ['src/search/search-service.ts'] },
    ]);
  });

  it('reports a Map, Set or literal as a cache only once something changes it at run time', async () => {
    const state = await sharedStateOf({
      'tsconfig.json': tsconfig,
      'src/sessions.ts': `
export const sessions = new Map<string, string>();
export const lookup = new Map([['a', 1]]);
export const registry: string[] = [];
const handlers = new Map<string, () => void>();
handlers.set('boot', () => undefined);
export const run = (name: string) => handlers.get(name)?.();
`,
      'src/login.ts': `
import { sessions, lookup, registry } from './sessions.js';

registry.push('login');
export function login(id: string) {
  sessions.set(id, 'user');
  return lookup.get(id);
}
`,
      'src/audit.ts': `
import * as s from './sessions.js';
import tokens from './tokens.js';

export const audit = () => { s.registry[0] = 'audit'; return s.sessions.size + tokens.size; };
`,
      'src/tokens.ts': `
const tokens = new Set<string>();
export function revoke(t: string) { tokens.add(t); }
export default tokens;
`,
    });
    expect(state).toEqual([
      { id: 'src/sessions.ts#registry', kind: 'cache', module: 'src/sessions.ts', name: 'registry', line: 4, users: ['src/audit.ts', 'src/login.ts'] },
      { id: 'src/sessions.ts#sessions', kind: 'cache', module: 'src/sessions.ts', name: 'sessions', line: 2, users: ['src/audit.ts', 'src/login.ts'] },
      { id: 'src/tokens.ts#tokens', kind: 'cache', module: 'src/tokens.ts', name: 'tokens', line: 2, users: ['src/audit.ts'] },
    ]);
  });

  it('does not confuse a local variable with the module-level binding it shadows', async () => {
    const state = await sharedStateOf({
      'tsconfig.json': tsconfig,
      'src/a.ts': `
export const cache = new Map<string, number>();
export function fill(items: string[]) {
  const cache = new Map<string, number>();
  for (const i of items) cache.set(i, 1);
  return cache;
}
export const read = (k: string) => cache.get(k);
`,
      'src/b.ts': `
import { cache } from './a.js';
export function tally(cache: Map<string, number>) { cache.set('x', 1); }
`,
    });
    expect(state).toEqual([]);
  });

  it('needs rxjs for a Subject to be an event bus', async () => {
    const state = await sharedStateOf({
      'tsconfig.json': tsconfig,
      'src/school/subject.ts': `export class Subject { constructor(readonly title: string) {} }\n`,
      'src/school/catalog.ts': `
import { Subject } from './subject.js';
export const MATHS = new Subject('maths');
`,
      'src/events.ts': `
import { Subject as RxSubject, BehaviorSubject } from 'rxjs';
export const changes$ = new RxSubject<string>();
export const status$ = new BehaviorSubject('idle');
`,
    });
    expect(state.map((s) => [s.id, s.kind])).toEqual([
      ['src/events.ts#changes$', 'event-bus'],
      ['src/events.ts#status$', 'event-bus'],
      ['src/school/catalog.ts#MATHS', 'singleton'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { prismaRelations } from '../../src/plan/code-patterns.js';
import { plan, readSourceHints, routeKey, sourceFilesFor } from '../../src/plan/index.js';
import { emptyConstraints, type Decomposition } from '../../src/shared/decomposition.js';
import type { DataAccessFact, Facts, ImportEdge, RouteFact } from '../../src/shared/facts.js';

const files: Record<string, string> = {
  'src/dto/order.dto.ts': `export enum OrderStatus {
  Placed = 'placed',
  Shipped = 'shipped',
}
export interface Money {
  amountCents: number;
  currency: string;
}
/** An order as the API shows it */
export interface OrderResponse {
  id: string;
  status: OrderStatus;
  /** total in cents */
  total: Money;
  note?: string;
  shippedAt: Date | null;
  tags: string[];
  meta: Record<string, number>;
}
export interface CreateOrderRequest {
  items: { sku: string; quantity: number }[];
  coupon?: string;
  kind: 'retail' | 'business';
}
export type UpdateOrderRequest = Partial<CreateOrderRequest>;
export interface Page<T> {
  items: T[];
  total: number;
}
`,
  'src/orders/orders.controller.ts': `import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import type { CreateOrderRequest, OrderResponse, Page } from '../dto/order.dto';
@Controller('orders')
export class OrdersController {
  @Get()
  list(@Query('status') status?: string): Promise<Page<OrderResponse>> {
    return Promise.resolve({ items: [], total: 0 });
  }
  @Post()
  create(@Body() body: CreateOrderRequest): Promise<OrderResponse> {
    throw new Error(String(body));
  }
  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number): Promise<OrderResponse> {
    throw new Error(String(id));
  }
}
`,
  'src/orders/update.ts': `import type { Request, Response } from 'express';
import type { UpdateOrderRequest } from '../dto/order.dto';
export async function updateOrder(req: Request, res: Response): Promise<void> {
  const input: UpdateOrderRequest = req.body;
  const dry = req.query.dryRun;
  res.json({ input, dry });
}
`,
  'src/orders/order.routes.ts': `import { Router } from 'express';
import { updateOrder as update } from './update';
export const router = Router();
router.patch('/orders/:id', update);
`,
  'src/orders/order-repo.ts': `import { dataSource } from '../db';
export async function place(): Promise<void> {
  await dataSource.transaction(async (m) => {
    await m.query('INSERT INTO orders (id) VALUES (1)');
    await m.query('UPDATE stock SET n = n - 1');
  });
}
`,
  'src/orders/order.entity.ts': `import { Entity, ManyToOne } from 'typeorm';
import { Stock } from '../inventory/stock.entity';
@Entity('orders')
export class Order {
  @ManyToOne(() => Stock)
  stock: Stock;
}
`,
  'src/orders/order-service.ts': `import { stockService } from '../inventory/stock-service';
import { StockService } from '../inventory/stock-service';
export class OrderService {
  constructor(private readonly stock: StockService) {}
  run(): void {
    stockService.reserve(1);
    stockService.reserve(2);
    stockService.release(1);
    this.stock.check();
  }
}
`,
  'src/inventory/stock-service.ts': `export class StockService {
  check(): void {}
}
export const stockService = { reserve(n: number) { return n; }, release(n: number) { return n; } };
`,
  'src/inventory/stock.entity.ts': `import { Entity } from 'typeorm';
@Entity('stock')
export class Stock {}
`,
  'src/inventory/stock-repo.ts': `export const write = 'UPDATE stock SET n = 0';
`,
  'src/db.ts': `export const dataSource = { transaction: async (fn: (m: unknown) => Promise<void>) => fn({}) };
`,
};

function lineOf(file: string, needle: string): number {
  const i = files[file]!.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return i + 1;
}

function imp(from: string, to: string, names: string[], line: number, kind: ImportEdge['kind'] = 'runtime'): ImportEdge {
  return { from, to, kind, names, line };
}

const C = 'src/orders/orders.controller.ts';
const routes: RouteFact[] = [
  { method: 'GET', path: '/orders', framework: 'nestjs', module: C, line: lineOf(C, '@Get()'), handler: 'OrdersController.list' },
  { method: 'GET', path: '/orders/:id', framework: 'nestjs', module: C, line: lineOf(C, "@Get(':id')"), handler: 'OrdersController.get' },
  { method: 'PATCH', path: '/orders/:id', framework: 'express', module: 'src/orders/order.routes.ts', line: 4, handler: 'updateOrder' },
  { method: 'POST', path: '/orders', framework: 'nestjs', module: C, line: lineOf(C, '@Post()'), handler: 'OrdersController.create' },
];

const access = (module: string, table: string, line: number): DataAccessFact => ({ module, table, access: 'write', via: 'sql', line });

const facts: Facts = {
  schemaVersion: 1,
  tool: { name: 'seam', version: '0.1.0' },
  root: 'hints',
  tsconfigs: [],
  packages: [],
  modules: Object.keys(files)
    .sort()
    .map((path) => ({ path, lines: files[path]!.split('\n').length, bytes: files[path]!.length, language: 'ts' as const, hash: '0000000000000000' })),
  imports: [
    imp(C, 'src/dto/order.dto.ts', ['CreateOrderRequest', 'OrderResponse', 'Page'], 2, 'type-only'),
    imp('src/orders/update.ts', 'src/dto/order.dto.ts', ['UpdateOrderRequest'], 2, 'type-only'),
    imp('src/orders/order.routes.ts', 'src/orders/update.ts', ['updateOrder'], 2),
    imp('src/orders/order-repo.ts', 'src/db.ts', ['dataSource'], 1),
    imp('src/orders/order.entity.ts', 'src/inventory/stock.entity.ts', ['Stock'], 2),
    imp('src/orders/order-service.ts', 'src/inventory/stock-service.ts', ['stockService'], 1),
    imp('src/orders/order-service.ts', 'src/inventory/stock-service.ts', ['StockService'], 2),
  ],
  externalImports: [],
  symbols: [
    { from: 'src/orders/order-service.ts', to: 'src/inventory/stock-service.ts', symbol: 'StockService', usage: { type: 1 } },
    { from: 'src/orders/order-service.ts', to: 'src/inventory/stock-service.ts', symbol: 'stockService', usage: { read: 3 } },
  ],
  routes,
  entities: [
    { name: 'Order', table: 'orders', via: 'typeorm', module: 'src/orders/order.entity.ts', line: 3 },
    { name: 'Stock', table: 'stock', via: 'typeorm', module: 'src/inventory/stock.entity.ts', line: 2 },
  ],
  dataAccess: [access('src/inventory/stock-repo.ts', 'stock', 1), access('src/inventory/stock-repo.ts', 'stock', 2), access('src/orders/order-repo.ts', 'orders', 4), access('src/orders/order-repo.ts', 'stock', 5)],
  sharedState: [],
  history: null,
  coChange: [],
  authors: [],
  diagnostics: [],
};

const hints = readSourceHints(facts, files);

describe('source hints', () => {
  it('names every source module and entity file as a file to read', () => {
    expect(sourceFilesFor(facts)).toEqual(Object.keys(files).sort());
  });

  it('describes NestJS handlers: @Body type, typed @Param with its pipe, @Query, and the unwrapped return type', () => {
    const get = hints.handlers[routeKey(routes[1]!)]!;
    expect(get).toEqual({ module: C, line: lineOf(C, 'get(@Param'), parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], response: { $ref: '#/components/schemas/OrderResponse' } });
    const create = hints.handlers[routeKey(routes[3]!)]!;
    expect(create.request).toEqual({ $ref: '#/components/schemas/CreateOrderRequest' });
    const list = hints.handlers[routeKey(routes[0]!)]!;
    expect(list.parameters).toEqual([{ name: 'status', in: 'query', required: false, schema: { type: 'string' } }]);
    // a generic type is inlined with its argument
    expect(list.response).toEqual({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/OrderResponse' } }, total: { type: 'number' } }, required: ['items', 'total'] });
  });

  it('finds an Express handler through an aliased import and reads its typed local and req.query use', () => {
    const patch = hints.handlers[routeKey(routes[2]!)]!;
    expect(patch).toEqual({
      module: 'src/orders/update.ts',
      line: 3,
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'dryRun', in: 'query', required: false, schema: { type: 'string' } },
      ],
      request: { $ref: '#/components/schemas/UpdateOrderRequest' },
    });
  });

  it('turns DTO declarations into JSON Schema: enums, docs, optional and nullable fields, arrays, records, literal unions, Partial', () => {
    expect(Object.keys(hints.schemas)).toEqual(['CreateOrderRequest', 'Money', 'OrderResponse', 'OrderStatus', 'UpdateOrderRequest']);
    expect(hints.schemas.OrderStatus).toEqual({ type: 'string', enum: ['placed', 'shipped'] });
    expect(hints.schemas.OrderResponse).toEqual({
      description: 'An order as the API shows it',
      type: 'object',
      properties: {
        id: { type: 'string' },
        status: { $ref: '#/components/schemas/OrderStatus' },
        total: { description: 'total in cents', $ref: '#/components/schemas/Money' },
        note: { type: 'string' },
        shippedAt: { type: ['string', 'null'], format: 'date-time' },
        tags: { type: 'array', items: { type: 'string' } },
        meta: { type: 'object', additionalProperties: { type: 'number' } },
      },
      required: ['id', 'status', 'total', 'shippedAt', 'tags', 'meta'],
    });
    expect(hints.schemas.CreateOrderRequest!.properties).toMatchObject({ kind: { type: 'string', enum: ['retail', 'business'] } });
    expect(hints.schemas.UpdateOrderRequest).toEqual({
      type: 'object',
      properties: {
        items: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' }, quantity: { type: 'number' } }, required: ['sku', 'quantity'] } },
        coupon: { type: 'string' },
        kind: { type: 'string', enum: ['retail', 'business'] },
      },
    });
  });

  it('finds transactions, ORM relations and member calls', () => {
    expect(hints.transactions).toEqual([{ module: 'src/orders/order-repo.ts', line: 3, endLine: 6 }]);
    expect(hints.relations).toEqual([{ module: 'src/orders/order.entity.ts', line: 5, from: 'Order', to: 'Stock', kind: 'ManyToOne' }]);
    expect(hints.memberCalls).toEqual([
      { module: 'src/orders/order-repo.ts', symbol: 'dataSource', member: 'transaction' },
      { module: 'src/orders/order-service.ts', symbol: 'StockService', member: 'check' },
      { module: 'src/orders/order-service.ts', symbol: 'stockService', member: 'release' },
      { module: 'src/orders/order-service.ts', symbol: 'stockService', member: 'reserve' },
    ]);
    expect(prismaRelations('prisma/schema.prisma', 'model A {\n  id String @id\n  bs B[]\n}\nmodel B {\n  a A @relation(fields: [aId], references: [id])\n  aId String\n}\n')).toEqual([
      { module: 'prisma/schema.prisma', line: 3, from: 'A', to: 'B', kind: 'one-to-many' },
      { module: 'prisma/schema.prisma', line: 6, from: 'B', to: 'A', kind: 'relation' },
    ]);
  });

  it('lets the plan see a transaction and a relation across owners, and methods as operations', () => {
    const decomposition: Decomposition = {
      services: [
        { id: 'svc-inventory', name: 'inventory', modules: ['src/inventory/stock-repo.ts', 'src/inventory/stock-service.ts', 'src/inventory/stock.entity.ts'], pinned: [] },
        { id: 'svc-orders', name: 'orders', modules: ['src/orders/order-repo.ts', 'src/orders/order-service.ts', 'src/orders/order.entity.ts', 'src/orders/order.routes.ts', 'src/orders/orders.controller.ts', 'src/orders/update.ts'], pinned: [] },
      ],
      shared: [
        { module: 'src/db.ts', reason: 'kernel' },
        { module: 'src/dto/order.dto.ts', reason: 'kernel' },
      ],
      params: { seed: 1, resolution: 1, weights: { runtimeImport: 1, typeOnlyImport: 0.3, dynamicImport: 0.5, symbolRef: 0.5, sharedTableRead: 0.5, sharedTableWrite: 1, coChange: 1, sharedState: 0.5 } },
      constraints: emptyConstraints(),
    };
    const p = plan(facts, decomposition, { hints });
    expect(p.conflicts.map((c) => `${c.id} (${c.severity})`)).toEqual([
      'cross-owner-relation:src/orders/order.entity.ts:5 (medium)',
      'cross-owner-transaction:src/orders/order-repo.ts:3 (high)',
      'shared-write:stock (high)',
    ]);
    expect(p.conflicts[1]!.locations).toEqual([
      { file: 'src/orders/order-repo.ts', line: 3 },
      { file: 'src/orders/order-repo.ts', line: 4 },
      { file: 'src/orders/order-repo.ts', line: 5 },
    ]);
    const inventory = p.services.find((s) => s.id === 'svc-inventory')!;
    expect(inventory.operations.map((o) => (o.kind === 'symbol' ? `${o.id} ${o.path}` : o.id))).toEqual([
      'checkStock /internal/check-stock',
      'releaseStock /internal/release-stock',
      'reserveStock /internal/reserve-stock',
    ]);
    const orders = p.services.find((s) => s.id === 'svc-orders')!;
    expect(Object.keys(orders.schemas)).toEqual(['CreateOrderRequest', 'Money', 'OrderResponse', 'OrderStatus', 'UpdateOrderRequest']);
    expect(p.notes).toEqual([]);
  });
});

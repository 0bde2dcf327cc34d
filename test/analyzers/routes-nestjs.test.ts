import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { nestjsAnalyzer } from '../../analyzers/routes/nestjs.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { RouteFact } from '../../src/shared/facts.js';

function route(method: string, path: string, module: string, line: number, handler: string): RouteFact {
  return { method, path, framework: 'nestjs', module, line, handler };
}

const ordersController = `import { Controller, Delete, Get, Param, Post, Put } from '@nestjs/common';
import { ORDERS } from './paths';

@Controller(ORDERS)
export class OrdersController {
  @Get()
  list() {}

  @Get(':id')
  findOne(@Param('id') id: string) {}

  @Post()
  create() {}

  @Put([':id', ':id/replace'])
  replace() {}

  @Delete(':id')
  remove() {}

  helper() {}
}
`;

const app = {
  'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix('api', { exclude: ['health'] });
  await app.listen(3000);
}
bootstrap();
`,
  'src/app.module.ts': `export class AppModule {}
`,
  'src/orders/paths.ts': `export const ORDERS = 'orders';
`,
  'src/orders/orders.controller.ts': ordersController,
  'src/billing/invoices.controller.ts': `import { Controller as NestController, Get, Patch, All } from '@nestjs/common';

@NestController({ path: '/invoices/' })
export class InvoicesController {
  @Get(':id/pdf') pdf() {}
  @Patch(':id') update() {}
  @All('legacy/*') legacy() {}
}
`,
  'src/health/health.controller.ts': `import { Controller, Get } from '@nestjs/common';

@Controller()
export class HealthController {
  @Get('health')
  live() {}

  @Get('health/ready')
  ready() {}
}
`,
  'src/not-nest/routing-controllers.ts': `import { Controller, Get } from 'routing-controllers';

@Controller('/other')
export class Other {
  @Get('/') list() {}
}
`,
};

describe('nestjs routes', () => {
  it('joins the global prefix, controller path and method path, one route per path in an array', async () => {
    const facts = await analyzeSources(app, { analyzers: [nestjsAnalyzer] });
    const orders = 'src/orders/orders.controller.ts';
    const invoices = 'src/billing/invoices.controller.ts';
    expect(facts.routes).toEqual([
      route('GET', '/api/health/ready', 'src/health/health.controller.ts', 8, 'HealthController.ready'),
      route('PATCH', '/api/invoices/:id', invoices, 6, 'InvoicesController.update'),
      route('GET', '/api/invoices/:id/pdf', invoices, 5, 'InvoicesController.pdf'),
      route('ALL', '/api/invoices/legacy/*', invoices, 7, 'InvoicesController.legacy'),
      route('GET', '/api/orders', orders, 6, 'OrdersController.list'),
      route('POST', '/api/orders', orders, 12, 'OrdersController.create'),
      route('DELETE', '/api/orders/:id', orders, 18, 'OrdersController.remove'),
      route('GET', '/api/orders/:id', orders, 9, 'OrdersController.findOne'),
      route('PUT', '/api/orders/:id', orders, 15, 'OrdersController.replace'),
      route('PUT', '/api/orders/:id/replace', orders, 15, 'OrdersController.replace'),
      route('GET', '/health', 'src/health/health.controller.ts', 5, 'HealthController.live'),
    ]);
  });

  it('prefers the global prefix set next to NestFactory.create when files disagree', async () => {
    const facts = await analyzeSources(
      {
        'src/main.ts': `import { NestFactory } from '@nestjs/core';
async function bootstrap() {
  const app = await NestFactory.create({});
  app.setGlobalPrefix('v2');
}
`,
        'src/testing/e2e-app.ts': `import type { INestApplication } from '@nestjs/common';
export function configure(app: INestApplication) {
  app.setGlobalPrefix('test');
}
`,
        'src/orders.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('orders')
export class OrdersController {
  @Get() list() {}
}
`,
      },
      { analyzers: [nestjsAnalyzer] },
    );
    expect(facts.routes).toEqual([route('GET', '/v2/orders', 'src/orders.controller.ts', 4, 'OrdersController.list')]);
    expect(facts.diagnostics.filter((d) => d.code === 'route-prefix-ambiguous').map((d) => d.file)).toEqual(['src/main.ts']);
  });

  it('uses paths as written when no global prefix is set', async () => {
    const facts = await analyzeSources({ 'src/orders/orders.controller.ts': ordersController, 'src/orders/paths.ts': `export const ORDERS = 'orders';\n` }, { analyzers: [nestjsAnalyzer] });
    expect(facts.routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /orders',
      'POST /orders',
      'DELETE /orders/:id',
      'GET /orders/:id',
      'PUT /orders/:id',
      'PUT /orders/:id/replace',
    ]);
  });
});

describe('nestjs collect (one file)', () => {
  it('records controllers with raw paths and leaves undecorated methods out', () => {
    const path = 'src/orders/orders.controller.ts';
    const sourceFile = ts.createSourceFile(path, ordersController, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const local = nestjsAnalyzer.collect!({ path, text: ordersController, sourceFile });
    expect(local?.controllers).toEqual([
      {
        paths: [[{ ref: { binding: 'ORDERS', members: [] } }]],
        routes: [
          { method: 'GET', paths: [[]], line: 6, handler: 'OrdersController.list' },
          { method: 'GET', paths: [[{ text: ':id' }]], line: 9, handler: 'OrdersController.findOne' },
          { method: 'POST', paths: [[]], line: 12, handler: 'OrdersController.create' },
          { method: 'PUT', paths: [[{ text: ':id' }], [{ text: ':id/replace' }]], line: 15, handler: 'OrdersController.replace' },
          { method: 'DELETE', paths: [[{ text: ':id' }]], line: 18, handler: 'OrdersController.remove' },
        ],
      },
    ]);
  });
});

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

  it('prefers the global prefix set on the application variable over one set in a helper', async () => {
    const facts = await analyzeSources(
      {
        'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix('v2');
}
`,
        'src/app.module.ts': `import { Module } from '@nestjs/common';
import { OrdersController } from './orders.controller';
@Module({ controllers: [OrdersController] })
export class AppModule {}
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
  it('records decorated classes with their decorators by local name and literal paths as text', () => {
    const path = 'src/orders/orders.controller.ts';
    const sourceFile = ts.createSourceFile(path, ordersController, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const local = nestjsAnalyzer.collect!({ path, text: ordersController, sourceFile });
    const get = (line: number, path: unknown) => ({ ref: { name: 'Get' }, line, path });
    expect(local?.classes).toEqual([
      {
        name: 'OrdersController',
        line: 4,
        isDefault: false,
        decorators: [{ ref: { name: 'Controller' }, line: 4, path: { at: [expect.any(Number), expect.any(Number)], line: 4, name: 'ORDERS' } }],
        methods: [
          { name: 'list', decorators: [get(6, { texts: [''] })] },
          { name: 'findOne', decorators: [get(9, { texts: [':id'] })] },
          { name: 'create', decorators: [{ ref: { name: 'Post' }, line: 12, path: { texts: [''] } }] },
          { name: 'replace', decorators: [{ ref: { name: 'Put' }, line: 15, path: { texts: [':id', ':id/replace'] } }] },
          { name: 'remove', decorators: [{ ref: { name: 'Delete' }, line: 18, path: { texts: [':id'] } }] },
          { name: 'helper', decorators: [] },
        ],
      },
    ]);
  });
});

const NEST = JSON.stringify({ dependencies: { '@nestjs/common': '11', '@nestjs/core': '11', '@nestjs/config': '4' } });
const paths = (facts: { routes: RouteFact[] }): string[] => facts.routes.map((r) => `${r.method} ${r.path}`);

describe('nestjs applications', () => {
  it('gives each NestFactory.create app its own prefix, for the controllers its root module reaches', async () => {
    const facts = await analyzeSources(
      {
        'package.json': NEST,
        'apps/api/src/main.ts': `import { NestFactory } from '@nestjs/core';
import { ApiModule } from './api.module';
async function bootstrap() {
  const app = await NestFactory.create(ApiModule);
  app.setGlobalPrefix('api');
  await app.listen(3000);
}
bootstrap();
`,
        'apps/api/src/api.module.ts': `import { Module, forwardRef } from '@nestjs/common';
import { OrdersModule } from './orders/orders.module';
import { HealthModule } from '../../../libs/health/health.module';
@Module({ imports: [forwardRef(() => OrdersModule), HealthModule] })
export class ApiModule {}
`,
        'apps/api/src/orders/orders.module.ts': `import { Module } from '@nestjs/common';
import { OrdersController } from './orders.controller';
@Module({ controllers: [OrdersController] })
export class OrdersModule {}
`,
        'apps/api/src/orders/orders.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('orders')
export class OrdersController {
  @Get() list() {}
}
`,
        'apps/worker/src/main.ts': `import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';
async function bootstrap() {
  const app = await NestFactory.create(WorkerModule);
  app.setGlobalPrefix('worker/v1');
  await app.listen(3001);
}
bootstrap();
`,
        'apps/worker/src/worker.module.ts': `import { Module } from '@nestjs/common';
import { HealthModule } from '../../../libs/health/health.module';
import { JobsController } from './jobs.controller';
@Module({ imports: [HealthModule], controllers: [JobsController] })
export class WorkerModule {}
`,
        'apps/worker/src/jobs.controller.ts': `import { Controller, Post } from '@nestjs/common';
@Controller('jobs')
export class JobsController {
  @Post(':id/retry') retry() {}
}
`,
        'libs/health/health.module.ts': `import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
@Module({ controllers: [HealthController] })
export class HealthModule {}
`,
        'libs/health/health.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('health')
export class HealthController {
  @Get() check() {}
}
`,
        'libs/health/profiling.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('profiling')
export class ProfilingController {
  @Get() dump() {}
}
`,
      },
      { analyzers: [nestjsAnalyzer] },
    );
    expect(paths(facts)).toEqual(['GET /api/health', 'GET /api/orders', 'GET /worker/v1/health', 'POST /worker/v1/jobs/:id/retry']);
    expect(facts.diagnostics.filter((d) => d.code === 'route-controller-unregistered').map((d) => d.file)).toEqual(['libs/health/profiling.controller.ts']);
  });

  it('leaves excluded routes out of the global prefix (strings, parameters and methods)', async () => {
    const facts = await analyzeSources(
      {
        'package.json': NEST,
        'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { RequestMethod } from '@nestjs/common';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix('api', { exclude: ['health', { path: 'cats/:id', method: RequestMethod.GET }] });
}
`,
        'src/app.module.ts': `import { Module } from '@nestjs/common';
import { CatsController } from './cats.controller';
@Module({ controllers: [CatsController] })
export class AppModule {}
`,
        'src/cats.controller.ts': `import { Controller, Delete, Get } from '@nestjs/common';
@Controller()
export class CatsController {
  @Get('health') health() {}
  @Get('cats/:id') one() {}
  @Delete('cats/:id') remove() {}
}
`,
      },
      { analyzers: [nestjsAnalyzer] },
    );
    expect(paths(facts)).toEqual(['DELETE /api/cats/:id', 'GET /cats/:id', 'GET /health']);
  });

  it('puts URI versions in front of the path: default version, controller and method versions, arrays, VERSION_NEUTRAL', async () => {
    const files = (versioning: string) => ({
      'package.json': NEST,
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { VersioningType } from '@nestjs/common';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix('api');
  app.enableVersioning(${versioning});
}
`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { CatsController } from './cats.controller';
import { DogsController } from './dogs.controller';
@Module({ controllers: [CatsController, DogsController] })
export class AppModule {}
`,
      'src/cats.controller.ts': `import { Controller, Get, Version, VERSION_NEUTRAL } from '@nestjs/common';
@Controller({ path: 'cats', version: ['1', '2'] })
export class CatsController {
  @Get() list() {}
  @Version('3')
  @Get(':id') one() {}
  @Version(VERSION_NEUTRAL)
  @Get('count') count() {}
}
`,
      'src/dogs.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('dogs')
export class DogsController {
  @Get() list() {}
}
`,
    });
    const uri = await analyzeSources(files(`{ type: VersioningType.URI, defaultVersion: '1' }`), { analyzers: [nestjsAnalyzer] });
    expect(paths(uri)).toEqual(['GET /api/cats/count', 'GET /api/v1/cats', 'GET /api/v1/dogs', 'GET /api/v2/cats', 'GET /api/v3/cats/:id']);
    const prefixed = await analyzeSources(files(`{ type: VersioningType.URI, prefix: 'version-' }`), { analyzers: [nestjsAnalyzer] });
    expect(paths(prefixed)).toEqual(['GET /api/cats/count', 'GET /api/dogs', 'GET /api/version-1/cats', 'GET /api/version-2/cats', 'GET /api/version-3/cats/:id']);
    const header = await analyzeSources(files(`{ type: VersioningType.HEADER, header: 'X-Version' }`), { analyzers: [nestjsAnalyzer] });
    expect(paths(header)).toEqual(['GET /api/cats', 'GET /api/cats/:id', 'GET /api/cats/count', 'GET /api/dogs']);
  });

  it('applies RouterModule.register paths to the controllers of each module of the tree', async () => {
    const facts = await analyzeSources(
      {
        'package.json': NEST,
        'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
NestFactory.create(AppModule);
`,
        'src/app.module.ts': `import { Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { AdminModule } from './admin.module';
import { UsersModule } from './users.module';
@Module({
  imports: [
    AdminModule,
    UsersModule,
    RouterModule.register([{ path: 'admin', module: AdminModule, children: [{ path: 'people', module: UsersModule }] }]),
  ],
})
export class AppModule {}
`,
        'src/admin.module.ts': `import { Module, Controller, Get } from '@nestjs/common';
@Controller('dashboard')
export class DashboardController {
  @Get() show() {}
}
@Module({ controllers: [DashboardController] })
export class AdminModule {}
`,
        'src/users.module.ts': `import { Module, Controller, Get } from '@nestjs/common';
@Controller('users')
export class UsersController {
  @Get(':id') one() {}
}
@Module({ controllers: [UsersController] })
export class UsersModule {}
`,
      },
      { analyzers: [nestjsAnalyzer] },
    );
    expect(paths(facts)).toEqual(['GET /admin/dashboard', 'GET /admin/people/users/:id']);
  });

  it('recognises the decorators by their import from @nestjs/common: sub-paths, local barrels, aliases', async () => {
    const facts = await analyzeSources(
      {
        'package.json': JSON.stringify({ dependencies: { '@nestjs/common': '11', 'routing-controllers': '0.10' } }),
        'src/http.ts': `export { Controller as Resource, Get as Read } from '@nestjs/common/decorators';
export * from '@nestjs/common';
`,
        'src/a.controller.ts': `import { Resource, Read, Post } from './http';
@Resource('a')
export class AController {
  @Read() list() {}
  @Post() create() {}
}
`,
        'src/b.controller.ts': `import * as nest from '@nestjs/common';
@nest.Controller('b')
export class BController {
  @nest.Get(':id') one() {}
}
`,
        'src/other.ts': `import { Controller, Get } from 'routing-controllers';
@Controller('/other')
export class OtherController {
  @Get('/') list() {}
}
`,
      },
      { analyzers: [nestjsAnalyzer] },
    );
    expect(paths(facts)).toEqual(['GET /a', 'POST /a', 'GET /b/:id']);
  });

  it('serves routes inherited from (generic, abstract) base classes under each subclass, overrides once', async () => {
    const facts = await analyzeSources(
      {
        'package.json': NEST,
        'src/crud.controller.ts': `import { Body, Delete, Get, Param, Post } from '@nestjs/common';
export abstract class CrudController<T> {
  @Get() list(): T[] { return []; }
  @Get(':id') one(@Param('id') id: string) {}
  @Post() create(@Body() body: T) {}
  @Delete(':id') remove() {}
}
`,
        'src/users.controller.ts': `import { Controller, Get, Post } from '@nestjs/common';
import { CrudController } from './crud.controller';
@Controller('users')
export class UsersController extends CrudController<{ name: string }> {
  @Post('bulk') create() {}
  remove() {}
  @Get('me') me() {}
}
`,
        'src/teams.controller.ts': `import { Controller } from '@nestjs/common';
import { CrudController } from './crud.controller';
@Controller(['teams', 'groups'])
export class TeamsController extends CrudController<{ id: string }> {}
`,
      },
      { analyzers: [nestjsAnalyzer] },
    );
    expect(facts.routes.map((r) => `${r.method} ${r.path} ${r.module}:${r.line} ${r.handler}`)).toEqual([
      'GET /groups src/crud.controller.ts:3 TeamsController.list',
      'POST /groups src/crud.controller.ts:5 TeamsController.create',
      'DELETE /groups/:id src/crud.controller.ts:6 TeamsController.remove',
      'GET /groups/:id src/crud.controller.ts:4 TeamsController.one',
      'GET /teams src/crud.controller.ts:3 TeamsController.list',
      'POST /teams src/crud.controller.ts:5 TeamsController.create',
      'DELETE /teams/:id src/crud.controller.ts:6 TeamsController.remove',
      'GET /teams/:id src/crud.controller.ts:4 TeamsController.one',
      'GET /users src/crud.controller.ts:3 UsersController.list',
      'GET /users/:id src/crud.controller.ts:4 UsersController.one',
      'POST /users/bulk src/users.controller.ts:5 UsersController.create',
      'GET /users/me src/users.controller.ts:7 UsersController.me',
    ]);
  });

  it('serves routes inherited through a class factory (a mixin: extends CrudFactory<T>(...)), declared or returned directly', async () => {
    const facts = await analyzeSources(
      {
        'package.json': NEST,
        'src/crud/crud.factory.ts': `import { Delete, Get, Param, Put, Type } from '@nestjs/common';
export function CrudFactory<T>(entity: Type<T>) {
  class BaseCrudController {
    @Get('count') count() {}
    @Get(':id') one(@Param('id') id: string) {}
    @Delete(':id/soft') softRemove() {}
  }
  return BaseCrudController;
}
export const ReadOnlyFactory = <T,>(entity: Type<T>) =>
  (() => {
    return class {
      @Get() list() {}
    };
  })();
export const PagedFactory = <T,>(entity: Type<T>) => {
  return class {
    @Get('pagination') page() {}
    @Put(':id/recover') recover() {}
  };
};
`,
        'src/crud/index.ts': `export * from './crud.factory';
`,
        'src/statuses/status.controller.ts': `import { Controller, Patch } from '@nestjs/common';
import { CrudFactory } from '../crud';
class Status {}
@Controller('/task-statuses')
export class TaskStatusController extends CrudFactory<Status>(Status) {
  @Patch('/reorder') reorder() {}
}
`,
        'src/sizes/size.controller.ts': `import { Controller } from '@nestjs/common';
import { PagedFactory } from '../crud/crud.factory';
class Size {}
@Controller('task-sizes')
export class TaskSizeController extends PagedFactory(Size) {}
`,
      },
      { analyzers: [nestjsAnalyzer] },
    );
    expect(facts.routes.map((r) => `${r.method} ${r.path} ${r.module}:${r.line} ${r.handler}`)).toEqual([
      'PUT /task-sizes/:id/recover src/crud/crud.factory.ts:19 TaskSizeController.recover',
      'GET /task-sizes/pagination src/crud/crud.factory.ts:18 TaskSizeController.page',
      'GET /task-statuses/:id src/crud/crud.factory.ts:5 TaskStatusController.one',
      'DELETE /task-statuses/:id/soft src/crud/crud.factory.ts:6 TaskStatusController.softRemove',
      'GET /task-statuses/count src/crud/crud.factory.ts:4 TaskStatusController.count',
      'PATCH /task-statuses/reorder src/statuses/status.controller.ts:6 TaskStatusController.reorder',
    ]);
  });

  it('counts controllers a dynamic module registers (static register() returning { controllers })', async () => {
    const facts = await analyzeSources(
      {
        'package.json': NEST,
        'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
NestFactory.create(AppModule);
`,
        'src/app.module.ts': `import { Module } from '@nestjs/common';
import { FilesModule } from './files.module';
@Module({ imports: [FilesModule.register({ driver: 'local' })] })
export class AppModule {}
`,
        'src/files.module.ts': `import { DynamicModule, Module, Controller, Post } from '@nestjs/common';
@Controller('files')
export class FilesController {
  @Post('upload') upload() {}
}
@Module({})
export class FilesModule {
  static register(options: { driver: string }): DynamicModule {
    return { module: FilesModule, controllers: [FilesController] };
  }
}
`,
      },
      { analyzers: [nestjsAnalyzer] },
    );
    expect(paths(facts)).toEqual(['POST /files/upload']);
  });

  it('reads a shorthand `{ controllers }` naming a list exported through barrels, spreads included', async () => {
    const facts = await analyzeSources(
      {
        'package.json': NEST,
        'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
NestFactory.create(AppModule);
`,
        'src/app.module.ts': `import { Module } from '@nestjs/common';
import { controllers } from './infrastructure';
import { extra } from './extra';
const imports = [];
@Module({ imports, controllers: [...extra] })
export class ExtraModule {}
@Module({ imports: [ExtraModule], controllers })
export class AppModule {}
`,
        'src/extra.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('d')
export class DController { @Get() list() {} }
export const extra = [DController];
`,
        'src/infrastructure/index.ts': `export * from './controllers';
`,
        'src/infrastructure/controllers/index.ts': `import { AController } from './a.controller';
import { BController, CController } from './b.controller';
export const controllers = [AController, BController, CController];
export * from './a.controller';
`,
        'src/infrastructure/controllers/a.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('a')
export class AController { @Get() list() {} }
`,
        'src/infrastructure/controllers/b.controller.ts': `import { Controller, Get, Post } from '@nestjs/common';
@Controller('b')
export class BController { @Get() list() {} }
@Controller('c')
export class CController { @Post() create() {} }
`,
      },
      { analyzers: [nestjsAnalyzer] },
    );
    expect(paths(facts)).toEqual(['GET /a', 'GET /b', 'POST /c', 'GET /d']);
    expect(facts.diagnostics.filter((d) => d.code === 'route-controller-unregistered')).toEqual([]);
  });

  it('leaves out the controllers of a module nothing imports or uses (exported from a barrel only), keeps those of modules loaded at run time', async () => {
    const facts = await analyzeSources(
      {
        'package.json': NEST,
        'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
NestFactory.create(AppModule);
`,
        'src/app.module.ts': `import { Module } from '@nestjs/common';
import { plugins } from './plugins';
@Module({})
export class AppModule {
  static withPlugins() { return { module: AppModule, imports: plugins.filter(Boolean) }; }
}
`,
        'src/plugins.ts': `import { BillingModule } from './billing';
export const plugins = [process.env.BILLING ? BillingModule : null];
`,
        'src/billing/index.ts': `export * from './billing.module';
`,
        'src/billing/billing.module.ts': `import { Module, Controller, Get } from '@nestjs/common';
@Controller('invoices')
export class InvoicesController { @Get() list() {} }
@Module({ controllers: [InvoicesController] })
export class BillingModule {}
`,
        'src/availability/index.ts': `export * from './availability.module';
`,
        'src/availability/availability.module.ts': `import { Module, Controller, Get } from '@nestjs/common';
@Controller('availability')
export class AvailabilityController { @Get() list() {} }
@Module({ controllers: [AvailabilityController] })
export class AvailabilityModule {}
`,
      },
      { analyzers: [nestjsAnalyzer] },
    );
    expect(paths(facts)).toEqual(['GET /invoices']);
    expect(facts.diagnostics.filter((d) => d.code === 'route-module-unused').map((d) => `${d.file}:${d.line}`)).toEqual(['src/availability/availability.module.ts:2']);
  });

  it('reads a prefix from @nestjs/config registerAs namespaces and environment defaults, with a note', async () => {
    const facts = await analyzeSources(
      {
        'package.json': NEST,
        'src/config/app.config.ts': `import { registerAs } from '@nestjs/config';
export default registerAs('app', () => ({
  apiPrefix: process.env.API_PREFIX || 'api',
}));
`,
        'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  const configService = app.get(ConfigService);
  app.setGlobalPrefix(configService.getOrThrow('app.apiPrefix', { infer: true }));
}
`,
        'src/app.module.ts': `import { Module, Controller, Get } from '@nestjs/common';
@Controller('status')
export class StatusController {
  @Get() status() {}
}
@Module({ controllers: [StatusController] })
export class AppModule {}
`,
      },
      { analyzers: [nestjsAnalyzer] },
    );
    expect(facts.routes).toEqual([
      { ...route('GET', '/api/status', 'src/app.module.ts', 4, 'StatusController.status'), notes: ["process.env.API_PREFIX read as unset: 'api' assumed (src/config/app.config.ts:3)"] },
    ]);
  });

  it('keeps a prefix it cannot read as {unknown:NAME} with a diagnostic', async () => {
    const facts = await analyzeSources(
      {
        'package.json': NEST,
        'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { VersioningType } from '@nestjs/common';
import { AppModule } from './app.module';
import { CONTEXT_PATH } from './context';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableVersioning({ type: VersioningType.URI, prefix: \`\${CONTEXT_PATH}v\`, defaultVersion: '1' });
}
`,
        'src/context.ts': `export const CONTEXT_PATH = readContextPathFromDisk();
declare function readContextPathFromDisk(): string;
`,
        'src/app.module.ts': `import { Module, Controller, Get } from '@nestjs/common';
@Controller('status')
export class StatusController {
  @Get() status() {}
}
@Module({ controllers: [StatusController] })
export class AppModule {}
`,
      },
      { analyzers: [nestjsAnalyzer] },
    );
    expect(paths(facts)).toEqual(['GET /{unknown:readContextPathFromDisk()}v1/status']);
  });
});

import { describe, expect, it } from 'vitest';
import { explicitUnits, type ExplicitUnit } from '../../src/decompose/explicit-units.js';
import type { AppFact, EntityFact, Facts, UnitFact } from '../../src/shared/facts.js';
import { access, imp, makeFacts, route } from './facts-builder.js';

/** A NestJS `@Module` as the nest-modules plugin reports it. */
function nestModule(name: string, module: string, members: string[] = [], imports: string[] = []): UnitFact {
  return { id: `${module}#${name}`, kind: 'nest-module', name, module, line: 1, members: [...members].sort(), imports: [...imports].sort() };
}

const entity = (name: string, table: string, module: string): EntityFact => ({ name, table, via: 'typeorm', module, line: 1 });
const app = (name: string, kind: AppFact['kind'], root: string, entries: string[] = []): AppFact => ({ name, kind, root, entries });

/** The units, as [key, kind, kernel, modules]: what the cut takes from them. */
const summary = (facts: Facts, scope = facts.modules.map((m) => m.path)) =>
  explicitUnits(facts, new Set(scope)).units.map((u) => [u.key, u.kind, u.kernel, u.modules] as const);

describe('explicitUnits', () => {
  describe('NestJS modules', () => {
    /**
     * src/app.module.ts        AppModule (imported by none; src/ holds the other modules' folders): the root
     * src/orders/              OrdersModule, with an entity file it does not list, and two modules of its own
     *   persistence/           OrdersPersistenceModule (the repository)
     *   uploads/               OrdersUploadsModule
     * src/users/               UsersModule, which also lists the orders service as a provider
     * src/config/              ConfigModule: infrastructure by name, serves no route
     * src/mail/mail.service.ts listed by both OrdersModule and UsersModule, in neither folder
     */
    const modules = [
      'src/app.controller.ts',
      'src/app.module.ts',
      'src/config/config.module.ts',
      'src/config/config.service.ts',
      'src/mail/mail.service.ts',
      'src/main.ts',
      'src/orders/entities/order.entity.ts',
      'src/orders/orders.controller.ts',
      'src/orders/orders.module.ts',
      'src/orders/orders.service.ts',
      'src/orders/persistence/orders-persistence.module.ts',
      'src/orders/persistence/orders.repository.ts',
      'src/orders/uploads/orders-uploads.module.ts',
      'src/orders/uploads/receipt.uploader.ts',
      'src/users/users.controller.ts',
      'src/users/users.module.ts',
      'src/users/users.service.ts',
    ];
    const units = [
      nestModule('AppModule', 'src/app.module.ts', ['src/app.controller.ts'], [
        'src/config/config.module.ts#ConfigModule',
        'src/orders/orders.module.ts#OrdersModule',
        'src/users/users.module.ts#UsersModule',
      ]),
      nestModule('ConfigModule', 'src/config/config.module.ts', ['src/config/config.service.ts']),
      nestModule('OrdersModule', 'src/orders/orders.module.ts', ['src/mail/mail.service.ts', 'src/orders/orders.controller.ts', 'src/orders/orders.service.ts'], [
        'src/orders/persistence/orders-persistence.module.ts#OrdersPersistenceModule',
        'src/orders/uploads/orders-uploads.module.ts#OrdersUploadsModule',
      ]),
      nestModule('OrdersPersistenceModule', 'src/orders/persistence/orders-persistence.module.ts', ['src/orders/persistence/orders.repository.ts']),
      nestModule('OrdersUploadsModule', 'src/orders/uploads/orders-uploads.module.ts', ['src/orders/uploads/receipt.uploader.ts']),
      nestModule('UsersModule', 'src/users/users.module.ts', ['src/mail/mail.service.ts', 'src/orders/orders.service.ts', 'src/users/users.controller.ts', 'src/users/users.service.ts']),
    ];
    const facts = makeFacts(modules, {
      units,
      routes: [route('GET', '/orders', 'src/orders/orders.controller.ts'), route('GET', '/users', 'src/users/users.controller.ts')],
    });
    const found = explicitUnits(facts, new Set(modules));
    const byKey = (key: string): ExplicitUnit => found.units.find((u) => u.key === key)!;

    it('makes one unit per feature module: its files, its feature folder, and the modules nested in its folder', () => {
      expect(found.units.map((u) => u.key)).toEqual(['name:config', 'name:orders', 'name:users']);
      expect(byKey('name:orders')).toEqual({
        key: 'name:orders',
        name: 'orders',
        kind: 'nest-module',
        modules: [
          'src/orders/entities/order.entity.ts',
          'src/orders/orders.controller.ts',
          'src/orders/orders.module.ts',
          'src/orders/orders.service.ts',
          'src/orders/persistence/orders-persistence.module.ts',
          'src/orders/persistence/orders.repository.ts',
          'src/orders/uploads/orders-uploads.module.ts',
          'src/orders/uploads/receipt.uploader.ts',
        ],
        kernel: false,
        reason: 'OrdersModule (src/orders/orders.module.ts) and its folder',
        evidence: 'NestJS module OrdersModule (src/orders/orders.module.ts)',
      });
    });

    it('gives a file two modules list to the one whose folder holds it, and leaves it to coupling when neither does', () => {
      expect(byKey('name:users').modules).toEqual(['src/users/users.controller.ts', 'src/users/users.module.ts', 'src/users/users.service.ts']);
      expect(found.unitOf.get('src/orders/orders.service.ts')?.key).toBe('name:orders');
      expect(found.unitOf.has('src/mail/mail.service.ts')).toBe(false);
    });

    it('lets the root module claim only its listed parts, never the whole src/ folder, and makes no unit of it', () => {
      for (const m of ['src/app.module.ts', 'src/app.controller.ts', 'src/main.ts']) expect(found.unitOf.has(m)).toBe(false);
    });

    it('marks a module named for infrastructure that serves no route as the kernel\'s, with its reason', () => {
      expect(byKey('name:config')).toEqual({
        key: 'name:config',
        name: 'config',
        kind: 'nest-module',
        modules: ['src/config/config.module.ts', 'src/config/config.service.ts'],
        kernel: true,
        reason: 'ConfigModule (src/config/config.module.ts): infrastructure by its name or folder, serves no route',
        evidence: 'NestJS module ConfigModule (src/config/config.module.ts)',
      });
    });

    it('keeps a module named for infrastructure that serves a route as a capability', () => {
      const served = { ...facts, routes: [...facts.routes, route('GET', '/config', 'src/config/config.service.ts')] };
      expect(explicitUnits(served, new Set(modules)).units.find((u) => u.key === 'name:config')!.kernel).toBe(false);
    });

    it('only claims modules in the cut\'s scope', () => {
      const scope = modules.filter((m) => !m.startsWith('src/orders/uploads/'));
      expect(explicitUnits(facts, new Set(scope)).unitOf.has('src/orders/uploads/receipt.uploader.ts')).toBe(false);
      expect(explicitUnits(facts, new Set(scope)).units.find((u) => u.key === 'name:orders')!.modules).not.toContain('src/orders/uploads/orders-uploads.module.ts');
    });

    it('numbers two modules of the same name apart', () => {
      const twice = makeFacts(['apps/a/orders/orders.module.ts', 'apps/a/orders/x.ts', 'apps/b/orders/orders.module.ts', 'apps/b/orders/y.ts'], {
        units: [nestModule('OrdersModule', 'apps/a/orders/orders.module.ts', ['apps/a/orders/x.ts']), nestModule('OrdersModule', 'apps/b/orders/orders.module.ts', ['apps/b/orders/y.ts'])],
      });
      expect(summary(twice).map(([key]) => key)).toEqual(['name:orders', 'name:orders-2']);
    });

    it('gives the same units twice for the same facts', () => {
      expect(JSON.stringify(explicitUnits(facts, new Set(modules)).units)).toBe(JSON.stringify(found.units));
    });

    /**
     * src/tasks/               TasksModule (the enclosing feature)
     *   statuses/              TaskStatusModule: its own controller and entity, imports nothing of tasks -> a feature of its own
     *     persistence/         TaskStatusPersistenceModule: part of statuses
     *   open-api/              TaskOpenApiModule: a controller, but it imports TasksModule -> the tasks feature's API layer
     *   infrastructure/export/ TaskExportModule: a controller behind a layer folder -> part of tasks
     */
    it('makes a module nested in a feature\'s folder a feature of its own when it serves routes or declares an entity, does not import the feature, and sits in a domain folder', () => {
      const nested = [
        'src/app.module.ts',
        'src/tasks/infrastructure/export/task-export.controller.ts',
        'src/tasks/infrastructure/export/task-export.module.ts',
        'src/tasks/open-api/task-open-api.controller.ts',
        'src/tasks/open-api/task-open-api.module.ts',
        'src/tasks/statuses/persistence/status-persistence.module.ts',
        'src/tasks/statuses/persistence/status.repository.ts',
        'src/tasks/statuses/status.controller.ts',
        'src/tasks/statuses/status.entity.ts',
        'src/tasks/statuses/status.module.ts',
        'src/tasks/task.controller.ts',
        'src/tasks/task.module.ts',
        'src/users/users.controller.ts',
        'src/users/users.module.ts',
      ];
      const tasks = 'src/tasks/task.module.ts#TasksModule';
      const facts = makeFacts(nested, {
        units: [
          nestModule('AppModule', 'src/app.module.ts', [], [tasks, 'src/users/users.module.ts#UsersModule']),
          nestModule('TasksModule', 'src/tasks/task.module.ts', ['src/tasks/task.controller.ts']),
          nestModule('TaskStatusModule', 'src/tasks/statuses/status.module.ts', ['src/tasks/statuses/status.controller.ts'], ['src/tasks/statuses/persistence/status-persistence.module.ts#TaskStatusPersistenceModule']),
          nestModule('TaskStatusPersistenceModule', 'src/tasks/statuses/persistence/status-persistence.module.ts', ['src/tasks/statuses/persistence/status.repository.ts']),
          nestModule('TaskOpenApiModule', 'src/tasks/open-api/task-open-api.module.ts', ['src/tasks/open-api/task-open-api.controller.ts'], [tasks]),
          nestModule('TaskExportModule', 'src/tasks/infrastructure/export/task-export.module.ts', ['src/tasks/infrastructure/export/task-export.controller.ts']),
          nestModule('UsersModule', 'src/users/users.module.ts', ['src/users/users.controller.ts']),
        ],
        entities: [entity('TaskStatus', 'task_statuses', 'src/tasks/statuses/status.entity.ts')],
        routes: [
          route('GET', '/tasks', 'src/tasks/task.controller.ts'),
          route('GET', '/task-statuses', 'src/tasks/statuses/status.controller.ts'),
          route('GET', '/tasks/openapi', 'src/tasks/open-api/task-open-api.controller.ts'),
          route('GET', '/tasks/export', 'src/tasks/infrastructure/export/task-export.controller.ts'),
          route('GET', '/users', 'src/users/users.controller.ts'),
        ],
      });
      expect(summary(facts)).toEqual([
        [
          'name:tasks',
          'nest-module',
          false,
          [
            'src/tasks/infrastructure/export/task-export.controller.ts',
            'src/tasks/infrastructure/export/task-export.module.ts',
            'src/tasks/open-api/task-open-api.controller.ts',
            'src/tasks/open-api/task-open-api.module.ts',
            'src/tasks/task.controller.ts',
            'src/tasks/task.module.ts',
          ],
        ],
        [
          'name:task-status',
          'nest-module',
          false,
          [
            'src/tasks/statuses/persistence/status-persistence.module.ts',
            'src/tasks/statuses/persistence/status.repository.ts',
            'src/tasks/statuses/status.controller.ts',
            'src/tasks/statuses/status.entity.ts',
            'src/tasks/statuses/status.module.ts',
          ],
        ],
        ['name:users', 'nest-module', false, ['src/users/users.controller.ts', 'src/users/users.module.ts']],
      ]);
    });

    it('looks through the src/lib folders of a package layout when judging a module infrastructure by its folder', () => {
      const packaged = [
        'packages/plugins/registry/src/lib/plugin-registry.module.ts',
        'packages/plugins/registry/src/lib/plugin.service.ts',
        'packages/logger/src/lib/log.module.ts',
        'packages/logger/src/lib/log.service.ts',
        'src/app.module.ts',
      ];
      const facts = makeFacts(packaged, {
        units: [
          nestModule('AppModule', 'src/app.module.ts', [], ['packages/plugins/registry/src/lib/plugin-registry.module.ts#PluginRegistryModule', 'packages/logger/src/lib/log.module.ts#LogModule']),
          nestModule('PluginRegistryModule', 'packages/plugins/registry/src/lib/plugin-registry.module.ts', ['packages/plugins/registry/src/lib/plugin.service.ts']),
          nestModule('LogModule', 'packages/logger/src/lib/log.module.ts', ['packages/logger/src/lib/log.service.ts']),
        ],
      });
      // neither serves a route: the registry is a capability by its folder (registry), the logger infrastructure (logger)
      expect(summary(facts).map(([key, , kernel]) => [key, kernel])).toEqual([
        ['name:plugin-registry', false],
        ['name:log', true],
      ]);
    });
  });

  describe('workspace packages', () => {
    /**
     * apps/api and apps/worker are backends; libs/billing is used by the api alone, libs/mailer by
     * both, libs/logger by the api alone but named for infrastructure; libs/pricing is used by both
     * and serves a route.
     */
    const modules = [
      'apps/api/src/main.ts',
      'apps/worker/src/main.ts',
      'libs/billing/src/index.ts',
      'libs/billing/src/invoice.ts',
      'libs/logger/src/index.ts',
      'libs/mailer/src/index.ts',
      'libs/pricing/src/index.ts',
    ];
    const facts = makeFacts(modules, {
      apps: [
        app('@acme/api', 'backend', 'apps/api', ['apps/api/src/main.ts']),
        app('@acme/worker', 'worker', 'apps/worker', ['apps/worker/src/main.ts']),
        app('@acme/billing', 'library', 'libs/billing'),
        app('@acme/logger', 'library', 'libs/logger'),
        app('@acme/mailer', 'library', 'libs/mailer'),
        app('@acme/pricing', 'library', 'libs/pricing'),
      ],
      imports: [
        imp('apps/api/src/main.ts', 'libs/billing/src/index.ts'),
        imp('libs/billing/src/index.ts', 'libs/billing/src/invoice.ts'),
        imp('apps/api/src/main.ts', 'libs/logger/src/index.ts'),
        imp('apps/api/src/main.ts', 'libs/mailer/src/index.ts'),
        imp('apps/worker/src/main.ts', 'libs/mailer/src/index.ts'),
        imp('apps/api/src/main.ts', 'libs/pricing/src/index.ts'),
        imp('apps/worker/src/main.ts', 'libs/pricing/src/index.ts'),
      ],
      routes: [route('GET', '/prices', 'libs/pricing/src/index.ts')],
    });
    const found = explicitUnits(facts, new Set(modules));

    it('makes a library used by one backend app its own unit, and one used by several apps the kernel\'s', () => {
      expect(found.units.map((u) => [u.key, u.kind, u.kernel, u.modules, u.reason])).toEqual([
        ['name:billing', 'package', false, ['libs/billing/src/index.ts', 'libs/billing/src/invoice.ts'], 'package @acme/billing'],
        ['name:logger', 'package', true, ['libs/logger/src/index.ts'], 'package @acme/logger: infrastructure by its name'],
        ['name:mailer', 'package', true, ['libs/mailer/src/index.ts'], 'package @acme/mailer: used by 2 apps'],
        ['name:pricing', 'package', false, ['libs/pricing/src/index.ts'], 'package @acme/pricing'],
      ]);
    });

    it('leaves the apps themselves to coupling', () => {
      expect(found.unitOf.has('apps/api/src/main.ts')).toBe(false);
      expect(found.unitOf.has('apps/worker/src/main.ts')).toBe(false);
    });

    it('lets a NestJS module inside a package claim the package\'s files first', () => {
      const withModule = {
        ...facts,
        modules: [...facts.modules, ...['libs/billing/src/billing.module.ts', 'apps/api/src/users/users.module.ts'].map((path) => ({ ...facts.modules[0]!, path }))],
        // a second module of substance: one alone is no structure to cut along
        units: [nestModule('BillingModule', 'libs/billing/src/billing.module.ts', ['libs/billing/src/invoice.ts']), nestModule('UsersModule', 'apps/api/src/users/users.module.ts')],
      };
      expect(summary(withModule).filter(([key]) => key.startsWith('name:billing'))).toEqual([
        ['name:billing', 'nest-module', false, ['libs/billing/src/billing.module.ts', 'libs/billing/src/index.ts', 'libs/billing/src/invoice.ts']],
      ]);
    });

    it('keeps the keys of a module and a package with one name apart', () => {
      const both = {
        ...facts,
        modules: [...facts.modules, ...['apps/api/src/billing/billing.module.ts', 'apps/api/src/users/users.module.ts'].map((path) => ({ ...facts.modules[0]!, path }))],
        units: [nestModule('BillingModule', 'apps/api/src/billing/billing.module.ts'), nestModule('UsersModule', 'apps/api/src/users/users.module.ts')],
      };
      expect(explicitUnits(both, new Set(both.modules.map((m) => m.path))).units.filter((u) => u.name === 'billing').map((u) => [u.key, u.kind])).toEqual([
        ['name:billing', 'nest-module'],
        ['name:billing-2', 'package'],
      ]);
    });
  });

  describe('domain folders', () => {
    /**
     * The domain nouns: tables `companies` and `invoices`, entity `Company`, route words
     * `companies`. The company feature spans three layer roots (api/admin, modules, workflows);
     * `workflows/billing` names no noun; `modules/invoice` holds one file.
     */
    const modules = [
      'src/api/admin/companies/list.ts',
      'src/api/admin/companies/update.ts',
      'src/modules/company/company.entity.ts',
      'src/modules/company/company.repository.ts',
      'src/modules/invoice/invoice.repository.ts',
      'src/services/mailer.ts',
      'src/workflows/billing/charge.ts',
      'src/workflows/billing/refund.ts',
      'src/workflows/company/onboard.ts',
    ];
    const facts = makeFacts(modules, {
      entities: [entity('Company', 'companies', 'src/modules/company/company.entity.ts')],
      dataAccess: [access('src/modules/company/company.repository.ts', 'companies', 'write'), access('src/modules/invoice/invoice.repository.ts', 'invoices', 'write')],
      routes: [route('GET', '/api/admin/companies', 'src/api/admin/companies/list.ts'), route('PUT', '/api/admin/companies/:id', 'src/api/admin/companies/update.ts')],
    });

    it('makes the folders named for one domain noun, across layer roots, one feature unit', () => {
      expect(explicitUnits(facts, new Set(modules)).units).toEqual([
        {
          key: 'name:company',
          name: 'company',
          kind: 'domain-folder',
          modules: [
            'src/api/admin/companies/list.ts',
            'src/api/admin/companies/update.ts',
            'src/modules/company/company.entity.ts',
            'src/modules/company/company.repository.ts',
            'src/workflows/company/onboard.ts',
          ],
          kernel: false,
          reason: "the company feature's folders",
          evidence: 'domain folder company (table companies)',
        },
      ]);
    });

    it('makes no unit of a folder holding one file, nor of a folder named for no domain noun', () => {
      const units = explicitUnits(facts, new Set(modules));
      expect(units.unitOf.has('src/modules/invoice/invoice.repository.ts')).toBe(false);
      expect(units.unitOf.has('src/workflows/billing/charge.ts')).toBe(false);
    });

    it('files a module under the first domain folder on its path', () => {
      const nested = makeFacts(['src/companies/invoices/a.ts', 'src/companies/invoices/b.ts', 'src/invoices/c.ts', 'src/invoices/d.ts'], {
        dataAccess: [access('src/companies/invoices/a.ts', 'companies', 'read'), access('src/invoices/c.ts', 'invoices', 'read')],
      });
      expect(summary(nested)).toEqual([
        ['name:companies', 'domain-folder', false, ['src/companies/invoices/a.ts', 'src/companies/invoices/b.ts']],
        ['name:invoices', 'domain-folder', false, ['src/invoices/c.ts', 'src/invoices/d.ts']],
      ]);
    });

    it('says when a feature serves no route', () => {
      const quiet = makeFacts(['src/invoices/c.ts', 'src/invoices/d.ts'], { dataAccess: [access('src/invoices/c.ts', 'invoices', 'read')] });
      expect(explicitUnits(quiet, new Set(quiet.modules.map((m) => m.path))).units[0]!.reason).toBe("the invoice feature's folders (it serves no route)");
    });

    it('makes the other active sub-folders of a folder holding two domain folders features too', () => {
      // resources/users and resources/token are named by tables; resources/account by no noun, but it
      // sits beside them and writes; resources/misc does nothing (types only); workflows/hooks is a layer word
      const resources = makeFacts(
        [
          'src/resources/account/sign-in.ts',
          'src/resources/account/sign-up.ts',
          'src/resources/misc/a.types.ts',
          'src/resources/misc/b.types.ts',
          'src/resources/token/token.service.ts',
          'src/resources/token/token.schema.ts',
          'src/resources/users/user.service.ts',
          'src/resources/users/user.schema.ts',
        ],
        {
          dataAccess: [
            access('src/resources/users/user.service.ts', 'users', 'write'),
            access('src/resources/token/token.service.ts', 'tokens', 'write'),
            access('src/resources/account/sign-up.ts', 'users', 'write'),
          ],
        },
      );
      const units = explicitUnits(resources, new Set(resources.modules.map((m) => m.path)));
      expect(units.units.map((u) => [u.key, u.modules.length, u.evidence])).toEqual([
        ['name:account', 2, 'domain folder account (beside token, users in src/resources)'],
        ['name:token', 2, 'domain folder token (table tokens)'],
        ['name:users', 2, 'domain folder users (table users)'],
      ]);
      expect(units.unitOf.has('src/resources/misc/a.types.ts')).toBe(false);
    });

    it('leaves a layered repository (controllers/, services/) with no domain folder to coupling', () => {
      const layered = makeFacts(['src/controllers/company.controller.ts', 'src/services/company.service.ts', 'src/services/invoice.service.ts'], {
        dataAccess: [access('src/services/company.service.ts', 'companies', 'write')],
      });
      expect(summary(layered)).toEqual([]);
    });
  });
});

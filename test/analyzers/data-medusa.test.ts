import { describe, expect, it } from 'vitest';
import { medusaAnalyzer } from '../../analyzers/data/medusa.js';
import { analyzeSources } from '../../analyzers/testing.js';
import type { Facts } from '../../src/shared/facts.js';

const lines = (...l: string[]): string => l.join('\n');
const triples = (facts: Facts): string[] => [...new Set(facts.dataAccess.map((d) => `${d.module} ${d.access} ${d.table}`))].sort();
const entities = (facts: Facts): string[] => facts.entities.map((e) => `${e.name} -> ${e.table} ${e.module}:${e.line}`);

const MODULE = {
  'package.json': JSON.stringify({ dependencies: { '@medusajs/framework': '2.0.0', '@medusajs/medusa': '2.0.0' } }),
  'src/modules/company/models/company.ts': lines(
    "import { model } from '@medusajs/framework/utils';",
    "export const Company = model.define('company', { id: model.id().primaryKey(), name: model.text() });",
  ),
  'src/modules/company/models/employee.ts': lines(
    "import { model } from '@medusajs/framework/utils';",
    "export const Employee = model.define({ name: 'Employee', tableName: 'company_employee' }, { id: model.id().primaryKey() });",
  ),
  'src/modules/company/service.ts': lines(
    "import { MedusaService } from '@medusajs/framework/utils';",
    "import { Company } from './models/company';",
    "import { Employee } from './models/employee';",
    'class CompanyModuleService extends MedusaService({ Company, Employee }) {',
    '  async hasEmployees(companyId: string) {',
    '    const [, count] = await this.listAndCountEmployees({ company_id: companyId });',
    '    return count > 0;',
    '  }',
    '}',
    'export default CompanyModuleService;',
  ),
  'src/modules/company/index.ts': lines(
    "import { Module } from '@medusajs/framework/utils';",
    "import CompanyModuleService from './service';",
    "export const COMPANY_MODULE = 'company';",
    'export default Module(COMPANY_MODULE, { service: CompanyModuleService });',
  ),
  'src/links/company-carts.ts': lines(
    "import { defineLink } from '@medusajs/framework/utils';",
    "import CartModule from '@medusajs/medusa/cart';",
    "import CompanyModule from '../modules/company';",
    'export default defineLink(CompanyModule.linkable.company, { linkable: CartModule.linkable.cart, isList: true });',
  ),
  'src/links/company-customer-group.ts': lines(
    "import { defineLink } from '@medusajs/framework/utils';",
    "import CustomerModule from '@medusajs/medusa/customer';",
    "import CompanyModule from '../modules/company';",
    'export default defineLink(CompanyModule.linkable.company, CustomerModule.linkable.customerGroup);',
  ),
  'src/links/read-only.ts': lines(
    "import { defineLink } from '@medusajs/framework/utils';",
    "import CartModule from '@medusajs/medusa/cart';",
    "import CompanyModule from '../modules/company';",
    'export default defineLink(CompanyModule.linkable.employee, CartModule.linkable.cart, { readOnly: true });',
  ),
};

describe('medusa analyzer', () => {
  it('names DML tables and link tables as Medusa composes them (service_key_service_key), read-only links excepted', async () => {
    const facts = await analyzeSources(MODULE, { analyzers: [medusaAnalyzer] });
    expect(entities(facts)).toEqual([
      'Company -> company src/modules/company/models/company.ts:2',
      'company_company_cart_cart -> company_company_cart_cart src/links/company-carts.ts:4',
      'company_company_customer_customer_group -> company_company_customer_customer_group src/links/company-customer-group.ts:4',
      'Employee -> company_employee src/modules/company/models/employee.ts:2',
    ]);
  });

  it('reads and writes through generated and custom service methods, Query, and the link API', async () => {
    const facts = await analyzeSources(
      {
        ...MODULE,
        'src/workflows/steps/create-companies.ts': lines(
          "import { createStep } from '@medusajs/framework/workflows-sdk';",
          "import { COMPANY_MODULE } from '../../modules/company';",
          "export const createCompaniesStep = createStep('create-companies', async (input: object[], { container }) => {",
          '  const companies = container.resolve(COMPANY_MODULE);',
          '  return companies.createCompanies(input);',
          '});',
        ),
        'src/workflows/steps/check.ts': lines(
          "import { COMPANY_MODULE } from '../../modules/company';",
          'export const check = (container: any, id: string) => container.resolve(COMPANY_MODULE).hasEmployees(id);',
        ),
        'src/api/companies/route.ts': lines(
          'export const GET = async (req: any, res: any) => {',
          "  const query = req.scope.resolve('query');",
          "  const { data } = await query.graph({ entity: 'companies', fields: ['*', 'employees.*'] });",
          '  res.json(data);',
          '};',
        ),
        'src/workflows/hooks/cart-created.ts': lines(
          "import { Modules } from '@medusajs/framework/utils';",
          "import { COMPANY_MODULE } from '../../modules/company';",
          'export const onCart = async (cart: { id: string; company_id: string }, container: any) => {',
          "  const link = container.resolve('link');",
          '  await link.create({ [Modules.CART]: { cart_id: cart.id }, [COMPANY_MODULE]: { company_id: cart.company_id } });',
          '};',
        ),
      },
      { analyzers: [medusaAnalyzer] },
    );
    expect(triples(facts)).toEqual([
      'src/api/companies/route.ts read company',
      'src/modules/company/service.ts read company_employee',
      'src/workflows/hooks/cart-created.ts write company_company_cart_cart',
      'src/workflows/steps/check.ts read company_employee',
      'src/workflows/steps/create-companies.ts write company',
    ]);
  });
});

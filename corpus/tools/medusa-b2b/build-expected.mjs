// Assemble corpus/expected/medusa-b2b.json from routes.mjs + data-access.mjs output, the partition rule below,
// and the hand-written method/notes. Usage: node build-expected.mjs
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const here = import.meta.dirname;
const repo = '/work/main/corpus/repos/medusa-b2b';
const run = (s) => JSON.parse(execFileSync('node', [`${here}/${s}`, repo], { maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] }).toString());
const commit = execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD']).toString().trim();
const routes = run('routes.mjs');
const { tables: T, inScope } = run('data-access.mjs');

const tables = Object.entries(T).map(([name, t]) => {
  const o = { name, module: t.module };
  if (t.kind === 'dml') { o.entity = t.entity; o.via = `model.define("${name}") in Medusa module "${t.service}" (service: MedusaService)`; }
  else { o.via = t.via; o.note = 'link table created by Medusa (db:migrate / db:sync-links), named composeTableName(moduleA, keyA, moduleB, keyB) with the "_id" suffix of each linkable key removed; readers through query.graph field traversal are not attributed (root-entity rule)'; }
  o.readers = t.readers; o.writers = t.writers;
  if (name === 'message') o.note = 'only read through quote graphs (fields "messages.*"), which the root-entity rule attributes to quote';
  if (name === 'order_order_company_company') o.note = (o.note ?? '') + '; order-created.ts:32 also dismisses by order_id alone (one-sided dismiss)';
  return o;
});

// partition
const unitOf = (f) => {
  const p = f.replace(/^backend\/src\//, '');
  let m;
  if ((m = p.match(/^modules\/(company|quote|approval)\//))) return m[1];
  if ((m = p.match(/^types\/(company|quote|approval)\//))) return m[1];
  if (p.startsWith('types/shipping-options/')) return 'free-shipping';
  if ((m = p.match(/^api\/(admin|store)\/(companies|quotes|approvals|carts|free-shipping)\//))) return { companies: 'company', quotes: 'quote', approvals: 'approval', carts: 'cart', 'free-shipping': 'free-shipping' }[m[2]];
  if ((m = p.match(/^workflows\/(company|employee|quote|approval|order)\//))) return { employee: 'company' }[m[1]] ?? m[1];
  const byFile = {
    'workflows/hooks/cart-created.ts': 'company', 'workflows/hooks/order-created.ts': 'company',
    'workflows/hooks/validate-add-to-cart.ts': 'approval', 'workflows/hooks/validate-cart-completion.ts': 'approval', 'workflows/hooks/validate-update-cart.ts': 'approval',
    'links/cart-approval-status.ts': 'approval', 'links/cart-approvals.ts': 'approval', 'links/company-approval-setting.ts': 'company',
    'links/company-carts.ts': 'company', 'links/company-customer-group.ts': 'company', 'links/employee-customer.ts': 'company',
    'links/order-company.ts': 'company', 'links/quote-links.ts': 'quote',
  };
  if (byFile[p]) return byFile[p];
  if (['api/middlewares.ts', 'api/admin/middlewares.ts', 'api/store/middlewares.ts', 'api/middlewares/ensure-role.ts', 'types/index.ts'].includes(p) || p.startsWith('utils/')) return 'shared';
  throw new Error('no unit for ' + f);
};
const units = Object.fromEntries(inScope.map((f) => [f, unitOf(f)]));

const doc = {
  $schema: '../expected.schema.json',
  name: 'medusa-b2b',
  commit,
  method: {
    routes: 'Draft by corpus/tools/medusa-b2b/routes.mjs (TypeScript AST): every tracked backend/src/api/**/route.ts and the HTTP-method names it exports; path = the folders under backend/src/api with "[x]" -> ":x" (Medusa v2 file routing serves them as is: /admin/..., /store/...; no global prefix, no basePath). 30 route files, 43 routes; the script reports no other exports. Reviewed by hand: backend/src/api/middlewares.ts and every */middlewares.ts (defineMiddlewares only attaches authenticate/validate/ensureRole to existing paths; the matcher "/store/customers/me" in api/middlewares.ts:15 targets a Medusa core route, not one of this repo), and 8 route files read in full. Left out: Medusa\'s own core routes (served by @medusajs/medusa, not declared here), the storefront (Next.js, frontend; its only server file is storefront/src/middleware.ts), the admin dashboard extensions in backend/src/admin (React).',
    tables: 'Draft by corpus/tools/medusa-b2b/data-access.mjs: every model.define("<name>", ...) under backend/src/modules/*/models (the first argument is the table name, confirmed against the CREATE TABLE statements of each module\'s migrations: approval, approval_settings, approval_status, company, employee, message, quote), and every defineLink() in backend/src/links, whose link table Medusa names composeTableName(serviceA, keyA, serviceB, keyB) = the four parts joined by "_" after stripping "_id" (medusajs/medusa packages/modules/link-modules/src/utils/generate-entity.ts and packages/core/utils/src/link/compose-link-name.ts; the linkable key of a DML model is snake(model name)+"_id", packages/core/utils/src/modules-sdk/joiner-config-builder.ts buildLinkableKeysFromDmlObjects; matches the documented-by-example product_product_brand_brand of Medusa\'s brand tutorial). 7 link tables, names all under Postgres\' 63-character limit, so no compressName hashing. quote-links.ts is a read-only link (isReadOnlyLink: true, MedusaModule.setCustomLink): no table. Tables of Medusa\'s core modules (cart, customer, customer_group, order, ...) are not declared here and not listed.',
    dataAccess: 'Draft by corpus/tools/medusa-b2b/data-access.mjs (AST), rule applied to all 174 in-scope files except migrations: (1) a MedusaService({ Company, Employee }) module service is treated as the repository bound to its models, so a call of a generated method <service>.(listAndCount|list|retrieve)<Model(s)> is a read and .(create|update|upsert|delete|softDelete|restore)<Model(s)> a write of that model\'s table, in whichever module makes the call (steps resolving the service with container.resolve<ICompanyModuleService>(COMPANY_MODULE), including compensation functions); the custom method ApprovalModuleService.hasPendingApprovals is classified by what it does (this.listAndCountApprovals: read of approval, so both modules/approval/service.ts and its caller update-approval-statuses.ts read approval); the service.ts files are not otherwise listed, the generated methods living in Medusa. (2) Medusa Query is a direct data reader: query.graph({ entity }), useQueryGraphStep({ entity }) and useRemoteQueryStep({ entry_point }) read the table of the root entity (entity names: table name or its plural, e.g. "companies"); related data pulled through fields ("employees.*", "approvals.*", "messages.*", link traversals) is not attributed, the same root-only rule as nested includes; roots that are core entities (cart, customer, order, provider_identity) are not listed. (3) The module-link API writes link tables: a file calling remoteLink.create/dismiss, link.create, createRemoteLinkStep or removeRemoteLinkStep writes the link table identified by the two { [MODULE]: { key_id } } sides of the link object literal it builds (in create-companies.ts/create-approvals.ts the literal is inside a transform() of the same workflow file). Calls to workflows (createCompaniesWorkflow(req.scope).run) and to this repo\'s steps are service calls, not accesses. Reviewed by hand: every hit in the per-call trace (WHY=1, 100 calls), plus grep for other service-method names and for resolve() of the three module keys (none missed). Uncertain: the whole rule (1)-(3) is a choice - a stricter reading would list only the framework (no repo module at all), a looser one would add the field-traversal reads.',
    partition: 'Units = the repo\'s three Medusa modules (company, quote, approval) plus its other feature folders: backend/src/modules/<m>/** and types/<m>/** -> <m>; api/{admin,store}/<feature>/** -> companies: company, quotes: quote, approvals: approval, carts: cart, free-shipping: free-shipping (with types/shipping-options); workflows/<feature>/** -> company, employee (a model of the company module): company, quote, approval, order; workflows/hooks and links assigned per file to the custom module whose data they handle (links: the custom module on one side, company for company-approval-setting as its first argument; hooks: cart-created/order-created create company links -> company, validate-* check the cart approval status -> approval); shared = the middleware wiring (api/middlewares.ts, api/admin|store/middlewares.ts), the ensureRole guard used by several features, types/index.ts and the utils folder. Migrations belong to their module. Scripts and admin UI are out of scope.',
  },
  notes: [
    'Scope: backend/src without backend/src/admin/** (admin dashboard widgets/routes in React: frontend) and backend/src/scripts/** (seed and a one-off data script run with `medusa exec`); backend/integration-tests are tests; storefront/ is the Next.js frontend. backend/medusa-config.ts (registers the three modules) sits outside backend/src.',
    'File routes with no prefix: backend/src/api/store/companies/[id]/employees/[employeeId]/route.ts serves GET/POST/DELETE /store/companies/:id/employees/:employeeId; admin and store trees share feature names (admin/companies vs store/companies).',
    'Middlewares by matcher, not by import: backend/src/api/middlewares.ts:10 defineMiddlewares({ routes: [...adminMiddlewares, ...storeMiddlewares, {...}] }), each feature exporting a MiddlewareRoute[] with matcher strings such as "/store/quotes*" (backend/src/api/store/quotes/middlewares.ts:20-24).',
    'Table name is the first argument of model.define: backend/src/modules/company/models/company.ts:4 model.define("company", ...); the generated service methods pluralise the model: CompanyModuleService extends MedusaService({ Company, Employee }) (backend/src/modules/company/service.ts:4) exposes createCompanies/listCompanies/softDeleteEmployees..., ApprovalStatus -> createApprovalStatuses, ApprovalSettings -> createApprovalSettings.',
    'Module services resolved by registration key, typed only by interface: container.resolve<ICompanyModuleService>(COMPANY_MODULE) (backend/src/workflows/company/steps/create-companies.ts:9) - the binding to the Company model goes through COMPANY_MODULE = "company" (modules/company/index.ts:4) and medusa-config.ts.',
    'Reads through Medusa Query by entity string: query.graph({ entity: "companies", fields, filters }) (backend/src/api/admin/companies/route.ts:17); useRemoteQueryStep({ entry_point: "quote" }) inside workflows (backend/src/workflows/quote/workflows/customer-accept-quote.ts:20).',
    'Link tables declared by defineLink, with names nowhere in the repo: backend/src/links/employee-customer.ts:5 defineLink(CompanyModule.linkable.employee, CustomerModule.linkable.customer) -> table company_employee_customer_customer; written through link objects keyed by module constants: { [COMPANY_MODULE]: { employee_id }, [Modules.CUSTOMER]: { customer_id } } (backend/src/workflows/employee/workflows/create-employees.ts:20-29).',
    'A read-only custom link has no table: backend/src/links/quote-links.ts:5 MedusaModule.setCustomLink(() => ({ isLink: true, isReadOnlyLink: true, extends: [...] })) joins quote to order/cart/user/customer through foreign keys on quote.',
    'Workflow hooks into core flows are registered at import time: createCartWorkflow.hooks.cartCreated(...) (backend/src/workflows/hooks/cart-created.ts:7) writes the company-cart link; Medusa loads src/workflows/hooks by convention.',
    'Step compensation functions also access data: the second function of createStep (e.g. backend/src/workflows/company/steps/create-companies.ts:23-26 deleteCompanies) is counted like the main one.',
  ],
  routes,
  tables,
  partition: { basis: 'Medusa custom modules (company, quote, approval) and the repo\'s feature folders (api/<area>/<feature>, workflows/<feature>, types/<feature>)', units },
};
writeFileSync('/work/main/corpus/expected/medusa-b2b.json', JSON.stringify(doc, null, 2) + '\n');
const counts = {}; for (const u of Object.values(units)) counts[u] = (counts[u] ?? 0) + 1;
console.log(routes.length, 'routes', tables.length, 'tables', tables.reduce((n, t) => n + t.readers.length + t.writers.length, 0), 'triples', Object.keys(units).length, 'partition modules', counts);

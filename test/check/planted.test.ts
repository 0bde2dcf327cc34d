/**
 * `seam check` on fixtures/monoliths/planted, whose code breaks its accepted plan once per rule:
 * the exact findings, in every report format, from one run of the real bin.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_RULE_IDS } from '../../src/shared/accepted-plan.js';
import { runSeam, type SeamRun } from '../support/run-seam.js';
import { parseXml, PLANTED, sarifValidator, type XmlElement } from './helpers.js';

const P = `${PLANTED}/`;

/** rule, level, file (repo-relative), line, what it reaches */
const EXPECTED: [string, string, string, number, string][] = [
  ['undeclared-dependency', 'error', `${P}src/billing/payment-service.ts`, 1, 'src/orders/api.ts'],
  ['foreign-table-write', 'error', `${P}src/billing/payment-service.ts`, 8, 'orders'],
  ['type-import-bypasses-api', 'warning', `${P}src/orders/order-service.ts`, 1, 'src/billing/invoice.ts'],
  ['runtime-import-bypasses-api', 'error', `${P}src/orders/order-service.ts`, 2, 'src/billing/invoice-repository.ts'],
  ['unclaimed-module', 'error', `${P}src/reports/sales-report.ts`, 1, ''],
];

const TEXT = `${P}src/billing/payment-service.ts:1  error  undeclared-dependency
  billing imports src/orders/api.ts (orderById) at run time, but billing does not depend on orders
  fix: remove the import, or declare the dependency: add "orders" to services.billing.dependsOn in seam.plan.json (a change to the cut, for review)

${P}src/billing/payment-service.ts:8  error  foreign-table-write
  billing writes table orders, which orders owns
  fix: let orders write it: call the API of orders (src/orders/api.ts) instead, or change the owner (tables.orders in seam.plan.json)

${P}src/orders/order-service.ts:1  warning  type-import-bypasses-api
  orders imports types from src/billing/invoice.ts (Invoice), which is not an API module of billing
  fix: import the types from the API of billing (src/billing/api.ts) or a contract in the kernel, or add the module to services.billing.api in seam.plan.json

${P}src/orders/order-service.ts:2  error  runtime-import-bypasses-api
  orders imports src/billing/invoice-repository.ts (insertInvoice) at run time, which is not an API module of billing
  fix: call billing through its API (src/billing/api.ts), or, if this module is meant to be public, add it to services.billing.api in seam.plan.json

${P}src/reports/sales-report.ts:1  error  unclaimed-module
  src/reports/sales-report.ts is a new module that no service claims
  fix: add it (or its folder) to a service's modules, the kernel or unassigned in seam.plan.json

budgets:
  ICP (share of runtime calls crossing services)  0.2727 <= 0.3     ok
  runtime dependencies between services                3 <= 4       ok
  table write-exclusivity                         0.6667 >= 0.6     ok

seam check: 4 new errors, 1 new warning (13 modules, 3 services, plan seam.plan.json)
`;

const GITHUB = `::error file=${P}src/billing/payment-service.ts,line=1,title=undeclared-dependency::billing imports src/orders/api.ts (orderById) at run time, but billing does not depend on orders. Fix: remove the import, or declare the dependency: add "orders" to services.billing.dependsOn in seam.plan.json (a change to the cut, for review).
::error file=${P}src/billing/payment-service.ts,line=8,title=foreign-table-write::billing writes table orders, which orders owns. Fix: let orders write it: call the API of orders (src/orders/api.ts) instead, or change the owner (tables.orders in seam.plan.json).
::warning file=${P}src/orders/order-service.ts,line=1,title=type-import-bypasses-api::orders imports types from src/billing/invoice.ts (Invoice), which is not an API module of billing. Fix: import the types from the API of billing (src/billing/api.ts) or a contract in the kernel, or add the module to services.billing.api in seam.plan.json.
::error file=${P}src/orders/order-service.ts,line=2,title=runtime-import-bypasses-api::orders imports src/billing/invoice-repository.ts (insertInvoice) at run time, which is not an API module of billing. Fix: call billing through its API (src/billing/api.ts), or, if this module is meant to be public, add it to services.billing.api in seam.plan.json.
::error file=${P}src/reports/sales-report.ts,line=1,title=unclaimed-module::src/reports/sales-report.ts is a new module that no service claims. Fix: add it (or its folder) to a service's modules, the kernel or unassigned in seam.plan.json.
seam check: 4 new errors, 1 new warning (13 modules, 3 services, plan seam.plan.json)
`;

const MARKDOWN = `### Seam check: the plan is broken (4 new errors, 1 new warning)

13 modules in 3 services, checked against \`${P}seam.plan.json\`.

| rule | new | in baseline |
|---|---:|---:|
| \`runtime-import-bypasses-api\` | 1 | 0 |
| \`undeclared-dependency\` | 1 | 0 |
| \`type-import-bypasses-api\` | 1 | 0 |
| \`foreign-table-write\` | 1 | 0 |
| \`unclaimed-module\` | 1 | 0 |

| budget | now | limit | |
|---|---:|---:|---|
| ICP (share of runtime calls crossing services) | 0.2727 | ≤ 0.3 | ok |
| runtime dependencies between services | 3 | ≤ 4 | ok |
| table write-exclusivity | 0.6667 | ≥ 0.6 | ok |

#### Findings

| | rule | where | what to do |
|---|---|---|---|
| **new error** | \`undeclared-dependency\` | \`${P}src/billing/payment-service.ts:1\` | billing imports src/orders/api.ts (orderById) at run time, but billing does not depend on orders. Fix: remove the import, or declare the dependency: add "orders" to services.billing.dependsOn in seam.plan.json (a change to the cut, for review). |
| **new error** | \`foreign-table-write\` | \`${P}src/billing/payment-service.ts:8\` | billing writes table orders, which orders owns. Fix: let orders write it: call the API of orders (src/orders/api.ts) instead, or change the owner (tables.orders in seam.plan.json). |
| **new error** | \`runtime-import-bypasses-api\` | \`${P}src/orders/order-service.ts:2\` | orders imports src/billing/invoice-repository.ts (insertInvoice) at run time, which is not an API module of billing. Fix: call billing through its API (src/billing/api.ts), or, if this module is meant to be public, add it to services.billing.api in seam.plan.json. |
| **new error** | \`unclaimed-module\` | \`${P}src/reports/sales-report.ts:1\` | src/reports/sales-report.ts is a new module that no service claims. Fix: add it (or its folder) to a service's modules, the kernel or unassigned in seam.plan.json. |
| new warning | \`type-import-bypasses-api\` | \`${P}src/orders/order-service.ts:1\` | orders imports types from src/billing/invoice.ts (Invoice), which is not an API module of billing. Fix: import the types from the API of billing (src/billing/api.ts) or a contract in the kernel, or add the module to services.billing.api in seam.plan.json. |
`;

interface JsonReport {
  exitCode: number;
  counts: Record<string, number>;
  findings: { rule: string; level: string; file: string; line: number; to: string; from: string; symbols: string[]; fingerprint: string; baseline: boolean }[];
}

interface SarifLog {
  runs: {
    tool: { driver: { name: string; rules: { id: string; helpUri: string; shortDescription: { text: string } }[] } };
    results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; partialFingerprints: Record<string, string> }[];
  }[];
}

const tmp = mkdtempSync(join(tmpdir(), 'seam-planted-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const out = (f: string): string => join(tmp, f);
let run: SeamRun;

beforeAll(() => {
  run = runSeam(['check', PLANTED, '--workers', '0', '-f', 'text', '-f', `json=${out('r.json')}`, '-f', `sarif=${out('r.sarif')}`, '-f', `junit=${out('r.xml')}`, '-f', `markdown=${out('r.md')}`, '-f', `github=${out('r.github')}`]);
});

describe('seam check on the planted fixture', () => {
  it('exits 1: four new errors break the plan', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });

  it('prints file:line, level, rule, what is wrong and what to do in text', () => {
    expect(run.stdout).toBe(TEXT);
  });

  it('lists the same findings in JSON, with line-independent fingerprints', () => {
    const r = JSON.parse(readFileSync(out('r.json'), 'utf8')) as JsonReport;
    expect(r.findings.map((f) => [f.rule, f.level, f.file, f.line, f.to])).toEqual(EXPECTED);
    expect(r.exitCode).toBe(1);
    expect(r.counts).toEqual({ errors: 4, warnings: 1, newErrors: 4, newWarnings: 1, baselined: 0, fixed: 0 });
    expect(r.findings[3]).toMatchObject({ from: 'src/orders/order-service.ts', symbols: ['insertInvoice'], baseline: false });
    expect(new Set(r.findings.map((f) => f.fingerprint)).size).toBe(5);
    for (const f of r.findings) expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('writes SARIF 2.1.0 that the official schema accepts, with rules, levels, locations and fingerprints', () => {
    const doc = JSON.parse(readFileSync(out('r.sarif'), 'utf8')) as SarifLog;
    const validate = sarifValidator();
    expect(validate(doc)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    const runOf = doc.runs[0]!;
    expect(runOf.tool.driver.name).toBe('seam');
    expect(runOf.tool.driver.rules.map((r) => r.id)).toEqual([...CHECK_RULE_IDS]);
    for (const r of runOf.tool.driver.rules) expect(r.helpUri).toMatch(/^https:\/\/.+#rules-of-seam-check$/);
    expect(runOf.results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine])).toEqual(EXPECTED.map(([rule, level, file, line]) => [rule, level, file, line]));
    const json = JSON.parse(readFileSync(out('r.json'), 'utf8')) as JsonReport;
    expect(runOf.results.map((r) => r.partialFingerprints['seamFinding/v1'])).toEqual(json.findings.map((f) => f.fingerprint));
    expect(runOf.results[0]!.message.text).toContain('Fix: remove the import, or declare the dependency');
  });

  it('rejects a SARIF log that breaks the schema (the validator is not vacuous)', () => {
    const validate = sarifValidator();
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'seam' } }, results: [{ message: { text: 'x' }, level: 'fatal' }] }] })).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
  });

  it('writes well-formed JUnit XML: one testsuite per rule, a failure per new error, a passing case for clean rules', () => {
    const root = parseXml(readFileSync(out('r.xml'), 'utf8'));
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '10', failures: '4', skipped: '1' });
    expect(root.children.map((s) => s.attrs.name)).toEqual([...CHECK_RULE_IDS]);
    const cases = root.children.flatMap((s) => s.children);
    const failed = cases.filter((c) => c.children.some((x: XmlElement) => x.name === 'failure'));
    expect(failed.map((c) => [c.attrs.classname, c.attrs.file, Number(c.attrs.line)]).sort()).toEqual(EXPECTED.filter((e) => e[1] === 'error').map(([rule, , file, line]) => [rule, file, line]).sort());
    const skipped = cases.filter((c) => c.children.some((x) => x.name === 'skipped'));
    expect(skipped.map((c) => c.attrs.classname)).toEqual(['type-import-bypasses-api']);
    const kernel = root.children.find((s) => s.attrs.name === 'kernel-imports-service')!;
    expect(kernel.children.map((c) => [c.attrs.name, c.children.length])).toEqual([['no findings', 0]]);
    expect(failed.find((c) => c.attrs.classname === 'undeclared-dependency')!.children[0]!.text).toContain('add "orders" to services.billing.dependsOn');
  });

  it('the XML reader rejects what is not well-formed (so the JUnit check can fail)', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow(/does not close/);
    expect(() => parseXml('<a x="1 & 2"/>')).toThrow(/bare '&'/);
    expect(() => parseXml('<a>1 < 2</a>')).toThrow();
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/duplicate/);
    expect(() => parseXml('<a/><b/>')).toThrow(/second root/);
    expect(() => parseXml('<a>')).toThrow(/never closed/);
  });

  it('writes a Markdown summary for a pull-request comment', () => {
    expect(readFileSync(out('r.md'), 'utf8')).toBe(MARKDOWN);
  });

  it('writes GitHub Actions annotations', () => {
    expect(readFileSync(out('r.github'), 'utf8')).toBe(GITHUB);
  });
});

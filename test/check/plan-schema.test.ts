/** The committed plans are valid against schema/seam-plan.schema.json and in canonical form. */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parsePlan, serializePlan } from '../../src/check/plan-file.js';
import { CHECK_RULE_IDS } from '../../src/shared/accepted-plan.js';

const schema = JSON.parse(readFileSync('schema/seam-plan.schema.json', 'utf8')) as { properties: { rules: { properties: Record<string, unknown> } } };
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

describe('seam.plan.json files', () => {
  for (const file of ['seam.plan.json', 'fixtures/monoliths/planted/seam.plan.json']) {
    it(`${file} validates against the schema and is written in canonical form`, () => {
      const text = readFileSync(file, 'utf8');
      expect(validate(JSON.parse(text))).toBe(true);
      expect(validate.errors ?? []).toEqual([]);
      expect(serializePlan(parsePlan(text, file))).toBe(text);
    });
  }

  it('the schema knows every rule, and rejects what the reader rejects', () => {
    expect(Object.keys(schema.properties.rules.properties)).toEqual([...CHECK_RULE_IDS]);
    const plan = JSON.parse(readFileSync('fixtures/monoliths/planted/seam.plan.json', 'utf8')) as Record<string, unknown>;
    expect(validate({ ...plan, rules: { 'unclaimed-module': 'fatal' } })).toBe(false);
    expect(validate({ ...plan, services: { Orders: { modules: ['src/**'] } } })).toBe(false);
    expect(validate({ ...plan, budgets: { maxIcp: 0.2 } })).toBe(false);
    expect(() => parsePlan(JSON.stringify({ ...plan, budgets: { maxIcp: 0.2 } }), 'x.json')).toThrow(/budgets\.maxCrossServiceRuntimeEdges must be a number/);
  });
});

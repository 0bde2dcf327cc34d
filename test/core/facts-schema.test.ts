import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { extract } from '../../analyzers/extract.js';
import { SEAM_VERSION } from '../../src/shared/version.js';

const schema = JSON.parse(readFileSync('schema/facts.schema.json', 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

describe('the Facts document', () => {
  for (const fixture of ['shop', 'modular', 'broken', 'hono-drizzle']) {
    it(`validates against schema/facts.schema.json for fixtures/monoliths/${fixture}`, async () => {
      const facts = await extract(`fixtures/monoliths/${fixture}`, { history: false, workers: 0 });
      const ok = validate(JSON.parse(JSON.stringify(facts)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });
  }

  it('rejects a document that breaks the schema (the validator is not vacuous)', () => {
    expect(validate({ schemaVersion: 2 })).toBe(false);
  });

  it('carries the version from package.json', () => {
    expect(SEAM_VERSION).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });
});

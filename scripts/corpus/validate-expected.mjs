#!/usr/bin/env node
// Check corpus/expected/<name>.json files: schema, and that every module they name exists in the
// checkout (corpus/repos/<name>). Usage: node scripts/corpus/validate-expected.mjs [name...]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';

const root = resolve(import.meta.dirname, '..', '..');
const corpus = join(root, 'corpus');
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync(join(corpus, 'expected.schema.json'), 'utf8')));
const names = process.argv.slice(2).length ? process.argv.slice(2) : readdirSync(join(corpus, 'expected')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
let bad = 0;
for (const name of names) {
  const file = join(corpus, 'expected', `${name}.json`);
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const problems = [];
  if (!validate(doc)) problems.push(...validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`));
  if (doc.name !== name) problems.push(`name is ${doc.name}, file is ${name}.json`);
  const repo = join(corpus, 'repos', name);
  if (existsSync(repo)) {
    const missing = new Set();
    const check = (m) => { if (m && !existsSync(join(repo, m))) missing.add(m); };
    for (const r of doc.routes ?? []) check(r.module);
    for (const t of doc.tables ?? []) { check(t.module); (t.readers ?? []).forEach(check); (t.writers ?? []).forEach(check); }
    for (const m of Object.keys(doc.partition?.units ?? {})) check(m);
    if (missing.size) problems.push(`modules not in the checkout: ${[...missing].slice(0, 20).join(', ')}${missing.size > 20 ? ` (+${missing.size - 20})` : ''}`);
    const seen = new Set();
    for (const r of doc.routes ?? []) { const k = `${r.method} ${r.path}`; if (seen.has(k)) problems.push(`duplicate route ${k}`); seen.add(k); }
    const tables = new Set();
    for (const t of doc.tables ?? []) { const k = t.name.toLowerCase(); if (tables.has(k)) problems.push(`duplicate table ${t.name}`); tables.add(k); }
    for (const r of doc.routes ?? []) if (/[{}[\]]|\$\{|\/\/|.\/$/.test(r.path)) problems.push(`route path not normalised: ${r.path}`);
  } else problems.push(`(not checked against files: corpus/repos/${name} is not checked out)`);
  console.log(`${name}: ${problems.length ? '\n  ' + problems.join('\n  ') : `ok (${doc.routes.length} routes, ${doc.tables.length} tables, ${doc.partition ? Object.keys(doc.partition.units).length + ' modules in the partition' : 'no partition'})`}`);
  if (problems.some((p) => !p.startsWith('('))) bad++;
}
process.exitCode = bad ? 1 : 0;

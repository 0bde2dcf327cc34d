// Parse the Prisma schema: model name -> table (@@map or model name), delegate accessor name.
import { readFileSync } from 'node:fs';
import { REPO } from './common.mjs';
export const SCHEMA = 'packages/db-main-prisma/prisma/postgres/schema.prisma';
export function models() {
  const text = readFileSync(`${REPO}/${SCHEMA}`, 'utf8');
  const out = [];
  const re = /^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm;
  let m;
  while ((m = re.exec(text))) {
    const map = /@@map\("([^"]+)"\)/.exec(m[2]);
    const line = text.slice(0, m.index).split('\n').length;
    out.push({ model: m[1], table: map ? map[1] : m[1], accessor: m[1][0].toLowerCase() + m[1].slice(1), line, body: m[2] });
  }
  return out;
}

// relation fields: model -> { field: relatedModel }
export function relations() {
  const ms = models(); const names = new Set(ms.map((m) => m.model)); const out = {};
  for (const m of ms) {
    out[m.model] = {};
    for (const line of m.body.split('\n')) {
      const r = /^\s+(\w+)\s+(\w+)(\[\]|\?)?(\s|$)/.exec(line);
      if (r && names.has(r[2])) out[m.model][r[1]] = r[2];
    }
  }
  return out;
}

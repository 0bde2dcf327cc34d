/**
 * The tables a Prisma query touches beyond its model, read from the keys of its literal argument.
 * Prisma runs these as real queries on the related tables (relation queries, filters and nested
 * writes: https://www.prisma.io/docs/orm/prisma-client/queries/relation-queries), so Seam counts
 * them as accesses of the module making the call (the documented rule):
 *
 * - reads: a relation field under `include` / `select` (also `_count.select`), and a relation
 *   filter under `where` / `orderBy` / `cursor` (`some`, `every`, `none`, `is`, `isNot`, or the
 *   to-one shorthand), recursively; an implicit many-to-many relation also reads its join table;
 * - writes: a relation field under `data` (and the `create` / `update` of an upsert) with a
 *   nested `create`, `createMany`, `connectOrCreate`, `upsert`, `update`, `updateMany`, `delete`
 *   or `deleteMany` writes the related table; on an implicit many-to-many relation every nested
 *   operation (`connect`, `set`, `disconnect` included) writes the join table; `connect` / `set` /
 *   `disconnect` on a one-to-many list updates the related rows' foreign keys (a write), on a
 *   to-one relation the foreign key is the model's own (no other table).
 */
import type { PrismaField, PrismaModel } from './prisma-schema.js';
import type { Effect } from './repository-effects.js';

export interface PrismaSchemaView {
  model(name: string): PrismaModel | undefined;
  /** the implicit join table of `model.field`, if the relation is an implicit many-to-many */
  joinTable(model: string, field: string): string | undefined;
}

const FILTER_KEYS = ['where', 'orderBy', 'cursor', 'having'];
const LOGICAL = new Set(['AND', 'OR', 'NOT']);
const RELATION_FILTERS = new Set(['some', 'every', 'none', 'is', 'isNot']);
const NESTED_WRITES = new Set(['create', 'createMany', 'connectOrCreate', 'upsert', 'update', 'updateMany', 'delete', 'deleteMany']);
const LINKS = new Set(['connect', 'set', 'disconnect']);
const MAX_DEPTH = 8;

/** The shape of an object literal: its keys, nested object literals, 1 for any other value. */
export interface ArgTree {
  readonly [key: string]: ArgTree | 1;
}

export function relationAccesses(model: PrismaModel, args: ArgTree, schema: PrismaSchemaView): Effect[] {
  const out: Effect[] = [];
  const seen = new Set<string>();
  const add = (table: string, access: 'read' | 'write', entity?: string): void => {
    const k = `${table}\0${access}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(entity === undefined ? { table, access } : { table, access, entity });
  };
  const relation = (m: PrismaModel, key: string): { field: PrismaField; target: PrismaModel } | undefined => {
    const field = m.fields.find((f) => f.name === key);
    const target = field && schema.model(field.type);
    return field && target ? { field, target } : undefined;
  };
  const touch = (m: PrismaModel, r: { field: PrismaField; target: PrismaModel }, access: 'read' | 'write'): void => {
    add(r.target.table, access, r.target.name);
    const join = schema.joinTable(m.name, r.field.name);
    if (join !== undefined) add(join, access);
  };

  const filter = (m: PrismaModel, tree: ArgTree, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    for (const [key, value] of Object.entries(tree)) {
      if (value === 1) continue;
      if (LOGICAL.has(key)) {
        filter(m, value, depth + 1);
        continue;
      }
      const r = relation(m, key);
      if (!r) continue;
      touch(m, r, 'read');
      const keys = Object.keys(value);
      if (keys.some((k) => RELATION_FILTERS.has(k))) {
        for (const k of keys) if (RELATION_FILTERS.has(k) && value[k] !== 1) filter(r.target, value[k] as ArgTree, depth + 1);
      } else {
        filter(r.target, value, depth + 1);
      }
    }
  };

  const query = (m: PrismaModel, tree: ArgTree, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    for (const key of FILTER_KEYS) {
      const v = tree[key];
      if (v !== undefined && v !== 1) filter(m, v, depth + 1);
    }
    for (const key of ['include', 'select']) {
      const v = tree[key];
      if (v === undefined || v === 1) continue;
      for (const [field, sub] of Object.entries(v)) {
        if (field === '_count') {
          const sel = sub !== 1 ? sub['select'] : undefined;
          if (sel && sel !== 1) for (const f of Object.keys(sel)) { const r = relation(m, f); if (r) touch(m, r, 'read'); }
          continue;
        }
        const r = relation(m, field);
        if (!r) continue;
        touch(m, r, 'read');
        if (sub !== 1) query(r.target, sub, depth + 1);
      }
    }
  };

  const data = (m: PrismaModel, tree: ArgTree, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    for (const [key, value] of Object.entries(tree)) {
      if (value === 1) continue;
      const r = relation(m, key);
      if (!r) continue;
      const join = schema.joinTable(m.name, r.field.name);
      for (const [op, arg] of Object.entries(value)) {
        if (NESTED_WRITES.has(op)) {
          add(r.target.table, 'write', r.target.name);
          if (join !== undefined) add(join, 'write');
          if (arg !== 1) nested(r.target, op, arg, depth + 1);
        } else if (LINKS.has(op)) {
          if (join !== undefined) add(join, 'write');
          else if (r.field.list) add(r.target.table, 'write', r.target.name);
        }
      }
    }
  };

  /** The payload of a nested write on `m`. */
  const nested = (m: PrismaModel, op: string, arg: ArgTree, depth: number): void => {
    if (op === 'create' || op === 'update') {
      // `create: { ... }` is the data itself; `update: { where, data }` for lists, the data for to-one
      const d = arg['data'];
      data(m, d !== undefined && d !== 1 ? d : arg, depth);
    } else if (op === 'createMany' || op === 'updateMany') {
      const d = arg['data'];
      if (d !== undefined && d !== 1) data(m, d, depth);
    } else if (op === 'upsert' || op === 'connectOrCreate') {
      for (const k of ['create', 'update']) {
        const d = arg[k];
        if (d !== undefined && d !== 1) data(m, d, depth);
      }
    }
  };

  query(model, args, 0);
  for (const key of ['data', 'create', 'update']) {
    const v = args[key];
    if (v !== undefined && v !== 1) data(model, v, 0);
  }
  return out;
}

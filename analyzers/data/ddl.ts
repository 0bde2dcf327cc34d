/**
 * DDL: the tables migrations and schema files create, alter and drop. Schema history, never data
 * access (data-files.ts keeps migrations out of the reads and writes); kept as `facts.ddl`, and a
 * table that the DDL creates and does not drop again is a table of the application even when no
 * ORM declares it (knex and raw-SQL repositories, or a table nothing reads yet).
 *
 * Read from: `.sql` files (Prisma's `migration.sql`, Postgrator, dbmate, a `schema.sql`), SQL text
 * passed to any call or tagged template in a source file (`queryRunner.query('CREATE TABLE ...')`,
 * MikroORM's `this.addSql(...)`), and schema builders: `knex.schema.createTable('users', ...)`,
 * `.alterTable` / `.table`, `.dropTable`, `.renameTable`, Sequelize's
 * `queryInterface.createTable('users', ...)` and column changes, TypeORM's
 * `queryRunner.createTable(new Table({ name: 'users' }))`. What a `down` migration does (a `down`
 * method or function, a `*.down.sql` / `*.undo.sql` file, the part after `-- migrate:down`) is
 * left out. Statements apply in migration order: within a migration set (migrationSet) by file
 * name, then line; `RENAME` moves a table to its new name. Temporary tables and views are not tables.
 */
import ts from '../../src/shared/typescript.cjs';
import type { DdlFact, EntityFact } from '../../src/shared/facts.js';
import type { Analyzer, LinkContext } from '../types.js';
import { finishEntities } from './declarations.js';
import { migrationSet } from './data-files.js';
import { fileIndex } from './file-index.js';
import { stringValue, templateText } from './string-value.js';
import { lineOf, literalText, objectProperty, skipOuter } from './syntax.js';

export interface DdlChange {
  readonly table: string;
  readonly change: 'create' | 'alter' | 'drop';
  readonly line: number;
  /** views are schema too, but not tables */
  readonly view?: true;
  /** `RENAME a TO b`: the new name (change is 'alter' on the old one) */
  readonly renameTo?: string;
}

export interface DdlLocal {
  readonly changes: DdlChange[];
  /** which plugin's language wrote it: `knex`, `sequelize`, `typeorm` (schema builders), else `sql` */
  readonly via: string;
}

const BUILDER_TABLE = new Map<string, DdlChange['change']>([
  ['createTable', 'create'], ['createTableIfNotExists', 'create'], ['dropTable', 'drop'], ['dropTableIfExists', 'drop'],
  ['alterTable', 'alter'], ['renameTable', 'alter'],
]);
/** Column and index changes of Sequelize's queryInterface and TypeORM's queryRunner. */
const BUILDER_ALTER = new Set(['addColumn', 'addColumns', 'removeColumn', 'dropColumn', 'dropColumns', 'changeColumn', 'renameColumn', 'addIndex', 'removeIndex', 'createIndex', 'dropIndex', 'addConstraint', 'removeConstraint', 'createForeignKey', 'dropForeignKey']);
const DDL_TEXT = /\b(?:CREATE|ALTER|DROP|RENAME)\s+(?:\w+\s+){0,4}?(?:TABLE|VIEW)\b/i;
const ACCEPTS = /createTable|dropTable|alterTable|renameTable|queryInterface|queryRunner|\b(?:CREATE|ALTER|DROP|RENAME)\s+(?:\w+\s+){0,4}?(?:TABLE|VIEW)\b/i;

export const ddlAnalyzer: Analyzer<DdlLocal> = {
  name: 'ddl',
  concern: 'data',
  accepts: (text) => ACCEPTS.test(text),
  collect: (file) => collectDdl(file.sourceFile),
  link: linkDdl,
};

// ---------------------------------------------------------------------------------------------
// collect

export function collectDdl(sf: ts.SourceFile): DdlLocal | undefined {
  const index = fileIndex(sf);
  const changes: DdlChange[] = [];
  let via = 'sql';
  const addSql = (text: string | undefined, node: ts.Node): void => {
    if (text === undefined || !DDL_TEXT.test(text) || inDownMigration(node)) return;
    const base = lineOf(node);
    for (const c of ddlStatements(text)) changes.push({ ...c, line: base + c.line - 1 });
  };
  for (const node of index.taggedTemplates) addSql(templateText(node.template), node);
  for (const call of index.calls) {
    const callee = call.expression;
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (method === undefined) continue;
    const first = call.arguments[0];
    const builder = BUILDER_TABLE.get(method);
    // the receiver's text only matters to a builder-shaped call (getText on every call copies chains again and again)
    const builderShaped = builder !== undefined || BUILDER_ALTER.has(method) || method === 'table';
    const receiver = builderShaped && ts.isPropertyAccessExpression(callee) ? callee.expression.getText(sf) : '';
    const isAlter = BUILDER_ALTER.has(method) && /query(?:Interface|Runner)/i.test(receiver);
    const isKnexTable = method === 'table' && /\.schema$|^schema$/.test(receiver);
    if ((builder || isAlter || isKnexTable) && first && !inDownMigration(call)) {
      const table = builderTable(first);
      if (table === undefined) continue;
      if (/schema/.test(receiver)) via = 'knex';
      else if (/queryInterface/i.test(receiver)) via = 'sequelize';
      else if (/queryRunner/i.test(receiver)) via = 'typeorm';
      const line = lineOf(call);
      if (method === 'renameTable') {
        const to = call.arguments[1] ? builderTable(call.arguments[1]) : undefined;
        changes.push(to === undefined ? { table, change: 'alter', line } : { table, change: 'alter', line, renameTo: to });
      } else {
        changes.push({ table, change: builder ?? 'alter', line });
      }
      continue;
    }
    if (first) addSql(stringValue(first), call);
  }
  return changes.length ? { changes, via } : undefined;
}

/** `'users'`, `new Table({ name: 'users' })`, `{ tableName: 'users', schema }` (Sequelize) -> users */
function builderTable(arg: ts.Expression): string | undefined {
  const e = skipOuter(arg);
  const direct = literalText(e);
  if (direct !== undefined) return normalizeName(direct);
  if (ts.isNewExpression(e)) {
    const name = objectProperty(e.arguments?.[0], 'name');
    const s = name ? literalText(name) : undefined;
    return s === undefined ? undefined : normalizeName(s);
  }
  const tableName = objectProperty(e, 'tableName');
  const s = tableName ? literalText(tableName) : undefined;
  return s === undefined ? undefined : normalizeName(s);
}

/** Inside the `down` of a migration: a method, function or property named `down`. */
function inDownMigration(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (!ts.isFunctionLike(n)) continue;
    const named = n.name && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) ? n.name.text : undefined;
    if (named === 'down') return true;
    const p = n.parent;
    if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name) && p.name.text === 'down') return true;
    if (p && ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === 'down') return true;
    if (p && ts.isBinaryExpression(p) && ts.isPropertyAccessExpression(p.left) && p.left.name.text === 'down') return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// SQL text

const NAME = String.raw`(?:"[^"]+"|\x60[^\x60]+\x60|\[[^\]]+\]|[A-Za-z_][\w$]*)(?:\s*\.\s*(?:"[^"]+"|\x60[^\x60]+\x60|\[[^\]]+\]|[A-Za-z_][\w$]*))*`;
const CREATE = new RegExp(String.raw`\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL|LOCAL)\s+)?(TEMP\s+|TEMPORARY\s+)?(?:UNLOGGED\s+)?(MATERIALIZED\s+)?(TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?(${NAME})`, 'gi');
const ALTER = new RegExp(String.raw`\bALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(${NAME})([^;]*?\bRENAME\s+TO\s+(${NAME}))?`, 'gi');
const DROP = new RegExp(String.raw`\bDROP\s+(TABLE|VIEW|MATERIALIZED\s+VIEW)\s+(?:IF\s+EXISTS\s+)?(${NAME}(?:\s*,\s*${NAME})*)`, 'gi');
const RENAME = new RegExp(String.raw`\bRENAME\s+TABLE\s+(${NAME}\s+TO\s+${NAME}(?:\s*,\s*${NAME}\s+TO\s+${NAME})*)`, 'gi');
/** A table name as the database knows it: the last part of a qualified name, unquoted names lower-cased. */
function normalizeName(raw: string): string {
  const parts = raw.match(/"[^"]+"|`[^`]+`|\[[^\]]+\]|[A-Za-z_][\w$]*/g) ?? [raw];
  const last = parts[parts.length - 1]!;
  if (/^["`[]/.test(last)) return last.slice(1, -1);
  return last.toLowerCase();
}

/** The DDL statements of a SQL text, with the line (1-based, within the text) of each. */
export function ddlStatements(sql: string): DdlChange[] {
  const text = blankCommentsAndStrings(sql);
  const found: { at: number; change: DdlChange }[] = [];
  for (const m of text.matchAll(CREATE)) {
    if (m[1]) continue; // temporary
    const view = m[2] !== undefined || m[3]!.toUpperCase() === 'VIEW';
    found.push({ at: m.index!, change: { table: normalizeName(m[4]!), change: 'create', line: 0, ...(view ? { view: true as const } : {}) } });
  }
  for (const m of text.matchAll(ALTER)) {
    const to = m[3];
    found.push({ at: m.index!, change: { table: normalizeName(m[1]!), change: 'alter', line: 0, ...(to ? { renameTo: normalizeName(to) } : {}) } });
  }
  for (const m of text.matchAll(DROP)) {
    const view = m[1]!.toUpperCase() !== 'TABLE';
    for (const name of m[2]!.split(',')) found.push({ at: m.index!, change: { table: normalizeName(name.trim()), change: 'drop', line: 0, ...(view ? { view: true as const } : {}) } });
  }
  for (const m of text.matchAll(RENAME)) {
    for (const pair of m[1]!.split(',')) {
      const [from, to] = pair.split(/\s+TO\s+/i);
      if (from && to) found.push({ at: m.index!, change: { table: normalizeName(from.trim()), change: 'alter', line: 0, renameTo: normalizeName(to.trim()) } });
    }
  }
  // in offset order, counting the newlines once (a migration holds hundreds of statements)
  let line = 1;
  let pos = 0;
  return found
    .sort((a, b) => a.at - b.at)
    .map((f) => {
      for (; pos < f.at; pos++) if (text.charCodeAt(pos) === 10) line++;
      return { ...f.change, line };
    });
}

/** Comments and string contents become spaces (newlines kept), so line numbers stay right and nothing in them matches. */
function blankCommentsAndStrings(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      out += sql.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'") {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === "'" && sql[j + 1] !== "'")) j += sql[j] === "'" ? 2 : 1;
      out += ' ' + sql.slice(i + 1, j).replace(/[^\n]/g, ' ') + ' ';
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The part of a `.sql` migration that migrates up (dbmate `-- migrate:down`, sql-migrate `-- +migrate Down`, goose `-- +goose Down`). */
function upPart(text: string): string {
  const m = /^--\s*(?:migrate:down|\+migrate\s+down|\+goose\s+down)\b/im.exec(text);
  return m ? text.slice(0, m.index) : text;
}

// ---------------------------------------------------------------------------------------------
// link

function linkDdl(ctx: LinkContext, locals: ReadonlyMap<string, DdlLocal>): { entities: EntityFact[]; ddl: DdlFact[] } {
  const byModule = new Map<string, { changes: DdlChange[]; via: string }>();
  for (const [module, local] of locals) byModule.set(module, { changes: local.changes, via: local.via });
  for (const file of ctx.allFiles) {
    if (!/\.sql$/i.test(file) || /(?:^|[./_-])(?:down|undo)\.[^/]*sql$|(?:^|\/)down\.sql$/i.test(file)) continue;
    const text = ctx.readText(file);
    if (text === undefined) continue;
    const changes = ddlStatements(upPart(text));
    if (changes.length) byModule.set(file, { changes, via: 'sql' });
  }

  const ddl: DdlFact[] = [];
  // per migration set, in file then line order: which tables exist at the end, and where each was created
  const sets = new Map<string, string[]>();
  for (const module of [...byModule.keys()].sort()) {
    const set = migrationSet(module);
    sets.set(set, [...(sets.get(set) ?? []), module]);
  }
  // a schema file beside the migrations folder (`db/schema.sql` next to `db/migrations/`, a Prisma
  // schema next to `prisma/migrations/`) is the current schema: the migrations are its history
  const dirOf = (path: string): string => path.slice(0, path.lastIndexOf('/') + 1);
  const schemaDirs = new Set(ctx.allFiles.filter((f) => /\.(?:sql|prisma)$/i.test(f) && migrationSet(f) === f).map(dirOf));
  const tables = new Map<string, { module: string; line: number; via: string }>();
  for (const [set, modules] of sets) {
    const history = /(?:^|\/)migrations?$/i.test(set) && schemaDirs.has(dirOf(set));
    const live = new Map<string, { module: string; line: number; via: string; view: boolean }>();
    for (const module of modules) {
      const { changes, via } = byModule.get(module)!;
      for (const c of changes) {
        if (c.renameTo !== undefined) {
          ddl.push({ table: c.table, change: 'drop', module, line: c.line }, { table: c.renameTo, change: 'create', module, line: c.line });
          const prev = live.get(c.table);
          live.delete(c.table);
          live.set(c.renameTo, { module, line: c.line, via, view: prev?.view ?? false });
          continue;
        }
        ddl.push({ table: c.table, change: c.change, module, line: c.line });
        if (c.change === 'create') live.set(c.table, { module, line: c.line, via, view: !!c.view });
        else if (c.change === 'drop') live.delete(c.table);
      }
    }
    if (history) continue;
    for (const [table, where] of live) if (!where.view && !tables.has(table)) tables.set(table, where);
  }
  const entities: EntityFact[] = [...tables].map(([table, w]) => ({ name: table, table, via: w.via, module: w.module, line: w.line }));
  return { entities: finishEntities(entities, ctx.report), ddl };
}

/**
 * Which tables a SQL statement reads and writes, from its text alone (any dialect, no schema).
 *
 * Reads: the tables after FROM (and comma-separated FROM lists), JOIN, and MERGE/DELETE ... USING.
 * Writes: INSERT/REPLACE/MERGE INTO, UPDATE (as a statement, not `FOR UPDATE` / `DO UPDATE` /
 * `ON DUPLICATE KEY UPDATE`), DELETE FROM, TRUNCATE.
 * Not tables: CTE names (`WITH x AS (...)`), subqueries and their aliases, table functions
 * (`FROM unnest(...)`), placeholders, `FROM` inside EXTRACT/SUBSTRING/TRIM/POSITION/OVERLAY and
 * `IS DISTINCT FROM`.
 * Names: unquoted identifiers are lower-cased, quotes/backticks/brackets are stripped, schema
 * qualifiers are kept as written (`public.orders`, `"Sales"."Orders"` -> `Sales.Orders`).
 */

export interface SqlTableAccess {
  readonly table: string;
  readonly access: 'read' | 'write';
}

const STATEMENT_START = /^(?:SELECT|INSERT|UPDATE|DELETE|WITH|MERGE|TRUNCATE)\b/i;

/**
 * The database's own catalogs are not tables of the application: `information_schema.*`,
 * PostgreSQL's `pg_catalog.*` and `pg_*` system views (the prefix is reserved for them), MySQL's
 * `mysql.*`, `performance_schema.*` and `sys.*`, SQLite's `sqlite_*`.
 */
export function isSystemTable(name: string): boolean {
  return /^(?:information_schema|pg_catalog|performance_schema|mysql|sys)\./i.test(name) || /^(?:pg_|sqlite_)/i.test(name);
}

/** True when the text, after whitespace, comments and opening parentheses, starts a SQL statement. */
export function isSqlStatement(text: string): boolean {
  let i = 0;
  for (;;) {
    while (i < text.length && /[\s(]/.test(text[i]!)) i++;
    if (text.startsWith('--', i)) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return false;
      i = nl + 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return false;
      i = end + 2;
    } else {
      break;
    }
  }
  return STATEMENT_START.test(text.slice(i, i + 10));
}

type TokenKind = 'word' | 'name' | 'punct' | 'other';

interface Token {
  readonly kind: TokenKind;
  /** `word`: upper-cased keyword candidate; `name`: normalised identifier; `punct`: the character */
  readonly text: string;
  /** for `word`: the identifier it would be as a name (lower-cased) */
  readonly asName?: string;
}

/** Split SQL into words, (qualified) names, punctuation; strings, numbers and placeholders become `other`. */
function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  const readPart = (): { text: string; quoted: boolean } | undefined => {
    const c = sql[i]!;
    if (c === '"' || c === '`') {
      let j = i + 1;
      let text = '';
      while (j < n) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) {
            text += c;
            j += 2;
            continue;
          }
          break;
        }
        text += sql[j];
        j++;
      }
      i = j + 1;
      return { text, quoted: true };
    }
    if (c === '[') {
      const end = sql.indexOf(']', i + 1);
      const inner = end < 0 ? '' : sql.slice(i + 1, end);
      if (end > 0 && /^[A-Za-z_][\w $#@-]*$/.test(inner)) {
        i = end + 1;
        return { text: inner, quoted: true };
      }
      return undefined;
    }
    // a placeholder glued to a name (`${tenant}_orders` reads as `?_orders`) stays part of it: an unknown name, not `_orders`
    const m = /^(?:\?+(?=[A-Za-z_\u0080-\uffff]))?[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*(?:\?[\w$\u0080-\uffff]*)*/.exec(sql.slice(i, i + 256));
    if (m) {
      i += m[0].length;
      return { text: m[0], quoted: false };
    }
    return undefined;
  };

  while (i < n) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (sql.startsWith('--', i)) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      while (j < n) {
        if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === '\\' && j + 1 < n) j += 2;
        else if (sql[j] === "'") break;
        else j++;
      }
      i = j + 1;
      out.push({ kind: 'other', text: "'" });
      continue;
    }
    if (c === '$') {
      const tag = /^\$([A-Za-z_]\w*)?\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? n : end + tag[0].length;
        out.push({ kind: 'other', text: '$$' });
        continue;
      }
      const num = /^\$\d+/.exec(sql.slice(i, i + 16));
      i += num ? num[0].length : 1;
      out.push({ kind: 'other', text: '$' });
      continue;
    }
    if (c === ':' && sql[i + 1] === ':') {
      i += 2;
      out.push({ kind: 'other', text: '::' });
      continue;
    }
    if ((c === ':' || c === '@') && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      i++;
      while (i < n && /\w/.test(sql[i]!)) i++;
      out.push({ kind: 'other', text: ':' });
      continue;
    }
    if (/\d/.test(c)) {
      while (i < n && /[\w.]/.test(sql[i]!)) i++;
      out.push({ kind: 'other', text: '0' });
      continue;
    }
    const start = i;
    const first = readPart();
    if (first) {
      const parts = [first];
      // qualified names: a.b, "s"."t", [dbo].[t]
      for (;;) {
        let j = i;
        while (j < n && sql[j] === ' ') j++;
        if (sql[j] !== '.') break;
        let k = j + 1;
        while (k < n && sql[k] === ' ') k++;
        const save = i;
        i = k;
        const next = k < n && sql[k] !== '*' ? readPart() : undefined;
        if (!next) {
          i = save;
          break;
        }
        parts.push(next);
      }
      const name = parts.map((p) => (p.quoted ? p.text : p.text.toLowerCase())).join('.');
      if (parts.length === 1 && !first.quoted) out.push({ kind: 'word', text: first.text.toUpperCase(), asName: name });
      else out.push({ kind: 'name', text: name });
      continue;
    }
    if (i === start) {
      out.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return out;
}

/** Words that end a table reference or start a clause: never table names or aliases we must read. */
const FROM_FUNCTIONS = new Set(['EXTRACT', 'SUBSTRING', 'SUBSTR', 'TRIM', 'POSITION', 'OVERLAY']);
const NOT_TABLES = new Set(['SELECT', 'LATERAL', 'VALUES', 'DUAL', 'WITH', 'SET', 'WHERE', 'TABLE', 'ONLY', 'ON', 'USING', 'IGNORE', 'LOW_PRIORITY', 'QUICK', 'DELAYED', 'HIGH_PRIORITY']);
const CLAUSE_WORDS = new Set([
  'SELECT', 'WHERE', 'GROUP', 'ORDER', 'HAVING', 'LIMIT', 'OFFSET', 'SET', 'VALUES', 'ON', 'RETURNING', 'UNION',
  'INTERSECT', 'EXCEPT', 'WINDOW', 'FETCH', 'FOR', 'INTO', 'USING', 'WHEN', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'OUTER',
  'FULL', 'CROSS', 'NATURAL', 'UPDATE', 'DELETE', 'INSERT', 'MERGE',
]);
/** Clauses after which a comma at the same depth starts another table reference. */
const LIST_CLAUSES = new Set(['FROM', 'ON', 'USING', 'TRUNCATE']);
const VERBS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'REPLACE', 'TRUNCATE']);

/** Every table the statement touches, each (table, access) once, in order of first appearance. */
export function sqlTables(sql: string): SqlTableAccess[] {
  const tokens = tokenize(sql);
  const ctes = cteNames(tokens);
  const found: SqlTableAccess[] = [];
  const seen = new Set<string>();
  const add = (table: string, access: 'read' | 'write'): void => {
    if (isSystemTable(table)) return;
    const key = `${access}\0${table}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push({ table, access });
  };

  /** The table name at index i (after optional ONLY), when it is one; functions need `allowParen`. */
  const tableAt = (i: number, allowParen: boolean): { name: string; next: number } | undefined => {
    let j = i;
    let t = tokens[j];
    if (t?.kind === 'word' && (t.text === 'ONLY' || t.text === 'TABLE' || t.text === 'IGNORE' || t.text === 'LOW_PRIORITY')) t = tokens[++j];
    if (t?.kind === 'word' && t.text === 'ONLY') t = tokens[++j];
    if (!t) return undefined;
    let name: string | undefined;
    if (t.kind === 'name') name = t.text;
    else if (t.kind === 'word' && !NOT_TABLES.has(t.text)) name = t.asName;
    if (name === undefined) return undefined;
    const after = tokens[j + 1];
    if (!allowParen && after?.kind === 'punct' && after.text === '(') return undefined;
    if (ctes.has(name)) return undefined;
    return { name, next: j + 1 };
  };

  // per parenthesis depth: the clause we are in, the statement verb, and the word that opened the paren
  const clause: (string | undefined)[] = [undefined];
  const verb: (string | undefined)[] = [undefined];
  const owner: (string | undefined)[] = [undefined];
  let prev: Token | undefined;
  let skipFromAt = -1;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const d = clause.length - 1;
    if (t.kind === 'punct') {
      if (t.text === '(') {
        owner.push(prev?.kind === 'word' ? prev.text : prev?.kind === 'name' ? 'FUNCTION' : undefined);
        clause.push(undefined);
        verb.push(undefined);
      } else if (t.text === ')') {
        if (clause.length > 1) {
          clause.pop();
          verb.pop();
          owner.pop();
        }
      } else if (t.text === ';') {
        clause[d] = undefined;
        verb[d] = undefined;
      } else if (t.text === ',' && clause[d] !== undefined && LIST_CLAUSES.has(clause[d]!)) {
        // `FROM a, b`, `FROM a JOIN b ON a.x = b.x, c`, `TRUNCATE a, b`
        const hit = tableAt(i + 1, false);
        if (hit) add(hit.name, clause[d] === 'TRUNCATE' ? 'write' : 'read');
      }
      prev = t;
      continue;
    }
    if (t.kind !== 'word') {
      prev = t;
      continue;
    }
    const w = t.text;
    const atStatementStart = !prev || (prev.kind === 'punct' && (prev.text === '(' || prev.text === ')' || prev.text === ';'));
    if (VERBS.has(w) && (w === 'SELECT' || atStatementStart)) verb[d] = w;

    if (w === 'FROM' && i !== skipFromAt) {
      const inFunction = owner[d] !== undefined && FROM_FUNCTIONS.has(owner[d]!);
      const distinct = prev?.kind === 'word' && prev.text === 'DISTINCT';
      if (!inFunction && !distinct) {
        clause[d] = 'FROM';
        const hit = tableAt(i + 1, false);
        if (hit) add(hit.name, 'read');
      }
    } else if (w === 'JOIN' || w === 'STRAIGHT_JOIN') {
      clause[d] = 'FROM';
      let j = i + 1;
      if (tokens[j]?.kind === 'word' && tokens[j]!.text === 'LATERAL') j++;
      const hit = tableAt(j, false);
      if (hit) add(hit.name, 'read');
    } else if (w === 'INTO') {
      clause[d] = 'INTO';
      if (verb[d] === 'INSERT' || verb[d] === 'REPLACE' || verb[d] === 'MERGE') {
        const hit = tableAt(i + 1, true);
        if (hit) add(hit.name, 'write');
      }
    } else if (w === 'UPDATE' && atStatementStart) {
      clause[d] = 'UPDATE';
      const hit = tableAt(i + 1, false);
      if (hit) add(hit.name, 'write');
    } else if (w === 'DELETE' && atStatementStart) {
      clause[d] = 'DELETE';
      const next = tokens[i + 1];
      if (next?.kind === 'word' && next.text === 'FROM') {
        const hit = tableAt(i + 2, false);
        if (hit) add(hit.name, 'write');
        skipFromAt = i + 1;
      }
    } else if (w === 'TRUNCATE' && atStatementStart) {
      clause[d] = 'TRUNCATE';
      const hit = tableAt(i + 1, false);
      if (hit) add(hit.name, 'write');
    } else if (w === 'USING' && (verb[d] === 'MERGE' || verb[d] === 'DELETE')) {
      clause[d] = 'FROM';
      const hit = tableAt(i + 1, false);
      if (hit) add(hit.name, 'read');
    } else if (w === 'ON' && prev?.kind === 'word' && prev.text === 'DISTINCT') {
      // `SELECT DISTINCT ON (a, b) x, y`: still the select list
    } else if (CLAUSE_WORDS.has(w)) {
      clause[d] = w;
    }
    prev = t;
  }
  return found;
}

/** Names defined by `WITH [RECURSIVE] a [(cols)] AS [NOT] [MATERIALIZED] (...), b AS (...)` anywhere in the text. */
function cteNames(tokens: readonly Token[]): Set<string> {
  const names = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word' || t.text !== 'WITH') continue;
    let j = i + 1;
    if (tokens[j]?.kind === 'word' && tokens[j]!.text === 'RECURSIVE') j++;
    for (;;) {
      const nameTok = tokens[j];
      if (!nameTok || (nameTok.kind !== 'word' && nameTok.kind !== 'name')) break;
      const name = nameTok.kind === 'word' ? nameTok.asName! : nameTok.text;
      j++;
      if (isPunct(tokens[j], '(')) j = skipParens(tokens, j);
      if (!(tokens[j]?.kind === 'word' && tokens[j]!.text === 'AS')) break;
      j++;
      while (tokens[j]?.kind === 'word' && (tokens[j]!.text === 'NOT' || tokens[j]!.text === 'MATERIALIZED')) j++;
      if (!isPunct(tokens[j], '(')) break;
      names.add(name);
      j = skipParens(tokens, j);
      if (!isPunct(tokens[j], ',')) break;
      j++;
    }
  }
  return names;
}

function isPunct(t: Token | undefined, c: string): boolean {
  return t?.kind === 'punct' && t.text === c;
}

/** From an opening parenthesis at i, the index just after its matching close. */
function skipParens(tokens: readonly Token[], i: number): number {
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    if (isPunct(tokens[j], '(')) depth++;
    else if (isPunct(tokens[j], ')')) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return tokens.length;
}

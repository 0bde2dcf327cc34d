/**
 * A small reader for Prisma schema files: the models and views, and the table each maps to.
 * Only what data access needs: block names, `@@map("table")`, and line numbers. Field
 * definitions are skipped. Malformed input yields what could be read plus problems with lines.
 */

export interface PrismaModel {
  /** the model name as written (`OrderItem`) */
  readonly name: string;
  /** `@@map("order_items")`, else the model name */
  readonly table: string;
  readonly line: number;
  readonly kind: 'model' | 'view';
  /** fields whose type is not a Prisma scalar: relations (and enums, told apart by the reader of the schema) */
  readonly fields: PrismaField[];
}

export interface PrismaField {
  readonly name: string;
  /** the type as written, without `[]` and `?` */
  readonly type: string;
  readonly list: boolean;
  /** `@relation("Name")` / `@relation(name: "Name")` */
  readonly relation?: string;
  readonly line: number;
}

const SCALARS = new Set(['String', 'Int', 'BigInt', 'Float', 'Decimal', 'Boolean', 'DateTime', 'Json', 'Bytes', 'Unsupported']);
const FIELD = /^([A-Za-z_]\w*)\s+([A-Za-z_]\w*)(\[\])?(\?)?(.*)$/;
const RELATION_NAME = /@relation\(\s*(?:name\s*:\s*)?"((?:[^"\\]|\\.)*)"/;

export interface PrismaSchemaProblem {
  readonly line: number;
  readonly message: string;
}

export interface PrismaSchema {
  readonly models: PrismaModel[];
  readonly problems: PrismaSchemaProblem[];
}

const BLOCK_START = /^(model|view|enum|type|generator|datasource)\s+([A-Za-z_][\w]*)\s*\{\s*(.*)$/;
const MAP = /^@@map\s*\(\s*(?:name\s*:\s*)?"((?:[^"\\]|\\.)*)"\s*\)/;

export function parsePrismaSchema(text: string): PrismaSchema {
  const models: PrismaModel[] = [];
  const problems: PrismaSchemaProblem[] = [];
  const lines = text.split(/\r?\n/);
  let open: { kind: string; name: string; line: number; map?: string; fields: PrismaField[] } | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = stripComment(lines[i]!).trim();
    if (!line) continue;
    if (!open) {
      const m = BLOCK_START.exec(line);
      if (!m) {
        problems.push({ line: i + 1, message: `expected a block such as \`model Name {\`, found \`${line.slice(0, 40)}\`` });
        continue;
      }
      open = { kind: m[1]!, name: m[2]!, line: i + 1, fields: [] };
      const rest = m[3]!.trim();
      if (rest === '}') {
        close(open);
        open = undefined;
      }
      continue;
    }
    if (line === '}') {
      close(open);
      open = undefined;
      continue;
    }
    if (BLOCK_START.test(line)) {
      problems.push({ line: open.line, message: `\`${open.kind} ${open.name}\` is not closed before line ${i + 1}` });
      close(open);
      open = undefined;
      i--;
      continue;
    }
    const map = MAP.exec(line);
    if (map) open.map = map[1]!;
    const field = open.kind === 'model' || open.kind === 'view' ? FIELD.exec(line) : null;
    if (field && !SCALARS.has(field[2]!)) {
      const relation = RELATION_NAME.exec(field[5]!)?.[1];
      open.fields.push({ name: field[1]!, type: field[2]!, list: !!field[3], ...(relation !== undefined ? { relation } : {}), line: i + 1 });
    }
  }
  if (open) {
    problems.push({ line: open.line, message: `\`${open.kind} ${open.name}\` is not closed (missing \`}\`)` });
    close(open);
  }
  return { models, problems };

  function close(block: { kind: string; name: string; line: number; map?: string; fields: PrismaField[] }): void {
    if (block.kind !== 'model' && block.kind !== 'view') return;
    models.push({ name: block.name, table: block.map ?? block.name, line: block.line, kind: block.kind, fields: block.fields });
  }
}

/** Drop a `//` comment that is not inside a string. */
function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && inString) {
      i++;
    } else if (c === '"') {
      inString = !inString;
    } else if (!inString && c === '/' && line[i + 1] === '/') {
      return line.slice(0, i);
    }
  }
  return line;
}

/** A relation between two models that Prisma stores in a table of its own (implicit many-to-many). */
export interface ImplicitJoinTable {
  /** `_` + the relation name; the default name is the two model names in alphabetical order joined by `To` */
  readonly table: string;
  readonly models: readonly [string, string];
  readonly line: number;
}

/**
 * Implicit many-to-many relations: two list fields pointing at each other's model with the same
 * relation name (or none). Prisma names the table `_<relation name>`, the default relation name
 * being `<A>To<B>` with the model names sorted (https://www.prisma.io/docs/orm/prisma-schema/data-model/relations/many-to-many-relations#conventions-for-relation-tables-in-implicit-m-n-relations).
 */
export function implicitJoinTables(models: readonly PrismaModel[]): ImplicitJoinTable[] {
  const names = new Set(models.map((m) => m.name));
  const out = new Map<string, ImplicitJoinTable>();
  for (const a of models) {
    for (const fa of a.fields) {
      if (!fa.list || !names.has(fa.type)) continue;
      const b = models.find((m) => m.name === fa.type)!;
      const back = b.fields.filter((fb) => fb.list && fb.type === a.name && fb.relation === fa.relation && !(b === a && fb === fa));
      if (back.length !== 1) continue;
      const [x, y] = [a.name, b.name].sort();
      const table = `_${fa.relation ?? `${x}To${y}`}`;
      if (!out.has(table)) out.set(table, { table, models: [x!, y!], line: fa.line });
    }
  }
  return [...out.values()];
}

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
}

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
  let open: { kind: string; name: string; line: number; map?: string } | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = stripComment(lines[i]!).trim();
    if (!line) continue;
    if (!open) {
      const m = BLOCK_START.exec(line);
      if (!m) {
        problems.push({ line: i + 1, message: `expected a block such as \`model Name {\`, found \`${line.slice(0, 40)}\`` });
        continue;
      }
      open = { kind: m[1]!, name: m[2]!, line: i + 1 };
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
  }
  if (open) {
    problems.push({ line: open.line, message: `\`${open.kind} ${open.name}\` is not closed (missing \`}\`)` });
    close(open);
  }
  return { models, problems };

  function close(block: { kind: string; name: string; line: number; map?: string }): void {
    if (block.kind !== 'model' && block.kind !== 'view') return;
    models.push({ name: block.name, table: block.map ?? block.name, line: block.line, kind: block.kind });
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

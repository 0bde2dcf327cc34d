/**
 * Three things the facts do not carry and the plan needs, read from syntax:
 * - transaction spans (`dataSource.transaction(cb)`, `prisma.$transaction([...])`,
 *   `knex.transaction(...)`, `queryRunner.startTransaction()`, raw `BEGIN`), so the plan can see
 *   a transaction that writes tables of two owners;
 * - ORM relations (TypeORM / MikroORM relation decorators, Sequelize associations, Mongoose
 *   `ref`, Prisma relation fields), so it can see a relation that crosses owners;
 * - member calls on imported values and injected classes (`customerService.getById(...)`,
 *   `this.catalog.search(...)`), so an operation can be a method rather than a whole object.
 */
import ts from '../shared/typescript.cjs';
import { walkAst } from '../shared/ast-walk.js';

export interface TransactionSpan {
  module: string;
  line: number;
  endLine: number;
}

export interface RelationHint {
  module: string;
  line: number;
  /** entity (class or model) names */
  from: string;
  to: string;
  kind: string;
}

export interface MemberCall {
  module: string;
  /** the symbol as its module exports it */
  symbol: string;
  member: string;
}

const TX_CALLS = new Set(['transaction', '$transaction']);
const RELATION_DECORATORS = new Set(['ManyToOne', 'OneToMany', 'OneToOne', 'ManyToMany']);
const ASSOCIATIONS = new Set(['belongsTo', 'hasMany', 'hasOne', 'belongsToMany']);

function lineOf(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line + 1;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

function enclosingFunction(n: ts.Node): ts.Node {
  let p: ts.Node | undefined = n.parent;
  while (p && !ts.isFunctionLike(p)) p = p.parent;
  return p ?? n;
}

function enclosingClassName(n: ts.Node): string | undefined {
  let p: ts.Node | undefined = n.parent;
  while (p && !ts.isClassDeclaration(p)) p = p.parent;
  return p && ts.isClassDeclaration(p) ? p.name?.text : undefined;
}

export function transactions(module: string, sf: ts.SourceFile): TransactionSpan[] {
  const out: TransactionSpan[] = [];
  const span = (n: ts.Node): void => {
    out.push({ module, line: lineOf(sf, n.getStart(sf)), endLine: lineOf(sf, n.getEnd()) });
  };
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const name = calleeName(n);
      const first = n.arguments[0];
      if (name && TX_CALLS.has(name) && ts.isPropertyAccessExpression(n.expression)) span(n);
      else if (name === 'startTransaction') span(enclosingFunction(n));
      else if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) && /^\s*(BEGIN|START\s+TRANSACTION)\b/i.test(first.text)) span(enclosingFunction(n));
    }
  };
  walkAst(sf, visit);
  return out;
}

export function relations(module: string, sf: ts.SourceFile, definedHere: readonly string[]): RelationHint[] {
  const out: RelationHint[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isDecorator(n) && ts.isCallExpression(n.expression) && ts.isIdentifier(n.expression.expression) && RELATION_DECORATORS.has(n.expression.expression.text)) {
      const arg = n.expression.arguments[0];
      const target = arg && ts.isArrowFunction(arg) && ts.isIdentifier(arg.body) ? arg.body.text : arg && ts.isStringLiteral(arg) ? arg.text : undefined;
      const from = enclosingClassName(n);
      if (target && from) out.push({ module, line: lineOf(sf, n.getStart(sf)), from, to: target, kind: n.expression.expression.text });
    } else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ASSOCIATIONS.has(n.expression.name.text)) {
      const owner = n.expression.expression;
      const arg = n.arguments[0];
      if (ts.isIdentifier(owner) && arg && ts.isIdentifier(arg)) out.push({ module, line: lineOf(sf, n.getStart(sf)), from: owner.text, to: arg.text, kind: n.expression.name.text });
    } else if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === 'ref' && ts.isStringLiteral(n.initializer) && definedHere[0]) {
      out.push({ module, line: lineOf(sf, n.getStart(sf)), from: definedHere[0], to: n.initializer.text, kind: 'ref' });
    }
  };
  walkAst(sf, visit);
  return out;
}

/** Relation fields of a Prisma schema: a field whose type is another model. */
export function prismaRelations(module: string, text: string): RelationHint[] {
  const models = new Set([...text.matchAll(/^\s*model\s+(\w+)\s*\{/gm)].map((m) => m[1]!));
  const out: RelationHint[] = [];
  let current: string | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\/\/.*$/, '');
    const open = /^\s*model\s+(\w+)\s*\{/.exec(line);
    if (open) {
      current = open[1];
      return;
    }
    if (/^\s*\}/.test(line)) {
      current = undefined;
      return;
    }
    const field = /^\s*(\w+)\s+(\w+)(\[\])?\??/.exec(line);
    if (current && field && models.has(field[2]!) && field[2] !== current) out.push({ module, line: i + 1, from: current, to: field[2]!, kind: field[3] ? 'one-to-many' : 'relation' });
  });
  return out;
}

/**
 * Member calls on imported names (`customerService.getById(`) and on constructor-injected
 * classes (`constructor(private readonly catalog: CatalogService)` ... `this.catalog.search(`).
 * `imported` maps a local name to the name its module exports.
 */
export function memberCalls(module: string, sf: ts.SourceFile, imported: ReadonlyMap<string, string>): MemberCall[] {
  const injected = new Map<string, string>();
  const visitCtor = (n: ts.Node): void => {
    if (ts.isConstructorDeclaration(n)) {
      for (const p of n.parameters) {
        const isProperty = ts.getModifiers(p)?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.PublicKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword || m.kind === ts.SyntaxKind.ReadonlyKeyword);
        if (isProperty && ts.isIdentifier(p.name) && p.type && ts.isTypeReferenceNode(p.type) && ts.isIdentifier(p.type.typeName)) {
          const exported = imported.get(p.type.typeName.text);
          if (exported) injected.set(p.name.text, exported);
        }
      }
    }
  };
  walkAst(sf, visitCtor);
  const seen = new Set<string>();
  const out: MemberCall[] = [];
  const add = (symbol: string, member: string): void => {
    const k = `${symbol}\0${member}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ module, symbol, member });
  };
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const target = n.expression.expression;
      const member = n.expression.name.text;
      if (ts.isIdentifier(target) && imported.has(target.text)) add(imported.get(target.text)!, member);
      else if (ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword && injected.has(target.name.text)) add(injected.get(target.name.text)!, member);
    }
  };
  walkAst(sf, visit);
  return out;
}

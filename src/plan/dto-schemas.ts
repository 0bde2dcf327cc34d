/**
 * DTO types -> JSON Schema (draft 2020-12, as OpenAPI 3.1 uses), from syntax alone: no type
 * checker, no program, nothing executed. Names are resolved through the file's own declarations
 * and its import declarations, matched to the import edges the facts already resolved (by line),
 * following re-exports. What cannot be seen (a type from a package, a conditional or mapped type)
 * becomes `{}` with a description saying so, never a guess.
 */
import ts from '../shared/typescript.cjs';
import type { Facts, ImportEdge } from '../shared/facts.js';
import type { JsonSchema, JsonValue } from '../shared/plan.js';
import { pushTo } from './group.js';
import { pascal } from './names.js';

type Declaration = ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.EnumDeclaration | ts.ClassDeclaration;

interface FileIndex {
  declarations: Map<string, Declaration>;
  /** local name -> the exported name it imports and the module it resolves to */
  imports: Map<string, { imported: string; module: string | undefined }>;
  /** namespace imports: local name -> module */
  namespaces: Map<string, string | undefined>;
  /** `export { A as B } from` (B -> A, module) and `export * from` modules */
  reExports: Map<string, { imported: string; module: string | undefined }>;
  starExports: (string | undefined)[];
}

const MAX_DEPTH = 12;
export const REF_PREFIX = '#/components/schemas/';

function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

export function docOf(node: ts.Node): string | undefined {
  const texts: string[] = [];
  for (const d of ts.getJSDocCommentsAndTags(node)) {
    if (ts.isJSDoc(d) && d.comment) texts.push(ts.getTextOfJSDocComment(d.comment) ?? '');
  }
  const t = texts.join('\n').trim();
  return t || undefined;
}

export class TypeSchemas {
  private readonly index = new Map<string, FileIndex>();
  /** component key -> schema, in registration order */
  readonly components = new Map<string, JsonSchema>();
  private readonly keys = new Map<Declaration, string>();
  private readonly taken = new Set<string>();
  private readonly importsByFile = new Map<string, ImportEdge[]>();

  constructor(
    private readonly files: ReadonlyMap<string, ts.SourceFile>,
    facts: Facts,
  ) {
    for (const e of facts.imports) pushTo(this.importsByFile, e.from, e);
  }

  private edgeTarget(file: string, line: number, name: string): string | undefined {
    const edges = (this.importsByFile.get(file) ?? []).filter((e) => e.line === line);
    return (edges.find((e) => e.names.includes(name)) ?? edges[0])?.to;
  }

  fileIndex(file: string): FileIndex | undefined {
    const cached = this.index.get(file);
    if (cached) return cached;
    const sf = this.files.get(file);
    if (!sf) return undefined;
    const idx: FileIndex = { declarations: new Map(), imports: new Map(), namespaces: new Map(), reExports: new Map(), starExports: [] };
    for (const st of sf.statements) {
      if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st) || (ts.isClassDeclaration(st) && st.name)) {
        if (!idx.declarations.has(st.name!.text)) idx.declarations.set(st.name!.text, st as Declaration);
      } else if (ts.isImportDeclaration(st) && st.importClause) {
        const line = lineOf(sf, st);
        const clause = st.importClause;
        if (clause.name) idx.imports.set(clause.name.text, { imported: 'default', module: this.edgeTarget(file, line, 'default') });
        const nb = clause.namedBindings;
        if (nb && ts.isNamespaceImport(nb)) idx.namespaces.set(nb.name.text, this.edgeTarget(file, line, '*'));
        if (nb && ts.isNamedImports(nb)) {
          for (const el of nb.elements) {
            const imported = (el.propertyName ?? el.name).text;
            idx.imports.set(el.name.text, { imported, module: this.edgeTarget(file, line, imported) });
          }
        }
      } else if (ts.isExportDeclaration(st) && st.moduleSpecifier) {
        const line = lineOf(sf, st);
        if (!st.exportClause) idx.starExports.push(this.edgeTarget(file, line, '*'));
        else if (ts.isNamedExports(st.exportClause)) {
          for (const el of st.exportClause.elements) {
            const imported = (el.propertyName ?? el.name).text;
            idx.reExports.set(el.name.text, { imported, module: this.edgeTarget(file, line, imported) });
          }
        }
      }
    }
    this.index.set(file, idx);
    return idx;
  }

  /** The declaration a name refers to in `file`, following imports and re-exports. */
  resolve(file: string, name: string, depth = 0): { file: string; decl: Declaration } | undefined {
    if (depth > 6) return undefined;
    const idx = this.fileIndex(file);
    if (!idx) return undefined;
    const local = idx.declarations.get(name);
    if (local) return { file, decl: local };
    const imp = idx.imports.get(name) ?? idx.reExports.get(name);
    if (imp?.module) return this.resolveExport(imp.module, imp.imported, depth + 1);
    return undefined;
  }

  private resolveExport(file: string, name: string, depth: number): { file: string; decl: Declaration } | undefined {
    if (depth > 6) return undefined;
    const found = this.resolve(file, name, depth);
    if (found) return found;
    for (const m of this.fileIndex(file)?.starExports ?? []) {
      if (!m) continue;
      const r = this.resolveExport(m, name, depth + 1);
      if (r) return r;
    }
    return undefined;
  }

  /** The schema of a type written in `file`; named, non-generic declarations become `$ref`s into `components`. */
  schemaOf(node: ts.TypeNode, file: string, subst: ReadonlyMap<string, JsonSchema> = new Map(), depth = 0): JsonSchema {
    if (depth > MAX_DEPTH) return { description: 'nested too deeply to describe' };
    const next = (n: ts.TypeNode, s: ReadonlyMap<string, JsonSchema> = subst): JsonSchema => this.schemaOf(n, file, s, depth + 1);
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { type: 'number' };
      case ts.SyntaxKind.BigIntKeyword:
        return { type: 'integer' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.NullKeyword:
        return { type: 'null' };
      case ts.SyntaxKind.ObjectKeyword:
        return { type: 'object' };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
        return {};
    }
    if (ts.isParenthesizedTypeNode(node)) return next(node.type);
    if (ts.isLiteralTypeNode(node)) return literalSchema(node.literal);
    if (ts.isArrayTypeNode(node)) return { type: 'array', items: next(node.elementType) };
    if (ts.isTupleTypeNode(node)) {
      const items = node.elements.map((e) => next(ts.isNamedTupleMember(e) ? e.type : e));
      return { type: 'array', prefixItems: items, minItems: items.length, maxItems: items.length };
    }
    if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword) return next(node.type);
    if (ts.isTypeLiteralNode(node)) return this.membersSchema(node.members, file, subst, depth);
    if (ts.isUnionTypeNode(node)) return unionSchema(node.types.filter((t) => !isUndefined(t)).map((t) => next(t)));
    if (ts.isIntersectionTypeNode(node)) return { allOf: node.types.map((t) => next(t)) };
    if (ts.isTemplateLiteralTypeNode(node)) return { type: 'string' };
    if (ts.isTypeReferenceNode(node)) return this.referenceSchema(node, file, subst, depth);
    return { description: `type not described: ${ts.SyntaxKind[node.kind]}` };
  }

  private referenceSchema(node: ts.TypeReferenceNode, file: string, subst: ReadonlyMap<string, JsonSchema>, depth: number): JsonSchema {
    const args = node.typeArguments ?? [];
    const arg = (i: number): JsonSchema => (args[i] ? this.schemaOf(args[i]!, file, subst, depth + 1) : {});
    let resolved: { file: string; decl: Declaration } | undefined;
    if (ts.isQualifiedName(node.typeName)) {
      const left = node.typeName.left;
      const ns = ts.isIdentifier(left) ? this.fileIndex(file)?.namespaces.get(left.text) : undefined;
      if (ns) resolved = this.resolveExport(ns, node.typeName.right.text, 0);
      if (!resolved) return { description: `type ${node.typeName.getText()} is not visible` };
    } else {
      const name = node.typeName.text;
      const s = subst.get(name);
      if (s) return s;
      resolved = this.resolve(file, name);
      if (!resolved) {
        switch (name) {
          case 'Date':
            return { type: 'string', format: 'date-time' };
          case 'Array':
          case 'ReadonlyArray':
            return { type: 'array', items: arg(0) };
          case 'Set':
          case 'ReadonlySet':
            return { type: 'array', items: arg(0), uniqueItems: true };
          case 'Promise':
          case 'Readonly':
          case 'NonNullable':
            return arg(0);
          case 'Record':
          case 'Map':
          case 'ReadonlyMap':
            return { type: 'object', additionalProperties: arg(1) };
          case 'Partial':
            return this.reshape(arg(0), (o) => ({ ...o, required: [] }));
          case 'Required':
            return this.reshape(arg(0), (o) => ({ ...o, required: Object.keys(o.properties) }));
          case 'Pick':
          case 'Omit': {
            const keys = args[1] ? literalKeys(args[1]) : [];
            const keep = (k: string): boolean => (name === 'Pick') === keys.includes(k);
            return this.reshape(arg(0), (o) => ({
              properties: Object.fromEntries(Object.entries(o.properties).filter(([k]) => keep(k))),
              required: o.required.filter(keep),
            }));
          }
        }
        return { description: `type ${name} is not visible` };
      }
    }
    const { decl } = resolved;
    const params = ts.isEnumDeclaration(decl) ? undefined : decl.typeParameters;
    if (params && params.length > 0) {
      const inner = new Map<string, JsonSchema>();
      params.forEach((p, i) => inner.set(p.name.text, args[i] ? arg(i) : p.default ? this.schemaOf(p.default, resolved.file, subst, depth + 1) : {}));
      return this.declarationSchema(decl, resolved.file, inner, depth + 1);
    }
    return { $ref: REF_PREFIX + this.register(decl, resolved.file) };
  }

  /** Register a named declaration as a component (once) and return its key. */
  register(decl: Declaration, file: string): string {
    const known = this.keys.get(decl);
    if (known) return known;
    // OpenAPI component names: letters, digits, '.', '-', '_'
    const name = decl.name!.text.replace(/[^A-Za-z0-9._-]/g, '_');
    let key = name;
    if (this.taken.has(key)) key = `${name}_${pascal(file.replace(/\.[^.]+$/, '').split('/').pop() ?? 'x')}`;
    for (let i = 2; this.taken.has(key); i++) key = `${name}_${i}`;
    this.taken.add(key);
    this.keys.set(decl, key);
    this.components.set(key, {});
    this.components.set(key, this.declarationSchema(decl, file, new Map(), 0));
    return key;
  }

  private declarationSchema(decl: Declaration, file: string, subst: ReadonlyMap<string, JsonSchema>, depth: number): JsonSchema {
    const doc = docOf(decl);
    let schema: JsonSchema;
    if (ts.isEnumDeclaration(decl)) schema = enumSchema(decl);
    else if (ts.isTypeAliasDeclaration(decl)) schema = this.schemaOf(decl.type, file, subst, depth + 1);
    else {
      const own = this.membersSchema(decl.members, file, subst, depth);
      const bases: JsonSchema[] = [];
      for (const clause of decl.heritageClauses ?? []) {
        if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
        for (const t of clause.types) {
          if (!ts.isIdentifier(t.expression)) continue;
          const ref = ts.factory.createTypeReferenceNode(t.expression.text, t.typeArguments);
          ts.setTextRange(ref, t);
          bases.push(this.referenceSchema(ref, file, subst, depth + 1));
        }
      }
      schema = bases.length > 0 ? { allOf: [...bases, own] } : own;
    }
    return doc ? { description: doc, ...schema } : schema;
  }

  private membersSchema(members: ts.NodeArray<ts.TypeElement | ts.ClassElement>, file: string, subst: ReadonlyMap<string, JsonSchema>, depth: number): JsonSchema {
    const properties: Record<string, JsonValue> = {};
    const required: string[] = [];
    let additional: JsonSchema | undefined;
    for (const m of members) {
      if (ts.isIndexSignatureDeclaration(m)) {
        additional = this.schemaOf(m.type, file, subst, depth + 1);
        continue;
      }
      if (!ts.isPropertySignature(m) && !ts.isPropertyDeclaration(m)) continue;
      if (ts.isPropertyDeclaration(m) && m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword || x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
      const name = propertyName(m.name);
      if (name === undefined) continue;
      let s: JsonSchema = m.type ? this.schemaOf(m.type, file, subst, depth + 1) : {};
      const doc = docOf(m);
      if (doc) s = { description: doc, ...s };
      properties[name] = s;
      const optional = m.questionToken !== undefined || (m.type !== undefined && ts.isUnionTypeNode(m.type) && m.type.types.some(isUndefined));
      if (!optional) required.push(name);
    }
    const out: JsonSchema = { type: 'object', properties };
    if (required.length > 0) out.required = required;
    if (additional) out.additionalProperties = additional;
    return out;
  }

  /** Apply an object-shape change (Partial, Pick, Omit) to a schema that is, or refers to, an object. */
  private reshape(schema: JsonSchema, change: (o: { properties: Record<string, JsonValue>; required: string[] }) => { properties: Record<string, JsonValue>; required: string[] }): JsonSchema {
    const o = this.objectShape(schema, 0);
    if (!o) return schema;
    const r = change(o);
    const out: JsonSchema = { type: 'object', properties: r.properties };
    if (r.required.length > 0) out.required = r.required;
    return out;
  }

  private objectShape(schema: JsonSchema, depth: number): { properties: Record<string, JsonValue>; required: string[] } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const ref = schema.$ref;
    if (typeof ref === 'string' && ref.startsWith(REF_PREFIX)) {
      const target = this.components.get(ref.slice(REF_PREFIX.length));
      return target ? this.objectShape(target, depth + 1) : undefined;
    }
    if (Array.isArray(schema.allOf)) {
      const merged = { properties: {} as Record<string, JsonValue>, required: [] as string[] };
      for (const part of schema.allOf) {
        const o = isObject(part) ? this.objectShape(part, depth + 1) : undefined;
        if (!o) return undefined;
        Object.assign(merged.properties, o.properties);
        merged.required.push(...o.required.filter((k) => !merged.required.includes(k)));
      }
      return merged;
    }
    if (isObject(schema.properties)) {
      return { properties: { ...schema.properties }, required: Array.isArray(schema.required) ? schema.required.filter((x): x is string => typeof x === 'string') : [] };
    }
    return undefined;
  }
}

function isObject(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isUndefined(t: ts.TypeNode): boolean {
  return t.kind === ts.SyntaxKind.UndefinedKeyword || t.kind === ts.SyntaxKind.VoidKeyword;
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return ts.isPrivateIdentifier(name) ? undefined : name.text;
  return undefined;
}

function literalSchema(lit: ts.LiteralTypeNode['literal']): JsonSchema {
  if (ts.isStringLiteral(lit) || ts.isNoSubstitutionTemplateLiteral(lit)) return { type: 'string', const: lit.text };
  if (ts.isNumericLiteral(lit)) return { type: 'number', const: Number(lit.text) };
  if (lit.kind === ts.SyntaxKind.TrueKeyword) return { type: 'boolean', const: true };
  if (lit.kind === ts.SyntaxKind.FalseKeyword) return { type: 'boolean', const: false };
  if (lit.kind === ts.SyntaxKind.NullKeyword) return { type: 'null' };
  if (ts.isPrefixUnaryExpression(lit) && ts.isNumericLiteral(lit.operand)) return { type: 'number', const: -Number(lit.operand.text) };
  return {};
}

function literalKeys(node: ts.TypeNode): string[] {
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return [node.literal.text];
  if (ts.isUnionTypeNode(node)) return node.types.flatMap(literalKeys);
  return [];
}

/** Unions: all literals of one type -> `enum`; `X | null` with a simple X -> `type: [x, 'null']`; otherwise `anyOf`. */
function unionSchema(parts: JsonSchema[]): JsonSchema {
  if (parts.length === 1) return parts[0]!;
  const nonNull = parts.filter((p) => p.type !== 'null' || Object.keys(p).length > 1);
  const hasNull = nonNull.length < parts.length;
  if (nonNull.length > 0 && nonNull.every((p) => 'const' in p && p.type === nonNull[0]!.type)) {
    const values = [...new Set(nonNull.map((p) => p.const as JsonValue))];
    const t = nonNull[0]!.type as string;
    return hasNull ? { type: [t, 'null'], enum: [...values, null] } : { type: t, enum: values };
  }
  if (hasNull && nonNull.length === 1) {
    const only = nonNull[0]!;
    if (typeof only.type === 'string') return { ...only, type: [only.type, 'null'] };
    return { anyOf: [only, { type: 'null' }] };
  }
  if (nonNull.length > 0 && nonNull.every((p) => p.type === 'boolean' && 'const' in p)) return hasNull ? { type: ['boolean', 'null'] } : { type: 'boolean' };
  return { anyOf: parts };
}

function enumSchema(decl: ts.EnumDeclaration): JsonSchema {
  const values: (string | number)[] = [];
  let next = 0;
  for (const m of decl.members) {
    const init = m.initializer;
    if (init && ts.isStringLiteral(init)) values.push(init.text);
    else if (init && ts.isNumericLiteral(init)) {
      next = Number(init.text);
      values.push(next++);
    } else if (init && ts.isPrefixUnaryExpression(init) && init.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(init.operand)) {
      next = -Number(init.operand.text);
      values.push(next++);
    } else if (!init) values.push(next++);
  }
  if (values.every((v) => typeof v === 'string')) return { type: 'string', enum: values };
  if (values.every((v) => typeof v === 'number')) return { type: 'integer', enum: values };
  return { enum: values };
}

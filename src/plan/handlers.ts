/**
 * From a route to its handler's declaration, and from the handler to what its API looks like:
 * path and query parameters, the request body type and the response type, where the code
 * spells them out (NestJS `@Body() dto: T`, `@Param('id', ParseIntPipe) id: number`,
 * `@Query('q') q?: string`, a return type; Express `const input: CheckoutRequest = ...`,
 * `req.body as T`, `Request<P, Res, Body>`, `req.query.status`).
 */
import ts from '../shared/typescript.cjs';
import { walkAst } from '../shared/ast-walk.js';
import type { RouteFact } from '../shared/facts.js';
import type { JsonSchema, Parameter } from '../shared/plan.js';
import type { TypeSchemas } from './dto-schemas.js';

type FunctionLike = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression;

export interface HandlerHint {
  module: string;
  line: number;
  parameters: Parameter[];
  request?: JsonSchema;
  response?: JsonSchema;
}

const REQUEST_TYPE_NAME = /(Request|Input|Command|Body|Dto|DTO|Payload)$/;

function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

function isFunctionLike(n: ts.Node | undefined): n is ts.ArrowFunction | ts.FunctionExpression {
  return n !== undefined && (ts.isArrowFunction(n) || ts.isFunctionExpression(n));
}

/** Unwrap `asyncHandler(fn)`-style wrappers: the last function-like or identifier argument. */
function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  for (let i = 0; i < 4 && ts.isCallExpression(e); i++) {
    const last = [...e.arguments].reverse().find((a) => isFunctionLike(a) || ts.isIdentifier(a) || ts.isPropertyAccessExpression(a));
    if (!last) break;
    e = last;
  }
  return e;
}

interface ValueDecl {
  file: string;
  node: ts.FunctionDeclaration | ts.VariableDeclaration | ts.ClassDeclaration;
}

export class HandlerFinder {
  constructor(
    private readonly files: ReadonlyMap<string, ts.SourceFile>,
    private readonly types: TypeSchemas,
  ) {}

  private localValue(file: string, name: string): ValueDecl | undefined {
    const sf = this.files.get(file);
    if (!sf) return undefined;
    for (const st of sf.statements) {
      if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name?.text === name) return { file, node: st };
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name) return { file, node: d };
      }
    }
    return undefined;
  }

  /** A value (function, variable, class) named `name` in `file`, following imports and re-exports. */
  value(file: string, name: string, depth = 0): ValueDecl | undefined {
    if (depth > 6) return undefined;
    const local = this.localValue(file, name);
    if (local) return local;
    const idx = this.types.fileIndex(file);
    // the facts name handlers as their module exports them, so an aliased import is found by either name
    const imp = idx?.imports.get(name) ?? idx?.reExports.get(name) ?? [...(idx?.imports.values() ?? [])].find((i) => i.imported === name && i.module);
    if (imp?.module) return this.value(imp.module, imp.imported, depth + 1);
    for (const m of idx?.starExports ?? []) {
      const r = m ? this.value(m, name, depth + 1) : undefined;
      if (r) return r;
    }
    return undefined;
  }

  private member(cls: ts.ClassDeclaration, name: string): FunctionLike | undefined {
    for (const m of cls.members) {
      if (!m.name || !(ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) || m.name.text !== name) continue;
      if (ts.isMethodDeclaration(m) && m.body) return m;
      if (ts.isPropertyDeclaration(m) && m.initializer && isFunctionLike(unwrap(m.initializer))) return unwrap(m.initializer) as FunctionLike;
    }
    return undefined;
  }

  private classOf(decl: ValueDecl): { file: string; cls: ts.ClassDeclaration } | undefined {
    if (ts.isClassDeclaration(decl.node)) return { file: decl.file, cls: decl.node };
    if (ts.isVariableDeclaration(decl.node) && decl.node.initializer && ts.isNewExpression(decl.node.initializer) && ts.isIdentifier(decl.node.initializer.expression)) {
      const c = this.value(decl.file, decl.node.initializer.expression.text);
      if (c && ts.isClassDeclaration(c.node)) return { file: c.file, cls: c.node };
    }
    return undefined;
  }

  /** The handler's function and the file it is in, or undefined when it cannot be seen. */
  find(route: RouteFact): { file: string; fn: FunctionLike } | undefined {
    const sf = this.files.get(route.module);
    if (!sf) return undefined;
    const [head, member] = (route.handler ?? '').split('.');
    if (!head) return this.byDecoratorLine(route.module, sf, route.line) ?? this.inlineAt(route.module, sf, route.line);
    const decl = this.value(route.module, head);
    if (!decl) return undefined;
    if (member && ts.isVariableDeclaration(decl.node) && decl.node.initializer && ts.isObjectLiteralExpression(decl.node.initializer)) {
      const fn = objectMember(decl.node.initializer, member);
      return fn ? { file: decl.file, fn } : undefined;
    }
    if (member) {
      const c = this.classOf(decl);
      const fn = c ? this.member(c.cls, member) : undefined;
      return c && fn ? { file: c.file, fn } : undefined;
    }
    if (ts.isFunctionDeclaration(decl.node) && decl.node.body) return { file: decl.file, fn: decl.node };
    if (ts.isVariableDeclaration(decl.node) && decl.node.initializer) {
      const init = unwrap(decl.node.initializer);
      if (isFunctionLike(init)) return { file: decl.file, fn: init };
    }
    return undefined;
  }

  private byDecoratorLine(file: string, sf: ts.SourceFile, line: number): { file: string; fn: FunctionLike } | undefined {
    let found: ts.MethodDeclaration | undefined;
    walkAst(sf, (n) => {
      if (found) return false;
      if (ts.isMethodDeclaration(n) && ts.getDecorators(n)?.some((d) => lineOf(sf, d) === line)) found = n;
      return !found;
    });
    return found ? { file, fn: found } : undefined;
  }

  /** An inline handler: the last function argument of the registration call on that line (`app.get('/x', (req, res) => ...)`). */
  private inlineAt(file: string, sf: ts.SourceFile, line: number): { file: string; fn: FunctionLike } | undefined {
    let found: FunctionLike | undefined;
    walkAst(sf, (n) => {
      if (found) return false;
      if (ts.isCallExpression(n) && lineOf(sf, n.arguments[0] ?? n) === line) found = [...n.arguments].reverse().map(unwrap).find(isFunctionLike);
      return !found;
    });
    return found ? { file, fn: found } : undefined;
  }

  /** What the handler's code says about its API. */
  describe(route: RouteFact): HandlerHint | undefined {
    const found = this.find(route);
    if (!found) return undefined;
    const { file, fn } = found;
    const sf = this.files.get(file)!;
    const typed = new Map<string, Parameter>();
    let request: JsonSchema | undefined;
    let response: JsonSchema | undefined;
    const schema = (t: ts.TypeNode): JsonSchema => this.types.schemaOf(t, file);

    for (const p of fn.parameters) {
      for (const d of ts.getDecorators(p) ?? []) {
        if (!ts.isCallExpression(d.expression) || !ts.isIdentifier(d.expression.expression)) continue;
        const kind = d.expression.expression.text;
        const first = d.expression.arguments[0];
        const name = first && ts.isStringLiteral(first) ? first.text : undefined;
        const pipes = d.expression.arguments.slice(1).map((a) => a.getText(sf));
        if (kind === 'Body' && !name && p.type) request = schema(p.type);
        if ((kind === 'Param' || kind === 'Query') && name) {
          let s: JsonSchema = p.type ? schema(p.type) : { type: 'string' };
          if (pipes.some((x) => /ParseInt/.test(x)) || s.type === 'number') s = pipes.some((x) => /ParseInt/.test(x)) ? { type: 'integer' } : s;
          if (pipes.some((x) => /ParseUUID/.test(x))) s = { type: 'string', format: 'uuid' };
          const where = kind === 'Param' ? 'path' : 'query';
          typed.set(`${where}:${name}`, { name, in: where, required: where === 'path' || (!p.questionToken && !p.initializer), schema: s });
        }
      }
    }
    // Express / Koa style: (req, res) with a typed request, a typed local, `req.body as T`, `req.query.x`
    const reqParam = fn.parameters[0];
    const reqName = reqParam && ts.isIdentifier(reqParam.name) ? reqParam.name.text : undefined;
    if (reqParam?.type && ts.isTypeReferenceNode(reqParam.type) && reqParam.type.typeArguments) {
      const [, res, body] = reqParam.type.typeArguments;
      if (body && !request) request = schema(body);
      if (res && !response) response = schema(res);
    }
    if (fn.body && reqName) {
      walkAst(fn.body, (n) => {
        if (!request && ts.isVariableDeclaration(n) && n.type && ts.isTypeReferenceNode(n.type) && ts.isIdentifier(n.type.typeName) && REQUEST_TYPE_NAME.test(n.type.typeName.text)) {
          request = schema(n.type);
        }
        if (!request && ts.isAsExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'body' && n.expression.expression.getText(sf) === reqName) {
          request = schema(n.type);
        }
        if (ts.isPropertyAccessExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'query' && n.expression.expression.getText(sf) === reqName) {
          const q = n.name.text;
          if (!typed.has(`query:${q}`)) typed.set(`query:${q}`, { name: q, in: 'query', required: false, schema: { type: 'string' } });
        }
      });
    }
    if (fn.type && !response && !/^(Promise<)?(void|undefined|never)>?$/.test(fn.type.getText(sf).replace(/\s/g, ''))) {
      const s = schema(fn.type);
      if (Object.keys(s).length > 0) response = s;
    }
    const parameters: Parameter[] = [];
    for (const name of pathParams(route.path)) {
      parameters.push(typed.get(`path:${name}`) ?? { name, in: 'path', required: true, schema: { type: 'string' } });
    }
    for (const [k, p] of [...typed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (k.startsWith('query:')) parameters.push(p);
    const hint: HandlerHint = { module: file, line: lineOf(sf, declarationName(fn)), parameters };
    if (request) hint.request = request;
    if (response) hint.response = response;
    return hint;
  }
}

/** Where a person reads the handler's name: the method or function name, or the property holding the arrow function. */
function declarationName(fn: FunctionLike): ts.Node {
  if ((ts.isMethodDeclaration(fn) || ts.isFunctionDeclaration(fn)) && fn.name) return fn.name;
  const holder = fn.parent;
  if (holder && (ts.isPropertyDeclaration(holder) || ts.isPropertyAssignment(holder) || ts.isVariableDeclaration(holder))) return holder.name;
  return fn;
}

function objectMember(obj: ts.ObjectLiteralExpression, name: string): FunctionLike | undefined {
  for (const p of obj.properties) {
    if (!p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) || p.name.text !== name) continue;
    if (ts.isMethodDeclaration(p) && p.body) return p;
    if (ts.isPropertyAssignment(p) && isFunctionLike(unwrap(p.initializer))) return unwrap(p.initializer) as FunctionLike;
  }
  return undefined;
}

/** Path parameter names of an Express-style path, in order: `/a/:id/b/:itemId` -> [id, itemId]. */
export function pathParams(path: string): string[] {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    const m = /^:([A-Za-z_$][\w$]*)/.exec(seg);
    if (m && !out.includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}

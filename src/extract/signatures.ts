/**
 * The typed client of an operation, from the TypeScript signature of the symbol it replaces:
 * `customerService.get(id: string): Promise<Customer>` becomes a method with the same parameters
 * that POSTs them to `/internal/get-customer` and resolves to the same type. Types the signature
 * names are found in the declaring module's scope (its own declarations: a contract to share; its
 * imports: the module or package they come from), so the caller's side can import them.
 */
import { Node, TypeFormatFlags, type ClassDeclaration, type FunctionDeclaration, type MethodDeclaration, type ArrowFunction, type FunctionExpression, type ParameterDeclaration, type SourceFile } from 'ts-morph';
import type { SymbolOperation } from '../shared/plan.js';
import type { SourceModel } from './source-model.js';

type Callable = FunctionDeclaration | MethodDeclaration | ArrowFunction | FunctionExpression;

/** A name a signature uses: declared in a repository module, or imported by a specifier no module answers (a package, a generated client) as written in `from`. */
export type TypeNeed = { module: string; name: string; local?: string } | { specifier: string; from?: string; name: string; local?: string };

export interface ClientMember {
  /** member name (`get`), or '' for a plain function */
  member: string;
  path: string;
  typeParams: string;
  params: string;
  args: string;
  returns: string;
}

export interface ClientSymbol {
  /** the exported name callers import (`customerService`, `createCustomer`) */
  name: string;
  /** object: an exported instance or object literal; class: a class whose instances others get injected (NestJS); function */
  kind: 'object' | 'class' | 'function';
  members: ClientMember[];
  needs: TypeNeed[];
  notes: { line: number; file: string; message: string }[];
  /** a generic class's type parameters (`<T = string>`), which its members' types use */
  typeParams?: string;
}

const BUILTIN = new Set([
  'Promise', 'Array', 'ReadonlyArray', 'Record', 'Partial', 'Required', 'Readonly', 'Pick', 'Omit', 'Exclude', 'Extract', 'NonNullable', 'ReturnType', 'Parameters', 'Awaited',
  'Date', 'Map', 'Set', 'ReadonlyMap', 'ReadonlySet', 'Buffer', 'Error', 'string', 'number', 'boolean', 'bigint', 'symbol', 'object', 'unknown', 'any', 'never', 'void', 'undefined', 'null',
  'true', 'false', 'keyof', 'typeof', 'infer', 'extends', 'readonly', 'is', 'asserts', 'in', 'unique', 'const', 'Uint8Array', 'RegExp', 'Function', 'Object', 'String', 'Number', 'Boolean',
]);

export interface ScopeResolver {
  /** the module a local name of `file` comes from, or the package specifier; undefined when declared in the file itself */
  importOf(file: string, local: string): { module?: string; specifier: string; imported: string } | undefined;
  model(file: string): SourceModel | undefined;
  /** the module a path without extension names (`src/entities/customer.entity`) */
  moduleOf(pathWithoutExtension: string): string | undefined;
}

function findCallable(file: SourceFile, symbol: string, member: string | undefined): { callable?: Callable; kind: 'object' | 'class' | 'function'; className?: ClassDeclaration } {
  const decl = file.getVariableDeclaration(symbol);
  if (decl) {
    const init = decl.getInitializer();
    if (init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init)) && !member) return { callable: init, kind: 'function' };
    if (init && Node.isNewExpression(init) && member) {
      const cls = file.getClass(init.getExpression().getText());
      const m = cls ? findMethod(cls, member) : undefined;
      return { ...(m ? { callable: m } : {}), kind: 'object', ...(cls ? { className: cls } : {}) };
    }
    if (init && Node.isObjectLiteralExpression(init) && member) {
      const prop = init.getProperty(member);
      if (prop && Node.isMethodDeclaration(prop)) return { callable: prop, kind: 'object' };
      if (prop && Node.isPropertyAssignment(prop)) {
        const v = prop.getInitializer();
        if (v && (Node.isArrowFunction(v) || Node.isFunctionExpression(v))) return { callable: v, kind: 'object' };
      }
    }
    return { kind: member ? 'object' : 'function' };
  }
  const fn = file.getFunction(symbol);
  if (fn && !member) return { callable: fn, kind: 'function' };
  const cls = file.getClass(symbol);
  if (cls && member) {
    const staticMethod = inheritedMethod(cls, member, true).method;
    if (staticMethod) return { callable: staticMethod, kind: 'object', className: cls };
    // an instance method of an exported class: callers hold an instance (injected by a DI container)
    const m = findMethod(cls, member);
    return { ...(m ? { callable: m } : {}), kind: 'class', className: cls };
  }
  return { kind: member ? 'object' : 'function' };
}

/** Whether `symbol` of `file` is a class whose instance methods `ops` are (callers hold injected instances). */
export function isInstanceClass(file: SourceFile, symbol: string, ops: readonly SymbolOperation[]): boolean {
  const cls = file.getClass(symbol);
  if (!cls) return false;
  return ops.some((op) => {
    const member = op.symbol.split('.')[1];
    return member !== undefined && !inheritedMethod(cls, member, true).method;
  });
}

/**
 * The type arguments a class passes up its `extends` chain to the class that declares `declaring`
 * (`CustomSmtpService extends TenantAwareCrudService<CustomSmtp>`: T -> CustomSmtp), composed along
 * the chain, and each argument as written with the file it is written in (for its imports).
 */
function inheritedTypeArgs(cls: ClassDeclaration, declaring: Node): { subst: Map<string, { text: string }>; written: { text: string; file: string }[] } {
  let subst = new Map<string, { text: string }>();
  const written: { text: string; file: string }[] = [];
  for (let c: ClassDeclaration | undefined = cls; c && c !== declaring; ) {
    const base = c.getBaseClass();
    if (!base) break;
    const args = c.getExtends()?.getTypeArguments() ?? [];
    const next = new Map<string, { text: string }>();
    base.getTypeParameters().forEach((tp, i) => {
      const arg = args[i];
      if (arg) written.push({ text: arg.getText(), file: c!.getSourceFile().getFilePath().slice(1) });
      next.set(tp.getName(), { text: arg ? substitute(arg.getText(), subst) : (tp.getDefault()?.getText() ?? 'any') });
    });
    subst = next;
    c = base;
  }
  return { subst, written };
}

/** `text` with each type parameter name of `subst` replaced by its argument. */
function substitute(text: string, subst: ReadonlyMap<string, { text: string }>): string {
  if (subst.size === 0) return text;
  return text.replace(/(?<![.\w$'"])([A-Za-z_$][\w$]*)(?![\w$])/g, (m: string, name: string) => subst.get(name)?.text ?? m);
}

function findMethod(cls: ClassDeclaration, member: string): MethodDeclaration | undefined {
  return inheritedMethod(cls, member).method;
}

/**
 * The instance method `member` of `cls` (the static one with `isStatic`: `Command.create` a base
 * command declares) or of a base class of ours, and whether the chain ends in a class the code does
 * not declare (`extends EntityRepository<T>`), which may hold it instead.
 */
export function inheritedMethod(cls: ClassDeclaration, member: string, isStatic = false): { method?: MethodDeclaration; external: boolean } {
  for (let c: ClassDeclaration | undefined = cls; c; ) {
    const m = isStatic ? c.getStaticMethod(member) : c.getInstanceMethod(member);
    if (m) return { method: m, external: false };
    const base = c.getBaseClass();
    if (!base && c.getExtends()) return { external: true };
    c = base;
  }
  return { external: false };
}

function typeText(node: ParameterDeclaration | Callable, kind: 'param' | 'return'): string {
  if (kind === 'param') {
    const p = node as ParameterDeclaration;
    const t = p.getTypeNode();
    if (t) return t.getText();
    return p.getType().getText(p, TypeFormatFlags.NoTruncation | TypeFormatFlags.UseAliasDefinedOutsideCurrentScope);
  }
  const c = node as Callable;
  const t = c.getReturnTypeNode();
  if (t) return t.getText();
  return c.getReturnType().getText(c, TypeFormatFlags.NoTruncation | TypeFormatFlags.UseAliasDefinedOutsideCurrentScope);
}

/** `import("/src/x").Name` (the checker's way to name a type out of scope) -> Name, with the need recorded. */
function unimport(text: string, needs: TypeNeed[], scope: ScopeResolver): string {
  return text.replace(/import\("\/([^"]+)"\)\.([A-Za-z_$][\w$]*)/g, (_m, file: string, name: string) => {
    const module = scope.moduleOf(file);
    if (module) needs.push({ module, name });
    return name;
  });
}

/** Records where every type name used in `text` comes from, as seen from `scopeFile`. */
function collectNeeds(text: string, scopeFile: string, scope: ScopeResolver, needs: TypeNeed[], ownTypeParams: ReadonlySet<string>): void {
  const model = scope.model(scopeFile);
  const declared = new Set(model?.declarations.flatMap((d) => d.names) ?? []);
  for (const m of text.matchAll(/(?<![.\w$'"])([A-Za-z_$][\w$]*)/g)) {
    const name = m[1]!;
    if (BUILTIN.has(name) || ownTypeParams.has(name)) continue;
    if (declared.has(name)) {
      needs.push({ module: scopeFile, name });
      continue;
    }
    const imp = scope.importOf(scopeFile, name);
    if (!imp) continue;
    // a namespace import (`import * as O from 'fp-ts/Option'`, used as `O.Option<T>`) keeps its local name
    const local = imp.imported === '*' || imp.imported === 'default' ? { local: name } : {};
    if (imp.module) needs.push({ module: imp.module, name: imp.imported, ...local });
    else needs.push({ specifier: imp.specifier, from: scopeFile, name: imp.imported, ...local });
  }
}

/**
 * The first type name in `text` that cannot be named from `scopeFile` (neither declared there nor
 * imported nor built in): the checker prints an inferred type in terms of what it resolved
 * (`z.infer<any>` of a zod alias whose package it could not load), which no import can bring.
 */
function unplacedName(text: string, scopeFile: string, scope: ScopeResolver, ownTypeParams: ReadonlySet<string>): string | undefined {
  const model = scope.model(scopeFile);
  const declared = new Set(model?.declarations.flatMap((d) => d.names) ?? []);
  const bare = text.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
  for (const m of bare.matchAll(/(?<![.\w$'"])([A-Za-z_$][\w$]*)(?![\w$])(?!\s*\??\s*:(?!:))/g)) {
    const name = m[1]!;
    if (BUILTIN.has(name) || ownTypeParams.has(name) || declared.has(name) || scope.importOf(scopeFile, name)) continue;
    return name;
  }
  return undefined;
}

/** The client of the operations `ops` that all replace members of (or are) `symbol` exported by `module`. */
export function clientSymbol(file: SourceFile, module: string, symbol: string, ops: readonly SymbolOperation[], scope: ScopeResolver): ClientSymbol {
  const needs: TypeNeed[] = [];
  const notes: ClientSymbol['notes'] = [];
  const members: ClientMember[] = [];
  let kind: 'object' | 'class' | 'function' = 'function';
  // a generic class's type parameters are in scope in every member's types
  const classParams = file.getClass(symbol)?.getTypeParameters() ?? [];
  const classOwn = classParams.map((t) => t.getName());
  for (const t of classParams) collectNeeds(t.getText(), module, scope, needs, new Set(classOwn));
  for (const op of ops) {
    const member = op.symbol.includes('.') ? op.symbol.slice(op.symbol.indexOf('.') + 1) : undefined;
    const found = findCallable(file, symbol, member);
    kind = found.kind;
    const callable = found.callable;
    if (!callable) {
      notes.push({ file: module, line: 1, message: `${op.symbol}: no declaration found for its signature; the client takes and returns unknown values` });
      members.push({ member: member ?? '', path: op.path, typeParams: '', params: '...args: unknown[]', args: 'args', returns: 'Promise<any>' });
      continue;
    }
    const scopeFile = callable.getSourceFile().getFilePath().slice(1);
    const typeParams = Node.isFunctionDeclaration(callable) || Node.isMethodDeclaration(callable) || Node.isArrowFunction(callable) || Node.isFunctionExpression(callable) ? callable.getTypeParameters() : [];
    const own = new Set([...classOwn, ...typeParams.map((t) => t.getName())]);
    // a method inherited from a generic base class: its type parameters are the arguments the subclass passes
    const declaring = callable.getParent();
    const chain = found.kind === 'class' && found.className && declaring && declaring !== found.className && Node.isClassDeclaration(declaring) ? inheritedTypeArgs(found.className, declaring) : undefined;
    const inherited = chain?.subst ?? new Map<string, { text: string }>();
    for (const n of own) inherited.delete(n);
    for (const w of chain?.written ?? []) collectNeeds(w.text, w.file, scope, needs, own);
    const params = callable.getParameters().map((p) => {
      const t = substitute(unimport(typeText(p, 'param'), needs, scope), inherited);
      collectNeeds(t, scopeFile, scope, needs, own);
      const optional = p.hasQuestionToken() || p.hasInitializer();
      return `${p.isRestParameter() ? '...' : ''}${p.getName()}${optional && !p.isRestParameter() ? '?' : ''}: ${t}`;
    });
    const args = callable.getParameters().map((p) => (p.isRestParameter() ? `...${p.getName()}` : p.getName()));
    let returns = substitute(unimport(typeText(callable, 'return'), needs, scope), inherited);
    const unplaced = callable.getReturnTypeNode() ? undefined : unplacedName(returns, scopeFile, scope, own);
    if (unplaced) {
      notes.push({ file: scopeFile, line: callable.getStartLineNumber(), message: `${op.symbol}: its inferred return type (${returns.slice(0, 80)}) names ${unplaced}, with no declaration in scope to import; the client returns any` });
      returns = /^Promise</.test(returns) ? 'Promise<any>' : 'any';
    }
    collectNeeds(returns, scopeFile, scope, needs, own);
    // over the network every answer is one Promise: `Promise<T> | Promise<void>` becomes `Promise<T | void>`
    const parts = unionMembers(returns).map((t) => ({ t, inner: promisedType(t) }));
    if (parts.some((x) => x.inner === undefined)) {
      notes.push({ file: scopeFile, line: callable.getStartLineNumber(), message: `${op.symbol} returns synchronously in process; over the network it returns a Promise: every caller must await it` });
    }
    if (parts.length > 1 || parts[0]!.inner === undefined) returns = `Promise<${parts.map((x) => x.inner ?? x.t).join(' | ')}>`;
    const tp = typeParams.map((t) => t.getText());
    for (const t of tp) collectNeeds(t, scopeFile, scope, needs, own);
    members.push({ member: member ?? '', path: op.path, typeParams: tp.length ? `<${tp.join(', ')}>` : '', params: params.join(', '), args: `[${args.join(', ')}]`, returns });
  }
  return { name: symbol, kind, members, needs, notes, ...(kind === 'class' && classParams.length > 0 ? { typeParams: `<${classParams.map((t) => t.getText()).join(', ')}>` } : {}) };
}

/** The members of a type's top-level union (`A | Promise<B | C>` -> `A`, `Promise<B | C>`), as written. */
function unionMembers(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '<' || c === '(' || c === '[' || c === '{') depth++;
    else if ((c === '>' && text[i - 1] !== '=') || c === ')' || c === ']' || c === '}') depth--;
    else if (c === '|' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out.filter((t) => t !== '');
}

/** `T` of a whole `Promise<T>`; undefined for anything else. */
function promisedType(text: string): string | undefined {
  if (!text.startsWith('Promise<') || !text.endsWith('>')) return undefined;
  const inner = text.slice('Promise<'.length, -1);
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c === '<' || c === '(' || c === '[' || c === '{') depth++;
    else if ((c === '>' && inner[i - 1] !== '=') || c === ')' || c === ']' || c === '}') depth--;
    if (depth < 0) return undefined;
  }
  return inner;
}

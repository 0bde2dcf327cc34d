/**
 * Rewrites one source file for its new home, with ts-morph's manipulation API (formatting of
 * everything not touched is kept): slice it down to the declarations a caller needs, point its
 * imports at where their targets live now (a relative path, the kernel package, a generated
 * client), and prune what a composition module wired of code that is no longer here.
 *
 * Pruning removes every use of a removed name, innermost container first: an array element
 * (`controllers: [OrderController]`, `scheduleJobs([job])`), an object property, the expression
 * statement (`app.use('/api/orders', ordersRouter)`), or a variable statement, whose names are then
 * pruned in turn. A use in any other position cannot be removed safely and is reported.
 */
import { Node, Project, SyntaxKind, type ImportSpecifier, type SourceFile, type StringLiteral } from 'ts-morph';
import type { Binding, ModuleLink, SourceModel, TopDeclaration } from './source-model.js';

export type BindingAction =
  | { kind: 'keep'; specifier: string }
  | { kind: 'client'; specifier: string; name: string }
  | { kind: 'prune' }
  | { kind: 'drop' };

export interface FileEdit {
  /** declarations to keep (a slice); undefined keeps all */
  keep?: ReadonlySet<TopDeclaration>;
  /** per link (index in model.links), per binding local name: what to do; absent: keep as is */
  actions: Map<number, Map<string, BindingAction>>;
  /** new specifier for a link whose bindings all stay (side-effect imports included); absent: unchanged */
  respecify: Map<number, string>;
  /** links to remove entirely (side-effect imports of code that is gone) */
  remove: Set<number>;
  /** new specifiers of `import('…')` calls, by line in the original text */
  dynamic?: Map<number, string>;
  /** statements (text) to add after the last import */
  addAfterImports?: string[];
}

export interface PruneProblem {
  name: string;
  line: number;
  text: string;
}

function bindingText(b: Binding, allTypeOnly: boolean): string {
  const head = b.typeOnly && !allTypeOnly ? 'type ' : '';
  return b.imported === b.local ? `${head}${b.imported}` : `${head}${b.imported} as ${b.local}`;
}

/** The declaration text for `bindings` from `specifier`, as an import or a re-export. */
function declarationText(link: ModuleLink, bindings: readonly Binding[], specifier: string): string {
  const from = `'${specifier.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (link.reexport) {
    const star = bindings.find((b) => b.imported === '*');
    if (star) return star.local === '*' ? `export * from ${from};` : `export * as ${star.local} from ${from};`;
    const allType = bindings.every((b) => b.typeOnly);
    return `export ${allType ? 'type ' : ''}{ ${bindings.map((b) => bindingText(b, allType)).join(', ')} } from ${from};`;
  }
  const def = bindings.find((b) => b.imported === 'default');
  const ns = bindings.find((b) => b.imported === '*');
  const named = bindings.filter((b) => b.imported !== 'default' && b.imported !== '*');
  const allType = bindings.every((b) => b.typeOnly);
  const parts: string[] = [];
  if (def) parts.push(def.local);
  if (ns) parts.push(`* as ${ns.local}`);
  if (named.length > 0) parts.push(`{ ${named.map((b) => bindingText(b, allType)).join(', ')} }`);
  // a default import together with a namespace import is not valid syntax: split them
  if (def && ns) return `import ${allType ? 'type ' : ''}${def.local} from ${from};\nimport ${allType ? 'type ' : ''}* as ${ns.local} from ${from};${named.length ? `\nimport ${allType ? 'type ' : ''}{ ${named.map((b) => bindingText(b, allType)).join(', ')} } from ${from};` : ''}`;
  return `import ${allType ? 'type ' : ''}${parts.join(', ')} from ${from};`;
}

function isRemovableUse(id: Node): boolean {
  const parent = id.getParent();
  if (!parent) return false;
  if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) return false;
  if (Node.isPropertyAssignment(parent) && parent.getNameNode() === id) return false;
  if (Node.isImportSpecifier(parent) || Node.isExportSpecifier(parent) || Node.isImportClause(parent) || Node.isNamespaceImport(parent)) return false;
  if (Node.isMethodDeclaration(parent) || Node.isPropertyDeclaration(parent) || Node.isPropertySignature(parent)) return parent.getNameNode() !== id;
  return true;
}

/** Removes the innermost removable container of `id`; returns names declared by a removed variable statement, or undefined if none could be removed. */
function removeUse(id: Node): string[] | undefined {
  let node: Node | undefined = id;
  while (node) {
    const parent: Node | undefined = node.getParent();
    if (!parent) return undefined;
    if (Node.isArrayLiteralExpression(parent)) {
      parent.removeElement(node as never);
      return [];
    }
    // a link of a fluent chain that passes the name (`Router().use(a).use(b)`): drop the link
    if (Node.isCallExpression(parent) && parent.getArguments().includes(node as never)) {
      const callee = parent.getExpression();
      const outer = parent.getParent();
      const chained = outer && Node.isPropertyAccessExpression(outer) && outer.getExpression() === parent;
      const receiver = Node.isPropertyAccessExpression(callee) ? callee.getExpression() : undefined;
      if (Node.isPropertyAccessExpression(callee) && (chained || (receiver && (Node.isCallExpression(receiver) || Node.isNewExpression(receiver)) && !(outer && Node.isExpressionStatement(outer))))) {
        parent.replaceWithText(callee.getExpression().getText());
        return [];
      }
    }
    if ((Node.isPropertyAssignment(node) || Node.isShorthandPropertyAssignment(node)) && Node.isObjectLiteralExpression(parent)) {
      // an entry of a list given as an object (`{ provide: TOKEN, useClass: Impl }`) means nothing without the pruned value: the entry goes
      const list = parent.getParent();
      if (list && Node.isArrayLiteralExpression(list)) list.removeElement(parent);
      else node.remove();
      return [];
    }
    // a statement that is the body of an `if`/loop without braces cannot go without changing what follows
    if ((Node.isExpressionStatement(node) || Node.isVariableStatement(node)) && !Node.isBlock(parent) && !Node.isSourceFile(parent) && !Node.isCaseClause(parent) && !Node.isDefaultClause(parent) && !Node.isModuleBlock(parent)) return undefined;
    if (Node.isExpressionStatement(node)) {
      node.remove();
      return [];
    }
    if (Node.isVariableStatement(node)) {
      const names = node.getDeclarations().map((d) => d.getName());
      node.remove();
      return names;
    }
    if (Node.isReturnStatement(node) || Node.isIfStatement(node) || Node.isFunctionDeclaration(node) || Node.isClassDeclaration(node) || Node.isMethodDeclaration(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node)) {
      // removing these would change control flow or drop a whole definition: not ours to decide
      if (!Node.isArrowFunction(node) && !Node.isFunctionExpression(node)) return undefined;
    }
    node = parent;
  }
  return undefined;
}

/** Removes every use of `names` (and of variables whose declarations used them); returns the uses it could not remove. */
export function pruneNames(file: SourceFile, names: Iterable<string>): PruneProblem[] {
  const problems: PruneProblem[] = [];
  const queue = [...names];
  const done = new Set<string>();
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (done.has(name)) continue;
    done.add(name);
    for (;;) {
      const use = file.getDescendantsOfKind(SyntaxKind.Identifier).find((id) => id.getText() === name && isRemovableUse(id) && !problems.some((p) => p.name === name && p.line === id.getStartLineNumber() && p.text === id.getParent()?.getText()));
      if (!use) break;
      const line = use.getStartLineNumber();
      const text = (use.getFirstAncestor((a) => Node.isStatement(a)) ?? use).getText().split('\n')[0]!.slice(0, 160);
      const removed = removeUse(use);
      if (removed === undefined) {
        problems.push({ name, line, text: use.getParent()?.getText() ?? text });
        continue;
      }
      queue.push(...removed);
    }
  }
  return problems.map((p) => ({ ...p, text: p.text.split('\n')[0]!.slice(0, 160) }));
}

const GLOBAL_ENHANCERS = new Set(['APP_GUARD', 'APP_INTERCEPTOR', 'APP_PIPE', 'APP_FILTER']);

/**
 * The classes a NestJS module registers as global enhancers (`{ provide: APP_GUARD, useClass:
 * AuthGuard }`, tokens imported from @nestjs/core): they apply to every route of the app, the
 * extracted service's too, so they are carried over rather than pruned.
 * See https://docs.nestjs.com/guards#binding-guards (and the interceptors, pipes and filters pages).
 */
export function globalEnhancers(file: SourceFile): Set<string> {
  const tokens = new Set<string>();
  for (const decl of file.getImportDeclarations()) {
    if (decl.getModuleSpecifierValue() !== '@nestjs/core') continue;
    for (const n of decl.getNamedImports()) if (GLOBAL_ENHANCERS.has(n.getNameNode().getText())) tokens.add(localName(n));
  }
  const out = new Set<string>();
  if (tokens.size === 0) return out;
  for (const obj of file.getDescendantsOfKind(SyntaxKind.ObjectLiteralExpression)) {
    const provide = obj.getProperty('provide');
    const token = provide && Node.isPropertyAssignment(provide) ? provide.getInitializer() : undefined;
    if (!token || !Node.isIdentifier(token) || !tokens.has(token.getText())) continue;
    for (const key of ['useClass', 'useExisting']) {
      const p = obj.getProperty(key);
      const v = p && Node.isPropertyAssignment(p) ? p.getInitializer() : undefined;
      if (v && Node.isIdentifier(v)) out.add(v.getText());
    }
  }
  return out;
}

/** The name an import specifier binds in the file (`b` of `import { a as b }`). */
function localName(n: ImportSpecifier): string {
  return (n.getAliasNode() ?? n.getNameNode()).getText();
}

/**
 * Whether pruning `name` from `text` removes its every use (tried on a scratch copy): where it does
 * not, the name is used at run time somewhere no pruning can reach (inside a callback).
 */
export function prunesCleanly(text: string, name: string): boolean {
  return pruneNames(scratch.createSourceFile('/scratch.ts', text, { overwrite: true }), [name]).length === 0;
}
const scratch = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true });

/** How many times each name an import declaration binds is used in the file outside the imports. */
function importedUses(file: SourceFile): Map<string, number> {
  const locals = new Set<string>();
  for (const decl of file.getImportDeclarations()) {
    for (const n of decl.getNamedImports()) locals.add(localName(n));
    const def = decl.getDefaultImport();
    if (def) locals.add(def.getText());
  }
  const out = new Map<string, number>();
  for (const id of file.getDescendantsOfKind(SyntaxKind.Identifier)) {
    const t = id.getText();
    if (!locals.has(t) || id.getFirstAncestorByKind(SyntaxKind.ImportDeclaration)) continue;
    out.set(t, (out.get(t) ?? 0) + 1);
  }
  return out;
}

/** The `import('…')` calls of a file whose specifier is a string literal: the literal, by the call's line. */
export function dynamicImports(file: SourceFile): Map<number, StringLiteral> {
  const out = new Map<number, StringLiteral>();
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const arg = call.getArguments()[0];
    if (call.getExpression().getKind() === SyntaxKind.ImportKeyword && arg && Node.isStringLiteral(arg)) out.set(call.getStartLineNumber(), arg);
  }
  return out;
}

/** Applies `edit` to the file the model was read from; returns the uses of pruned names it could not remove. */
export function applyEdit(model: SourceModel, edit: FileEdit): PruneProblem[] {
  const file = model.file;
  const wasModule = isModuleText(file.getFullText());
  const pruned: string[] = [];
  // 0. `import('./x')` calls, while the lines are still the original's
  if (edit.dynamic) {
    for (const [line, literal] of dynamicImports(file)) {
      const spec = edit.dynamic.get(line);
      if (spec !== undefined) literal.setLiteralValue(spec);
    }
  }
  // 1. the links, last first so earlier positions stay valid
  const order = model.links.map((l, i) => ({ l, i })).sort((a, b) => b.l.node.getChildIndex() - a.l.node.getChildIndex());
  for (const { l, i } of order) {
    if (edit.remove.has(i)) {
      l.node.remove();
      continue;
    }
    const actions = edit.actions.get(i);
    if (!actions || actions.size === 0) {
      const spec = edit.respecify.get(i);
      if (spec !== undefined) l.node.setModuleSpecifier(spec);
      continue;
    }
    const groups = new Map<string, Binding[]>();
    for (const b of l.bindings) {
      const a = actions.get(b.local) ?? (edit.respecify.has(i) ? { kind: 'keep' as const, specifier: edit.respecify.get(i)! } : { kind: 'keep' as const, specifier: l.specifier });
      if (a.kind === 'prune') {
        if (!l.reexport) pruned.push(b.local);
        continue;
      }
      if (a.kind === 'drop') continue;
      if (a.kind === 'client') {
        const list = groups.get(a.specifier) ?? [];
        list.push({ imported: a.name, local: b.local, typeOnly: b.typeOnly });
        groups.set(a.specifier, list);
        continue;
      }
      const list = groups.get(a.specifier) ?? [];
      list.push(b);
      groups.set(a.specifier, list);
    }
    const text = [...groups.entries()].map(([spec, bs]) => declarationText(l, bs, spec)).join('\n');
    if (text === '') l.node.remove();
    else l.node.replaceWithText(text);
  }
  // 2. the slice
  if (edit.keep) {
    const drop = model.declarations.filter((d) => !edit.keep!.has(d)).sort((a, b) => b.statement.getChildIndex() - a.statement.getChildIndex());
    for (const d of drop) d.statement.remove();
  }
  // 3. the uses of pruned names, and then the imports only those uses needed (`forwardRef` once
  // `forwardRef(() => OrdersModule)` is gone), which `noUnusedLocals` would reject
  const before = pruned.length > 0 ? importedUses(file) : new Map<string, number>();
  const problems = pruneNames(file, pruned);
  if (pruned.length > 0) {
    const after = importedUses(file);
    for (const decl of file.getImportDeclarations()) {
      for (const n of decl.getNamedImports()) {
        const local = localName(n);
        if ((before.get(local) ?? 0) > 0 && (after.get(local) ?? 0) === 0) n.remove();
      }
      const def = decl.getDefaultImport();
      if (def && (before.get(def.getText()) ?? 0) > 0 && (after.get(def.getText()) ?? 0) === 0) decl.removeDefaultImport();
      if (!decl.getDefaultImport() && !decl.getNamespaceImport() && decl.getNamedImports().length === 0 && decl.getImportClause()) decl.remove();
    }
  }
  if (edit.addAfterImports && edit.addAfterImports.length > 0) {
    const statements = file.getStatements();
    let index = 0;
    statements.forEach((s, i) => {
      if (Node.isImportDeclaration(s)) index = i + 1;
    });
    file.insertStatements(index, edit.addAfterImports.join('\n'));
  }
  // a module pruned of every import and export would turn into a script whose top-level names are
  // global (two pruned seed scripts would both declare `runSeed`): it stays a module
  if (wasModule && !isModuleText(file.getFullText())) file.addStatements('export {};');
  return problems;
}

function isModuleText(text: string): boolean {
  return /^\s*(import|export)\b/m.test(text);
}

/**
 * After `const app = await NestFactory.create(...)` (or createApplicationContext / createMicroservice),
 * tell the wire how to find the instances the DI container made, so an operation on an injected
 * class's method reaches the real one (`app.get(cls, { strict: false })`, NestJS's own lookup).
 * Returns whether it found such a statement.
 */
export function hookNestApp(file: SourceFile, rpcSpecifier: string): boolean {
  let hooked = false;
  for (const decl of file.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
    let init = decl.getInitializer();
    if (init && Node.isAwaitExpression(init)) init = init.getExpression();
    if (!init || !Node.isCallExpression(init) || !/^NestFactory\.(create|createApplicationContext|createMicroservice)$/.test(init.getExpression().getText())) continue;
    const statement = decl.getFirstAncestorByKind(SyntaxKind.VariableStatement);
    const parent = statement?.getParent();
    if (!statement || !parent || !(Node.isBlock(parent) || Node.isSourceFile(parent))) continue;
    parent.insertStatements(statement.getChildIndex() + 1, `registerInstances((cls) => ${decl.getName()}.get(cls, { strict: false }));`);
    hooked = true;
  }
  if (hooked) file.addImportDeclaration({ moduleSpecifier: rpcSpecifier, namedImports: ['registerInstances'] });
  return hooked;
}

/**
 * Adds `names` (imported from `specifier` where the file does not have them yet) to the
 * `providers` of the file's NestJS modules (`@Module({ ... })`): the generated clients stand in for
 * the providers an imported module of another service used to export. Returns whether it added any.
 */
export function addNestProviders(file: SourceFile, names: readonly string[], specifier: string): boolean {
  let added = false;
  for (const cls of file.getClasses()) {
    const arg = cls.getDecorator('Module')?.getArguments()[0];
    if (!arg || !Node.isObjectLiteralExpression(arg)) continue;
    const prop = arg.getProperty('providers');
    if (prop === undefined) {
      arg.addPropertyAssignment({ name: 'providers', initializer: `[${names.join(', ')}]` });
      added = true;
      continue;
    }
    const init = Node.isPropertyAssignment(prop) ? prop.getInitializer() : undefined;
    if (!init || !Node.isArrayLiteralExpression(init)) continue;
    const present = new Set(init.getElements().map((e) => e.getText()));
    for (const n of names) if (!present.has(n)) init.addElement(n);
    added = true;
  }
  if (!added) return false;
  const imported = new Set(file.getImportDeclarations().flatMap((d) => d.getNamedImports().map(localName)));
  const missing = names.filter((n) => !imported.has(n));
  if (missing.length > 0) {
    const last = file.getImportDeclarations().at(-1);
    file.insertStatements(last ? last.getChildIndex() + 1 : 0, `import { ${missing.join(', ')} } from '${specifier.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}';`);
  }
  return true;
}

/**
 * What the carver needs to know about one source file, read with ts-morph from its text (never
 * run): its import and re-export declarations with the module each points to (from the facts'
 * import edges, by line: the analysis already resolved aliases, `paths` and barrels), and its
 * top-level declarations with the names each one references, so a file can be sliced down to the
 * declarations a caller needs.
 */
import { Node, SyntaxKind, type ExportDeclaration, type ImportDeclaration, type SourceFile, type Statement } from 'ts-morph';
import type { ImportEdge } from '../shared/facts.js';

/** One name a declaration brings in: `import { a as b }` is { imported: 'a', local: 'b' }. */
export interface Binding {
  /** `default`, `*` (namespace or `export *`), or the exported name */
  imported: string;
  /** the local name (for re-exports: the name exported from this file) */
  local: string;
  typeOnly: boolean;
}

export interface ModuleLink {
  node: ImportDeclaration | ExportDeclaration;
  /** repo-relative module the specifier resolves to, when it is one of the repository's modules */
  target?: string;
  specifier: string;
  bindings: Binding[];
  /** `import './x'` */
  sideEffect: boolean;
  reexport: boolean;
  line: number;
}

export interface TopDeclaration {
  statement: Statement;
  /** local names it declares */
  names: string[];
  /** identifiers it mentions (over-approximated: every identifier text in it) */
  mentions: Set<string>;
}

export interface SourceModel {
  file: SourceFile;
  links: ModuleLink[];
  declarations: TopDeclaration[];
  /** exported name -> local name (`export { a as b }`: b -> a; `export default x`: default -> x or the statement) */
  exports: Map<string, string>;
}

/** The identifier texts a node mentions, except property names after a dot or before a colon. */
export function mentionedNames(node: Node): Set<string> {
  const out = new Set<string>();
  const visit = (n: Node): void => {
    if (n.getKind() === SyntaxKind.Identifier) {
      const parent = n.getParent();
      const isMemberName = parent && Node.isPropertyAccessExpression(parent) && parent.getNameNode() === n;
      if (!isMemberName) out.add(n.getText());
      return;
    }
    n.forEachChild(visit);
  };
  visit(node);
  return out;
}

function declaredNames(statement: Statement): string[] {
  if (Node.isVariableStatement(statement)) {
    const names: string[] = [];
    for (const d of statement.getDeclarations()) {
      const nameNode = d.getNameNode();
      if (Node.isIdentifier(nameNode)) names.push(nameNode.getText());
      else for (const id of nameNode.getDescendantsOfKind(SyntaxKind.Identifier)) names.push(id.getText());
    }
    return names;
  }
  if (
    Node.isFunctionDeclaration(statement) ||
    Node.isClassDeclaration(statement) ||
    Node.isInterfaceDeclaration(statement) ||
    Node.isTypeAliasDeclaration(statement) ||
    Node.isEnumDeclaration(statement) ||
    Node.isModuleDeclaration(statement)
  ) {
    const name = statement.getName();
    const names = name ? [name] : [];
    if ((Node.isFunctionDeclaration(statement) || Node.isClassDeclaration(statement)) && statement.isDefaultExport()) names.push('default');
    return names;
  }
  if (Node.isExportAssignment(statement) && !statement.isExportEquals()) return ['default'];
  return [];
}

function importBindings(decl: ImportDeclaration): Binding[] {
  const all = decl.isTypeOnly();
  const out: Binding[] = [];
  const def = decl.getDefaultImport();
  if (def) out.push({ imported: 'default', local: def.getText(), typeOnly: all });
  const ns = decl.getNamespaceImport();
  if (ns) out.push({ imported: '*', local: ns.getText(), typeOnly: all });
  for (const s of decl.getNamedImports()) out.push({ imported: s.getName(), local: s.getAliasNode()?.getText() ?? s.getName(), typeOnly: all || s.isTypeOnly() });
  return out;
}

function exportBindings(decl: ExportDeclaration): Binding[] {
  const all = decl.isTypeOnly();
  if (!decl.hasNamedExports()) {
    const ns = decl.getNamespaceExport();
    return [{ imported: '*', local: ns ? ns.getName() : '*', typeOnly: all }];
  }
  return decl.getNamedExports().map((s) => ({ imported: s.getName(), local: s.getAliasNode()?.getText() ?? s.getName(), typeOnly: all || s.isTypeOnly() }));
}

/** The target of a declaration at `line`: the facts' edge from this module at that line naming its bindings. */
function targetOf(edges: readonly ImportEdge[], line: number, bindings: readonly Binding[]): string | undefined {
  const atLine = edges.filter((e) => e.line === line);
  if (atLine.length <= 1) return atLine[0]?.to;
  const names = new Set(bindings.map((b) => b.imported));
  return (atLine.find((e) => e.names.some((n) => names.has(n))) ?? atLine[0])?.to;
}

export function readSourceModel(file: SourceFile, edges: readonly ImportEdge[]): SourceModel {
  const links: ModuleLink[] = [];
  const declarations: TopDeclaration[] = [];
  const exports = new Map<string, string>();
  for (const statement of file.getStatements()) {
    if (Node.isImportDeclaration(statement)) {
      const bindings = importBindings(statement);
      const line = statement.getStartLineNumber();
      const target = targetOf(edges, line, bindings);
      links.push({ node: statement, specifier: statement.getModuleSpecifierValue(), bindings, sideEffect: bindings.length === 0, reexport: false, line, ...(target ? { target } : {}) });
      continue;
    }
    if (Node.isExportDeclaration(statement)) {
      const spec = statement.getModuleSpecifierValue();
      if (spec !== undefined) {
        const bindings = exportBindings(statement);
        const line = statement.getStartLineNumber();
        const target = targetOf(edges, line, bindings);
        links.push({ node: statement, specifier: spec, bindings, sideEffect: false, reexport: true, line, ...(target ? { target } : {}) });
        for (const b of bindings) if (b.local !== '*') exports.set(b.local, b.local);
        continue;
      }
      for (const s of statement.getNamedExports()) exports.set(s.getAliasNode()?.getText() ?? s.getName(), s.getName());
      declarations.push({ statement, names: [], mentions: mentionedNames(statement) });
      continue;
    }
    const names = declaredNames(statement);
    if (Node.isExportAssignment(statement)) {
      const expr = statement.getExpression();
      exports.set('default', Node.isIdentifier(expr) ? expr.getText() : 'default');
    }
    const exported = Node.isExportable(statement) && statement.isExported();
    if (exported) for (const n of names) exports.set(n === 'default' ? 'default' : n, n);
    declarations.push({ statement, names, mentions: mentionedNames(statement) });
  }
  // a declaration the analysis recorded no edge for (a type-only re-export) goes where the same specifier does in this file
  const bySpecifier = new Map(links.filter((l) => l.target).map((l) => [l.specifier, l.target!]));
  for (const l of links) if (!l.target && bySpecifier.has(l.specifier)) l.target = bySpecifier.get(l.specifier)!;
  return { file, links, declarations, exports };
}

/**
 * The top-level declarations needed for the exported names `wanted` (closed over the names they
 * mention), and the local names of imports those declarations use.
 */
export function sliceNeeds(model: SourceModel, wanted: ReadonlySet<string>): { keep: Set<TopDeclaration>; usedLocals: Set<string> } {
  const byName = new Map<string, TopDeclaration[]>();
  for (const d of model.declarations) for (const n of d.names) byName.set(n, [...(byName.get(n) ?? []), d]);
  // `export { MetricsService };` of an imported name (or `export { x as y }`): the statement goes
  // with the names it exports, and brings every name it lists, so none of them is left dangling
  for (const d of model.declarations) {
    if (d.names.length > 0 || !Node.isExportDeclaration(d.statement)) continue;
    for (const s of d.statement.getNamedExports()) {
      const exported = s.getAliasNode()?.getText() ?? s.getName();
      byName.set(exported, [...(byName.get(exported) ?? []), d]);
    }
  }
  const importLocals = new Set(model.links.flatMap((l) => (l.reexport ? [] : l.bindings.map((b) => b.local))));
  const keep = new Set<TopDeclaration>();
  const usedLocals = new Set<string>();
  const queue: string[] = [];
  for (const w of wanted) {
    queue.push(w);
    const local = model.exports.get(w);
    if (local !== undefined && local !== w) queue.push(local);
  }
  const seen = new Set<string>();
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    if (importLocals.has(name)) usedLocals.add(name);
    for (const d of byName.get(name) ?? []) {
      if (keep.has(d)) continue;
      keep.add(d);
      for (const m of d.mentions) if (!seen.has(m)) queue.push(m);
    }
  }
  return { keep, usedLocals };
}

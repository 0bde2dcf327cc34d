/**
 * NestJS's own module structure, as facts.units: every `@Module({ imports, controllers, providers,
 * exports })` class (and the dynamic modules its static methods return: `{ module, controllers,
 * providers }`), with the files that declare its controllers and providers and the modules it
 * imports. The architect's explicit boundaries: the cut takes them as strong evidence
 * (src/decompose/explicit-units.ts).
 *
 * Members are read as NestJS reads them: identifiers, `Foo.forRoot(...)` / `register(...)` calls
 * (the module class), `forwardRef(() => Foo)`, provider objects (`{ provide: X, useClass: Y }`),
 * spreads of arrays (`...USE_CASES`, also imported from another file) and identifiers naming such
 * an array. Identifiers are followed to their declaring file through imports and barrels.
 */
import ts from '../../src/shared/typescript.cjs';
import type { UnitFact } from '../../src/shared/facts.js';
import { compareStrings, sortByKeys } from '../../src/shared/sort.js';
import type { Analyzer, LinkContext } from '../types.js';

/** A member as written: an identifier, or an array identifier spread into the list. */
type Ref = { name: string } | { spread: string };

interface ModuleDecl {
  name: string;
  line: number;
  imports: Ref[];
  controllers: Ref[];
  providers: Ref[];
}

export interface NestModulesLocal {
  modules: ModuleDecl[];
  /** top-level arrays of identifiers (`export const USE_CASES = [A, B]`), for spreads */
  arrays: Record<string, Ref[]>;
}

const KEYS = ['imports', 'controllers', 'providers'] as const;

function isNestModuleDecorator(d: ts.Decorator, nestImports: ReadonlySet<string>): ts.ObjectLiteralExpression | undefined {
  const e = d.expression;
  if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || !nestImports.has(e.expression.text)) return undefined;
  const arg = e.arguments[0];
  return arg && ts.isObjectLiteralExpression(arg) ? arg : undefined;
}

/** The base identifier of a member expression: `Foo`, `Foo.forRoot(...)`, `forwardRef(() => Foo)`. */
function baseIdentifier(e: ts.Expression): string | undefined {
  let x = e;
  for (let i = 0; i < 8; i++) {
    while (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isSatisfiesExpression(x)) x = x.expression;
    if (ts.isIdentifier(x)) return x.text;
    if (ts.isCallExpression(x)) {
      if (ts.isIdentifier(x.expression) && x.expression.text === 'forwardRef') {
        const fn = x.arguments[0];
        if (fn && ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) {
          x = fn.body;
          continue;
        }
        return undefined;
      }
      x = x.expression;
      continue;
    }
    if (ts.isPropertyAccessExpression(x)) {
      x = x.expression;
      continue;
    }
    return undefined;
  }
  return undefined;
}

function refsOf(e: ts.Expression | undefined): Ref[] {
  if (!e) return [];
  if (ts.isIdentifier(e)) return [{ spread: e.text }];
  if (!ts.isArrayLiteralExpression(e)) return [];
  const out: Ref[] = [];
  for (const el of e.elements) {
    if (ts.isSpreadElement(el)) {
      const name = baseIdentifier(el.expression);
      if (name) out.push({ spread: name });
    } else if (ts.isObjectLiteralExpression(el)) {
      for (const p of el.properties) {
        if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) continue;
        if (['provide', 'useClass', 'useExisting'].includes(p.name.text)) {
          const name = baseIdentifier(p.initializer);
          if (name) out.push({ name });
        }
      }
    } else {
      const name = baseIdentifier(el);
      if (name) out.push({ name });
    }
  }
  return out;
}

function property(obj: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === key) return p.name;
  }
  return undefined;
}

function addRefs(decl: ModuleDecl, obj: ts.ObjectLiteralExpression): void {
  for (const k of KEYS) decl[k].push(...refsOf(property(obj, k)));
}

export function collectNestModules(sf: ts.SourceFile): NestModulesLocal | undefined {
  const nestImports = new Set<string>();
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || !s.moduleSpecifier.text.startsWith('@nestjs/common')) continue;
    const b = s.importClause?.namedBindings;
    if (b && ts.isNamedImports(b)) for (const el of b.elements) if ((el.propertyName ?? el.name).text === 'Module') nestImports.add(el.name.text);
  }
  const local: NestModulesLocal = { modules: [], arrays: {} };
  for (const s of sf.statements) {
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer && ts.isArrayLiteralExpression(d.initializer)) {
          const refs = refsOf(d.initializer);
          if (refs.length > 0) local.arrays[d.name.text] = refs;
        }
      }
    }
    if (!ts.isClassDeclaration(s) || !s.name || nestImports.size === 0) continue;
    const meta = ts.getDecorators(s)?.map((d) => isNestModuleDecorator(d, nestImports)).find((x) => x !== undefined);
    if (!meta) continue;
    const decl: ModuleDecl = { name: s.name.text, line: sf.getLineAndCharacterOfPosition(s.getStart(sf)).line + 1, imports: [], controllers: [], providers: [] };
    addRefs(decl, meta);
    // dynamic modules: `static register(): DynamicModule { return { module: X, controllers: [...] } }`
    for (const m of s.members) {
      if (!ts.isMethodDeclaration(m) || !m.body) continue;
      const stack: ts.Node[] = [m.body];
      while (stack.length > 0) {
        const n = stack.pop()!;
        if (ts.isObjectLiteralExpression(n) && property(n, 'module') !== undefined) addRefs(decl, n);
        n.forEachChild((c) => {
          stack.push(c);
        });
      }
    }
    local.modules.push(decl);
  }
  return local.modules.length > 0 || Object.keys(local.arrays).length > 0 ? local : undefined;
}

function linkNestModules(ctx: LinkContext, locals: ReadonlyMap<string, NestModulesLocal>): UnitFact[] {
  const moduleFiles = new Map<string, string>(); // `${file}#${class}` -> file
  for (const [file, l] of locals) for (const m of l.modules) moduleFiles.set(`${file}#${m.name}`, file);
  /** every declaring file a list of refs names (arrays followed through their files, bounded) */
  const expand = (file: string, refs: readonly Ref[], out: Array<{ module: string; name: string }>, depth = 0): void => {
    for (const r of refs) {
      if ('name' in r) {
        const t = ctx.resolveBinding(file, r.name);
        if (t && t.name !== '*') out.push({ module: t.module, name: t.name });
      } else if (depth < 4) {
        const t = ctx.resolveBinding(file, r.spread);
        const arr = t ? locals.get(t.module)?.arrays[t.name] : undefined;
        if (t && arr) expand(t.module, arr, out, depth + 1);
        else if (t && t.name !== '*') out.push({ module: t.module, name: t.name });
      }
    }
  };
  const units: UnitFact[] = [];
  for (const [file, l] of locals) {
    for (const m of l.modules) {
      const members: Array<{ module: string; name: string }> = [];
      expand(file, [...m.controllers, ...m.providers], members);
      const imports: Array<{ module: string; name: string }> = [];
      expand(file, m.imports, imports);
      units.push({
        id: `${file}#${m.name}`,
        kind: 'nest-module',
        name: m.name,
        module: file,
        line: m.line,
        members: [...new Set(members.map((x) => x.module).filter((x) => x !== file))].sort(compareStrings),
        imports: [...new Set(imports.map((x) => `${x.module}#${x.name}`).filter((id) => moduleFiles.has(id)))].sort(compareStrings),
      });
    }
  }
  return sortByKeys(units, (u) => u.id);
}

export const nestModules: Analyzer<NestModulesLocal> = {
  name: 'nest-modules',
  concern: 'structure',
  enablers: ['@nestjs/common', '@nestjs/core'],
  accepts: (text) => text.includes('@nestjs/common') || /\bexport\s+const\s+\w+\s*(?::[^=]+)?=\s*\[/.test(text),
  collect: ({ sourceFile }) => collectNestModules(sourceFile),
  link: (ctx, locals) => ({ units: linkNestModules(ctx, locals) }),
};

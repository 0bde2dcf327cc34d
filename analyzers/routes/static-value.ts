/**
 * Static evaluation, at link time, of the expressions that build route paths and prefixes and
 * NestJS module metadata: what a value is, read from the syntax alone, never by running it.
 *
 * Understood: literals, templates, `+`, `||`, `??`, `? :`, `!`, `&&`, comparisons, `typeof`,
 * object and array literals (with spreads), property and element access, enums, local and
 * imported constants (through barrels), classes and their static members, and calls of
 * functions and static methods whose bodies are declarations, `if`, `for…of` over a known list,
 * `return` and assignments. The few library calls a route loader makes are read as they would
 * behave, from the repository's files and never by running anything: array and string helpers
 * (`filter`, `map`, `includes`, `startsWith`, `replace`, ...), `Object.keys/values/entries`, a
 * folder listing (`fs.readdirSync`, `fs.existsSync`, over the files the walk found) and a module
 * loaded by computed name (`await import(file)`, `require(file)`) as that module's namespace.
 *
 * The environment is read as unset: `process.env.X` is undefined, so `process.env.X || 'api'` is
 * 'api' and the value carries a note saying which default was assumed. A condition that depends
 * on nothing the code holds (a request, a flag read at run time) gives an `either` value: a path
 * reader keeps it only when every branch agrees, a list reader (NestJS controllers) takes all.
 * Whatever cannot be known is an `unknown` value named after the expression, so a route shows
 * `{unknown:NAME}` instead of a guessed segment.
 */
import { dirname, posix } from 'node:path';
import ts from '../../src/shared/typescript.cjs';
import { walkAst } from '../../src/shared/ast-walk.js';
import { unknownPart } from '../../src/shared/route-path.js';
import type { LinkContext } from '../types.js';
import { findDeclaration, lineOf, unwrap } from './route-ast.js';

type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

interface Facets {
  /** what was assumed to reach this value (an environment default), for a reader to check */
  notes?: string[];
  /** environment variables read as unset on the way to this value */
  env?: string[];
  /**
   * the module a loader loaded by computed name (`await import(file)`) that this value was read
   * from, and the line of the export: a route a loader registers from a descriptor is that
   * module's route. Kept through property reads.
   */
  origin?: { module: string; line: number };
}

export type Value = Facets &
  (
    | { kind: 'string'; text: string; unknown?: string[] }
    | { kind: 'number'; value: number }
    | { kind: 'boolean'; value: boolean }
    | { kind: 'undefined' }
    /** `process.env` itself: every variable reads as unset */
    | { kind: 'env' }
    | { kind: 'object'; get(key: string): Value | undefined; keys(): string[] }
    | { kind: 'array'; items: Value[] }
    | { kind: 'class'; module: string; name: string; node: ts.ClassLikeDeclaration }
    | { kind: 'function'; module: string; node: FunctionLike; frame: Frame }
    /** `loaded`: by a computed name (`await import(file)`), so what is read from it has an origin */
    | { kind: 'namespace'; module: string; loaded?: true }
    /** a value a package exports (`VersioningType.URI` -> specifier @nestjs/common, path [VersioningType, URI]) */
    | { kind: 'external'; specifier: string; path: string[] }
    /** one of several values, decided at run time; `preferred` when the environment default decides */
    | { kind: 'either'; options: Value[]; preferred?: number; name?: string }
    | { kind: 'unknown'; name: string }
    /** a function of the platform whose result the evaluator knows (a directory entry's `isDirectory()`) */
    | { kind: 'builtin'; name: string; call(args: Value[]): Value }
  );

/** How a run of statements ends: a returned value, falling off the end, a loop's `continue`/`break`, or beyond this reader. */
type Flow = Value | undefined | 'unreadable' | 'continue' | 'break';

export interface Frame {
  module: string;
  /** values of local declarations (parameters, `let`s) in an interpreted call */
  scope: Map<ts.Node, Value>;
  self?: Value;
  depth: number;
}

/** A framework's own reading of a call it knows (NestJS `ConfigService.get('app.prefix')`). */
export type CallHook = (call: ts.CallExpression, frame: Frame, evaluator: Evaluator) => Value | undefined;

const MAX_DEPTH = 24;
const MAX_STEPS = 20000;
/** a `for…of` over more items than this is not unrolled */
const MAX_LOOP_ITEMS = 500;

/** Array helpers read on a known list, with a function argument run per item. */
const ARRAY_HELPERS = new Set(['filter', 'map', 'flatMap', 'find', 'some', 'every', 'includes']);
/** String helpers read on a known text. */
const STRING_HELPERS = new Set(['startsWith', 'endsWith', 'includes', 'replace', 'slice', 'split']);

const UNDEFINED: Value = { kind: 'undefined' };

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** A value's identity for `includes` (a known text, number, boolean or `undefined`); undefined when only run time knows. */
function primitiveKey(v: Value): string | undefined {
  if (v.kind === 'string') return v.unknown ? undefined : `s${v.text}`;
  if (v.kind === 'number') return `n${v.value}`;
  if (v.kind === 'boolean') return `b${v.value}`;
  if (v.kind === 'undefined') return v.env?.length ? undefined : 'u';
  return undefined;
}

/**
 * A regular expression literal of the analyzed code, when it is simple enough to run on a file
 * name without risk: short, no backreference, no quantified group (the shape of catastrophic
 * backtracking). Anything else is not run.
 */
function safeRegExp(literal: string): RegExp | undefined {
  const end = literal.lastIndexOf('/');
  const source = literal.slice(1, end);
  const flags = literal.slice(end + 1);
  if (source.length > 100 || /\\[1-9k]|\)[*+?{]/.test(source) || !/^[gimsuy]*$/.test(flags)) return undefined;
  try {
    return new RegExp(source, flags);
  } catch {
    return undefined;
  }
}

export const unknownValue = (name: string): Value => ({ kind: 'unknown', name });

function withFacets<V extends Value>(value: V, ...from: (Facets | undefined)[]): V {
  const notes = [...(value.notes ?? [])];
  const env = [...(value.env ?? [])];
  for (const f of from) {
    for (const n of f?.notes ?? []) if (!notes.includes(n)) notes.push(n);
    for (const e of f?.env ?? []) if (!env.includes(e)) env.push(e);
  }
  if (notes.length === 0 && env.length === 0) return value;
  const out = { ...value } as V;
  if (notes.length > 0) out.notes = notes;
  if (env.length > 0) out.env = env;
  return out;
}

function addNote<V extends Value>(value: V, note: string): V {
  return withFacets(value, { notes: [note] });
}

/** The parsed modules link time needs again (paths that are not literals): one parse per module per run. */
export class ModuleSources {
  private static readonly perContext = new WeakMap<LinkContext, ModuleSources>();
  private readonly parsed = new Map<string, ts.SourceFile | undefined>();

  private constructor(private readonly ctx: LinkContext) {}

  static of(ctx: LinkContext): ModuleSources {
    let sources = ModuleSources.perContext.get(ctx);
    if (!sources) {
      sources = new ModuleSources(ctx);
      ModuleSources.perContext.set(ctx, sources);
    }
    return sources;
  }

  get(module: string): ts.SourceFile | undefined {
    if (!this.parsed.has(module)) {
      const text = readRepoFile(this.ctx, module);
      this.parsed.set(module, text === undefined ? undefined : ts.createSourceFile(module, text, ts.ScriptTarget.Latest, true, scriptKind(module)));
    }
    return this.parsed.get(module);
  }

  /** The node of `module` that spans exactly [start, end) (as `collect` saw it). */
  nodeAt(module: string, start: number, end: number): ts.Node | undefined {
    const sf = this.get(module);
    if (!sf) return undefined;
    // down the one path of nodes that span the range (a loop: the path may be 3,000 deep)
    let node: ts.Node | undefined = sf;
    while (node) {
      if (node.getStart(sf) === start && node.end === end) return node;
      let next: ts.Node | undefined;
      ts.forEachChild(node, (child) => {
        if (!next && child.pos <= start && child.end >= end) next = child;
      });
      node = next;
    }
    return undefined;
  }
}

function scriptKind(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** A name for what an expression is, for unknown markers: `CONTEXT_PATH`, `config.prefix`, `pathFor()`. */
export function nameOf(expr: ts.Node): string {
  const e = ts.isExpression(expr) ? unwrap(expr) : expr;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return `${nameOf(e.expression)}.${e.name.text}`;
  if (ts.isElementAccessExpression(e)) return `${nameOf(e.expression)}[${ts.isStringLiteralLike(e.argumentExpression) ? `'${e.argumentExpression.text}'` : nameOf(e.argumentExpression)}]`;
  if (ts.isCallExpression(e)) return `${nameOf(e.expression)}()`;
  if (ts.isRegularExpressionLiteral(e)) return 'regexp';
  if (e.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  const text = e.getText().replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Truthiness as the evaluator knows it: `undefined` when only run time can tell. */
interface Truth {
  value: boolean | undefined;
  /** decided by reading the environment as unset */
  env: string[];
}

function truth(v: Value): Truth {
  const env = v.env ?? [];
  switch (v.kind) {
    case 'string':
      if (v.text !== '' && (v.unknown === undefined || v.text.replace(/\{unknown:[^}]*\}/g, '') !== '')) return { value: true, env };
      return { value: v.unknown ? undefined : false, env };
    case 'number':
      return { value: v.value !== 0 && !Number.isNaN(v.value), env };
    case 'boolean':
      return { value: v.value, env };
    case 'undefined':
      return { value: false, env };
    case 'either': {
      const all = v.options.map(truth);
      const first = all[0]?.value;
      if (first !== undefined && all.every((t) => t.value === first)) return { value: first, env: [...env, ...all.flatMap((t) => t.env)] };
      if (v.preferred !== undefined) return { value: all[v.preferred]?.value, env: [...env, ...all.flatMap((t) => t.env)] };
      return { value: undefined, env };
    }
    case 'unknown':
      return { value: undefined, env };
    default:
      return { value: true, env };
  }
}

interface Piece {
  text: string;
  unknown: string[];
  facets: Facets;
}

/** Text of a value inside a string (a template part, a `+` operand), with what it assumed. */
function textOf(v: Value): Piece {
  const facets: Facets = { ...(v.notes && { notes: v.notes }), ...(v.env && { env: v.env }) };
  const piece = (text: string, unknown: string[], more?: Facets): Piece => ({ text, unknown, facets: more ? withFacets({ kind: 'undefined', ...facets }, more) : facets });
  switch (v.kind) {
    case 'string':
      return piece(v.text, v.unknown ?? []);
    case 'number':
    case 'boolean':
      return piece(String(v.value), []);
    case 'either': {
      const texts = v.options.map(textOf);
      if (v.preferred !== undefined) {
        const p = texts[v.preferred]!;
        return piece(p.text, p.unknown, p.facets);
      }
      if (texts.every((t) => t.text === texts[0]!.text)) return piece(texts[0]!.text, texts[0]!.unknown, texts[0]!.facets);
      const name = v.name ?? texts.flatMap((t) => t.unknown)[0] ?? 'choice';
      return piece(marker(name), [name]);
    }
    case 'undefined':
      if (v.env?.length) return piece(marker(`process.env.${v.env[0]}`), [`process.env.${v.env[0]}`]);
      return piece(marker('undefined'), ['undefined']);
    case 'unknown':
      return piece(marker(v.name), [v.name]);
    case 'external': {
      const name = v.path.join('.') || v.specifier;
      return piece(marker(name), [name]);
    }
    default:
      return piece(marker(v.kind), [v.kind]);
  }
}

const marker = unknownPart;

function stringValue(text: string, unknown: string[], ...from: Facets[]): Value {
  const v: Value = unknown.length > 0 ? { kind: 'string', text, unknown } : { kind: 'string', text };
  return withFacets(v, ...from);
}

function concatValues(a: Value, b: Value): Value {
  if (a.kind === 'number' && b.kind === 'number') return withFacets({ kind: 'number', value: a.value + b.value }, a, b);
  const ta = textOf(a);
  const tb = textOf(b);
  return stringValue(ta.text + tb.text, [...ta.unknown, ...tb.unknown], ta.facets, tb.facets);
}

function looseEqual(a: Value, b: Value): boolean | undefined {
  const prim = (v: Value): string | number | boolean | null | undefined | typeof NaN => {
    if (v.kind === 'string') return v.unknown ? NaN : v.text;
    if (v.kind === 'number' || v.kind === 'boolean') return v.value;
    if (v.kind === 'undefined') return undefined;
    if (v.kind === 'external') return `\u0000${v.specifier}#${v.path.join('.')}`;
    return NaN;
  };
  const pa = prim(a);
  const pb = prim(b);
  if (Number.isNaN(pa) || Number.isNaN(pb)) return undefined;
  return pa === pb;
}

/** Evaluates expressions of any module of the repository; one per link run and analyzer. */
export class Evaluator {
  private readonly sources: ModuleSources;
  private steps = 0;

  constructor(
    private readonly ctx: LinkContext,
    private readonly hooks: { call?: CallHook } = {},
  ) {
    this.sources = ModuleSources.of(ctx);
  }

  source(module: string): ts.SourceFile | undefined {
    return this.sources.get(module);
  }

  nodeAt(module: string, start: number, end: number): ts.Node | undefined {
    return this.sources.nodeAt(module, start, end);
  }

  /** The value of the expression `collect` located at [start, end) of `module`. */
  at(module: string, start: number, end: number, bindings?: ReadonlyMap<ts.Node, Value>): Value {
    const found = this.sources.nodeAt(module, start, end);
    // `{ controllers }`: the shorthand property and its name span the same text
    const node = found && ts.isShorthandPropertyAssignment(found) ? found.name : found;
    if (!node || !ts.isExpression(node)) return unknownValue('expression');
    // each evaluation gets its own budget, so what one path costs never starves the next
    this.steps = 0;
    return this.expression(node, this.frame(module, bindings));
  }

  /** A frame for evaluating in `module`, with parameters bound (keyed by their declaration node). */
  frame(module: string, bindings?: ReadonlyMap<ts.Node, Value>): Frame {
    return { module, scope: new Map(bindings ?? []), depth: 0 };
  }

  /** What `module` exports as `name` (`default` for the default export). */
  exported(module: string, name: string, depth = 0): Value {
    const target = name === '*' ? { module, name } : (this.ctx.resolveExport(module, name) ?? { module, name });
    if (target.name === '*') return { kind: 'namespace', module: target.module };
    return this.declared(target.module, target.name, depth);
  }

  /** The parameter declaration a function has at `index`, in the module's parsed source. */
  parameterAt(module: string, start: number, end: number, index: number): ts.ParameterDeclaration | undefined {
    const fn = this.sources.nodeAt(module, start, end);
    return fn && ts.isFunctionLike(fn) ? fn.parameters[index] : undefined;
  }

  // -------------------------------------------------------------------------------------------

  expression(expr: ts.Expression, frame: Frame): Value {
    if (++this.steps > MAX_STEPS || frame.depth > MAX_DEPTH) return unknownValue(nameOf(expr));
    const e = unwrap(expr);
    if (ts.isStringLiteralLike(e)) return { kind: 'string', text: e.text };
    if (ts.isNumericLiteral(e)) return { kind: 'number', value: Number(e.text) };
    if (e.kind === ts.SyntaxKind.TrueKeyword) return { kind: 'boolean', value: true };
    if (e.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'boolean', value: false };
    if (e.kind === ts.SyntaxKind.NullKeyword) return UNDEFINED;
    if (e.kind === ts.SyntaxKind.ThisKeyword) return frame.self ?? unknownValue('this');
    if (ts.isTemplateExpression(e)) {
      let out: Value = { kind: 'string', text: e.head.text };
      for (const span of e.templateSpans) {
        out = concatValues(out, this.expression(span.expression, frame));
        out = concatValues(out, { kind: 'string', text: span.literal.text });
      }
      return out;
    }
    if (ts.isIdentifier(e)) return this.identifier(e, frame);
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return this.access(e, frame);
    if (ts.isMetaProperty(e)) return unknownValue(nameOf(e));
    if (ts.isArrayLiteralExpression(e)) return this.array(e.elements, frame);
    if (ts.isObjectLiteralExpression(e)) return this.object(e, frame);
    if (ts.isBinaryExpression(e)) return this.binary(e, frame);
    if (ts.isConditionalExpression(e)) return named(this.choose(e.condition, frame, () => this.expression(e.whenTrue, frame), () => this.expression(e.whenFalse, frame)), e);
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
      const t = truth(this.expression(e.operand, frame));
      return t.value === undefined ? unknownValue(nameOf(e)) : withFacets({ kind: 'boolean', value: !t.value }, { env: t.env });
    }
    if (ts.isTypeOfExpression(e)) return this.typeOf(e, frame);
    if (ts.isCallExpression(e)) return this.call(e, frame);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return { kind: 'function', module: frame.module, node: e, frame };
    if (ts.isClassExpression(e)) return { kind: 'class', module: frame.module, name: e.name?.text ?? 'default', node: e };
    if (ts.isVoidExpression(e)) return UNDEFINED;
    return unknownValue(nameOf(e));
  }

  private typeOf(e: ts.TypeOfExpression, frame: Frame): Value {
    const operand = unwrap(e.expression);
    // Seam reads Node.js servers: `typeof process` and `typeof window` are what Node says.
    if (ts.isIdentifier(operand) && !findDeclaration(operand)) {
      if (operand.text === 'process' || operand.text === 'require' || operand.text === 'module') return { kind: 'string', text: operand.text === 'process' || operand.text === 'module' ? 'object' : 'function' };
      if (operand.text === 'window' || operand.text === 'document') return { kind: 'string', text: 'undefined' };
    }
    const v = this.expression(operand, frame);
    const type: Record<string, string> = { string: 'string', number: 'number', boolean: 'boolean', undefined: 'undefined', object: 'object', array: 'object', env: 'object', class: 'function', function: 'function' };
    const t = type[v.kind];
    return t === undefined ? unknownValue(nameOf(e)) : withFacets({ kind: 'string', text: t }, v);
  }

  private array(elements: readonly ts.Expression[], frame: Frame): Value {
    const items: Value[] = [];
    for (const el of elements) {
      if (ts.isSpreadElement(el)) {
        const inner = this.expression(el.expression, frame);
        if (inner.kind === 'array') items.push(...inner.items);
        else items.push(inner);
      } else if (!ts.isOmittedExpression(el)) {
        items.push(this.expression(el, frame));
      }
    }
    return { kind: 'array', items };
  }

  private object(obj: ts.ObjectLiteralExpression, frame: Frame): Value {
    const entries = new Map<string, () => Value>();
    const spreads: (() => Value)[] = [];
    for (const p of obj.properties) {
      if (ts.isSpreadAssignment(p)) {
        // a later spread may override earlier keys: resolved on lookup
        const read = (): Value => this.expression(p.expression, frame);
        spreads.push(read);
        const index = spreads.length;
        entries.set(`\u0000spread${index}`, read);
        continue;
      }
      const key = this.propertyKey(p.name, frame);
      if (key === undefined) continue;
      if (ts.isPropertyAssignment(p)) entries.set(key, () => this.expression(p.initializer, frame));
      else if (ts.isShorthandPropertyAssignment(p)) entries.set(key, () => this.identifier(p.name, frame));
      else if (ts.isMethodDeclaration(p)) entries.set(key, () => ({ kind: 'function', module: frame.module, node: p, frame }));
    }
    const cache = new Map<string, Value | undefined>();
    const get = (key: string): Value | undefined => {
      if (cache.has(key)) return cache.get(key);
      cache.set(key, undefined);
      let found: Value | undefined;
      for (const [k, read] of entries) {
        if (k === key) found = read();
        else if (k.startsWith('\u0000spread')) {
          const spread = read();
          if (spread.kind === 'object') {
            const inner = spread.get(key);
            if (inner !== undefined) found = inner;
          } else if (spread.kind !== 'undefined') {
            found = unknownValue(key);
          }
        }
      }
      cache.set(key, found);
      return found;
    };
    const keys = (): string[] => {
      const out: string[] = [];
      for (const [k, read] of entries) {
        if (!k.startsWith('\u0000spread')) out.push(k);
        else {
          const spread = read();
          if (spread.kind === 'object') out.push(...spread.keys());
        }
      }
      return [...new Set(out)];
    };
    return { kind: 'object', get, keys };
  }

  private propertyKey(name: ts.PropertyName, frame: Frame): string | undefined {
    if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
    if (ts.isComputedPropertyName(name)) {
      const key = this.expression(name.expression, frame);
      if (key.kind === 'string' && !key.unknown) return key.text;
      if (key.kind === 'number') return String(key.value);
    }
    return undefined;
  }

  private binary(e: ts.BinaryExpression, frame: Frame): Value {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken) {
      // `'a' + b + 'c' + ...` is left-deep: folded in a loop, as it may be thousands of terms long
      const rights: ts.Expression[] = [e.right];
      let left = e.left;
      while (ts.isBinaryExpression(left) && left.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        if (++this.steps > MAX_STEPS) return unknownValue(nameOf(e));
        rights.push(left.right);
        left = left.left;
      }
      let out = this.expression(left, frame);
      for (let i = rights.length - 1; i >= 0; i--) out = concatValues(out, this.expression(rights[i]!, frame));
      return out;
    }
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
      const left = this.expression(e.left, frame);
      const useRight = op === ts.SyntaxKind.BarBarToken ? (() => { const t = truth(left); return t.value === undefined ? undefined : !t.value; })() : left.kind === 'undefined' ? true : left.kind === 'unknown' || left.kind === 'either' ? undefined : false;
      if (useRight === false) return left;
      const right = (): Value => this.expression(e.right, frame);
      if (useRight === true) {
        const r = right();
        if (left.env?.length) return addNote(withFacets(r, { env: left.env }), this.defaultNote(left.env, r, e, frame));
        return r;
      }
      return { kind: 'either', options: [left, right()], name: nameOf(e) };
    }
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
      const left = this.expression(e.left, frame);
      const t = truth(left);
      if (t.value === false) return left;
      if (t.value === true) return withFacets(this.expression(e.right, frame), { env: t.env });
      return { kind: 'either', options: [left, this.expression(e.right, frame)] };
    }
    const equality: Partial<Record<ts.SyntaxKind, boolean>> = {
      [ts.SyntaxKind.EqualsEqualsEqualsToken]: true,
      [ts.SyntaxKind.EqualsEqualsToken]: true,
      [ts.SyntaxKind.ExclamationEqualsEqualsToken]: false,
      [ts.SyntaxKind.ExclamationEqualsToken]: false,
    };
    const positive = equality[op];
    if (positive !== undefined) {
      const left = this.expression(e.left, frame);
      const right = this.expression(e.right, frame);
      const eq = looseEqual(left, right);
      if (eq === undefined) return unknownValue(nameOf(e));
      return withFacets({ kind: 'boolean', value: eq === positive }, left, right);
    }
    return unknownValue(nameOf(e));
  }

  private defaultNote(env: string[], value: Value, at: ts.Node, frame: Frame): string {
    const shown = value.kind === 'string' && !value.unknown ? `'${value.text}'` : 'the default';
    return `${env.map((n) => `process.env.${n}`).join(', ')} read as unset: ${shown} assumed (${frame.module}:${lineOf(at)})`;
  }

  /** `test ? a : b` and `if`: the branch the environment default picks is preferred, with a note. */
  private choose(test: ts.Expression, frame: Frame, whenTrue: () => Value, whenFalse: () => Value): Value {
    const t = truth(this.expression(test, frame));
    if (t.value !== undefined && t.env.length === 0) return t.value ? whenTrue() : whenFalse();
    if (t.value !== undefined) {
      const note = `${[...new Set(t.env)].map((n) => `process.env.${n}`).join(', ')} read as unset: \`${nameOf(test)}\` taken as ${t.value} (${frame.module}:${lineOf(test)})`;
      const chosen = addNote(withFacets(t.value ? whenTrue() : whenFalse(), { env: t.env }), note);
      const other = t.value ? whenFalse() : whenTrue();
      return { kind: 'either', options: [chosen, other], preferred: 0 };
    }
    return { kind: 'either', options: [whenTrue(), whenFalse()] };
  }

  // -------------------------------------------------------------------------------------------
  // Names

  private identifier(id: ts.Identifier, frame: Frame): Value {
    const decl = findDeclaration(id);
    if (decl && frame.scope.has(decl)) return frame.scope.get(decl)!;
    if (!decl) {
      if (id.text === 'undefined') return UNDEFINED;
      if (id.text === '__dirname') return { kind: 'string', text: posix.join(this.ctx.rootDir, dirname(frame.module)) };
      if (id.text === '__filename') return { kind: 'string', text: posix.join(this.ctx.rootDir, frame.module) };
      return unknownValue(id.text);
    }
    return this.declaration(decl, id.text, frame);
  }

  private declaration(decl: ts.Node, name: string, frame: Frame): Value {
    const module = frame.module;
    if (ts.isVariableDeclaration(decl)) {
      const list = decl.parent;
      const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
      if (!decl.initializer) return unknownValue(name);
      // a `let` or `var` is its initial value only when nothing assigns it again
      if (!isConst && isReassigned(decl)) return unknownValue(name);
      const value = this.expression(decl.initializer, { ...frame, depth: frame.depth + 1 });
      return value.kind === 'array' && ts.isIdentifier(decl.name) && ts.isVariableStatement(list.parent) && ts.isSourceFile(list.parent.parent) ? this.withModulePushes(decl, value, frame) : value;
    }
    if (ts.isParameter(decl)) {
      if (decl.initializer) return this.expression(decl.initializer, frame);
      return unknownValue(name);
    }
    if (ts.isBindingElement(decl)) return this.bindingElement(decl, name, frame);
    if (ts.isFunctionDeclaration(decl)) return { kind: 'function', module, node: decl, frame: { module, scope: new Map(), depth: frame.depth } };
    if (ts.isClassDeclaration(decl)) return { kind: 'class', module, name: decl.name?.text ?? 'default', node: decl };
    if (ts.isEnumDeclaration(decl)) return this.enumValue(decl, frame);
    if (ts.isImportClause(decl) || ts.isImportSpecifier(decl) || ts.isNamespaceImport(decl) || ts.isImportEqualsDeclaration(decl)) return this.imported(name, frame);
    return unknownValue(name);
  }

  /**
   * A module-level array and what the module's top-level code pushes into it, under any
   * condition (`if (process.env.X) modules.push(AnalyticsModule)`): every item it may hold.
   */
  private withModulePushes(decl: ts.VariableDeclaration, value: Extract<Value, { kind: 'array' }>, frame: Frame): Value {
    const items = [...value.items];
    const visit = (root: ts.Node): void =>
      walkAst(root, (node) => {
        if (ts.isFunctionLike(node) || ts.isClassLike(node)) return false;
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ['push', 'unshift'].includes(node.expression.name.text)) {
          const target = node.expression.expression;
          if (ts.isIdentifier(target) && findDeclaration(target) === decl) {
            for (const a of node.arguments) {
              const v = this.expression(ts.isSpreadElement(a) ? a.expression : a, frame);
              items.push(...(ts.isSpreadElement(a) && v.kind === 'array' ? v.items : [v]));
            }
          }
        }
        return undefined;
      });
    for (const statement of decl.getSourceFile().statements) if (!ts.isVariableStatement(statement) || !statement.declarationList.declarations.includes(decl)) visit(statement);
    return { ...value, items };
  }

  private bindingElement(decl: ts.BindingElement, name: string, frame: Frame): Value {
    const pattern = decl.parent;
    if (!ts.isObjectBindingPattern(pattern)) return unknownValue(name);
    const holder = pattern.parent;
    const key = decl.propertyName ? this.propertyKey(decl.propertyName, frame) : name;
    if (key === undefined) return unknownValue(name);
    let source: Value | undefined;
    if (ts.isVariableDeclaration(holder) && holder.initializer) source = this.expression(holder.initializer, frame);
    else if (ts.isParameter(holder) && frame.scope.has(holder)) source = frame.scope.get(holder);
    if (!source) return unknownValue(name);
    const value = this.member(source, key, name);
    if (value.kind === 'undefined' && decl.initializer) return this.expression(decl.initializer, frame);
    return value;
  }

  private enumValue(decl: ts.EnumDeclaration, frame: Frame): Value {
    const values = new Map<string, Value>();
    let next = 0;
    for (const m of decl.members) {
      const key = ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) ? m.name.text : undefined;
      if (key === undefined) continue;
      let v: Value;
      if (m.initializer) v = this.expression(m.initializer, frame);
      else v = { kind: 'number', value: next };
      if (v.kind === 'number') next = v.value + 1;
      values.set(key, v);
    }
    return { kind: 'object', get: (k) => values.get(k), keys: () => [...values.keys()] };
  }

  /** A name `frame.module` imports: its declaration in the repository, or the package it comes from. */
  private imported(name: string, frame: Frame): Value {
    const json = this.jsonImport(name, frame);
    if (json) return json;
    const origin = this.ctx.packageOrigin(frame.module, name);
    if (origin) return { kind: 'external', specifier: origin.specifier, path: origin.name === 'default' || origin.name === '*' ? [] : [origin.name] };
    const target = this.ctx.resolveBinding(frame.module, name);
    if (!target || target.module === frame.module) return unknownValue(name);
    if (target.name === '*') return { kind: 'namespace', module: target.module };
    return this.declared(target.module, target.name, frame.depth + 1);
  }

  /**
   * `import config from './plugin.json'` (and `require('./x.json')`): the JSON file the code
   * imports statically, read as data. Only relative specifiers; the file must be in the repository.
   */
  private jsonImport(name: string, frame: Frame): Value | undefined {
    const sf = this.sources.get(frame.module);
    if (!sf) return undefined;
    for (const statement of sf.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteralLike(statement.moduleSpecifier)) continue;
      const spec = statement.moduleSpecifier.text;
      if (!spec.startsWith('.') || !spec.endsWith('.json')) continue;
      const clause = statement.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements.find((e) => e.name.text === name) : undefined;
      const whole = clause?.name?.text === name || (clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings) && clause.namedBindings.name.text === name);
      if (!whole && !named) continue;
      const text = readRepoFile(this.ctx, posix.normalize(posix.join(dirname(frame.module), spec)));
      if (text === undefined) return undefined;
      let data: unknown;
      try {
        data = JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
      const value = jsonValue(data);
      return named ? this.member(value, (named.propertyName ?? named.name).text, name) : value;
    }
    return undefined;
  }

  /** The value `module` declares at top level as `name` (`default`: the default export). */
  declared(module: string, name: string, depth = 0): Value {
    const sf = this.sources.get(module);
    if (!sf || depth > MAX_DEPTH) return unknownValue(name);
    const frame: Frame = { module, scope: new Map(), depth: depth + 1 };
    for (const statement of sf.statements) {
      if (name === 'default') {
        if (ts.isExportAssignment(statement)) return this.expression(statement.expression, frame);
        if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && hasDefault(statement)) {
          return ts.isFunctionDeclaration(statement)
            ? { kind: 'function', module, node: statement, frame }
            : { kind: 'class', module, name: statement.name?.text ?? 'default', node: statement };
        }
        continue;
      }
      const decl = topLevelDeclaration(statement, name);
      if (decl) return this.declaration(decl, name, frame);
    }
    // CommonJS: `module.exports = { ... }` or `exports.name = ...`
    for (const statement of sf.statements) {
      if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
      const assign = statement.expression;
      if (assign.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const target = assign.left.getText();
      if (target === 'module.exports') {
        const whole = this.expression(assign.right, frame);
        return name === 'default' ? whole : this.member(whole, name, name);
      }
      if (target === `exports.${name}` || target === `module.exports.${name}`) return this.expression(assign.right, frame);
    }
    return unknownValue(name);
  }

  // -------------------------------------------------------------------------------------------
  // Members

  private access(e: ts.PropertyAccessExpression | ts.ElementAccessExpression, frame: Frame): Value {
    // `process.env` and `import.meta.dirname` before anything else
    const head = unwrap(e.expression);
    if (ts.isIdentifier(head) && head.text === 'process' && !findDeclaration(head)) {
      const key = ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
      return key === 'env' ? { kind: 'env' } : unknownValue(nameOf(e));
    }
    if (ts.isMetaProperty(head) && ts.isPropertyAccessExpression(e)) {
      if (e.name.text === 'dirname' || e.name.text === 'dir') return { kind: 'string', text: posix.join(this.ctx.rootDir, dirname(frame.module)) };
      if (e.name.text === 'filename' || e.name.text === 'url') return { kind: 'string', text: posix.join(this.ctx.rootDir, frame.module) };
    }
    const base = this.expression(e.expression, frame);
    let key: string | undefined;
    if (ts.isPropertyAccessExpression(e)) key = e.name.text;
    else {
      const k = this.expression(e.argumentExpression, frame);
      if (k.kind === 'string' && !k.unknown) key = k.text;
      else if (k.kind === 'number') key = String(k.value);
      else if (k.kind === 'external' && base.kind === 'object') return unknownValue(nameOf(e));
    }
    if (key === undefined) return unknownValue(nameOf(e));
    return withFacets(this.member(base, key, nameOf(e)), base.kind === 'env' ? undefined : { notes: base.notes });
  }

  /** `base[key]`; what is read from a loaded module (or from a value read from one) keeps its origin. */
  member(base: Value, key: string, name: string): Value {
    const value = this.memberOf(base, key, name);
    const origin = base.kind === 'namespace' && base.loaded ? this.exportOrigin(base.module, key) : base.origin;
    return origin && !value.origin ? { ...value, origin } : value;
  }

  /** Where `module` exports `name`: the module and the line of the export. */
  private exportOrigin(module: string, name: string): { module: string; line: number } {
    const sf = this.sources.get(module);
    const statement = sf?.statements.find((st) => (name === 'default' ? ts.isExportAssignment(st) || (hasDefault(st) && (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st))) : topLevelDeclaration(st, name) !== undefined));
    return { module, line: statement ? lineOf(statement) : 1 };
  }

  private memberOf(base: Value, key: string, name: string): Value {
    switch (base.kind) {
      case 'env':
        return { kind: 'undefined', env: [key] };
      case 'object': {
        const v = base.get(key);
        return v ?? UNDEFINED;
      }
      case 'array':
        if (key === 'length') return { kind: 'number', value: base.items.length };
        return /^\d+$/.test(key) ? (base.items[Number(key)] ?? UNDEFINED) : unknownValue(name);
      case 'namespace':
        return this.exported(base.module, key);
      case 'class':
        return this.staticMember(base, key, name);
      case 'external':
        return { kind: 'external', specifier: base.specifier, path: [...base.path, key] };
      case 'either':
        return { kind: 'either', options: base.options.map((o) => this.member(o, key, name)), ...(base.preferred !== undefined && { preferred: base.preferred }) };
      case 'string':
        if (key === 'length' && !base.unknown) return { kind: 'number', value: base.text.length };
        return unknownValue(name);
      case 'undefined':
        return base.env?.length ? base : unknownValue(name);
      default:
        return unknownValue(name);
    }
  }

  /** The class's own static member named `key` (a method, property or accessor), if it declares one. */
  ownStaticMember(cls: Extract<Value, { kind: 'class' }>, key: string): ts.ClassElement | undefined {
    return cls.node.members.find((m) => {
      const isStatic = (ts.canHaveModifiers(m) ? (ts.getModifiers(m) ?? []) : []).some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
      return isStatic && m.name !== undefined && ts.isIdentifier(m.name) && m.name.text === key;
    });
  }

  private staticMember(cls: Extract<Value, { kind: 'class' }>, key: string, name: string): Value {
    const m = this.ownStaticMember(cls, key);
    if (m && ts.isMethodDeclaration(m)) return { kind: 'function', module: cls.module, node: m, frame: { module: cls.module, scope: new Map(), self: cls, depth: 0 } };
    if (m && ts.isPropertyDeclaration(m) && m.initializer) return this.expression(m.initializer, { module: cls.module, scope: new Map(), self: cls, depth: 1 });
    // inherited static members
    const heritage = cls.node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (heritage) {
      const parent = this.expression(heritage.expression, { module: cls.module, scope: new Map(), depth: 1 });
      if (parent.kind === 'class') return this.staticMember(parent, key, name);
      if (parent.kind === 'external') return { kind: 'external', specifier: parent.specifier, path: [...parent.path, key] };
    }
    return unknownValue(name);
  }

  // -------------------------------------------------------------------------------------------
  // Calls

  private call(e: ts.CallExpression, frame: Frame): Value {
    const hooked = this.hooks.call?.(e, frame, this);
    if (hooked) return hooked;
    const callee = unwrap(e.expression);
    // `require('./x')`, `require(file)`, `await import(file)`: the module's namespace
    if ((ts.isIdentifier(callee) && callee.text === 'require' && !findDeclaration(callee)) || callee.kind === ts.SyntaxKind.ImportKeyword) {
      const what = callee.kind === ts.SyntaxKind.ImportKeyword ? 'import()' : 'require()';
      const arg = e.arguments[0];
      if (!arg) return unknownValue(what);
      const loaded = this.loaded(frame, this.expression(arg, frame), what);
      return loaded.kind === 'namespace' && !ts.isStringLiteralLike(unwrap(arg)) ? { ...loaded, loaded: true } : loaded;
    }
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      // `'a'.concat(b)`, `[...].join('/')`, `s.toLowerCase()`: the few string helpers paths use
      if (['join', 'concat', 'toLowerCase', 'toUpperCase', 'trim'].includes(method)) {
        const target = this.expression(callee.expression, frame);
        const helped = this.stringHelper(target, method, e.arguments, frame);
        if (helped) return helped;
        if (target.kind !== 'class' && target.kind !== 'namespace' && target.kind !== 'object' && target.kind !== 'external') return unknownValue(nameOf(e));
      }
      const head = unwrap(callee.expression);
      if (ts.isIdentifier(head) && head.text === 'Object' && !findDeclaration(head) && ['keys', 'values', 'entries'].includes(method)) {
        return this.objectHelper(method, e.arguments[0] ? this.expression(e.arguments[0], frame) : UNDEFINED, e);
      }
      if (ARRAY_HELPERS.has(method) || STRING_HELPERS.has(method)) {
        const target = this.expression(callee.expression, frame);
        if (target.kind === 'array' && ARRAY_HELPERS.has(method)) return this.arrayHelper(target, method, e, frame);
        if (target.kind === 'string' && STRING_HELPERS.has(method)) return this.textHelper(target, method, e, frame);
        if (target.kind === 'array' || target.kind === 'string' || target.kind === 'unknown' || target.kind === 'undefined') return unknownValue(nameOf(e));
      }
    }
    const fn = this.expression(callee, frame);
    const args = e.arguments.map((a) => (ts.isSpreadElement(a) ? unknownValue(nameOf(a.expression)) : this.expression(a, frame)));
    if (fn.kind === 'builtin') return fn.call(args);
    // a call whose result only run time decides is named after the call
    if (fn.kind === 'function') return named(this.invoke(fn, args, frame.depth), e, true);
    if (fn.kind === 'external') return this.externalCall(fn, args, e);
    if (fn.kind === 'either') return { kind: 'either', options: fn.options.map((o) => (o.kind === 'function' ? this.invoke(o, args, frame.depth) : unknownValue(nameOf(e)))), ...(fn.preferred !== undefined && { preferred: fn.preferred }) };
    return unknownValue(nameOf(e));
  }

  /** `Object.keys(o)`, `Object.values(o)`, `Object.entries(o)` of an object the evaluator holds. */
  private objectHelper(method: string, target: Value, e: ts.CallExpression): Value {
    if (target.kind !== 'object') return unknownValue(nameOf(e));
    const items = target.keys().map((key): Value => {
      const value = target.get(key) ?? UNDEFINED;
      if (method === 'keys') return { kind: 'string', text: key };
      return method === 'values' ? value : { kind: 'array', items: [{ kind: 'string', text: key }, value] };
    });
    return { kind: 'array', items };
  }

  /**
   * `list.filter(fn)`, `map`, `flatMap`, `find`, `some`, `every`, `includes(x)` on a known list:
   * the function runs per item; when only run time can tell whether an item is kept, the result
   * is unknown rather than a guess.
   */
  private arrayHelper(target: Extract<Value, { kind: 'array' }>, method: string, e: ts.CallExpression, frame: Frame): Value {
    const args = e.arguments.map((a) => this.expression(a, frame));
    if (method === 'includes') {
      const key = args[0] && primitiveKey(args[0]);
      const keys = target.items.map(primitiveKey);
      if (key !== undefined && keys.includes(key)) return { kind: 'boolean', value: true };
      return key === undefined || keys.includes(undefined) ? unknownValue(nameOf(e)) : { kind: 'boolean', value: false };
    }
    const fn = args[0];
    if (!fn || (fn.kind !== 'function' && fn.kind !== 'builtin') || target.items.length > MAX_LOOP_ITEMS) return unknownValue(nameOf(e));
    const run = (item: Value, index: number): Value => (fn.kind === 'builtin' ? fn.call([item]) : this.invoke(fn, [item, { kind: 'number', value: index }], frame.depth));
    if (method === 'map') return { kind: 'array', items: target.items.map(run) };
    if (method === 'flatMap') return { kind: 'array', items: target.items.flatMap((item, i) => { const v = run(item, i); return v.kind === 'array' ? v.items : [v]; }) };
    const kept: Value[] = [];
    for (const [i, item] of target.items.entries()) {
      const t = truth(run(item, i));
      if (t.value === undefined) return unknownValue(nameOf(e));
      if (t.value) {
        if (method === 'find') return item;
        if (method === 'some') return { kind: 'boolean', value: true };
        kept.push(item);
      } else if (method === 'every') return { kind: 'boolean', value: false };
    }
    if (method === 'find') return UNDEFINED;
    if (method === 'some' || method === 'every') return { kind: 'boolean', value: method === 'every' };
    return { kind: 'array', items: kept };
  }

  /** `s.startsWith(x)`, `endsWith`, `includes`, `replace(a, b)`, `slice(i, j)`, `split(sep)` on a known text. */
  private textHelper(target: Extract<Value, { kind: 'string' }>, method: string, e: ts.CallExpression, frame: Frame): Value {
    const unknown = unknownValue(nameOf(e));
    if (target.unknown) return unknown;
    const args = e.arguments.map((a) => this.expression(a, frame));
    const text = (i: number): string | undefined => {
      const a = args[i];
      return a?.kind === 'string' && !a.unknown ? a.text : undefined;
    };
    const num = (i: number): number | undefined => {
      const a = args[i];
      return a === undefined ? undefined : a.kind === 'number' ? a.value : Number.NaN;
    };
    const s = target.text;
    if (method === 'startsWith' || method === 'endsWith' || method === 'includes') {
      const x = text(0);
      if (x === undefined) return unknown;
      return withFacets({ kind: 'boolean', value: method === 'startsWith' ? s.startsWith(x) : method === 'endsWith' ? s.endsWith(x) : s.includes(x) }, target);
    }
    if (method === 'slice') {
      const [a, b] = [num(0), num(1)];
      if (Number.isNaN(a) || Number.isNaN(b)) return unknown;
      return withFacets({ kind: 'string', text: s.slice(a, b) }, target);
    }
    if (method === 'split') {
      const sep = text(0);
      return sep === undefined ? unknown : { kind: 'array', items: s.split(sep).map((part) => withFacets({ kind: 'string', text: part }, target)) };
    }
    // replace: a literal text, or a regular expression literal simple enough to run safely
    const replacement = text(1);
    const pattern = e.arguments[0] && unwrap(e.arguments[0]);
    if (replacement === undefined || !pattern) return unknown;
    const re = ts.isRegularExpressionLiteral(pattern) ? safeRegExp(pattern.text) : undefined;
    const literal = text(0);
    if (re) return withFacets({ kind: 'string', text: s.replace(re, () => replacement) }, target);
    if (literal !== undefined && !ts.isRegularExpressionLiteral(pattern)) return withFacets({ kind: 'string', text: s.replace(literal, () => replacement) }, target);
    return unknown;
  }

  /**
   * What `require(x)` / `import(x)` loads when x is known: a module of the repository (a relative
   * specifier, or an absolute path under the repository root, with or without its extension) or a
   * package. Nothing is loaded: the value is the module's namespace, read from its source.
   */
  private loaded(frame: Frame, spec: Value, what: string): Value {
    if (spec.kind !== 'string' || spec.unknown) return unknownValue(what);
    const text = spec.text;
    if (posix.isAbsolute(text)) {
      const module = this.moduleAtPath(text);
      return module ? { kind: 'namespace', module } : unknownValue(what);
    }
    const target = this.ctx.resolve(frame.module, text) ?? (text.startsWith('.') ? this.moduleAtRepoPath(posix.join(dirname(frame.module), text)) : undefined);
    if (target) return { kind: 'namespace', module: target };
    return text.startsWith('.') ? unknownValue(what) : { kind: 'external', specifier: text, path: [] };
  }

  /** The repository module `require(x)` / `import(x)` in `module` loads, for a known x. */
  loadedModule(module: string, spec: Value): string | undefined {
    const v = this.loaded({ module, scope: new Map(), depth: 0 }, spec, 'import()');
    return v.kind === 'namespace' ? v.module : undefined;
  }

  private moduleSet?: Set<string>;

  /** The analyzed module at an absolute path (`/repo/src/a/b.ts`, `.../b.js` or `.../b`), if any. */
  private moduleAtPath(abs: string): string | undefined {
    const rel = this.repoPath(abs);
    return rel === undefined ? undefined : this.moduleAtRepoPath(rel);
  }

  /** The analyzed module at a repository path, with or without its extension, or its folder's index. */
  private moduleAtRepoPath(rel: string): string | undefined {
    this.moduleSet ??= new Set(this.ctx.modules);
    const bare = rel.replace(/\.(?:[cm]?[jt]sx?)$/, '');
    const candidates = [rel, ...SOURCE_EXTENSIONS.map((x) => bare + x), ...SOURCE_EXTENSIONS.map((x) => `${rel}/index${x}`)];
    return candidates.find((c) => this.moduleSet!.has(c));
  }

  /** An absolute path under the repository root as a repository path (`''` for the root); undefined outside it. */
  private repoPath(abs: string): string | undefined {
    if (!posix.isAbsolute(abs)) return undefined;
    const rel = posix.relative(this.ctx.rootDir, posix.normalize(abs));
    return rel.startsWith('..') || posix.isAbsolute(rel) ? undefined : rel;
  }

  private folders?: Map<string, Map<string, boolean>>;

  /** The entries of a repository folder the walk found (name -> is a folder), sorted by name; undefined if none. */
  private folder(rel: string): [string, boolean][] | undefined {
    if (!this.folders) {
      this.folders = new Map();
      for (const file of this.ctx.allFiles) {
        const parts = file.split('/');
        for (let i = 0; i < parts.length; i++) {
          const dir = parts.slice(0, i).join('/');
          let entries = this.folders.get(dir);
          if (!entries) this.folders.set(dir, (entries = new Map()));
          if (!entries.has(parts[i]!)) entries.set(parts[i]!, i < parts.length - 1);
        }
      }
    }
    const entries = this.folders.get(rel);
    return entries && [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** `fs.readdirSync(dir)` (names) or with `{ withFileTypes: true }` (entries with `name`, `isDirectory()`, `isFile()`). */
  private listing(abs: string, options: Value | undefined): Value {
    const rel = this.repoPath(abs);
    const entries = rel === undefined ? undefined : this.folder(rel);
    if (!entries) return unknownValue('readdir()');
    const typed = options?.kind === 'object' && truth(options.get('withFileTypes') ?? UNDEFINED).value === true;
    return {
      kind: 'array',
      items: entries.map(([name, isFolder]): Value => {
        if (!typed) return { kind: 'string', text: name };
        const fields: Record<string, Value> = {
          name: { kind: 'string', text: name },
          isDirectory: { kind: 'builtin', name: 'isDirectory', call: () => ({ kind: 'boolean', value: isFolder }) },
          isFile: { kind: 'builtin', name: 'isFile', call: () => ({ kind: 'boolean', value: !isFolder }) },
        };
        return { kind: 'object', get: (k) => fields[k], keys: () => ['name'] };
      }),
    };
  }

  /** `fs.existsSync(p)` for a path in the repository: the walk's files and folders, then the disk. */
  private exists(abs: string): Value {
    const rel = this.repoPath(abs);
    if (rel === undefined) return unknownValue('existsSync()');
    // a folder the walk found, or a file in one (its parent's listing, not a scan of every file)
    if (this.folder(rel) || this.folder(posix.dirname(rel) === '.' ? '' : posix.dirname(rel))?.some(([name, isFolder]) => !isFolder && name === posix.basename(rel))) return { kind: 'boolean', value: true };
    return { kind: 'boolean', value: this.ctx.exists(rel) };
  }

  private stringHelper(target: Value, method: string, argExprs: readonly ts.Expression[], frame: Frame): Value | undefined {
    const args = argExprs.map((a) => this.expression(a, frame));
    if (method === 'concat' && target.kind === 'array') {
      return { kind: 'array', items: [...target.items, ...args.flatMap((a) => (a.kind === 'array' ? a.items : [a]))] };
    }
    if (method === 'join' && target.kind === 'array') {
      const sep = args[0] ? textOf(args[0]) : { text: ',', unknown: [], facets: {} };
      const parts = target.items.map(textOf);
      return stringValue(parts.map((p) => p.text).join(sep.text), [...parts.flatMap((p) => p.unknown), ...sep.unknown], sep.facets, ...parts.map((p) => p.facets));
    }
    if (target.kind !== 'string') return undefined;
    if (method === 'concat') return args.reduce<Value>((acc, a) => concatValues(acc, a), target);
    if (target.unknown) return undefined;
    const text = method === 'toLowerCase' ? target.text.toLowerCase() : method === 'toUpperCase' ? target.text.toUpperCase() : method === 'trim' ? target.text.trim() : undefined;
    return text === undefined ? undefined : withFacets({ kind: 'string', text }, target);
  }

  /** Node's `path.join` / `path.resolve` / `path.dirname` and `url.fileURLToPath` build file paths (Fastify autoload `dir`). */
  private externalCall(fn: Extract<Value, { kind: 'external' }>, args: Value[], e: ts.CallExpression): Value {
    const mod = fn.specifier.replace(/^node:/, '');
    const name = fn.path[fn.path.length - 1];
    const texts = args.map(textOf);
    const known = texts.every((t) => t.unknown.length === 0);
    if ((mod === 'path' || mod === 'path/posix') && known) {
      if (name === 'join') return { kind: 'string', text: posix.join(...texts.map((t) => t.text)) };
      if (name === 'resolve') return { kind: 'string', text: posix.resolve(this.ctx.rootDir, ...texts.map((t) => t.text)) };
      if (name === 'dirname' && texts[0]) return { kind: 'string', text: posix.dirname(texts[0].text) };
      if (name === 'basename' && texts[0]) return { kind: 'string', text: posix.basename(texts[0].text, texts[1]?.text) };
      if (name === 'extname' && texts[0]) return { kind: 'string', text: posix.extname(texts[0].text) };
    }
    if (mod === 'url' && name === 'fileURLToPath' && known && texts[0]) return { kind: 'string', text: texts[0].text.replace(/^file:\/\//, '') };
    // a folder listing and an existence test, read from the repository's files
    const first = texts[0];
    if ((mod === 'fs' || mod === 'fs/promises' || mod === 'fs-extra') && first && first.unknown.length === 0) {
      if (name === 'readdirSync' || name === 'readdir') return this.listing(first.text, args[1]);
      if (name === 'existsSync' || name === 'pathExistsSync') return this.exists(first.text);
    }
    // `forwardRef(() => X)` (NestJS): the value is what the arrow returns
    if (name === 'forwardRef' && args[0]?.kind === 'function') return this.invoke(args[0], [], 0);
    return unknownValue(nameOf(e));
  }

  /** Runs a short function body on static values: declarations, `if`, `for…of`, `return`, assignments. */
  invoke(fn: Extract<Value, { kind: 'function' }>, args: Value[], depth: number): Value {
    if (depth > MAX_DEPTH) return unknownValue(fn.node.name?.getText() ?? 'function');
    const frame: Frame = { module: fn.module, scope: new Map(fn.frame.scope), depth: depth + 1 };
    if (fn.frame.self) frame.self = fn.frame.self;
    fn.node.parameters.forEach((p, i) => {
      const arg = ts.isIdentifier(p.name) && p.dotDotDotToken ? ({ kind: 'array', items: args.slice(i) } as Value) : args[i];
      const value = arg === undefined || (arg.kind === 'undefined' && !arg.env) ? (p.initializer ? this.expression(p.initializer, frame) : (arg ?? UNDEFINED)) : arg;
      frame.scope.set(p, value);
      if (!ts.isIdentifier(p.name)) this.bindPattern(p.name, value, frame);
    });
    const body = fn.node.body;
    if (!body) return unknownValue(`${fn.node.name?.getText() ?? 'function'}()`);
    if (!ts.isBlock(body)) return this.expression(body, frame);
    const result = this.statements(body.statements, 0, frame);
    if (result === 'unreadable' || result === 'continue' || result === 'break') return unknownValue(`${fn.node.name?.getText() ?? 'function'}()`);
    return result ?? UNDEFINED;
  }

  private bindPattern(pattern: ts.BindingPattern, value: Value, frame: Frame): void {
    for (const el of pattern.elements) {
      if (ts.isOmittedExpression(el)) continue;
      const key = ts.isArrayBindingPattern(pattern) ? String(pattern.elements.indexOf(el)) : el.propertyName ? this.propertyKey(el.propertyName, frame) : ts.isIdentifier(el.name) ? el.name.text : undefined;
      const v = key === undefined ? unknownValue('binding') : this.member(value, key, key);
      frame.scope.set(el, v.kind === 'undefined' && el.initializer ? this.expression(el.initializer, frame) : v);
      if (!ts.isIdentifier(el.name)) this.bindPattern(el.name, v, frame);
    }
  }

  /**
   * Runs statements from `index`: the returned value, undefined when control falls off the end,
   * `continue`/`break` out of a loop body, or 'unreadable' when a statement is beyond this reader
   * (a `while`, a `try`, a `switch`, a loop over a list only run time knows).
   */
  private statements(list: readonly ts.Statement[], index: number, frame: Frame): Flow {
    for (let i = index; i < list.length; i++) {
      if (++this.steps > MAX_STEPS) return 'unreadable';
      const s = list[i]!;
      if (ts.isReturnStatement(s)) return s.expression ? this.expression(s.expression, frame) : UNDEFINED;
      if (ts.isThrowStatement(s)) return 'unreadable';
      if (ts.isVariableStatement(s)) {
        for (const d of s.declarationList.declarations) {
          const v = d.initializer ? this.expression(d.initializer, frame) : UNDEFINED;
          frame.scope.set(d, v);
          if (!ts.isIdentifier(d.name)) this.bindPattern(d.name, v, frame);
        }
        continue;
      }
      if (ts.isFunctionDeclaration(s) || ts.isEmptyStatement(s) || ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) continue;
      if (ts.isBlock(s)) {
        const r = this.statements([...s.statements, ...list.slice(i + 1)], 0, frame);
        return r;
      }
      if (ts.isIfStatement(s)) return this.ifStatement(s, list, i, frame);
      if (ts.isContinueStatement(s) || ts.isBreakStatement(s)) return s.label ? 'unreadable' : ts.isContinueStatement(s) ? 'continue' : 'break';
      if (ts.isForOfStatement(s)) {
        const r = this.forOf(s, frame);
        if (r !== undefined) return r;
        continue;
      }
      if (ts.isExpressionStatement(s)) {
        this.assignment(s.expression, frame);
        continue;
      }
      return 'unreadable';
    }
    return undefined;
  }

  /**
   * `for (const x of list)` over a list the evaluator knows, unrolled: the body runs once per item,
   * and what it pushes or assigns to earlier names stays. Undefined when the loop ends normally.
   */
  private forOf(s: ts.ForOfStatement, frame: Frame): Flow {
    const init = s.initializer;
    if (!ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return 'unreadable';
    const decl = init.declarations[0]!;
    const list = this.expression(s.expression, frame);
    if (list.kind !== 'array' || list.items.length > MAX_LOOP_ITEMS) return 'unreadable';
    const body = ts.isBlock(s.statement) ? s.statement.statements : [s.statement];
    for (const item of list.items) {
      // each pass has its own scope (what it declares may be read later, lazily, by an object it
      // built); what it assigns to names declared before the loop carries over
      const pass: Frame = { ...frame, scope: new Map(frame.scope) };
      this.bind(frame.module, decl, item, pass.scope);
      const r = this.statements(body, 0, pass);
      for (const key of frame.scope.keys()) frame.scope.set(key, pass.scope.get(key)!);
      if (r === 'break') break;
      if (r !== undefined && r !== 'continue') return r;
    }
    return undefined;
  }

  /** Binds a declaration (a variable, a parameter, with or without a destructuring pattern) to a value in `scope`. */
  bind(module: string, decl: ts.VariableDeclaration | ts.ParameterDeclaration, value: Value, scope: Map<ts.Node, Value>): void {
    scope.set(decl, value);
    if (!ts.isIdentifier(decl.name)) this.bindPattern(decl.name, value, { module, scope, depth: 0 });
  }

  private ifStatement(s: ts.IfStatement, list: readonly ts.Statement[], i: number, frame: Frame): Flow {
    const rest = list.slice(i + 1);
    const branch = (stmt: ts.Statement | undefined, f: Frame): Flow => {
      const body = stmt === undefined ? [] : ts.isBlock(stmt) ? [...stmt.statements] : [stmt];
      return this.statements([...body, ...rest], 0, f);
    };
    const t = truth(this.expression(s.expression, frame));
    if (t.value !== undefined && t.env.length === 0) return branch(t.value ? s.thenStatement : s.elseStatement, frame);
    const fork = (): Frame => ({ ...frame, scope: new Map(frame.scope) });
    const thenResult = branch(s.thenStatement, fork());
    const elseResult = branch(s.elseStatement, fork());
    // in a loop body, branches that go on differently cannot be followed as one
    if (thenResult === 'continue' || thenResult === 'break' || elseResult === 'continue' || elseResult === 'break') return 'unreadable';
    // neither returns: control falls off the end
    if (thenResult === undefined && elseResult === undefined) return undefined;
    // a branch that throws is never the value
    if (thenResult === 'unreadable' && elseResult === 'unreadable') return 'unreadable';
    if (thenResult === 'unreadable') return elseResult;
    if (elseResult === 'unreadable') return thenResult;
    const options = [thenResult ?? UNDEFINED, elseResult ?? UNDEFINED];
    if (t.value === undefined) return { kind: 'either', options };
    const note = `${[...new Set(t.env)].map((n) => `process.env.${n}`).join(', ')} read as unset: \`${nameOf(s.expression)}\` taken as ${t.value} (${frame.module}:${lineOf(s.expression)})`;
    const chosen = addNote(withFacets(t.value ? options[0]! : options[1]!, { env: t.env }), note);
    return { kind: 'either', options: [chosen, t.value ? options[1]! : options[0]!], preferred: 0 };
  }

  private assignment(expr: ts.Expression, frame: Frame): void {
    // `list.push(x)` on a local array
    if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && ['push', 'unshift'].includes(expr.expression.name.text) && ts.isIdentifier(expr.expression.expression)) {
      const decl = findDeclaration(expr.expression.expression);
      const current = decl && frame.scope.get(decl);
      if (decl && current?.kind === 'array') {
        const added = expr.arguments.flatMap((a) => {
          const v = this.expression(ts.isSpreadElement(a) ? a.expression : a, frame);
          return ts.isSpreadElement(a) && v.kind === 'array' ? v.items : [v];
        });
        frame.scope.set(decl, { ...current, items: expr.expression.name.text === 'push' ? [...current.items, ...added] : [...added, ...current.items] });
      }
      return;
    }
    if (!ts.isBinaryExpression(expr) || !ts.isIdentifier(expr.left)) return;
    const decl = findDeclaration(expr.left);
    if (!decl || !frame.scope.has(decl)) return;
    const op = expr.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsToken) frame.scope.set(decl, this.expression(expr.right, frame));
    else if (op === ts.SyntaxKind.PlusEqualsToken) frame.scope.set(decl, concatValues(frame.scope.get(decl)!, this.expression(expr.right, frame)));
    else frame.scope.set(decl, unknownValue(expr.left.text));
  }
}

/**
 * A file of the repository: through the walk when it listed it, else from disk (a JSON file the
 * code imports, `next.config.js`, which the walk leaves out as tool configuration). Never
 * outside the repository.
 */
export function readRepoFile(ctx: LinkContext, path: string): string | undefined {
  return ctx.readText(path) ?? ctx.readRepoText(path);
}

function jsonValue(data: unknown): Value {
  if (typeof data === 'string') return { kind: 'string', text: data };
  if (typeof data === 'number') return { kind: 'number', value: data };
  if (typeof data === 'boolean') return { kind: 'boolean', value: data };
  if (data === null || data === undefined) return { kind: 'undefined' };
  if (Array.isArray(data)) return { kind: 'array', items: data.map(jsonValue) };
  const record = data as Record<string, unknown>;
  return { kind: 'object', get: (k) => (Object.prototype.hasOwnProperty.call(record, k) ? jsonValue(record[k]) : undefined), keys: () => Object.keys(record) };
}

const reassigned = new WeakMap<ts.VariableDeclaration, boolean>();

/** Is the variable assigned anywhere after its declaration (`x = ...`, `x += ...`, `x++`)? */
function isReassigned(decl: ts.VariableDeclaration): boolean {
  const known = reassigned.get(decl);
  if (known !== undefined) return known;
  let found = !ts.isIdentifier(decl.name);
  const name = ts.isIdentifier(decl.name) ? decl.name.text : '';
  const target = (e: ts.Expression): boolean => ts.isIdentifier(e) && e.text === name && findDeclaration(e) === decl;
  if (!found) {
    walkAst(decl.getSourceFile(), (node) => {
      if (found) return false;
      if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment && target(node.left)) found = true;
      else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) && target(node.operand)) found = true;
      return !found;
    });
  }
  reassigned.set(decl, found);
  return found;
}

/** Names an undecided `either` after the expression that made it (`folder()`), for its unknown marker. */
function named(v: Value, e: ts.Expression, override = false): Value {
  if (v.kind !== 'either' || v.preferred !== undefined || (v.name !== undefined && !override)) return v;
  return { ...v, name: nameOf(e) };
}

function hasDefault(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/** The declaration named `name` made by a top-level statement. */
function topLevelDeclaration(statement: ts.Statement, name: string): ts.Node | undefined {
  if (ts.isVariableStatement(statement)) {
    for (const d of statement.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.name.text === name) return d;
      if (ts.isObjectBindingPattern(d.name)) for (const el of d.name.elements) if (ts.isIdentifier(el.name) && el.name.text === name) return el;
    }
    return undefined;
  }
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name?.text === name) return statement;
  if (ts.isImportDeclaration(statement) && statement.importClause) {
    const clause = statement.importClause;
    if (clause.name?.text === name) return clause;
    const b = clause.namedBindings;
    if (b && ts.isNamespaceImport(b) && b.name.text === name) return b;
    if (b && ts.isNamedImports(b)) for (const s of b.elements) if (s.name.text === name) return s;
  }
  if (ts.isImportEqualsDeclaration(statement) && statement.name.text === name) return statement;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Reading values as route paths

/** One path as read: its text (with `{unknown:NAME}` markers), what it assumed, what it could not read. */
export interface PathText {
  text: string;
  notes: string[];
  unknown: string[];
}

/**
 * A value as route path alternatives: a string is one path, an array several (Express and NestJS
 * accept arrays), an `either` decided by the environment default its preferred branch; branches
 * that disagree with nothing to decide between them are one unknown part.
 */
export function pathTexts(v: Value, name: string): PathText[] {
  const notes = v.notes ?? [];
  if (v.kind === 'array') return v.items.flatMap((item) => pathTexts(withFacets(item, { notes }), name));
  if (v.kind === 'either') {
    if (v.preferred !== undefined) return pathTexts(withFacets(v.options[v.preferred]!, { notes }), name);
    const options = v.options.map((o) => pathTexts(o, name));
    const first = JSON.stringify(options[0]?.map((t) => t.text));
    if (options.every((o) => JSON.stringify(o.map((t) => t.text)) === first)) return options[0]!.map((t) => ({ ...t, notes: [...new Set([...notes, ...t.notes])] }));
    return [{ text: marker(name), notes, unknown: [name] }];
  }
  if (v.kind === 'unknown') return [{ text: marker(v.name), notes, unknown: [v.name] }];
  if (v.kind === 'undefined' && !v.env?.length) return [{ text: '', notes, unknown: [] }];
  if (v.kind === 'string' || v.kind === 'number' || v.kind === 'undefined' || v.kind === 'boolean') {
    const t = textOf(v);
    return [{ text: t.text, notes: [...new Set([...notes, ...(t.facets.notes ?? [])])], unknown: t.unknown }];
  }
  return [{ text: marker(name), notes, unknown: [name] }];
}

/**
 * Route paths at link time: joining prefixes and turning the parts read by `collect` into text,
 * following constants imported from other modules (`import { API_PREFIX } from './config'`).
 */
import ts from '../../src/shared/typescript.cjs';
import type { LinkContext, SymbolTarget } from '../types.js';
import { evaluateModuleConstant, type ConstRef, type PathAlternatives, type PathPart } from './route-ast.js';

/** One leading slash, no empty segments, no trailing slash; the root is `/`. */
export function joinPaths(...pieces: string[]): string {
  const segments = pieces.flatMap((piece) => piece.split('/')).filter((segment) => segment.length > 0);
  return `/${segments.join('/')}`;
}

const MAX_HOPS = 8;

function scriptKind(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Turns path parts into text; parses (text only, once) the modules that declare imported constants. */
export class PathResolver {
  private readonly parsed = new Map<string, ts.SourceFile | undefined>();

  constructor(private readonly ctx: LinkContext) {}

  /** The path written by `parts` in `module`, or undefined when an imported constant cannot be read. */
  text(module: string, parts: readonly PathPart[], hops = 0): string | undefined {
    let out = '';
    for (const part of parts) {
      if ('text' in part) {
        out += part.text;
      } else if ('ref' in part) {
        const value = this.constant(module, part.ref, hops);
        if (value !== undefined) out += value;
        else if (part.param !== undefined) out += `:${part.param}`;
        else return undefined;
      } else {
        out += `:${part.param}`;
      }
    }
    return out;
  }

  /** Every alternative, or undefined if any cannot be read. */
  alternatives(module: string, alternatives: PathAlternatives): string[] | undefined {
    const result: string[] = [];
    for (const parts of alternatives) {
      const text = this.text(module, parts);
      if (text === undefined) return undefined;
      result.push(text);
    }
    return result;
  }

  private constant(module: string, ref: ConstRef, hops: number): string | undefined {
    if (hops > MAX_HOPS) return undefined;
    let target: SymbolTarget | undefined;
    let members: string[];
    if ('binding' in ref) {
      target = this.ctx.resolveBinding(module, ref.binding);
      members = ref.members;
    } else {
      const resolved = this.ctx.resolve(module, ref.specifier);
      const [exported = 'default', ...rest] = ref.members;
      target = resolved === undefined ? undefined : this.ctx.resolveExport(resolved, exported);
      members = rest;
    }
    if (!target) return undefined;
    const sf = this.sourceFile(target.module);
    const parts = sf && evaluateModuleConstant(sf, target.name, members);
    return parts && this.text(target.module, parts, hops + 1);
  }

  private sourceFile(module: string): ts.SourceFile | undefined {
    if (!this.parsed.has(module)) {
      const text = this.ctx.readText(module);
      this.parsed.set(
        module,
        text === undefined ? undefined : ts.createSourceFile(module, text, ts.ScriptTarget.Latest, true, scriptKind(module)),
      );
    }
    return this.parsed.get(module);
  }
}

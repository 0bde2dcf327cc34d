/**
 * `@fastify/autoload`: `fastify.register(autoload, { dir, options, ... })` registers every plugin
 * file under `dir`, each with a prefix made of the folders above it. The rules, as the plugin
 * implements them (fastify/fastify-autoload index.js and lib/find-plugins.js):
 * - a file is a plugin when it matches `scriptPattern` (.ts but not .d.ts, .js, .cjs, .mjs, .cts,
 *   .mts); files matching `autoHooksPattern` (`autohooks.ts`) are hooks, never plugins;
 * - a folder with an index file (`indexPattern`, default `index.{ts,js,...}`) loads only that
 *   file, but its subfolders are still walked;
 * - each folder adds `/<name>` to the prefix unless `dirNameRoutePrefix: false`;
 *   with `routeParams: true` a folder `_id` is `:id`;
 * - `ignorePattern` (tested on the path relative to `dir`, folders and files), `matchFilter` and
 *   `ignoreFilter` (on `/`+ that path: a string is a substring, a regex is tested), `maxDepth`;
 * - the plugin's options are `options` with `prefix = options.prefix + folder prefix`; a file may
 *   export `autoPrefix` (replaces the folder prefix) or `prefixOverride` (replaces the whole);
 * - `encapsulate: false` marks every plugin skip-override, so no prefix applies (as fastify-plugin).
 */
import { posix } from 'node:path';
import ts from '../../src/shared/typescript.cjs';
import type { LinkContext } from '../types.js';
import { unwrap } from './route-ast.js';
import { DiagnosticSink } from './route-facts.js';
import { PathResolver, type PathExpr } from './route-path.js';
import type { Mount, RouterLocal } from './router-graph.js';

interface Pattern {
  source: string;
  flags: string;
}

export interface AutoloadOptions {
  dirNameRoutePrefix?: boolean;
  ignorePattern?: Pattern;
  indexPattern?: Pattern;
  autoHooksPattern?: Pattern;
  scriptPattern?: Pattern;
  matchFilter?: string | Pattern;
  ignoreFilter?: string | Pattern;
  maxDepth?: number;
  routeParams?: boolean;
  encapsulate?: boolean;
  /** options given as something other than a literal (a function filter): named for a diagnostic */
  unreadable?: string[];
}

/** What the Fastify analyzer collects per file: its routers, and what @fastify/autoload needs. */
export interface FastifyLocal extends RouterLocal {
  autoloads?: AutoloadMount[];
  /** `export const autoPrefix = '/x'` / `prefixOverride`: what @fastify/autoload reads from a plugin file */
  autoPrefix?: string;
  prefixOverride?: string;
}

export interface AutoloadMount {
  parent: string;
  dir: PathExpr;
  /** `options.prefix` */
  prefix?: PathExpr;
  options: AutoloadOptions;
  line: number;
}

const DEFAULTS = {
  scriptPattern: /(?:(?:^.?|\.[^d]|[^.]d|[^.][^d])\.ts|\.js|\.cjs|\.mjs|\.cts|\.mts)$/iu,
  indexPattern: /^index(?:\.ts|\.js|\.cjs|\.mjs|\.cts|\.mts)$/iu,
  autoHooksPattern: /^[_.]?auto_?hooks(?:\.ts|\.js|\.cjs|\.mjs|\.cts|\.mts)$/iu,
};

function literalPattern(expr: ts.Expression): Pattern | undefined {
  const e = unwrap(expr);
  if (ts.isRegularExpressionLiteral(e)) {
    const m = /^\/(.*)\/([a-z]*)$/s.exec(e.text);
    return m ? { source: m[1]!, flags: m[2]! } : undefined;
  }
  if (ts.isStringLiteralLike(e)) return { source: e.text, flags: '' };
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'RegExp' && e.arguments?.[0] && ts.isStringLiteralLike(e.arguments[0])) {
    const flags = e.arguments[1] && ts.isStringLiteralLike(e.arguments[1]) ? e.arguments[1].text : '';
    return { source: e.arguments[0].text, flags };
  }
  return undefined;
}

/** The autoload options `collect` can read from the register call's object literal. */
export function autoloadOptions(obj: ts.ObjectLiteralExpression): AutoloadOptions {
  const out: AutoloadOptions = {};
  const unreadable: string[] = [];
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const name = p.name.getText().replace(/^['"]|['"]$/g, '');
    const v = unwrap(p.initializer);
    const bool = v.kind === ts.SyntaxKind.TrueKeyword ? true : v.kind === ts.SyntaxKind.FalseKeyword ? false : undefined;
    switch (name) {
      case 'dirNameRoutePrefix':
      case 'routeParams':
      case 'encapsulate':
        if (bool === undefined) unreadable.push(name);
        else out[name] = bool;
        break;
      case 'ignorePattern':
      case 'indexPattern':
      case 'autoHooksPattern':
      case 'scriptPattern': {
        const pattern = literalPattern(v);
        if (pattern) out[name] = pattern;
        else unreadable.push(name);
        break;
      }
      case 'matchFilter':
      case 'ignoreFilter': {
        const pattern = ts.isStringLiteralLike(v) ? v.text : literalPattern(v);
        if (pattern !== undefined) out[name] = pattern;
        else unreadable.push(name);
        break;
      }
      case 'maxDepth':
        if (ts.isNumericLiteral(v)) out.maxDepth = Number(v.text);
        else unreadable.push(name);
        break;
      default:
    }
  }
  if (unreadable.length > 0) out.unreadable = unreadable;
  return out;
}

const regex = (p: Pattern): RegExp => new RegExp(p.source, p.flags);

function filterMatches(filter: string | Pattern, path: string): boolean {
  return typeof filter === 'string' ? path.includes(filter) : regex(filter).test(path);
}

interface Folder {
  files: string[];
  folders: Map<string, Folder>;
}

function folderTree(files: readonly string[], root: string): Folder {
  const tree: Folder = { files: [], folders: new Map() };
  for (const file of files) {
    if (!file.startsWith(`${root}/`)) continue;
    const parts = file.slice(root.length + 1).split('/');
    let node = tree;
    for (const part of parts.slice(0, -1)) {
      let next = node.folders.get(part);
      if (!next) {
        next = { files: [], folders: new Map() };
        node.folders.set(part, next);
      }
      node = next;
    }
    node.files.push(parts[parts.length - 1]!);
  }
  return tree;
}

/** `_id` -> `:id` (and `a__b` -> `a:b`), as autoload's replaceRouteParamPattern. */
function routeParams(prefix: string): string {
  if (/__/.test(prefix)) return prefix.replace(/__/g, ':');
  return prefix.replace(/\/_/g, '/:');
}

/** What autoload does with the files under `dir`: the plugins it registers (with their folder prefix), and the files it skips. */
function scanAutoload(files: readonly string[], dir: string, options: AutoloadOptions): { plugins: { file: string; folderPrefix: string }[]; skipped: string[] } {
  const scriptPattern = options.scriptPattern ? regex(options.scriptPattern) : DEFAULTS.scriptPattern;
  const indexPattern = options.indexPattern ? regex(options.indexPattern) : DEFAULTS.indexPattern;
  const hooksPattern = options.autoHooksPattern ? regex(options.autoHooksPattern) : DEFAULTS.autoHooksPattern;
  const ignore = options.ignorePattern ? regex(options.ignorePattern) : undefined;
  const out: { file: string; folderPrefix: string }[] = [];
  const accept = (rel: string, prefix: string): void => {
    const filePath = `/${rel}`;
    if (options.matchFilter !== undefined && !filterMatches(options.matchFilter, filePath)) return;
    if (options.ignoreFilter !== undefined && filterMatches(options.ignoreFilter, filePath)) return;
    out.push({ file: posix.join(dir, rel), folderPrefix: prefix });
  };
  const walk = (folder: Folder, rel: string, prefix: string, depth: number): void => {
    const at = (name: string): string => (rel ? `${rel}/${name}` : name);
    const index = [...folder.files].sort().find((f) => indexPattern.test(f));
    if (index) {
      accept(at(index), prefix);
      if (folder.folders.size === 0) return;
    }
    const atMaxDepth = options.maxDepth !== undefined && options.maxDepth <= depth;
    for (const [name, sub] of [...folder.folders].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (ignore?.test(at(name)) || atMaxDepth) continue;
      const crumb = options.dirNameRoutePrefix === false ? (prefix || '') : `${prefix ? `${prefix}/` : '/'}${name}`;
      walk(sub, at(name), crumb, depth + 1);
    }
    if (index) return;
    for (const name of [...folder.files].sort()) {
      if (ignore?.test(at(name))) continue;
      if (!scriptPattern.test(name) || hooksPattern.test(name)) continue;
      accept(at(name), prefix);
    }
  };
  walk(folderTree(files, dir), '', '', 0);
  const loaded = new Set(out.map((p) => p.file));
  const skipped = files.filter((f) => f.startsWith(`${dir}/`) && !loaded.has(f));
  return { plugins: options.routeParams ? out.map((p) => ({ ...p, folderPrefix: routeParams(p.folderPrefix) })) : out, skipped };
}

/**
 * The Fastify locals with every autoload turned into the mounts it makes, and the files under an
 * autoload `dir` that it does not load.
 */
export function expandAutoloads(ctx: LinkContext, locals: ReadonlyMap<string, FastifyLocal>): { locals: ReadonlyMap<string, FastifyLocal>; notLoaded: Set<string> } {
  const notLoaded = new Set<string>();
  if (![...locals.values()].some((l) => l.autoloads?.length)) return { locals, notLoaded };
  const sink = new DiagnosticSink(ctx);
  const paths = new PathResolver(ctx, sink);
  const sources = new Set(ctx.modules);
  const out = new Map(locals);
  for (const [module, local] of locals) {
    if (!local.autoloads?.length) continue;
    const mounts: Mount[] = [...local.mounts];
    for (const a of local.autoloads) {
      if (a.options.unreadable) {
        sink.warn(module, a.line, 'route-autoload-option', `@fastify/autoload options ${a.options.unreadable.join(', ')} are not literals: their defaults are used`);
      }
      const dirValue = paths.value(module, a.dir);
      const root = `${ctx.rootDir.replace(/\\/g, '/')}/`;
      if (dirValue.kind !== 'string' || dirValue.unknown || !`${dirValue.text}/`.startsWith(root)) {
        sink.warn(module, a.line, 'route-autoload-unknown', 'could not read the @fastify/autoload `dir` as a folder of the repository: the routes it loads are missing');
        continue;
      }
      const dir = dirValue.text.slice(root.length).replace(/\/+$/, '');
      const optionPrefix = a.prefix ? (paths.texts(module, a.prefix)[0]?.text ?? '').replace(/\/$/, '') : '';
      const scan = scanAutoload(ctx.allFiles, dir, a.options);
      for (const file of scan.skipped) notLoaded.add(file);
      for (const plugin of scan.plugins) {
        if (!sources.has(plugin.file)) continue;
        const file = locals.get(plugin.file);
        const prefix = file?.prefixOverride ?? optionPrefix + (file?.autoPrefix ?? plugin.folderPrefix);
        mounts.push({
          parent: a.parent,
          prefix: { texts: [a.options.encapsulate === false ? '' : prefix] },
          child: { module: plugin.file, exportName: 'default' },
          via: { param: 0 },
          line: a.line,
        });
      }
    }
    out.set(module, { ...local, mounts });
  }
  return { locals: out, notLoaded };
}

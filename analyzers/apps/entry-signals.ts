/**
 * Per file: does it start an application, and which kind? These are the entry points the app
 * detection (detect-apps.ts) starts from:
 * - an HTTP server: `NestFactory.create(...)`, `<app>.listen(...)`, Hono's `serve({ fetch })`;
 * - a worker: `NestFactory.createApplicationContext(...)` / `createMicroservice(...)`, a BullMQ
 *   `new Worker(...)`;
 * - a user interface: React's `createRoot` / `hydrateRoot` / `render` from `react-dom`, Vue's
 *   `createApp` / `new Vue`, Angular's `bootstrapModule` / `bootstrapApplication`, Svelte's
 *   `mount` / `new App({ target })`.
 * Read from the AST only; an explicit stack keeps the walk safe on deeply nested code.
 */
import ts from '../../src/shared/typescript.cjs';
import type { Analyzer } from '../types.js';

export interface EntrySignals {
  /**
   * starts an HTTP server: `start` for an unambiguous start (`NestFactory.create`, Hono's `serve`),
   * `listen` for `x.listen(...)`, which counts only in a package with a server framework
   */
  server?: 'start' | 'listen';
  /** the packages the file imports, when it calls `listen` (to tell `app.listen` from an emitter's) */
  imports?: string[];
  /** starts a process that serves no HTTP (queue consumer, microservice, standalone context) */
  worker?: true;
  /** mounts a user interface in a browser */
  ui?: string;
  line: number;
}

const UI_PACKAGES: Record<string, string> = {
  'react-dom': 'react',
  'react-dom/client': 'react',
  vue: 'vue',
  '@angular/platform-browser-dynamic': 'angular',
  '@angular/platform-browser': 'angular',
  svelte: 'svelte',
  'solid-js/web': 'solid',
  preact: 'preact',
};
const UI_CALLS = new Set(['createRoot', 'hydrateRoot', 'render', 'hydrate', 'createApp', 'createSSRApp', 'bootstrapModule', 'bootstrapApplication', 'mount']);
const WORKER_PACKAGES = new Set(['bullmq', 'bull', 'bee-queue', 'kafkajs', 'amqplib', '@nestjs/microservices']);

/** Cheap pre-filter: the words every signal needs. */
const WORDS = /NestFactory|\.listen\s*\(|\bserve\s*\(|new\s+Worker\b|createRoot|hydrateRoot|\brender\s*\(|createApp|createSSRApp|new\s+Vue\b|bootstrapModule|bootstrapApplication|\bmount\s*\(/;

function importedPackages(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) out.add(s.moduleSpecifier.text);
  }
  return out;
}

function calleeName(call: ts.CallExpression | ts.NewExpression): { object?: string; name?: string } {
  const e = call.expression;
  if (ts.isIdentifier(e)) return { name: e.text };
  if (ts.isPropertyAccessExpression(e)) {
    const object = ts.isIdentifier(e.expression) ? e.expression.text : ts.isCallExpression(e.expression) ? '()' : undefined;
    return object === undefined ? { name: e.name.text } : { object, name: e.name.text };
  }
  return {};
}

export function collectEntrySignals(sf: ts.SourceFile, text: string): EntrySignals | undefined {
  if (!WORDS.test(text)) return undefined;
  const packages = importedPackages(sf);
  const uiPackage = [...packages].map((p) => UI_PACKAGES[p]).find((x) => x !== undefined);
  const signals: Partial<EntrySignals> = {};
  let line = 0;
  const mark = (node: ts.Node, key: 'server' | 'worker' | 'ui', value: true | string): void => {
    if (signals[key] !== undefined) return;
    (signals as Record<string, unknown>)[key] = value;
    if (line === 0) line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  };
  const stack: ts.Node[] = [sf];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isCallExpression(node)) {
      const { object, name } = calleeName(node);
      if (object === 'NestFactory' && name === 'create') mark(node, 'server', 'start');
      else if (object === 'NestFactory' && (name === 'createApplicationContext' || name === 'createMicroservice')) mark(node, 'worker', true);
      else if (name === 'listen' && object !== undefined && node.arguments.length > 0) mark(node, 'server', 'listen');
      else if (name === 'serve' && object === undefined && packages.has('@hono/node-server')) mark(node, 'server', 'start');
      else if (uiPackage && name !== undefined && UI_CALLS.has(name)) mark(node, 'ui', uiPackage);
    } else if (ts.isNewExpression(node)) {
      const { name } = calleeName(node);
      if (name === 'Worker' && [...packages].some((p) => WORKER_PACKAGES.has(p))) mark(node, 'worker', true);
      else if (name === 'Vue' && packages.has('vue')) mark(node, 'ui', 'vue');
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  if (signals.server === undefined && signals.worker === undefined && signals.ui === undefined) return undefined;
  if (signals.server === 'listen') signals.imports = [...packages].filter((p) => !p.startsWith('.')).sort();
  return { ...signals, line };
}

/** Always on: every repository has apps. Its findings are read by extract's app detection. */
export const appEntries: Analyzer<EntrySignals> = {
  name: 'app-entries',
  concern: 'apps',
  accepts: (text) => WORDS.test(text),
  collect: ({ sourceFile, text }) => collectEntrySignals(sourceFile, text),
  link: () => ({}),
};

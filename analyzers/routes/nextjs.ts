/**
 * Next.js file-system routes: the app router (`app/**\/route.ts`, also under `src/`) exporting
 * `GET`, `POST`, ... and the pages router's API routes (`pages/api/**`), whose default export
 * answers every method. Route groups `(x)` and slots `@x` add no segment, `_x` folders are
 * private (nextjs.org/docs/app/building-your-application/routing). A `basePath` in next.config
 * goes in front of every route (nextjs.org/docs/app/api-reference/config/next-config-js/basePath).
 */
import { posix } from 'node:path';
import ts from '../../src/shared/typescript.cjs';
import type { LinkContext } from '../types.js';
import { defineFileRoutes, methodRoutes, routePath, splitUnder } from './file-conventions.js';
import { Evaluator, pathTexts, type Value } from './static-value.js';

const CONFIG_FILES = ['next.config.ts', 'next.config.mts', 'next.config.js', 'next.config.mjs', 'next.config.cjs'];

/**
 * `basePath` of the package's next.config: a literal, or an environment variable with a literal
 * default (noted); an unset variable without a default is no basePath, as Next.js reads it. A
 * config wrapped by plugins (`withBundleAnalyzer(nextConfig)`) is read through the wrapper's
 * first argument, the config the plugin extends.
 */
function basePath(ctx: LinkContext, root: string): { prefix: string; notes: string[] } {
  const evaluator = new Evaluator(ctx);
  for (const name of CONFIG_FILES) {
    const file = root === '' ? name : posix.join(root, name);
    if (!evaluator.source(file)) continue;
    let config: Value = evaluator.declared(file, 'default');
    const sf = evaluator.source(file)!;
    if (config.kind === 'unknown' || config.kind === 'function') config = wrappedConfig(evaluator, file, sf) ?? config;
    if (config.kind === 'function') config = evaluator.invoke(config, [{ kind: 'string', text: 'phase-production-server' }, { kind: 'object', get: () => undefined, keys: () => [] }], 0);
    if (config.kind !== 'object') return { prefix: '', notes: [] };
    const value = config.get('basePath');
    if (!value || (value.kind === 'undefined' && !value.env?.length)) return { prefix: '', notes: [] };
    if (value.kind === 'undefined') return { prefix: '', notes: [`next.config basePath: process.env.${value.env![0]} read as unset, so no basePath (${file})`] };
    const [text] = pathTexts(value, 'basePath');
    return { prefix: text?.text ?? '', notes: text?.notes ?? [] };
  }
  return { prefix: '', notes: [] };
}

/** `export default withX(config)` / `module.exports = withX(config)`: the config passed in. */
function wrappedConfig(evaluator: Evaluator, file: string, sf: ts.SourceFile): Value | undefined {
  for (const statement of sf.statements) {
    let expr: ts.Expression | undefined;
    if (ts.isExportAssignment(statement)) expr = statement.expression;
    else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.left.getText() === 'module.exports') expr = statement.expression.right;
    while (expr && ts.isCallExpression(expr) && expr.arguments[0]) {
      const inner = expr.arguments[0];
      const value = evaluator.expression(inner, evaluator.frame(file));
      if (value.kind === 'object' || value.kind === 'function') return value;
      expr = ts.isCallExpression(inner) ? inner : undefined;
    }
  }
  return undefined;
}

export const nextjsAnalyzer = defineFileRoutes({
  name: 'nextjs',
  enablers: ['next'],
  candidate: /(?:^|\/)(?:app\/(?:.*\/)?route\.[cm]?[jt]sx?|pages\/api\/.*)$/,
  routes(relative, local) {
    const app = splitUnder(relative, /(?:src\/)?app\//);
    if (app) return app.stem === 'route' ? methodRoutes(routePath(app.under), local) : [];
    const pages = splitUnder(relative, /(?:src\/)?pages\/api\//);
    if (!pages || !local.default) return [];
    const path = routePath(['api', ...pages.under, ...(pages.stem === 'index' ? [] : [pages.stem])]);
    return path === undefined ? [] : [{ method: 'ALL', path, ...local.default }];
  },
  packagePrefix: basePath,
});

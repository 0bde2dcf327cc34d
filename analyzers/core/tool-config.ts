/**
 * Tool configuration at the root of a package is not part of the application. It configures the
 * test runner, the bundler, the linter or the migrations (`knexfile.ts`, `ormconfig.ts`), and as a
 * module it would be clustered into a service, or even name one.
 *
 * The rule is generic. At a package root (the repository root, or any folder with a
 * package.json: workspace packages and the `server/`, `client/` of repos without workspaces), a
 * script is tool configuration when its name is
 *   - `<name>.config.<ext>` or `<name>.conf.<ext>` (jest, vite, webpack, karma, ...),
 *   - `.<name>rc.<ext>` (.eslintrc.cjs, .prettierrc.js, .mocharc.js, ...), or
 *   - a name a tool reads by convention (TOOL_FILE_NAMES: knexfile, ormconfig, gulpfile, ...).
 * Below a package root such names are ordinary code (`src/config/app.config.ts`).
 *
 * Nothing is left out silently: one info diagnostic lists the files. An --include glob that
 * names a file (no wildcard in its last segment: `--include knexfile.ts`) brings it back.
 */
import { posix } from 'node:path';
import picomatch from 'picomatch';
import type { Diagnostic } from '../../src/shared/facts.js';

const CONFIG_NAME = /^(?:[^/]+\.(?:config|conf)|\.[^/]+rc)\.[cm]?[jt]sx?$/;
const TOOL_FILE_NAMES =
  /^(?:knexfile|ormconfig|gulpfile(?:\.babel)?|gruntfile|jakefile|plopfile|dangerfile|\.dependency-cruiser|\.pnpmfile|webpack\.mix|truffle-config|gatsby-(?:config|node|browser|ssr)|serverless|(?:jest|vitest)\.setup)\.[cm]?[jt]sx?$/i;
/** How many names the diagnostic lists before "and N more". */
const LISTED = 12;

export function isToolConfigName(fileName: string): boolean {
  return CONFIG_NAME.test(fileName) || TOOL_FILE_NAMES.test(fileName);
}

/** An --include glob names a file when it matches it and has no wildcard in its last segment. */
function namedByInclude(include: readonly string[] | undefined, path: string): boolean {
  return !!include?.some((glob) => !/[*?[\]{}()!+@]/.test(posix.basename(glob)) && picomatch.isMatch(path, glob, { dot: true }));
}

/**
 * Split the walked sources into the application and the tool configuration at package roots.
 * `packageJsons` are the repo-relative package.json files the walk found.
 */
export function leaveOutToolConfigs(
  sources: readonly string[],
  packageJsons: readonly string[],
  include: readonly string[] | undefined,
): { sources: string[]; diagnostics: Diagnostic[] } {
  const roots = new Set(['.', ...packageJsons.map((p) => posix.dirname(p))]);
  const kept: string[] = [];
  const leftOut: string[] = [];
  for (const path of sources) {
    const atRoot = roots.has(posix.dirname(path));
    if (atRoot && isToolConfigName(posix.basename(path)) && !namedByInclude(include, path)) leftOut.push(path);
    else kept.push(path);
  }
  if (leftOut.length === 0) return { sources: kept, diagnostics: [] };
  const listed = leftOut.slice(0, LISTED).join(', ') + (leftOut.length > LISTED ? ` and ${leftOut.length - LISTED} more` : '');
  const example = leftOut[0]!;
  return {
    sources: kept,
    diagnostics: [{
      severity: 'info', code: 'tool-configs-left-out',
      message: `left out ${leftOut.length} tool configuration file${leftOut.length === 1 ? '' : 's'} at package roots, which configure tools rather than make up the application: ${listed}. To analyze one, name it with --include (besides the globs for the rest), e.g. --include '**' --include '${example}'`,
    }],
  };
}

/**
 * The extracted service's project files: package.json with exactly the packages its files import
 * (versions from the monolith's own manifest), tsconfig.json (the monolith's compiler options,
 * without the path aliases it no longer needs: every import was rewritten), the kernel package's
 * manifest and tsconfig, a Dockerfile and a README.
 */
import { ts } from 'ts-morph';
import { IMAGES, VERSIONS } from '../export/index.js';
import type { Facts } from '../shared/facts.js';
import type { Artifact, ServicePlan } from '../shared/plan.js';
import { compareStrings } from '../shared/sort.js';
import type { CarveResult } from './carve.js';
import { BUILT_IN_GENERATORS, configEnvNames } from './prisma-client.js';

const NODE_BUILTINS = new Set([
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants', 'crypto', 'dgram', 'diagnostics_channel', 'dns', 'domain', 'events', 'fs', 'http', 'http2', 'https', 'inspector', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'punycode', 'querystring', 'readline', 'repl', 'stream', 'string_decoder', 'sys', 'timers', 'tls', 'trace_events', 'tty', 'url', 'util', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib',
]);


/** The npm packages `text` imports (bare specifiers, builtins left out). */
export function importedPackages(text: string): string[] {
  const out = new Set<string>();
  // TypeScript's own scan of imports, exports, require() and import() (comments and strings that only look like one are not)
  for (const f of ts.preProcessFile(text, true, true).importedFiles) {
    const spec = f.fileName;
    if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) continue;
    const parts = spec.split('/');
    const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    if (NODE_BUILTINS.has(name.split('/')[0]!)) continue;
    // what only looks like an import (a template in a comment: `export * from "${f.path}"`) names no package
    if (!/^(@[\w.~-]+\/)?[\w.~-]+$/.test(name) || name.startsWith('.') || name.startsWith('_')) continue;
    out.add(name);
  }
  return [...out].sort(compareStrings);
}

interface Manifest {
  version?: string;
  type?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  engines?: Record<string, string>;
}

function typesName(pkg: string): string {
  return `@types/${pkg.startsWith('@') ? pkg.slice(1).replace('/', '__') : pkg}`;
}

const DROPPED_OPTIONS = ['baseUrl', 'paths', 'rootDir', 'rootDirs', 'outDir', 'outFile', 'composite', 'tsBuildInfoFile', 'declarationDir', 'incremental', 'noEmit', 'emitDeclarationOnly', 'plugins', 'typeRoots'];

function compilerOptionsFor(raw: Record<string, unknown> | undefined, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw ?? { target: 'ES2021', module: 'commonjs', strict: true, esModuleInterop: true, skipLibCheck: true })) if (!DROPPED_OPTIONS.includes(k)) out[k] = v;
  return { ...out, ...extra };
}

/** A workspace package of the repository: its name, folder (repo-relative, `.` for the root) and package.json text. */
export interface WorkspaceManifest {
  name: string;
  dir: string;
  manifest?: string;
}

export interface PackageInput {
  service: ServicePlan;
  result: CarveResult;
  kernelPackage: string;
  serviceName: string;
  manifest?: string;
  /** the monolith's lockfile (nearest the app), for the packages it imports without declaring them */
  lockfile?: { path: string; text: string };
  compilerOptions?: Record<string, unknown>;
  /** the kernel tree's options, when its code was compiled with other checks than the service's */
  kernelCompilerOptions?: Record<string, unknown>;
  facts: Facts;
  /** the repository's workspace packages, in scope or not, with their manifests' text where read */
  workspacePackages?: readonly WorkspaceManifest[];
  /** the `prisma generate` runs the build needs first */
  prisma?: readonly PrismaBuild[];
}

/** A Prisma schema the build generates a client from, in the service's tree or the kernel's, with its Prisma config (repo-relative paths). */
export interface PrismaBuild {
  schema: string;
  place: 'service' | 'kernel';
  config?: { path: string; text: string };
  /** its generators' providers (`prisma-client`, or a package such as `prisma-erd-generator`) */
  providers: string[];
}

/** `prisma generate` for `b`, with paths as seen from the service's folder (`kernel/…` for the kernel's copy) or, with `inKernel`, from the kernel's. */
function generateCommand(b: PrismaBuild, inKernel: boolean): string {
  const at = (p: string): string => (b.place === 'kernel' && !inKernel ? `kernel/${p}` : p);
  return `prisma generate --schema ${at(b.schema)}${b.config ? ` --config ${at(b.config.path)}` : ''}`;
}

/**
 * The versions a lockfile resolved, by package name, for the packages installed at the top of the
 * tree (npm's package-lock v1-v3, yarn.lock v1 and berry, pnpm-lock.yaml). A package the code imports
 * without declaring it (a dependency's dependency, hoisted) is pinned to what the monolith runs with,
 * not to whatever is newest. Where a lockfile holds several versions of a name, the highest.
 */
export function lockedVersions(path: string, text: string): Map<string, string> {
  return highestOf(lockedVersionSets(path, text));
}

function highestOf(sets: ReadonlyMap<string, readonly string[]>): Map<string, string> {
  return new Map([...sets].map(([name, versions]) => [name, versions[versions.length - 1]!]));
}

/** Every version a lockfile resolved for each package name (a monorepo's workspaces may use several), lowest first. */
export function lockedVersionSets(path: string, text: string): Map<string, string[]> {
  const all = new Map<string, Set<string>>();
  const add = (name: string, version: string): void => {
    if (!/^\d+\.\d+\.\d+/.test(version)) return;
    all.set(name, (all.get(name) ?? new Set()).add(version));
  };
  const sorted = (): Map<string, string[]> => new Map([...all].map(([n, v]) => [n, [...v].sort(compareVersions)]));
  const base = path.split('/').pop() ?? path;
  if (base === 'package-lock.json' || base === 'npm-shrinkwrap.json') {
    try {
      const lock = JSON.parse(text) as { packages?: Record<string, { version?: unknown }>; dependencies?: Record<string, { version?: unknown }> };
      for (const [key, v] of Object.entries(lock.packages ?? {})) {
        const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(key);
        if (m && typeof v.version === 'string') add(m[1]!, v.version);
      }
      if (all.size === 0) for (const [name, v] of Object.entries(lock.dependencies ?? {})) if (typeof v.version === 'string') add(name, v.version);
    } catch {
      // an unreadable lockfile pins nothing
    }
    return sorted();
  }
  if (base === 'yarn.lock') {
    let names: string[] = [];
    for (const line of text.split('\n')) {
      if (/^\S/.test(line) && line.trimEnd().endsWith(':')) {
        names = line
          .slice(0, line.trimEnd().length - 1)
          .split(/,\s*/)
          .map((h) => h.trim().replace(/^"|"$/g, ''))
          .map((h) => /^(@?[^@]+)@/.exec(h)?.[1] ?? '')
          .filter(Boolean);
        continue;
      }
      const v = /^\s+version:?\s+"?([^"\s]+)"?/.exec(line);
      if (v) for (const n of new Set(names)) add(n, v[1]!);
    }
    return sorted();
  }
  if (base === 'pnpm-lock.yaml') {
    // `  /name@1.2.3:`, `  /name/1.2.3:` (older), `  name@1.2.3(peer@x):` under packages/snapshots
    for (const m of text.matchAll(/^ {2}'?\/?(@[^/@\s]+\/[^/@\s]+|[^/@\s']+)[@/](\d+\.\d+\.\d+[^(:'\s]*)/gm)) add(m[1]!, m[2]!);
  }
  return sorted();
}

/**
 * Whether `version` satisfies the npm range `range`, for the forms manifests use (`1.2.3`, `^1.2.3`,
 * `~1.2.3`, `>=1.2.3`, `1.x`, `*`, `a || b`); undefined for any other form (a tag, a URL, a hyphen range).
 */
export function satisfies(version: string, range: string): boolean | undefined {
  const parts = range.split('||').map((r) => r.trim());
  let known = true;
  for (const r of parts) {
    const ok = satisfiesOne(version, r);
    if (ok) return true;
    if (ok === undefined) known = false;
  }
  return known ? false : undefined;
}

function satisfiesOne(version: string, range: string): boolean | undefined {
  if (range === '*' || range === '' || range === 'latest') return range !== 'latest' ? true : undefined;
  const v = /^(\d+)\.(\d+)\.(\d+)(-[\w.]+)?/.exec(version);
  const r = /^(\^|~|>=|=)?v?(\d+|x|\*)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?(-[\w.]+)?$/.exec(range);
  if (!v || !r) return undefined;
  const [vMaj, vMin, vPat] = [Number(v[1]), Number(v[2]), Number(v[3])];
  const wild = (x: string | undefined): boolean => x === undefined || x === 'x' || x === '*';
  if (wild(r[2])) return true;
  const [maj, min, pat] = [Number(r[2]), wild(r[3]) ? undefined : Number(r[3]), wild(r[4]) ? undefined : Number(r[4])];
  // a prerelease satisfies only a range that names one on the same version
  if (v[4] && !(r[5] && vMaj === maj && vMin === min && vPat === pat)) return false;
  const cmp = compareVersions(version.replace(/-.*$/, ''), `${maj}.${min ?? 0}.${pat ?? 0}`);
  const op = r[1] ?? (min === undefined || pat === undefined ? 'x' : '=');
  if (op === '>=') return cmp >= 0;
  if (op === 'x') return vMaj === maj && (min === undefined || vMin === min);
  if (op === '=') return cmp === 0 && (v[4] ?? '') === (r[5] ?? '');
  if (op === '~') return cmp >= 0 && vMaj === maj && (min === undefined || vMin === min);
  // ^: the left-most non-zero part is fixed
  if (cmp < 0) return false;
  if (maj !== 0) return vMaj === maj;
  if (min === undefined) return vMaj === 0;
  if (min !== 0 || pat === undefined) return vMaj === 0 && vMin === min;
  return vMaj === 0 && vMin === 0 && vPat === pat;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => Number.parseInt(x, 10));
  const pb = b.split(/[.+-]/).map((x) => Number.parseInt(x, 10));
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

export function packageFiles(input: PackageInput): Artifact[] {
  const { result, kernelPackage } = input;
  let manifest: Manifest = {};
  try {
    manifest = input.manifest ? (JSON.parse(input.manifest) as Manifest) : {};
  } catch {
    manifest = {};
  }
  const lockedSets = input.lockfile ? lockedVersionSets(input.lockfile.path, input.lockfile.text) : new Map<string, string[]>();
  const locked = highestOf(lockedSets);
  const pnpm = !!input.lockfile && /(^|\/)pnpm-lock\.ya?ml$/.test(input.lockfile.path);
  // the version the monolith runs with: the lockfile's (the highest it holds within the manifest's
  // range), so the service installs what was tested, not whatever the range allows today; the
  // manifest's range where the lockfile holds none that satisfies it
  const workspace = new Set((input.workspacePackages ?? input.facts.packages).filter((p) => p.dir !== '.').map((p) => p.name));
  // in a monorepo each file resolves a package from its own workspace package's manifest, then the
  // folders above it (node_modules up to the root): the ranges the copied files were written against
  const declaring = (input.workspacePackages ?? [])
    .flatMap((p) => {
      const m = parseManifest(p.manifest);
      return m ? [{ dir: p.dir === '.' ? '' : p.dir, m }] : [];
    })
    .sort((a, b) => b.dir.length - a.dir.length || compareStrings(a.dir, b.dir));
  const importers = new Map<string, Set<string>>();
  for (const [path, text] of result.service) {
    const file = path.replace(/^kernel\//, '');
    for (const pkg of importedPackages(text)) importers.set(pkg, (importers.get(pkg) ?? new Set()).add(file));
  }
  const importerRanges = (pkg: string): string[] => {
    const out = new Set<string>();
    const of = pkg.startsWith('@types/') ? [...importers.entries()].filter(([p]) => typesName(p) === pkg).flatMap(([, f]) => [...f]) : [...(importers.get(pkg) ?? [])];
    for (const file of of) {
      for (const d of declaring) {
        if (d.dir !== '' && !file.startsWith(`${d.dir}/`)) continue;
        const range = d.m.dependencies?.[pkg] ?? d.m.devDependencies?.[pkg] ?? d.m.peerDependencies?.[pkg];
        if (range !== undefined) {
          out.add(range);
          break;
        }
      }
    }
    return [...out].sort(compareStrings);
  };
  const versionOf = (pkg: string): string => {
    const ranges = importerRanges(pkg).filter((r) => !/^(workspace|link|file):/.test(r));
    if (ranges.length > 0) {
      const held = [...(lockedSets.get(pkg) ?? [])].reverse();
      return held.find((v) => ranges.every((r) => satisfies(v, r))) ?? held.find((v) => ranges.some((r) => satisfies(v, r))) ?? ranges[0]!;
    }
    const range = manifest.dependencies?.[pkg] ?? manifest.devDependencies?.[pkg] ?? manifest.peerDependencies?.[pkg];
    // the repository's own package, not declared by the app's manifest: the lockfile's version of that
    // name is a published one (another workspace's dependency), not this source
    if (range === undefined) {
      if (workspace.has(pkg)) return 'workspace:*';
      // pnpm (7 and later) links only what a package declares and hoists no @types publicly
      // (https://pnpm.io/npmrc#public-hoist-pattern): types no manifest on the way declares were
      // never visible to the monolith's code, while npm and yarn hoist every package to the root
      if (pkg.startsWith('@types/') && pnpm) return '*';
      return locked.get(pkg) ?? '*';
    }
    const pinned = [...(lockedSets.get(pkg) ?? [])].reverse().find((v) => satisfies(v, range));
    return pinned ?? range;
  };
  const serviceFiles = [...result.service.entries()].filter(([p]) => !p.startsWith('kernel/'));
  const kernelFiles = [...result.service.entries()].filter(([p]) => p.startsWith('kernel/'));
  const used = (files: [string, string][]): string[] => [...new Set(files.flatMap(([, t]) => importedPackages(t)))].filter((p) => p !== kernelPackage).sort(compareStrings);
  const kernelDeps = used(kernelFiles);
  const allDeps = [...new Set([...used(serviceFiles), ...kernelDeps])].sort(compareStrings);
  const deps: Record<string, string> = {};
  for (const p of allDeps) deps[p] = versionOf(p);
  deps[kernelPackage] = 'file:./kernel';
  const typesNode = versionOf('@types/node');
  // the monolith's compiler, unless it predates the syntax Seam's generated code uses (`import { type X }`, TypeScript 4.5)
  const typescript = versionOf('typescript');
  const compiler = /(\d+)\.(\d+)/.exec(typescript);
  const oldCompiler = !compiler || Number(compiler[1]) < 4 || (Number(compiler[1]) === 4 && Number(compiler[2]) < 5);
  const devDeps: Record<string, string> = { typescript: oldCompiler ? VERSIONS.typescript : typescript, '@types/node': typesNode === '*' ? VERSIONS.typesNode : typesNode };
  for (const p of allDeps) {
    const t = typesName(p);
    // a monorepo declares its @types once, in the root manifest: the lockfile says what the app compiled with
    const v = versionOf(t);
    if (v !== '*') devDeps[t] = v;
  }
  // an ORM whose client is generated from a schema needs its CLI to generate it
  const prisma = input.prisma ?? [];
  if (deps['@prisma/client'] && (manifest.devDependencies?.prisma || manifest.dependencies?.prisma)) devDeps.prisma = versionOf('prisma');
  if (prisma.length > 0) {
    // the generated client runs on @prisma/client's runtime; generators other than Prisma's own, and
    // what the Prisma config imports (`dotenv/config`), must be installed for `prisma generate`
    if (prisma.some((b) => b.providers.some((p) => BUILT_IN_GENERATORS.has(p)))) deps['@prisma/client'] ??= versionOf('@prisma/client');
    devDeps.prisma = versionOf('prisma');
    for (const b of prisma) {
      for (const p of b.providers) if (!BUILT_IN_GENERATORS.has(p) && (manifest.dependencies?.[p] || manifest.devDependencies?.[p])) devDeps[p] ??= versionOf(p);
      for (const p of importedPackages(b.config?.text ?? '')) if (p !== 'prisma' && !deps[p]) devDeps[p] ??= versionOf(p);
    }
  }
  // `importHelpers` compiles to imports of tslib: the service needs it whether or not the monolith declared it
  if (input.compilerOptions?.importHelpers === true) deps.tslib ??= versionOf('tslib') === '*' ? '^2.6.0' : versionOf('tslib');
  const generate = prisma.length > 0 ? prisma.map((b) => `${generateCommand(b, false)} && `).join('') : deps['@prisma/client'] && devDeps.prisma ? 'prisma generate && ' : '';
  const kernelPrisma = prisma.filter((b) => b.place === 'kernel');
  // every Prisma config has a copy in the service's tree, the kernel's only the configs of its own schemas
  const configs = (tree: 'service' | 'kernel'): string[] => prisma.filter((b) => tree === 'service' || b.place === 'kernel').flatMap((b) => (b.config ? [b.config.path] : []));
  const buildEnv = [...new Set(prisma.flatMap((b) => configEnvNames(b.config?.text ?? '')))].sort(compareStrings);
  const sorted = (o: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(o).sort((a, b) => compareStrings(a[0], b[0])));
  const entry = result.entries[0];
  const main = entry ? `dist/${entry.replace(/\.(tsx?|jsx?|mts|cts)$/, '.js')}` : 'dist/index.js';
  const pkg = {
    name: input.serviceName,
    version: manifest.version ?? '0.1.0',
    private: true,
    description: `${input.service.name}, extracted from the monolith by seam extract`,
    ...(manifest.type ? { type: manifest.type } : {}),
    main,
    scripts: {
      build: `${generate}tsc -p kernel/tsconfig.json && tsc -p tsconfig.json`,
      start: `node ${main}`,
    },
    ...(manifest.engines ? { engines: manifest.engines } : {}),
    dependencies: sorted(deps),
    devDependencies: sorted(devDeps),
  };
  // what the app loads only for its globals (`import 'reflect-metadata'` in its entry) the kernel's
  // program never imports, yet kernel code uses them (`Reflect.getMetadata`): it references them
  const globalPackages = kernelFiles.length === 0 ? [] : [...new Set(serviceFiles.flatMap(([, t]) => [...t.matchAll(/^\s*import\s+['"]((?:@[\w.~-]+\/)?[\w.~-]+)['"]\s*;?\s*$/gm)].map((m) => m[1]!)))].filter((p) => !NODE_BUILTINS.has(p) && deps[p]).sort(compareStrings);
  const kernelDepsObj: Record<string, string> = {};
  for (const p of kernelDeps) kernelDepsObj[p] = versionOf(p);
  for (const p of globalPackages) kernelDepsObj[p] ??= deps[p]!;
  if (kernelPrisma.some((b) => b.providers.some((p) => BUILT_IN_GENERATORS.has(p)))) kernelDepsObj['@prisma/client'] ??= versionOf('@prisma/client');
  const kernelPkg = {
    name: kernelPackage,
    version: manifest.version ?? '0.1.0',
    private: true,
    description: `The shared kernel of the monolith that ${input.service.name} needs (generated by seam extract). Keep it one package every service depends on.`,
    ...(manifest.type ? { type: manifest.type } : {}),
    exports: { './*': { types: './dist/*.d.ts', default: './dist/*.js' } },
    typesVersions: { '*': { '*': ['dist/*'] } },
    scripts: { build: `${kernelPrisma.map((b) => `${generateCommand(b, true)} && `).join('')}tsc -p tsconfig.json` },
    // the service that depends on the kernel installs them: one copy of each package in the process
    peerDependencies: sorted(kernelDepsObj),
    ...(kernelPrisma.length > 0 ? { devDependencies: { prisma: versionOf('prisma') } } : {}),
  };
  const topDirs = [...new Set(serviceFiles.map(([p]) => (p.includes('/') ? `${p.split('/')[0]}/**/*` : p)))].filter((p) => /\.(tsx?|mts|cts)$|\*$/.test(p)).sort(compareStrings);
  // skipLibCheck: the declarations of the installed packages are not this project's to check
  // a Prisma config is the CLI's, loaded when it runs: not part of either program
  // `types` names the global declarations a program loads (`vitest/globals` for the monolith's
  // tests): the service keeps those of packages it installs, and Node's when it dropped any
  const typesOption = Array.isArray(input.compilerOptions?.types) ? (input.compilerOptions.types as unknown[]).filter((t): t is string => typeof t === 'string') : undefined;
  const installed = (t: string): boolean => {
    const pkg = t.startsWith('@') ? t.split('/').slice(0, 2).join('/') : t.split('/')[0]!;
    return !!(deps[pkg] || devDeps[pkg] || devDeps[typesName(pkg)] || deps[typesName(pkg)]);
  };
  const types = typesOption?.filter(installed);
  if (types && typesOption && types.length < typesOption.length && devDeps['@types/node'] && !types.includes('node')) types.push('node');
  const withTypes = (o: Record<string, unknown>): Record<string, unknown> => (types ? { ...o, types } : o);
  const tsconfig = { compilerOptions: withTypes(compilerOptionsFor(input.compilerOptions, { outDir: 'dist', rootDir: '.', skipLibCheck: true })), include: topDirs, exclude: ['kernel', 'dist', 'node_modules', ...configs('service')] };
  const kernelTsconfig = { compilerOptions: withTypes(compilerOptionsFor(input.kernelCompilerOptions ?? input.compilerOptions, { outDir: 'dist', rootDir: '.', declaration: true, skipLibCheck: true })), include: ['**/*.ts'], exclude: ['dist', 'node_modules', ...configs('kernel')] };
  const dockerfile = [
    `# ${input.service.name}, extracted by seam extract. Build context: this folder.`,
    `FROM ${IMAGES.node} AS build`,
    'WORKDIR /app',
    // the Prisma config's env() throws when a variable is unset, even for `prisma generate`, which connects to nothing
    ...buildEnv.map((name) => `ARG ${name}=unset-at-build-time`),
    'COPY . .',
    'RUN npm install --no-audit --no-fund && npm run build && npm prune --omit=dev',
    '',
    `FROM ${IMAGES.node}`,
    'WORKDIR /app',
    'ENV NODE_ENV=production PORT=3000 SEAM_INTERNAL_PORT=4000 SEAM_INTERNAL_HOST=0.0.0.0',
    'COPY --from=build --chown=node:node /app ./',
    'USER node',
    'EXPOSE 3000 4000',
    'HEALTHCHECK --interval=10s --timeout=3s CMD wget -qO- http://127.0.0.1:4000/ready || exit 1',
    `CMD ["node", "${main}"]`,
    '',
  ].join('\n');
  const readme = [
    `# ${input.service.name}`,
    '',
    `Extracted from the monolith by \`seam extract\`: the service's own modules, its wiring (the monolith's composition pruned to this service), the kernel code it needs (\`kernel/\`, package \`${kernelPackage}\`), and generated code in \`${result.srcRoot ? `${result.srcRoot}/` : ''}seam/\`:`,
    '',
    '- `rpc.ts`: the wire (JSON codec for dates and the like, timeouts, errors rebuilt as their class);',
    `- \`internal-server.ts\`: the ${result.serves.length} operations the monolith calls, on \`SEAM_INTERNAL_PORT\`, with \`GET /health\` and \`GET /ready\`;`,
    `- \`clients/\`: typed clients of the ${result.calls.length} monolith operations this service calls (at \`SEAM_MONOLITH_URL\`).`,
    '',
    '```sh',
    'npm install && npm run build',
    'PORT=3000 SEAM_INTERNAL_PORT=4000 SEAM_MONOLITH_URL=http://monolith:4000 npm start',
    '```',
    '',
    ...prisma.map((b) => `The build first runs \`${generateCommand(b, false)}\`: it writes the Prisma client where the code imports it${b.place === 'kernel' ? ' (in the kernel package, which the service imports it through: one client for both)' : ''}.${b.config && configEnvNames(b.config.text).length > 0 ? ` Its Prisma config reads ${configEnvNames(b.config.text).map((n) => `\`${n}\``).join(', ')} with \`env()\`, which fails on an unset variable even for \`prisma generate\` (it connects to nothing): set ${configEnvNames(b.config.text).length === 1 ? 'it' : 'them'} to any value to build, as the Dockerfile's build stage does.` : ''}`),
    'Set `SEAM_INTERNAL_TOKEN` on both sides to require it on internal calls; `SEAM_RPC_TIMEOUT_MS` bounds each call (default 10000).',
    'Configuration (database URL and the like) is read as the monolith read it.',
    '',
  ].join('\n');
  return [
    { path: 'service/package.json', contents: JSON.stringify(pkg, null, 2) + '\n' },
    { path: 'service/tsconfig.json', contents: JSON.stringify(tsconfig, null, 2) + '\n' },
    { path: 'service/kernel/package.json', contents: JSON.stringify(kernelPkg, null, 2) + '\n' },
    { path: 'service/kernel/tsconfig.json', contents: JSON.stringify(kernelTsconfig, null, 2) + '\n' },
    ...(globalPackages.length > 0 ? [{ path: 'service/kernel/seam-globals.d.ts', contents: `// Generated by seam extract: the globals the app loads with a side-effect import, for the kernel's program too\n${globalPackages.map((p) => `/// <reference types="${p}" />`).join('\n')}\n` }] : []),
    { path: 'service/Dockerfile', contents: dockerfile },
    { path: 'service/.dockerignore', contents: 'node_modules\ndist\nkernel/dist\nkernel/node_modules\n' },
    { path: 'service/README.md', contents: readme },
  ];
}

function parseManifest(text: string | undefined): Manifest | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Manifest;
  } catch {
    return undefined;
  }
}

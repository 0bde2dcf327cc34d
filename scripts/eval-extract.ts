/**
 * `npm run eval:extract [name…] [--tries n]`: `seam extract` on the corpus repos that serve HTTP
 * with NestJS or Express, each extracted service type-checked as its own project.
 *
 * Per repo, services are tried in order (most operations others call first, then the smaller)
 * until one type-checks, at most `--tries` (default 3). The check: `seam extract <service>` as a
 * user runs it (the manifest's scope), then `tsc -p kernel/tsconfig.json` and
 * `tsc --noEmit -p tsconfig.json` in the service folder, with the repo's own TypeScript version when it
 * installs (else Seam's). The repo's own npm dependencies are not
 * installed (the corpus is checked out without them, and CI has no network): every package the
 * service imports is stubbed by an ambient `declare module` (its names are `any`), @types/node is
 * Seam's. So the check proves what Seam wrote: every file present, every import resolving to a
 * module that exports the name, the generated clients, contracts and kernel package coherent.
 *
 * Prints a table (and writes it to corpus/EXTRACT.md on a full run, corpus/out/EXTRACT.md
 * otherwise): per repo the services tried, their tsc errors, and what the extraction report says
 * could not be carried over, by kind. Details: $TMPDIR/seam-eval-extract/<name>/<slug>/ (outside Seam's
 * tree: TypeScript looks for packages in every folder above a file, and Seam's own node_modules
 * would stand in for the service's).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importedPackages } from '../src/extract/package-files.js';
import { corpusDir, loadManifest, scopeIncludes, type CorpusRepo } from './corpus/manifest.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SEAM = join(ROOT, 'bin', 'seam.js');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const RESERVED = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'any', 'unknown', 'never', 'object', 'string', 'number', 'boolean', 'symbol', 'bigint', 'undefined']);

interface Attempt {
  service: string;
  error?: string;
  files?: number;
  serves?: number;
  calls?: number;
  installed?: string;
  preExisting?: number;
  stubbed?: string[];
  kernelErrors?: number;
  serviceErrors?: number;
  firstErrors?: string[];
  report?: Record<string, number>;
  seconds?: number;
}

interface Row {
  repo: CorpusRepo;
  attempts: Attempt[];
  error?: string;
}

function scopeArgs(repo: CorpusRepo): string[] {
  const args: string[] = [];
  for (const g of scopeIncludes(repo)) args.push('--include', g);
  for (const g of repo.scope.exclude ?? []) args.push('--exclude', g);
  return args;
}

interface PlanService {
  id: string;
  slug: string;
  modules: string[];
  operations: { kind: string }[];
  calls: unknown[];
}

/** The cut's services, most operations first, then fewer modules. */
function services(repo: CorpusRepo, dir: string, out: string): PlanService[] {
  const planOut = join(out, 'plan');
  rmSync(planOut, { recursive: true, force: true });
  const r = spawnSync(process.execPath, [SEAM, 'export', '.', '--kinds', 'report', '--out', planOut, '--no-history', ...scopeArgs(repo)], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`seam export failed: ${r.stderr.trim().split('\n').pop()}`);
  const plan = JSON.parse(readFileSync(join(planOut, 'report', 'report.json'), 'utf8')) as { services: PlanService[] };
  const ops = (s: PlanService): number => s.operations.filter((o) => o.kind === 'symbol').length;
  return [...plan.services].sort((a, b) => ops(b) - ops(a) || a.modules.length - b.modules.length || a.slug.localeCompare(b.slug));
}

/**
 * Generating a Prisma client reads the schema with the CLI's bundled wasm; before Prisma 7 the CLI
 * also fetches a query engine from binaries.prisma.sh (no registry, so no network here), which
 * the type declarations do not need: a placeholder file stands in for it.
 */
function prismaEnv(dir: string): NodeJS.ProcessEnv {
  const placeholder = join(dir, 'no-query-engine.so.node');
  writeFileSync(placeholder, '');
  return { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_MIGRATION_ENGINE_BINARY: '/bin/true', PRISMA_QUERY_ENGINE_LIBRARY: placeholder, PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' };
}

function tscErrors(cwd: string, args: string[]): { count: number; lines: string[] } {
  // the repo's own TypeScript (its manifest's version, installed with the service) when there is one
  const own = join(cwd, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [existsSync(own) ? own : TSC, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => /error TS\d+/.test(l));
  return { count: r.status === 0 ? 0 : Math.max(lines.length, 1), lines };
}

function attempt(repo: CorpusRepo, dir: string, out: string, service: PlanService): Attempt {
  const started = Date.now();
  const target = join(out, service.slug);
  rmSync(target, { recursive: true, force: true });
  const r = spawnSync(process.execPath, [SEAM, 'extract', service.id, '.', '--out', target, '--no-history', ...scopeArgs(repo)], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) return { service: service.slug, error: r.stderr.trim().split('\n').pop() ?? `exit ${r.status}` };
  const svc = join(target, 'service');
  const doc = JSON.parse(readFileSync(join(target, 'extraction.json'), 'utf8')) as { roles: unknown[]; serves: unknown[]; calls: unknown[]; report: { kind: string }[] };
  const pkg = JSON.parse(readFileSync(join(svc, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const kernelName = Object.entries(pkg.dependencies).find(([, v]) => v === 'file:./kernel')?.[0];
  // the repo's dependencies as the service's package.json pins them (versions from the repo's
  // manifest), installed without running their scripts; what does not install is stubbed
  // a monorepo's own packages (workspace:, link:, catalog: versions) do not install outside it: stubbed
  // (in the kernel package's manifest too: npm installs it as a dependency of the service)
  for (const path of [join(svc, 'package.json'), join(svc, 'kernel', 'package.json')]) {
    if (!existsSync(path)) continue;
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
      for (const [name, version] of Object.entries(manifest[field] ?? {})) if (/^(workspace|link|catalog|portal):/.test(version)) delete manifest[field]![name];
    }
    writeFileSync(path, JSON.stringify(manifest, null, 2));
  }
  // as a user's `npm install` does it (peer dependencies installed: nestjs-pino's pino-http types), and
  // where the monolith's pinned versions conflict as peers (a pnpm monorepo tolerates that), the conflict
  // accepted with --force, which still installs the peers that do not conflict (--legacy-peer-deps would drop them all)
  let forcePeers = false;
  const npmInstall = (cwd: string): ReturnType<typeof spawnSync> => spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', ...(forcePeers ? ['--force'] : []), '--loglevel=error'], { cwd, encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 26 });
  let install = npmInstall(svc);
  if (install.status !== 0 && /ERESOLVE/.test(String(install.stderr))) {
    forcePeers = true;
    install = npmInstall(svc);
  }
  let installed: string = install.status === 0 ? (forcePeers ? 'yes (conflicting peers: --force)' : 'yes') : `no (${String(install.stderr || install.error?.message || '').trim().split('\n').filter((l) => !l.includes('complete log')).pop()?.slice(0, 80)})`;
  if (install.status !== 0) {
    // one package that no longer installs (an unpublished transitive version) fails the whole tree:
    // each dependency is tried alone, and the tree installed without the ones that fail
    // (the kernel package's dependencies too: npm installs them with the service)
    const probe = join(target, 'probe');
    const dropped: string[] = [];
    const tried = new Map<string, boolean>();
    for (const path of [join(svc, 'package.json'), join(svc, 'kernel', 'package.json')]) {
      if (!existsSync(path)) continue;
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, string> | undefined>;
      for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
        for (const [name, version] of Object.entries(manifest[field] ?? {})) {
          if (version.startsWith('file:')) continue;
          if (!tried.has(`${name}@${version}`)) {
            rmSync(probe, { recursive: true, force: true });
            mkdirSync(probe, { recursive: true });
            writeFileSync(join(probe, 'package.json'), JSON.stringify({ name: 'probe', version: '1.0.0', private: true, dependencies: { [name]: version } }));
            tried.set(`${name}@${version}`, npmInstall(probe).status === 0);
          }
          if (!tried.get(`${name}@${version}`)) {
            delete manifest[field]![name];
            if (!dropped.includes(name)) dropped.push(name);
          }
        }
      }
      writeFileSync(path, JSON.stringify(manifest, null, 2));
    }
    rmSync(probe, { recursive: true, force: true });
    install = npmInstall(svc);
    installed = install.status === 0 ? `yes, without ${dropped.join(', ') || 'nothing'} (${installed.slice(4, -1)})` : installed;
  }
  const imports = new Map<string, Set<string>>();
  let allText = '';
  for (const e of spawnSync('find', [svc, '-name', '*.ts', '-not', '-path', '*/node_modules/*', '-not', '-path', '*/dist/*'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)) {
    const text = readFileSync(e, 'utf8');
    allText += text;
    for (const p of importedPackages(text)) {
      if (p === kernelName) continue;
      const names = imports.get(p) ?? new Set<string>();
      imports.set(p, names);
      for (const m of text.matchAll(new RegExp(`import\\s+(?:type\\s+)?(?:[\\w$]+\\s*,\\s*)?\\{([^}]*)\\}\\s*from\\s*['"]${p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?:/[^'"]*)?['"]`, 'g'))) {
        for (const part of m[1]!.split(',')) {
          const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!.trim();
          if (/^[A-Za-z_$][\w$]*$/.test(name)) names.add(name);
        }
      }
    }
  }
  const missing = [...imports.keys()].filter((p) => !existsSync(join(svc, 'node_modules', p))).sort();
  const build = (JSON.parse(readFileSync(join(svc, 'package.json'), 'utf8')) as { scripts?: { build?: string } }).scripts?.build ?? '';
  let prisma: string | undefined;
  // a Prisma client is generated from the schema, as the service's build does it (`prisma generate --schema … [--config …]`,
  // in the service's tree or the kernel's), with the installed CLI; before Prisma 7 that downloads engines from outside the registry.
  // The Prisma config's env() throws on an unset variable even for generate: each one it reads gets a dummy value
  let generateLog = '';
  if (imports.has('@prisma/client') || /\bprisma generate\b/.test(build)) {
    const runs = build.split('&&').map((c) => c.trim()).filter((c) => c.startsWith('prisma generate'));
    if (runs.length === 0) {
      const schema = ['prisma/schema.prisma', 'schema.prisma', ...spawnSync('find', [svc, '-name', '*.prisma', '-not', '-path', '*/node_modules/*'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map((f) => f.slice(svc.length + 1))].find((f) => existsSync(join(svc, f)));
      if (schema) runs.push(`prisma generate --schema ${schema}`);
    }
    const cli = join(svc, 'node_modules', '.bin', 'prisma');
    const env: Record<string, string | undefined> = prismaEnv(target);
    for (const run of runs) {
      const config = /--config (\S+)/.exec(run)?.[1];
      for (const m of config && existsSync(join(svc, config)) ? readFileSync(join(svc, config), 'utf8').matchAll(/\benv\s*(?:<[^>]*>)?\s*\(\s*['"]([A-Za-z_]\w*)['"]/g) : []) env[m[1]!] ??= 'postgresql://seam:seam@localhost:5432/seam-eval';
    }
    let generated = runs.length > 0 && existsSync(cli);
    for (const run of runs) {
      if (!generated) break;
      const r = spawnSync(cli, run.split(/\s+/).slice(1), { cwd: svc, encoding: 'utf8', timeout: 180_000, env });
      generated = r.status === 0;
      generateLog += `$ ${run}\n${r.stdout}${r.stderr}\n`;
    }
    writeFileSync(join(target, 'prisma-generate.log'), generateLog);
    if (!generated && imports.has('@prisma/client') && !missing.includes('@prisma/client')) missing.push('@prisma/client');
    prisma = runs.length === 0 ? 'no schema' : generated ? 'generated' : 'failed (prisma-generate.log)';
  }
  const params = Array.from({ length: 4 }, (_, i) => `T${i} = any`).join(', ');
  const stubs = missing
    .map((p) => {
      const names = [...imports.get(p)!].sort();
      // qualified uses (`Prisma.UserCreateInput`) need a namespace with those members
      const lines = [`declare module '${p}' {`, '  const _default: any;', '  export default _default;'];
      for (const n of names) {
        const members = [...new Set([...allText.matchAll(new RegExp(`\\b${n}\\.([A-Za-z_$][\\w$]*)`, 'g'))].map((m) => m[1]!))].sort();
        // a member named like a keyword (`z.enum`, `z.null`) cannot be declared: the namespace stays a plain any
        if (members.length > 0 && members.every((m) => !RESERVED.has(m))) lines.push(`  export namespace ${n} {`, ...members.map((m) => `    export type ${m}<${params}> = any;\n    export const ${m}: any;`), '  }', `  export const ${n}: any;`, `  export type ${n}<${params}> = any;`);
        else lines.push(`  export type ${n}<${params}> = any;\n  export const ${n}: any;`);
      }
      // a deep import (`@novu/framework/internal`) gets the same names: a shorthand module's names are values only
      const deep = [...new Set([...allText.matchAll(new RegExp(`from\\s*['"](${p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/[^'"]+)['"]`, 'g'))].map((m) => m[1]!))].sort();
      return [...lines, '}', ...deep.flatMap((d) => [`declare module '${d}' {`, ...lines.slice(1), '}']), `declare module '${p}/*';`].join('\n');
    })
    .join('\n');
  // a script (no import or export): its declarations are ambient module declarations, which win over node_modules
  writeFileSync(join(svc, 'seam-eval-stubs.d.ts'), `// stubs for the dependencies that did not install: their names are any\n${stubs}\n`);
  writeFileSync(join(svc, 'kernel', 'seam-eval-stubs.d.ts'), `${stubs}\n`);
  if (!existsSync(join(svc, 'node_modules', '@types', 'node'))) {
    mkdirSync(join(svc, 'node_modules', '@types'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), join(svc, 'node_modules', '@types', 'node'));
  }
  if (kernelName && !existsSync(join(svc, 'node_modules', kernelName))) {
    mkdirSync(join(svc, 'node_modules', ...kernelName.split('/').slice(0, -1)), { recursive: true });
    symlinkSync(join(svc, 'kernel'), join(svc, 'node_modules', kernelName));
  }
  for (const cfg of ['tsconfig.json', join('kernel', 'tsconfig.json')]) {
    const path = join(svc, cfg);
    const t = JSON.parse(readFileSync(path, 'utf8')) as { include: string[] };
    t.include = [...t.include, 'seam-eval-stubs.d.ts'];
    writeFileSync(path, JSON.stringify(t, null, 2));
  }
  // an import of a file the repository itself does not contain (a config kept out of git) fails here as it fails there
  const preExisting = (line: string): boolean => {
    const m = /^(?:kernel\/)?(.+?)\(\d+,\d+\): error TS2307: Cannot find module '(\.{1,2}\/[^']+)'/.exec(line);
    if (!m) return false;
    const from = m[1]!.split('/').slice(0, -1);
    const parts = [...from];
    for (const seg of m[2]!.split('/')) {
      if (seg === '..') parts.pop();
      else if (seg !== '.') parts.push(seg);
    }
    const stem = join(dir, ...parts);
    return !['', '.ts', '.tsx', '.js', '.json', '.d.ts', '/index.ts', '/index.js'].some((ext) => existsSync(stem + ext));
  };
  const kernelRun = tscErrors(svc, ['-p', join('kernel', 'tsconfig.json')]);
  const mainRun = tscErrors(svc, ['--noEmit', '-p', 'tsconfig.json']);
  const split = (run: { count: number; lines: string[] }): { count: number; lines: string[]; pre: string[] } => {
    const pre = run.lines.filter(preExisting);
    const lines = run.lines.filter((l) => !preExisting(l));
    return { count: run.count === 0 ? 0 : lines.length === 0 && pre.length > 0 ? 0 : Math.max(lines.length, 1), lines, pre };
  };
  const kernel = split(kernelRun);
  const main = split(mainRun);
  const report: Record<string, number> = {};
  for (const i of doc.report) report[i.kind] = (report[i.kind] ?? 0) + 1;
  return {
    service: service.slug,
    files: doc.roles.length,
    serves: doc.serves.length,
    calls: doc.calls.length,
    installed: prisma ? `${installed}; prisma generate ${prisma}` : installed,
    stubbed: missing,
    preExisting: [...kernel.pre, ...main.pre].length,
    kernelErrors: kernel.count,
    serviceErrors: main.count,
    firstErrors: [...kernel.lines, ...main.lines].slice(0, 8),
    report,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

function table(rows: Row[]): string {
  const L = ['| repo | service | files | serves / calls | npm install | stubbed | tsc errors (kernel + service) | missing in the repo too | left to do by hand (report) | s |', '|---|---|---|---|---|---|---|---|---|---|'];
  for (const row of rows) {
    if (row.error) L.push(`| ${row.repo.name} | error: ${row.error} | | | | | | | | |`);
    for (const a of row.attempts) {
      if (a.error) {
        L.push(`| ${row.repo.name} | ${a.service}: ${a.error.replace(/\|/g, '\\|')} | | | | | | | | |`);
        continue;
      }
      const rep = Object.entries(a.report ?? {}).map(([k, n]) => `${k} ${n}`).join(', ') || 'nothing';
      L.push(`| ${row.repo.name} | ${a.service} | ${a.files} | ${a.serves} / ${a.calls} | ${a.installed} | ${(a.stubbed ?? []).join(', ') || 'none'} | ${(a.kernelErrors ?? 0) + (a.serviceErrors ?? 0) === 0 ? '**0**' : `${a.kernelErrors} + ${a.serviceErrors}`} | ${a.preExisting ? `${a.preExisting} missing file import${a.preExisting === 1 ? '' : 's'}` : ''} | ${rep} | ${a.seconds} |`);
    }
  }
  return L.join('\n');
}

function main(): void {
  const argv = process.argv.slice(2);
  let tries = 3;
  let list = false;
  const names: string[] = [];
  // `--service <slug>` tries the named services (a repo's first ones can be its largest); `--list` prints the order
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tries') tries = Number(argv[++i]);
    else if (argv[i] === '--service') only.push(argv[++i]!);
    else if (argv[i] === '--list') list = true;
    else names.push(argv[i]!);
  }
  const manifest = loadManifest().filter((r) => (r.frameworks ?? []).some((f) => /^(nestjs|express)\b/.test(f)));
  const chosen = names.length ? manifest.filter((r) => names.includes(r.name)) : manifest;
  const rows: Row[] = [];
  for (const repo of chosen) {
    const dir = join(corpusDir(), 'repos', repo.name);
    const out = join(tmpdir(), 'seam-eval-extract', repo.name);
    mkdirSync(out, { recursive: true });
    const row: Row = { repo, attempts: [] };
    rows.push(row);
    if (!existsSync(dir)) {
      row.error = 'not checked out (npm run corpus:checkout)';
      continue;
    }
    try {
      const ordered = services(repo, dir, out);
      if (list) {
        for (const s of ordered) process.stderr.write(`${repo.name} ${s.slug}: ${s.modules.length} modules, ${s.operations.filter((o) => o.kind === 'symbol').length} symbol operations\n`);
        continue;
      }
      for (const s of only.length ? ordered.filter((x) => only.includes(x.slug)) : ordered.slice(0, tries)) {
        const a = attempt(repo, dir, out, s);
        row.attempts.push(a);
        process.stderr.write(`${repo.name} ${a.service}: ${a.error ?? `tsc errors ${a.kernelErrors} + ${a.serviceErrors} (npm install ${a.installed})`}\n`);
        for (const l of a.firstErrors ?? []) process.stderr.write(`    ${l}\n`);
        if (!a.error && a.kernelErrors === 0 && a.serviceErrors === 0) break;
      }
    } catch (err) {
      row.error = (err as Error).message;
    }
  }
  const text = `# seam extract on the corpus\n\nEach extracted service type-checked alone (\`tsc\`), with the repo's npm dependencies installed from its own manifest's versions (scripts not run); what does not install is stubbed as \`any\`. Produced by \`npm run eval:extract\`.\n\n${table(rows)}\n`;
  process.stdout.write(`${text}\n`);
  if (names.length) mkdirSync(join(corpusDir(), 'out'), { recursive: true });
  writeFileSync(join(corpusDir(), names.length ? join('out', 'EXTRACT.md') : 'EXTRACT.md'), text);
}

main();

/**
 * `npm run fuzz -- --files 10000 --seed 1`: a long robustness run (issue 6/7). Writes a hostile
 * corpus (fixtures/generate/hostile.ts: valid, truncated, byte-mutated and adversarial files)
 * to a temporary repository, runs the real CLI on it as a user would
 * (`seam analyze <dir> --format json --out <file>`, in a child process with a timeout), and
 * prints the files by kind, the run crashes (must be 0), the diagnostics by code and the time.
 *
 * Exit 0 when the run finished, exited 0, and every bad file cost at most one
 * `analyzer-crash` / `parse-error` diagnostic naming it; 1 otherwise; 2 on a usage error.
 * Options: --files N (default 10000), --seed S (1), --max-depth D (3000), --workers W (CLI's
 * default), --timeout SECONDS (600), --keep (leave the repository and facts in place).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkHostileRun, hostileCorpus, writeHostileRepo, type HostileKind } from '../fixtures/generate/hostile.js';
import type { Facts } from '../src/shared/facts.js';

const SEAM = resolve(import.meta.dirname, '..', '..', 'bin', 'seam.js');

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function table(record: Record<string, number>): string {
  const rows = Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${count(v).padStart(8)}`).join('\n');
}

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        files: { type: 'string', default: '10000' },
        seed: { type: 'string', default: '1' },
        'max-depth': { type: 'string', default: '3000' },
        workers: { type: 'string' },
        timeout: { type: 'string', default: '600' },
        keep: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    process.stderr.write(`fuzz: ${(err as Error).message}\n`);
    return 2;
  }
  const files = Number(values.files);
  const seed = Number(values.seed);
  const maxDepth = Number(values['max-depth']);
  const timeout = Number(values.timeout);
  if (![files, seed, maxDepth, timeout].every((n) => Number.isInteger(n) && n > 0)) {
    process.stderr.write('fuzz: --files, --seed, --max-depth and --timeout take positive integers\n');
    return 2;
  }

  const dir = mkdtempSync(join(tmpdir(), 'seam-fuzz-'));
  const repo = join(dir, 'repo');
  const out = join(dir, 'facts.json');
  try {
    const generated = performance.now();
    const corpus = hostileCorpus({ files, seed, maxDepth });
    writeHostileRepo(repo, corpus);
    const kinds: Partial<Record<HostileKind, number>> = {};
    for (const f of corpus) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
    console.log(`fuzz: ${count(files)} files, seed ${seed}, nesting up to ${count(maxDepth)}, written to ${repo} in ${((performance.now() - generated) / 1000).toFixed(1)} s`);
    console.log(table(kinds));

    const args = ['analyze', repo, '--format', 'json', '--out', out, '--no-history', ...(values.workers ? ['--workers', values.workers] : [])];
    const started = performance.now();
    const run = spawnSync(process.execPath, [SEAM, ...args], { encoding: 'utf8', timeout: timeout * 1000, maxBuffer: 64 * 1024 * 1024 });
    const seconds = (performance.now() - started) / 1000;
    const runCrashes = run.status === 0 ? 0 : 1;
    console.log(`\nseam ${args.join(' ')}`);
    console.log(`  exit ${run.status ?? `none (${run.signal ?? run.error?.message ?? 'killed'}${run.signal === 'SIGTERM' ? `: no result within ${timeout} s` : ''})`}, ${seconds.toFixed(1)} s`);
    console.log(`run crashes: ${runCrashes}`);
    if (runCrashes > 0) {
      console.log(run.stderr.slice(-4000));
      return 1;
    }
    const facts = JSON.parse(readFileSync(out, 'utf8')) as Facts;
    const check = checkHostileRun(corpus, facts.diagnostics);
    const perSecond = files / seconds;
    console.log(`modules: ${count(facts.modules.length)} (${count(facts.modules.filter((m) => m.partial).length)} partial), ${count(facts.imports.length)} local imports, ${count(facts.routes.length)} routes, ${count(facts.dataAccess.length)} data accesses`);
    console.log(`diagnostics by code:\n${table(check.byCode)}`);
    console.log(`analyzer-crash by stage:\n${table(check.crashesByStage) || '  (none)'}`);
    console.log(`analyzer-crash by stage and reason:\n${table(check.crashesByReason) || '  (none)'}`);
    console.log(`time: ${seconds.toFixed(1)} s (${perSecond.toFixed(0)} files/s)`);
    if (check.violations.length > 0) {
      console.log(`\n${check.violations.length} violation(s):\n${check.violations.slice(0, 50).map((v) => `  ${v}`).join('\n')}`);
      return 1;
    }
    console.log('ok: the run finished, and every bad file cost at most one analyzer-crash / parse-error naming it');
    return 0;
  } finally {
    if (values.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = main(process.argv.slice(2));

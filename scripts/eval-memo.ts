/**
 * `npm run eval:memo [name…] [--files n]`: the link memo (analyzers/core/link-memo.ts) held to
 * cold runs on the corpus. Per repo: one recorded run, then for each of `--files` files (default
 * 6, spread over the files that carry the most analyzers' findings) two edits, one at a time:
 * a comment line at the top (every finding of the file moves down) and a blank line in the middle.
 * Each edit is analyzed warm (the first run's results and memo reused) and cold, and the two
 * facts documents must be identical. The coupling edges are held to a build as well: the edges of
 * the warm facts, asked right after the first run's (so that couplingEdges may hand back the
 * first run's edges when the facts differ only in layout), must equal the edges built from the
 * cold facts with nothing to reuse. The file is restored after each edit.
 *
 * Prints per repo the edits, how many gave facts different from a cold run (must be 0), and how
 * often each analyzer's link step was reused. Exit code 1 when any edit differs. Needs the corpus
 * checked out (corpus/README.md); not part of `npm test` (CI has no network to fetch it).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractRun } from '../analyzers/extract.js';
import type { ExtractOptions } from '../analyzers/types.js';
import { couplingEdges } from '../src/decompose/index.js';
import { cutFacts } from '../src/engine/pipeline.js';
import { DEFAULT_CONFIG } from '../src/shared/config.js';
import type { Facts } from '../src/shared/facts.js';
import { compareStrings } from '../src/shared/sort.js';
import { corpusDir, loadManifest, scopeIncludes, type CorpusRepo } from './corpus/manifest.js';

/** The scope eval:corpus analyzes (its `--include` and `--exclude`), without git history. */
function optionsOf(repo: CorpusRepo): ExtractOptions {
  const o: ExtractOptions = { history: false, workers: 0 };
  const include = scopeIncludes(repo);
  if (include.length > 0) o.include = include;
  if (repo.scope.exclude) o.exclude = repo.scope.exclude;
  return o;
}

/** The two edits of a file's text: a comment line at the top, a blank line in the middle. */
function edits(text: string): [string, string][] {
  const lines = text.split('\n');
  const mid = Math.floor(lines.length / 2);
  return [
    ['top', `// seam eval:memo\n${text}`],
    ['middle', [...lines.slice(0, mid), '', ...lines.slice(mid)].join('\n')],
  ];
}

/** The coupling edges of facts (in scope, default weights), as text. */
const edgesText = (facts: Facts): string => JSON.stringify(couplingEdges(cutFacts(facts, DEFAULT_CONFIG).facts).edges);
/** Facts with no module: asking for their edges leaves nothing for the next call to reuse. */
const nothing = (facts: Facts): Facts => ({ ...facts, modules: [], imports: [], symbols: [], routes: [], entities: [], dataAccess: [], sharedState: [], coChange: [] });

async function checkRepo(repo: CorpusRepo, dir: string, files: number): Promise<{ edits: number; different: string[]; reused: Map<string, number>; edgesReused: number }> {
  const options = optionsOf(repo);
  const base = await extractRun(dir, { ...options, recordLinks: true });
  const reuse = new Map(base.files.map((f) => [f.path, f]));
  const ranked = base.files
    .filter((f) => f.module)
    .map((f) => ({ path: f.path, carried: Object.keys(f.locals).length }))
    .sort((a, b) => b.carried - a.carried || compareStrings(a.path, b.path));
  const step = Math.max(1, Math.floor(ranked.length / files));
  const picked: string[] = [];
  for (let i = 0; i < ranked.length && picked.length < files; i += step) picked.push(ranked[i]!.path);
  const different: string[] = [];
  const reused = new Map<string, number>();
  let count = 0;
  let edgesReused = 0;
  for (const path of picked) {
    const file = join(dir, path);
    const text = readFileSync(file, 'utf8');
    try {
      for (const [how, edited] of edits(text)) {
        writeFileSync(file, edited);
        const warm = await extractRun(dir, { ...options, recordLinks: true, reuse, ...(base.linkMemo !== undefined ? { linkMemo: base.linkMemo } : {}) });
        const cold = await extractRun(dir, options);
        count++;
        for (const a of warm.linksReused) reused.set(a, (reused.get(a) ?? 0) + 1);
        if (JSON.stringify(warm.facts) !== JSON.stringify(cold.facts)) {
          const keys = Object.keys(cold.facts).filter((k) => JSON.stringify(warm.facts[k as keyof typeof warm.facts]) !== JSON.stringify(cold.facts[k as keyof typeof cold.facts]));
          different.push(`${how} ${path} (${keys.join(', ')})`);
        }
        const first = couplingEdges(cutFacts(base.facts, DEFAULT_CONFIG).facts);
        const warmEdges = couplingEdges(cutFacts(warm.facts, DEFAULT_CONFIG).facts);
        if (warmEdges === first) edgesReused++;
        edgesText(nothing(cold.facts));
        if (JSON.stringify(warmEdges.edges) !== edgesText(cold.facts)) different.push(`${how} ${path} (coupling edges)`);
      }
    } finally {
      writeFileSync(file, text);
    }
  }
  return { edits: count, different, reused, edgesReused };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--files');
  const files = at >= 0 ? Number(args[at + 1]) : 6;
  if (!Number.isInteger(files) || files < 1) {
    console.error('eval:memo: --files takes a whole number of files per repo (default 6)');
    return 2;
  }
  const names = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--files');
  const repos = loadManifest().filter((r) => names.length === 0 || names.includes(r.name));
  if (names.length > 0 && repos.length !== names.length) {
    console.error(`eval:memo: no corpus repo named ${names.filter((n) => !repos.some((r) => r.name === n)).join(', ')}; see corpus/corpus.json`);
    return 2;
  }
  let failed = 0;
  for (const repo of repos) {
    const dir = join(corpusDir(), 'repos', repo.name);
    if (!existsSync(dir)) {
      console.log(`${repo.name}: not checked out (corpus/repos/${repo.name}): skipped; see corpus/README.md`);
      continue;
    }
    const r = await checkRepo(repo, dir, files);
    failed += r.different.length;
    const reused = [...r.reused].sort((a, b) => compareStrings(a[0], b[0])).map(([a, n]) => `${a} ${n}`).join(', ');
    console.log(`${repo.name}: ${r.edits} edits, ${r.different.length} with facts or edges other than a cold run's; steps reused: ${reused || 'none'}; coupling edges reused ${r.edgesReused}`);
    for (const d of r.different) console.log(`  differs: ${d}`);
  }
  console.log(failed === 0 ? 'eval:memo: every warm run gave the facts of a cold run' : `eval:memo: ${failed} edits gave facts other than a cold run's`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();

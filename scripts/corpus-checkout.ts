/**
 * `npm run corpus:checkout -- <name> <git-dir>`: clone a fetched snapshot of a corpus repo into
 * corpus/repos/<name> and check out the commit the manifest pins. Blobs the snapshot lacks (files
 * of 4 MiB and more, LFS content: images, archives) are left out of the work tree through a
 * sparse checkout, so the checkout succeeds and every source file is there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { corpusDir, loadManifest } from './corpus/manifest.js';

function git(args: string[], input?: string): string {
  const r = spawnSync('git', args, { encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`git ${args.slice(0, 4).join(' ')}: ${r.stderr.trim().split('\n').slice(-2).join(' ')}`);
  return r.stdout;
}

function main(argv: string[]): number {
  const [name, source] = argv;
  if (!name || !source) {
    console.error('usage: npm run corpus:checkout -- <name> <git directory of the fetched snapshot>');
    return 2;
  }
  const repo = loadManifest().find((r) => r.name === name);
  if (!repo) {
    console.error(`corpus:checkout: ${name} is not in corpus/corpus.json`);
    return 2;
  }
  const target = join(corpusDir(), 'repos', name);
  if (!existsSync(target)) {
    mkdirSync(join(corpusDir(), 'repos'), { recursive: true });
    git(['clone', '--quiet', '--no-checkout', resolve(source), target]);
  }
  const tree = git(['-C', target, 'ls-tree', '-r', repo.commit]);
  const blobs = tree
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = line.split('\t') as [string, string];
      const [, type, sha] = meta.split(' ') as [string, string, string];
      return { type, sha, path };
    })
    .filter((b) => b.type === 'blob');
  const status = git(['-C', target, 'cat-file', '--batch-check'], blobs.map((b) => b.sha).join('\n') + '\n').split('\n');
  const missing = blobs.filter((_, i) => status[i]?.endsWith(' missing'));
  if (missing.length) {
    git(['-C', target, 'sparse-checkout', 'set', '--no-cone', '/*', ...missing.map((b) => `!/${b.path}`)]);
    console.log(`corpus:checkout: ${missing.length} file(s) the snapshot lacks are left out: ${missing.slice(0, 5).map((b) => b.path).join(', ')}${missing.length > 5 ? ', …' : ''}`);
  }
  git(['-C', target, 'checkout', '--quiet', '--force', repo.commit]);
  console.log(`corpus:checkout: ${name} at ${repo.commit} in ${target}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  console.error(`corpus:checkout: ${(err as Error).message}`);
  process.exitCode = 2;
}

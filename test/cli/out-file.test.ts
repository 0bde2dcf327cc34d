/**
 * Where the CLI writes goes through the one writer (src/host/artifact-writer.ts): `--out` that is
 * the file-system root, an existing folder, a FIFO or a symbolic link is exit 2 with a message
 * naming the path, no stack trace and no hang; nothing is written.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSeamAsync } from '../support/run-seam.js';

const tmp = mkdtempSync(join(tmpdir(), 'seam-out-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const repo = join(tmp, 'repo');
mkdirSync(join(repo, 'src'), { recursive: true });
writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'tiny', private: true }));
writeFileSync(join(repo, 'src', 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
writeFileSync(join(repo, 'src', 'b.ts'), 'export const b = 1;\n');

describe('seam analyze --out', () => {
  it('refuses the root, an existing folder, a FIFO and a symbolic link: exit 2, the path named, nothing written', async () => {
    const folder = join(tmp, 'existing');
    mkdirSync(folder);
    const fifo = join(tmp, 'facts.fifo');
    execFileSync('mkfifo', [fifo]);
    const target = join(tmp, 'target.json');
    writeFileSync(target, 'untouched\n');
    const link = join(tmp, 'link.json');
    symlinkSync(target, link);
    const cases: Array<[string, string]> = [
      ['/', '--out / is the file-system root; name a file'],
      [folder, `--out ${folder} is a folder; name a file inside it`],
      [fifo, `--out ${fifo} is not a regular file (a FIFO or a device); name a file`],
      [link, `--out ${link} is a symbolic link; name the file itself`],
    ];
    const before = readdirSync(tmp).sort();
    const runs = await Promise.all(cases.map(([out]) => runSeamAsync(['analyze', repo, '--no-history', '--out', out], { timeout: 60_000 })));
    expect(runs.map((r) => ({ code: r.code, stdout: r.stdout, stderr: r.stderr }))).toEqual(cases.map(([, message]) => ({ code: 2, stdout: '', stderr: `seam analyze: ${message}\n` })));
    expect(readdirSync(tmp).sort()).toEqual(before);
    expect(readdirSync(folder)).toEqual([]);
    expect(readFileSync(target, 'utf8')).toBe('untouched\n');
  });
});

describe('seam export --out', () => {
  it('refuses the file-system root even with --force, before analyzing, and writes nothing there', async () => {
    const before = readdirSync('/').sort();
    const r = await runSeamAsync(['export', repo, '--out', '/', '--force', '--no-history'], { timeout: 60_000 });
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'seam export: --out / is the file-system root; choose a folder inside it\n' });
    expect(readdirSync('/').sort()).toEqual(before);
  });
});

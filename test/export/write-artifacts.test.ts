import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeArtifacts } from '../../src/host/artifact-writer.js';
import { isSafeArtifactPath } from '../../src/export/index.js';
import { InputError } from '../../src/shared/errors.js';

const tmp = mkdtempSync(join(tmpdir(), 'seam-write-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(tmp, `case-${++n}`);

function listAll(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => !d.isDirectory())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

function refusal(fn: () => unknown): { code: string; exitCode: number; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return { code: err.code, exitCode: err.exitCode, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('writeArtifacts', () => {
  it('writes nested files with their exact contents and leaves no temporary file behind', () => {
    const out = fresh();
    writeArtifacts(out, [
      { path: 'a/b/c.txt', contents: 'c\n' },
      { path: 'a/.hidden/d.json', contents: '{}\n' },
      { path: 'top.md', contents: '# top\n' },
    ]);
    expect(listAll(out)).toEqual(['a/.hidden/d.json', 'a/b/c.txt', 'top.md']);
    expect(readFileSync(join(out, 'a/b/c.txt'), 'utf8')).toBe('c\n');
  });

  it.each(['../escape.txt', '/etc/escape.txt', 'a/../../escape.txt', 'a/./b.txt', 'a//b.txt', 'a\\..\\b.txt', 'C:/escape.txt', '', 'a/b\n.txt', 'a/'])('refuses the path %j and writes nothing', (path) => {
    const out = fresh();
    expect(isSafeArtifactPath(path)).toBe(false);
    expect(refusal(() => writeArtifacts(out, [{ path: 'ok.txt', contents: 'ok' }, { path, contents: 'x' }]))).toMatchObject({ code: 'unsafe-path', exitCode: 2 });
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(tmp, 'escape.txt'))).toBe(false);
  });

  it('refuses to write through a symbolic link that leads out of the folder', () => {
    const out = fresh();
    const outside = fresh();
    mkdirSync(out);
    mkdirSync(outside);
    symlinkSync(outside, join(out, 'services'));
    const r = refusal(() => writeArtifacts(out, [{ path: 'services/orders/package.json', contents: '{}' }], { force: true }));
    expect(r).toMatchObject({ code: 'unsafe-path', exitCode: 2 });
    expect(r.message).toContain('symbolic link');
    expect(readdirSync(outside)).toEqual([]);
  });

  it('refuses to replace a file that is a symbolic link, and leaves its target alone', () => {
    const out = fresh();
    const secret = join(fresh() + '-secret.txt');
    writeFileSync(secret, 'secret');
    mkdirSync(out);
    symlinkSync(secret, join(out, 'report.html'));
    expect(refusal(() => writeArtifacts(out, [{ path: 'report.html', contents: 'x' }], { force: true }))).toMatchObject({ code: 'unsafe-path' });
    expect(readFileSync(secret, 'utf8')).toBe('secret');
  });

  it('refuses a non-empty folder without force, and replaces only its own files with force', () => {
    const out = fresh();
    mkdirSync(out);
    writeFileSync(join(out, 'mine.txt'), 'keep me');
    writeFileSync(join(out, 'a.txt'), 'old');
    const r = refusal(() => writeArtifacts(out, [{ path: 'a.txt', contents: 'new' }]));
    expect(r).toMatchObject({ code: 'out-not-empty', exitCode: 2 });
    expect(r.message).toContain('pass --force');
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('old');
    writeArtifacts(out, [{ path: 'a.txt', contents: 'new' }], { force: true });
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('new');
    expect(readFileSync(join(out, 'mine.txt'), 'utf8')).toBe('keep me');
  });

  it('refuses an --out that is a file', () => {
    const out = fresh();
    writeFileSync(out, 'x');
    expect(refusal(() => writeArtifacts(out, [{ path: 'a.txt', contents: '' }]))).toMatchObject({ code: 'usage', exitCode: 2 });
  });
});

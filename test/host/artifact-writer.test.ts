/** The UI hosts' artifact writer: contained, not destructive by accident, atomic. */
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeArtifacts } from '../../src/host/artifact-writer.js';
import { InputError } from '../../src/shared/errors.js';
import { tempDir } from '../workspace/helpers.js';

const tmp = tempDir('artifact-writer');
afterAll(() => tmp.cleanup());

const ARTIFACTS = [
  { path: 'report/report.html', contents: '<!doctype html>\n' },
  { path: 'services/orders/src/server.ts', contents: 'export {};\n' },
];

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('writeArtifacts', () => {
  it('creates a new folder with every file, and leaves no staging folder beside it', () => {
    const out = join(tmp.dir, 'fresh', 'out');
    expect(writeArtifacts(out, ARTIFACTS)).toEqual(['report/report.html', 'services/orders/src/server.ts']);
    expect(readFileSync(join(out, 'services/orders/src/server.ts'), 'utf8')).toBe('export {};\n');
    expect(readdirSync(join(tmp.dir, 'fresh'))).toEqual(['out']);
  });

  it('refuses a non-empty folder without force, and with force replaces only its own files', () => {
    const out = join(tmp.dir, 'busy');
    mkdirSync(join(out, 'report'), { recursive: true });
    writeFileSync(join(out, 'report', 'report.html'), 'old\n');
    writeFileSync(join(out, 'keep.txt'), 'keep\n');
    const err = thrown(() => writeArtifacts(out, ARTIFACTS));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe('out-not-empty');
    expect(readFileSync(join(out, 'report', 'report.html'), 'utf8')).toBe('old\n');
    writeArtifacts(out, ARTIFACTS, { force: true });
    expect(readFileSync(join(out, 'report', 'report.html'), 'utf8')).toBe('<!doctype html>\n');
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('keep\n');
    expect(readdirSync(join(out, 'report'))).toEqual(['report.html']);
  });

  it('never writes through a symbolic link inside the target', () => {
    const out = join(tmp.dir, 'linked');
    const elsewhere = join(tmp.dir, 'elsewhere');
    mkdirSync(out);
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(out, 'services'));
    const err = thrown(() => writeArtifacts(out, ARTIFACTS, { force: true }));
    expect((err as InputError).code).toBe('unsafe-path');
    expect(err.message).toContain('is a symbolic link');
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('refuses artifact paths that climb out of the target', () => {
    const out = join(tmp.dir, 'climb');
    expect(thrown(() => writeArtifacts(out, [{ path: '../escape.txt', contents: 'x' }])).message).toBe("export: refusing to write '../escape.txt': not a plain relative path inside the target folder");
    expect(existsSync(join(tmp.dir, 'escape.txt'))).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses the file-system root (a relative target is taken from the current folder; the UI requires absolute paths at its edge)', () => {
    expect(thrown(() => writeArtifacts('/', ARTIFACTS)).message).toBe('export: refusing to write into the file-system root /; choose a folder');
  });
});

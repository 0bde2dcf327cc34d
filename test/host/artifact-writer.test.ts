/** The one writer of every shell: artifacts and single output files, contained, not destructive by accident, atomic. */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertArtifactTarget, writeArtifacts, writeOutputFile } from '../../src/host/artifact-writer.js';
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
    expect(thrown(() => writeArtifacts('/', ARTIFACTS)).message).toBe('export: the target / is the file-system root; choose a folder inside it');
  });
});

describe('assertArtifactTarget', () => {
  it('returns a new or empty folder, and refuses the root, a file and a non-empty folder without force', () => {
    expect(assertArtifactTarget(join(tmp.dir, 'target-new'))).toBe(join(tmp.dir, 'target-new'));
    mkdirSync(join(tmp.dir, 'target-empty'));
    expect(assertArtifactTarget(join(tmp.dir, 'target-empty'))).toBe(join(tmp.dir, 'target-empty'));
    expect(thrown(() => assertArtifactTarget('/', { force: true, name: '--out' })).message).toBe('--out / is the file-system root; choose a folder inside it');
    writeFileSync(join(tmp.dir, 'target-file'), 'x');
    expect(thrown(() => assertArtifactTarget(join(tmp.dir, 'target-file'))).message).toBe(`export: the target ${join(tmp.dir, 'target-file')} is not a folder; choose a folder (it is created if missing)`);
    mkdirSync(join(tmp.dir, 'target-busy'));
    writeFileSync(join(tmp.dir, 'target-busy', 'keep.txt'), 'keep');
    expect(thrown(() => assertArtifactTarget(join(tmp.dir, 'target-busy'), { name: '--out' })).message).toBe(
      `--out ${join(tmp.dir, 'target-busy')} is not empty; choose an empty or new folder, or pass --force to replace the files Seam writes there (nothing else is touched)`,
    );
    expect(assertArtifactTarget(join(tmp.dir, 'target-busy'), { force: true })).toBe(join(tmp.dir, 'target-busy'));
  });
});

describe('writeOutputFile', () => {
  it('writes a new file (creating its folders) and replaces a regular one, leaving no temporary file', () => {
    const file = join(tmp.dir, 'out-file', 'deep', 'report.json');
    writeOutputFile(file, 'one\n');
    writeOutputFile(file, 'two\n');
    expect(readFileSync(file, 'utf8')).toBe('two\n');
    expect(readdirSync(join(tmp.dir, 'out-file', 'deep'))).toEqual(['report.json']);
  });

  it('refuses the file-system root, a folder, a symbolic link and a FIFO, naming the flag and the path', () => {
    const dir = join(tmp.dir, 'out-refused');
    mkdirSync(dir);
    const target = join(dir, 'target.json');
    writeFileSync(target, 'untouched\n');
    const link = join(dir, 'link.json');
    symlinkSync(target, link);
    const fifo = join(dir, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    expect(thrown(() => writeOutputFile('/', 'x')).message).toBe('--out / is the file-system root; name a file');
    expect(thrown(() => writeOutputFile(dir, 'x', '--baseline')).message).toBe(`--baseline ${dir} is a folder; name a file inside it`);
    expect(thrown(() => writeOutputFile(link, 'x')).message).toBe(`--out ${link} is a symbolic link; name the file itself`);
    expect(thrown(() => writeOutputFile(fifo, 'x')).message).toBe(`--out ${fifo} is not a regular file (a FIFO or a device); name a file`);
    expect(readFileSync(target, 'utf8')).toBe('untouched\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'report.fifo', 'target.json']);
  });
});

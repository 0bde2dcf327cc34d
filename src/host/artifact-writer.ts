/**
 * Writing what Seam produces, for every shell (the CLI commands and the UI hosts): exported
 * artifacts into a folder the user chose, and single output files (a report, a plan, a baseline).
 * The guarantees:
 * - contained: every artifact path is checked (`isSafeArtifactPath`: relative, posix, no `..`),
 *   and no folder on the way is a symbolic link, so nothing lands outside `outDir`;
 * - not destructive by accident: a folder that exists and is not empty is refused unless
 *   `force` is given (then only the artifacts' own paths are replaced; nothing is deleted);
 * - atomic: a new folder is built under a temporary name beside it and renamed into place, so
 *   it appears complete or not at all; into an existing folder each file is written to a
 *   temporary file and renamed over its target, so no file is ever half-written.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isSafeArtifactPath } from '../export/index.js';
import { InputError } from '../shared/errors.js';
import type { Artifact } from '../shared/plan.js';
import { compareStrings } from '../shared/sort.js';
import { utf8Encoding } from '../shared/utf8.js';

function kindOf(path: string): 'missing' | 'dir' | 'link' | 'other' {
  try {
    const st = lstatSync(path);
    return st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : 'other';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
}

/** Create the folders of `rel` under `base` one by one, refusing any that is a link or a file. */
function folderInside(base: string, rel: string): string {
  let dir = base;
  for (const seg of rel.split('/').slice(0, -1)) {
    dir = join(dir, seg);
    const kind = kindOf(dir);
    if (kind === 'missing') mkdirSync(dir);
    else if (kind !== 'dir') throw new InputError(`export: ${dir} is ${kind === 'link' ? 'a symbolic link' : 'not a folder'}; Seam writes only into real folders inside the target`, 'unsafe-path');
  }
  return dir;
}

function writeAll(base: string, artifacts: readonly Artifact[], tag: string): void {
  for (const a of artifacts) {
    const dir = folderInside(base, a.path);
    const target = join(dir, basename(a.path));
    const existing = kindOf(target);
    if (existing === 'dir') throw new InputError(`export: ${target} is a folder; remove it or choose another target`, 'unsafe-path');
    if (existing === 'link') throw new InputError(`export: ${target} is a symbolic link; remove it or choose another target (Seam never writes through links)`, 'unsafe-path');
    const tmp = join(dir, `.${basename(a.path)}.${tag}.tmp`);
    try {
      const fd = openSync(tmp, 'wx', 0o644);
      try {
        writeSync(fd, a.contents);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, target);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  }
}

/**
 * Refuse a target folder before any work is done: the file-system root, something that is not a
 * folder, or a non-empty folder without `force`.
 */
export function assertArtifactTarget(outDir: string, options: { force?: boolean; name?: string } = {}): string {
  const name = options.name ?? 'export: the target';
  if (outDir === '') throw new InputError('export: the target folder is empty; name a folder', 'usage');
  const target = resolve(outDir);
  if (dirname(target) === target) throw new InputError(`${name} ${target} is the file-system root; choose a folder inside it`, 'usage');
  const kind = kindOf(target);
  if (kind === 'missing') return target;
  if (!statSync(target).isDirectory()) throw new InputError(`${name} ${target} is not a folder; choose a folder (it is created if missing)`, 'usage');
  if (readdirSync(target).length > 0 && !options.force) {
    throw new InputError(`${name} ${target} is not empty; choose an empty or new folder, or pass --force to replace the files Seam writes there (nothing else is touched)`, 'out-not-empty');
  }
  return target;
}

/**
 * Write one output file (a report, an analyze document, a plan) atomically: a temporary file
 * beside it, then a rename. Refused: the file-system root, an existing folder, anything that is
 * not a regular file (a FIFO would block), a symbolic link.
 */
export function writeOutputFile(path: string, contents: string, flag = '--out'): void {
  const target = resolve(path);
  if (dirname(target) === target) throw new InputError(`${flag} ${target} is the file-system root; name a file`, 'usage');
  const kind = kindOf(target);
  if (kind === 'dir') throw new InputError(`${flag} ${target} is a folder; name a file inside it`, 'usage');
  if (kind === 'link') throw new InputError(`${flag} ${target} is a symbolic link; name the file itself`, 'usage');
  if (kind === 'other' && !statSync(target).isFile()) throw new InputError(`${flag} ${target} is not a regular file (a FIFO or a device); name a file`, 'usage');
  mkdirSync(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      writeSync(fd, contents, null, utf8Encoding(contents));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

export function writeArtifacts(outDir: string, artifacts: readonly Artifact[], options: { force?: boolean; name?: string } = {}): string[] {
  const seen = new Set<string>();
  for (const a of artifacts) {
    if (!isSafeArtifactPath(a.path)) throw new InputError(`export: refusing to write '${a.path}': not a plain relative path inside the target folder`, 'unsafe-path');
    if (seen.has(a.path)) throw new Error(`export: two artifacts at ${a.path}`);
    seen.add(a.path);
  }
  const target = assertArtifactTarget(outDir, options);
  const tag = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const existing = kindOf(target);
  if (existing === 'missing') {
    mkdirSync(dirname(target), { recursive: true });
    const staging = join(dirname(target), `.${basename(target)}.${tag}.seam-export`);
    mkdirSync(staging);
    try {
      writeAll(staging, artifacts, tag);
      renameSync(staging, target);
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      if ((err as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (err as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new InputError(`export: ${target} appeared while exporting; export again`, 'out-not-empty');
      }
      throw err;
    }
  } else {
    // a link to a folder the user chose is fine as the target itself; links inside it are not followed
    writeAll(target, artifacts, tag);
  }
  return [...seen].sort(compareStrings);
}

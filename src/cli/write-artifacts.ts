/**
 * Writing artifacts into an output folder, safely:
 * - a non-empty folder is refused unless `force` (then files with the same names are replaced,
 *   nothing else is touched);
 * - every path must be relative, posix, without `.`, `..` or empty segments, control or reserved
 *   characters; folders are created one segment at a time and a symbolic link on the way (or as
 *   the target) is refused, so nothing is ever written outside the real output folder;
 * - each file is written to a temporary file beside it and renamed into place (atomic).
 */
import { closeSync, existsSync, fsyncSync, lstatSync, type Stats, mkdirSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isSafeArtifactPath } from '../export/index.js';
import { InputError } from '../shared/errors.js';
import type { Artifact } from '../shared/plan.js';

export interface WriteArtifactsOptions {
  force?: boolean;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

/** Create `segments` under `root` one by one; refuse anything that is not a plain folder. */
function ensureFolder(root: string, segments: readonly string[], shown: string): string {
  let current = root;
  for (const seg of segments) {
    current = join(current, seg);
    const st = lstatOrUndefined(current);
    if (!st) {
      mkdirSync(current);
      continue;
    }
    if (st.isSymbolicLink()) throw new InputError(`${shown} would be written through the symbolic link ${current}; remove it or choose another --out`, 'unsafe-path');
    if (!st.isDirectory()) throw new InputError(`${shown} needs the folder ${current}, but a file is there; remove it or choose another --out`, 'unsafe-path');
  }
  return current;
}

function writeAtomic(dir: string, name: string, contents: string, index: number): void {
  const target = join(dir, name);
  const tmp = join(dir, `.${name}.${process.pid}.${index}.tmp`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, contents);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Refuse an --out that is a file, or a non-empty folder without `force` (callers check this before doing the work, too). */
export function assertUsableOut(outDir: string, options: WriteArtifactsOptions = {}): void {
  const requested = resolve(outDir);
  if (!existsSync(requested)) return;
  if (!statSync(requested).isDirectory()) throw new InputError(`--out ${requested} is a file, not a folder; choose a folder`, 'usage');
  if (readdirSync(requested).length > 0 && !options.force) {
    throw new InputError(`--out ${requested} is not empty; choose an empty or new folder, or pass --force to replace the files Seam writes there`, 'out-not-empty');
  }
}

/** Write every artifact under `outDir`; returns the real output folder. */
export function writeArtifacts(outDir: string, artifacts: readonly Artifact[], options: WriteArtifactsOptions = {}): string {
  const requested = resolve(outDir);
  for (const a of artifacts) {
    if (!isSafeArtifactPath(a.path)) throw new InputError(`refusing to write '${a.path}': not a plain relative path inside --out`, 'unsafe-path');
  }
  assertUsableOut(requested, options);
  if (!existsSync(requested)) mkdirSync(requested, { recursive: true });
  const root = realpathSync(requested);
  artifacts.forEach((a, i) => {
    const segments = a.path.split('/');
    const name = segments.pop()!;
    const dir = ensureFolder(root, segments, a.path);
    if (!inside(root, realpathSync(dir))) throw new InputError(`refusing to write '${a.path}' outside ${root}`, 'unsafe-path');
    const target = join(dir, name);
    const existing = lstatOrUndefined(target);
    if (existing?.isSymbolicLink()) throw new InputError(`${a.path} is a symbolic link in ${root}; remove it or choose another --out`, 'unsafe-path');
    if (existing?.isDirectory()) throw new InputError(`${a.path} is a folder in ${root}; remove it or choose another --out`, 'unsafe-path');
    writeAtomic(dir, name, a.contents, i);
  });
  return root;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

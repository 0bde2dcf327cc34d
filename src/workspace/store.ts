/**
 * Opening a workspace file safely. A file Seam did not make, a damaged one, or one from a newer
 * Seam is refused with an error naming it, and its bytes are never touched: it is checked first
 * by reading its header, then through a read-only connection (`quick_check`, schema version);
 * only a file that passed is opened for writing. A new workspace is built under a temporary
 * name and linked into place, so no one ever sees a half-created file. An older schema is copied
 * to `<file>.schema-v<N>.bak` before it is migrated.
 *
 * Concurrency: WAL (readers never block the writer), a busy timeout, and every write in a
 * `BEGIN IMMEDIATE` transaction, so two processes editing one workspace queue instead of failing
 * with "database is locked". `synchronous = FULL`: a committed edit survives a crash of the
 * process and of the machine.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readSync, rmSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../shared/errors.js';
import { MIGRATIONS, SEAM_APPLICATION_ID, type Migration } from './schema.js';

export const DEFAULT_WORKSPACE = join('.seam', 'workspace.db');

/** How long a writer waits for another process's transaction before giving up. */
const BUSY_TIMEOUT_MS = 30_000;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export interface OpenStoreOptions {
  /** create the file (and its folder) when it does not exist */
  create?: boolean;
  /** open for reading only (no migration, no writes) */
  readonly?: boolean;
  /** the schema to bring the file to (tests use it to exercise a migration) */
  migrations?: readonly Migration[];
  /**
   * The file's `fileState` when this process last closed it. When the file is still exactly so
   * (same inode, size, modification and change times, no WAL), no one has written a byte since
   * and the full page check (`quick_check`) is skipped; the header, schema and tables are checked
   * as always.
   */
  unchangedSince?: string;
}

/**
 * What a file's bytes are, as far as the file system tells without reading them: inode, size,
 * modification and status-change times of the file and of its WAL. Any write changes the change
 * time (which no one can set back), so an equal state means the bytes were not touched.
 */
export function fileState(file: string): string {
  const one = (f: string): string => {
    try {
      const st = statSync(f, { bigint: true });
      return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
    } catch {
      return '-';
    }
  };
  return `${one(file)}|${one(`${file}-wal`)}`;
}

export interface Store {
  readonly file: string;
  readonly db: Database.Database;
  /** Run `fn` in one `BEGIN IMMEDIATE` transaction: all of it commits, or none of it. */
  write<T>(fn: () => T): T;
  close(): void;
}

export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const file = resolve(path);
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (!existsSync(file)) {
    if (!options.create) {
      throw new InputError(`workspace: ${file} does not exist; run 'seam analyze <repo> --workspace ${path}' to create it`, 'workspace-missing');
    }
    createWorkspaceFile(file, migrations);
  }
  const version = validate(file, latest, options.unchangedSince !== undefined && options.unchangedSince === fileState(file));
  if (version < latest && !options.readonly) backupBeforeMigration(file, version);

  const db = new Database(file, { readonly: options.readonly === true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    if (!options.readonly && version < latest) migrate(db, file, migrations);
    else if (version < latest) {
      throw new InputError(`workspace: ${file} uses schema version ${version}; open it once for writing (any 'seam edit' or 'seam analyze --workspace') to upgrade it`, 'workspace-old');
    }
  } catch (err) {
    db.close();
    throw err;
  }
  return {
    file,
    db,
    write: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    close: () => db.close(),
  };
}

/** Build the file under a temporary name, then link it into place (never over an existing file). */
function createWorkspaceFile(file: string, migrations: readonly Migration[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.creating`);
  rmSync(tmp, { force: true });
  try {
    const db = new Database(tmp);
    try {
      db.pragma(`application_id = ${SEAM_APPLICATION_ID}`);
      db.pragma('journal_mode = WAL');
      db.transaction(() => {
        for (const m of migrations) db.exec(m.sql);
        db.pragma(`user_version = ${migrations[migrations.length - 1]?.version ?? 0}`);
      }).immediate();
    } finally {
      db.close();
    }
    try {
      linkSync(tmp, file);
    } catch (err) {
      // another process created it first: use theirs
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  } finally {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-wal`, { force: true });
    rmSync(`${tmp}-shm`, { force: true });
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function notAWorkspace(file: string, why: string): InputError {
  return new InputError(
    `workspace: ${file} is not a Seam workspace (${why}); Seam left it untouched. Pass a workspace made by 'seam analyze --workspace', or a path that does not exist yet to create one`,
    'workspace-foreign',
  );
}

function damaged(file: string, why: string): InputError {
  return new InputError(
    `workspace: ${file} is damaged (${why}); Seam left it untouched. Restore it from a backup, or move it away and run 'seam analyze --workspace' again to start a new workspace`,
    'workspace-corrupt',
  );
}

/** Everything that can be checked without writing a byte; returns the file's schema version. */
function validate(file: string, latest: number, untouched = false): number {
  const st = statSync(file);
  if (st.isDirectory()) throw new InputError(`workspace: ${file} is a folder; pass the path of a workspace file (default ${DEFAULT_WORKSPACE})`, 'workspace-folder');
  // a FIFO or a device would block the header read (or SQLite's open) for ever: only regular files are opened,
  // and the same for the sidecars SQLite opens beside it
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    const s = path === file ? st : statOrUndefined(path);
    if (s && !s.isFile()) {
      throw new InputError(`workspace: ${path} is not a regular file (a FIFO or a device); Seam left it untouched. Pass the path of a workspace file (default ${DEFAULT_WORKSPACE})`, 'workspace-not-a-file');
    }
  }
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    throw notAWorkspace(file, st.size === 0 ? 'it is empty' : 'it is not an SQLite database');
  }
  const appId = header.readUInt32BE(68);
  if (appId !== SEAM_APPLICATION_ID) {
    throw notAWorkspace(file, `it is an SQLite database of another application, application id 0x${appId.toString(16).padStart(8, '0')}`);
  }
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  const pages = header.readUInt32BE(28);
  const walPath = `${file}-wal`;
  const walHasFrames = existsSync(walPath) && statSync(walPath).size > 32;
  // with no WAL to complete it, a file shorter than its header says has lost its tail
  if (!walHasFrames && header.readUInt32BE(24) === header.readUInt32BE(92) && pages * pageSize > st.size) {
    throw damaged(file, `truncated: ${st.size} bytes where the header records ${pages * pageSize}`);
  }
  return readOnlyCheck(file, latest, !untouched);
}

function readOnlyCheck(file: string, latest: number, pages: boolean): number {
  const sidecars = [`${file}-wal`, `${file}-shm`].filter((p) => !existsSync(p));
  let db: Database.Database | undefined;
  let valid = false;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > latest) {
      throw new InputError(
        `workspace: ${file} was written by a newer Seam (schema version ${version}; this Seam reads up to ${latest}); Seam left it untouched. Upgrade Seam to open it`,
        'workspace-newer',
      );
    }
    const check = pages ? (db.pragma('quick_check') as { quick_check: string }[]) : [];
    // one row may hold many problems, a line each
    const problems = check
      .flatMap((r) => r.quick_check.replace(/\*\*\* in database \w+ \*\*\*\s*/g, '').split('\n'))
      .map((s) => s.replace(/\s+/g, ' ').trim())
      .filter((s) => s !== '' && s !== 'ok');
    if (problems.length > 0) throw damaged(file, `${problems.slice(0, 3).join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}`);
    if (version > 0) {
      const tables = new Set((db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
      const missing = ['meta', 'runs', 'scenarios', 'edit_log'].filter((t) => !tables.has(t));
      if (missing.length > 0) throw damaged(file, `tables missing: ${missing.join(', ')}`);
    }
    valid = true;
    return version;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB') throw notAWorkspace(file, 'it is not an SQLite database');
    if (code === 'SQLITE_BUSY') {
      throw new InputError(`workspace: ${file} is held by another process that did not let go for ${BUSY_TIMEOUT_MS / 1000} s; try again when it finishes`, 'workspace-busy');
    }
    throw damaged(file, (err as Error).message);
  } finally {
    db?.close();
    // A file Seam refused is left as it was found: remove the WAL sidecars this read-only look
    // created. Never for a valid workspace: another process may have opened it meanwhile, and
    // deleting its live WAL would silently lose every edit it writes.
    for (const p of valid ? [] : sidecars) {
      try {
        if (p.endsWith('-wal') && statSync(p).size > 0) continue;
        if (p.endsWith('-shm') && existsSync(`${file}-wal`)) continue;
        rmSync(p, { force: true });
      } catch {
        // not there: nothing to tidy
      }
    }
  }
}

function backupBeforeMigration(file: string, version: number): void {
  const backup = `${file}.schema-v${version}.bak`;
  if (existsSync(backup)) return;
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    db.prepare('VACUUM INTO ?').run(backup);
  } catch (err) {
    throw new InputError(`workspace: cannot back up ${file} to ${backup} before upgrading its schema (${(err as Error).message}); free some space or make the folder writable`, 'workspace-backup');
  } finally {
    db.close();
  }
}

function migrate(db: Database.Database, file: string, migrations: readonly Migration[]): void {
  db.transaction(() => {
    // read inside the transaction: another process may have migrated it meanwhile
    const version = db.pragma('user_version', { simple: true }) as number;
    for (const m of migrations) {
      if (m.version <= version) continue;
      try {
        db.exec(m.sql);
      } catch (err) {
        throw damaged(file, `schema upgrade to version ${m.version} failed: ${(err as Error).message}`);
      }
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}


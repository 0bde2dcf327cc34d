/**
 * The workspace file's schema, as an ordered list of migrations. `PRAGMA user_version` holds
 * the number of migrations applied; `PRAGMA application_id` marks the file as Seam's so that
 * another program's SQLite database is recognised and refused rather than "migrated".
 *
 * Blobs are deflated JSON (see codec.ts); every table is STRICT so a wrong type cannot creep in.
 */

/** 'Seam' in ASCII, stored big-endian at byte 68 of the SQLite header. */
export const SEAM_APPLICATION_ID = 0x5365616d;

export interface Migration {
  /** the user_version this migration produces */
  version: number;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      -- one row per analysis: the facts, and the git HEAD they were read at
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        seam_version TEXT NOT NULL,
        root TEXT NOT NULL,
        head TEXT,
        options TEXT NOT NULL,
        module_count INTEGER NOT NULL,
        parsed_count INTEGER NOT NULL,
        facts BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      -- the content hash of every file a run saw
      CREATE TABLE run_files (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        path TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (run_id, path)
      ) STRICT, WITHOUT ROWID;

      -- per-file extraction results, reused while the file's hash (and Seam's version) is unchanged;
      -- plain JSON text: all of them are read back on every re-analysis, and inflating costs time
      CREATE TABLE file_results (
        path TEXT NOT NULL,
        hash TEXT NOT NULL,
        seam_version TEXT NOT NULL,
        result TEXT NOT NULL,
        PRIMARY KEY (path, hash, seam_version)
      ) STRICT, WITHOUT ROWID;

      -- normalised-line fingerprints by content hash: how a moved file is recognised without git
      CREATE TABLE fingerprints (
        hash TEXT PRIMARY KEY,
        lines BLOB NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE scenarios (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        cursor INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      -- every state a scenario has been in: its creation, each edit, each re-analysis.
      -- state is the decomposition after the entry (so undo/redo never re-run the engine)
      CREATE TABLE edit_log (
        scenario_id INTEGER NOT NULL REFERENCES scenarios(id),
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('create', 'edit', 'reanalysis')),
        edit TEXT,
        summary TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        state BLOB NOT NULL,
        notices TEXT NOT NULL,
        superseded INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1)),
        created_at TEXT NOT NULL,
        PRIMARY KEY (scenario_id, seq)
      ) STRICT;

      CREATE TABLE accepted_plan (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        scenario_id INTEGER NOT NULL REFERENCES scenarios(id),
        run_id INTEGER NOT NULL REFERENCES runs(id),
        plan TEXT NOT NULL,
        accepted_at TEXT NOT NULL
      ) STRICT;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

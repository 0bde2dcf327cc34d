/**
 * The repository text the plan's source hints need (handlers, DTO schemas, transactions), read
 * by the host because only the shells touch the disk. Text only, nothing is executed. A file is
 * used only when it still has the content the analysis saw (same hash): otherwise the hints
 * would describe code the facts do not, and the plan would mix two versions of the repository.
 * Paths stay inside the repository: a path with `..`, or one that resolves (through a link)
 * outside the root, is skipped.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { hashContent } from '../../analyzers/core/process-file.js';
import { readSourceHints, sourceFilesFor, type SourceHints } from '../plan/index.js';
import { MAX_HINT_FILE_BYTES } from '../plan/source-hints.js';
import type { Facts } from '../shared/facts.js';

/** A file of the repository, read only when its path stays inside `root` (no `..`, no link out) and it is a regular file of at most `maxBytes`. */
export function readInside(root: string, path: string, maxBytes = MAX_HINT_FILE_BYTES): Buffer | undefined {
  if (path.split('/').some((seg) => seg === '..' || seg === '') || path.startsWith('/')) return undefined;
  try {
    const real = realpathSync(join(root, path));
    if (!real.startsWith(root + sep)) return undefined;
    const st = statSync(real);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    return readFileSync(real);
  } catch {
    return undefined;
  }
}

/**
 * `parsed` holds texts the extraction of these very facts decoded in this process (see
 * `runPipeline`): used as they are, they need no reading and no hash check. Other files are read.
 */
export function repoSourceHints(root: string, facts: Facts, parsed?: ReadonlyMap<string, string>): SourceHints {
  const realRoot = realpathSync(root);
  const hashes = new Map(facts.modules.map((m) => [m.path, m.hash]));
  const files: Record<string, string> = {};
  for (const path of sourceFilesFor(facts)) {
    const known = parsed?.get(path);
    if (known !== undefined) {
      files[path] = known;
      continue;
    }
    const buf = readInside(realRoot, path);
    if (!buf) continue;
    const expected = hashes.get(path);
    if (expected !== undefined && hashContent(buf) !== expected) continue;
    files[path] = buf.toString('utf8');
  }
  return readSourceHints(facts, files);
}

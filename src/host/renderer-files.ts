/**
 * Files of the built renderer (`dist-renderer/`), for both shells: `seam serve` answers HTTP
 * requests with them, Electron main its `seam://app/` protocol. One resolver, so the rule that
 * keeps requests inside the folder is written (and tested) once: a request path names a file
 * only when, after percent-decoding, it has no `..` or `.` segment, no backslash and no NUL, and
 * the file it names (links resolved) is a regular file inside the folder.
 */
import { realpathSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentType(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The real path of the file under `root` that the (still percent-encoded) request path names:
 * `bad` for a path that tries to leave the folder or cannot be decoded, undefined when there is
 * no such file. `/` names `index.html`.
 */
export function rendererFile(root: string, pathname: string): string | undefined | 'bad' {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return 'bad';
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return 'bad';
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.')) return 'bad';
  const rel = segments.filter((s) => s !== '');
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return undefined;
  }
  try {
    const real = realpathSync(join(realRoot, ...(rel.length === 0 ? ['index.html'] : rel)));
    if (!real.startsWith(realRoot + sep)) return undefined;
    return statSync(real).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

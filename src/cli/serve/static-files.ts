/**
 * The built renderer (`dist-renderer/`), served read-only through the one resolver both shells
 * use (src/host/renderer-files.ts). A path without an extension that names no file is a route
 * of the single-page UI and gets `index.html`. Until the renderer is built, `/` is a page that
 * says how to build it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { contentType, rendererFile } from '../../host/renderer-files.js';

export interface StaticFile {
  status: 200 | 400 | 404;
  type: string;
  body: Buffer;
}

export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Seam</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Seam</h1>
<p>The workbench UI is not built yet. In Seam's folder run</p>
<pre>npm run build:renderer</pre>
<p>then reload this page. The API is already running: <code>POST /api/&lt;operation&gt;</code>.</p>
</body></html>
`;

const HTML = 'text/html; charset=utf-8';

function text(status: 400 | 404, message: string): StaticFile {
  return { status, type: 'text/plain; charset=utf-8', body: Buffer.from(`${message}\n`) };
}

export function readStatic(root: string, pathname: string): StaticFile {
  if (!existsSync(join(root, 'index.html'))) {
    return pathname === '/' || pathname === '/index.html' ? { status: 200, type: HTML, body: Buffer.from(NOT_BUILT_PAGE) } : text(404, 'not found (the UI is not built yet: run npm run build:renderer)');
  }
  const file = rendererFile(root, pathname);
  if (file === 'bad') return text(400, 'bad path');
  if (file !== undefined) return { status: 200, type: contentType(file), body: readFileSync(file) };
  if (extname(pathname) === '') {
    const index = rendererFile(root, '/index.html');
    if (index !== undefined && index !== 'bad') return { status: 200, type: HTML, body: readFileSync(index) };
  }
  return text(404, 'not found');
}

/** The one resolver both shells serve the renderer through: nothing outside its folder, ever. */
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentType, rendererFile } from '../../src/host/renderer-files.js';
import { tempDir } from '../workspace/helpers.js';

const tmp = tempDir('renderer-files');
afterAll(() => tmp.cleanup());
const root = join(tmp.dir, 'dist-renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html>');
writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(tmp.dir, 'secret.txt'), 'secret');
symlinkSync(join(tmp.dir, 'secret.txt'), join(root, 'leak.txt'));
const real = realpathSync(root);

describe('rendererFile', () => {
  it('maps / to index.html and asset paths to their files', () => {
    expect(rendererFile(root, '/')).toBe(join(real, 'index.html'));
    expect(rendererFile(root, '/assets/app.js')).toBe(join(real, 'assets', 'app.js'));
    expect(rendererFile(root, '/assets/%61pp.js')).toBe(join(real, 'assets', 'app.js'));
    expect(contentType('app.js')).toBe('text/javascript; charset=utf-8');
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/assets/./app.js', '/%00', '/%E0%A4%A'])('refuses %s as a bad path', (path) => {
    expect(rendererFile(root, path)).toBe('bad');
  });

  it('does not follow a link out of the folder, and names no folder or missing file', () => {
    expect(rendererFile(root, '/leak.txt')).toBeUndefined();
    expect(rendererFile(root, '/assets')).toBeUndefined();
    expect(rendererFile(root, '/nothing.js')).toBeUndefined();
  });
});

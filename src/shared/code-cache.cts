/**
 * Load a large CommonJS package file with V8's code cache, for Node versions without
 * `module.enableCompileCache()` (Node 20; 22.1+ caches every module itself).
 *
 * Compiling TypeScript's 9 MB compiler takes about 0.2 s of every start of `seam`, and the parse
 * then compiles each function it first calls. The cache holds V8's compiled code of the file,
 * written when the process exits (so it includes the functions the run used) and handed back to
 * V8 at the next start. V8 checks the cache against the source and its own version and flags
 * and rejects what does not match; a rejected cache is compiled normally and written again.
 *
 * The cache lives in `<tmpdir>/seam-code-cache-<uid>`, a folder that must belong to the user and
 * be writable by nobody else: compiled code from a folder another user can write would be code
 * that user chose. Anything unexpected (a foreign or open folder, no permission, a full disk)
 * means no cache, never an error. `NODE_DISABLE_COMPILE_CACHE=1` turns it off, as it does
 * Node's own compile cache.
 */
import fs = require('node:fs');
import os = require('node:os');
import path = require('node:path');
import vm = require('node:vm');
import Module = require('node:module');
import buffer = require('node:buffer');
import workerThreads = require('node:worker_threads');

/** What `loadCached` did, for tests and `--timings` readers. */
interface CodeCacheState {
  /** the cache file used, or undefined when caching was off or the folder unsafe */
  file?: string;
  /** 'hit': V8 took the cache; 'rejected': it was stale; 'missing': none yet; 'off': not used */
  status: 'hit' | 'rejected' | 'missing' | 'off';
}

const codeCacheStates = new Map<string, CodeCacheState>();

function privateFolder(): string | undefined {
  if (process.env['NODE_DISABLE_COMPILE_CACHE']) return undefined;
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = path.join(os.tmpdir(), `seam-code-cache-${uid ?? 'user'}`);
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  try {
    const st = fs.lstatSync(dir);
    if (!st.isDirectory()) return undefined;
    // POSIX: owned by this user and closed to group and others (Windows has no uid to compare)
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o077) !== 0)) return undefined;
  } catch {
    return undefined;
  }
  return dir;
}

function cacheFileFor(file: string, size: number, mtimeMs: number, dir: string): string {
  const tag = `${path.basename(file, '.js')}-${size}-${Math.floor(mtimeMs)}`;
  return path.join(dir, `${tag.replace(/[^\w.-]/g, '_')}-${process.versions.v8.replace(/[^\w.-]/g, '_')}-${process.arch}.bin`);
}

function readCache(cacheFile: string): Buffer | undefined {
  try {
    const st = fs.lstatSync(cacheFile);
    if (!st.isFile()) return undefined;
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return undefined;
    return fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

function writeCache(cacheFile: string, script: vm.Script): void {
  const tmp = `${cacheFile}.${process.pid}-${workerThreads.threadId}.tmp`;
  try {
    fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, cacheFile);
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing to clean
    }
  }
}

/**
 * `require(specifier)` from `from`, compiled with the code cache when this Node has no compile
 * cache of its own. The module lands in `require.cache` as require() would put it, so a later
 * require() of the same file (by a dependency) gets this instance.
 */
function loadCached(specifier: string, from: string): unknown {
  const req = Module.createRequire(from);
  const hasOwnCache = typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  const file = req.resolve(specifier);
  const known = req.cache[file];
  if (known) return known.exports;
  const dir = hasOwnCache ? undefined : privateFolder();
  if (!dir) {
    codeCacheStates.set(specifier, { status: 'off' });
    return req(specifier);
  }
  let source: string;
  let cacheFile: string;
  try {
    const st = fs.statSync(file);
    const bytes = fs.readFileSync(file);
    // an ASCII file (TypeScript's is) decodes as Latin-1 without UTF-8's cost
    source = buffer.isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
    cacheFile = cacheFileFor(file, st.size, st.mtimeMs, dir);
  } catch {
    codeCacheStates.set(specifier, { status: 'off' });
    return req(specifier);
  }
  const cachedData = readCache(cacheFile);
  const script = new vm.Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const status: CodeCacheState['status'] = !cachedData ? 'missing' : script.cachedDataRejected ? 'rejected' : 'hit';
  codeCacheStates.set(specifier, { file: cacheFile, status });
  const mod = new Module(file, undefined);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  req.cache[file] = mod;
  try {
    const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
    wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  } catch (err) {
    delete req.cache[file];
    throw err;
  }
  mod.loaded = true;
  // written at exit, after the run compiled the functions it used; only when V8 had nothing usable
  if (status !== 'hit') process.once('exit', () => writeCache(cacheFile, script));
  return mod.exports;
}

export = { loadCached, codeCacheStates };

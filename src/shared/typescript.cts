/**
 * TypeScript's compiler API, loaded with require(). Imported as an ES module, its 9 MB CommonJS
 * file is read and scanned twice more by Node (module-format detection, then the lexer that
 * finds CommonJS export names): about 0.4 s of CPU at every start of `seam`, a third of what a
 * warm re-analysis may take. Import `ts` from here, never from 'typescript', outside types.
 *
 * The first line compiles the file with V8's code cache (code-cache.cts) and registers it where
 * require() looks first, so the require below returns that instance.
 */
import codeCache = require('./code-cache.cjs');
codeCache.loadCached('typescript', __filename);
import ts = require('typescript');
export = ts;

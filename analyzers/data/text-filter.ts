/**
 * `accepts()` filters: cheap regular expressions over the raw text that let an analyzer skip
 * files that cannot concern it. They may accept too much (collect then finds nothing), never
 * too little.
 */

/** A file that requires another by relative path may be a CommonJS barrel the analyzers must follow. */
const RELATIVE_REQUIRE = String.raw`\brequire\s*\(\s*['"\x60]\.`;

/** Accept text containing one of `words`, or a call `.method(` / `.method<` of one of `methods`. */
export function textFilter(words: readonly string[], methods: Iterable<string>, options: { commonJs?: boolean } = {}): (text: string) => boolean {
  const parts = [...words.map(escapeRe), String.raw`\.\s*(?:${[...methods].map(escapeRe).join('|')})\s*[(<]`];
  if (options.commonJs) parts.push(RELATIVE_REQUIRE);
  const re = new RegExp(parts.join('|'));
  return (text) => re.test(text);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Any class or member call: a file that may call a repository (see repository-calls.ts). */
const REPOSITORY_CALLS = /\bclass\b|\buseClass\b|\bimport\s+\*\s+as\b|\.\s*[\w$]+\s*[(<]/;

/** `filter`, widened to every file that may call a repository, for plugins that follow accesses through repositories. */
export function withRepositoryCalls(filter: (text: string) => boolean): (text: string) => boolean {
  return (text) => filter(text) || REPOSITORY_CALLS.test(text);
}

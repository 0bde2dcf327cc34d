/**
 * A stored per-file result as a workspace keeps it (see analyzers/core/file-result.ts,
 * storedResultText): the result without its locals as JSON, a newline (which JSON text never
 * holds), then the locals as JSON. Shared by the writer (analyzers) and the reader (the workspace).
 */

/** A stored result's text cut in two; a text with no newline is one JSON document, locals included. */
export function splitStoredResult(text: string): { head: string; locals?: string } {
  const cut = text.indexOf('\n');
  return cut < 0 ? { head: text } : { head: text.slice(0, cut), locals: text.slice(cut + 1) };
}

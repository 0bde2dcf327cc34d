/**
 * Escaping for every text format the exporters write. Names, paths and handlers come from the
 * analyzed repository and may hold anything: they only ever reach an artifact through these.
 */

/** A TypeScript / JavaScript string literal. */
export function tsString(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Text safe inside a block comment (no comment end, one line). */
export function commentText(s: string): string {
  return s.replace(/\*\//g, '* /').replace(/[\r\n\u2028\u2029]+/g, ' ');
}

export function html(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Text inside a Markdown table cell or line. */
export function md(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]|<>])/g, '\\$1');
}

/** Inline code in Markdown. */
export function mdCode(s: string): string {
  const clean = s.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');
  const ticks = clean.includes('`') ? '``' : '`';
  return `${ticks}${ticks.length > 1 ? ' ' : ''}${clean}${ticks.length > 1 ? ' ' : ''}${ticks}`;
}

/** A double-quoted nginx string. */
export function nginxString(s: string): string {
  return `"${s.replace(/[\r\n]+/g, ' ').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A quoted SQL identifier. */
export function sqlIdent(s: string): string {
  return `"${s.replace(/"/g, '""').replace(/\0/g, '')}"`;
}

/** A single-line SQL comment body. */
export function sqlComment(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

/** Stable JSON with two-space indent and a final newline. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

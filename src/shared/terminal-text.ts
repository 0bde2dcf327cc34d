/**
 * Text from the analyzed repository (file names, import specifiers, route paths, table and
 * service names, diagnostic messages that quote them) made safe to print on a terminal.
 *
 * A file may be named `\x1b]0;pwned\x07.ts` or `\x1b[2J.ts`: printed raw, the name sets the
 * terminal's title or clears the screen, and other sequences can move the cursor to overwrite
 * earlier lines of a CI log (an error made to read "the plan holds"). Every C0 control
 * (U+0000-U+001F, which includes ESC, the start of CSI and OSC sequences), DEL and every C1
 * control (U+0080-U+009F, which includes the one-byte CSI U+009B and OSC U+009D) is shown as an
 * escape (`\x1b`, `\n`, `\u009b`), and so are the Unicode bidirectional controls that make a
 * terminal display characters in another order than they are (U+202A-U+202E, U+2066-U+2069,
 * U+200E, U+200F, U+061C) and the line and paragraph separators (U+2028, U+2029).
 *
 * Formatters apply it to each repo-derived value, never to their own output, so the newlines a
 * formatter writes stay newlines and a newline inside a file name becomes `\n`. JSON output is
 * not escaped: it is for programs, and stays byte-exact.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(c: string): string {
  const short = SHORT[c];
  if (short) return short;
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, visible);
}

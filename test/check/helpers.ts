/** Shared by the `seam check` tests: a writable copy of the planted fixture, the official SARIF schema, a strict XML reader. */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

export const PLANTED = 'fixtures/monoliths/planted';

/** A fresh copy of the planted fixture in a temp folder (tests that edit code or plan use it). */
export function plantedCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'seam-check-')), 'planted');
  cpSync(PLANTED, dir, { recursive: true });
  return dir;
}

/**
 * The SARIF 2.1.0 schema as the SARIF TC published it (2.1.0-rtm.5, shipped by @microsoft/jest-sarif),
 * compiled with Ajv's draft-07 validator: the draft-04 `id` becomes `$id`, and regular expressions
 * are compiled without the `u` flag because the schema's `language` pattern has a stray `]`.
 */
export function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', 'utf8')) as Record<string, unknown>;
  const { $schema: _draft, id, ...rest } = schema;
  void _draft;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S*$/i);
  ajv.addFormat('uri-reference', /^\S*$/);
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile({ ...rest, $id: String(id) });
}

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_][A-Za-z0-9._:-]*';
const ENTITY = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g;

function decode(s: string, where: string): string {
  if (/[<]/.test(s)) throw new Error(`raw '<' in ${where}`);
  if (/&/.test(s.replace(ENTITY, ''))) throw new Error(`bare '&' in ${where}`);
  return s.replace(ENTITY, (e) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" })[e] ?? String.fromCodePoint(Number(e.startsWith('&#x') ? `0x${e.slice(3, -1)}` : e.slice(2, -1))));
}

/**
 * A strict reader for the XML subset reports use (declaration, elements, attributes, text,
 * entity references): throws on anything not well-formed (unclosed or crossed tags, unquoted or
 * duplicate attributes, raw `<` or `&`, text outside the root, a second root).
 */
export function parseXml(xml: string): XmlElement {
  let rest = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tag = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`);
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const text = lt < 0 ? rest : rest.slice(0, lt);
    if (text.length > 0) {
      const top = stack[stack.length - 1];
      if (!top) {
        if (text.trim() !== '') throw new Error(`text outside the root element: ${text.slice(0, 40)}`);
      } else top.text += decode(text, `<${top.name}>`);
      rest = rest.slice(text.length);
      continue;
    }
    const m = tag.exec(rest);
    if (!m) throw new Error(`malformed tag at: ${rest.slice(0, 60)}`);
    const [all, closing, name, attrText, selfClosing] = m as unknown as [string, string, string, string, string];
    rest = rest.slice(all.length);
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name || attrText.trim() !== '' || selfClosing) throw new Error(`</${name}> does not close ${open ? `<${open.name}>` : 'anything'}`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g'))) {
      if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]} on <${name}>`);
      attrs[a[1]!] = decode(a[2] ?? a[3] ?? '', `attribute ${a[1]}`);
    }
    const el: XmlElement = { name, attrs, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (root) throw new Error('a second root element');
    else root = el;
    if (!selfClosing) stack.push(el);
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

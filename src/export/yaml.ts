/**
 * A small YAML writer for the configs Seam emits (compose, Kubernetes, Kong, Envoy, CI): block
 * style, keys in the order given, strings quoted whenever a plain scalar could be read as
 * something else. Double-quoted strings use JSON escapes, which YAML 1.2 reads the same way.
 */
import type { JsonValue } from '../shared/plan.js';

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const AMBIGUOUS = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

export function yamlScalar(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return PLAIN.test(v) && !AMBIGUOUS.test(v) ? v : JSON.stringify(v);
}

function key(k: string): string {
  return PLAIN.test(k) && !AMBIGUOUS.test(k) ? k : JSON.stringify(k);
}

function isScalar(v: JsonValue): v is string | number | boolean | null {
  return v === null || typeof v !== 'object';
}

function isEmpty(v: JsonValue): boolean {
  return typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);
}

/**
 * Append the lines of `v` at `indent` to `out`. `first`, when given, replaces the indentation of
 * the first line (a sequence item starts on the `- ` line).
 */
function block(v: JsonValue, indent: string, out: string[], first?: string): void {
  let lead = first;
  const next = (): string => {
    const l = lead ?? indent;
    lead = undefined;
    return l;
  };
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isScalar(item) || isEmpty(item)) out.push(`${next()}- ${inline(item)}`);
      else block(item, `${indent}  `, out, `${next()}- `);
    }
    return;
  }
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (isScalar(x) || isEmpty(x)) out.push(`${next()}${key(k)}: ${inline(x)}`);
      else {
        out.push(`${next()}${key(k)}:`);
        block(x, Array.isArray(x) ? indent : `${indent}  `, out);
      }
    }
    return;
  }
  out.push(`${next()}${inline(v)}`);
}

function inline(v: JsonValue): string {
  if (isScalar(v)) return yamlScalar(v);
  return Array.isArray(v) ? '[]' : '{}';
}

/** One YAML document; `header` lines become comments on top. */
export function toYaml(value: JsonValue, header: readonly string[] = []): string {
  const out = header.map((h) => `# ${h.replace(/[\r\n]+/g, ' ')}`);
  block(value, '', out);
  return out.join('\n') + '\n';
}

/** Several documents in one stream. */
export function toYamlDocuments(values: readonly JsonValue[], header: readonly string[] = []): string {
  return values.map((v, i) => (i === 0 ? toYaml(v, header) : toYaml(v))).join('---\n');
}

/**
 * Recordings of HTTP exchanges, normalised so that two runs on freshly reset databases are
 * byte-identical: values made up at run time become placeholders numbered by first appearance
 * (`<uuid:3>`, `<time:1>`, `<token:2>`), so the same value keeps the same placeholder throughout
 * a recording and equal recordings still prove that ids flow from one response into later requests.
 * Fixed seed ids (00000000-0000-4000-8000-…) and timestamps from before the run stay as they are.
 */

export interface RecordedExchange {
  /** what the request is for, e.g. "checkout the cart" */
  step: string;
  /** the x-request-id the suite sent, to find the request in a service's access log */
  requestId: string;
  method: string;
  /** path and query, normalised */
  path: string;
  /** request body, normalised (undefined when none was sent) */
  request?: unknown;
  status: number;
  /** response body, normalised: parsed JSON, text, or null when empty */
  body: unknown;
}

export interface Recording {
  exchanges: RecordedExchange[];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const SEED_UUID = /^00000000-0000-4000-8000-/;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;
/** keys whose values are secrets or random strings issued at run time */
const TOKEN_KEYS = new Set(['accessToken', 'refreshToken', 'trackingNumber']);
/** keys whose values depend on the clock alone */
const CLOCK_KEYS = new Set(['uptime']);

/** Replaces run-time values by placeholders; one normaliser per recording. */
export class RecordingNormaliser {
  private readonly placeholders = new Map<string, string>();
  private readonly counts = new Map<string, number>();
  /** token value -> the placeholder of its latest issue */
  private readonly tokens = new Map<string, string>();

  /** `runStartedAt`: timestamps from this moment on (less a minute of clock skew) are run-time values. */
  constructor(private readonly runStartedAt: number) {}

  /**
   * `issued`: the value is a response, whose token fields (TOKEN_KEYS) are issued afresh: each gets
   * a new placeholder even when the server happens to issue the same string twice (an access token
   * signed twice in the same second), and later mentions of the string (a request body) use the newest.
   */
  normalise(value: unknown, issued = false, key?: string): unknown {
    if (typeof value === 'string') {
      if (issued && key && TOKEN_KEYS.has(key)) return this.issueToken(value);
      return this.normaliseString(value);
    }
    if (key && CLOCK_KEYS.has(key) && typeof value === 'number') return `<${key}>`;
    if (Array.isArray(value)) return value.map((item) => this.normalise(item, issued));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.normalise(v, issued, k)]));
    }
    return value;
  }

  normaliseString(text: string): string {
    const token = this.tokens.get(text);
    if (token) return token;
    return text
      .replace(UUID, (uuid) => (SEED_UUID.test(uuid) ? uuid : this.placeholder('uuid', uuid.toLowerCase())))
      .replace(ISO_TIME, (time) => (Date.parse(time) >= this.runStartedAt - 60_000 ? this.placeholder('time', time) : time));
  }

  private issueToken(value: string): string {
    const n = (this.counts.get('token') ?? 0) + 1;
    this.counts.set('token', n);
    const placeholder = `<token:${n}>`;
    this.tokens.set(value, placeholder);
    return placeholder;
  }

  private placeholder(kind: string, value: string): string {
    const id = `${kind}\0${value}`;
    let placeholder = this.placeholders.get(id);
    if (!placeholder) {
      const n = (this.counts.get(kind) ?? 0) + 1;
      this.counts.set(kind, n);
      placeholder = `<${kind}:${n}>`;
      this.placeholders.set(id, placeholder);
    }
    return placeholder;
  }
}

/** The recording as the stable text two runs are compared by. */
export function serializeRecording(recording: Recording): string {
  return JSON.stringify(recording, null, 2) + '\n';
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function diffValues(a: unknown, b: unknown, path: string, out: string[], limit: number): void {
  if (out.length >= limit) return;
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) {
    out.push(`${path || '(body)'}: ${describe(a)} -> ${describe(b)}`);
    return;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
  for (const key of keys) {
    diffValues(left[key], right[key], Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key, out, limit);
  }
}

/** Readable differences between two recordings, one line each; empty when they are the same. */
export function diffRecordings(a: Recording, b: Recording, limitPerExchange = 5): string[] {
  const out: string[] = [];
  const count = Math.max(a.exchanges.length, b.exchanges.length);
  for (let i = 0; i < count; i++) {
    const left = a.exchanges[i];
    const right = b.exchanges[i];
    const label = `#${i + 1} ${(left ?? right)!.method} ${(left ?? right)!.path} (${(left ?? right)!.step})`;
    if (!left || !right) {
      out.push(`${label}: only in the ${left ? 'first' : 'second'} recording`);
      continue;
    }
    const lines: string[] = [];
    for (const field of ['step', 'method', 'path', 'status'] as const) {
      if (left[field] !== right[field]) lines.push(`${field}: ${describe(left[field])} -> ${describe(right[field])}`);
    }
    diffValues(left.request, right.request, 'request', lines, limitPerExchange);
    diffValues(left.body, right.body, '', lines, limitPerExchange);
    out.push(...lines.slice(0, limitPerExchange).map((line) => `${label}: ${line}`));
  }
  return out;
}

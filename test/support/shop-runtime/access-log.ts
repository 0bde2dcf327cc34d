/**
 * The shop's access log: src/app.ts `accessLog` writes one JSON line per request to stdout through
 * src/lib/logger.ts, for the Express routers and the Nest controllers alike (they share one Express app):
 *   {"ts":"…","level":"info","scope":"shop:http","msg":"request","requestId":"…","method":"GET","path":"/health","status":200,"ms":3}
 * Other stdout lines (other log messages, Nest's and Prisma's own output) are skipped.
 */

export interface AccessLogEntry {
  /** the logger scope, e.g. shop:http: which service wrote the line */
  scope: string;
  requestId: string | undefined;
  method: string;
  /** path and query as requested */
  path: string;
  status: number;
}

export function parseAccessLog(stdout: string): AccessLogEntry[] {
  const entries: AccessLogEntry[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    const { msg, method, path, status, requestId, scope } = record;
    if (msg !== 'request' || typeof method !== 'string' || typeof path !== 'string' || typeof status !== 'number') continue;
    entries.push({
      scope: typeof scope === 'string' ? scope : '',
      requestId: typeof requestId === 'string' ? requestId : undefined,
      method,
      path,
      status,
    });
  }
  return entries;
}

/**
 * Which process served each request: for every request id, the names (keys of `stdoutByProcess`)
 * of the processes whose access log has a line for it, e.g. { 'suite-012': ['gateway', 'catalog'] }.
 */
export function servedBy(requestIds: string[], stdoutByProcess: Record<string, string>): Record<string, string[]> {
  const served: Record<string, string[]> = Object.fromEntries(requestIds.map((id) => [id, []]));
  for (const [name, stdout] of Object.entries(stdoutByProcess)) {
    for (const entry of parseAccessLog(stdout)) {
      if (entry.requestId && served[entry.requestId] && !served[entry.requestId]!.includes(name)) served[entry.requestId]!.push(name);
    }
  }
  return served;
}

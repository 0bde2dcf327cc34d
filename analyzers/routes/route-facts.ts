/** What every route analyzer does with its output: one order for routes, each diagnostic once. */
import type { RouteFact } from '../../src/shared/facts.js';
import type { LinkContext } from '../types.js';

/** A problem `collect` found, reported at link time (collect cannot report). */
export interface LocalDiagnostic {
  code: string;
  line: number;
  message: string;
  /** default: warning */
  severity?: 'info';
}

/** Reports each diagnostic once. */
export class DiagnosticSink {
  private readonly seen = new Set<string>();

  constructor(private readonly ctx: LinkContext) {}

  warn(file: string, line: number, code: string, message: string): void {
    this.report('warning', file, line, code, message);
  }

  info(file: string, line: number, code: string, message: string): void {
    this.report('info', file, line, code, message);
  }

  private report(severity: 'warning' | 'info', file: string, line: number, code: string, message: string): void {
    const key = `${file}:${line}:${code}:${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.ctx.report({ severity, code, file, line, message });
  }
}

/** A route fact with its optional fields present only when they say something. */
export function routeFact(r: { method: string; path: string; framework: string; module: string; line: number; handler?: string | undefined; notes?: readonly string[] | undefined }): RouteFact {
  const fact: RouteFact = { method: r.method, path: r.path, framework: r.framework, module: r.module, line: r.line };
  if (r.handler !== undefined) fact.handler = r.handler;
  if (r.notes && r.notes.length > 0) fact.notes = [...new Set(r.notes)].sort();
  return fact;
}

export function sortRoutes(routes: RouteFact[]): RouteFact[] {
  const unique = new Map<string, RouteFact>();
  for (const route of routes) {
    unique.set(JSON.stringify([route.path, route.method, route.module, route.line, route.handler ?? '', route.framework]), route);
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...unique.values()].sort(
    (a, b) =>
      cmp(a.path, b.path) ||
      cmp(a.method, b.method) ||
      cmp(a.module, b.module) ||
      a.line - b.line ||
      cmp(a.handler ?? '', b.handler ?? '') ||
      cmp(a.framework, b.framework),
  );
}

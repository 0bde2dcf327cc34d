/**
 * The readable text summary of a Facts document (the JSON is the machine format). Every string
 * that comes from the repository goes through escapeForTerminal: table cells here, the rest
 * where it is interpolated.
 */
import type { Facts, ImportKind } from '../shared/facts.js';
import { escapeForTerminal } from '../shared/terminal-text.js';

function table(cells: string[][], indent = '  '): string {
  if (cells.length === 0) return '';
  const rows = cells.map((r) => r.map(escapeForTerminal));
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => indent + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

export function formatFactsText(facts: Facts, opts: { maxRows?: number } = {}): string {
  const max = opts.maxRows ?? 40;
  const out: string[] = [];
  const lines = facts.modules.reduce((n, m) => n + m.lines, 0);
  out.push(`Seam ${facts.tool.version} — ${escapeForTerminal(facts.root)}\n`);
  out.push(`Modules      ${facts.modules.length} (${lines.toLocaleString('en-US')} lines)${facts.packages.length > 1 ? ` in ${facts.packages.length} workspace packages` : ''}\n`);
  if (facts.tsconfigs.length) out.push(`tsconfig     ${escapeForTerminal(facts.tsconfigs.join(', '))}\n`);
  const byKind: Record<ImportKind, number> = { runtime: 0, 'type-only': 0, dynamic: 0, 're-export': 0 };
  for (const e of facts.imports) byKind[e.kind]++;
  out.push(`Imports      ${facts.imports.length} local (${byKind.runtime} runtime, ${byKind['type-only']} type-only, ${byKind.dynamic} dynamic, ${byKind['re-export']} re-export); ${new Set(facts.externalImports.map((e) => e.package)).size} external packages\n`);
  out.push(`Symbols      ${facts.symbols.length} cross-module symbol references\n`);

  const apps = facts.apps ?? [];
  if (apps.length > 0) {
    out.push(`\nApps (${apps.length}; frontends, SDKs, CLIs and tooling are kept out of services)\n`);
    out.push(table(apps.slice(0, max).map((a) => [a.kind, a.name, a.root, a.framework ?? '', a.entries.slice(0, 2).join(' ') + (a.entries.length > 2 ? ' …' : '')])));
    if (apps.length > max) out.push(`  … ${apps.length - max} more (use --format json for all)\n`);
  }

  out.push(`\nRoutes (${facts.routes.length})\n`);
  out.push(table(facts.routes.slice(0, max).map((r) => [r.method, r.path, r.framework, `${r.module}:${r.line}`])));
  if (facts.routes.length > max) out.push(`  … ${facts.routes.length - max} more (use --format json for all)\n`);

  const tables = new Map<string, { readers: Set<string>; writers: Set<string>; via: Set<string> }>();
  for (const d of facts.dataAccess) {
    const t = tables.get(d.table) ?? { readers: new Set(), writers: new Set(), via: new Set() };
    (d.access === 'write' ? t.writers : t.readers).add(d.module);
    t.via.add(d.via);
    tables.set(d.table, t);
  }
  for (const e of facts.entities) if (!tables.has(e.table)) tables.set(e.table, { readers: new Set(), writers: new Set(), via: new Set([e.via]) });
  out.push(`\nTables (${tables.size})\n`);
  const tableRows = [...tables.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).slice(0, max);
  out.push(table(tableRows.map(([name, t]) => [name, `${t.writers.size} writer${t.writers.size === 1 ? '' : 's'}`, `${t.readers.size} reader${t.readers.size === 1 ? '' : 's'}`, [...t.via].sort().join(',')])));
  if (tables.size > max) out.push(`  … ${tables.size - max} more\n`);

  out.push(`\nShared state (${facts.sharedState.length})\n`);
  out.push(table(facts.sharedState.slice(0, max).map((s) => [s.kind, `${s.module}#${s.name}`, `${s.users.length} user module${s.users.length === 1 ? '' : 's'}`])));

  if (facts.history) {
    out.push(`\nHistory      ${facts.history.commitsRead} commits read (${facts.history.commitsIgnored} large ones ignored); ${facts.coChange.length} co-change pairs\n`);
  } else {
    out.push(`\nHistory      not read\n`);
  }

  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of facts.diagnostics) counts[d.severity]++;
  out.push(`\nDiagnostics  ${counts.error} errors, ${counts.warning} warnings, ${counts.info} notes\n`);
  for (const d of facts.diagnostics.slice(0, max)) {
    const where = d.file ? `${d.file}${d.line ? `:${d.line}` : ''}: ` : '';
    out.push(`  ${d.severity.padEnd(7)} ${escapeForTerminal(`${where}${d.message} [${d.code}]`)}\n`);
  }
  if (facts.diagnostics.length > max) out.push(`  … ${facts.diagnostics.length - max} more (use --format json for all)\n`);
  return out.join('');
}

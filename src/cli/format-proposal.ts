/** The readable table of proposed services and their metrics (`seam analyze`, text format). */
import { formatPlacementCounts, type Decomposition } from '../shared/decomposition.js';
import type { Metrics } from '../shared/metrics.js';
import { escapeForTerminal } from '../shared/terminal-text.js';

const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(3));

export function formatProposalText(decomposition: Decomposition, metrics: Metrics): string {
  const out: string[] = [];
  const per = new Map(metrics.perService.map((s) => [s.serviceId, s]));
  out.push(`\nProposed services (${decomposition.services.length}; seed ${decomposition.params.seed}, resolution ${decomposition.params.resolution})\n`);
  const rows: string[][] = [['service', 'modules', 'lines', 'routes', 'owns tables', 'in (rt/type)', 'out (rt/type)']];
  for (const s of decomposition.services) {
    const m = per.get(s.id);
    rows.push([
      escapeForTerminal(s.name),
      String(s.modules.length),
      String(m?.lines ?? ''),
      String(m?.routes ?? ''),
      m ? (m.tablesOwned.length ? escapeForTerminal(m.tablesOwned.slice(0, 4).join(', ')) + (m.tablesOwned.length > 4 ? ` +${m.tablesOwned.length - 4}` : '') : '—') : '',
      m ? `${m.inbound.runtime}/${m.inbound.typeOnly}` : '',
      m ? `${m.outbound.runtime}/${m.outbound.typeOnly}` : '',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) out.push('  ' + r.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd() + '\n');
  const placed = decomposition.services.filter((s) => s.placement?.length);
  if (placed.length > 0) {
    out.push('\nWhat placed the modules (--format json gives the reason for each)\n');
    const width = Math.max(...placed.map((s) => s.name.length));
    for (const s of placed) out.push(`  ${s.name.padEnd(width)}  ${formatPlacementCounts(s)}\n`);
  }
  out.push(`\nShared kernel (${decomposition.shared.length} modules, kept as a library)\n`);
  for (const k of decomposition.shared.slice(0, 12)) out.push(`  ${escapeForTerminal(k.module)}  — ${escapeForTerminal(k.reason)}\n`);
  if (decomposition.shared.length > 12) out.push(`  … ${decomposition.shared.length - 12} more (use --format json)\n`);
  out.push('\nMetrics\n');
  out.push(`  SM ${num(metrics.sm)} (higher is better)   ICP ${pct(metrics.icp)} (lower)   IFN ${num(metrics.ifn)} (lower)   NED ${pct(metrics.ned)} (band ${metrics.nedBand[0]}–${metrics.nedBand[1]}, lower)   MQ ${num(metrics.mq)} (higher)\n`);
  out.push(`  business-context purity ${pct(metrics.businessContextPurity)}   module exclusivity ${pct(metrics.moduleExclusivity)}   co-change cut ratio ${pct(metrics.coChangeCutRatio)}\n`);
  out.push(`  tables: ${metrics.tables.exclusive} exclusive, ${metrics.tables.shared} shared by 2–3, ${metrics.tables.common} common (write-exclusivity ${pct(metrics.tables.writeExclusivity)})\n`);
  out.push(`  cut cost: ${metrics.cutCost.runtime} runtime + ${metrics.cutCost.typeOnly} type-only dependencies between services\n`);
  if (metrics.reference) out.push(`  against the reference (${metrics.reference.modules} modules): MoJoFM ${metrics.reference.mojoFm.toFixed(1)} %, ARI ${metrics.reference.ari.toFixed(3)}\n`);
  return out.join('');
}

/**
 * Exporter `report`: the plan for people. One self-contained HTML file (inline CSS and SVG, a
 * Content-Security-Policy that forbids every request, so it works offline and leaks nothing) with
 * pictures where they beat prose: the service map, the coupling heat map, cost and risk, the
 * waves as a timeline; then the data-ownership table, the conflicts and the services' APIs,
 * each service with the evidence that placed its modules, grouped by kind.
 * The same content as Markdown (with a Mermaid service map) and as JSON (the plan itself).
 */
import { PLACEMENT_EVIDENCE, PLACEMENT_LABELS, type ModulePlacement, type PlacementEvidence } from '../shared/decomposition.js';
import type { Artifact, MigrationPlan, ReadStrategy, ServicePlan, Severity } from '../shared/plan.js';
import { heatMapSvg, scoreBarsSvg, serviceMapSvg, timelineSvg } from './report-svg.js';
import { html, json, md, mdCode } from './text.js';
import { unknownRoutes } from './unknown-routes.js';

const STRATEGY_TEXT: Record<ReadStrategy, string> = {
  api: "call the owner's API",
  replica: "local read model from the owner's events",
  view: 'read-only view during the transition',
};

/** The figures worth a first look, with what they mean (the rest are one click away). */
const HEADLINE_METRICS: Record<string, string> = {
  services: 'services',
  modules: 'modules in services',
  sharedModules: 'modules in the shared kernel',
  sm: 'structural modularity (higher is better)',
  mq: 'modularization quality, TurboMQ (higher is better)',
  icp: 'inter-partition calls, share (lower is better)',
  ifn: 'interface number per service (lower is better)',
  ned: 'non-extreme distribution (lower is better)',
  businessContextPurity: 'business-context purity of routes (higher is better)',
  moduleExclusivity: 'module exclusivity (higher is better)',
  'tables.writeExclusivity': 'tables written by one service only (share)',
  coChangeCutRatio: 'co-change cut across services (lower is better)',
  'cutCost.runtime': 'runtime dependencies cut',
  'cutCost.typeOnly': 'type-only dependencies cut',
};

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #263238; background: #fafafa; }
header { background: #263238; color: #fff; padding: 18px 28px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; opacity: .8; }
main { padding: 8px 28px 40px; max-width: 1200px; }
section { background: #fff; border: 1px solid #e0e0e0; border-radius: 8px; padding: 14px 18px; margin: 18px 0; }
h2 { font-size: 17px; margin: 0 0 10px; }
.grid { display: flex; flex-wrap: wrap; gap: 18px; }
.grid > div { flex: 1 1 420px; overflow-x: auto; }
.kpis { display: flex; flex-wrap: wrap; gap: 12px; }
.kpi { border: 1px solid #e0e0e0; border-radius: 6px; padding: 8px 12px; min-width: 110px; }
.kpi b { display: block; font-size: 20px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #eceff1; vertical-align: top; }
th { background: #f5f5f5; position: sticky; top: 0; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f1f3f4; padding: 1px 4px; border-radius: 3px; }
.badge { display: inline-block; border-radius: 10px; padding: 1px 8px; font-size: 12px; color: #fff; white-space: nowrap; }
.api { background: #1565c0; } .replica { background: #6a1b9a; } .view { background: #00838f; }
.high { background: #c62828; } .medium { background: #ef6c00; } .low { background: #607d8b; }
svg { max-width: 100%; height: auto; }
svg text { font: 12px system-ui, sans-serif; fill: #263238; }
svg text.caption { font-size: 12px; fill: #546e7a; }
svg text.wave { font-weight: 700; fill: #fff; }
svg text.small { font-size: 11px; fill: #455a64; }
svg text.strong { font-weight: 600; }
svg text.cell { font-size: 11px; } svg text.cell.light { fill: #fff; }
ul.reasons { margin: 4px 0 0 18px; padding: 0; }
summary { cursor: pointer; }
.muted { color: #78909c; }
`;

function badge(text: string, cls: string): string {
  return `<span class="badge ${cls}">${html(text)}</span>`;
}

function severityBadge(s: Severity): string {
  return badge(s, s);
}

function htmlReport(plan: MigrationPlan): string {
  const name = (id: string | null): string => (id === null ? '(none)' : (plan.services.find((s) => s.id === id)?.name ?? id));
  const reads = plan.services.flatMap((s) => s.reads);
  const routes = plan.services.reduce((n, s) => n + s.cost.routes, 0);
  const kpis: [string, string | number][] = [
    ['services', plan.services.length],
    ['waves', plan.waves.length],
    ['routes moved', routes],
    ['tables', plan.tables.length],
    ['foreign reads', reads.length],
    ['conflicts', plan.conflicts.length],
    ['high-severity', plan.conflicts.filter((c) => c.severity === 'high').length],
    ['kernel modules', plan.sharedKernel.length],
  ];
  const B: string[] = [];
  B.push(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(`Migration plan: ${plan.root}`)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${html(`Migration plan: ${plan.root}`)}</h1><p>${html(`Seam ${plan.tool.version} · ${plan.services.length} services · ${plan.waves.length} waves`)}</p></header>
<main>`);
  B.push(`<section><h2>At a glance</h2><div class="kpis">${kpis.map(([k, v]) => `<div class="kpi"><b>${html(String(v))}</b>${html(k)}</div>`).join('')}</div>${plan.notes.length ? `<ul class="reasons muted">${plan.notes.map((n) => `<li>${html(n)}</li>`).join('')}</ul>` : ''}</section>`);
  B.push(`<section id="map"><h2>Service map</h2><div class="grid"><div>${serviceMapSvg(plan)}</div></div></section>`);
  B.push(`<section id="coupling"><h2>Coupling between services</h2><div class="grid"><div>${heatMapSvg(plan)}</div></div></section>`);
  B.push(`<section id="waves"><h2>Extraction waves</h2>${timelineSvg(plan)}<table><thead><tr><th>wave</th><th>service</th><th>why</th></tr></thead><tbody>${plan.waves
    .map((w) => `<tr><td>${w.index}</td><td>${w.services.map((s) => html(name(s))).join(', ')}</td><td><details><summary>${w.reasons.map(html).join('; ')}</summary><ul class="reasons">${w.services.flatMap((s) => plan.services.find((x) => x.id === s)?.reasons ?? []).map((r) => `<li>${html(r)}</li>`).join('')}</ul></details></td></tr>`)
    .join('')}</tbody></table></section>`);
  const headline = Object.keys(HEADLINE_METRICS).flatMap((k) => plan.metrics.filter((m) => m.key === k));
  const rest = plan.metrics.filter((m) => !(m.key in HEADLINE_METRICS));
  const metricRows = (list: typeof plan.metrics, labelled: boolean): string =>
    list.map((m) => `<tr><td>${labelled ? html(HEADLINE_METRICS[m.key]!) : `<code>${html(m.key)}</code>`}</td><td>${m.value === null ? '<span class="muted">n/a</span>' : html(String(m.value))}</td></tr>`).join('');
  B.push(`<section id="metrics"><h2>Metrics</h2><div class="grid"><div>${scoreBarsSvg(plan)}</div><div>${
    plan.metrics.length
      ? `<table><thead><tr><th>metric</th><th>value</th></tr></thead><tbody>${metricRows(headline, true)}</tbody></table>${rest.length ? `<details><summary>all ${plan.metrics.length} figures</summary><table><tbody>${metricRows(rest, false)}</tbody></table></details>` : ''}`
      : '<p class="muted">No decomposition metrics were given to this export.</p>'
  }</div></div><table><thead><tr><th>service</th><th>modules</th><th>lines</th><th>routes</th><th>inbound</th><th>foreign tables</th><th>conflicts</th><th>risk</th></tr></thead><tbody>${[...plan.services]
    .sort((a, b) => a.wave - b.wave)
    .map((s) => `<tr><td>${html(s.name)}</td><td>${s.cost.modules}</td><td>${s.cost.lines}</td><td>${s.cost.routes}</td><td>${s.cost.inboundRuntime}</td><td>${s.cost.foreignTables}</td><td>${s.cost.conflicts}</td><td>${badge(s.cost.risk, s.cost.risk)}</td></tr>`)
    .join('')}</tbody></table></section>`);
  B.push(`<section id="data"><h2>Data ownership</h2><table><thead><tr><th>table</th><th>owner</th><th>writers</th><th>readers</th><th>foreign reads</th><th>events</th><th>conflicts</th></tr></thead><tbody>${plan.tables
    .map((t) => {
      const fr = reads.filter((r) => r.table === t.table).map((r) => `${html(name(r.reader))} ${badge(r.strategy, r.strategy)}`);
      return `<tr><td><code>${html(t.table)}</code></td><td title="${html(t.ownerReason)}">${html(name(t.owner))}</td><td>${t.writers.map((w) => html(name(w))).join(', ')}</td><td>${t.readers.map((r) => html(name(r))).join(', ')}</td><td>${fr.join('<br>')}</td><td>${t.events.map((e) => `<code>${html(e)}</code>`).join(' ')}</td><td>${t.conflicts.length || ''}</td></tr>`;
    })
    .join('')}</tbody></table><p class="muted">${(Object.keys(STRATEGY_TEXT) as ReadStrategy[]).map((k) => `${badge(k, k)} ${html(STRATEGY_TEXT[k])}`).join(' &nbsp; ')}</p></section>`);
  B.push(`<section id="conflicts"><h2>Conflicts to resolve (${plan.conflicts.length})</h2><table><thead><tr><th>severity</th><th>what</th><th>where</th><th>how</th></tr></thead><tbody>${plan.conflicts
    .map((c) => `<tr><td>${severityBadge(c.severity)}</td><td>${html(c.summary)}</td><td>${c.locations.slice(0, 8).map((l) => `<code>${html(`${l.file}:${l.line}`)}</code>`).join('<br>')}${c.locations.length > 8 ? `<br><span class="muted">+${c.locations.length - 8} more</span>` : ''}</td><td>${html(c.resolution)}</td></tr>`)
    .join('')}</tbody></table></section>`);
  B.push(`<section id="services"><h2>Services</h2><table><thead><tr><th>service</th><th>wave</th><th>routes taken over</th><th>operations others call</th><th>calls</th><th>owns</th><th>placed by</th></tr></thead><tbody>${[...plan.services]
    .sort((a, b) => a.wave - b.wave)
    .map((s) => {
      const ops = s.operations.filter((o) => o.kind === 'symbol');
      const calls = [...new Set(s.calls.map((c) => c.service))].map((id) => html(name(id)));
      return `<tr><td><b>${html(s.name)}</b><br><span class="muted">${s.modules.length} modules</span></td><td>${s.wave}</td><td>${s.cost.routes}</td><td>${ops.map((o) => `<code>${html(o.kind === 'symbol' ? o.symbol : o.id)}</code>`).join(' ')}</td><td>${calls.join(', ')}</td><td>${s.owns.map((t) => `<code>${html(t)}</code>`).join(' ')}</td><td>${placementHtml(s)}</td></tr>`;
    })
    .join('')}</tbody></table></section>`);
  if (plan.unassignedRoutes.length) {
    B.push(`<section id="monolith"><h2>Routes that stay in the monolith</h2><table><thead><tr><th>method</th><th>path</th><th>where</th><th>why</th></tr></thead><tbody>${plan.unassignedRoutes.map((u) => `<tr><td>${html(u.method)}</td><td><code>${html(u.path)}</code></td><td><code>${html(`${u.at.file}:${u.at.line}`)}</code></td><td>${html(u.reason)}</td></tr>`).join('')}</tbody></table></section>`);
  }
  const unknown = unknownRoutes(plan);
  if (unknown.length) {
    B.push(`<section id="unknown-paths"><h2>Routes whose path Seam could not read (${unknown.length})</h2><p class="muted">Part of these paths is computed at run time from something the code does not hold. They are left out of the gateway configs, OpenAPI and service stubs: the monolith keeps answering them until the real path is checked by hand.</p><table><thead><tr><th>method</th><th>path</th><th>where</th><th>would move to</th><th>not read</th></tr></thead><tbody>${unknown.map((u) => `<tr><td>${html(u.method)}</td><td><code>${html(u.path)}</code></td><td><code>${html(`${u.at.file}:${u.at.line}`)}</code></td><td>${html(u.service === null ? 'stays in the monolith' : name(u.service))}</td><td>${u.unknown.map((n) => `<code>${html(n)}</code>`).join(' ')}</td></tr>`).join('')}</tbody></table></section>`);
  }
  B.push('</main>\n</body>\n</html>\n');
  return B.join('\n');
}

/** A service's placement grouped by evidence kind, strongest first. */
function placementGroups(s: ServicePlan): Array<{ evidence: PlacementEvidence; entries: ModulePlacement[] }> {
  const placement = s.placement ?? [];
  return PLACEMENT_EVIDENCE.map((evidence) => ({ evidence, entries: placement.filter((p) => p.evidence === evidence) })).filter((g) => g.entries.length > 0);
}

function placementHtml(s: ServicePlan): string {
  const groups = placementGroups(s);
  if (groups.length === 0) return '<span class="muted">not recorded</span>';
  const summary = groups.map((g) => `${g.entries.length} ${PLACEMENT_LABELS[g.evidence]}`).join(', ');
  const items = groups.map((g) => `<li><b>${html(PLACEMENT_LABELS[g.evidence])}</b><ul>${g.entries.map((p) => `<li><code>${html(p.module)}</code> <span class="muted">${html(p.reason)}</span></li>`).join('')}</ul></li>`);
  return `<details><summary>${html(summary)}</summary><ul class="reasons">${items.join('')}</ul></details>`;
}

function mermaidId(i: number): string {
  return `s${i}`;
}

function markdownReport(plan: MigrationPlan): string {
  const name = (id: string | null): string => (id === null ? '(none)' : (plan.services.find((s) => s.id === id)?.name ?? id));
  const reads = plan.services.flatMap((s) => s.reads);
  const L: string[] = [`# Migration plan: ${md(plan.root)}`, '', `Seam ${md(plan.tool.version)} · ${plan.services.length} services · ${plan.waves.length} waves · ${plan.conflicts.length} conflicts.`, ''];
  for (const n of plan.notes) L.push(`> ${md(n)}`, '');
  L.push('## Service map', '', '```mermaid', 'graph LR');
  plan.services.forEach((s, i) => L.push(`  ${mermaidId(i)}["${s.wave}. ${s.name.replace(/["\\\r\n]/g, ' ')}"]`));
  plan.coupling.forEach((row, i) => row.forEach((v, j) => { if (v > 0 && i !== j) L.push(`  ${mermaidId(i)} -->|${v}| ${mermaidId(j)}`); }));
  L.push('```', '');
  L.push('## Coupling (row imports column)', '', `| | ${plan.services.map((s) => md(s.name)).join(' | ')} |`, `|---|${plan.services.map(() => '---:').join('|')}|`);
  plan.services.forEach((s, i) => L.push(`| **${md(s.name)}** | ${plan.coupling[i]!.map((v, j) => (i === j ? '·' : v === 0 ? '' : String(v))).join(' | ')} |`));
  L.push('', '## Extraction waves', '');
  for (const w of plan.waves) {
    L.push(`${w.index}. **${w.services.map((s) => md(name(s))).join(', ')}**: ${w.reasons.map(md).join('; ')}`);
    for (const s of w.services) for (const r of plan.services.find((x) => x.id === s)?.reasons ?? []) L.push(`   - ${md(r)}`);
  }
  L.push('', '## Metrics', '');
  if (plan.metrics.length) {
    L.push('| metric | value |', '|---|---:|', ...plan.metrics.map((m) => `| ${mdCode(m.key)} | ${m.value ?? 'n/a'} |`));
  } else L.push('No decomposition metrics were given to this export.');
  L.push('', '| service | wave | modules | lines | routes | inbound | foreign tables | conflicts | risk | score |', '|---|---:|---:|---:|---:|---:|---:|---:|---|---:|');
  for (const s of [...plan.services].sort((a, b) => a.wave - b.wave)) L.push(`| ${md(s.name)} | ${s.wave} | ${s.cost.modules} | ${s.cost.lines} | ${s.cost.routes} | ${s.cost.inboundRuntime} | ${s.cost.foreignTables} | ${s.cost.conflicts} | ${s.cost.risk} | ${s.cost.score} |`);
  L.push('', '## Data ownership', '', '| table | owner | writers | readers | foreign reads | events | conflicts |', '|---|---|---|---|---|---|---:|');
  for (const t of plan.tables) {
    const fr = reads.filter((r) => r.table === t.table).map((r) => `${md(name(r.reader))}: ${r.strategy}`);
    L.push(`| ${mdCode(t.table)} | ${md(name(t.owner))} | ${t.writers.map((w) => md(name(w))).join(', ')} | ${t.readers.map((r) => md(name(r))).join(', ')} | ${fr.join('; ')} | ${t.events.map(mdCode).join(' ')} | ${t.conflicts.length} |`);
  }
  L.push('', `## Conflicts (${plan.conflicts.length})`, '');
  for (const c of plan.conflicts) L.push(`- **${c.severity}** ${md(c.summary)}: ${c.locations.map((l) => mdCode(`${l.file}:${l.line}`)).join(', ')}. ${md(c.resolution)}`);
  L.push('', '## Services', '');
  for (const s of [...plan.services].sort((a, b) => a.wave - b.wave)) {
    const ops = s.operations.filter((o) => o.kind === 'symbol');
    L.push(`### ${md(s.name)} (wave ${s.wave})`, '', `${s.modules.length} modules, ${s.cost.routes} routes taken over; owns ${s.owns.map(mdCode).join(', ') || 'no table'}.`);
    if (ops.length) L.push(`Operations others call: ${ops.map((o) => mdCode(o.kind === 'symbol' ? o.symbol : o.id)).join(', ')}.`);
    if (s.calls.length) L.push(`Calls: ${[...new Set(s.calls.map((c) => md(name(c.service))))].join(', ')}.`);
    const groups = placementGroups(s);
    if (groups.length) {
      L.push('', 'What placed its modules:', '');
      for (const g of groups) {
        L.push(`- **${md(PLACEMENT_LABELS[g.evidence])}** (${g.entries.length})`);
        for (const p of g.entries) L.push(`  - ${mdCode(p.module)}: ${md(p.reason)}`);
      }
    }
    L.push('');
  }
  if (plan.unassignedRoutes.length) {
    L.push('## Routes that stay in the monolith', '', ...plan.unassignedRoutes.map((u) => `- ${u.method} ${mdCode(u.path)} (${mdCode(`${u.at.file}:${u.at.line}`)}): ${md(u.reason)}`), '');
  }
  const unknown = unknownRoutes(plan);
  if (unknown.length) {
    L.push(
      `## Routes whose path Seam could not read (${unknown.length})`,
      '',
      'Part of these paths is computed at run time from something the code does not hold. They are left out of the gateway configs, OpenAPI and service stubs: the monolith keeps answering them until the real path is checked by hand.',
      '',
      ...unknown.map((u) => `- ${u.method} ${mdCode(u.path)} (${mdCode(`${u.at.file}:${u.at.line}`)}), ${u.service === null ? 'stays in the monolith' : `would move to ${md(name(u.service))}`}; not read: ${u.unknown.map(mdCode).join(', ')}`),
      '',
    );
  }
  return L.join('\n');
}

export function renderReport(plan: MigrationPlan): Artifact[] {
  return [
    { path: 'report/report.html', contents: htmlReport(plan) },
    { path: 'report/report.md', contents: markdownReport(plan) },
    { path: 'report/report.json', contents: json(plan) },
  ];
}

/**
 * The report's pictures as inline SVG (no script, no external resource): the service map, the
 * service x service coupling heat map, the waves as a timeline, and cost / risk bars. Layouts are
 * computed, not random, so the same plan draws the same picture.
 */
import type { MigrationPlan, Risk, ServicePlan } from '../shared/plan.js';
import { html } from './text.js';

const RISK_COLOR: Record<Risk, string> = { low: '#2e7d32', medium: '#ef6c00', high: '#c62828' };

function fmt(n: number): string {
  return (Math.round(n * 10) / 10).toFixed(1).replace(/\.0$/, '');
}

/** Hue from green (first wave) to red (last wave). */
export function waveColor(wave: number, waves: number): string {
  const t = waves <= 1 ? 0 : (wave - 1) / (waves - 1);
  return `hsl(${fmt(130 - 125 * t)}, 55%, 45%)`;
}

function byWave(plan: MigrationPlan): ServicePlan[] {
  return [...plan.services].sort((a, b) => a.wave - b.wave || (a.id < b.id ? -1 : 1));
}

/** Services on a circle in wave order (clockwise from the top); edges are runtime import counts. */
export function serviceMapSvg(plan: MigrationPlan): string {
  const services = byWave(plan);
  const n = services.length;
  const W = 760;
  const H = 560;
  const cx = W / 2;
  const cy = H / 2 + 20;
  const R = n <= 1 ? 0 : Math.min(W, H) / 2 - 90;
  const maxLines = Math.max(1, ...services.map((s) => s.cost.lines));
  const index = new Map(plan.services.map((s, i) => [s.id, i]));
  const pos = new Map(
    services.map((s, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, n);
      return [s.id, { x: cx + R * Math.cos(a), y: cy + R * Math.sin(a), r: 14 + 22 * Math.sqrt(s.cost.lines / maxLines) }];
    }),
  );
  const maxEdge = Math.max(1, ...plan.coupling.flat());
  const edges: string[] = [];
  for (const a of services) {
    for (const b of services) {
      const count = plan.coupling[index.get(a.id)!]?.[index.get(b.id)!] ?? 0;
      if (a.id === b.id || count === 0) continue;
      const p = pos.get(a.id)!;
      const q = pos.get(b.id)!;
      const dx = q.x - p.x;
      const dy = q.y - p.y;
      const len = Math.hypot(dx, dy) || 1;
      // bend each direction to its own side, so a->b and b->a do not overlap
      const mx = (p.x + q.x) / 2 - (dy / len) * 18;
      const my = (p.y + q.y) / 2 + (dx / len) * 18;
      const ex = q.x - (dx / len) * (q.r + 4);
      const ey = q.y - (dy / len) * (q.r + 4);
      const sx = p.x + (dx / len) * p.r;
      const sy = p.y + (dy / len) * p.r;
      const w = 1 + 4 * (Math.log1p(count) / Math.log1p(maxEdge));
      edges.push(`<path d="M${fmt(sx)},${fmt(sy)} Q${fmt(mx)},${fmt(my)} ${fmt(ex)},${fmt(ey)}" fill="none" stroke="#607d8b" stroke-opacity="0.55" stroke-width="${fmt(w)}" marker-end="url(#arrow)"><title>${html(`${a.name} -> ${b.name}: ${count} runtime import edge${count === 1 ? '' : 's'}`)}</title></path>`);
    }
  }
  const nodes = services.map((s) => {
    const p = pos.get(s.id)!;
    const label = s.name.length > 18 ? `${s.name.slice(0, 17)}…` : s.name;
    // the label sits outside the circle, away from the centre, where no edge runs
    const dx = p.x - cx;
    const dy = p.y - cy;
    const d = Math.hypot(dx, dy) || 1;
    const lx = n <= 1 ? p.x : p.x + (dx / d) * (p.r + 8);
    const ly = n <= 1 ? p.y + p.r + 16 : p.y + (dy / d) * (p.r + 8) + 4 + (dy > 0 ? 8 : 0);
    const anchor = n <= 1 || Math.abs(dx) < 20 ? 'middle' : dx > 0 ? 'start' : 'end';
    return `<g><circle cx="${fmt(p.x)}" cy="${fmt(p.y)}" r="${fmt(p.r)}" fill="${waveColor(s.wave, plan.waves.length)}" stroke="#263238" stroke-width="1.5"><title>${html(`${s.name}: wave ${s.wave}, ${s.cost.lines} lines, ${s.owns.length} tables, ${s.cost.risk} risk`)}</title></circle><text x="${fmt(p.x)}" y="${fmt(p.y + 4)}" text-anchor="middle" class="wave">${s.wave}</text><text x="${fmt(lx)}" y="${fmt(ly)}" text-anchor="${anchor}" class="label">${html(label)}</text></g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Service map">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#607d8b"/></marker></defs>
<text x="12" y="20" class="caption">Circles: services (area ~ lines of code; number = extraction wave, green first, red last).</text>
<text x="12" y="36" class="caption">Arrows: runtime imports from one service into another (thicker = more).</text>
${edges.join('\n')}
${nodes.join('\n')}
</svg>`;
}

/** Row = importing service, column = imported service; colour ~ log of the edge count. */
export function heatMapSvg(plan: MigrationPlan): string {
  const services = byWave(plan);
  const index = new Map(plan.services.map((s, i) => [s.id, i]));
  const n = services.length;
  const cell = n > 20 ? 18 : 34;
  const left = 150;
  const top = 130;
  const W = left + n * cell + 20;
  const H = top + n * cell + 20;
  const max = Math.max(1, ...plan.coupling.flat());
  const cells: string[] = [];
  services.forEach((a, i) =>
    services.forEach((b, j) => {
      const v = plan.coupling[index.get(a.id)!]?.[index.get(b.id)!] ?? 0;
      const t = v === 0 ? 0 : 0.15 + 0.85 * (Math.log1p(v) / Math.log1p(max));
      const fill = a.id === b.id ? '#eceff1' : v === 0 ? '#ffffff' : `rgba(198, 40, 40, ${(Math.round(t * 100) / 100).toFixed(2)})`;
      cells.push(`<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${fill}" stroke="#cfd8dc"><title>${html(`${a.name} -> ${b.name}: ${v}`)}</title></rect>`);
      if (v > 0 && cell >= 24) cells.push(`<text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle" class="cell${t > 0.6 ? ' light' : ''}">${v}</text>`);
    }),
  );
  const rows = services.map((s, i) => `<text x="${left - 8}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end" class="label">${html(s.name)}</text>`);
  const cols = services.map((s, j) => `<text transform="translate(${left + j * cell + cell / 2 + 4},${top - 8}) rotate(-55)" class="label">${html(s.name)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Coupling matrix">
<text x="12" y="20" class="caption">Row imports column (runtime import edges); darker = more.</text>
${rows.join('\n')}
${cols.join('\n')}
${cells.join('\n')}
</svg>`;
}

/** The waves left to right, wrapped in rows; each box: service, score, risk. */
export function timelineSvg(plan: MigrationPlan): string {
  const byId = new Map(plan.services.map((s) => [s.id, s]));
  const perRow = 5;
  const boxW = 164;
  const boxH = 74;
  const gap = 24;
  const rows = Math.max(1, Math.ceil(plan.waves.length / perRow));
  const W = 20 + perRow * (boxW + gap);
  const H = 40 + rows * (boxH + 40);
  const parts: string[] = [];
  plan.waves.forEach((w, i) => {
    const r = Math.floor(i / perRow);
    const c = i % perRow;
    const x = 14 + c * (boxW + gap);
    const y = 36 + r * (boxH + 40);
    const services = w.services.map((id) => byId.get(id)!).filter(Boolean);
    const first = services[0];
    const risk = first?.cost.risk ?? 'low';
    parts.push(`<g><rect x="${x}" y="${y}" width="${boxW}" height="${boxH}" rx="8" fill="${waveColor(w.index, plan.waves.length)}" fill-opacity="0.15" stroke="${waveColor(w.index, plan.waves.length)}" stroke-width="2"><title>${html(w.reasons.join('\n'))}</title></rect>`);
    parts.push(`<text x="${x + 10}" y="${y + 18}" class="small">wave ${w.index}</text>`);
    parts.push(`<text x="${x + 10}" y="${y + 38}" class="label strong">${html(services.map((s) => s.name).join(', ').slice(0, 18))}</text>`);
    if (first) parts.push(`<text x="${x + 10}" y="${y + 58}" class="small">score ${first.cost.score} · <tspan fill="${RISK_COLOR[risk]}">${risk} risk</tspan></text>`);
    if (i + 1 < plan.waves.length) {
      if (c + 1 < perRow) parts.push(`<path d="M${x + boxW + 4},${y + boxH / 2} L${x + boxW + gap - 4},${y + boxH / 2}" stroke="#90a4ae" stroke-width="2" marker-end="url(#tl-arrow)"/>`);
      else parts.push(`<path d="M${x + boxW / 2},${y + boxH + 4} L${x + boxW / 2},${y + boxH + 16} L${14 + boxW / 2},${y + boxH + 16} L${14 + boxW / 2},${y + boxH + 36}" fill="none" stroke="#90a4ae" stroke-width="2" marker-end="url(#tl-arrow)"/>`);
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Extraction waves">
<defs><marker id="tl-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#90a4ae"/></marker></defs>
<text x="12" y="20" class="caption">Extraction order: start small, one service per wave.</text>
${parts.join('\n')}
</svg>`;
}

/** Per service (in wave order): cost and the risk penalty stacked, the bar the ranking sorts by. */
export function scoreBarsSvg(plan: MigrationPlan): string {
  const services = byWave(plan);
  const rowH = 24;
  const left = 150;
  const barW = 420;
  const max = Math.max(1, ...services.map((s) => s.cost.score));
  const W = left + barW + 120;
  const H = 40 + services.length * rowH;
  const rows = services.map((s, i) => {
    const y = 30 + i * rowH;
    const cw = (s.cost.cost / max) * barW;
    const rw = ((s.cost.score - s.cost.cost) / max) * barW;
    return `<text x="${left - 8}" y="${y + 15}" text-anchor="end" class="label">${html(s.name)}</text><rect x="${left}" y="${y + 3}" width="${fmt(cw)}" height="${rowH - 8}" fill="#546e7a"><title>${html(`cost ${s.cost.cost}`)}</title></rect><rect x="${fmt(left + cw)}" y="${y + 3}" width="${fmt(rw)}" height="${rowH - 8}" fill="${RISK_COLOR[s.cost.risk]}"><title>${html(`${s.cost.risk} risk`)}</title></rect><text x="${fmt(left + cw + rw + 6)}" y="${y + 15}" class="small">${s.cost.score}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Cost and risk">
<text x="12" y="18" class="caption">Score = cost (grey) + risk penalty (coloured); lower goes first.</text>
${rows.join('\n')}
</svg>`;
}

/**
 * Dependency matrix, service × service in the host's order (sorted so the diagonal blocks show).
 * A service's header expands it into its modules. Each cell shows the imports from the row to the
 * column split into runtime / type-only; its shade is the coupling weight.
 */
import type { MatrixCell, MatrixView } from '../../shared/contract.js';
import { colorOf } from '../palette.js';
import type { Model } from '../model.js';

function cellTitle(from: string, to: string, cell: MatrixCell): string {
  return `${from} → ${to}\nweight ${round(cell.weight)} · runtime ${cell.runtime} · type-only ${cell.typeOnly}`;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

export function MatrixPanel(props: { matrix: MatrixView | null; model: Model; expanded: readonly string[]; onToggle: (service: string) => void }) {
  const { matrix, model } = props;
  if (!matrix) return <p className="muted pad">Loading the matrix…</p>;
  const nameOf = (group: string): string => matrix.labels[matrix.keys.indexOf(group)] ?? model.names.get(group) ?? group;
  const heaviest = Math.max(1e-9, ...matrix.cells.flat().map((c) => c.weight));
  return (
    <section className="matrix-panel" aria-label="Dependency matrix" data-testid="matrix">
      <div className="legend">
        <span className="muted">
          Cells: <strong>runtime</strong> / type-only imports from the row to the column; shade: coupling weight. Choose a service to expand it into its modules.
        </span>
        {props.expanded.map((group) => (
          <button key={group} type="button" className="chip" onClick={() => props.onToggle(group)} title={`Collapse ${nameOf(group)}`}>
            ▾ {model.names.get(group) ?? group} ×
          </button>
        ))}
      </div>
      <div className="matrix-scroll">
        <table className="matrix">
          <thead>
            <tr>
              <th className="corner" scope="col">
                from ↓ to →
              </th>
              {matrix.keys.map((key, j) => (
                <th key={key} scope="col" className="col-head" title={key} style={{ borderTopColor: colorOf(model.colors, matrix.groups[j] ?? '') }}>
                  <span>{matrix.labels[j]}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.keys.map((rowKey, i) => {
              const group = matrix.groups[i] ?? '';
              const isGroup = rowKey === group;
              const firstOfGroup = !isGroup && matrix.groups[i - 1] !== group;
              return (
                <tr key={rowKey} className={firstOfGroup ? 'group-start' : undefined}>
                  <th scope="row" className="row-head" style={{ borderLeftColor: colorOf(model.colors, group) }}>
                    {isGroup ? (
                      <button type="button" className="link-button" aria-expanded="false" onClick={() => props.onToggle(rowKey)} title={`Expand ${matrix.labels[i]} into its modules`}>
                        ▸ {matrix.labels[i]}
                      </button>
                    ) : (
                      <span className="module-key" title={rowKey}>
                        {matrix.labels[i]}
                      </span>
                    )}
                  </th>
                  {matrix.cells[i]!.map((cell, j) => {
                    const block = group === matrix.groups[j];
                    const empty = cell.weight === 0 && cell.runtime === 0 && cell.typeOnly === 0;
                    const shade = empty ? 0 : 0.15 + 0.85 * Math.sqrt(cell.weight / heaviest);
                    return (
                      <td
                        key={matrix.keys[j]}
                        className={`cell${block ? ' block' : ''}${i === j ? ' diagonal' : ''}`}
                        style={empty ? undefined : { ['--shade' as string]: shade.toFixed(3) }}
                        title={empty ? undefined : cellTitle(matrix.labels[i] ?? rowKey, matrix.labels[j] ?? '', cell)}
                      >
                        {(cell.runtime > 0 || cell.typeOnly > 0) && (
                          <>
                            <strong>{cell.runtime}</strong>
                            <span className="muted">/{cell.typeOnly}</span>
                          </>
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

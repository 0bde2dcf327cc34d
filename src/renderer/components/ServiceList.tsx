/**
 * The services with their sizes, coloured as in the graph. A row selects its service; modules
 * dropped on a row move there. The shared kernel is listed last.
 */
import { useState } from 'react';
import { colorOf, KERNEL_GROUP } from '../palette.js';
import type { Model } from '../model.js';
import { carriesModule, droppedModule } from './drag.js';

interface Row {
  id: string;
  name: string;
  modules: number;
  lines: number | null;
  routes: number | null;
  tables: number | null;
  pinned: number;
  flagged: number;
}

export function ServiceList(props: { model: Model; selected: string | null; onSelect: (service: string) => void; onMoveModule: (module: string, service: string) => void; onMenu: (service: string, x: number, y: number) => void }) {
  const { model } = props;
  const [over, setOver] = useState<string | null>(null);
  const rows: Row[] = model.services.map((s) => ({ id: s.id, name: s.name, modules: s.modules, lines: s.lines, routes: s.routes, tables: s.tablesOwned, pinned: s.pinned, flagged: s.flagged }));
  if (model.kernel.length > 0) rows.push({ id: KERNEL_GROUP, name: 'shared kernel', modules: model.kernel.length, lines: null, routes: null, tables: null, pinned: 0, flagged: 0 });
  return (
    <nav className="service-list" aria-label="Services" data-testid="service-list">
      <h2 className="panel-title">
        Services <span className="muted">({model.services.length})</span>
      </h2>
      <ul>
        {rows.map((row) => (
          <li
            key={row.id}
            className={`service-row${row.id === props.selected ? ' selected' : ''}${row.id === over ? ' drop-over' : ''}`}
            data-service={row.id}
            onDragOver={(event) => {
              if (!carriesModule(event)) return;
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
              setOver(row.id);
            }}
            onDragLeave={() => setOver((o) => (o === row.id ? null : o))}
            onDrop={(event) => {
              setOver(null);
              const module = droppedModule(event);
              if (!module) return;
              event.preventDefault();
              if (model.modules.get(module)?.service === row.id) return;
              props.onMoveModule(module, row.id);
            }}
            onContextMenu={(event) => {
              if (row.id === KERNEL_GROUP) return;
              event.preventDefault();
              props.onMenu(row.id, event.clientX, event.clientY);
            }}
          >
            <button type="button" className="service-button" aria-current={row.id === props.selected ? 'true' : undefined} onClick={() => props.onSelect(row.id)}>
              <span className="swatch" style={{ background: colorOf(model.colors, row.id) }} aria-hidden="true" />
              <span className="service-name">{row.name}</span>
              <span className="service-badges">
                {row.flagged > 0 && <span className="badge badge-new" title={`${row.flagged} new modules to review`}>{row.flagged} new</span>}
                {row.pinned > 0 && <span className="badge" title={`${row.pinned} pinned modules`}>{row.pinned} pinned</span>}
              </span>
              <span className="service-stats muted">
                {plural(row.modules, 'module')}{row.lines !== null && <> · {formatLines(row.lines)}</>}
              </span>
              {(row.routes || row.tables) ? (
                <span className="service-stats muted">
                  {plural(row.routes ?? 0, 'route')} · {plural(row.tables ?? 0, 'table')} owned
                </span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function formatLines(lines: number): string {
  return lines >= 10_000 ? `${Math.round(lines / 1000)}k lines` : lines >= 1000 ? `${(lines / 1000).toFixed(1)}k lines` : `${lines} lines`;
}

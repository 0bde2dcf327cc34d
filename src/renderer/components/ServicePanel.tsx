/**
 * One service in depth: its modules (drag them onto another service, or open their menu), its
 * API surface, the tables it owns and the ones it reads from others, shared state, conflicts and
 * its own metrics. Each module shows why it is there: the evidence that placed it in the service
 * (a pin, a NestJS module, coupling...), or why the kernel holds it.
 */
import type { ReactNode } from 'react';
import type { ServiceDetails, TableUse } from '../../shared/contract.js';
import { formatMetric, readMetric, SERVICE_METRICS } from '../metrics.js';
import { serviceActions, serviceName, type Action, type Model, type ModuleInfo } from '../model.js';
import { colorOf, KERNEL_GROUP } from '../palette.js';
import { startModuleDrag } from './drag.js';

interface Props {
  model: Model;
  service: string;
  details: ServiceDetails | null;
  onAction: (action: Action) => void;
  onModuleMenu: (module: string, x: number, y: number) => void;
  onSelectModule: (module: string) => void;
}

function Section(props: { title: string; count: number; children: ReactNode; open?: boolean }) {
  return (
    <details className="section" open={props.open ?? props.count > 0}>
      <summary>
        {props.title} <span className="muted">({props.count})</span>
      </summary>
      {props.count === 0 ? <p className="muted empty">none</p> : props.children}
    </details>
  );
}

function ModuleRow(props: { info: ModuleInfo; lines?: number; detail?: string; onMenu: (x: number, y: number) => void; onSelect: () => void }) {
  const { info } = props;
  return (
    <li
      className="module-row"
      draggable
      data-module={info.path}
      onDragStart={(event) => startModuleDrag(event, info.path)}
      onContextMenu={(event) => {
        event.preventDefault();
        props.onMenu(event.clientX, event.clientY);
      }}
    >
      <span className="module-text">
        <button type="button" className="module-name" title={`${info.path}${props.detail ? `\n${props.detail}` : ''}`} onClick={props.onSelect}>
          {info.path}
        </button>
        {props.detail && (
          <span className="muted module-reason" data-testid="module-reason" title={props.detail}>
            {props.detail}
          </span>
        )}
      </span>
      {info.pinned && <span className="badge" title="pinned: re-clustering keeps it here">pinned</span>}
      {info.flagged && <span className="badge badge-new" title="new since the last accepted analysis">new</span>}
      {props.lines !== undefined && <span className="muted num">{props.lines}</span>}
      <button
        type="button"
        className="icon-button"
        aria-label={`Actions for ${info.path}`}
        aria-haspopup="menu"
        onClick={(event) => {
          const box = event.currentTarget.getBoundingClientRect();
          props.onMenu(box.left, box.bottom);
        }}
      >
        ⋯
      </button>
    </li>
  );
}

function TableList(props: { tables: TableUse[]; model: Model; foreign?: boolean }) {
  return (
    <table className="compact">
      <thead>
        <tr>
          <th>Table</th>
          <th>Access</th>
          {props.foreign && <th>Owner</th>}
          {props.foreign && <th>Strategy</th>}
          <th>Modules</th>
        </tr>
      </thead>
      <tbody>
        {props.tables.map((t) => (
          <tr key={`${t.table}:${t.access}`}>
            <td>{t.table}</td>
            <td>{t.access}</td>
            {props.foreign && <td>{t.owner ? serviceName(props.model, t.owner) : '—'}</td>}
            {props.foreign && <td>{t.strategy ?? '—'}</td>}
            <td title={t.modules.join('\n')}>{t.modules.length}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ServicePanel(props: Props) {
  const { model, service, details } = props;
  const summary = model.services.find((s) => s.id === service);
  const modules: ModuleInfo[] = service === KERNEL_GROUP ? model.kernel : [...model.modules.values()].filter((m) => m.service === service).sort((a, b) => (a.path < b.path ? -1 : 1));
  const lines = new Map(details?.modules.map((m) => [m.path, m.lines]) ?? []);
  const menu = (path: string) => (x: number, y: number) => props.onModuleMenu(path, x, y);
  return (
    <section className="service-panel" aria-label={`Service ${serviceName(model, service)}`} data-testid="service-panel">
      <header className="service-head">
        <span className="swatch swatch-lg" style={{ background: colorOf(model.colors, service) }} aria-hidden="true" />
        <h2 data-testid="service-title">{serviceName(model, service)}</h2>
      </header>
      {summary && (
        <p className="muted service-summary">
          {summary.modules} modules · {summary.lines} lines · {summary.routes} routes · {summary.tablesOwned} tables owned
        </p>
      )}
      <div className="button-row">
        {serviceActions(service).map((action) => (
          <button key={action.id} type="button" onClick={() => props.onAction(action)}>
            {action.label}
          </button>
        ))}
      </div>
      <Section title="Modules" count={modules.length}>
        <ul className="module-list">
          {modules.map((info) => (
            <ModuleRow key={info.path} info={info} lines={lines.get(info.path)} detail={info.reason} onMenu={menu(info.path)} onSelect={() => props.onSelectModule(info.path)} />
          ))}
        </ul>
      </Section>
      {service !== KERNEL_GROUP && !details && <p className="muted">Loading details…</p>}
      {details && (
        <>
          <Section title="Routes" count={details.routes.length} open={false}>
            <ul className="plain-list">
              {details.routes.map((r) => (
                <li key={`${r.method} ${r.path} ${r.module}`} title={`${r.module}:${r.line}${r.handler ? ` ${r.handler}` : ''}`}>
                  <code>{r.method}</code> {r.path}
                </li>
              ))}
            </ul>
          </Section>
          <Section title="API surface" count={details.api.length} open={false}>
            <ul className="plain-list">
              {details.api.map((a) => (
                <li key={`${a.module}#${a.symbol}`} title={a.module}>
                  <code>{a.symbol}</code> <span className="muted">← {a.usedBy.map((s) => serviceName(model, s)).join(', ')}</span>
                </li>
              ))}
            </ul>
          </Section>
          <Section title="Owned tables" count={details.ownedTables.length}>
            <TableList tables={details.ownedTables} model={model} />
          </Section>
          <Section title="Foreign tables" count={details.foreignTables.length}>
            <TableList tables={details.foreignTables} model={model} foreign />
          </Section>
          <Section title="Shared state" count={details.sharedState.length}>
            <ul className="plain-list">
              {details.sharedState.map((s) => (
                <li key={s.id}>
                  <code>{s.kind}</code> {s.id} <span className="muted">({s.users.length} users)</span>
                </li>
              ))}
            </ul>
          </Section>
          <Section title="Conflicts" count={details.conflicts.length}>
            <ul className="plain-list conflicts">
              {details.conflicts.map((c, i) => (
                <li key={i}>
                  <strong>{c.kind}</strong> {c.message}
                  {c.file && (
                    <span className="muted">
                      {' '}
                      ({c.file}
                      {c.line ? `:${c.line}` : ''})
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </Section>
          <Section title="Service metrics" count={SERVICE_METRICS.filter((d) => readMetric(details.metrics, d.key) !== null).length}>
            <dl className="metric-list">
              {SERVICE_METRICS.filter((d) => readMetric(details.metrics, d.key) !== null).map((d) => (
                <div key={d.key} title={d.title}>
                  <dt>{d.label}</dt>
                  <dd>{formatMetric(readMetric(details.metrics, d.key), d.digits)}</dd>
                </div>
              ))}
            </dl>
          </Section>
        </>
      )}
    </section>
  );
}

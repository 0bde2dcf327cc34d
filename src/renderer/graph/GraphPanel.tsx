/**
 * The coupling graph with its toolbar: switch between the module graph and the service map,
 * search a node and focus it with its neighbours, refine the layout on demand (ForceAtlas2 in a
 * worker; never on load, which must stay fast), hover for details. Modules dragged onto a node of
 * another service move there.
 */
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { GraphNode, GraphView } from '../../shared/contract.js';
import { serviceName, type Model } from '../model.js';
import { colorOf, KERNEL_GROUP } from '../palette.js';
import { edgeAttributes, GRAPH_THEMES, nodeAttributes } from './graph-data.js';
import { refineLayout } from './layout-protocol.js';
import { SigmaGraph, type ClusterLabel, type GraphHandlers, type HoverInfo } from './SigmaGraph.js';

type Level = GraphView['level'];
type Positions = Map<string, { x: number; y: number }>;

interface Props {
  level: Level;
  view: GraphView | undefined;
  model: Model;
  theme: 'light' | 'dark';
  focus: string | null;
  searchRef: RefObject<HTMLInputElement | null>;
  onLevel: (level: Level) => void;
  onFocus: (node: string | null) => void;
  onSelectService: (service: string) => void;
  onMoveModule: (module: string, service: string) => void;
  onModuleMenu: (module: string, x: number, y: number) => void;
  onServiceMenu: (service: string, x: number, y: number) => void;
}

const LEVELS: { level: Level; label: string }[] = [
  { level: 'modules', label: 'Module graph' },
  { level: 'services', label: 'Service map' },
];

function NodeSearch(props: { nodes: GraphNode[]; inputRef: RefObject<HTMLInputElement | null>; onPick: (node: string) => void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const hits = props.nodes.filter((n) => n.id.toLowerCase().includes(q) || n.label.toLowerCase().includes(q));
    return hits.sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : 1)).slice(0, 8);
  }, [query, props.nodes]);
  const pick = (node: GraphNode | undefined): void => {
    if (!node) return;
    setQuery(node.label);
    setOpen(false);
    props.onPick(node.id);
  };
  return (
    <div className="search" role="search">
      <input
        ref={props.inputRef}
        type="search"
        placeholder="Search modules  ( / )"
        aria-label="Search the graph"
        role="combobox"
        aria-expanded={open && matches.length > 0}
        aria-controls="graph-search-results"
        aria-activedescendant={open && matches[active] ? `graph-search-${active}` : undefined}
        value={query}
        data-testid="graph-search"
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, matches.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            pick(matches[active]);
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      {open && matches.length > 0 && (
        <ul id="graph-search-results" className="search-results" role="listbox">
          {matches.map((node, i) => (
            <li
              key={node.id}
              id={`graph-search-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(node);
              }}
            >
              {node.label}
              {node.label !== node.id && <span className="muted"> {node.id}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function GraphPanel(props: Props) {
  const { view, model, level } = props;
  const theme = GRAPH_THEMES[props.theme];
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [positions, setPositions] = useState<Partial<Record<Level, Positions>>>({});
  const [refining, setRefining] = useState(false);
  const cancelRefine = useRef<(() => void) | null>(null);
  useEffect(() => () => cancelRefine.current?.(), []);

  // module colours follow the decomposition at once; the refetched view follows
  const nodes = useMemo(
    () => (view ? nodeAttributes(view, model.colors, (node) => (view.level === 'modules' ? (model.modules.get(node.id)?.service ?? node.group) : node.group)) : new Map()),
    [view, model],
  );
  const edges = useMemo(() => (view ? edgeAttributes(view, theme) : new Map()), [view, theme]);
  const degree = useMemo(() => {
    const d = new Map<string, { in: number; out: number }>();
    for (const e of view?.edges ?? []) {
      const s = d.get(e.source) ?? { in: 0, out: 0 };
      s.out++;
      d.set(e.source, s);
      const t = d.get(e.target) ?? { in: 0, out: 0 };
      t.in++;
      d.set(e.target, t);
    }
    return d;
  }, [view]);
  const clusters = useMemo<ClusterLabel[]>(
    () =>
      level === 'modules'
        ? [...model.services.map((s) => ({ id: s.id, name: s.name })), ...(model.kernel.length > 0 ? [{ id: KERNEL_GROUP, name: 'shared kernel' }] : [])].map((c) => ({ ...c, color: colorOf(model.colors, c.id) }))
        : [],
    [level, model],
  );
  const byId = useMemo(() => new Map((view?.nodes ?? []).map((n) => [n.id, n])), [view]);

  const serviceOfNode = (id: string): string | undefined => (level === 'modules' ? model.modules.get(id)?.service : byId.get(id)?.group);
  const handlers: GraphHandlers = {
    onHover: setHover,
    onClickNode(node) {
      props.onFocus(node);
      const service = serviceOfNode(node);
      if (service) props.onSelectService(service);
    },
    onClickStage() {
      props.onFocus(null);
    },
    onNodeMenu(node, x, y) {
      if (level === 'modules') props.onModuleMenu(node, x, y);
      else {
        const service = serviceOfNode(node);
        if (service && service !== KERNEL_GROUP) props.onServiceMenu(service, x, y);
      }
    },
    onDropOnNode(module, target) {
      const to = serviceOfNode(target);
      if (!to || to === model.modules.get(module)?.service) return;
      props.onMoveModule(module, to);
    },
  };

  const refine = (): void => {
    if (!view || refining) return;
    setRefining(true);
    const current = positions[level];
    const job = refineLayout({
      nodes: view.nodes.map((n) => ({ id: n.id, x: current?.get(n.id)?.x ?? n.x, y: current?.get(n.id)?.y ?? n.y, size: nodes.get(n.id)?.size ?? 1 })),
      edges: view.edges.map((e) => [e.source, e.target, e.weight]),
      iterations: view.nodes.length > 2000 ? 80 : 200,
    });
    cancelRefine.current = job.cancel;
    job.result
      .then((p) => setPositions((all) => ({ ...all, [level]: p })))
      .catch(() => undefined)
      .finally(() => {
        cancelRefine.current = null;
        setRefining(false);
      });
  };

  const hovered = hover ? byId.get(hover.node) : undefined;
  const focused = props.focus ? byId.get(props.focus) : undefined;
  return (
    <section className="graph-panel" aria-label="Coupling graph">
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Graph level">
          {LEVELS.map((l) => (
            <button key={l.level} type="button" aria-pressed={level === l.level} onClick={() => props.onLevel(l.level)}>
              {l.label}
            </button>
          ))}
        </div>
        <NodeSearch nodes={view?.nodes ?? []} inputRef={props.searchRef} onPick={(node) => handlers.onClickNode(node)} />
        <button type="button" onClick={refine} disabled={!view || refining} title="Run ForceAtlas2 from the current positions (in a worker)">
          {refining ? 'Refining…' : 'Refine layout'}
        </button>
        {positions[level] && (
          <button type="button" onClick={() => setPositions((all) => ({ ...all, [level]: undefined }))}>
            Reset layout
          </button>
        )}
      </div>
      <div className="graph-stage">
        <span className="muted graph-count" data-testid="graph-count">
          {view ? `${view.nodes.length} ${level === 'modules' ? 'modules' : 'services'} · ${view.edges.length} edges` : 'loading…'}
        </span>
        {view && (
          <SigmaGraph
            key={`${level}:${props.theme}`}
            level={level}
            nodes={nodes}
            edges={edges}
            theme={theme}
            focus={props.focus && byId.has(props.focus) ? props.focus : null}
            positions={positions[level] ?? null}
            dragNodes={level === 'modules'}
            clusters={clusters}
            handlers={handlers}
          />
        )}
        {hovered && hover && (
          <div className="tooltip" role="tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }} data-testid="graph-tooltip">
            <strong>{hovered.label}</strong>
            {hovered.label !== hovered.id && <div className="muted">{hovered.id}</div>}
            <div>
              {level === 'modules' ? `service: ${serviceName(model, serviceOfNode(hovered.id) ?? hovered.group)}` : `${model.services.find((s) => s.id === hovered.id)?.modules ?? '?'} modules`}
            </div>
            <div>
              {hovered.size} lines · {degree.get(hovered.id)?.out ?? 0} out · {degree.get(hovered.id)?.in ?? 0} in
            </div>
            {hovered.pinned && <div>pinned</div>}
            {hovered.flagged && <div>new: review it</div>}
          </div>
        )}
        {focused && (
          <div className="focus-card" data-testid="focus-card">
            <div className="focus-title" title={focused.id}>
              {focused.label}
            </div>
            <div className="muted">
              {level === 'modules' ? serviceName(model, serviceOfNode(focused.id) ?? focused.group) : 'service'} · {(degree.get(focused.id)?.in ?? 0) + (degree.get(focused.id)?.out ?? 0)} links
            </div>
            <div className="button-row">
              <button
                type="button"
                aria-haspopup="menu"
                onClick={(e) => {
                  const box = e.currentTarget.getBoundingClientRect();
                  handlers.onNodeMenu(focused.id, box.left, box.bottom);
                }}
              >
                Actions…
              </button>
              <button type="button" onClick={() => props.onFocus(null)}>
                Clear focus
              </button>
            </div>
          </div>
        )}
      </div>
    </section>
  );
}

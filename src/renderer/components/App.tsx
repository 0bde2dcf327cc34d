/**
 * The workbench: top bar (scenarios, undo/redo, export, theme), metrics bar, services on the
 * left, graph or matrix in the middle, the selected service on the right. It wires views to the
 * intents of the state container; which dialog or menu is open is the only state it keeps.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { SeamClient } from '../../shared/contract.js';
import { describeEdit, type Edit } from '../../shared/edits.js';
import { formFor, type Command } from '../dialogs.js';
import { GraphPanel } from '../graph/GraphPanel.js';
import { buildModel, moduleActions, namedEdit, serviceActions, serviceName, type Action, type DialogRequest } from '../model.js';
import { KERNEL_GROUP } from '../palette.js';
import { useShortcuts } from '../shortcuts.js';
import { useWorkbench } from '../state/use-workbench.js';
import { useTheme } from '../theme.js';
import { ActionMenu, type MenuRequest } from './ActionMenu.js';
import { AnalysisProgress } from './AnalysisProgress.js';
import { CompareView } from './CompareView.js';
import { ExportDialog } from './ExportDialog.js';
import { FormDialog } from './FormDialog.js';
import { MatrixPanel } from './MatrixPanel.js';
import { MetricsBar } from './MetricsBar.js';
import { OpenScreen } from './OpenScreen.js';
import { Overview } from './Overview.js';
import { ScenarioBar } from './ScenarioBar.js';
import { ServiceList } from './ServiceList.js';
import { ServicePanel } from './ServicePanel.js';
import { StatusLine } from './StatusLine.js';

const THEME_LABEL = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' } as const;

function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

export function App(props: { client: SeamClient }) {
  const { state, intents } = useWorkbench(props.client, 'modules');
  const { theme, preference, cycle } = useTheme();
  const [dialog, setDialog] = useState<DialogRequest | null>(null);
  const [menu, setMenu] = useState<MenuRequest | null>(null);
  const [focus, setFocus] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const model = useMemo(() => (state.workbench ? buildModel(state.workbench) : null), [state.workbench]);

  useShortcuts({
    undo: intents.undo,
    redo: intents.redo,
    search() {
      intents.setTab('graph');
      setTimeout(() => searchRef.current?.focus(), 0);
    },
    escape() {
      setMenu(null);
      setFocus(null);
    },
  });

  const closeMenu = useCallback(() => setMenu(null), []);

  if (state.phase === 'connecting') {
    return (
      <main className="open-screen">
        <p className="muted" role="status">
          {state.error ? state.error.message : 'Connecting to Seam…'}
        </p>
      </main>
    );
  }
  if (state.phase === 'closed' || !model || !state.workbench) {
    return (
      <>
        <OpenScreen session={state.session} analyzing={state.analyzing} progress={state.progress} onOpen={intents.open} onAnalyze={intents.analyze} />
        <StatusLine error={state.error} notices={[]} busy={state.pending > 0} onDismiss={intents.dismissError} />
      </>
    );
  }
  const workbench = state.workbench;

  const edit = (e: Edit): void => intents.edit(e, describeEdit(namedEdit(e, model)));
  const moveModule = (module: string, service: string): void =>
    edit(service === KERNEL_GROUP ? { kind: 'shared', modules: [module], shared: true } : model.modules.get(module)?.service === KERNEL_GROUP ? { kind: 'shared', modules: [module], shared: false, to: service } : { kind: 'move', modules: [module], to: service });
  const runAction = (action: Action): void => {
    if (action.edit) edit(action.edit);
    if (action.dialog) setDialog(action.dialog);
    if (action.select) intents.select(action.select);
  };
  const runCommand = (command: Command): void => {
    if ('edit' in command) edit(command.edit);
    else if ('saveScenario' in command) intents.saveScenario(command.saveScenario);
    else intents.compare(command.compare[0], command.compare[1]);
  };
  const openModuleMenu = (module: string, x: number, y: number): void => {
    const info = model.modules.get(module);
    if (info) setMenu({ title: module, actions: moduleActions(info, model, { includeOpen: true }), x, y });
  };
  const openServiceMenu = (service: string, x: number, y: number): void =>
    setMenu({ title: serviceName(model, service), actions: [{ id: 'show', label: 'Show details', select: service }, ...serviceActions(service)], x, y });
  const selectModule = (module: string): void => {
    intents.setTab('graph');
    if (state.level !== 'modules') intents.setLevel('modules');
    setFocus(module);
  };
  const form = dialog ? formFor(dialog, model, workbench) : null;
  const root = state.session?.root ?? null;

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Seam</span>
        <span className="repo" title={root ?? state.session?.workspace ?? ''}>
          {root ? baseName(root) : state.session?.workspace ? baseName(state.session.workspace) : ''}
        </span>
        <ScenarioBar workbench={workbench} onSwitch={intents.switchScenario} onSaveAs={() => setDialog({ kind: 'save-scenario' })} onCompare={() => setDialog({ kind: 'compare' })} />
        <span className="spacer" />
        <div className="button-row" role="group" aria-label="Edit history">
          <button type="button" onClick={intents.undo} disabled={!workbench.canUndo} aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)" data-testid="undo">
            ↶ Undo
          </button>
          <button type="button" onClick={intents.redo} disabled={!workbench.canRedo} aria-keyshortcuts="Control+Shift+Z" title="Redo (Ctrl+Shift+Z)" data-testid="redo">
            ↷ Redo
          </button>
        </div>
        <button type="button" onClick={() => edit({ kind: 'recluster' })} title="Re-cluster every module that is not pinned, around the pins">
          Re-cluster
        </button>
        <button type="button" onClick={intents.analyze} disabled={state.analyzing} title="Analyze the repository again (only changed files are parsed)">
          {state.analyzing ? 'Analyzing…' : 'Re-analyze'}
        </button>
        <button type="button" onClick={() => setDialog({ kind: 'export' })}>
          Export…
        </button>
        <button type="button" onClick={cycle} title="Switch between system, light and dark" data-testid="theme-toggle">
          {THEME_LABEL[preference]}
        </button>
      </header>
      <MetricsBar metrics={workbench.metrics} deltas={state.lastChange?.deltas ?? []} summary={state.lastChange?.summary ?? null} />
      {state.analyzing && (
        <div className="analysis-strip">
          <AnalysisProgress stages={state.progress} running />
        </div>
      )}
      <main className="workspace">
        <ServiceList model={model} selected={state.selected} onSelect={intents.select} onMoveModule={moveModule} onMenu={openServiceMenu} />
        <div className="center">
          <div className="tabs" role="tablist" aria-label="Views">
            {(['graph', 'matrix'] as const).map((tab) => (
              <button key={tab} type="button" role="tab" aria-selected={state.tab === tab} onClick={() => intents.setTab(tab)}>
                {tab === 'graph' ? 'Graph' : 'Dependency matrix'}
              </button>
            ))}
          </div>
          {state.tab === 'graph' ? (
            <GraphPanel
              level={state.level}
              view={state.graphs[state.level]}
              model={model}
              theme={theme}
              focus={focus}
              searchRef={searchRef}
              onLevel={(level) => {
                setFocus(null);
                intents.setLevel(level);
              }}
              onFocus={setFocus}
              onSelectService={intents.select}
              onMoveModule={moveModule}
              onModuleMenu={openModuleMenu}
              onServiceMenu={openServiceMenu}
            />
          ) : (
            <MatrixPanel matrix={state.matrix} model={model} expanded={state.matrixExpand} onToggle={intents.toggleExpand} />
          )}
        </div>
        <aside className="details" aria-label="Details">
          {state.selected ? (
            <>
              <button type="button" className="link-button back" onClick={() => intents.select(null)}>
                ← Overview
              </button>
              <ServicePanel model={model} service={state.selected} details={state.details} onAction={runAction} onModuleMenu={openModuleMenu} onSelectModule={selectModule} />
            </>
          ) : (
            <Overview workbench={workbench} analysis={state.analysis} log={state.log} progress={state.progress} onLoadLog={intents.loadLog} />
          )}
        </aside>
      </main>
      <StatusLine error={state.error} notices={state.lastChange?.notices ?? []} busy={state.pending > 0} onDismiss={intents.dismissError} />
      {menu && <ActionMenu menu={menu} onAction={runAction} onClose={closeMenu} />}
      {form && <FormDialog key={JSON.stringify(dialog)} spec={form} onCommand={runCommand} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'export' && (
        <ExportDialog
          defaultOutDir={root ? `${root.replace(/[\\/]+$/, '')}/seam-export` : ''}
          exported={state.exported}
          reportHtml={state.reportHtml}
          onExport={intents.exportArtifacts}
          onPreview={intents.previewReport}
          onClosePreview={intents.closeReport}
          onClose={() => {
            setDialog(null);
            intents.clearExport();
            intents.closeReport();
          }}
        />
      )}
      {state.comparison && <CompareView comparison={state.comparison} nameOf={(s) => serviceName(model, s)} onClose={intents.closeComparison} />}
    </div>
  );
}

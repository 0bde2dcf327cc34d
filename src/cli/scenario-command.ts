/** `seam scenario list|save|switch|show|diff|log`: named decompositions in a workspace. */
import { resolve } from 'node:path';
import {
  closeWorkspace,
  currentDecomposition,
  diffScenarios,
  editLog,
  listScenarios,
  openWorkspace,
  saveScenario,
  switchScenario,
  DEFAULT_SCENARIO,
  type AnalyzeIntoResult,
  type CurrentDecomposition,
  type ScenarioDiff,
  type Workspace,
} from '../host/workspace-ops.js';
import type { Decomposition } from '../shared/decomposition.js';
import type { EditLogEntry, EditNotice, MetricDelta } from '../shared/edits.js';
import type { Metrics } from '../shared/metrics.js';
import { InputError } from '../shared/errors.js';
import { escapeForTerminal } from '../shared/terminal-text.js';
import { DEFAULT_WORKSPACE } from '../workspace/store.js';
import { formatOption, parseCommandArgs, type OptionSpec } from './args.js';

const OPTIONS: OptionSpec = {
  workspace: { type: 'string', short: 'w' },
  format: { type: 'string', short: 'f' },
};

export const scenarioHelp = `Usage: seam scenario <action> [args] [options]

Scenarios are named decompositions kept in a workspace (made by 'seam analyze --workspace').
Edits ('seam edit') go to the active one.

Actions:
  list                  every scenario: services, modules, shared kernel; * marks the active one
  save <name>           save the active scenario's current decomposition as <name>, and switch to it
  switch <name>         make <name> the active scenario
  show [name]           services, shared kernel and metrics of a scenario (default: the active one)
  diff <a> <b>          metrics side by side, and the modules the two place differently
  log [name]            the edit log of a scenario, oldest first

Options:
  --workspace, -w <file>  the workspace (default: ${DEFAULT_WORKSPACE} in the current folder)
  --format, -f <fmt>      text | json (default: text on a terminal, json otherwise)

Exit codes: 0 done, 2 unusable input (no such workspace or scenario, bad arguments).
`;

const ACTIONS: Record<string, { args: [number, number]; usage: string }> = {
  list: { args: [0, 0], usage: 'list' },
  save: { args: [1, 1], usage: 'save <name>' },
  switch: { args: [1, 1], usage: 'switch <name>' },
  show: { args: [0, 1], usage: 'show [name]' },
  diff: { args: [2, 2], usage: 'diff <a> <b>' },
  log: { args: [0, 1], usage: 'log [name]' },
};

export async function runScenario(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('scenario', argv, OPTIONS);
  const [action, ...args] = positionals;
  const spec = action === undefined ? undefined : ACTIONS[action];
  if (!action || !spec) {
    throw new InputError(`${action ? `unknown action '${action}'` : 'missing action'}; use one of ${Object.values(ACTIONS).map((a) => a.usage).join(', ')} (see 'seam scenario --help')`, 'usage');
  }
  if (args.length < spec.args[0] || args.length > spec.args[1]) throw new InputError(`usage: seam scenario ${spec.usage}`, 'usage');
  const format = formatOption('scenario', values.format, ['text', 'json'], process.stdout.isTTY ? 'text' : 'json');
  const file = resolve(typeof values.workspace === 'string' ? values.workspace : DEFAULT_WORKSPACE);
  const ws = await openWorkspace(file, { readonly: action !== 'save' && action !== 'switch' });
  try {
    process.stdout.write(await perform(ws, action, args, format === 'json'));
  } finally {
    closeWorkspace(ws);
  }
  return 0;
}

async function perform(ws: Workspace, action: string, args: string[], json: boolean): Promise<string> {
  const out = (value: unknown, text: () => string): string => (json ? JSON.stringify(value, null, 2) + '\n' : text());
  switch (action) {
    case 'list': {
      const list = (await listScenarios(ws)).map(({ createdAt: _createdAt, id: _id, ...rest }) => rest);
      return out(list, () =>
        list.length === 0
          ? `no scenarios in ${ws.file}; run 'seam analyze <repo> --workspace ${ws.file}'\n`
          : list.map((s) => `${s.active ? '*' : ' '} ${escapeForTerminal(s.name).padEnd(24)} ${String(s.services).padStart(4)} services ${String(s.modules).padStart(6)} modules ${String(s.sharedKernel).padStart(4)} shared  (run ${s.runId})\n`).join(''),
      );
    }
    case 'save': {
      const s = await saveScenario(ws, args[0]!);
      return out({ saved: s.name, active: s.name }, () => `saved scenario ${escapeForTerminal(s.name)}; it is now the active scenario\n`);
    }
    case 'switch': {
      const s = await switchScenario(ws, args[0]!);
      return out({ active: s.name }, () => `switched to scenario ${escapeForTerminal(s.name)}\n`);
    }
    case 'show': {
      const c = await currentDecomposition(ws, args[0] === undefined ? {} : { scenario: args[0] });
      return out(c, () => formatCurrent(c));
    }
    case 'diff': {
      const d = await diffScenarios(ws, args[0]!, args[1]!);
      return out(d, () => formatDiff(d));
    }
    case 'log': {
      const log = await editLog(ws, args[0] === undefined ? {} : { scenario: args[0] });
      return out(log, () => formatLog(log));
    }
  }
  throw new InputError(`unknown action '${action}'`, 'usage');
}

const num = (v: number | null): string => (v === null ? '—' : String(Math.round(v * 1e4) / 1e4));

export function formatMetricRows(rows: readonly MetricDelta[], labels: [string, string]): string {
  if (rows.length === 0) return '';
  const width = Math.max(...rows.map((r) => r.metric.length), 6);
  const head = `  ${'metric'.padEnd(width)}  ${labels[0].padStart(10)}  ${labels[1].padStart(10)}  ${'delta'.padStart(9)}\n`;
  return head + rows.map((r) => `  ${r.metric.padEnd(width)}  ${num(r.before).padStart(10)}  ${num(r.after).padStart(10)}  ${(r.delta === null ? '—' : (r.delta > 0 ? '+' : '') + num(r.delta)).padStart(9)}\n`).join('');
}

export function formatNotices(notices: readonly EditNotice[]): string {
  return notices.map((n) => `  ! ${escapeForTerminal(n.message)}\n`).join('');
}

export function formatServices(d: Decomposition): string {
  const lines = d.services.map((s) => {
    const extra = [s.pinned.length ? `${s.pinned.length} pinned` : '', s.flagged?.length ? `${s.flagged.length} new, to review` : ''].filter(Boolean).join(', ');
    return `  ${escapeForTerminal(s.name).padEnd(24)} ${String(s.modules.length).padStart(5)} modules${extra ? `  (${extra})` : ''}${s.id === `svc-${s.name}` ? '' : `  [${escapeForTerminal(s.id)}]`}\n`;
  });
  return lines.join('') + `  ${'shared kernel'.padEnd(24)} ${String(d.shared.length).padStart(5)} modules\n`;
}

function formatMetrics(m: Metrics): string {
  const rows: [string, number | null][] = [
    ['SM (structural modularity, higher is better)', m.sm],
    ['ICP (inter-partition calls, lower is better)', m.icp],
    ['IFN (interfaces per service, lower is better)', m.ifn],
    ['NED (non-extreme distribution, lower is better)', m.ned],
    ['MQ (modularization quality, higher is better)', m.mq],
    ['business-context purity', m.businessContextPurity],
    ['module exclusivity', m.moduleExclusivity],
    ['table write exclusivity', m.tables.writeExclusivity],
    ['co-change cut ratio', m.coChangeCutRatio],
    ['runtime dependencies cut', m.cutCost.runtime],
    ['type-only dependencies cut', m.cutCost.typeOnly],
  ];
  return `metrics:\n${rows.map(([k, v]) => `  ${k.padEnd(48)} ${num(v)}\n`).join('')}`;
}

function formatCurrent(c: CurrentDecomposition): string {
  return (
    `scenario ${escapeForTerminal(c.scenario)} (entry ${c.seq}, run ${c.runId}${c.canUndo ? ', undo available' : ''}${c.canRedo ? ', redo available' : ''})\n` +
    formatServices(c.decomposition) +
    formatMetrics(c.metrics) +
    formatNotices(c.notices)
  );
}

function placement(p: ScenarioDiff['modules'][number]['a']): string {
  return p === null ? '(absent)' : p === 'shared' ? '(shared kernel)' : escapeForTerminal(p.name);
}

function formatDiff(d: ScenarioDiff): string {
  const [a, b] = [escapeForTerminal(d.a), escapeForTerminal(d.b)];
  let s = `${a} vs ${b}\n` + formatMetricRows(d.metrics, [a, b]);
  if (d.renamed.length) s += d.renamed.map((r) => `  service ${escapeForTerminal(r.id)}: ${escapeForTerminal(r.a)} in ${a}, ${escapeForTerminal(r.b)} in ${b}\n`).join('');
  if (d.servicesOnlyInA.length) s += `  only in ${a}: ${escapeForTerminal(d.servicesOnlyInA.map((x) => x.name).join(', '))}\n`;
  if (d.servicesOnlyInB.length) s += `  only in ${b}: ${escapeForTerminal(d.servicesOnlyInB.map((x) => x.name).join(', '))}\n`;
  s += d.modules.length === 0 ? 'every module is placed the same\n' : `${d.modules.length} module(s) placed differently:\n`;
  s += d.modules.map((m) => `  ${escapeForTerminal(m.module)}: ${placement(m.a)} -> ${placement(m.b)}\n`).join('');
  return s;
}

function formatLog(log: readonly EditLogEntry[]): string {
  return log.map((e) => `${e.current ? '>' : ' '} ${String(e.seq).padStart(4)}  ${escapeForTerminal(e.summary)}${e.superseded ? '  (undone, replaced)' : ''}\n${formatNotices(e.notices)}`).join('');
}

/** What `seam analyze --workspace` reports on stderr after recording a run. */
export function formatRecordedRun(run: AnalyzeIntoResult): string {
  let s = `seam analyze: recorded run ${run.runId} in ${run.file}: ${run.moduleCount} modules, parsed ${run.parsedCount}, reused ${run.reusedCount}\n`;
  if (run.firstRun) s += `seam analyze: proposed scenario ${DEFAULT_SCENARIO}; see 'seam scenario show --workspace ${run.file}'\n`;
  for (const r of run.scenarios) {
    if (r.notices.length === 0) continue;
    s += `seam analyze: scenario ${escapeForTerminal(r.scenario)}: ${r.renames.length} renamed, ${r.deleted.length} deleted, ${r.added.length} new (flagged for review)\n${formatNotices(r.notices)}`;
  }
  return s;
}

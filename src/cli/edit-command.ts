/** `seam edit <workspace> <operation> ...`: edit the active scenario from scripts, with undo and redo. */
import { resolve } from 'node:path';
import { applyEdit, closeWorkspace, openWorkspace, redo, undo } from '../host/workspace-ops.js';
import { describeEdit, type Edit, type EditResult } from '../shared/edits.js';
import { InputError } from '../shared/errors.js';
import { escapeForTerminal } from '../shared/terminal-text.js';
import { formatOption, numberOption, parseCommandArgs, type OptionSpec } from './args.js';
import { formatMetricRows, formatNotices } from './scenario-command.js';

const OPTIONS: OptionSpec = {
  to: { type: 'string' },
  new: { type: 'boolean', default: false },
  name: { type: 'string' },
  off: { type: 'boolean', default: false },
  scenario: { type: 'string', short: 's' },
  format: { type: 'string', short: 'f' },
};

export const editHelp = `Usage: seam edit <workspace> <operation> [args] [options]

Edits the active scenario of <workspace> (or --scenario <name>). Each edit is logged: undo and
redo work across runs. Prints the metrics before and after, and anything to review.

Operations:
  move <module>... --to <service> [--new]   move modules (and pin them there); --new creates the service
  merge <service> <service>... [--name <n>] merge into the first service
  split <service> <k>                       re-cluster a service's modules into k services
  rename <service> <name>
  pin <module>...                           keep modules in their service when re-clustering
  unpin <module>...
  apart <module-a> <module-b> [--off]       keep two modules in different services (--off lifts it)
  shared <module>... [--off] [--to <svc>]   put modules in the shared kernel (--off takes them out)
  recluster                                 re-cluster everything that is not pinned, around the pins
  review <module>...                        clear the "new since the last analysis" flag
  undo | redo

Services are named by name (orders) or id (svc-orders); modules by repo-relative path.

Options:
  --scenario, -s <name>  edit this scenario instead of the active one
  --format, -f <fmt>     text | json (default: text on a terminal, json otherwise)

Exit codes: 0 done, 2 unusable input (unknown module or service, nothing to undo, bad arguments).
`;

function modulePath(raw: string): string {
  return raw.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

function need(args: string[], min: number, usage: string): void {
  if (args.length < min) throw new InputError(`usage: seam edit <workspace> ${usage}`, 'usage');
}

function toEdit(op: string, args: string[], values: Record<string, unknown>): Edit {
  switch (op) {
    case 'move':
      need(args, 1, 'move <module>... --to <service> [--new]');
      if (typeof values.to !== 'string') throw new InputError('usage: seam edit <workspace> move <module>... --to <service> [--new]', 'usage');
      return { kind: 'move', modules: args.map(modulePath), to: values.to, ...(values.new === true ? { create: true } : {}) };
    case 'merge':
      need(args, 2, 'merge <service> <service>... [--name <name>]');
      return { kind: 'merge', services: args, ...(typeof values.name === 'string' ? { name: values.name } : {}) };
    case 'split': {
      need(args, 2, 'split <service> <k>');
      const k = numberOption('edit', 'k', args[1], (n) => Number.isInteger(n) && n >= 2, 'a whole number of 2 or more')!;
      return { kind: 'split', service: args[0]!, k };
    }
    case 'rename':
      need(args, 2, 'rename <service> <name>');
      return { kind: 'rename', service: args[0]!, name: args[1]! };
    case 'pin':
    case 'unpin':
    case 'review':
      need(args, 1, `${op} <module>...`);
      return { kind: op, modules: args.map(modulePath) };
    case 'apart':
      if (args.length !== 2) throw new InputError('usage: seam edit <workspace> apart <module-a> <module-b> [--off]', 'usage');
      return { kind: 'apart', a: modulePath(args[0]!), b: modulePath(args[1]!), apart: values.off !== true };
    case 'shared':
      need(args, 1, 'shared <module>... [--off] [--to <service>]');
      return { kind: 'shared', modules: args.map(modulePath), shared: values.off !== true, ...(typeof values.to === 'string' ? { to: values.to } : {}) };
    case 'recluster':
      return { kind: 'recluster' };
  }
  throw new InputError(`unknown operation '${op}'; use move, merge, split, rename, pin, unpin, apart, shared, recluster, review, undo or redo (see 'seam edit --help')`, 'usage');
}

export async function runEdit(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('edit', argv, OPTIONS);
  const [workspace, op, ...args] = positionals;
  if (!workspace || !op) throw new InputError("usage: seam edit <workspace> <operation> [args]; run 'seam edit --help' for the operations", 'usage');
  const format = formatOption('edit', values.format, ['text', 'json'], process.stdout.isTTY ? 'text' : 'json');
  const edit = op === 'undo' || op === 'redo' ? undefined : toEdit(op, args, values);
  if ((op === 'undo' || op === 'redo') && args.length > 0) throw new InputError(`usage: seam edit <workspace> ${op}`, 'usage');
  const ws = await openWorkspace(resolve(workspace));
  try {
    const scenario = typeof values.scenario === 'string' ? { scenario: values.scenario } : {};
    const result = edit ? await applyEdit(ws, edit, scenario) : op === 'undo' ? await undo(ws, scenario) : await redo(ws, scenario);
    const what = edit ? describeEdit(edit) : op;
    process.stdout.write(format === 'json' ? JSON.stringify(summary(result, what, edit), null, 2) + '\n' : formatResult(result, what));
  } finally {
    closeWorkspace(ws);
  }
  return 0;
}

function summary(r: EditResult, what: string, edit: Edit | undefined): object {
  return {
    done: what,
    ...(edit ? { edit } : {}),
    scenario: r.scenario,
    seq: r.seq,
    metrics: r.metrics,
    deltas: r.deltas,
    notices: r.notices,
    services: r.decomposition.services.map((s) => ({ id: s.id, name: s.name, modules: s.modules.length })),
    canUndo: r.canUndo,
    canRedo: r.canRedo,
  };
}

function formatResult(r: EditResult, what: string): string {
  const changed = r.deltas.filter((d) => d.delta !== 0);
  return (
    `${escapeForTerminal(what)} (scenario ${escapeForTerminal(r.scenario)}, entry ${r.seq}; ${r.decomposition.services.length} services)\n` +
    (changed.length ? formatMetricRows(changed, ['before', 'after']) : '  metrics unchanged\n') +
    formatNotices(r.notices)
  );
}

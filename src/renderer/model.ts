/**
 * What the views need to know about the current decomposition, derived once per state: where
 * each module lives, service names and colours, and the actions a module or a service offers.
 * Actions are data (a label and either an edit or a dialog to open) so the list, the graph and
 * the context menu offer the same ones.
 */
import type { ServiceSummary, WorkbenchState } from '../shared/contract.js';
import type { ApartConstraint } from '../shared/decomposition.js';
import type { Edit } from '../shared/edits.js';
import { assignColors, KERNEL_GROUP, type ColorMap } from './palette.js';

export interface ModuleInfo {
  path: string;
  /** service id, or `shared` for the kernel */
  service: string;
  pinned: boolean;
  flagged: boolean;
  /** why it is where it is: why the kernel holds it, or the evidence that placed it in its service */
  reason?: string;
}

export interface Model {
  services: ServiceSummary[];
  names: ReadonlyMap<string, string>;
  colors: ColorMap;
  modules: ReadonlyMap<string, ModuleInfo>;
  /** module paths, sorted */
  modulePaths: string[];
  kernel: ModuleInfo[];
  apart: ApartConstraint[];
}

export function buildModel(workbench: WorkbenchState): Model {
  const { decomposition } = workbench;
  const modules = new Map<string, ModuleInfo>();
  const names = new Map<string, string>([[KERNEL_GROUP, 'shared kernel']]);
  for (const service of decomposition.services) {
    names.set(service.id, service.name);
    const pinned = new Set(service.pinned);
    const flagged = new Set(service.flagged ?? []);
    const reasons = new Map((service.placement ?? []).map((p) => [p.module, p.reason]));
    for (const path of service.modules) {
      const reason = reasons.get(path);
      modules.set(path, { path, service: service.id, pinned: pinned.has(path), flagged: flagged.has(path), ...(reason !== undefined ? { reason } : {}) });
    }
  }
  const kernel = decomposition.shared.map((entry) => ({ path: entry.module, service: KERNEL_GROUP, pinned: false, flagged: false, reason: entry.reason }));
  for (const info of kernel) modules.set(info.path, info);
  return {
    services: workbench.services,
    names,
    colors: assignColors(decomposition.services.map((s) => s.id)),
    modules,
    modulePaths: [...modules.keys()].sort(),
    kernel,
    apart: decomposition.constraints.apart,
  };
}

export function serviceName(model: Model, id: string): string {
  return model.names.get(id) ?? id;
}

/** The edit with service ids replaced by the names a person knows them by, for its description. */
export function namedEdit(edit: Edit, model: Model): Edit {
  const name = (id: string): string => serviceName(model, id);
  switch (edit.kind) {
    case 'move':
      return edit.create ? edit : { ...edit, to: name(edit.to) };
    case 'merge':
      return { ...edit, services: edit.services.map(name) };
    case 'split':
    case 'rename':
      return { ...edit, service: name(edit.service) };
    case 'shared':
      return edit.to ? { ...edit, to: name(edit.to) } : edit;
    default:
      return edit;
  }
}

/** A dialog the workbench can open; `dialogs.ts` turns each into a form. */
export type DialogRequest =
  | { kind: 'move'; modules: string[] }
  | { kind: 'apart'; module: string }
  | { kind: 'rename'; service: string }
  | { kind: 'merge'; service: string }
  | { kind: 'split'; service: string }
  | { kind: 'save-scenario' }
  | { kind: 'compare' }
  | { kind: 'export' }
  | { kind: 'open' };

export interface Action {
  id: string;
  label: string;
  edit?: Edit;
  dialog?: DialogRequest;
  /** select this service in the panel */
  select?: string;
}

export function moduleActions(info: ModuleInfo, model: Model, options: { includeOpen?: boolean } = {}): Action[] {
  const path = info.path;
  const actions: Action[] = [{ id: 'move', label: 'Move to…', dialog: { kind: 'move', modules: [path] } }];
  if (info.service !== KERNEL_GROUP) {
    actions.push(info.pinned ? { id: 'unpin', label: 'Unpin', edit: { kind: 'unpin', modules: [path] } } : { id: 'pin', label: 'Pin to this service', edit: { kind: 'pin', modules: [path] } });
  }
  actions.push({ id: 'apart', label: 'Keep apart from…', dialog: { kind: 'apart', module: path } });
  actions.push(
    info.service === KERNEL_GROUP
      ? { id: 'unshare', label: 'Take out of the shared kernel', edit: { kind: 'shared', modules: [path], shared: false } }
      : { id: 'share', label: 'Mark shared (kernel)', edit: { kind: 'shared', modules: [path], shared: true } },
  );
  if (info.flagged) actions.push({ id: 'review', label: 'Mark reviewed', edit: { kind: 'review', modules: [path] } });
  if (options.includeOpen) actions.push({ id: 'open', label: `Show ${serviceName(model, info.service)}`, select: info.service });
  return actions;
}

export function serviceActions(service: string): Action[] {
  if (service === KERNEL_GROUP) return [];
  return [
    { id: 'rename', label: 'Rename…', dialog: { kind: 'rename', service } },
    { id: 'merge', label: 'Merge with…', dialog: { kind: 'merge', service } },
    { id: 'split', label: 'Split into…', dialog: { kind: 'split', service } },
  ];
}

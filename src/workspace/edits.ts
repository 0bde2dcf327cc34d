/**
 * applyEdit(decomposition, edit, ctx) -> { decomposition, notices }: the architect's edits as pure
 * functions. The input is never mutated; the output is normalised (modules, pins, flags and
 * constraints sorted) so the same edits give byte-identical decompositions. Splitting and
 * re-clustering call the decomposition engine with the coupling graph of the current facts.
 *
 * A user's decision is recorded twice on purpose: in the services (what the cut is now) and in
 * `constraints` (what re-clustering must respect later): moving or pinning a module pins it,
 * marking it shared adds a shared override, keeping two modules apart adds an apart constraint.
 */
import { recluster, splitService, type CouplingGraph } from '../decompose/index.js';
import type { Decomposition, PinConstraint, Service } from '../shared/decomposition.js';
import type { Edit, EditNotice } from '../shared/edits.js';
import { InputError } from '../shared/errors.js';
import type { Facts } from '../shared/facts.js';
import { compareStrings } from '../shared/sort.js';
import { editProblem } from './codec.js';
import { dropEmptyServices, normalise } from './normalise.js';
import { propose, recordPlacement } from './placement.js';

export interface EditContext {
  facts: Facts;
  graph: CouplingGraph;
}

export interface EditOutcome {
  decomposition: Decomposition;
  notices: EditNotice[];
}

export function applyEdit(decomposition: Decomposition, edit: Edit, ctx: EditContext): EditOutcome {
  const problem = editProblem(edit);
  if (problem) throw new InputError(`edit: ${problem}`, 'usage');
  const d = structuredClone(decomposition);
  const notices: EditNotice[] = [];
  switch (edit.kind) {
    case 'move':
      move(d, edit.modules, edit.to, edit.create === true, notices);
      break;
    case 'merge':
      merge(d, edit.services, edit.name, notices);
      break;
    case 'split': {
      const s = findService(d, edit.service);
      if (!Number.isInteger(edit.k) || edit.k < 2 || edit.k > s.modules.length) {
        throw new InputError(`edit: cannot split ${s.name} into ${edit.k}: k must be a whole number from 2 to its ${s.modules.length} modules`, 'usage');
      }
      return finish(keepFlags(d, splitService(d, s.id, edit.k, ctx.graph, ctx.facts)), notices);
    }
    case 'rename':
      rename(d, edit.service, edit.name);
      break;
    case 'pin':
      for (const m of edit.modules) pin(d, m);
      break;
    case 'unpin':
      for (const m of edit.modules) unpin(d, m, notices);
      break;
    case 'apart':
      apart(d, edit.a, edit.b, edit.apart, notices);
      break;
    case 'shared':
      if (edit.shared) for (const m of edit.modules) markShared(d, m, notices);
      else for (const m of edit.modules) unmarkShared(d, m, edit.to, ctx, notices);
      break;
    case 'recluster':
      return finish(keepFlags(d, recluster(d, ctx.graph, ctx.facts)), notices);
    case 'review':
      for (const m of edit.modules) review(d, m);
      break;
  }
  return finish(d, notices);
}

/** Re-clustering moves modules, it does not review them: flags stay on the modules they marked. */
function keepFlags(before: Decomposition, after: Decomposition): Decomposition {
  const flagged = new Set(before.services.flatMap((s) => s.flagged ?? []));
  if (flagged.size === 0) return after;
  for (const s of after.services) {
    const f = s.modules.filter((m) => flagged.has(m));
    if (f.length > 0) s.flagged = f;
    else delete s.flagged;
  }
  return after;
}

function finish(d: Decomposition, notices: EditNotice[]): EditOutcome {
  dropEmptyServices(d, notices);
  return { decomposition: normalise(d), notices };
}

export function findService(d: Decomposition, ref: string): Service {
  const byId = d.services.find((s) => s.id === ref);
  if (byId) return byId;
  const byName = d.services.filter((s) => s.name === ref);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw new InputError(`edit: more than one service is named '${ref}' (${byName.map((s) => s.id).join(', ')}); name it by id`, 'usage');
  throw new InputError(`edit: no service '${ref}'; the services are ${d.services.map((s) => (s.name === s.id ? s.id : `${s.name} (${s.id})`)).join(', ')}`, 'unknown-service');
}

type Location = { service: Service } | { shared: true };

function locate(d: Decomposition, module: string): Location {
  for (const s of d.services) if (s.modules.includes(module)) return { service: s };
  if (d.shared.some((k) => k.module === module)) return { shared: true };
  throw new InputError(`edit: '${module}' is not a module of this decomposition; give its repo-relative path as the analysis lists it (e.g. src/orders/order-service.ts)`, 'unknown-module');
}

function takeOut(d: Decomposition, module: string): { wasPinned: boolean } {
  let wasPinned = false;
  for (const s of d.services) {
    if (!s.modules.includes(module)) continue;
    s.modules = s.modules.filter((m) => m !== module);
    wasPinned ||= s.pinned.includes(module);
    s.pinned = s.pinned.filter((m) => m !== module);
    if (s.flagged) s.flagged = s.flagged.filter((m) => m !== module);
  }
  d.shared = d.shared.filter((k) => k.module !== module);
  return { wasPinned };
}

function setPin(d: Decomposition, pin: PinConstraint | { module: string; service?: undefined }): void {
  d.constraints.pins = d.constraints.pins.filter((p) => p.module !== pin.module);
  if (pin.service !== undefined) d.constraints.pins.push({ module: pin.module, service: pin.service });
}

function setSharedOverride(d: Decomposition, module: string, shared: boolean): void {
  d.constraints.shared = d.constraints.shared.filter((o) => o.module !== module);
  d.constraints.shared.push({ module, shared });
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'service';
}

function assertFreeName(d: Decomposition, name: string, except?: Service): void {
  if (name.trim() === '' || name !== name.trim()) throw new InputError(`edit: a service name cannot be empty or start or end with spaces (got '${name}')`, 'usage');
  const clash = d.services.find((s) => s !== except && s.name === name);
  if (clash) throw new InputError(`edit: a service named '${name}' already exists (${clash.id}); choose another name or move the modules to it`, 'usage');
}

function newService(d: Decomposition, name: string): Service {
  assertFreeName(d, name);
  const base = `svc-${slug(name)}`;
  let id = base;
  for (let i = 2; d.services.some((s) => s.id === id); i++) id = `${base}-${i}`;
  const s: Service = { id, name, modules: [], pinned: [] };
  d.services.push(s);
  return s;
}

/** Moving is a decision: the module is pinned where it was put, and reviewed. */
function move(d: Decomposition, modules: readonly string[], to: string, create: boolean, notices: EditNotice[]): void {
  if (modules.length === 0) throw new InputError('edit: move needs at least one module', 'usage');
  for (const m of modules) locate(d, m);
  const target = create ? newService(d, to) : findService(d, to);
  for (const m of modules) {
    const where = locate(d, m);
    if ('service' in where && where.service === target) {
      notices.push({ code: 'nothing-to-do', module: m, service: target.id, message: `${m} is already in ${target.name}` });
      continue;
    }
    takeOut(d, m);
    if ('shared' in where) setSharedOverride(d, m, false);
    target.modules.push(m);
    target.pinned.push(m);
    recordPlacement(target, m, 'user', 'moved here by the user');
    setPin(d, { module: m, service: target.name });
  }
}

function merge(d: Decomposition, refs: readonly string[], name: string | undefined, notices: EditNotice[]): void {
  const services = refs.map((r) => findService(d, r));
  if (new Set(services).size < 2) throw new InputError('edit: merge needs at least two different services', 'usage');
  const [into, ...rest] = services as [Service, ...Service[]];
  const gone = new Set(rest.map((s) => s.id));
  for (const s of rest) {
    into.modules.push(...s.modules);
    into.pinned.push(...s.pinned);
    if (s.flagged?.length) into.flagged = [...(into.flagged ?? []), ...s.flagged];
    // each module keeps what placed it in its service; the merge is the user's, on top
    if (s.placement?.length) into.placement = [...(into.placement ?? []), ...s.placement];
  }
  d.services = d.services.filter((s) => !gone.has(s.id));
  const merged = new Set(rest.flatMap((s) => [s.id, s.name]));
  for (const p of d.constraints.pins) if (merged.has(p.service)) p.service = into.name;
  for (const seed of d.constraints.seeds) if (merged.has(seed.service)) seed.service = into.name;
  if (name !== undefined && name !== into.name) rename(d, into.id, name);
  const members = new Set(into.modules);
  for (const a of d.constraints.apart) {
    if (members.has(a.a) && members.has(a.b)) {
      notices.push({ code: 'apart-violated', service: into.id, message: `${a.a} and ${a.b} are to be kept apart but are now both in ${into.name}; move one, or lift the constraint` });
    }
  }
}

function rename(d: Decomposition, ref: string, name: string): void {
  const s = findService(d, ref);
  assertFreeName(d, name, s);
  const old = new Set([s.name, s.id]);
  s.name = name;
  // the engine anchors pins and seeds by service name
  for (const p of d.constraints.pins) if (old.has(p.service)) p.service = name;
  for (const seed of d.constraints.seeds) if (old.has(seed.service)) seed.service = name;
}

function pin(d: Decomposition, module: string): void {
  const where = locate(d, module);
  if ('shared' in where) throw new InputError(`edit: ${module} is in the shared kernel; move it to a service (or unmark it shared) before pinning it`, 'usage');
  const s = where.service;
  if (!s.pinned.includes(module)) s.pinned.push(module);
  if (s.flagged) s.flagged = s.flagged.filter((m) => m !== module);
  if (s.placement?.find((p) => p.module === module)?.evidence !== 'user') recordPlacement(s, module, 'pin', 'pinned by the user');
  setPin(d, { module, service: s.name });
}

function unpin(d: Decomposition, module: string, notices: EditNotice[]): void {
  const where = locate(d, module);
  const pinned = 'service' in where && where.service.pinned.includes(module);
  if ('service' in where) {
    where.service.pinned = where.service.pinned.filter((m) => m !== module);
    if (pinned && where.service.placement?.find((p) => p.module === module)?.evidence === 'pin') {
      recordPlacement(where.service, module, 'user', 'kept where the user pinned it (unpinned since)');
    }
  }
  if (!pinned && !d.constraints.pins.some((p) => p.module === module)) notices.push({ code: 'nothing-to-do', module, message: `${module} was not pinned` });
  setPin(d, { module });
}

function apart(d: Decomposition, a: string, b: string, keepApart: boolean, notices: EditNotice[]): void {
  if (a === b) throw new InputError(`edit: cannot keep ${a} apart from itself`, 'usage');
  const wa = locate(d, a);
  const wb = locate(d, b);
  const [x, y] = compareStrings(a, b) <= 0 ? [a, b] : [b, a];
  d.constraints.apart = d.constraints.apart.filter((p) => !(p.a === x && p.b === y) && !(p.a === y && p.b === x));
  if (!keepApart) return;
  d.constraints.apart.push({ a: x, b: y });
  if ('service' in wa && 'service' in wb && wa.service === wb.service) {
    notices.push({ code: 'apart-violated', service: wa.service.id, message: `${a} and ${b} are both in ${wa.service.name} now; move one, or re-cluster to separate them` });
  }
}

function markShared(d: Decomposition, module: string, notices: EditNotice[]): void {
  const where = locate(d, module);
  if ('shared' in where) {
    const entry = d.shared.find((k) => k.module === module)!;
    entry.byUser = true;
  } else {
    const { wasPinned } = takeOut(d, module);
    if (wasPinned) notices.push({ code: 'constraint-dropped', module, message: `${module} was pinned to ${where.service.name}; the pin is lifted now that it is shared kernel` });
    d.shared.push({ module, reason: 'marked shared kernel by the user', byUser: true });
  }
  setPin(d, { module });
  setSharedOverride(d, module, true);
}

function unmarkShared(d: Decomposition, module: string, to: string | undefined, ctx: EditContext, notices: EditNotice[]): void {
  const where = locate(d, module);
  setSharedOverride(d, module, false);
  if ('service' in where) {
    if (to !== undefined && findService(d, to) !== where.service) move(d, [module], to, false, notices);
    else notices.push({ code: 'nothing-to-do', module, message: `${module} is not in the shared kernel (it is in ${where.service.name}); it will be kept out of it` });
    return;
  }
  takeOut(d, module);
  const proposal = to !== undefined ? undefined : propose(d, module, ctx.graph);
  const target = to !== undefined ? findService(d, to) : proposal?.service ?? newService(d, module.split('/').slice(-2, -1)[0] ?? 'service');
  target.modules.push(module);
  if (to !== undefined) {
    target.pinned.push(module);
    recordPlacement(target, module, 'user', 'taken out of the shared kernel and moved here by the user');
    setPin(d, { module, service: target.name });
  } else {
    recordPlacement(target, module, 'user', `taken out of the shared kernel by the user; ${proposal?.why ?? 'a service of its own'}`);
  }
}

function review(d: Decomposition, module: string): void {
  locate(d, module);
  for (const s of d.services) if (s.flagged) s.flagged = s.flagged.filter((m) => m !== module);
}

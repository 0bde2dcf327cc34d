/**
 * The small forms behind "Move to…", "Keep apart from…", "Rename…", "Merge with…",
 * "Split into…", "Save as…" and "Compare…", as data: fields, and what submitting them asks for.
 * One <FormDialog> renders them all.
 */
import type { WorkbenchState } from '../shared/contract.js';
import type { Edit } from '../shared/edits.js';
import { serviceName, type DialogRequest, type Model } from './model.js';

export interface Field {
  name: string;
  label: string;
  type: 'text' | 'number' | 'select' | 'search';
  initial: string;
  options?: { value: string; label: string }[];
  /** for `search`: suggestions (a datalist) */
  suggestions?: string[];
  required?: boolean;
  min?: number;
  max?: number;
  hint?: string;
}

export type Command = { edit: Edit } | { saveScenario: string } | { compare: [string, string] };

export interface FormSpec {
  title: string;
  description?: string;
  submit: string;
  fields: Field[];
  /** a message when the values cannot be used, else the command */
  run(values: Record<string, string>): Command | { problem: string };
}

export const NEW_SERVICE = '__new__';

export function formFor(request: DialogRequest, model: Model, workbench: WorkbenchState): FormSpec | null {
  const services = model.services.map((s) => ({ value: s.id, label: s.name }));
  switch (request.kind) {
    case 'move': {
      const here = request.modules.length === 1 ? model.modules.get(request.modules[0]!)?.service : undefined;
      const targets = services.filter((s) => s.value !== here);
      return {
        title: request.modules.length === 1 ? `Move ${request.modules[0]}` : `Move ${request.modules.length} modules`,
        submit: 'Move',
        fields: [
          { name: 'to', label: 'To service', type: 'select', initial: targets[0]?.value ?? NEW_SERVICE, options: [...targets, { value: NEW_SERVICE, label: '+ new service…' }] },
          { name: 'name', label: 'New service name', type: 'text', initial: '', hint: 'only when moving to a new service' },
        ],
        run: (v) => {
          if (v['to'] === NEW_SERVICE) {
            const name = (v['name'] ?? '').trim();
            return name ? { edit: { kind: 'move', modules: request.modules, to: name, create: true } } : { problem: 'Name the new service.' };
          }
          return v['to'] ? { edit: { kind: 'move', modules: request.modules, to: v['to'] } } : { problem: 'Choose a service.' };
        },
      };
    }
    case 'apart':
      return {
        title: `Keep ${request.module} apart from…`,
        description: 'Re-clustering will never put these two modules in the same service.',
        submit: 'Keep apart',
        fields: [{ name: 'other', label: 'Other module', type: 'search', initial: '', suggestions: model.modulePaths.filter((p) => p !== request.module), required: true }],
        run: (v) => {
          const other = (v['other'] ?? '').trim();
          if (!model.modules.has(other)) return { problem: `No module ${other || '(empty)'}: pick one from the list.` };
          return { edit: { kind: 'apart', a: request.module, b: other, apart: true } };
        },
      };
    case 'rename':
      return {
        title: `Rename ${serviceName(model, request.service)}`,
        submit: 'Rename',
        fields: [{ name: 'name', label: 'Name', type: 'text', initial: serviceName(model, request.service), required: true }],
        run: (v) => {
          const name = (v['name'] ?? '').trim();
          return name ? { edit: { kind: 'rename', service: request.service, name } } : { problem: 'The name cannot be empty.' };
        },
      };
    case 'merge': {
      const others = services.filter((s) => s.value !== request.service);
      return {
        title: `Merge ${serviceName(model, request.service)} with…`,
        description: `The merged service keeps the id of ${serviceName(model, request.service)}.`,
        submit: 'Merge',
        fields: [
          { name: 'with', label: 'Service', type: 'select', initial: others[0]?.value ?? '', options: others },
          { name: 'name', label: 'Name of the result (optional)', type: 'text', initial: '' },
        ],
        run: (v) => {
          if (!v['with']) return { problem: 'There is no other service to merge with.' };
          const name = (v['name'] ?? '').trim();
          return { edit: { kind: 'merge', services: [request.service, v['with']], ...(name ? { name } : {}) } };
        },
      };
    }
    case 'split': {
      const size = model.services.find((s) => s.id === request.service)?.modules ?? 2;
      return {
        title: `Split ${serviceName(model, request.service)}`,
        description: 'Re-clusters this service’s modules into k services.',
        submit: 'Split',
        fields: [{ name: 'k', label: 'Into how many services', type: 'number', initial: '2', min: 2, max: Math.max(2, size) }],
        run: (v) => {
          const k = Number(v['k']);
          return Number.isInteger(k) && k >= 2 && k <= Math.max(2, size) ? { edit: { kind: 'split', service: request.service, k } } : { problem: `Choose a whole number from 2 to ${Math.max(2, size)}.` };
        },
      };
    }
    case 'save-scenario':
      return {
        title: 'Save scenario as…',
        description: 'Saves the current cut under a new name and switches to it; the scenario you leave keeps its own history.',
        submit: 'Save',
        fields: [{ name: 'name', label: 'Scenario name', type: 'text', initial: '', required: true }],
        run: (v) => {
          const name = (v['name'] ?? '').trim();
          if (!name) return { problem: 'Name the scenario.' };
          return workbench.scenarios.some((s) => s.name === name) ? { problem: `A scenario named ${name} exists already.` } : { saveScenario: name };
        },
      };
    case 'compare': {
      const names = workbench.scenarios.map((s) => ({ value: s.name, label: s.name }));
      const other = names.find((n) => n.value !== workbench.scenario)?.value ?? workbench.scenario;
      return {
        title: 'Compare scenarios',
        submit: 'Compare',
        fields: [
          { name: 'a', label: 'Scenario A', type: 'select', initial: other, options: names },
          { name: 'b', label: 'Scenario B', type: 'select', initial: workbench.scenario, options: names },
        ],
        run: (v) => (v['a'] && v['b'] && v['a'] !== v['b'] ? { compare: [v['a'], v['b']] } : { problem: 'Choose two different scenarios.' }),
      };
    }
    case 'export':
    case 'open':
      return null;
  }
}

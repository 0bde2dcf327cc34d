/**
 * Default weight of each coupling layer and the reason for it. The unit is one runtime import.
 * Weights are options: an architect who knows that "data matters more here" raises the table
 * weights, one who distrusts an old git history lowers co-change.
 */
import type { CouplingWeights } from '../shared/decomposition.js';

export const DEFAULT_WEIGHTS: Readonly<Required<CouplingWeights>> = Object.freeze({
  runtimeImport: 1,
  typeOnlyImport: 0.3,
  dynamicImport: 0.5,
  symbolRef: 0.5,
  sharedTableRead: 1,
  sharedTableWrite: 3,
  coChange: 2,
  sharedState: 2,
  sharedRouteGroup: 1,
  featureFolder: 2,
  nameWords: 1,
});

export const WEIGHT_REASONS: Readonly<Record<keyof CouplingWeights, string>> = Object.freeze({
  runtimeImport: 'the unit: one module executes code of another, so splitting them turns a call into a network call',
  typeOnlyImport: 'types vanish at run time; once split, a small contracts package absorbs them',
  dynamicImport: 'a lazy import is already a deliberate, looser seam',
  symbolRef: 'per log2(1 + uses): leaning on many of a module\'s symbols binds harder than the import alone, with diminishing returns',
  sharedTableRead: 'a reader depends on the writer\'s schema: splitting them needs an API or a replicated read model',
  sharedTableWrite: 'two writers of one table share an aggregate\'s invariants: the strongest reason to keep modules together',
  coChange: 'per 100 degree points: files that keep changing together belong to the same team and service (Tornhill, Code Maat)',
  sharedState: 'modules sharing mutable in-process state cannot run in separate processes without a redesign',
  sharedRouteGroup: 'serving the same route group is one business context, the prefix a gateway routes by; worth one import per module, however many share it',
  featureFolder: 'a feature folder is its authors\' own statement of what belongs together: two imports per module keep a module home against a call or two elsewhere, not against a cluster of them (layer folders like controllers/ give nothing)',
  nameWords: 'in a layered tree the vertical slice shows in file names (order-controller, order-service, order-item-repository): a hint worth one import per module, half a feature folder: words are noisier than folders',
});

export function resolveWeights(weights?: Partial<CouplingWeights>): Required<CouplingWeights> {
  const out: Required<CouplingWeights> = { ...DEFAULT_WEIGHTS };
  for (const key of Object.keys(DEFAULT_WEIGHTS) as (keyof CouplingWeights)[]) {
    const v = weights?.[key];
    if (v !== undefined && Number.isFinite(v) && v >= 0) out[key] = v;
  }
  return out;
}

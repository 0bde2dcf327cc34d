/**
 * The proposal half of `seam analyze`: facts -> coupling graph -> services -> metrics, with the
 * options a user can pass on the command line (seed, resolution, target count, weights, truth).
 */
import { buildGraph, cluster, DEFAULT_WEIGHTS, measure, type Partition } from '../decompose/index.js';
import type { CouplingWeights, Decomposition } from '../shared/decomposition.js';
import { InputError } from '../shared/errors.js';
import { readJson } from './args.js';
import type { Facts } from '../shared/facts.js';
import type { Metrics } from '../shared/metrics.js';

export interface ProposeOptions {
  seed?: number;
  resolution?: number;
  targetServices?: number;
  weights?: Partial<CouplingWeights>;
  reference?: Partition;
  nedBand?: [number, number];
}

export interface Proposal {
  decomposition: Decomposition;
  metrics: Metrics;
}

export function propose(facts: Facts, options: ProposeOptions): Proposal {
  const graph = buildGraph(facts, options.weights);
  const decomposition = cluster(graph, facts, {
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.resolution !== undefined ? { resolution: options.resolution } : {}),
    ...(options.targetServices !== undefined ? { targetServices: options.targetServices } : {}),
  });
  const metrics = measure(graph, decomposition, facts, {
    ...(options.reference ? { reference: options.reference } : {}),
    ...(options.nedBand ? { nedBand: options.nedBand } : {}),
  });
  return { decomposition, metrics };
}

/** `--weights <file>`: a JSON object with some of the coupling weights, each a number ≥ 0. */
export function readWeightsFile(file: string): Partial<CouplingWeights> {
  const raw = readJson(file, '--weights');
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(`--weights: ${file} must hold a JSON object such as {"sharedTableWrite": 4}`, 'usage');
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!(k in DEFAULT_WEIGHTS)) throw new InputError(`--weights: ${file} has an unknown weight "${k}"; known: ${Object.keys(DEFAULT_WEIGHTS).join(', ')}`, 'usage');
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InputError(`--weights: "${k}" in ${file} must be a number ≥ 0`, 'usage');
    out[k] = v;
  }
  return out as Partial<CouplingWeights>;
}

/** `--truth <file>`: `{ "modules": { "<path>": "<label>" } }` (seam.truth.json) or a flat map. */
export function readTruthFile(file: string): Partition {
  const raw = readJson(file, '--truth');
  const map = raw && typeof raw === 'object' && !Array.isArray(raw) && 'modules' in raw ? (raw as { modules: unknown }).modules : raw;
  if (!map || typeof map !== 'object' || Array.isArray(map)) throw new InputError(`--truth: ${file} must map module paths to labels, e.g. {"modules": {"src/orders/order-service.ts": "orders"}}`, 'usage');
  const out: Partition = {};
  for (const [k, v] of Object.entries(map as Record<string, unknown>)) {
    if (typeof v !== 'string') throw new InputError(`--truth: the label of "${k}" in ${file} must be a string`, 'usage');
    out[k] = v;
  }
  return out;
}


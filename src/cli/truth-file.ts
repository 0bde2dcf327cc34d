/** `--truth <file>`: a reference partition to measure a cut against. */
import { InputError } from '../shared/errors.js';
import type { Partition } from '../decompose/index.js';
import { readJson } from './args.js';

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


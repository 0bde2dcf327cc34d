/**
 * render(plan, kind) -> Artifact[]: one pure exporter per kind, chosen by name from this registry.
 * Exporters return `{ path, contents }` (posix paths relative to the output folder); the shells
 * write them. The same plan always gives the same artifacts, byte for byte.
 */
import { ARTIFACT_KINDS, type Artifact, type ArtifactKind, type MigrationPlan } from '../shared/plan.js';
import { InputError } from '../shared/errors.js';
import { compareStrings } from '../shared/sort.js';
import { renderData } from './data.js';
import { renderGateway } from './gateway.js';
import { renderOpenapi } from './openapi.js';
import { renderReport } from './report.js';
import { renderRules } from './rules.js';
import { renderSkeletons } from './skeletons.js';

export { IMAGES, VERSIONS } from './stack.js';

export interface Exporter {
  kind: ArtifactKind;
  /** one line for `--help` */
  summary: string;
  render(plan: MigrationPlan): Artifact[];
}

export const exporters: Record<ArtifactKind, Exporter> = {
  skeletons: { kind: 'skeletons', summary: 'one Fastify service per folder, docker-compose.yml, Kubernetes manifests', render: renderSkeletons },
  gateway: { kind: 'gateway', summary: 'nginx, Kong (decK) and Envoy routes per strangler phase', render: renderGateway },
  openapi: { kind: 'openapi', summary: 'an OpenAPI 3.1 document per service', render: renderOpenapi },
  data: { kind: 'data', summary: 'data-ownership plan (JSON, Markdown) and a schema-per-service SQL sketch', render: renderData },
  report: { kind: 'report', summary: 'self-contained HTML report, plus Markdown and JSON', render: renderReport },
  rules: { kind: 'rules', summary: "dependency-cruiser rules for the plan's boundaries", render: renderRules },
};

/** A path an artifact may have: relative, posix, no `.`/`..`/empty segment, no control or reserved characters. */
export function isSafeArtifactPath(path: string): boolean {
  if (path.length === 0 || path.length > 400 || path.startsWith('/') || /[\\:*?"<>|]/.test(path) || [...path].some((c) => c.charCodeAt(0) < 32)) return false;
  return path.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..' && seg.length <= 120);
}

export function render(plan: MigrationPlan, kind: ArtifactKind): Artifact[] {
  const exporter = exporters[kind];
  if (!exporter) throw new InputError(`export: unknown kind '${String(kind)}'; use one of ${ARTIFACT_KINDS.join(', ')}`, 'usage');
  const artifacts = exporter.render(plan);
  for (const a of artifacts) {
    if (!isSafeArtifactPath(a.path)) throw new Error(`export: the ${kind} exporter produced an unsafe path '${a.path}'`);
  }
  return artifacts.sort((a, b) => compareStrings(a.path, b.path));
}

/** Every artifact of the given kinds, sorted by path; two kinds never write the same path. */
export function renderAll(plan: MigrationPlan, kinds: readonly ArtifactKind[] = ARTIFACT_KINDS): Artifact[] {
  const all = kinds.flatMap((k) => render(plan, k));
  const seen = new Set<string>();
  for (const a of all) {
    if (seen.has(a.path)) throw new Error(`export: two exporters wrote ${a.path}`);
    seen.add(a.path);
  }
  return all.sort((a, b) => compareStrings(a.path, b.path));
}

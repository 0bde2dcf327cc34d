/** The decompose stage: buildGraph -> cluster -> measure, plus the edits that re-run clustering. */
export { buildGraph, couplingEdges, COUPLING_LAYERS, edgeKey, type CouplingEdge, type CouplingEdges, type CouplingGraph, type CouplingLayer, type ImportCounts, type ModuleNode } from './coupling-graph.js';
export { DEFAULT_WEIGHTS, WEIGHT_REASONS, resolveWeights } from './coupling-weights.js';
export { moduleDependencies, pureBarrels, type ModuleDependency } from './dependencies.js';
export { detectSharedKernel } from './shared-kernel.js';
export { cluster, DEFAULT_RESOLUTION, DEFAULT_SEED, type ClusterOptions } from './cluster.js';
export { recluster, splitService } from './recluster.js';
export { measure, partitionOf, type MeasureOptions } from './measure.js';
export { mojoDistance, mojoFm } from './metrics/mojo.js';
export { adjustedRandIndex } from './metrics/adjusted-rand-index.js';
export type { Partition } from './metrics/partition.js';
export { DEFAULT_NED_BAND } from './metrics/non-extreme-distribution.js';
export { bestFolderDepth, folderPartition, louvainOnImports } from './baselines.js';
export { nameCandidates } from './service-names.js';
export { routeGroup } from './route-group.js';
export { mulberry32, type Rng } from './rng.js';
export { restrictFacts, serviceScope, type ServiceScope } from './service-scope.js';

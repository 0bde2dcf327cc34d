/**
 * Seam's own layering (../shared/ARCHITECTURE.md), enforced on every test run:
 * engine code (analyzers, decompose, plan, export, shared) never touches the shells or
 * their platform libraries; the renderer talks to the host only through src/shared types.
 */
const ENGINE = '^(analyzers|src/(shared|decompose|plan|export|extract|engine))/';
module.exports = {
  forbidden: [
    { name: 'engine-no-platform', severity: 'error', comment: 'the engine stays pure: no electron, react, sigma or better-sqlite3',
      from: { path: ENGINE }, to: { path: 'node_modules/(electron|react|react-dom|better-sqlite3|sigma|@react-sigma)/' } },
    { name: 'shared-is-a-leaf', severity: 'error', comment: 'src/shared is imported by everyone and imports no other layer',
      from: { path: '^src/shared/' }, to: { path: '^(analyzers|src/(?!shared/))' } },
    { name: 'analyzers-only-shared', severity: 'error', comment: 'extract depends on the shared model only',
      from: { path: '^analyzers/' }, to: { path: '^src/(?!shared/)' } },
    { name: 'decompose-only-shared', severity: 'error', from: { path: '^src/decompose/' }, to: { path: '^(analyzers|src/(?!shared/|decompose/))' } },
    { name: 'plan-only-shared-decompose', severity: 'error', from: { path: '^src/plan/' }, to: { path: '^(analyzers|src/(?!shared/|decompose/|plan/))' } },
    { name: 'export-only-shared-plan', severity: 'error', from: { path: '^src/export/' }, to: { path: '^(analyzers|src/(?!shared/|decompose/|plan/|export/))' } },
    { name: 'extract-only-engine', severity: 'error', comment: 'seam extract is pure like the exporters: shared, plan and export (for the gateway phase), and no platform library',
      from: { path: '^src/extract/' }, to: { path: '^(analyzers|src/(?!shared/|decompose/|plan/|export/|extract/))' } },
    { name: 'check-only-engine', severity: 'error', comment: 'seam check is pure: it may import shared, decompose, plan and export, and no platform library',
      from: { path: '^src/check/' }, to: { path: '^(analyzers|src/(?!shared/|decompose/|plan/|export/|check/))|node_modules/(electron|react|react-dom|better-sqlite3|sigma|@react-sigma)/' } },
    { name: 'engine-composes-the-stages', severity: 'error', comment: 'src/engine composes extract, decompose, plan and export; the shells call it, it calls no shell',
      from: { path: '^src/engine/' }, to: { path: '^src/(workspace|host|cli|main|renderer|check)/' } },
    { name: 'workspace-only-shared', severity: 'error', from: { path: '^src/workspace/' }, to: { path: '^(analyzers|src/(?!shared/|workspace/|decompose/))' } },
    { name: 'host-not-shells', severity: 'error', comment: 'the host is below every shell', from: { path: '^src/host/' }, to: { path: '^src/(cli|main|renderer)/' } },
    { name: 'cli-not-other-shells', severity: 'error', from: { path: '^src/cli/' }, to: { path: '^src/(main|renderer)/' } },
    { name: 'main-thin', severity: 'error', comment: 'Electron main only calls the host', from: { path: '^src/main/' }, to: { path: '^(analyzers|src/(decompose|plan|export|workspace|cli|renderer))/' } },
    { name: 'renderer-contract-only', severity: 'error', comment: 'the renderer reaches the engine only through src/shared (types and contract)',
      from: { path: '^src/renderer/' }, to: { path: '^(analyzers|src/(?!shared/|renderer/))' } },
    { name: 'renderer-no-node', severity: 'error', from: { path: '^src/renderer/' }, to: { dependencyTypes: ['core'] } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|fixtures/monoliths)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'] },
  },
};

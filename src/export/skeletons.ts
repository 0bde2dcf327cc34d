/**
 * Exporter `skeletons`: one folder per service under services/<slug>/ (package.json, tsconfig,
 * Fastify sources, a multi-stage non-root Dockerfile, a CI workflow, a Grafana dashboard, a
 * README of what to port), plus docker-compose.yml and Kubernetes manifests at the top.
 */
import type { Artifact, MigrationPlan, RouteOperation, ServicePlan } from '../shared/plan.js';
import { slug as slugOf } from '../plan/index.js';
import { dockerCompose, kubernetes } from './deploy.js';
import { grafanaDashboard } from './grafana.js';
import { serviceSources, skeletonRoutes } from './skeleton-code.js';
import { IMAGES, SERVICE_PORT, VERSIONS } from './stack.js';
import { json, md, mdCode } from './text.js';
import { toYaml } from './yaml.js';

function packageJson(plan: MigrationPlan, s: ServicePlan): string {
  return json({
    name: `${slugOf(plan.root, 'app')}-${s.slug}`,
    version: '0.1.0',
    private: true,
    description: `${s.name}: extracted from ${plan.root} by Seam (wave ${s.wave})`,
    type: 'module',
    main: 'dist/server.js',
    scripts: { build: 'tsc -p tsconfig.json', typecheck: 'tsc --noEmit -p tsconfig.json', start: 'node dist/server.js' },
    dependencies: { fastify: VERSIONS.fastify, 'prom-client': VERSIONS.promClient },
    devDependencies: { '@types/node': VERSIONS.typesNode, typescript: VERSIONS.typescript },
    engines: { node: '>=20' },
  });
}

const TSCONFIG = json({
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2023'],
    types: ['node'],
    strict: true,
    noUncheckedIndexedAccess: true,
    esModuleInterop: true,
    skipLibCheck: true,
    forceConsistentCasingInFileNames: true,
    rootDir: 'src',
    outDir: 'dist',
    sourceMap: true,
  },
  include: ['src'],
});

const DOCKERFILE = `# syntax=docker/dockerfile:1
# Build stage: install everything, compile, then drop the dev dependencies.
FROM ${IMAGES.node} AS build
WORKDIR /app
COPY package.json package-lock.json* ./
RUN if [ -f package-lock.json ]; then npm ci; else npm install --no-audit --no-fund; fi
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime stage: only the compiled code and production dependencies, as the unprivileged node user.
FROM ${IMAGES.node}
ENV NODE_ENV=production PORT=${SERVICE_PORT}
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
USER node
EXPOSE ${SERVICE_PORT}
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD wget -qO- http://127.0.0.1:${SERVICE_PORT}/health || exit 1
CMD ["node", "dist/server.js"]
`;

const DOCKERIGNORE = `node_modules
dist
.git
*.log
`;

function ciWorkflow(s: ServicePlan): string {
  return toYaml(
    {
      name: `${s.slug} ci`,
      on: { push: { branches: ['main'] }, pull_request: {} },
      permissions: { contents: 'read' },
      jobs: {
        build: {
          'runs-on': 'ubuntu-latest',
          steps: [
            { uses: 'actions/checkout@v4' },
            { uses: 'actions/setup-node@v4', with: { 'node-version': '20' } },
            { run: 'npm install --no-audit --no-fund' },
            { run: 'npm run typecheck' },
            { run: 'npm run build' },
            {
              name: 'smoke test: the service starts and answers /health',
              run: `PORT=${SERVICE_PORT} node dist/server.js & pid=$!\nfor i in $(seq 1 30); do curl -fsS http://127.0.0.1:${SERVICE_PORT}/health && break; sleep 1; done\ncurl -fsS http://127.0.0.1:${SERVICE_PORT}/ready\nkill $pid`,
            },
            { name: 'docker image', run: `docker build -t ${s.slug}:ci .` },
          ],
        },
      },
    },
    [`CI for the ${s.name} service (a repository of its own once extracted).`],
  );
}

function where(op: RouteOperation): string {
  const at = op.handlerAt ?? op.registeredAt;
  return `${at.file}:${at.line}`;
}

function readme(plan: MigrationPlan, s: ServicePlan, byId: ReadonlyMap<string, ServicePlan>): string {
  const name = (id: string): string => byId.get(id)?.name ?? id;
  const { registered, skipped } = skeletonRoutes(s);
  const lines: string[] = [];
  lines.push(`# ${md(s.name)}`, '');
  lines.push(`Extracted from ${md(plan.root)} by Seam ${md(plan.tool.version)}: wave ${s.wave} of ${plan.waves.length}.`, '');
  lines.push('```sh', 'npm install', 'npm run build', `PORT=${SERVICE_PORT} npm start   # /health, /ready, /metrics`, '```', '');
  lines.push('## Why this wave', '', ...s.reasons.map((r) => `- ${md(r)}`), '');
  lines.push(`## Routes to port (${registered.length + skipped.length})`, '', 'Every stub answers 501 and names the monolith handler.', '');
  if (registered.length + skipped.length > 0) {
    lines.push('| method | path | port | from |', '|---|---|---|---|');
    for (const { op } of registered) lines.push(`| ${op.method} | ${mdCode(op.path)} | ${mdCode(op.handler ?? 'inline handler')} | ${mdCode(where(op))} |`);
    for (const { op, why } of skipped) lines.push(`| ${op.method} | ${mdCode(op.path)} | ${mdCode(op.handler ?? 'inline handler')} | ${mdCode(where(op))} (not registered: ${md(why)}) |`);
    lines.push('');
  }
  const internal = s.operations.filter((o) => o.kind === 'symbol');
  if (internal.length > 0) {
    lines.push(`## Operations other services call (${internal.length})`, '');
    for (const o of internal) if (o.kind === 'symbol') lines.push(`- \`POST ${o.path}\`: ${mdCode(o.symbol)} (${mdCode(o.module)}), called by ${o.calledBy.map((c) => md(name(c.service))).join(', ')}`);
    lines.push('');
  }
  if (s.calls.length > 0) {
    lines.push('## Calls to other services', '', `Typed clients in \`src/clients/\`; base URLs from \`<SERVICE>_URL\`.`, '');
    for (const c of s.calls) lines.push(`- ${md(name(c.service))}: \`${c.operation}\` (from ${c.from.map(mdCode).join(', ')})`);
    lines.push('');
  }
  lines.push('## Data', '');
  lines.push(s.owns.length ? `Owns: ${s.owns.map(mdCode).join(', ')}.` : 'Owns no table.', '');
  for (const r of s.reads) lines.push(`- reads ${mdCode(r.table)} of ${md(name(r.owner))}: **${r.strategy}**: ${md(r.reason)}`);
  if (s.reads.length) lines.push('');
  if (s.contracts.length) {
    lines.push('## Contracts others use', '', 'Types and constants other services import: publish them in a shared contracts package.', '');
    for (const c of s.contracts) lines.push(`- ${mdCode(c.symbol)} (${mdCode(c.module)}): ${c.usedBy.map((u) => md(name(u))).join(', ')}`);
    lines.push('');
  }
  lines.push('## Operations', '', '- Logs: JSON lines on stdout with ECS field names (`@timestamp`, `log.level`, `message`, `service.name`): ship them to Elasticsearch as they are.', '- Metrics: Prometheus at `/metrics`; dashboard in `grafana/dashboard.json`.', '- Container: `Dockerfile` (multi-stage, runs as `node`); CI: `.github/workflows/ci.yml`.', '');
  return lines.join('\n');
}

function topReadme(plan: MigrationPlan): string {
  const byId = new Map(plan.services.map((s) => [s.id, s]));
  return [
    `# ${md(plan.root)}: service skeletons`,
    '',
    `Generated by Seam ${md(plan.tool.version)}. One folder per service under \`services/\`; \`docker-compose.yml\` runs them with one database each, the monolith and the gateway; \`k8s/\` holds the Kubernetes manifests.`,
    '',
    '| wave | service | routes | owns |',
    '|---|---|---|---|',
    ...plan.waves.flatMap((w) => w.services.map((id) => byId.get(id)!).map((s) => `| ${w.index} | [${md(s.name)}](services/${s.slug}/README.md) | ${s.cost.routes} | ${s.owns.map(mdCode).join(', ')} |`)),
    '',
    '```sh',
    `SEAM_PHASE=1 docker compose up --build   # gateway on :8080, phase 1 of ${plan.waves.length}`,
    '```',
    '',
  ].join('\n');
}

export function renderSkeletons(plan: MigrationPlan): Artifact[] {
  const byId = new Map(plan.services.map((s) => [s.id, s]));
  const out: Artifact[] = [{ path: 'README.md', contents: topReadme(plan) }, dockerCompose(plan), ...kubernetes(plan)];
  for (const s of plan.services) {
    const dir = `services/${s.slug}`;
    const files: Artifact[] = [
      { path: 'package.json', contents: packageJson(plan, s) },
      { path: 'tsconfig.json', contents: TSCONFIG },
      { path: 'Dockerfile', contents: DOCKERFILE },
      { path: '.dockerignore', contents: DOCKERIGNORE },
      { path: '.github/workflows/ci.yml', contents: ciWorkflow(s) },
      { path: 'grafana/dashboard.json', contents: json(grafanaDashboard(s)) },
      { path: 'README.md', contents: readme(plan, s, byId) },
      ...serviceSources(plan, s, byId),
    ];
    out.push(...files.map((f) => ({ path: `${dir}/${f.path}`, contents: f.contents })));
  }
  return out;
}

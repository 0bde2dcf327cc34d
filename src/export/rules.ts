/**
 * Exporter `rules`: the plan's boundaries as dependency-cruiser `forbidden` rules (what
 * `seam check` runs in CI): a service's modules may not import another service's modules (they
 * call its API), and the shared kernel may not import any service (it is a library). Module
 * sets are written as the shortest list of folders that hold only that service's modules, so a
 * file added later to such a folder is covered too. The edges that break the rules today are
 * listed as known violations (`depcruise --ignore-known`), so CI can ratchet instead of failing at once.
 */
import type { Artifact, MigrationPlan } from '../shared/plan.js';
import { SHARED_KERNEL } from '../shared/plan.js';
import { compareStrings } from '../shared/sort.js';
import { json, md, mdCode } from './text.js';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The fewest folder prefixes (and files) covering `mine` and nothing else of `all`. */
export function coveringPrefixes(mine: readonly string[], all: readonly string[]): string[] {
  const count = (modules: readonly string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const path of new Set(modules)) {
      const parts = path.split('/');
      for (let i = 1; i < parts.length; i++) {
        const folder = `${parts.slice(0, i).join('/')}/`;
        m.set(folder, (m.get(folder) ?? 0) + 1);
      }
    }
    return m;
  };
  const inAll = count(all);
  const inMine = count(mine);
  const pure = (folder: string): boolean => inMine.get(folder) === inAll.get(folder);
  const out = new Set<string>();
  for (const m of mine) {
    const parts = m.split('/');
    let best = m;
    for (let i = parts.length - 1; i >= 1; i--) {
      const folder = `${parts.slice(0, i).join('/')}/`;
      if (pure(folder)) best = folder;
      else break;
    }
    out.add(best);
  }
  return [...out].sort(compareStrings);
}

/**
 * Test files are not part of any service (Seam leaves them out of the analysis by default): a test
 * may import what it tests across a boundary, so the rules never start from one.
 */
export const TEST_FILES_REGEX = '(\\.(spec|test|e2e-spec)\\.[cm]?[jt]sx?$)|(^|/)(__tests__|__mocks__|__fixtures__|test|tests|e2e)/';

function pathRegex(prefixes: readonly string[]): string {
  return `^(${prefixes.map((p) => (p.endsWith('/') ? escapeRegex(p) : `${escapeRegex(p)}$`)).join('|')})`;
}

export function renderRules(plan: MigrationPlan): Artifact[] {
  const all = [...plan.services.flatMap((s) => s.modules), ...plan.sharedKernel.map((k) => k.module), ...plan.unplacedModules];
  const prefixes = new Map(plan.services.map((s) => [s.id, coveringPrefixes(s.modules, all)]));
  const kernel = plan.sharedKernel.map((k) => k.module);
  const forbidden: object[] = [];
  const ruleOf = new Map<string, string>();
  for (const s of plan.services) {
    const others = plan.services.filter((o) => o.id !== s.id && o.modules.length > 0).flatMap((o) => prefixes.get(o.id)!);
    if (s.modules.length === 0 || others.length === 0) continue;
    const name = `${s.slug}-only-through-apis`;
    ruleOf.set(s.id, name);
    forbidden.push({
      name,
      severity: 'error',
      comment: `${s.name} reaches other services only through their APIs (typed clients in services/${s.slug}/src/clients/), never by importing their code`,
      from: { path: pathRegex(prefixes.get(s.id)!), pathNot: TEST_FILES_REGEX },
      to: { path: pathRegex(others) },
    });
  }
  const allServices = plan.services.filter((s) => s.modules.length > 0).flatMap((s) => prefixes.get(s.id)!);
  if (kernel.length > 0 && allServices.length > 0) {
    ruleOf.set(SHARED_KERNEL, 'shared-kernel-is-a-library');
    forbidden.push({
      name: 'shared-kernel-is-a-library',
      severity: 'error',
      comment: 'the shared kernel becomes a library every service uses: it may not import any service',
      from: { path: pathRegex(kernel.map((k) => k)), pathNot: TEST_FILES_REGEX },
      to: { path: pathRegex(allServices) },
    });
  }
  const config = {
    forbidden,
    options: { doNotFollow: { path: 'node_modules' }, tsPreCompilationDeps: true, exclude: { path: '(^|/)node_modules/' } },
  };
  const known = plan.crossings
    .filter((c) => ruleOf.has(c.fromService))
    .map((c) => ({ type: 'dependency', from: c.from, to: c.to, rule: { severity: 'error', name: ruleOf.get(c.fromService)! } }));
  const dedup = [...new Map(known.map((k) => [`${k.from}\0${k.to}`, k])).values()];
  const readme = [
    `# Boundary rules for ${md(plan.root)}`,
    '',
    'dependency-cruiser rules that encode the plan: run them in CI (later `seam check` does).',
    '',
    '```sh',
    'npx depcruise --config rules/dependency-cruiser.json --ignore-known rules/known-violations.json src',
    '```',
    '',
    `${forbidden.length} rules; ${dedup.length} import(s) break them today (listed in ${mdCode('known-violations.json')}: remove entries as the code is cut).`,
    '',
    ...forbidden.map((r) => `- ${mdCode((r as { name: string }).name)}: ${md((r as { comment: string }).comment)}`),
    '',
  ].join('\n');
  return [
    { path: 'rules/dependency-cruiser.json', contents: json(config) },
    { path: 'rules/known-violations.json', contents: json(dedup) },
    { path: 'rules/README.md', contents: readme },
  ];
}

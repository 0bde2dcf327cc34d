/** Checks on decompositions shared by the cluster tests. */
import type { CouplingGraph } from '../../src/decompose/index.js';
import type { Decomposition } from '../../src/shared/decomposition.js';

/** Whether the modules form one connected piece of the coupling graph. */
export function isConnected(graph: CouplingGraph, modules: readonly string[]): boolean {
  const inside = new Set(modules);
  const seen = new Set<string>([modules[0]!]);
  const stack = [modules[0]!];
  while (stack.length > 0) {
    graph.forEachNeighbor(stack.pop()!, (n) => {
      if (inside.has(n) && !seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    });
  }
  return seen.size === inside.size;
}

/** The service id holding a module, or `shared`. */
export function placeOf(d: Decomposition, module: string): string | undefined {
  if (d.shared.some((k) => k.module === module)) return 'shared';
  return d.services.find((s) => s.modules.includes(module))?.id;
}

/** Every module, in services and kernel, in the order they appear. */
export function placedModules(d: Decomposition): string[] {
  return [...d.services.flatMap((s) => s.modules), ...d.shared.map((k) => k.module)];
}

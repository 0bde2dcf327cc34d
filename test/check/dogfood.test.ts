/**
 * Seam holds itself to its layers: the committed seam.plan.json makes each layer of
 * ARCHITECTURE.md a service (src/shared the kernel), with the allowed directions as dependsOn
 * and API modules, and the real `seam check` on Seam's own source finds nothing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/check/plan-file.js';
import { runSeam } from '../support/run-seam.js';

describe('seam check on Seam itself', () => {
  it('exits 0 with the committed plan', () => {
    const r = runSeam(['check', '.', '--plan', 'seam.plan.json']);
    expect(r.stdout).toMatch(/seam check: the plan holds \(\d+ modules, \d+ services, plan seam\.plan\.json\)\n$/);
    expect(r.code).toBe(0);
  });

  it('encodes the layering: the engine imports no shell, the renderer no layer, the CLI nothing of Electron', () => {
    const plan = parsePlan(readFileSync('seam.plan.json', 'utf8'), 'seam.plan.json');
    expect(plan.kernel).toEqual(['src/shared/**']);
    expect(plan.analysis.include).toEqual(['analyzers/**', 'src/**']);
    expect(plan.services.renderer?.dependsOn).toEqual([]);
    for (const engine of ['analyzers', 'decompose', 'plan', 'export', 'check']) {
      expect(plan.services[engine]?.dependsOn.filter((d) => ['workspace', 'host', 'cli', 'main', 'renderer'].includes(d))).toEqual([]);
    }
    expect(plan.services.cli?.dependsOn).not.toContain('main');
    expect(plan.services.cli?.dependsOn).not.toContain('renderer');
    expect(plan.services.main?.dependsOn).toEqual(['host']);
  });
});

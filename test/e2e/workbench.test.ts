/**
 * The workbench end to end: the real `seam serve` on a copy of the shop fixture, driven in
 * Debian's chromium (SwiftShader WebGL) at 1280×800. Each step checks what the page shows
 * against what the host says through the same contract, and leaves a screenshot in
 * test-artifacts/e2e-*.png (light, then dark) for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServe, waitAnalyzed, type RunningServe } from '../../bench/page-load.js';
import type { WorkbenchState } from '../../src/shared/contract.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const SHOP = join(ROOT, 'fixtures', 'monoliths', 'shop');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Build dist-renderer/ when it is missing or older than its sources. */
function ensureRendererBuilt(): void {
  const index = join(ROOT, 'dist-renderer', 'index.html');
  const sources = Math.max(newestMtime(join(ROOT, 'src', 'renderer')), statSync(join(ROOT, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  // vitest sets NODE_ENV=test, which would make Vite build React's development bundle
  execFileSync('npm', ['run', 'build:renderer'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

async function graphDrawn(page: Page): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('seam:graph-drawn').length > 0, null, { timeout: 30_000 });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(250); // let sigma finish the frame and camera animations settle
  await page.screenshot({ path: join(ARTIFACTS, `e2e-${name}.png`) });
}

async function metricTexts(page: Page): Promise<Record<string, string>> {
  return page.locator('[data-testid^="metric-"]').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-testid')!, e.textContent ?? ''])));
}

function serviceOf(state: WorkbenchState, module: string): string | undefined {
  return state.decomposition.services.find((s) => s.modules.includes(module))?.id;
}

describe('the workbench in a browser, against seam serve on the shop fixture', () => {
  let tmp: string;
  let serve: RunningServe;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  // decisions made along the way, checked again after the reload
  let first: { id: string; name: string };
  let second: { id: string; name: string };
  let third: { id: string; name: string };
  let movedOnMap: string;
  let movedByKeyboard: string;
  let pinned: string;
  const renamedTo = 'order-desk';
  const scenarioName = 'renamed-cut';

  const state = (): Promise<WorkbenchState> => serve.call<WorkbenchState>('state.get');

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ensureRendererBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'seam-e2e-'));
    cpSync(SHOP, join(tmp, 'shop'), { recursive: true });
    serve = await startServe(join(tmp, 'shop'), { workspace: join(tmp, 'ws.db') });
    await waitAnalyzed(serve);
    // reduced motion: camera moves are instant, so a drop lands where the test aims under any load
    context = await launchBrowser(join(tmp, 'profile'), { reducedMotion: 'reduce' });
    page = context.pages()[0] ?? (await context.newPage());
    // a step that cannot happen fails with its reason instead of hanging until the test times out
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
  });

  afterAll(async () => {
    await context?.close();
    await serve?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('opens the shop and lists the proposed services, coloured, with the metrics of the proposal', async () => {
    await page.goto(serve.url);
    await graphDrawn(page);
    expect(new URL(page.url()).searchParams.get('token')).toBeNull(); // the token left the address bar
    const s = await state();
    const kernel = s.decomposition.shared.length > 0 ? ['shared kernel'] : [];
    await expect.poll(() => page.locator('[data-testid="service-list"] .service-name').allTextContents()).toEqual([...s.services.map((x) => x.name), ...kernel]);
    const sm = (s.metrics as { sm: number }).sm;
    expect(await page.getByTestId('metric-sm').textContent()).toBe(sm.toFixed(3));
    expect(await page.getByTestId('graph-count').textContent()).toBe(`${s.decomposition.services.reduce((n, x) => n + x.modules.length, 0) + s.decomposition.shared.length} modules · ${(await serve.call<{ edges: unknown[] }>('graph.get', { level: 'modules' })).edges.length} edges`);
    [first, second, third] = s.services.slice(0, 3).map((x) => ({ id: x.id, name: x.name })) as [typeof first, typeof first, typeof first];
    await shot(page, '01-proposal-light');
  });

  it('moves a module by dragging it onto another service, and the metrics bar shows the new values and deltas', async () => {
    const before = await state();
    const metricsBefore = await metricTexts(page);
    await page.locator(`[data-service="${first.id}"] .service-button`).click();
    const row = page.locator('[data-testid="service-panel"] .module-row').first();
    const module = (await row.getAttribute('data-module'))!;
    expect(serviceOf(before, module)).toBe(first.id);
    // the row says what placed the module there
    const placed = before.decomposition.services.find((x) => x.id === first.id)!.placement!.find((p) => p.module === module)!;
    expect(await row.getByTestId('module-reason').textContent()).toBe(placed.reason);

    await row.dragTo(page.locator(`[data-service="${second.id}"]`));
    await expect.poll(() => page.getByTestId('last-change').textContent()).toBe(`after: move ${module} to ${second.name}`);
    const after = await state();
    expect(serviceOf(after, module)).toBe(second.id);
    const metricsAfter = await metricTexts(page);
    expect(metricsAfter['metric-sm']).toBe((after.metrics as { sm: number }).sm.toFixed(3));
    expect(metricsAfter).not.toEqual(metricsBefore);
    expect(await page.locator('[data-testid^="delta-"]').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid="service-panel"] .module-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-module')))).not.toContain(module);
    await shot(page, '02-moved-light');
  });

  it('undoes the move with Ctrl+Z: the module and every metric are back', async () => {
    const moved = (await state()).decomposition.services.find((s) => s.id === second.id)!;
    await page.locator('body').press('Control+z');
    await expect.poll(() => page.getByTestId('last-change').textContent()).toBe('after: undo');
    const s = await state();
    expect(s.decomposition.services.find((x) => x.id === second.id)!.modules.length).toBe(moved.modules.length - 1);
    expect(s.canUndo).toBe(false);
    expect(s.canRedo).toBe(true);
    expect(await page.getByTestId('metric-sm').textContent()).toBe((s.metrics as { sm: number }).sm.toFixed(3));
    expect(await page.getByTestId('undo').isDisabled()).toBe(true);
    expect(await page.getByTestId('redo').isEnabled()).toBe(true);
    await shot(page, '03-undone-light');
  });

  it('renames a service from its panel', async () => {
    await page.locator(`[data-service="${second.id}"] .service-button`).click();
    await page.getByRole('button', { name: 'Rename…' }).click();
    const dialog = page.getByTestId('form-dialog');
    await dialog.locator('#field-name').fill(renamedTo);
    await dialog.locator('#field-name').press('Enter');
    await expect.poll(() => page.locator(`[data-service="${second.id}"] .service-name`).textContent()).toBe(renamedTo);
    expect(await page.getByTestId('service-title').textContent()).toBe(renamedTo);
    expect((await state()).decomposition.services.find((s) => s.id === second.id)!.name).toBe(renamedTo);
    await shot(page, '04-renamed-light');
  });

  it('pins a module from its context menu', async () => {
    const row = page.locator('[data-testid="service-panel"] .module-row').first();
    pinned = (await row.getAttribute('data-module'))!;
    await row.click({ button: 'right' });
    const menu = page.getByTestId('action-menu');
    await expect.poll(() => menu.getByRole('menuitem').allTextContents()).toEqual(['Move to…', 'Pin to this service', 'Keep apart from…', 'Mark shared (kernel)', `Show ${renamedTo}`]);
    await shot(page, '05-context-menu-light');
    await menu.getByRole('menuitem', { name: 'Pin to this service' }).click();
    await expect.poll(() => page.locator(`[data-module="${pinned}"] .badge`).allTextContents()).toContain('pinned');
    expect((await state()).decomposition.services.find((s) => s.id === second.id)!.pinned).toContain(pinned);
  });

  it('moves a module with the keyboard alone, undoes it and redoes it', async () => {
    const row = page.locator('[data-testid="service-panel"] .module-row').nth(1);
    movedByKeyboard = (await row.getAttribute('data-module'))!;
    await row.getByRole('button', { name: `Actions for ${movedByKeyboard}` }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Move to…');
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('form-dialog');
    await expect.poll(() => dialog.locator('#field-to').evaluate((e) => e === document.activeElement)).toBe(true);
    expect(await dialog.locator('#field-to').inputValue()).toBe(first.id);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('last-change').textContent()).toBe(`after: move ${movedByKeyboard} to ${first.name}`);
    expect(serviceOf(await state(), movedByKeyboard)).toBe(first.id);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('last-change').textContent()).toBe('after: undo');
    expect(serviceOf(await state(), movedByKeyboard)).toBe(second.id);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => serviceOf(await state(), movedByKeyboard)).toBe(first.id);
    await expect.poll(() => page.getByTestId('last-change').textContent()).toBe('after: redo');
  });

  it('re-analyzes the repository, shows its stages, and keeps every decision', async () => {
    const modules = (s: WorkbenchState): number => s.decomposition.services.reduce((n, x) => n + x.modules.length, 0) + s.decomposition.shared.length;
    const before = await state();
    await page.getByRole('button', { name: '← Overview' }).click();
    await page.getByRole('button', { name: 'Re-analyze' }).click();
    const last = page.getByTestId('last-analysis');
    await expect.poll(() => last.count(), { timeout: 60_000 }).toBe(1);
    expect(await last.locator('p').textContent()).toMatch(new RegExp(`^${modules(before)} modules \\(0 parsed, ${modules(before)} reused\\)`));
    // nothing changed, so nothing is parsed: the stages are the ones around parsing
    expect(await last.locator('.stage-name').allTextContents()).toEqual(['walk', 'resolve', 'link']);
    for (const bar of await last.locator('progress').all()) expect(await bar.getAttribute('value')).toBe(await bar.getAttribute('max'));
    const after = await state();
    expect(after.decomposition.services.map((s) => [s.id, s.name, s.modules])).toEqual(before.decomposition.services.map((s) => [s.id, s.name, s.modules]));
    await shot(page, '06-reanalyzed-light');
  });

  it('moves a module by dropping it on a service node of the service map', async () => {
    await page.locator(`[data-service="${second.id}"] .service-button`).click();
    await page.getByRole('button', { name: 'Service map' }).click();
    await expect.poll(() => page.getByTestId('graph-count').textContent()).toMatch(/ services · /);
    // `/` focuses the search; picking the service centres the camera on its node
    await page.locator('body').press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('graph-search');
    await page.keyboard.type(third.name);
    await expect.poll(() => page.locator('#graph-search-results [role="option"]').first().textContent(), { timeout: 10_000 }).toContain(third.name);
    await page.keyboard.press('Enter');
    await page.getByTestId('focus-card').filter({ hasText: third.name }).waitFor();
    await page.waitForTimeout(300); // one more frame of sigma
    await shot(page, '07-service-map-light');

    await page.locator(`[data-service="${second.id}"] .service-button`).click();
    await expect.poll(() => page.getByTestId('service-title').textContent()).toBe(renamedTo);
    const row = page.locator('[data-testid="service-panel"] .module-row').filter({ hasNot: page.locator('.badge') }).first();
    movedOnMap = (await row.getAttribute('data-module'))!;
    const canvas = page.getByTestId('graph-canvas');
    const box = (await canvas.boundingBox())!;
    await row.dragTo(canvas, { targetPosition: { x: box.width / 2, y: box.height / 2 } });
    await expect.poll(async () => serviceOf(await state(), movedOnMap)).toBe(third.id);
    await page.getByRole('button', { name: 'Module graph' }).click();
    await expect.poll(() => page.getByTestId('graph-count').textContent()).toMatch(/ modules · /);
  });

  it('shows the dependency matrix and expands a service into its modules', async () => {
    await page.getByRole('tab', { name: 'Dependency matrix' }).click();
    const matrix = page.getByTestId('matrix');
    const s = await state();
    await expect.poll(() => matrix.locator('tbody .row-head').count()).toBe(s.services.length + (s.decomposition.shared.length > 0 ? 1 : 0));
    await matrix.getByRole('button', { name: `▸ ${third.name}` }).click();
    const modules = s.decomposition.services.find((x) => x.id === third.id)!.modules.length;
    await expect.poll(() => matrix.locator('tbody .module-key').count()).toBe(modules);
    await shot(page, '08-matrix-light');
    await matrix.getByRole('button', { name: `▾ ${third.name} ×` }).click();
    await expect.poll(() => matrix.locator('tbody .module-key').count()).toBe(0);
    await page.getByRole('tab', { name: 'Graph' }).click();
  });

  it('saves the cut as a scenario and switches to it', async () => {
    await page.getByRole('button', { name: 'Save as…' }).click();
    const dialog = page.getByTestId('form-dialog');
    await dialog.locator('#field-name').fill(scenarioName);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('scenario-select').inputValue()).toBe(scenarioName);
    const s = await state();
    expect(s.scenario).toBe(scenarioName);
    expect(s.scenarios.map((x) => x.name).sort()).toEqual(['proposal', scenarioName]);
    await shot(page, '09-scenario-saved-light');
  });

  it('compares the two scenarios side by side', async () => {
    await page.getByRole('button', { name: 'Compare…' }).click();
    await page.getByTestId('form-dialog').getByRole('button', { name: 'Compare' }).click();
    const compare = page.getByTestId('compare-dialog');
    const comparison = await serve.call<{ moved: { module: string }[] }>('scenario.compare', { a: 'proposal', b: scenarioName });
    await expect.poll(() => compare.locator('table.moved tbody tr').count()).toBe(comparison.moved.length);
    await shot(page, '10-compare-light');
    await page.keyboard.press('Escape');
    await expect.poll(() => compare.count()).toBe(0);
  });

  it('exports the chosen kinds into a folder and previews the report in a sandboxed frame', async () => {
    const out = join(tmp, 'export');
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.locator('#export-out').fill(out);
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await expect.poll(() => dialog.getByTestId('export-result').count(), { timeout: 30_000 }).toBe(1);
    const listed = await dialog.locator('.file-list li').count();
    expect(listed).toBeGreaterThan(0);
    expect(filesUnder(out).length).toBe(listed);

    await dialog.getByRole('button', { name: 'Preview report' }).click();
    const frame = dialog.getByTestId('report-preview');
    await expect.poll(() => frame.count()).toBe(1);
    expect(await frame.getAttribute('sandbox')).toBe('');
    await expect.poll(() => page.frameLocator('[data-testid="report-preview"]').locator('body').textContent()).toContain(renamedTo);
    await shot(page, '11-export-preview-light');
    await page.keyboard.press('Escape');
  });

  it('finds every decision again after reloading the page', async () => {
    await page.reload();
    await graphDrawn(page);
    await expect.poll(() => page.getByTestId('scenario-select').inputValue()).toBe(scenarioName);
    await expect.poll(() => page.locator(`[data-service="${second.id}"] .service-name`).textContent()).toBe(renamedTo);
    await page.locator(`[data-service="${second.id}"] .service-button`).click();
    await expect.poll(() => page.locator(`[data-module="${pinned}"] .badge`).allTextContents()).toContain('pinned');
    await page.locator(`[data-service="${third.id}"] .service-button`).click();
    await expect.poll(() => page.locator('[data-testid="service-panel"] .module-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-module')))).toContain(movedOnMap);
    const s = await state();
    expect(serviceOf(s, pinned)).toBe(second.id);
    expect(serviceOf(s, movedOnMap)).toBe(third.id);
    expect(serviceOf(s, movedByKeyboard)).toBe(first.id);
    await shot(page, '12-reloaded-light');
  });

  it('reads well in dark mode too', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await graphDrawn(page);
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    await page.locator(`[data-service="${second.id}"] .service-button`).click();
    await shot(page, '13-workbench-dark');
    await page.getByRole('tab', { name: 'Dependency matrix' }).click();
    await expect.poll(() => page.getByTestId('matrix').locator('tbody .row-head').count()).toBeGreaterThan(0);
    await shot(page, '14-matrix-dark');
  });

  it('logged no errors in the page', () => {
    expect(errors).toEqual([]);
  });
});

/**
 * Page load to a drawn graph: start `seam serve` on a repository, wait until its workspace is
 * analyzed (analysis time is not page time), open the page in Debian's chromium (SwiftShader
 * WebGL, as on CI) and read the renderer's `seam:graph-drawn` performance mark, which it sets
 * after sigma's first render of a non-empty graph. The mark's time is counted from navigation
 * start (the token redirect included). Goal for a 3k-module monolith: ≤ 2 s.
 *
 * Also the helpers the end-to-end test uses to start the server and the browser the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const ROOT = [resolve(import.meta.dirname, '..'), resolve(import.meta.dirname, '..', '..')].find((dir) => existsSync(join(dir, 'bin', 'seam.js')))!;
const SEAM = join(ROOT, 'bin', 'seam.js');

export const CHROMIUM = process.env.SEAM_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

export interface RunningServe {
  /** the URL seam serve printed, with its token */
  url: string;
  origin: string;
  token: string;
  process: ChildProcess;
  /** call an operation of the UI contract the way a script would (token in the header) */
  call<T = unknown>(op: string, req?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** Start `seam serve <repo> --no-open --port 0`, resolve once it prints its URL. */
export function startServe(repo: string, options: { workspace?: string; history?: boolean } = {}): Promise<RunningServe> {
  const args = [SEAM, 'serve', repo, '--no-open', '--port', '0'];
  if (options.workspace) args.push('--workspace', options.workspace);
  if (options.history === false) args.push('--no-history');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done, fail) => {
    let stdout = '';
    const onData = (chunk: Buffer): void => {
      stdout += chunk.toString();
      const match = /seam serve: (http:\/\/\S+\?token=(\S+))/.exec(stdout);
      if (!match) return;
      child.stdout.off('data', onData);
      const url = match[1]!;
      const token = match[2]!;
      const origin = new URL(url).origin;
      done({
        url,
        origin,
        token,
        process: child,
        async call<T>(op: string, req: unknown = {}): Promise<T> {
          const res = await fetch(`${origin}/api/${op}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-seam-token': token }, body: JSON.stringify(req) });
          const body = (await res.json()) as { ok: boolean; value?: T; message?: string };
          if (!body.ok) throw new Error(`${op}: ${body.message}`);
          return body.value as T;
        },
        stop: () =>
          new Promise<void>((stopped) => {
            if (child.exitCode !== null) return stopped();
            child.once('exit', () => stopped());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => fail(new Error(`seam serve exited with ${code} before printing its URL:\n${stdout}${stderr}`)));
  });
}

/** Wait until the served workspace holds an analysis (seam serve analyzes on first start). */
export async function waitAnalyzed(serve: RunningServe, timeoutMs = 300_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const info = await serve.call<{ analyzed: boolean }>('session.info');
    if (info.analyzed) {
      // the first state read builds the scenario's views; it waits behind the analysis
      await serve.call('state.get');
      return;
    }
    if (Date.now() > until) throw new Error(`page-load: ${serve.url} was not analyzed within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function launchBrowser(profileDir: string, options: { colorScheme?: 'light' | 'dark'; reducedMotion?: 'reduce' | 'no-preference' } = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: options.reducedMotion ?? 'no-preference',
    args: CHROMIUM_ARGS,
  });
}

/** Milliseconds from navigation start to the renderer's `seam:graph-drawn` mark. */
export async function timeGraphDrawn(context: BrowserContext, url: string): Promise<{ modules: number; millis: number }> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('seam:graph-drawn').length > 0, null, { timeout: 60_000 });
    return await page.evaluate(() => {
      const mark = performance.getEntriesByName('seam:graph-drawn')[0] as PerformanceMark;
      return { modules: (mark.detail as { nodes: number }).nodes, millis: Math.round(mark.startTime) };
    });
  } finally {
    await page.close();
  }
}

/**
 * Serve `repoDir` (workspace in a temp folder), then load the page `runs` times in one browser
 * (the first load is cold: the host builds its views, the browser compiles the bundle) and
 * return the median time to the first drawn graph.
 */
export async function measurePageLoad(repoDir: string, options: { runs?: number } = {}): Promise<{ modules: number; millis: number }> {
  if (!existsSync(join(ROOT, 'dist-renderer', 'index.html'))) throw new Error("page-load: the UI is not built; run 'npm run build:renderer' first");
  const tmp = mkdtempSync(join(tmpdir(), 'seam-page-load-'));
  const serve = await startServe(resolve(repoDir), { workspace: join(tmp, 'ws.db'), history: false });
  let context: BrowserContext | undefined;
  try {
    await waitAnalyzed(serve);
    context = await launchBrowser(join(tmp, 'profile'));
    const times: { modules: number; millis: number }[] = [];
    for (let i = 0; i < Math.max(1, options.runs ?? 3); i++) times.push(await timeGraphDrawn(context, serve.url));
    times.sort((a, b) => a.millis - b.millis);
    return times[Math.floor(times.length / 2)]!;
  } finally {
    await context?.close();
    await serve.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * `seam serve [dir]`: the workbench UI in any browser, over loopback. Opens (or creates) the
 * repository's workspace, serves the built renderer and the UI contract on 127.0.0.1 with a
 * per-start token (serve/request-guard.ts says why each rule is there), analyzes the repository
 * if the workspace has no run yet (progress goes to the page), and stops cleanly on Ctrl+C.
 */
import { existsSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertAnalyzableRoot } from '../../analyzers/extract.js';
import { resolveConfig } from '../host/config.js';
import { createHost } from '../host/operations.js';
import { defaultWorkspaceFile } from '../host/workspace-ops.js';
import { InputError } from '../shared/errors.js';
import { escapeForTerminal } from '../shared/terminal-text.js';
import { numberOption, parseCommandArgs, type OptionSpec } from './args.js';
import { configOverrides, CUT_HELP, CUT_OPTIONS, SCOPE_HELP, SCOPE_OPTIONS } from './config-options.js';
import { progressReporter } from './progress.js';
import { openBrowser } from './serve/open-browser.js';
import { startServer } from './serve/server.js';

const OPTIONS: OptionSpec = {
  ...SCOPE_OPTIONS,
  ...CUT_OPTIONS,
  workspace: { type: 'string', short: 'w' },
  port: { type: 'string', short: 'p' },
  open: { type: 'boolean', default: true },
};

export const serveHelp = `Usage: seam serve [dir] [options]

Serves the workbench UI for the repository in [dir] (default: the current folder) on
http://127.0.0.1 only, and opens it in your browser. The URL it prints carries a token made for
this start: without it the server answers nothing. The first time, the repository is analyzed
into its workspace (progress shows in the page); later starts reuse the workspace.

Options:
  --workspace, -w <file>  workspace file (default: .seam/workspace.db in [dir])
  --port, -p <n>          port to listen on (default 0: any free port; the URL says which)
  --no-open               do not open a browser, just print the URL

${SCOPE_HELP}

${CUT_HELP}
  (for the workspace's first proposal; later runs keep the scenarios' own)

The UI is the renderer built by 'npm run build:renderer' (dist-renderer/); set
SEAM_RENDERER_DIR to serve another build. Stop with Ctrl+C.
Exit codes: 0 stopped, 2 unusable input (missing folder, port in use, bad flag).
`;

/** Seam's own package folder (where dist-renderer/ is built), found from this file's location. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'seam') return dir;
      } catch {
        // not ours; keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

export async function runServe(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('serve', argv, OPTIONS);
  if (positionals.length > 1) throw new InputError(`expected at most one folder, got ${positionals.length}; run 'seam serve --help'`, 'usage');
  const root = assertAnalyzableRoot(resolve(positionals[0] ?? '.'));
  const port = numberOption('serve', 'port', values.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number from 0 to 65535') ?? 0;
  const { config } = resolveConfig(root, { ...(typeof values.config === 'string' ? { configFile: values.config } : {}), overrides: configOverrides(values) });
  const workspaceFile = typeof values.workspace === 'string' ? resolve(values.workspace) : defaultWorkspaceFile(root);
  const existed = existsSync(workspaceFile);
  const seamFolderExisted = existsSync(dirname(workspaceFile));
  const ignoreFile = join(dirname(workspaceFile), '.gitignore');
  const ignoreExisted = existsSync(ignoreFile);
  const staticDir = process.env.SEAM_RENDERER_DIR ? resolve(process.env.SEAM_RENDERER_DIR) : join(packageRoot(), 'dist-renderer');

  const host = await createHost({
    host: 'serve',
    root,
    ...(typeof values.workspace === 'string' ? { workspace: resolve(values.workspace) } : {}),
    allowOpen: false,
    config,
    log: (message) => process.stderr.write(`seam serve: ${escapeForTerminal(message)}\n`),
  });
  let server;
  try {
    server = await startServer({ host, port, staticDir });
  } catch (err) {
    await host.close();
    // nothing was served: leave no workspace behind that this start created
    if (!existed) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(workspaceFile + suffix, { force: true });
      if (!ignoreExisted) rmSync(ignoreFile, { force: true });
      if (!seamFolderExisted) {
        try {
          rmdirSync(dirname(workspaceFile));
        } catch {
          // not empty: something else lives there
        }
      }
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new InputError(`port ${port} is ${code === 'EADDRINUSE' ? 'in use' : 'not allowed'}; pass another --port, or --port 0 for any free one`, 'usage');
    }
    throw err;
  }
  const info = await host.handlers['session.info']({});
  process.stdout.write(
    `seam serve: ${server.url}\n` +
      (info.ok ? `  repository: ${info.value.root}\n  workspace:  ${info.value.workspace}\n` : '') +
      (existsSync(join(staticDir, 'index.html')) ? '' : `  (the UI is not built: run 'npm run build:renderer'; the API works meanwhile)\n`) +
      'Press Ctrl+C to stop.\n',
  );
  if (values.open !== false) openBrowser(server.url);

  const report = progressReporter();
  const offProgress = host.onEvent((e) => {
    if (e.type === 'progress') report?.(e.stage, e.done, e.total);
  });
  const analysis = host.analyzeIfNeeded().then((r) => {
    offProgress();
    if (!r.ok) process.stderr.write(`seam serve: analysis failed: ${escapeForTerminal(r.message)}\n`);
    else if (r.value) process.stderr.write(`seam serve: analyzed ${r.value.modules} modules, ${r.value.routes} routes, ${r.value.tables} tables (${r.value.diagnostics.length} diagnostics)\n`);
  });

  const running = server;
  return new Promise<number>((done) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) {
        process.stderr.write('seam serve: stopping now\n');
        process.exit(130);
      }
      stopping = true;
      process.stderr.write('seam serve: stopping (Ctrl+C again to stop at once)\n');
      void (async () => {
        await running.close();
        await analysis;
        await host.close();
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done(0);
      })();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

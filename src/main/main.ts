/**
 * Electron main: one window showing the renderer from the app's own `seam://app/` origin, the
 * menu, the folder and workspace pickers, and the IPC transport to the same host `seam serve`
 * uses. Thin on purpose: everything below the window is the host (src/host), tested without
 * Electron.
 *
 * Hardening (the Electron security checklist): context isolation, sandbox, no Node in the page,
 * web security on; a strict CSP on every response (header from our protocol and from
 * `onHeadersReceived`, plus the meta tag in index.html); no navigation away from the app and no
 * new windows (http/https links go to the system browser); no <webview>; every permission
 * request (camera, notifications, ...) denied; the preload exposes named operations only.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, Menu, protocol, session, shell } from 'electron';
import { createHost, type Host } from '../host/operations.js';
import { contentType, rendererFile } from '../host/renderer-files.js';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../host/security-policy.js';
import type { SessionInfo } from '../shared/contract.js';
import { APP_HOST, APP_SCHEME, APP_URL, isAppUrl } from './channels.js';
import { connectIpc } from './ipc.js';
import { menuTemplate } from './menu.js';
import { clearRecent, readRecent, rememberRecent, type RecentWorkspace } from './recent-workspaces.js';

/** dist/src/main/ -> the package (or app.asar) root, where the renderer is built */
const RENDERER_DIR = resolve(import.meta.dirname, '..', '..', '..', 'dist-renderer');
const NOT_BUILT = '<!doctype html><meta charset="utf-8"><title>Seam</title><p>The workbench UI is not built: run <code>npm run build:renderer</code>, then reload (View › Reload).</p>';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let win: BrowserWindow | null = null;
let host: Host | undefined;

function openExternal(url: string): void {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:' || u.protocol === 'http:') void shell.openExternal(u.href);
  } catch {
    // not a URL: nothing to open
  }
}

async function serveApp(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== APP_HOST) return new Response('not found', { status: 404, headers: SECURITY_HEADERS });
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) return new Response(NOT_BUILT, { headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' } });
  const file = rendererFile(RENDERER_DIR, url.pathname);
  if (file === 'bad' || file === undefined) return new Response(file === 'bad' ? 'bad path' : 'not found', { status: file === 'bad' ? 400 : 404, headers: SECURITY_HEADERS });
  return new Response(new Uint8Array(await readFile(file)), { headers: { ...SECURITY_HEADERS, 'Content-Type': contentType(file) } });
}

function harden(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], 'X-Content-Type-Options': ['nosniff'] } });
  });
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openExternal(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
});

function remember(info: SessionInfo): void {
  if (info.workspace === null) return;
  rememberRecent(app.getPath('userData'), { workspace: info.workspace, root: info.root });
  buildMenu();
}

/** Open, remember, and analyze when the workspace has no run yet (progress reaches the page as events). */
async function openAndAnalyze(target: { root?: string; workspace?: string }): Promise<void> {
  if (!host) return;
  const opened = await host.open(target);
  if (!opened.ok) {
    dialog.showErrorBox('Seam could not open it', opened.message);
    return;
  }
  remember(opened.value);
  const analyzed = await host.analyzeIfNeeded();
  if (!analyzed.ok) dialog.showErrorBox('Seam could not analyze the repository', analyzed.message);
}

async function pick(kind: 'folder' | 'workspace'): Promise<void> {
  const options: Electron.OpenDialogOptions =
    kind === 'folder'
      ? { title: 'Open a repository folder', properties: ['openDirectory'] }
      : { title: 'Open a Seam workspace', properties: ['openFile'], filters: [{ name: 'Seam workspace', extensions: ['db'] }] };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const path = result.filePaths[0];
  if (result.canceled || path === undefined) return;
  await openAndAnalyze(kind === 'folder' ? { root: path } : { workspace: path });
}

async function step(op: 'edit.undo' | 'edit.redo'): Promise<void> {
  const r = await host?.call(op, {});
  if (r && !r.ok) shell.beep();
}

function buildMenu(): void {
  const template = menuTemplate(
    {
      openFolder: () => void pick('folder'),
      openWorkspace: () => void pick('workspace'),
      openRecent: (r: RecentWorkspace) => void openAndAnalyze(r.root !== null && existsSync(r.root) ? { root: r.root, workspace: r.workspace } : { workspace: r.workspace }),
      clearRecent: () => {
        clearRecent(app.getPath('userData'));
        buildMenu();
      },
      undo: () => void step('edit.undo'),
      redo: () => void step('edit.redo'),
    },
    readRecent(app.getPath('userData')),
    { mac: process.platform === 'darwin', devTools: !app.isPackaged },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): void {
  win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Seam',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // middle-click would open links in a new window, past will-navigate
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => {
    win = null;
  });
  void win.loadURL(APP_URL);
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('activate', () => {
  if (win === null && app.isReady()) createWindow();
});

let quitting = false;
app.on('will-quit', (event) => {
  if (quitting || !host) return;
  // let the operation in progress finish and the workspace close before the process goes
  event.preventDefault();
  quitting = true;
  void host.close().finally(() => app.quit());
});

void app.whenReady().then(async () => {
  harden();
  protocol.handle(APP_SCHEME, serveApp);
  host = await createHost({ host: 'electron', allowOpen: true, log: (message) => console.error(`seam: ${message}`) });
  connectIpc(() => win, host, (op, result) => {
    if (op === 'session.open' && result.ok) remember(result.value as SessionInfo);
  });
  buildMenu();
  createWindow();
  const last = readRecent(app.getPath('userData'))[0];
  if (last && existsSync(last.workspace)) await openAndAnalyze(last.root !== null && existsSync(last.root) ? { root: last.root, workspace: last.workspace } : { workspace: last.workspace });
});

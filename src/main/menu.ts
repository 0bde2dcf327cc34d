/**
 * The application menu, as data built from what the app can do right now. Menu items only call
 * the actions main passes in (which call the host); they hold no state of their own. Undo and
 * Redo show their shortcuts without registering them: the page handles Ctrl+Z itself (and leaves
 * it to text fields while one has focus), so the menu must not take the key first.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { RecentWorkspace } from './recent-workspaces.js';

export interface MenuActions {
  openFolder(): void;
  openWorkspace(): void;
  openRecent(entry: RecentWorkspace): void;
  clearRecent(): void;
  undo(): void;
  redo(): void;
}

export function menuTemplate(actions: MenuActions, recent: readonly RecentWorkspace[], options: { mac: boolean; devTools: boolean }): MenuItemConstructorOptions[] {
  const recentItems: MenuItemConstructorOptions[] =
    recent.length === 0
      ? [{ label: 'No Recent Workspaces', enabled: false }]
      : [...recent.map((r) => ({ label: r.root ?? r.workspace, sublabel: r.workspace, click: () => actions.openRecent(r) })), { type: 'separator' as const }, { label: 'Clear Recent', click: () => actions.clearRecent() }];
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFolder() },
      { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openWorkspace() },
      { label: 'Recent Workspaces', submenu: recentItems },
      { type: 'separator' },
      options.mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { label: 'Undo', accelerator: 'CmdOrCtrl+Z', registerAccelerator: false, click: () => actions.undo() },
      { label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', registerAccelerator: false, click: () => actions.redo() },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...(options.devTools ? [{ role: 'toggleDevTools' as const }] : []),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [...(options.mac ? [{ role: 'appMenu' as const }] : []), file, edit, view, { role: 'windowMenu' }];
}

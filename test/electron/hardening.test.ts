/**
 * The Electron shell cannot be launched on these machines, so its hardening is checked where it
 * can be: Electronegativity's scan of src/main, and static checks of the sources with the
 * TypeScript API (what the preload exposes, how the window is configured), plus the parts of
 * main that need no Electron (channels, recent workspaces, the menu).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_URL, CALL_CHANNEL, EVENT_CHANNEL, isAppUrl } from '../../src/main/channels.js';
import { menuTemplate, type MenuActions } from '../../src/main/menu.js';
import { MAX_RECENT, clearRecent, readRecent, rememberRecent } from '../../src/main/recent-workspaces.js';
import { OPERATIONS } from '../../src/shared/contract.js';
// @ts-expect-error -- a plain .mjs script (also run by `npm run scan:electron`), no type declarations
import { scanElectron } from './scan-electron.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'main');
const scratch = mkdtempSync(join(tmpdir(), 'seam-electron-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Finding {
  id: string;
  severity: string;
  file: string;
  line: number;
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function collect<T extends ts.Node>(node: ts.Node, test: (n: ts.Node) => n is T): T[] {
  const out: T[] = [];
  const visit = (n: ts.Node): void => {
    if (test(n)) out.push(n);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

function calledMethod(call: ts.CallExpression): string | undefined {
  return ts.isPropertyAccessExpression(call.expression) ? call.expression.name.text : undefined;
}

function objectProps(obj: ts.ObjectLiteralExpression): Map<string, ts.Node> {
  const out = new Map<string, ts.Node>();
  for (const p of obj.properties) {
    if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) out.set(p.name.text, ts.isPropertyAssignment(p) ? p.initializer : p);
  }
  return out;
}

describe('Electronegativity on src/main', () => {
  it('finds no HIGH severity issue, scanning every source of src/main including the preload', async () => {
    const { files, errors, issues } = (await scanElectron()) as { files: string[]; errors: { tolerable: boolean }[]; issues: Finding[] };
    expect(files).toEqual(expect.arrayContaining(['main.ts', 'preload.ts', 'ipc.ts']));
    expect(errors.filter((e) => !e.tolerable)).toEqual([]);
    expect(issues.filter((i) => i.severity === 'HIGH')).toEqual([]);
  });

  it('does flag a window without context isolation (the scan works here)', async () => {
    const bad = join(scratch, 'bad-main');
    mkdirSync(bad);
    writeFileSync(join(bad, 'main.ts'), "import { BrowserWindow } from 'electron';\nconst w = new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false } });\nvoid w.loadURL('https://example.com');\n");
    const { issues } = (await scanElectron(bad)) as { issues: Finding[] };
    expect(issues.filter((i) => i.severity === 'HIGH').map((i) => i.id)).toContain('CONTEXT_ISOLATION_JS_CHECK');
  });
});

describe('the preload', () => {
  const source = parse(join(MAIN, 'preload.cts'));
  const calls = collect(source, ts.isCallExpression);

  it('exposes exactly one API, window.seam, with only call and onEvent', () => {
    const exposes = calls.filter((c) => calledMethod(c) === 'exposeInMainWorld');
    expect(exposes).toHaveLength(1);
    const [key, api] = exposes[0]!.arguments;
    expect(key && ts.isStringLiteral(key) && key.text).toBe('seam');
    expect(api && ts.isIdentifier(api)).toBe(true);
    const declaration = collect(source, ts.isVariableDeclaration).find((d) => ts.isIdentifier(d.name) && d.name.text === (api as ts.Identifier).text)!;
    expect(declaration.initializer && ts.isObjectLiteralExpression(declaration.initializer)).toBe(true);
    expect([...objectProps(declaration.initializer as ts.ObjectLiteralExpression).keys()]).toEqual(['call', 'onEvent']);
  });

  it('never hands out ipcRenderer: it only calls invoke, on and removeListener on it', () => {
    const uses = collect(source, (n): n is ts.Identifier => ts.isIdentifier(n) && n.text === 'ipcRenderer');
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) {
      const access = use.parent;
      expect(ts.isPropertyAccessExpression(access) && access.name === use).toBe(true);
      const method = access.parent;
      expect(ts.isPropertyAccessExpression(method) && ['invoke', 'on', 'removeListener'].includes(method.name.text)).toBe(true);
      expect(ts.isCallExpression(method.parent) && method.parent.expression === method).toBe(true);
    }
  });

  it('uses the channels main listens on, and accepts exactly the operations of the contract', () => {
    const constants = new Map(
      collect(source, ts.isVariableDeclaration)
        .filter((d) => ts.isIdentifier(d.name) && d.initializer !== undefined)
        .map((d) => [(d.name as ts.Identifier).text, d.initializer!]),
    );
    expect((constants.get('CALL_CHANNEL') as ts.StringLiteral).text).toBe(CALL_CHANNEL);
    expect((constants.get('EVENT_CHANNEL') as ts.StringLiteral).text).toBe(EVENT_CHANNEL);
    let names = constants.get('OPERATION_NAMES')!;
    if (ts.isSatisfiesExpression(names)) names = names.expression;
    expect((names as ts.ArrayLiteralExpression).elements.map((e) => (e as ts.StringLiteral).text)).toEqual([...OPERATIONS]);
  });

  it('compiles to a CommonJS script that requires nothing but electron (what a sandboxed preload may do)', () => {
    const built = readFileSync(join(ROOT, 'dist', 'src', 'main', 'preload.cjs'), 'utf8');
    const js = ts.createSourceFile('preload.cjs', built, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
    expect(js.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s))).toBe(false);
    const required = collect(js, ts.isCallExpression)
      .filter((c) => ts.isIdentifier(c.expression) && c.expression.text === 'require')
      .map((c) => (c.arguments[0] as ts.StringLiteral).text);
    expect(required).toEqual(['electron']);
  });
});

describe('the window and main', () => {
  const source = parse(join(MAIN, 'main.ts'));

  it('creates one window: context isolation, sandbox, no Node, web security, the compiled preload', () => {
    const windows = collect(source, ts.isNewExpression).filter((n) => n.expression.getText() === 'BrowserWindow');
    expect(windows).toHaveLength(1);
    const options = objectProps(windows[0]!.arguments![0] as ts.ObjectLiteralExpression);
    const prefs = objectProps(options.get('webPreferences') as ts.ObjectLiteralExpression);
    const literal = (name: string): string | undefined => prefs.get(name)?.getText();
    expect([literal('contextIsolation'), literal('sandbox'), literal('nodeIntegration'), literal('webSecurity'), literal('webviewTag')]).toEqual(['true', 'true', 'false', 'true', 'false']);
    expect(literal('preload')).toBe("join(import.meta.dirname, 'preload.cjs')");
  });

  it('blocks navigation and new windows, denies permissions, sets the CSP header', () => {
    const methods = collect(source, ts.isCallExpression).map(calledMethod);
    for (const m of ['setWindowOpenHandler', 'setPermissionRequestHandler', 'setPermissionCheckHandler', 'onHeadersReceived', 'handle']) expect(methods).toContain(m);
    const events = collect(source, ts.isCallExpression)
      .filter((c) => calledMethod(c) === 'on' && c.arguments[0] !== undefined && ts.isStringLiteral(c.arguments[0]))
      .map((c) => (c.arguments[0] as ts.StringLiteral).text);
    expect(events).toEqual(expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']));
  });

  it('answers IPC only in ipc.ts, through one handler', () => {
    const handlers = ['main.ts', 'ipc.ts', 'menu.ts'].flatMap((f) => collect(parse(join(MAIN, f)), ts.isCallExpression).filter((c) => c.expression.getText() === 'ipcMain.handle').map(() => f));
    expect(handlers).toEqual(['ipc.ts']);
  });

  it("treats only seam://app/ pages as the app's own", () => {
    expect(isAppUrl(APP_URL)).toBe(true);
    expect(isAppUrl('seam://app/assets/index.js')).toBe(true);
    for (const url of ['seam://evil/index.html', 'file:///etc/passwd', 'https://app/', 'http://127.0.0.1/', 'not a url', '']) expect(isAppUrl(url)).toBe(false);
  });
});

describe('recent workspaces', () => {
  const dir = join(scratch, 'userData');

  it('keeps the newest first, once each, at most ten', () => {
    for (let i = 0; i < 12; i++) rememberRecent(dir, { workspace: `/repos/r${i}/.seam/workspace.db`, root: `/repos/r${i}` });
    rememberRecent(dir, { workspace: '/repos/r5/.seam/workspace.db', root: '/repos/r5' });
    const list = readRecent(dir);
    expect(list).toHaveLength(MAX_RECENT);
    expect(list.slice(0, 3).map((r) => r.root)).toEqual(['/repos/r5', '/repos/r11', '/repos/r10']);
    clearRecent(dir);
    expect(readRecent(dir)).toEqual([]);
  });

  it('reads a damaged or foreign file as an empty list, and skips entries that are not absolute paths', () => {
    writeFileSync(join(dir, 'recent-workspaces.json'), '{ not json');
    expect(readRecent(dir)).toEqual([]);
    writeFileSync(join(dir, 'recent-workspaces.json'), JSON.stringify({ workspaces: [{ workspace: 'relative.db', root: null }, { workspace: '/ok.db', root: null }, { workspace: '/x.db', root: 7 }] }));
    expect(readRecent(dir)).toEqual([{ workspace: '/ok.db', root: null }]);
  });
});

describe('the menu', () => {
  const done: string[] = [];
  const actions: MenuActions = {
    openFolder: () => done.push('folder'),
    openWorkspace: () => done.push('workspace'),
    openRecent: (r) => done.push(`recent ${r.workspace}`),
    clearRecent: () => done.push('clear'),
    undo: () => done.push('undo'),
    redo: () => done.push('redo'),
  };
  const template = menuTemplate(actions, [{ workspace: '/r/.seam/workspace.db', root: '/r' }], { mac: false, devTools: false });
  const submenu = (label: string) => (template.find((m) => m.label === label)!.submenu as Electron.MenuItemConstructorOptions[]);

  it('has File (open folder, open workspace, recent), Edit (undo, redo) and View menus', () => {
    expect(template.map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'windowMenu']);
    expect(submenu('File').map((i) => i.label ?? i.role ?? i.type)).toEqual(['Open Folder…', 'Open Workspace…', 'Recent Workspaces', 'separator', 'quit']);
    expect(submenu('View').some((i) => i.role === 'toggleDevTools')).toBe(false);
  });

  it('routes clicks to the actions; undo and redo leave their keys to the page', () => {
    const file = submenu('File');
    const recent = file[2]!.submenu as Electron.MenuItemConstructorOptions[];
    for (const item of [file[0]!, file[1]!, recent[0]!, recent[2]!, submenu('Edit')[0]!, submenu('Edit')[1]!]) (item.click as () => void)();
    expect(done).toEqual(['folder', 'workspace', 'recent /r/.seam/workspace.db', 'clear', 'undo', 'redo']);
    expect(submenu('Edit').slice(0, 2).map((i) => [i.accelerator, i.registerAccelerator])).toEqual([['CmdOrCtrl+Z', false], ['CmdOrCtrl+Shift+Z', false]]);
  });
});

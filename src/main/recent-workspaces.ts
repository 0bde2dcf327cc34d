/**
 * Recent workspaces, newest first, kept in `recent-workspaces.json` in Electron's userData
 * folder (the caller passes the folder, so this file needs no Electron and is tested in Node).
 * The file is validated when read (anything unexpected reads as an empty list, it is only a
 * convenience) and written atomically.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

export const RECENT_FILE = 'recent-workspaces.json';
export const MAX_RECENT = 10;

export interface RecentWorkspace {
  /** absolute path of the workspace file */
  workspace: string;
  /** absolute path of the repository it analyzes, when known */
  root: string | null;
}

function isRecent(value: unknown): value is RecentWorkspace {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.workspace === 'string' && isAbsolute(v.workspace) && (v.root === null || (typeof v.root === 'string' && isAbsolute(v.root)));
}

export function readRecent(dir: string): RecentWorkspace[] {
  try {
    const doc = JSON.parse(readFileSync(join(dir, RECENT_FILE), 'utf8')) as { workspaces?: unknown };
    if (!Array.isArray(doc.workspaces)) return [];
    return doc.workspaces.filter(isRecent).slice(0, MAX_RECENT).map((r) => ({ workspace: r.workspace, root: r.root }));
  } catch {
    return [];
  }
}

/** Put `entry` first (once), keep at most MAX_RECENT, save; returns the new list. */
export function rememberRecent(dir: string, entry: RecentWorkspace): RecentWorkspace[] {
  const list = [entry, ...readRecent(dir).filter((r) => r.workspace !== entry.workspace)].slice(0, MAX_RECENT);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, RECENT_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ workspaces: list }, null, 2) + '\n');
  renameSync(tmp, file);
  return list;
}

export function clearRecent(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, RECENT_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ workspaces: [] }, null, 2) + '\n');
  renameSync(tmp, file);
}

/** Every file under `dir`, by path relative to it, with its text: what a command wrote, to compare runs. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (d.isDirectory()) continue;
    const path = join(d.parentPath, d.name);
    out[path.slice(dir.length + 1)] = readFileSync(path, 'utf8');
  }
  return out;
}

#!/usr/bin/env node
/**
 * Electronegativity (Doyensec's Electron security scanner) over src/main, through its API: its
 * CLI breaks on the commander version npm hoists here. The scanner reads .ts but not .cts, so
 * the sources are scanned from a temporary copy in which the preload is a .ts file.
 *
 *   node test/electron/scan-electron.mjs      prints every finding; exit 1 on a HIGH one
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Findings of Electronegativity on src/main: `{ id, severity, confidence, file, line, manualReview, description }`. */
export async function scanElectron(dir = join(ROOT, 'src', 'main')) {
  const run = createRequire(import.meta.url)('@doyensec/electronegativity');
  const electronVersion = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies.electron;
  const copy = mkdtempSync(join(tmpdir(), 'seam-electronegativity-'));
  const log = console.log;
  try {
    cpSync(dir, copy, { recursive: true });
    for (const f of readdirSync(copy)) if (f.endsWith('.cts')) renameSync(join(copy, f), join(copy, f.replace(/\.cts$/, '.ts')));
    console.log = () => undefined; // the scanner chats about translations and release feeds it cannot fetch offline
    const result = await run({ input: copy, isRelative: true, electronVersionOverride: electronVersion });
    return {
      files: readdirSync(copy).sort(),
      errors: result.errors,
      issues: result.issues.map((i) => ({
        id: i.id,
        severity: i.severity.name,
        confidence: i.confidence.name,
        file: i.file,
        line: i.location.line,
        manualReview: i.manualReview,
        description: i.description,
      })),
    };
  } finally {
    console.log = log;
    rmSync(copy, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { files, errors, issues } = await scanElectron();
  console.log(`electronegativity: scanned ${files.join(', ')}`);
  for (const e of errors) console.log(`  parse error in ${e.file}: ${e.message}`);
  for (const i of issues) console.log(`  ${i.severity.padEnd(6)} ${i.id} ${i.file}:${i.line}${i.manualReview ? ' (review)' : ''} — ${i.description}`);
  const high = issues.filter((i) => i.severity === 'HIGH');
  console.log(`${issues.length} findings, ${high.length} HIGH`);
  process.exitCode = high.length > 0 || errors.some((e) => !e.tolerable) ? 1 : 0;
}

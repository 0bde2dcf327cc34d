/**
 * A writer killed with SIGKILL in the middle of a large write: the workspace must open again
 * with every edit the writer reported committed. The writer is a real child process running the
 * compiled store (dist/, built by the test global setup).
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readLog } from '../../src/workspace/edit-log.js';
import { runFacts } from '../../src/workspace/runs.js';
import { insertScenario } from '../../src/workspace/scenarios.js';
import { insertRun } from '../../src/workspace/runs.js';
import { packJson } from '../../src/workspace/codec.js';
import { openStore } from '../../src/workspace/store.js';
import { decomposition, facts, tempDir } from './helpers.js';

const DIST = pathToFileURL(resolve(import.meta.dirname, '..', '..', 'dist', 'src', 'workspace')).href;
const tmp = tempDir('crash');
afterAll(() => tmp.cleanup());

/** Loops forever: two edits (a rename each, on a 20k-module decomposition), then a run of ~20k files with bulky per-file results. */
const WRITER = `
import { openStore } from '${DIST}/store.js';
import { appendEntry } from '${DIST}/edit-log.js';
import { insertRun } from '${DIST}/runs.js';
import { packJson } from '${DIST}/codec.js';
const store = openStore(process.argv[2]);
let noise = 1;
const blob = (n) => { let s = ''; for (let i = 0; i < n; i++) { noise = (noise * 1103515245 + 12345) >>> 0; s += (noise >>> 8).toString(36); } return s; };
for (let i = 1; ; i++) {
  if (i % 3 === 0) {
    const modules = Array.from({ length: 20000 }, (_, k) => ({ path: 'src/f' + k + '.ts', lines: 1, bytes: 1, language: 'ts', hash: 'h' + i + '-' + k }));
    const facts = { schemaVersion: 1, tool: { name: 'seam', version: '0.1.0' }, root: 'r', tsconfigs: [], packages: [], modules, imports: [], externalImports: [], symbols: [], routes: [], entities: [], dataAccess: [], sharedState: [], history: null, coChange: [], authors: [], diagnostics: [] };
    const files = modules.map((m) => ({ path: m.path, hash: m.hash, result: { path: m.path, noise: blob(20) } }));
    const id = store.write(() => insertRun(store, { seamVersion: '0.1.0', root: '/r', head: null, options: {}, facts, packedFacts: packJson(facts), parsedCount: 20000, files, fingerprints: new Map(), createdAt: 't' }));
    process.stdout.write('run ' + id + '\\n');
  } else {
    const name = 'name-' + i;
    const seq = appendEntry(store, 'main', (cur) => {
      const d = structuredClone(cur.decomposition);
      d.services[0].name = name;
      return { kind: 'edit', edit: { kind: 'rename', service: 'svc-a', name }, summary: name, runId: cur.runId, decomposition: d, notices: [], createdAt: 't' };
    }).seq;
    process.stdout.write('edit ' + seq + ' ' + name + '\\n');
  }
}
`;

interface Reported {
  edits: Map<number, string>;
  runs: number[];
}

/** Run the writer until it has reported `edits` edits, then SIGKILL it while it writes a run. */
function runAndKill(file: string, script: string, edits: number): Promise<Reported> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [script, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const reported: Reported = { edits: new Map(), runs: [] };
    let buffer = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const [what, id, name] = line.split(' ');
        if (killed) continue;
        if (what === 'edit') reported.edits.set(Number(id), name!);
        if (what === 'run') reported.runs.push(Number(id));
        // the edit just reported is the second of its pair: the writer is now in a large run write
        if (what === 'edit' && reported.edits.size >= edits && reported.edits.size % 2 === 0) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolvePromise(reported);
      else reject(new Error(`writer exited with ${String(code)} before being killed: ${stderr}`));
    });
  });
}

describe('a writer killed with SIGKILL', () => {
  it('leaves a workspace that opens with every committed edit and run intact', async () => {
    const file = join(tmp.dir, 'workspace.db');
    const script = join(tmp.dir, 'writer.mjs');
    writeFileSync(script, WRITER);
    const store = openStore(file, { create: true });
    store.write(() => {
      const f = facts(['src/a.ts', 'src/b.ts']);
      const runId = insertRun(store, { seamVersion: '0.1.0', root: '/r', head: null, options: {}, facts: f, packedFacts: packJson(f), parsedCount: 2, files: [], fingerprints: new Map(), createdAt: 't' });
      const modules = Array.from({ length: 20000 }, (_, k) => `src/f${k}.ts`);
      insertScenario(store, 'main', { kind: 'create', summary: 'start', runId, decomposition: decomposition({ a: modules.slice(0, 10000), b: modules.slice(10000) }), notices: [], createdAt: 't' }, true);
    });
    store.close();

    const all: Reported = { edits: new Map(), runs: [] };
    for (let round = 1; round <= 3; round++) {
      const r = await runAndKill(file, script, 6);
      for (const [seq, name] of r.edits) all.edits.set(seq, name);
      all.runs.push(...r.runs);

      // the writer died without closing: its WAL is still there for the next open to recover
      expect(existsSync(`${file}-wal`)).toBe(true);
      const reopened = openStore(file);
      const runs = reopened.db.prepare('SELECT count(*) FROM runs').pluck().get() as number;
      // killed in the middle of the run after its last report (or just after that run committed)
      expect(runs - 1 - all.runs.length).toBeLessThanOrEqual(1);
      if (process.env.SEAM_TEST_VERBOSE) console.log(`round ${round}: ${all.edits.size} edits, ${all.runs.length} runs reported; ${runs - 1} runs stored`);
      const log = readLog(reopened, 'main');
      const bySeq = new Map(log.map((e) => [e.seq, e]));
      for (const [seq, name] of all.edits) {
        expect(bySeq.get(seq)?.summary).toBe(name);
        expect(bySeq.get(seq)?.edit).toEqual({ kind: 'rename', service: 'svc-a', name });
      }
      // at most one edit committed after its last report (killed between commit and print)
      expect(log.filter((e) => e.kind === 'edit').length - all.edits.size).toBeLessThanOrEqual(1);
      for (const id of all.runs) expect(runFacts(reopened, id).modules).toHaveLength(20000);
      expect(reopened.db.pragma('quick_check', { simple: true })).toBe('ok');
      reopened.close();
    }
    expect(all.edits.size).toBeGreaterThanOrEqual(18);
    expect(all.runs.length).toBeGreaterThanOrEqual(6);
  });
});

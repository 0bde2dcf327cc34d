/**
 * Type-check, build and boot generated service skeletons, for real. Each service is compiled with
 * its own tsconfig.json as `tsc` would (all diagnostics, then emit to dist/); the programs share
 * the parsed declaration files of node_modules (fastify, prom-client, @types/node), so ten
 * services take seconds, not a minute. Seam's node_modules is linked into every service folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export const SEAM_NODE_MODULES = join(import.meta.dirname, '..', '..', 'node_modules');

export function linkNodeModules(serviceDir: string): void {
  const target = join(serviceDir, 'node_modules');
  if (!existsSync(target)) symlinkSync(SEAM_NODE_MODULES, target, 'dir');
}

const cache = new Map<string, ts.SourceFile | undefined>();

/** Diagnostics of the service's tsconfig (as `tsc -p`), formatted; empty when clean. Emits to dist/. */
export function compileService(serviceDir: string): string[] {
  const configFile = join(serviceDir, 'tsconfig.json');
  const errors: ts.Diagnostic[] = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => errors.push(d) });
  if (!parsed) return errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  const host = ts.createCompilerHost(parsed.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!fileName.includes('/node_modules/')) return read(fileName, languageVersion, onError, shouldCreate);
    const key = `${fileName}|${JSON.stringify(languageVersion)}`;
    if (!cache.has(key)) cache.set(key, read(fileName, languageVersion, onError, shouldCreate));
    return cache.get(key);
  };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host });
  const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
  const emitted = program.emit();
  const all = [...diagnostics, ...emitted.diagnostics];
  return all.map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

export interface Running {
  child: ChildProcess;
  url: string;
  logs: string[];
}

/** Start `node dist/server.js` on a free port; resolves with its URL once it logs that it listens. */
export function startService(serviceDir: string, timeoutMs = 15_000): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/server.js'], { cwd: serviceDir, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const logs: string[] = [];
    let buffer = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${serviceDir} did not start within ${timeoutMs} ms:\n${logs.join('\n')}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve({ child, url: m[1]!, logs });
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${serviceDir} exited with ${code} before listening:\n${[...logs, buffer].join('\n')}`));
    });
  });
}

/** SIGTERM, and the exit code (the skeleton shuts down cleanly with 0). */
export function stopService(r: Running): Promise<number | null> {
  return new Promise((resolve) => {
    if (r.child.exitCode !== null) return resolve(r.child.exitCode);
    r.child.removeAllListeners('exit');
    r.child.once('exit', (code) => resolve(code));
    r.child.kill('SIGTERM');
  });
}

/**
 * Run Debian's nginx on a generated gateway config, unprivileged: a wrapper nginx.conf in a temp
 * folder supplies pid, error log and temp paths, and includes the generated file inside http { }.
 */
import { spawnSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NGINX = '/usr/sbin/nginx';

export function wrapperConfig(dir: string, include: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'nginx.conf');
  writeFileSync(
    file,
    `worker_processes 1;
daemon off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')};
events { worker_connections 64; }
http {
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  access_log off;
  include ${include};
}
`,
  );
  return file;
}

/**
 * `nginx -t`: exit code and what it said. Its stdout is /dev/null: the generated config logs to
 * /dev/stdout, as containers do, and nginx opens it even when only testing.
 */
export function nginxTest(dir: string, include: string): { code: number | null; output: string } {
  const conf = wrapperConfig(dir, include);
  const r = spawnSync(NGINX, ['-t', '-p', dir, '-e', join(dir, 'error.log'), '-c', conf], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  return { code: r.status, output: r.stderr };
}

export function startNginx(dir: string, include: string): ChildProcess {
  const conf = wrapperConfig(dir, include);
  return spawn(NGINX, ['-p', dir, '-e', join(dir, 'error.log'), '-c', conf], { stdio: 'ignore' });
}

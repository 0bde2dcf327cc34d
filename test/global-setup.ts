/** Build once before the suite (the CLI tests run the compiled `seam` bin, as users do). */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  // every \`seam analyze --workspace\` a test runs stays in its own process (a resident Seam would
  // outlive the test); test/cli/daemon.test.ts turns it on for itself
  process.env.SEAM_DAEMON = '0';
  if (process.env.SEAM_SKIP_BUILD === '1') return;
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}

/** Build once before the suite (the CLI tests run the compiled `seam` bin, as users do). */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.SEAM_SKIP_BUILD === '1') return;
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}

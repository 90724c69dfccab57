// Builds the extension and the host bundle once per test run: E2E and integration tests use the real artifacts.
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from './paths';

export default function setup(): void {
  if (process.env.MAILBADGE_SKIP_BUILD === '1') return;
  execFileSync('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

// Builds everything once per test run — the Chrome and Firefox extensions, the host bundle and the release packages
// (`npm run package`): E2E, integration and release tests use the real artifacts.
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from './paths';

export default function setup(): void {
  if (process.env.MAILBADGE_SKIP_BUILD === '1') return;
  // The bundle under test has no OAuth2 client IDs of a developer's shell: tests bring their own providers.json.
  const env = { ...process.env, MAILBADGE_GOOGLE_CLIENT_ID: '', MAILBADGE_GOOGLE_CLIENT_SECRET: '', MAILBADGE_MICROSOFT_CLIENT_ID: '' };
  execFileSync('npm', ['run', '-s', 'package'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

// `doctor [--json]`: checks the whole installation and says, one line per check, that it is fine or how to fix it.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { needsFixing, formatCheck, type Check } from '../doctor/check';
import { accountChecks } from '../doctor/account-checks';
import { browserChecks } from '../doctor/browser-checks';
import { launcherPath, readLauncher } from '../install/launcher';
import { currentPlace, findBrowsers, type Platform } from '../install/locations';
import { HOST_VERSION } from '../version';
import { parseCommandArgs } from './args';
import { hostRegistry, onPath } from './install';

/** The environment the browser's host will have: ours, plus the password store the launcher pins, if any. */
function launcherEnvironment(platform: Platform, configDir: string): NodeJS.ProcessEnv {
  const launcher = launcherPath(platform, configDir);
  if (process.env.MAILBADGE_SECRETS || !existsSync(launcher)) return process.env;
  const pinned = readLauncher(readFileSync(launcher, 'utf8'))?.secrets;
  return pinned ? { ...process.env, MAILBADGE_SECRETS: pinned } : process.env;
}

export async function doctorCommand(args: string[], configDir: string, out: (line: string) => void): Promise<void> {
  const { values } = parseCommandArgs(args, { json: { type: 'boolean' } }, 'doctor [--json]');
  const place = currentPlace(homedir());
  const checks: Check[] = [
    ...(await browserChecks({ place, configDir, registry: hostRegistry(place), found: findBrowsers(place, existsSync, onPath) })),
    ...(await accountChecks(configDir, launcherEnvironment(place.platform, configDir))),
  ];
  const healthy = !needsFixing(checks);
  if (values.json) out(JSON.stringify({ version: HOST_VERSION, configDir, healthy, checks }));
  else {
    for (const check of checks) out(formatCheck(check));
    out(healthy ? 'Nothing needs fixing.' : 'Fix the lines marked FIX, then run `mailbadge-host doctor` again.');
  }
  if (!healthy) process.exitCode = 1;
}

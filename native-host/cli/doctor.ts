// `doctor [--json]`: checks the whole installation and says, one line per check, that it is fine or how to fix it.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { needsFixing, formatCheck, type Check } from '../doctor/check';
import { accountChecks } from '../doctor/account-checks';
import { browserChecks } from '../doctor/browser-checks';
import { currentPlace, findBrowsers } from '../install/locations';
import { HOST_VERSION } from '../version';
import { parseCommandArgs } from './args';
import { hostRegistry, onPath } from './install';

export async function doctorCommand(args: string[], configDir: string, out: (line: string) => void): Promise<void> {
  const { values } = parseCommandArgs(args, { json: { type: 'boolean' } }, 'doctor [--json]');
  const place = currentPlace(homedir());
  const checks: Check[] = [
    ...(await browserChecks({ place, configDir, registry: hostRegistry(place), found: findBrowsers(place, existsSync, onPath) })),
    ...(await accountChecks(configDir)),
  ];
  const healthy = !needsFixing(checks);
  if (values.json) out(JSON.stringify({ version: HOST_VERSION, configDir, healthy, checks }));
  else {
    for (const check of checks) out(formatCheck(check));
    out(healthy ? 'Nothing needs fixing.' : 'Fix the lines marked FIX, then run `mailbadge-host doctor` again.');
  }
  if (!healthy) process.exitCode = 1;
}

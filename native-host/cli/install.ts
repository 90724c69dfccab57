// `install` / `uninstall [--purge]`: register the host with browsers, or remove it (and with --purge, the user's data).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { HostError } from '../errors';
import { hostBundlePath } from '../install/launcher';
import { BROWSERS, currentPlace, findBrowsers, parseBrowsers, type Browser, type Place } from '../install/locations';
import { purge } from '../install/purge';
import { carryOut, planInstall, planUninstall, registeredBrowsers } from '../install/register';
import { NO_REGISTRY, windowsRegistry, type Registry } from '../install/registry';
import { parseCommandArgs } from './args';

const BROWSER_USAGE = `[--browser ${BROWSERS.join('|')}|all] [--dir D]`;

export function hostRegistry(place: Place): Registry {
  return place.platform === 'win32' ? windowsRegistry() : NO_REGISTRY;
}

/** Whether a program is on PATH (Linux and macOS; Windows detection uses profile folders only). */
export function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, program)));
}

export async function installCommand(args: string[], configDir: string, out: (line: string) => void): Promise<void> {
  const { values } = parseCommandArgs(args, { browser: { type: 'string' }, dir: { type: 'string' } }, `install ${BROWSER_USAGE}`);
  const place = currentPlace(homedir());
  if (values.dir && !values.browser) throw new HostError('BAD_MESSAGE', `--dir needs --browser. Usage: install ${BROWSER_USAGE}`);
  const browsers = parseBrowsers(values.browser) ?? findBrowsers(place, existsSync, onPath);
  if (browsers.length === 0) {
    throw new HostError(
      'BAD_MESSAGE',
      `No supported browser found here (looked for ${BROWSERS.join(', ')}). Name yours: mailbadge-host install --browser chrome (or ${BROWSERS.slice(1).join(', ')}, all).`,
    );
  }
  const launcher = { nodePath: process.execPath, bundlePath: hostBundlePath(), configDir, ...(process.env.MAILBADGE_SECRETS ? { secrets: process.env.MAILBADGE_SECRETS } : {}) };
  const steps = planInstall({ browsers, place, launcher, ...(values.dir ? { dir: values.dir } : {}) });
  for (const line of await carryOut(steps, hostRegistry(place))) out(line);
  out(`Registered the Mailbadge helper for ${browsers.join(', ')}; it runs ${process.execPath} (Node.js ${process.versions.node}).`);
  out('Run `mailbadge-host install` again after moving or upgrading Node.js. Check everything with: mailbadge-host doctor');
}

export async function uninstallCommand(args: string[], configDir: string, out: (line: string) => void): Promise<void> {
  const usage = `uninstall ${BROWSER_USAGE} [--purge]`;
  const { values } = parseCommandArgs(args, { browser: { type: 'string' }, dir: { type: 'string' }, purge: { type: 'boolean' } }, usage);
  if (values.purge && (values.browser || values.dir)) throw new HostError('BAD_MESSAGE', `--purge removes the helper from every browser; leave out --browser and --dir. Usage: ${usage}`);
  const place = currentPlace(homedir());
  const registry = hostRegistry(place);
  const browsers: Browser[] = parseBrowsers(values.browser) ?? [...BROWSERS];
  // The launcher stays while another browser's registration still points at it.
  const others = values.dir ? [] : registeredBrowsers(BROWSERS.filter((b) => !browsers.includes(b)), place, configDir, registry);
  const steps = planUninstall({ browsers, place, configDir, keepLauncher: Boolean(values.dir) || others.length > 0, ...(values.dir ? { dir: values.dir } : {}) });
  const done = await carryOut(steps, registry);
  for (const line of done) out(line);
  if (values.purge) await purge(configDir, place.platform, out);
  else if (done.length === 0) out('The Mailbadge helper was not registered there.');
  if (values.purge) out('Mailbadge is gone from this machine except the program itself: npm uninstall -g mailbadge-host');
}

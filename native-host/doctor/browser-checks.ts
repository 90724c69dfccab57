// Doctor's checks per browser: the manifest is there and names our launcher, the launcher runs, its Node.js is new enough.
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { EXTENSION_ID, GECKO_ID, NATIVE_HOST_NAME } from '../../lib/extension-identity';
import { launcherPath, readLauncher } from '../install/launcher';
import { BROWSERS, type Browser, type Place } from '../install/locations';
import { manifestLocation } from '../install/register';
import type { Registry } from '../install/registry';
import { fail, ok, skip, type Check } from './check';

/** The oldest Node.js the helper supports (package.json's engines). */
export const MIN_NODE_VERSION = [20, 19, 0] as const;

export interface BrowserContext {
  place: Place;
  configDir: string;
  registry: Registry;
  /** Browsers that leave a trace on this machine, registered or not. */
  found: readonly Browser[];
}

export async function browserChecks(context: BrowserContext): Promise<Check[]> {
  const checks: Check[] = [];
  for (const browser of BROWSERS) {
    const check = checkManifest(browser, context);
    if (check) checks.push(check);
  }
  if (!checks.some((check) => check.status !== 'skip')) {
    return [...checks, fail('browsers', 'the helper is registered with no browser: run `mailbadge-host install` (or add --browser firefox, chrome, …)')];
  }
  // Every manifest points at the same launcher (a wrong one has failed above), so it is checked once.
  return [...checks, ...(await launcherChecks(launcherPath(context.place.platform, context.configDir)))];
}

const reinstall = (browser?: Browser) => `run \`mailbadge-host install${browser ? ` --browser ${browser}` : ''}\``;

/** Undefined when the browser is neither here nor registered: nothing to say about it. */
function checkManifest(browser: Browser, { place, configDir, registry, found }: BrowserContext): Check | undefined {
  const location = manifestLocation(browser, place, configDir);
  const subject = `${browser} manifest`;
  let manifestPath = location.path;
  if (location.key) {
    const value = registry.get(location.key);
    if (value === undefined) return found.includes(browser) ? notRegistered(browser) : undefined;
    manifestPath = value;
  } else if (!existsSync(manifestPath)) {
    return found.includes(browser) ? notRegistered(browser) : undefined;
  }

  let manifest: { name?: unknown; path?: unknown; allowed_origins?: unknown; allowed_extensions?: unknown };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as typeof manifest;
  } catch (error) {
    return fail(subject, `${manifestPath} cannot be read (${(error as Error).message}): ${reinstall(browser)}`);
  }
  const launcher = launcherPath(place.platform, configDir);
  if (manifest.name !== NATIVE_HOST_NAME) return fail(subject, `${manifestPath} is not Mailbadge's: ${reinstall(browser)}`);
  if (manifest.path !== launcher) return fail(subject, `${manifestPath} starts ${String(manifest.path)}, not this helper's launcher ${launcher}: ${reinstall(browser)}`);
  const allowed = browser === 'firefox' ? manifest.allowed_extensions : manifest.allowed_origins;
  const wanted = browser === 'firefox' ? GECKO_ID : `chrome-extension://${EXTENSION_ID}/`;
  if (!Array.isArray(allowed) || !allowed.includes(wanted)) return fail(subject, `${manifestPath} does not allow the Mailbadge extension (${wanted}): ${reinstall(browser)}`);
  return ok(subject, manifestPath);
}

function notRegistered(browser: Browser): Check {
  return skip(`${browser} manifest`, `${browser} is here but the helper is not registered with it; if you use Mailbadge there, ${reinstall(browser)}`);
}

async function launcherChecks(launcher: string): Promise<Check[]> {
  const subject = 'launcher';
  if (!existsSync(launcher)) return [fail(subject, `${launcher} is missing: ${reinstall()}`)];
  try {
    accessSync(launcher, constants.X_OK);
  } catch {
    return [fail(subject, `${launcher} is not executable: ${reinstall()}`)];
  }
  const target = readLauncher(readFileSync(launcher, 'utf8'));
  if (!target) return [fail(subject, `${launcher} was not written by mailbadge-host install: ${reinstall()}`)];
  if (!existsSync(target.bundlePath)) return [fail(subject, `it runs ${target.bundlePath}, which is gone (moved or uninstalled): ${reinstall()}`)];
  const checks = [ok(subject, `${launcher} runs ${target.bundlePath}`)];
  const node = await nodeVersion(target.nodePath);
  const nodeSubject = 'Node.js';
  if (!node.ok) checks.push(fail(nodeSubject, `${target.nodePath} ${node.problem}: install Node.js ${MIN_NODE_VERSION.join('.')} or newer, then ${reinstall()}`));
  else if (!newEnough(node.version)) {
    checks.push(fail(nodeSubject, `${target.nodePath} is Node.js ${node.version}, older than ${MIN_NODE_VERSION.join('.')}: upgrade Node.js, then ${reinstall()}`));
  } else checks.push(ok(nodeSubject, `${target.nodePath} is ${node.version}`));
  return checks;
}

function nodeVersion(nodePath: string): Promise<{ ok: true; version: string } | { ok: false; problem: string }> {
  if (!existsSync(nodePath)) return Promise.resolve({ ok: false, problem: 'is missing' });
  return new Promise((resolve) => {
    execFile(nodePath, ['--version'], { timeout: 10_000, encoding: 'utf8', windowsHide: true }, (error, stdout) => {
      const version = stdout.trim();
      if (error || !/^v\d+\.\d+\.\d+/.test(version)) resolve({ ok: false, problem: `does not run (${error?.message.split('\n')[0] ?? `printed "${version.slice(0, 40)}"`})` });
      else resolve({ ok: true, version });
    });
  });
}

export function newEnough(version: string): boolean {
  const parts = version.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < MIN_NODE_VERSION.length; i++) {
    const have = parts[i] ?? 0;
    if (have !== MIN_NODE_VERSION[i]) return have > MIN_NODE_VERSION[i]!;
  }
  return true;
}
